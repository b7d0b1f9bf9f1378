// SPDX-License-Identifier: MIT
/*
 * test_explain.c - inputs as they come in life: repeated, damaged, cut,
 * interleaved with junk; fed in chunks of any size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "explain.h"
#include "facts.h"

static char *seed(size_t *len)
{
	char path[512];
	char *buf;

	snprintf(path, sizeof(path), "%s/examples/ceph-centos7.log", srcdir());
	buf = slurp(path, len);
	assert_non_null(buf);
	return buf;
}

struct growbuf {
	char *p;
	size_t len, cap;
};

static void put(struct growbuf *g, const void *s, size_t n)
{
	if (g->len + n > g->cap) {
		g->cap = (g->len + n) * 2;
		g->p = realloc(g->p, g->cap);
		assert_non_null(g->p);
	}
	memcpy(g->p + g->len, s, n);
	g->len += n;
}

static void puts_(struct growbuf *g, const char *s)
{
	put(g, s, strlen(s));
}

static struct bs_explain *run(const char *buf, size_t len, size_t chunk)
{
	struct bs_explain *e = bs_explain_alloc();

	assert_non_null(e);
	assert_int_equal(bs_explain_begin(e, "test"), 0);
	for (size_t off = 0; off < len; off += chunk)
		bs_explain_feed(e, buf + off, len - off < chunk ? len - off : chunk);
	bs_explain_end(e);
	return e;
}

/* 5,000 identical failures make one finding with a count. */
static void test_repeats_group(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	struct growbuf g = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;

	(void)state;
	for (int i = 0; i < 5000; i++)
		put(&g, s, len);
	e = run(g.p, g.len, 65536);
	bs_explain_get_stats(e, &st);
	assert_int_equal(st.reports, 5000);
	assert_int_equal(bs_explain_nr_groups(e), 1);
	assert_int_equal(bs_explain_group(e, 0)->count, 5000);
	assert_int_equal(bs_explain_group(e, 0)->first.line, 1);
	assert_true(bs_explain_group(e, 0)->last.line > 5000);
	bs_explain_free(e);
	free(g.p);
	free(s);
}

/* "warn_alloc: N callbacks suppressed" is counted, not lost. */
static void test_suppressed_counted(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	struct growbuf g = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;

	(void)state;
	puts_(&g, "warn_alloc_failed: 17 callbacks suppressed\n");
	put(&g, s, len);
	puts_(&g, "warn_alloc_failed: 3 callbacks suppressed\n");
	put(&g, s, len);
	e = run(g.p, g.len, 1 << 20);
	bs_explain_get_stats(e, &st);
	assert_int_equal(st.reports, 2);
	assert_int_equal(st.suppressed, 20);
	assert_int_equal(bs_explain_group(e, 0)->suppressed, 20);
	bs_explain_free(e);
	free(g.p);
	free(s);
}

/* A "callbacks suppressed" count after the last report is counted as unattached, not dropped. */
static void test_suppressed_at_end_counted(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	struct growbuf g = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;

	(void)state;
	puts_(&g, "warn_alloc: 4 callbacks suppressed\n");
	put(&g, s, len);
	puts_(&g, "warn_alloc: 9 callbacks suppressed\n");
	e = run(g.p, g.len, 1 << 20);
	bs_explain_get_stats(e, &st);
	assert_int_equal(st.reports, 1);
	assert_int_equal(st.suppressed, 13);
	assert_int_equal(st.suppressed_unattached, 9);
	assert_int_equal(bs_explain_group(e, 0)->suppressed, 4);
	bs_explain_free(e);
	free(g.p);
	free(s);
}

/* An oom_reaper line 100 lines after its kill (report closed) is counted, not lost. */
static void test_late_reaper_counted(void **state)
{
	struct growbuf g = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;

	(void)state;
	puts_(&g, "[  1.000000] a invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n");
	puts_(&g, "[  1.000001] Out of memory: Killed process 42 (hog) total-vm:100kB, anon-rss:80kB, file-rss:0kB, "
		  "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n");
	for (int i = 0; i < 100; i++)
		puts_(&g, "[  1.100000] eth0: link up\n");
	puts_(&g, "[  2.000000] oom_reaper: reaped process 42 (hog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n");
	e = run(g.p, g.len, 1 << 20);
	bs_explain_get_stats(e, &st);
	assert_int_equal(st.by_kind[BS_KIND_OOM], 1);
	assert_int_equal(st.reaper_unmatched, 1);
	bs_explain_free(e);
	free(g.p);
}

/*
 * Garbage, NUL bytes, a 1 MB line and binary junk before, between and
 * inside: both reports are still found, the damaged one says so.
 */
static void test_damaged_input(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	struct growbuf g = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;
	char *big = malloc(1 << 20);
	char junk[4096];
	const char *mid = strstr(s, "Mem-Info:");

	(void)state;
	assert_non_null(big);
	assert_non_null(mid);
	memset(big, 'A', 1 << 20);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)((i * 7919u) & 0xff);
	put(&g, junk, sizeof(junk));
	puts_(&g, "\n");
	put(&g, big, 1 << 20);
	puts_(&g, "\n");
	/* first report with NUL bytes and a 1 MB line inside its call trace */
	put(&g, s, (size_t)(mid - s));
	put(&g, "\0\0\0garbage\0\n", 13);
	put(&g, big, 1 << 20);
	puts_(&g, "\n");
	put(&g, mid, len - (size_t)(mid - s));
	put(&g, junk, sizeof(junk));
	puts_(&g, "\n");
	put(&g, s, len);
	e = run(g.p, g.len, 4093);
	bs_explain_get_stats(e, &st);
	assert_int_equal(st.reports, 2);
	assert_true(st.truncated_lines >= 1);
	assert_true(st.binary_lines >= 1);
	assert_int_equal(bs_explain_nr_groups(e), 1);
	assert_non_null(bs_explain_group(e, 0)->rep);
	assert_int_equal(bs_explain_group(e, 0)->rep->nr_zones, 4);
	bs_explain_free(e);
	free(big);
	free(g.p);
	free(s);
}

/* A report cut before its zone lines is delivered, marked cut, and analysed. */
static void test_cut_report(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	const char *cut = strstr(s, "Node 0 DMA free:");
	struct bs_explain *e;
	struct bs_analysis *a = calloc(1, sizeof(*a));
	const struct bs_group *g;

	(void)state;
	assert_non_null(cut);
	assert_non_null(a);
	e = run(s, (size_t)(cut - s), 100);
	assert_int_equal(bs_explain_nr_groups(e), 1);
	g = bs_explain_group(e, 0);
	assert_true(g->rep->gaps & BS_GAP_NO_ZONES);
	assert_true(g->rep->gaps & BS_GAP_CUT);
	assert_int_equal(bs_analyze(g->rep, NULL, a), 0);
	assert_int_equal(a->cause, BS_CAUSE_UNKNOWN);
	assert_non_null(strstr(a->missing, "zone lines"));
	assert_int_equal(a->rep->order, 5);
	bs_explain_free(e);
	free(a);
	free(s);
}

/* Every chunk size gives the same answer (1-byte chunks included). */
static void test_chunking(void **state)
{
	size_t len = 0;
	char *s = seed(&len);
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 4096 };

	(void)state;
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct bs_explain *e = run(s, len, chunks[i]);
		const struct bs_group *g;

		assert_int_equal(bs_explain_nr_groups(e), 1);
		g = bs_explain_group(e, 0);
		assert_int_equal(g->rep->nr_zones, 4);
		assert_int_equal(g->rep->zones[3].buddy.nr_free[0], 241701);
		assert_int_equal(g->rep->nr_frames, 20);
		bs_explain_free(e);
	}
	free(s);
}

/* Feed @text as one whole input named @name. */
static void feed_input(struct bs_explain *e, const char *name, const char *text)
{
	assert_int_equal(bs_explain_begin(e, name), 0);
	bs_explain_feed(e, text, strlen(text));
	bs_explain_end(e);
}

/*
 * The timeline holds each minute once, in time order, however the inputs
 * were ordered: a later file that goes back in time is merged, not appended.
 */
static void test_timeline_minutes_merged(void **state)
{
	static const char slub[] = "SLUB: Unable to allocate memory on node -1, gfp=0x20(GFP_ATOMIC)\n";
	char a[256], b[512];
	struct bs_explain *e = bs_explain_alloc();
	const struct bs_timeline_bucket *tl;
	size_t n;

	(void)state;
	assert_non_null(e);
	snprintf(a, sizeof(a), "[  200.000000] %s", slub);
	snprintf(b, sizeof(b), "[  100.000000] %s[  201.000000] %s[  239.000000] %s", slub, slub, slub);
	feed_input(e, "a", a);
	feed_input(e, "b", b);
	tl = bs_explain_timeline(e, &n);
	assert_int_equal(n, 2);
	assert_false(tl[0].wall);
	assert_int_equal(tl[0].minute, 1);
	assert_int_equal(tl[0].n[BS_KIND_SLUB_FAILURE], 1);
	assert_int_equal(tl[1].minute, 3);
	assert_int_equal(tl[1].n[BS_KIND_SLUB_FAILURE], 3);
	bs_explain_free(e);
}

/*
 * One failure a minute for three days: 4,320 minutes, so the timeline
 * grows through many realloc()s (it once read the moved bucket and
 * crashed).  Every minute is kept once, in order, with its one report.
 */
static void test_timeline_three_days(void **state)
{
	static const char slub[] = "SLUB: Unable to allocate memory on node -1, gfp=0x20(GFP_ATOMIC)\n";
	enum { MINUTES = 3 * 24 * 60 };
	struct growbuf g = { 0 };
	const struct bs_timeline_bucket *tl;
	struct bs_explain *e;
	size_t n;
	char line[160];

	(void)state;
	for (int m = 0; m < MINUTES; m++) {
		snprintf(line, sizeof(line), "[%6d.000000] %s", 60 * m + 1, slub);
		puts_(&g, line);
	}
	e = run(g.p, g.len, 4096);
	tl = bs_explain_timeline(e, &n);
	assert_int_equal(n, MINUTES);
	for (size_t i = 0; i < n; i++) {
		assert_false(tl[i].wall);
		assert_int_equal(tl[i].minute, (int64_t)i);
		assert_int_equal(tl[i].n[BS_KIND_SLUB_FAILURE], 1);
	}
	bs_explain_free(e);
	free(g.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_group),
		cmocka_unit_test(test_suppressed_counted),
		cmocka_unit_test(test_suppressed_at_end_counted),
		cmocka_unit_test(test_late_reaper_counted),
		cmocka_unit_test(test_damaged_input),
		cmocka_unit_test(test_cut_report),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_timeline_minutes_merged),
		cmocka_unit_test(test_timeline_three_days),
	};

	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
