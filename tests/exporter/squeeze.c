// SPDX-License-Identifier: MIT
/*
 * squeeze.c - make the kernel fail order-9 allocations on purpose, for the
 * `exporter --trace` test (root only).
 *
 * A child locks 2 GiB and unmaps every other 32 KiB of it: about 1 GiB of
 * free memory that no order-9 block can form in and compaction may not
 * repair (vm.compact_unevictable_allowed=0 keeps it off the locked pages).
 * Then the hugetlb pool is asked for every free order-9 block plus 32;
 * the last ones go through direct reclaim and compaction and fail
 * silently (__GFP_RETRY_MAYFAIL|__GFP_NOWARN), which /proc/vmstat counts
 * as htlb_buddy_alloc_fail.  Memory never drops below the holes, so the
 * rest of the machine is not squeezed.  Both sysctls are put back before
 * exit, whatever happened.
 *
 * Prints "htlb_buddy_alloc_fail N" and "compact_stall N": the deltas the
 * kernel counted while it ran, the oracle the test compares with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUGE "/proc/sys/vm/nr_hugepages"
#define UNEVICT "/proc/sys/vm/compact_unevictable_allowed"

static long vmstat(const char *name)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[64];
	long v, r = -1;

	while (f && fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, name))
			r = v;
	if (f)
		fclose(f);
	return r;
}

static long get_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f && fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

static int put_long(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	fprintf(f, "%ld\n", v);
	rc = fclose(f);
	return rc ? -1 : 0;
}

/* Free memory in order-9 blocks, counting larger blocks as several (/proc/buddyinfo). */
static long order9_blocks(void)
{
	FILE *f = fopen("/proc/buddyinfo", "r");
	char zone[32];
	long n = 0, count;
	int node;

	while (f && fscanf(f, " Node %d, zone %31s", &node, zone) == 2)
		for (int o = 0; fscanf(f, "%ld", &count) == 1; o++)
			if (o >= 9)
				n += count << (o - 9);
	if (f)
		fclose(f);
	return n;
}

/* The holes: a child holding 2 GiB locked with every other 32 KiB unmapped, until @release closes. */
static pid_t make_holes(int *release)
{
	const size_t len = 2ul << 30, step = 32 << 10;
	int up[2], down[2];
	char c;
	pid_t pid;

	if (pipe(up) || pipe(down))
		return -1;
	pid = fork();
	if (pid == 0) {
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED || madvise(m, len, MADV_NOHUGEPAGE) || mlock(m, len))
			_exit(1);	/* mlock faults every page in */
		for (size_t off = 0; off < len; off += 2 * step)
			munmap(m + off, step);
		if (write(up[1], "y", 1) != 1)
			_exit(1);
		close(down[1]);
		while (read(down[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	if (pid < 0 || read(up[0], &c, 1) != 1) {
		close(down[1]);
		return -1;
	}
	close(up[0]);
	*release = down[1];
	return pid;
}

int main(void)
{
	long huge = get_long(HUGE), unevict = get_long(UNEVICT);
	long fail0 = vmstat("htlb_buddy_alloc_fail"), stall0 = vmstat("compact_stall");
	int release = -1, rc = 0;
	pid_t holes;

	if (huge < 0 || unevict < 0 || fail0 < 0 || stall0 < 0) {
		fprintf(stderr, "squeeze: no hugetlb pool or compaction counters on this kernel\n");
		return 2;
	}
	holes = make_holes(&release);
	if (holes < 0) {
		fprintf(stderr, "squeeze: could not lock 2 GiB with holes\n");
		return 2;
	}
	if (put_long(UNEVICT, 0) != 0)
		rc = 2;
	/* the pool stops growing at its first failure: ask again until the kernel counts one */
	for (int i = 0; rc == 0 && i < 16 && vmstat("htlb_buddy_alloc_fail") == fail0; i++) {
		long want = get_long(HUGE) + order9_blocks() + 32;

		put_long(HUGE, want);
		if (get_long(HUGE) < want)
			break;
	}
	if (put_long(HUGE, huge) != 0 || put_long(UNEVICT, unevict) != 0) {
		fprintf(stderr, "squeeze: could not restore %s=%ld and %s=%ld\n", HUGE, huge, UNEVICT, unevict);
		rc = 1;
	}
	close(release);
	waitpid(holes, NULL, 0);
	printf("htlb_buddy_alloc_fail %ld\ncompact_stall %ld\n", vmstat("htlb_buddy_alloc_fail") - fail0,
	       vmstat("compact_stall") - stall0);
	return rc;
}
