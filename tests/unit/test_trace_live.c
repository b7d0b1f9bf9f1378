// SPDX-License-Identifier: MIT
/*
 * test_trace_live.c - bs_trace_session on this machine's kernel, as root:
 * provoke the events, then check what trace reports about them.
 *
 *  - failed order-9 allocations and direct compaction: a child maps 2 GiB,
 *    mlocks it and unmaps 32 KiB of every 64 KiB, so free memory is full
 *    of holes compaction may not fill (compact_unevictable_allowed=0);
 *    then the hugetlb pool asks for every free order-9 block plus 32: the
 *    last ones must come from compaction and reclaim, and fail silently
 *    (__GFP_RETRY_MAYFAIL|__GFP_NOWARN).  Memory never drops below the
 *    holes (about 1 GiB), so nobody else on the machine is squeezed.
 *  - memcg reclaim: a child in a memory cgroup (v2 memory.max when the
 *    unified hierarchy has the controller, else v1) limited to 16 MiB reads
 *    a 64 MiB file on disk whose page cache was dropped first: clean page
 *    cache is reclaimed, no swap needed, no OOM kill.
 *  - both check what trace decoded against the kernel: the vmstat counters
 *    and the instance's own text `trace` file of the same ring buffer.
 *  - SIGKILL: a run killed mid-trace leaves the global tracing state as it
 *    was, and the next run removes its instance.
 *
 * Every global touched (nr_hugepages, compact_unevictable_allowed, the
 * tracefs mount, the cgroup) is restored.  Each test takes a few seconds.
 * Not root: said loudly, skipped.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "trace.h"
#include "trace/trace_internal.h"

#define TRACING "/sys/kernel/tracing"

static bool we_mounted;

static int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int setup(void **state)
{
	char buf[64];

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "cannot test: not root; the live trace tests need root\n");
		return 0;
	}
	if (read_str(TRACING "/tracing_on", buf, sizeof(buf)) != 0) {
		if (mount("nodev", TRACING, "tracefs", 0, NULL) != 0) {
			fprintf(stderr, "cannot test: mount tracefs: %s\n", strerror(errno));
			return 0;
		}
		we_mounted = true;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (we_mounted)
		umount2(TRACING, 0);
	return 0;
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

/* A live session on @t; fails the test when it cannot start. */
static struct bs_trace_session *open_session(struct bs_trace *t)
{
	char err[512];
	struct bs_trace_session *s = bs_trace_session_open(t, NULL, err, sizeof(err));

	if (!s)
		fail_msg("cannot test: bs_trace_session_open: %s", err);
	return s;
}

/* --- failed allocations and compaction --------------------------------- */

static int64_t vmstat_delta(const struct bs_trace *t, const char *name)
{
	for (size_t i = 0; i < t->nr_vmstat; i++)
		if (!strcmp(t->vmstat[i].name, name) && t->vmstat[i].have_start && t->vmstat[i].have_end)
			return (int64_t)(t->vmstat[i].end - t->vmstat[i].start);
	return -1;
}

/* Free blocks of order >= 9 in all zones, in order-9 units (/proc/buddyinfo). */
static long free_order9_blocks(void)
{
	FILE *f = fopen("/proc/buddyinfo", "r");
	char line[512];
	long blocks = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "zone");
		int o = 0;

		if (!p)
			continue;
		p += 4;
		while (*p == ' ')
			p++;
		p = strchr(p, ' ');	/* past the zone name */
		for (char *end; p && *p; p = end, o++) {
			long n = strtol(p, &end, 10);

			if (end == p)
				break;
			if (o >= 9)
				blocks += n << (o - 9);
		}
	}
	fclose(f);
	return blocks;
}

/* MemFree of /proc/meminfo in MiB, 0 when unreadable. */
static long mem_free_mb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb / 1024;
}

/* A /proc/vmstat counter now, -1 when absent. */
static long vmstat_now(const char *name)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[64];
	long v, found = -1;

	while (f && fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, name)) {
			found = v;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

static const char *cur_huge(void)
{
	static char buf[32];

	if (read_str("/proc/sys/vm/nr_hugepages", buf, sizeof(buf)) != 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* The fragmenter: 2 GiB locked, every other 32 KiB unmapped; exits on EOF. */
static pid_t fragment(int *go)
{
	const size_t len = 2ul << 30, hole = 32 << 10;
	int ready[2], wait[2];
	pid_t pid;
	char c;

	if (pipe(ready) || pipe(wait))
		return -1;
	pid = fork();
	if (pid == 0) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		close(ready[0]);
		close(wait[1]);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, len, MADV_NOHUGEPAGE);
		for (size_t i = 0; i < len; i += 4096)
			p[i] = 1;
		if (mlock(p, len) != 0)
			_exit(2);
		for (size_t off = 0; off < len; off += 2 * hole)
			munmap(p + off, hole);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		while (read(wait[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(wait[0]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		close(wait[1]);
		return -1;
	}
	close(ready[0]);
	*go = wait[1];
	return pid;
}

/*
 * The mm_page_alloc lines of this run's instance's text `trace` file, which
 * the kernel prints from the same ring buffer through its own iterator:
 * the reference our raw-page decode must agree with.  Their orders are
 * counted into @orders.
 */
static long text_trace_allocs(long orders[BS_TRACE_ORDERS])
{
	char path[128], line[4096];
	FILE *f;
	long n = 0;

	snprintf(path, sizeof(path), TRACING "/instances/buddyscope-%d/trace", (int)getpid());
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *o = strstr(line, " mm_page_alloc: ") ? strstr(line, " order=") : NULL;
		long order;

		if (!o)
			continue;
		n++;
		order = strtol(o + strlen(" order="), NULL, 10);
		if (order >= 0 && order < BS_TRACE_ORDERS)
			orders[order]++;
	}
	fclose(f);
	return n;
}

static void test_live_failures_and_compaction(void **state)
{
	/* the pool grows in this task: --pid keeps other tasks' failures out */
	struct bs_trace_opts o = { .min_order = 1, .stacks = true, .pid = (int)getpid() };
	struct bs_trace *t;
	struct bs_trace_session *s;
	char old_huge[32], old_unevict[32], want[32] = "";
	long blocks, text_orders[BS_TRACE_ORDERS] = { 0 }, text_n;
	int go = -1;
	pid_t frag;
	uint64_t hugetlb_fails = 0;

	(void)state;
	need_root();
	t = bs_trace_alloc(&o);
	assert_non_null(t);
	if (read_str("/proc/sys/vm/nr_hugepages", old_huge, sizeof(old_huge)) ||
	    read_str("/proc/sys/vm/compact_unevictable_allowed", old_unevict, sizeof(old_unevict)))
		fail_msg("cannot test: no hugetlb or compaction sysctls on this kernel");
	s = open_session(t);
	frag = fragment(&go);
	assert_true(frag > 0);
	assert_int_equal(write_str("/proc/sys/vm/compact_unevictable_allowed", "0"), 0);
	/*
	 * The kernel stops growing the pool at the first failure: grow until
	 * one happens.  The fragmenter's 1 GiB of holes cannot go to the pool
	 * (no order-9 block forms there), so MemFree stays near a GiB however
	 * much the pool takes; the floor only guards against that going wrong.
	 */
	long fails0 = vmstat_now("htlb_buddy_alloc_fail");

	for (int i = 0; i < 16 && mem_free_mb() > 512 &&
			vmstat_now("htlb_buddy_alloc_fail") == fails0; i++) {
		blocks = free_order9_blocks();
		if (blocks < 0)
			break;	/* then htlb_buddy_alloc_fail stays 0: the test fails below */
		snprintf(want, sizeof(want), "%ld", atol(cur_huge()) + blocks + 32);
		write_str("/proc/sys/vm/nr_hugepages", want);	/* a short write is fine */
		if (atol(cur_huge()) < atol(want))
			break;
	}
	fprintf(stderr, "hugetlb pool: asked %s, got %s; MemFree %ld MiB\n", want, cur_huge(), mem_free_mb());
	/* restore before any assertion can return early */
	assert_int_equal(write_str("/proc/sys/vm/nr_hugepages", old_huge), 0);
	assert_int_equal(write_str("/proc/sys/vm/compact_unevictable_allowed", old_unevict), 0);
	close(go);
	waitpid(frag, NULL, 0);
	text_n = text_trace_allocs(text_orders);
	assert_int_equal(bs_trace_session_close(s), 0);
	assert_int_equal(bs_trace_finish(t), 0);

	assert_true(vmstat_delta(t, "htlb_buddy_alloc_fail") > 0);
	assert_true(vmstat_delta(t, "compact_stall") > 0);
	/* every failure the kernel printed arrived intact through the raw pages */
	assert_true(text_n > 0);
	assert_int_equal(t->counts[BS_TEV_PAGE_ALLOC], (uint64_t)text_n);
	assert_int_equal(bs_trace_nr_failures(t), (uint64_t)text_n);
	for (size_t i = 0; i < t->nr_sites; i++) {
		const struct bs_site *site = &t->sites[i];
		struct bs_gfp_decoded d;

		bs_gfp_decode(t->gfp, site->gfp, &d);
		assert_in_range(site->order, 1, BS_TRACE_ORDERS - 1);
		assert_true(text_orders[site->order] >= (long)site->count);
		/* alloc_buddy_hugetlb_folio: order 9, silent, may fail, this node */
		if (site->order == 9 && bs_gfp_is(&d, BS_GFP_RETRY_MAYFAIL) && bs_gfp_is(&d, BS_GFP_NOWARN) &&
		    bs_gfp_is(&d, BS_GFP_THISNODE) && site->stack)
			hugetlb_fails += site->count;
	}
	/* ours, at most all of the machine's (another task may grow a pool too) */
	assert_true(hugetlb_fails > 0);
	assert_true(hugetlb_fails <= (uint64_t)vmstat_delta(t, "htlb_buddy_alloc_fail"));
	assert_true(t->compact_tries[9] > 0);
	assert_int_equal(t->nr_gfp_mismatch, 0);
	assert_false(bs_trace_partial(t));
	bs_trace_free(t);
}

/* --- memcg reclaim --------------------------------------------------------- */

struct cg {
	char dir[PATH_MAX];
	char procs[PATH_MAX + 16];
	bool v2;
};

/* Where a filesystem of @type is mounted (the first one), or false. */
static bool mount_of(const char *type, char *dir, size_t len)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	char mnt[PATH_MAX], fstype[64];
	bool found = false;

	while (f && !found && fscanf(f, "%*s %4095s %63s %*[^\n]", mnt, fstype) == 2)
		if (!strcmp(fstype, type) && strlen(mnt) < len) {
			strcpy(dir, mnt);
			found = true;
		}
	if (f)
		fclose(f);
	return found;
}

/*
 * A memory cgroup limited to @limit bytes: cgroup v2 (memory.max) when the
 * unified hierarchy delegates the memory controller to its children, else
 * the v1 memory hierarchy (memory.limit_in_bytes).  Nothing global changes:
 * only the new child is configured, and cg_remove() takes it away.
 */
static int cg_create(struct cg *cg, long limit)
{
	char root[PATH_MAX - 64], path[PATH_MAX + 32], val[256];

	snprintf(val, sizeof(val), "%ld", limit);
	if (mount_of("cgroup2", root, sizeof(root))) {
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control", root);
		if (read_str(path, val + 32, sizeof(val) - 32) == 0 && strstr(val + 32, "memory")) {
			snprintf(cg->dir, sizeof(cg->dir), "%s/bs-trace-test-%d", root, (int)getpid());
			cg->v2 = true;
		}
	}
	if (!cg->v2) {
		snprintf(cg->dir, sizeof(cg->dir), "/sys/fs/cgroup/memory");
		if (access(cg->dir, F_OK) != 0 && !mount_of("cgroup", cg->dir, sizeof(cg->dir)))
			return -1;
		snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", cg->dir);
		if (access(path, F_OK) != 0)
			return -1;
		snprintf(cg->dir + strlen(cg->dir), sizeof(cg->dir) - strlen(cg->dir),
			 "/bs-trace-test-%d", (int)getpid());
	}
	if (mkdir(cg->dir, 0755) != 0)
		return -1;
	snprintf(cg->procs, sizeof(cg->procs), "%s/cgroup.procs", cg->dir);
	snprintf(path, sizeof(path), "%s/%s", cg->dir, cg->v2 ? "memory.max" : "memory.limit_in_bytes");
	return write_str(path, val);
}

/* Remove the cgroup (its tasks have exited); true when it is gone. */
static bool cg_remove(const struct cg *cg)
{
	for (int i = 0; i < 100; i++) {
		if (rmdir(cg->dir) == 0 || errno == ENOENT)
			return true;
		usleep(10000);	/* a reaped task may take a moment to leave */
	}
	return false;
}

/*
 * A child named bs-memcg-test that joins @cg and reads @file through its
 * page cache, then says so on @done and waits for EOF on @hold: it stays
 * alive until the session has looked up its name.
 */
static pid_t read_in_cgroup(const struct cg *cg, const char *file, int *done, int *hold)
{
	int d[2], h[2];
	pid_t pid;

	if (pipe(d) || pipe(h))
		return -1;
	pid = fork();
	if (pid == 0) {
		static char buf[1 << 16];
		char me[32], c;
		int fd;

		close(d[0]);
		close(h[1]);
		prctl(PR_SET_NAME, "bs-memcg-test");
		snprintf(me, sizeof(me), "%d", (int)getpid());
		if (write_str(cg->procs, me) != 0)
			_exit(2);
		fd = open(file, O_RDONLY);
		if (fd < 0)
			_exit(3);
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		if (write(d[1], "r", 1) != 1)
			_exit(4);
		while (read(h[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(d[1]);
	close(h[0]);
	*done = d[0];
	*hold = h[1];
	return pid;
}

/*
 * A task over its memory cgroup's limit reclaims in its own context: a
 * clean page cache file four times the limit, read from disk (not tmpfs,
 * whose pages are anonymous and would need swap), makes the charge reclaim
 * the file's older pages; no OOM, no global pressure.
 */
static void test_live_memcg_reclaim(void **state)
{
	struct bs_trace *t;
	struct bs_trace_session *s;
	char file[] = "bs-trace-test-XXXXXX", chunk[65536], c;
	struct cg cg = { 0 };
	int fd, status = -1, done = -1, hold = -1;
	const struct bs_stall *st;
	bool named = false;
	pid_t child;

	(void)state;
	need_root();
	t = bs_trace_alloc(NULL);
	assert_non_null(t);
	if (cg_create(&cg, 16 << 20) != 0) {
		if (cg.dir[0])
			rmdir(cg.dir);
		fail_msg("cannot test: no memory cgroup (v2 with the memory controller, or v1) to limit");
	}
	fprintf(stderr, "memcg: cgroup %s\n", cg.v2 ? "v2" : "v1");
	fd = mkstemp(file);
	assert_true(fd >= 0);
	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 1024; i++)	/* 64 MiB */
		assert_int_equal(write(fd, chunk, sizeof(chunk)), (int)sizeof(chunk));
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);	/* clean, so it goes */
	close(fd);
	s = open_session(t);
	child = read_in_cgroup(&cg, file, &done, &hold);
	assert_true(child > 0);
	if (read(done, &c, 1) == 1)
		bs_trace_session_drain(s);	/* names the child while it lives */
	close(done);
	close(hold);
	waitpid(child, &status, 0);
	assert_int_equal(bs_trace_session_close(s), 0);
	unlink(file);
	assert_true(cg_remove(&cg));
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(bs_trace_finish(t), 0);

	st = &t->stall[BS_STALL_MEMCG_RECLAIM];
	fprintf(stderr, "memcg: %llu reclaims, %llu pages\n", (unsigned long long)st->all.count,
		(unsigned long long)st->all.pages);
	assert_true(st->all.count > 0);
	/* the limit is 16 MiB of a 64 MiB file: at least 48 MiB went */
	assert_true(st->all.pages >= (48 << 20) / 4096);
	for (size_t i = 0; i < st->nr_comm; i++)
		if (!strcmp(st->by_comm[i].comm, "bs-memcg-test"))
			named = true;
	assert_true(named);
	bs_trace_free(t);
}

/* --- SIGKILL leaves no trace ------------------------------------------------- */

struct global_state {
	char tracing_on[16], current_tracer[64], set_event[4096], enable[16], instances[4096];
};

static void read_global(struct global_state *g)
{
	read_str(TRACING "/tracing_on", g->tracing_on, sizeof(g->tracing_on));
	read_str(TRACING "/current_tracer", g->current_tracer, sizeof(g->current_tracer));
	read_str(TRACING "/set_event", g->set_event, sizeof(g->set_event));
	read_str(TRACING "/events/enable", g->enable, sizeof(g->enable));
}

static bool instance_exists(pid_t pid)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), TRACING "/instances/buddyscope-%d", (int)pid);
	return stat(path, &st) == 0;
}

static void test_live_sigkill_cleanup(void **state)
{
	struct global_state before, after;
	struct bs_trace *t;
	struct bs_trace_session *s;
	int ready[2];
	char c, want[128];
	bool noted = false;
	pid_t child;

	(void)state;
	need_root();
	read_global(&before);
	assert_int_equal(pipe(ready), 0);
	child = fork();
	if (child == 0) {
		struct bs_trace *ct = bs_trace_alloc(NULL);
		char err[256];

		close(ready[0]);
		if (!ct || !bs_trace_session_open(ct, NULL, err, sizeof(err)))
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_true(instance_exists(child));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	read_global(&after);
	assert_string_equal(before.tracing_on, after.tracing_on);
	assert_string_equal(before.current_tracer, after.current_tracer);
	assert_string_equal(before.set_event, after.set_event);
	assert_string_equal(before.enable, after.enable);
	assert_true(instance_exists(child));	/* stale until the next run */

	t = bs_trace_alloc(NULL);
	assert_non_null(t);
	s = open_session(t);
	assert_false(instance_exists(child));
	snprintf(want, sizeof(want), "removed instance buddyscope-%d", (int)child);
	for (size_t i = 0; i < bs_trace_nr_notes(t); i++)
		if (strstr(bs_trace_note_at(t, i), want))
			noted = true;
	assert_true(noted);
	assert_true(instance_exists(getpid()));
	assert_int_equal(bs_trace_session_close(s), 0);
	assert_false(instance_exists(getpid()));
	read_global(&after);
	assert_string_equal(before.set_event, after.set_event);
	bs_trace_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_sigkill_cleanup),
		cmocka_unit_test(test_live_memcg_reclaim),
		cmocka_unit_test(test_live_failures_and_compaction),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
