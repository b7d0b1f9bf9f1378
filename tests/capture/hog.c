// SPDX-License-Identifier: MIT
/*
 * hog.c - put the page allocator of this machine into a real unhealthy
 * state and hold it there until told to stop, so that `buddyscope
 * snapshot` can capture it (tests/capture/capture.sh drives it).
 *
 *   hog [--until-free KB] [--until-avail KB] [--max MB] [--punch] [--thp MB] [--hold]
 *
 * Fills memory with order-0 anonymous pages (MADV_NOHUGEPAGE) in 32 MB
 * steps until MemFree or MemAvailable falls to the given kB, or --max MB
 * are held; --punch then frees every other page (MADV_DONTNEED), so each
 * freed page keeps an allocated buddy and cannot merge; --thp then faults
 * MB of MADV_HUGEPAGE memory, which takes the free pageblock-sized blocks
 * left (run it with THP defrag "never" so that no compaction undoes the
 * punching).  Prints "ready <MB held>" and waits for a line on stdin;
 * with --hold it meanwhile takes a MB more whenever MemFree climbs back
 * above --until-free, so kswapd cannot lift free memory off the marks.
 * Its oom_score_adj is 1000: if anything is killed, it is the hog.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#define STEP (32ul << 20)
#define MAX_STEPS 4096

/* MemFree and MemAvailable in kB; false when meminfo cannot be read. */
static int meminfo(unsigned long *free_kb, unsigned long *avail_kb)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "MemFree: %lu", free_kb);
		sscanf(line, "MemAvailable: %lu", avail_kb);
	}
	fclose(f);
	return 1;
}

static void oom_first(void)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "w");

	if (f) {
		fputs("1000\n", f);
		fclose(f);
	}
}

/*
 * --hold: until stdin has a line, take another MB whenever MemFree rises
 * above @until_free (kswapd freed page cache), at most @left_mb more, so
 * that free memory stays at the target as under a real workload.
 */
static int keep_pressing(unsigned long until_free, unsigned long left_mb, long page)
{
	struct pollfd in = { .fd = 0, .events = POLLIN };
	unsigned long fr = 0, av = 0;

	while (poll(&in, 1, 2) == 0) {
		char *mb;

		if (!meminfo(&fr, &av) || fr <= until_free || !left_mb)
			continue;
		mb = mmap(NULL, 1ul << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mb == MAP_FAILED)
			continue;
		madvise(mb, 1ul << 20, MADV_NOHUGEPAGE);
		for (size_t off = 0; off < (1ul << 20); off += (size_t)page)
			mb[off] = 1;
		left_mb--;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long until_free = 0, until_avail = 0, max_mb = 20480, thp_mb = 0, n = 0;
	static char *chunk[MAX_STEPS];
	long page = sysconf(_SC_PAGESIZE);
	int punch = 0, done = 0, hold = 0;
	char line[16];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--until-free") && i + 1 < argc)
			until_free = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--until-avail") && i + 1 < argc)
			until_avail = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--max") && i + 1 < argc)
			max_mb = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--thp") && i + 1 < argc)
			thp_mb = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--hold"))
			hold = 1;
		else if (!strcmp(argv[i], "--punch"))
			punch = 1;
		else {
			fprintf(stderr, "usage: hog [--until-free KB] [--until-avail KB] [--max MB] [--punch] [--thp MB] [--hold]\n");
			return 2;
		}
	}
	oom_first();
	while (!done && n < MAX_STEPS && n * (STEP >> 20) < max_mb) {
		unsigned long fr = ~0ul, av = ~0ul;
		int near;

		if (!meminfo(&fr, &av) || fr <= until_free || av <= until_avail)
			break;
		chunk[n] = mmap(NULL, STEP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (chunk[n] == MAP_FAILED)
			break;
		madvise(chunk[n], STEP, MADV_NOHUGEPAGE);
		/* near the target, look every MB: one step is more than min..low of a small zone */
		near = fr <= until_free + (1ul << 20) || av <= until_avail + (1ul << 20);
		for (size_t off = 0; off < STEP && !done; off += (size_t)page) {
			chunk[n][off] = 1;
			if (near && !((off + (size_t)page) & ((1ul << 20) - 1)))
				done = !meminfo(&fr, &av) || fr <= until_free || av <= until_avail;
		}
		n++;
	}
	for (unsigned long i = 0; punch && i < n; i++)
		for (size_t off = 0; off < STEP; off += 2 * (size_t)page)
			madvise(chunk[i] + off, (size_t)page, MADV_DONTNEED);
	if (thp_mb) {
		size_t len = thp_mb << 20;
		char *t = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (t != MAP_FAILED) {
			madvise(t, len, MADV_HUGEPAGE);
			for (size_t off = 0; off < len; off += 2ul << 20)
				t[off] = 1;
		}
	}
	printf("ready %lu\n", n * (STEP >> 20));
	fflush(stdout);
	if (hold && until_free)
		return keep_pressing(until_free, max_mb - n * (STEP >> 20), page);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return 0;
}
