// SPDX-License-Identifier: MIT
/*
 * test_logline.c - the input layer: every wrapper, chunk boundaries, escapes,
 * CR, binary bytes, overlong lines, the year guess and the counters.
 *
 * Fixtures: tests/fixtures/wrappers/ holds the seed report wrapped in each
 * format, and expected.txt, the kernel lines they must all reduce to.  The
 * directory is found from the current directory (the repository root) or
 * from $BS_SRCDIR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/logline.h"

/* One delivered line, copied out of the callback. */
struct rec {
	char *text;
	size_t len;
	uint64_t lineno;
	double mono;
	bool has_mono;
	int64_t wall;
	bool has_wall;
	bool wall_utc;
	bool wall_no_year;
	bool year_from_caller;
	int cpu;
	int tid;
	int level;
	bool kernel;
	bool truncated;
	bool binary;
	bool source_ok;		/* source was "test" */
};

struct out {
	struct rec *v;
	size_t n;
	size_t cap;
	struct bs_linereader_stats st;
};

static void collect(const struct bs_line *l, void *ctx)
{
	struct out *o = ctx;
	struct rec *r;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = realloc(o->v, o->cap * sizeof(*o->v));
		assert_non_null(o->v);
	}
	r = &o->v[o->n++];
	/* the contract every line keeps */
	assert_true(l->len <= BS_LINE_MAX);
	assert_null(memchr(l->text, '\n', l->len));
	r->text = malloc(l->len + 1);
	assert_non_null(r->text);
	memcpy(r->text, l->text, l->len);
	r->text[l->len] = '\0';
	r->len = l->len;
	r->lineno = l->lineno;
	r->mono = l->mono;
	r->has_mono = l->has_mono;
	r->wall = l->wall;
	r->has_wall = l->has_wall;
	r->wall_utc = l->wall_utc;
	r->wall_no_year = l->wall_no_year;
	r->year_from_caller = l->year_from_caller;
	r->cpu = l->caller_cpu;
	r->tid = l->caller_tid;
	r->level = l->level;
	r->kernel = l->kernel;
	r->truncated = l->truncated;
	r->binary = l->binary;
	r->source_ok = !strcmp(l->source, "test");
}

static void out_free(struct out *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->v[i].text);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/*
 * run - feed @len bytes of @in cut at @cuts (ascending offsets, @ncuts of
 * them) with the year set to @year (0: leave the default).
 */
static void run_cuts(struct out *o, const char *in, size_t len, const size_t *cuts,
		     size_t ncuts, int year)
{
	struct bs_linereader *r = bs_linereader_alloc("test", collect, o);
	size_t i, at = 0;

	assert_non_null(r);
	memset(o, 0, sizeof(*o));
	if (year)
		assert_int_equal(bs_linereader_set_year(r, year), 0);
	for (i = 0; i < ncuts; i++) {
		bs_linereader_feed(r, in + at, cuts[i] - at);
		at = cuts[i];
	}
	bs_linereader_feed(r, in + at, len - at);
	bs_linereader_finish(r);
	bs_linereader_stats(r, &o->st);
	bs_linereader_free(r);
}

static void run(struct out *o, const char *in, size_t len, int year)
{
	run_cuts(o, in, len, NULL, 0, year);
}

static void run_year(struct out *o, const char *in, int year)
{
	run(o, in, strlen(in), year);
}

static void run_str(struct out *o, const char *in)
{
	run_year(o, in, 2023);
}

/* Feed in chunks of @step bytes. */
static void run_step(struct out *o, const char *in, size_t len, size_t step, int year)
{
	struct bs_linereader *r = bs_linereader_alloc("test", collect, o);
	size_t at;

	assert_non_null(r);
	memset(o, 0, sizeof(*o));
	if (year)
		assert_int_equal(bs_linereader_set_year(r, year), 0);
	for (at = 0; at < len; at += step)
		bs_linereader_feed(r, in + at, len - at < step ? len - at : step);
	bs_linereader_finish(r);
	bs_linereader_stats(r, &o->st);
	bs_linereader_free(r);
}

static void assert_same(const struct out *a, const struct out *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const struct rec *x = &a->v[i], *y = &b->v[i];

		assert_int_equal(x->len, y->len);
		assert_memory_equal(x->text, y->text, x->len);
		assert_int_equal(x->lineno, y->lineno);
		assert_true(x->mono == y->mono);
		assert_int_equal(x->has_mono, y->has_mono);
		assert_int_equal(x->wall, y->wall);
		assert_int_equal(x->has_wall, y->has_wall);
		assert_int_equal(x->wall_utc, y->wall_utc);
		assert_int_equal(x->wall_no_year, y->wall_no_year);
		assert_int_equal(x->cpu, y->cpu);
		assert_int_equal(x->tid, y->tid);
		assert_int_equal(x->level, y->level);
		assert_int_equal(x->kernel, y->kernel);
		assert_int_equal(x->truncated, y->truncated);
		assert_int_equal(x->binary, y->binary);
	}
	assert_memory_equal(&a->st, &b->st, sizeof(a->st));
}

/* 2023-04-29 21:54:31 as seconds since the epoch, read as UTC. */
#define APR29 INT64_C(1682805271)

static void test_raw_dmesg(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "[  123.456789] kworker/31:0: page allocation failure: order:5\n"
		    "[    0.000000]  Call Trace:\n"
		    "[12345678.000001] x\n");
	assert_int_equal(o.n, 3);
	assert_string_equal(o.v[0].text, "kworker/31:0: page allocation failure: order:5");
	assert_true(o.v[0].has_mono);
	assert_true(o.v[0].mono > 123.456788 && o.v[0].mono < 123.456790);
	assert_false(o.v[0].has_wall);
	assert_true(o.v[0].kernel);
	assert_int_equal(o.v[0].cpu, -1);
	assert_int_equal(o.v[0].tid, -1);
	assert_int_equal(o.v[0].level, -1);
	assert_int_equal(o.v[0].lineno, 1);
	assert_true(o.v[0].source_ok);
	/* one space belongs to the wrapper, the kernel's own indent stays */
	assert_string_equal(o.v[1].text, " Call Trace:");
	assert_true(o.v[1].mono == 0.0 && o.v[1].has_mono);
	assert_string_equal(o.v[2].text, "x");
	assert_true(o.v[2].mono > 12345678.0 && o.v[2].mono < 12345678.00001);
	out_free(&o);
}

static void test_printk_caller(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "[  123.456789] [T1234] a\n"
		    "[  123.456789][    C3] b\n"
		    "[  123.456789][T635928] c\n"
		    "[    1.000000] [drm] not a caller\n"
		    "[    1.000000] [T12x] not a caller either\n");
	assert_int_equal(o.n, 5);
	assert_string_equal(o.v[0].text, "a");
	assert_int_equal(o.v[0].tid, 1234);
	assert_int_equal(o.v[0].cpu, -1);
	assert_string_equal(o.v[1].text, "b");
	assert_int_equal(o.v[1].cpu, 3);
	assert_int_equal(o.v[1].tid, -1);
	assert_int_equal(o.v[2].tid, 635928);
	assert_string_equal(o.v[3].text, "[drm] not a caller");
	assert_int_equal(o.v[3].tid, -1);
	assert_string_equal(o.v[4].text, "[T12x] not a caller either");
	assert_int_equal(o.v[4].tid, -1);
	out_free(&o);
}

static void test_dmesg_T(void **state)
{
	struct out o;

	(void)state;
	run_year(&o, "[Sat Apr 29 21:54:31 2023] msg\n[Sat Apr  1 00:00:00 2023] [T7] early\n", 0);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.v[0].text, "msg");
	assert_true(o.v[0].has_wall);
	assert_int_equal(o.v[0].wall, APR29);
	assert_false(o.v[0].wall_utc);
	assert_false(o.v[0].wall_no_year);
	assert_false(o.v[0].has_mono);
	assert_true(o.v[0].kernel);
	assert_string_equal(o.v[1].text, "early");
	assert_int_equal(o.v[1].wall, INT64_C(1680307200));
	assert_int_equal(o.v[1].tid, 7);
	out_free(&o);
}

static void test_syslog_kernel(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "Apr 29 21:54:31 ceph-node7 kernel: page allocation failure: order:5\n"
		    "Apr 29 21:54:31 ceph-node7 kernel: [ 5012.345678] with both stamps\n"
		    "Apr 29 21:54:31 ceph-node7 kernel: [ 5012.345678] [T42] and a caller\n"
		    "Apr  1 01:02:03 ceph-node7 kernel: day padded\n"
		    "Apr 29 21:54:31 ceph-node7 kernel:\n");
	assert_int_equal(o.n, 5);
	assert_string_equal(o.v[0].text, "page allocation failure: order:5");
	assert_true(o.v[0].kernel);
	assert_true(o.v[0].has_wall);
	assert_int_equal(o.v[0].wall, APR29);
	assert_false(o.v[0].wall_utc);
	assert_false(o.v[0].wall_no_year);
	assert_false(o.v[0].has_mono);
	assert_string_equal(o.v[1].text, "with both stamps");
	assert_true(o.v[1].has_mono && o.v[1].has_wall);
	assert_true(o.v[1].mono > 5012.3456 && o.v[1].mono < 5012.3457);
	assert_string_equal(o.v[2].text, "and a caller");
	assert_int_equal(o.v[2].tid, 42);
	assert_int_equal(o.v[3].wall, INT64_C(1680310923));
	assert_string_equal(o.v[4].text, "");
	assert_true(o.v[4].kernel);
	out_free(&o);
}

static void test_syslog_other_programs(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "Apr 29 21:54:31 host sshd[123]: Accepted publickey for root\n"
		    "Apr 29 21:54:31 host systemd: Started Session 4 of user root.\n"
		    "Apr 29 21:54:31 host kernel-helper: not the kernel\n"
		    "Apr 29 21:54:31 host kern.warn kernel: busybox facility\n"
		    "Apr 29 21:54:31 kernel: busybox without host\n"
		    "Apr 29 21:54:31 host.example.com no tag: at all\n"
		    "Apr 29 21:54:31 host kernel[0]: with a pid\n");
	assert_int_equal(o.n, 7);
	assert_string_equal(o.v[0].text, "Accepted publickey for root");
	assert_false(o.v[0].kernel);
	assert_true(o.v[0].has_wall);
	assert_string_equal(o.v[1].text, "Started Session 4 of user root.");
	assert_false(o.v[1].kernel);
	assert_string_equal(o.v[2].text, "not the kernel");
	assert_false(o.v[2].kernel);
	assert_string_equal(o.v[3].text, "busybox facility");
	assert_true(o.v[3].kernel);
	assert_string_equal(o.v[4].text, "busybox without host");
	assert_true(o.v[4].kernel);
	/* "no" is not "facility.level": no tag, so not the kernel's */
	assert_false(o.v[5].kernel);
	assert_string_equal(o.v[6].text, "with a pid");
	assert_true(o.v[6].kernel);
	out_free(&o);
}

static void test_rfc3339_to_utc(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "2023-04-29T21:54:31.123456+08:00 host kernel: east\n"
		    "2023-04-29T13:54:31Z host kernel: zulu\n"
		    "2023-04-29T08:24:31-05:30 host kernel: west\n"
		    "2023-04-29T21:54:31+0800 host kernel: short-iso\n"
		    "2023-04-29T21:54:31.999+08:00 host sshd[1]: other\n"
		    "2023-04-29T21:54:31,123456+08:00 dmesg iso\n");
	assert_int_equal(o.n, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_true(o.v[i].has_wall);
		assert_true(o.v[i].wall_utc);
		assert_false(o.v[i].wall_no_year);
		assert_int_equal(o.v[i].wall, APR29 - 8 * 3600);
	}
	assert_string_equal(o.v[0].text, "east");
	assert_true(o.v[0].kernel);
	assert_string_equal(o.v[2].text, "west");
	assert_string_equal(o.v[3].text, "short-iso");
	assert_string_equal(o.v[4].text, "other");
	assert_false(o.v[4].kernel);
	assert_string_equal(o.v[5].text, "dmesg iso");
	assert_true(o.v[5].kernel);
	out_free(&o);
}

static void test_journal_short_formats(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "Apr 29 21:54:31.123456 host kernel: precise\n"
		    "Sat 2023-04-29 21:54:31 CST host kernel: full\n"
		    "Sat 2023-04-29 13:54:31 UTC host kernel: full utc\n"
		    "1682776471.123456 host kernel: unix\n"
		    "[ 5012.345678] host kernel: monotonic\n"
		    "[ 5012.345678] host systemd[1]: monotonic other\n");
	assert_int_equal(o.n, 6);
	assert_string_equal(o.v[0].text, "precise");
	assert_int_equal(o.v[0].wall, APR29);
	assert_false(o.v[0].wall_utc);
	assert_string_equal(o.v[1].text, "full");
	assert_int_equal(o.v[1].wall, APR29);
	assert_false(o.v[1].wall_utc);
	assert_string_equal(o.v[2].text, "full utc");
	assert_int_equal(o.v[2].wall, APR29 - 8 * 3600);
	assert_true(o.v[2].wall_utc);
	assert_string_equal(o.v[3].text, "unix");
	assert_int_equal(o.v[3].wall, APR29 - 8 * 3600);
	assert_true(o.v[3].wall_utc);
	assert_true(o.v[3].kernel);
	assert_string_equal(o.v[4].text, "monotonic");
	assert_true(o.v[4].has_mono);
	/* short-monotonic is only recognised by its "kernel:" tag */
	assert_string_equal(o.v[5].text, "host systemd[1]: monotonic other");
	out_free(&o);
}

static void test_journal_header_gives_year(void **state)
{
	struct out o;

	(void)state;
	/* no year set: the header says 2023, and the stamps follow it */
	run_year(&o, "-- Logs begin at Sat 2023-04-01 08:00:01 CST, end at Sat 2024-01-02 21:59:59 CST. --\n"
		     "Apr 29 21:54:31 host kernel: a\n"
		     "Oct  1 00:00:00 host kernel: b\n"
		     "Jan  2 00:00:00 host kernel: c\n", 0);
	assert_int_equal(o.n, 3);
	assert_false(o.v[0].wall_no_year);
	assert_int_equal(o.v[0].wall, APR29);
	assert_int_equal(o.v[2].wall, INT64_C(1704153600));	/* 2024-01-02 */
	out_free(&o);

	run_year(&o, "-- Journal begins at Mon 2021-03-01 10:00:00 UTC, ends at Tue 2021-03-02 10:00:00 UTC. --\n"
		     "Mar  1 10:00:00 host kernel: a\n", 0);
	assert_int_equal(o.n, 1);
	assert_false(o.v[0].wall_no_year);
	assert_int_equal(o.v[0].wall, INT64_C(1614592800));
	out_free(&o);
}

static void test_dmesg_decode_prefix(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "kern  :warn  : [ 5012.345678] kworker/31:0: page allocation failure: order:5\n"
		    "kern  :info  : [Sat Apr 29 21:54:31 2023] dated\n"
		    "user  :notice: [    9.000000] from user space\n"
		    "kworker/31:0: page allocation failure\n"
		    "kern  :bogus : not a level\n");
	assert_int_equal(o.n, 5);
	assert_string_equal(o.v[0].text, "kworker/31:0: page allocation failure: order:5");
	assert_int_equal(o.v[0].level, 4);
	assert_true(o.v[0].kernel);
	assert_true(o.v[0].has_mono);
	assert_string_equal(o.v[1].text, "dated");
	assert_int_equal(o.v[1].wall, APR29);
	assert_int_equal(o.v[1].level, 6);
	assert_false(o.v[2].kernel);
	assert_int_equal(o.v[2].level, 5);
	assert_string_equal(o.v[3].text, "kworker/31:0: page allocation failure");
	assert_int_equal(o.v[3].level, -1);
	assert_string_equal(o.v[4].text, "kern  :bogus : not a level");
	out_free(&o);
}

static void test_journal_cat_is_kernel(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "kworker/31:0: page allocation failure: order:5, mode:0x104050\n"
		    "Apr foo bar\n"
		    "12345 not a stamp\n");
	assert_int_equal(o.n, 3);
	assert_string_equal(o.v[0].text, "kworker/31:0: page allocation failure: order:5, mode:0x104050");
	assert_true(o.v[0].kernel);
	assert_false(o.v[0].has_mono);
	assert_false(o.v[0].has_wall);
	assert_string_equal(o.v[1].text, "Apr foo bar");
	assert_string_equal(o.v[2].text, "12345 not a stamp");
	out_free(&o);
}

static void test_journal_separators_skipped(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "-- Logs begin at Sat 2023-04-01 08:00:01 CST, end at Sat 2023-04-29 21:59:59 CST. --\n"
		    "Apr 29 21:54:31 host kernel: a\n"
		    "-- Boot 3f2e8d9c4b5a4e0f8a1b2c3d4e5f6a7b --\n"
		    "-- Reboot --\n"
		    "-- No entries --\n"
		    "-- not a separator\n");
	assert_int_equal(o.n, 2);
	assert_string_equal(o.v[0].text, "a");
	assert_int_equal(o.v[0].lineno, 2);
	assert_string_equal(o.v[1].text, "-- not a separator");
	assert_int_equal(o.st.skipped, 4);
	assert_int_equal(o.st.lines, 6);
	out_free(&o);
}

static void test_journal_continuation_lines(void **state)
{
	struct out o;
	const char *pfx = "Apr 29 21:54:31 host kernel: ";
	char in[512];

	(void)state;
	snprintf(in, sizeof(in), "%sMem-Info:\n%s%s\n%s%s\n  indented less\n", pfx,
		 "                             ", " active_file:1", "                             ",
		 " free:966225");
	run_str(&o, in);
	assert_int_equal(o.n, 4);
	assert_string_equal(o.v[1].text, " active_file:1");
	assert_true(o.v[1].kernel);
	assert_true(o.v[1].has_wall);
	assert_int_equal(o.v[1].wall, APR29);
	assert_int_equal(o.v[1].lineno, 2);
	assert_string_equal(o.v[2].text, " free:966225");
	assert_int_equal(o.v[2].wall, APR29);
	/* not the prefix's width: a line of its own */
	assert_string_equal(o.v[3].text, "  indented less");
	assert_false(o.v[3].has_wall);
	out_free(&o);
}

static void test_kmsg_records(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "4,1234,5012345678,-;kworker/31:0: page allocation failure: order:5\n"
		    " SUBSYSTEM=workqueue\n"
		    " DEVICE=+workqueue:kworker\n"
		    "6,1235,5012345679,-,caller=T635928;with caller\n"
		    "6,1236,5012345680,c,caller=C3;cpu caller\n"
		    "14,1237,5012345681,-;systemd[1]: user space\n"
		    "4,1238,5012345682,-;Mem-Info:\\x0a active_file:1\\x0a free:2\n"
		    "6,1239,5012345683,-;back\\x5cslash caf\\xc3\\xa9\n"
		    " KEY=not after a kmsg record? it is\n");
	assert_int_equal(o.n, 8);
	assert_string_equal(o.v[0].text, "kworker/31:0: page allocation failure: order:5");
	assert_int_equal(o.v[0].level, 4);
	assert_true(o.v[0].kernel);
	assert_true(o.v[0].has_mono);
	assert_true(o.v[0].mono > 5012.345677 && o.v[0].mono < 5012.345679);
	assert_false(o.v[0].has_wall);
	assert_int_equal(o.st.skipped, 3);
	assert_string_equal(o.v[1].text, "with caller");
	assert_int_equal(o.v[1].tid, 635928);
	assert_int_equal(o.v[1].level, 6);
	assert_int_equal(o.v[2].cpu, 3);
	/* facility 1 (user): written to /dev/kmsg by a program */
	assert_false(o.v[3].kernel);
	assert_int_equal(o.v[3].level, 6);
	/* a record with newlines: one line each, same stamps and line number */
	assert_string_equal(o.v[4].text, "Mem-Info:");
	assert_string_equal(o.v[5].text, " active_file:1");
	assert_string_equal(o.v[6].text, " free:2");
	assert_int_equal(o.v[4].lineno, o.v[6].lineno);
	assert_true(o.v[4].mono == o.v[6].mono);
	assert_string_equal(o.v[7].text, "back\\slash caf\xc3\xa9");
	out_free(&o);

	/* " KEY=value" after anything but a kmsg record is a message */
	run_str(&o, "[    1.000000] a\n SUBSYSTEM=pci\n");
	assert_int_equal(o.n, 2);
	assert_string_equal(o.v[1].text, " SUBSYSTEM=pci");
	out_free(&o);
}

static void test_dmesg_raw_prefix(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "<4>[    1.000000] warning\n<14>[    2.000000] systemd[1]: user\n<6>\n<x>[ 1.0] y\n");
	assert_int_equal(o.n, 4);
	assert_string_equal(o.v[0].text, "warning");
	assert_int_equal(o.v[0].level, 4);
	assert_true(o.v[0].kernel);
	assert_true(o.v[0].has_mono);
	assert_false(o.v[1].kernel);
	assert_int_equal(o.v[1].level, 6);
	assert_string_equal(o.v[2].text, "");
	assert_string_equal(o.v[3].text, "<x>[ 1.0] y");
	out_free(&o);
}

static void test_rsyslog_012_split(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "Apr 29 21:54:31 host kernel: [ 5012.345678] Mem-Info:#012 active_anon:1#012 free:2\n"
		    "Apr 29 21:54:31 host kernel: tab#011here, trailing#012\n"
		    "active_anon:13891624 inactive_anon:358552 isolated_anon:0#012 active_file:1652146\n"
		    "CPU#012 is not #12 or #0128 #09 #040\n"
		    "Apr 29 21:54:31 host kernel: bell#007 escape#033[1mbold#033[0m\n");
	assert_int_equal(o.n, 10);
	assert_string_equal(o.v[0].text, "Mem-Info:");
	assert_string_equal(o.v[1].text, " active_anon:1");
	assert_string_equal(o.v[2].text, " free:2");
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(o.v[i].lineno, 1);
		assert_true(o.v[i].has_mono && o.v[i].has_wall);
		assert_int_equal(o.v[i].wall, APR29);
		assert_true(o.v[i].kernel);
		assert_false(o.v[i].binary);
	}
	/* tab kept; a record ending in #012 has no empty line after it */
	assert_string_equal(o.v[3].text, "tab\there, trailing");
	assert_int_equal(o.v[4].lineno, 3);
	/* bare lines (a report pasted from /var/log/messages) split too */
	assert_string_equal(o.v[4].text, "active_anon:13891624 inactive_anon:358552 isolated_anon:0");
	assert_string_equal(o.v[5].text, " active_file:1652146");
	/* "#0oo" with oo < 040 is an escape wherever it is; nothing else is */
	assert_string_equal(o.v[6].text, "CPU");
	assert_string_equal(o.v[7].text, " is not #12 or ");
	assert_string_equal(o.v[8].text, "8 #09 #040");
	/* decoded control bytes are cleaned like raw ones */
	assert_string_equal(o.v[9].text, "bell? escapebold");
	assert_true(o.v[9].binary);
	out_free(&o);
}

static void test_crlf_stripped(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "[    1.000000] a\r\n[    2.000000] b\r\r\nplain\r\n\r\n");
	assert_int_equal(o.n, 4);
	assert_string_equal(o.v[0].text, "a");
	assert_true(o.v[0].has_mono);
	assert_false(o.v[0].binary);
	assert_string_equal(o.v[1].text, "b");
	assert_string_equal(o.v[2].text, "plain");
	assert_string_equal(o.v[3].text, "");
	assert_int_equal(o.st.binary, 0);
	out_free(&o);
}

static void test_mid_line_cr_keeps_last_shown(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "host login: \r[ 5012.345678] page allocation failure\n"
		    "progress 10%\rprogress 20%\rdone\n"
		    "kept\r\033[K\n"
		    "kept too\r   \n"
		    "\rleading\n"
		    "\r\r\n");
	assert_int_equal(o.n, 6);
	/* the console overwrote the prompt: the stamp is found again */
	assert_string_equal(o.v[0].text, "page allocation failure");
	assert_true(o.v[0].has_mono);
	assert_string_equal(o.v[1].text, "done");
	/* a segment that shows nothing does not replace the text before it */
	assert_string_equal(o.v[2].text, "kept");
	assert_string_equal(o.v[3].text, "kept too");
	assert_string_equal(o.v[4].text, "leading");
	assert_string_equal(o.v[5].text, "");
	for (size_t i = 0; i < o.n; i++)
		assert_false(o.v[i].binary);
	out_free(&o);
}

static void test_ansi_escapes_removed(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "\033[0;32m[    1.000000] green\033[0m\n"
		    "\033]0;title\007[    2.000000] titled\n"
		    "\033(B\033=[    3.000000] charset\n"
		    "lone \033 escape\n");
	assert_int_equal(o.n, 4);
	assert_string_equal(o.v[0].text, "green");
	assert_true(o.v[0].has_mono);
	assert_false(o.v[0].binary);
	assert_string_equal(o.v[1].text, "titled");
	assert_string_equal(o.v[2].text, "charset");
	assert_string_equal(o.v[3].text, "lone ? escape");
	assert_true(o.v[3].binary);
	out_free(&o);
}

static void test_nul_bytes_split_and_flag_binary(void **state)
{
	struct out o;
	static const char in[] =
		"Apr 29 21:54:30 host kernel: cut te\0\0\0\0\0\0\0\0"
		"Apr 29 21:58:02 host kernel: Linux version 3.10.0\n"
		"\0\0\0\0\n"
		"ok\n";

	(void)state;
	run(&o, in, sizeof(in) - 1, 2023);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.v[0].text, "cut te");
	assert_true(o.v[0].binary);
	assert_true(o.v[0].kernel);
	assert_int_equal(o.v[0].wall, APR29 - 1);
	/* the record after the NUL run starts afresh, same physical line */
	assert_string_equal(o.v[1].text, "Linux version 3.10.0");
	assert_true(o.v[1].binary);
	assert_int_equal(o.v[1].lineno, 1);
	assert_int_equal(o.v[1].wall, APR29 + 211);
	/* a line of NULs says nothing */
	assert_string_equal(o.v[2].text, "ok");
	assert_int_equal(o.v[2].lineno, 3);
	assert_false(o.v[2].binary);
	assert_int_equal(o.st.binary, 2);
	assert_int_equal(o.st.lines, 3);
	out_free(&o);
}

static void test_control_bytes_replaced(void **state)
{
	struct out o;

	(void)state;
	run_str(&o, "[    1.000000] a\001b\177c\bd\n[    1.000000] tab\tkept\n\x7f\n");
	assert_int_equal(o.n, 3);
	assert_string_equal(o.v[0].text, "a?b?c?d");
	assert_true(o.v[0].binary);
	assert_true(o.v[0].has_mono);
	assert_string_equal(o.v[1].text, "tab\tkept");
	assert_false(o.v[1].binary);
	assert_string_equal(o.v[2].text, "?");
	assert_int_equal(o.st.binary, 2);
	out_free(&o);
}

/* @n bytes of 'a' then "\nnext\n", and a final line without '\n'. */
static char *long_input(size_t n, size_t *len)
{
	char *in = malloc(n + 32);

	assert_non_null(in);
	memset(in, 'a', n);
	memcpy(in + n, "\nnext\nlast", 10);
	*len = n + 10;
	return in;
}

static void check_long(const struct out *o, size_t n)
{
	bool cut = n > BS_LINE_MAX;

	assert_int_equal(o->n, 3);
	assert_int_equal(o->v[0].len, cut ? BS_LINE_MAX : n);
	assert_int_equal(o->v[0].truncated, cut);
	assert_int_equal(o->v[0].lineno, 1);
	assert_string_equal(o->v[1].text, "next");
	assert_false(o->v[1].truncated);
	assert_int_equal(o->v[1].lineno, 2);
	assert_string_equal(o->v[2].text, "last");
	assert_int_equal(o->st.truncated, cut ? 1 : 0);
	assert_int_equal(o->st.lines, 3);
}

static void test_overlong_line_truncated(void **state)
{
	static const size_t sizes[] = { BS_LINE_MAX - 1, BS_LINE_MAX, BS_LINE_MAX + 1, 1 << 20 };
	static const size_t steps[] = { 1 << 20, 4096, 1000, 65535, 65536, 65537 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t len;
		char *in = long_input(sizes[i], &len);

		for (size_t j = 0; j < sizeof(steps) / sizeof(steps[0]); j++) {
			struct out o;

			run_step(&o, in, len, steps[j], 0);
			check_long(&o, sizes[i]);
			out_free(&o);
		}
		/* cut around the limit, where carry and in-place meet */
		for (size_t c = BS_LINE_MAX - 2; c <= BS_LINE_MAX + 2; c++) {
			struct out o;
			size_t cut = c < len ? c : len;

			run_cuts(&o, in, len, &cut, 1, 0);
			check_long(&o, sizes[i]);
			out_free(&o);
		}
		free(in);
	}
}

static void test_no_final_newline(void **state)
{
	struct out o;
	struct bs_linereader *r;

	(void)state;
	memset(&o, 0, sizeof(o));
	r = bs_linereader_alloc("x", collect, &o);
	assert_non_null(r);
	bs_linereader_feed(r, "a\n[    1.000000] b", 18);
	assert_int_equal(o.n, 1);
	bs_linereader_finish(r);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.v[1].text, "b");
	assert_true(o.v[1].has_mono);
	/* finish twice delivers nothing more; feeding again starts a line */
	bs_linereader_finish(r);
	assert_int_equal(o.n, 2);
	bs_linereader_feed(r, "c", 1);
	bs_linereader_finish(r);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.v[2].text, "c");
	assert_int_equal(o.v[2].lineno, 3);
	bs_linereader_free(r);
	out_free(&o);
}

static void test_empty_input(void **state)
{
	struct out o;

	(void)state;
	run(&o, "", 0, 0);
	assert_int_equal(o.n, 0);
	assert_int_equal(o.st.lines, 0);
	assert_int_equal(o.st.messages, 0);
	out_free(&o);

	run(&o, "\n", 1, 0);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.v[0].len, 0);
	out_free(&o);
}

/* Every wrapper and oddity in one sample, for the chunk boundary tests. */
static const char mixed[] =
	"-- Logs begin at Sat 2023-04-01 08:00:01 CST, end at Sat 2023-04-29 21:59:59 CST. --\n"
	"[ 5012.345678] kworker/31:0: page allocation failure: order:5, mode:0x104050\n"
	"[ 5012.345679] [T635928] CPU: 31 PID: 635928 Comm: kworker/31:0 Tainted: G \r\n"
	"[Sat Apr 29 21:54:31 2023] Call Trace:\n"
	"Apr 29 21:54:31 ceph-node7 kernel: [<ffffffff81686b13>] dump_stack+0x19/0x1b\n"
	"Apr 29 21:54:31 ceph-node7 sshd[2231]: Accepted publickey for root\n"
	"Apr 29 21:54:31 ceph-node7 kernel: Mem-Info:#012 active_anon:1#012 free:2#011x\n"
	"Apr 29 21:54:31 ceph-node7 kernel: Mem-Info:\n"
	"                                    active_file:1652146\n"
	"2023-04-29T21:54:31.123456+08:00 ceph-node7 kernel: [ 5012.345680] Node 0 DMA free:15864kB\n"
	"Apr 29 21:54:31.123456 ceph-node7 kernel: lowmem_reserve[]: 0 1700 64161 64161\n"
	"2023-04-29T21:54:31+0800 ceph-node7 kernel: Node 0 DMA: 0*4kB 1*8kB (U)\n"
	"4,81234,5012345681,-,caller=T635928;Node 0 hugepages_total=0\\x0aNode 1 x\n"
	" SUBSYSTEM=workqueue\n"
	"\033[1mceph-node7 login: \033[0m\r[ 5012.345682] serial\r\n"
	"binary \001 and \0\0\0 NUL\n"
	"<4>[ 5012.345683][    C3] caller cpu\n"
	"Dec 31 23:59:59 ceph-node7 kernel: straggler\n"
	"-- Reboot --\n"
	"no final newline";

static void test_chunk_boundaries_every_offset(void **state)
{
	const size_t len = sizeof(mixed) - 1;
	struct out whole, part;

	(void)state;
	run(&whole, mixed, len, 2023);
	assert_int_equal(whole.n, 21);
	for (size_t cut = 0; cut <= len; cut++) {
		run_cuts(&part, mixed, len, &cut, 1, 2023);
		assert_same(&whole, &part);
		out_free(&part);
	}
	/* three pieces, every pair of cuts a few bytes apart */
	for (size_t a = 0; a + 7 <= len; a++) {
		size_t cuts[2] = { a, a + 7 };

		run_cuts(&part, mixed, len, cuts, 2, 2023);
		assert_same(&whole, &part);
		out_free(&part);
	}
	run_step(&part, mixed, len, 1, 2023);
	assert_same(&whole, &part);
	out_free(&part);
	out_free(&whole);
}

static char *fixture_path(const char *name)
{
	const char *root = getenv("BS_SRCDIR");
	size_t n = (root ? strlen(root) : 1) + strlen(name) + 40;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/tests/fixtures/wrappers/%s", root ? root : ".", name);
	return p;
}

static char *slurp(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open fixture %s: %s (run from the repository root or set BS_SRCDIR)",
			 path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return buf;
}

/* What a fixture says about its stamps. */
struct fixture {
	const char *name;
	bool mono;
	bool wall;
	bool utc;
	int tid;		/* caller on the first line, -1 none */
	unsigned int others;	/* lines of other programs */
	unsigned int skipped;
};

static const struct fixture fixtures[] = {
	{ "dmesg.txt",			true,  false, false, -1,     0, 0 },
	{ "dmesg-caller.txt",		true,  false, false, 635928, 0, 0 },
	{ "dmesg-T.txt",		false, true,  false, -1,     0, 0 },
	{ "syslog.txt",			false, true,  false, -1,     2, 0 },
	{ "syslog-mono.txt",		true,  true,  false, -1,     0, 0 },
	{ "rfc3339.txt",		false, true,  true,  -1,     1, 0 },
	{ "journal-short.txt",		false, true,  false, -1,     0, 2 },
	{ "journal-short-iso.txt",	false, true,  true,  -1,     0, 2 },
	{ "journal-short-precise.txt",	false, true,  false, -1,     0, 2 },
	{ "journal-short-full.txt",	false, true,  false, -1,     0, 2 },
	{ "journal-cat.txt",		false, false, false, -1,     0, 0 },
	{ "kmsg.txt",			true,  false, false, 635928, 0, 2 },
	{ "serial.txt",			true,  false, false, -1,     0, 0 },
	{ "mixed.txt",			true,  false, false, -1,     0, 0 },
};

/*
 * Every wrapper reduces the seed report to the same kernel lines, and the
 * output does not depend on where the input was cut.
 */
static void test_fixtures_reduce_to_seed(void **state)
{
	size_t elen;
	char *expected = slurp("expected.txt", &elen);

	(void)state;
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		const struct fixture *fx = &fixtures[f];
		size_t len, k = 0, others = 0;
		char *in = slurp(fx->name, &len);
		const char *e = expected;
		struct out o, part;

		run(&o, in, len, 2023);
		for (size_t i = 0; i < o.n; i++) {
			const char *nl;

			if (!o.v[i].kernel) {
				others++;
				continue;
			}
			nl = strchr(e, '\n');
			if (!nl)
				fail_msg("%s: more lines than expected.txt", fx->name);
			if ((size_t)(nl - e) != o.v[i].len || memcmp(e, o.v[i].text, o.v[i].len))
				fail_msg("%s line %zu: got \"%s\", want \"%.*s\"", fx->name, k + 1,
					 o.v[i].text, (int)(nl - e), e);
			assert_false(o.v[i].binary);
			assert_false(o.v[i].truncated);
			if (strcmp(fx->name, "mixed.txt")) {
				assert_int_equal(o.v[i].has_mono, fx->mono);
				assert_int_equal(o.v[i].has_wall, fx->wall);
				assert_int_equal(o.v[i].wall_utc, fx->utc);
				assert_false(o.v[i].wall_no_year);
				if (fx->wall)
					assert_int_equal(o.v[i].wall,
							 fx->utc ? APR29 - 8 * 3600 : APR29);
			}
			e = nl + 1;
			k++;
		}
		if (*e)
			fail_msg("%s: %zu lines, fewer than expected.txt", fx->name, k);
		assert_int_equal(others, fx->others);
		assert_int_equal(o.st.skipped, fx->skipped);
		assert_int_equal(o.v[0].tid, fx->tid);

		for (size_t cut = 0; cut <= len; cut += 1) {
			run_cuts(&part, in, len, &cut, 1, 2023);
			assert_same(&o, &part);
			out_free(&part);
		}
		out_free(&o);
		free(in);
	}
	free(expected);
}

static void test_stats_count(void **state)
{
	struct out o;
	static const char in[] =
		"a\n"
		"Apr 29 21:54:31 h kernel: x#012y\n"
		"-- Reboot --\n"
		"b\001\n"
		"c\0d\n";

	(void)state;
	run(&o, in, sizeof(in) - 1, 0);
	assert_int_equal(o.st.lines, 5);
	assert_int_equal(o.st.messages, 6);
	assert_int_equal(o.st.skipped, 1);
	assert_int_equal(o.st.binary, 2);
	assert_int_equal(o.st.truncated, 0);
	assert_int_equal(o.n, o.st.messages);
	out_free(&o);
}

static void test_year_rollover(void **state)
{
	struct out o;

	(void)state;
	run_year(&o, "Dec 31 23:59:59 h kernel: a\n"
		"Jan  1 00:00:01 h kernel: b\n"
		"Dec 31 23:59:58 h kernel: straggler\n"
		"Feb 29 12:00:00 h kernel: leap\n"
		"Mar  1 00:00:00 h kernel: c\n", 2023);
	assert_int_equal(o.n, 5);
	assert_int_equal(o.v[0].wall, INT64_C(1704067199));	/* 2023-12-31 23:59:59 */
	assert_int_equal(o.v[1].wall, INT64_C(1704067201));	/* 2024-01-01 00:00:01 */
	assert_int_equal(o.v[2].wall, INT64_C(1704067198));
	assert_int_equal(o.v[3].wall, INT64_C(1709208000));	/* 2024-02-29 12:00:00 */
	assert_int_equal(o.v[4].wall, INT64_C(1709251200));
	for (size_t i = 0; i < o.n; i++)
		assert_false(o.v[i].wall_no_year);
	out_free(&o);
}

static void test_year_unknown_and_learned(void **state)
{
	struct out o;

	(void)state;
	run_year(&o, "Apr 29 21:54:31 h kernel: a\n"
		"Dec 31 00:00:00 h kernel: b\n"
		"Jan  2 00:00:00 h kernel: next year\n"
		"[Sat Apr 29 21:54:31 2023] dated\n"
		"Apr 29 21:54:32 h kernel: b\n", 0);
	assert_int_equal(o.n, 5);
	/* no year: nominal 1970, flagged, still good for differences */
	assert_true(o.v[0].has_wall);
	assert_true(o.v[0].wall_no_year);
	assert_int_equal(o.v[0].wall, INT64_C(10274071));	/* 1970-04-29 21:54:31 */
	assert_true(o.v[1].wall_no_year);
	assert_true(o.v[2].wall_no_year);
	assert_int_equal(o.v[2].wall, INT64_C(31536000 + 86400));	/* 1971-01-02 */
	assert_int_equal(o.v[2].wall - o.v[1].wall, 2 * 86400);
	/* a dated stamp teaches the year */
	assert_false(o.v[3].wall_no_year);
	assert_false(o.v[4].wall_no_year);
	assert_int_equal(o.v[4].wall, APR29 + 1);
	out_free(&o);
}

/* "Jan 3 12:00:00": a day without its padding space is still a syslog stamp. */
static void test_syslog_one_space_day(void **state)
{
	struct out o;

	(void)state;
	run_year(&o, "Apr 1 01:02:03 ceph-node7 kernel: unpadded\n"
		"Apr 1 01:02:03.250000 h kernel: precise\n"
		"Apr  1 01:02:04 h kernel: padded\n"
		"Apr 1 1:02:03 h kernel: not a stamp\n", 2023);
	assert_int_equal(o.n, 4);
	assert_string_equal(o.v[0].text, "unpadded");
	assert_true(o.v[0].kernel);
	assert_true(o.v[0].has_wall);
	assert_int_equal(o.v[0].wall, INT64_C(1680310923));	/* 2023-04-01 01:02:03 */
	assert_string_equal(o.v[1].text, "precise");
	assert_int_equal(o.v[1].wall, INT64_C(1680310923));
	assert_int_equal(o.v[2].wall, INT64_C(1680310924));
	assert_false(o.v[3].has_wall);
	out_free(&o);
}

/* year_from_caller marks the stamps whose year is the caller's, until a dated stamp says otherwise. */
static void test_year_from_caller(void **state)
{
	struct out o;

	(void)state;
	run_year(&o, "Apr 29 21:54:31 h kernel: a\n"
		"[Sat Apr 29 21:54:31 2023] dated\n"
		"Apr 29 21:54:32 h kernel: b\n", 2030);
	assert_int_equal(o.n, 3);
	assert_true(o.v[0].year_from_caller);
	assert_false(o.v[1].year_from_caller);
	assert_false(o.v[2].year_from_caller);
	assert_int_equal(o.v[2].wall, APR29 + 1);
	out_free(&o);
	/* no year given: nominal, not the caller's */
	run_year(&o, "Apr 29 21:54:31 h kernel: a\n", 0);
	assert_true(o.v[0].wall_no_year);
	assert_false(o.v[0].year_from_caller);
	out_free(&o);
}

static void test_api_errors(void **state)
{
	struct bs_linereader *r;
	struct out o = { 0 };

	(void)state;
	errno = 0;
	assert_null(bs_linereader_alloc("x", NULL, NULL));
	assert_int_equal(errno, EINVAL);
	r = bs_linereader_alloc(NULL, collect, &o);
	assert_non_null(r);
	errno = 0;
	assert_int_equal(bs_linereader_set_year(r, 10000), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(bs_linereader_set_year(r, 2023), 0);
	assert_int_equal(bs_linereader_set_year(r, 0), 0);
	bs_linereader_feed(r, "x\n", 2);
	assert_int_equal(o.n, 1);
	assert_false(o.v[0].source_ok);
	bs_linereader_free(r);
	bs_linereader_free(NULL);
	out_free(&o);
}

/*
 * The needle filter
 */

static const char *const report_needles[] = { "page allocation failure", "Linux version" };

/* A consumer like the report parser: every line from a trigger on, for a while. */
struct toggler {
	struct out o;
	struct bs_linereader *r;
	unsigned int left;
	bool toggle;
};

static void toggle_collect(const struct bs_line *l, void *ctx)
{
	struct toggler *t = ctx;

	collect(l, &t->o);
	if (!t->toggle)
		return;
	if (memmem(l->text, l->len, "page allocation failure", 23)) {
		bs_linereader_set_filter(t->r, false);
		t->left = 5;
	} else if (t->left && --t->left == 0) {
		bs_linereader_set_filter(t->r, true);
	}
}

static void run_filter(struct out *o, const char *in, size_t len, const size_t *cuts, size_t ncuts,
		       const char *const *needles, size_t nneedles, bool toggle)
{
	struct toggler t = { .toggle = toggle };
	size_t i, at = 0;

	t.r = bs_linereader_alloc("test", toggle_collect, &t);
	assert_non_null(t.r);
	assert_int_equal(bs_linereader_set_year(t.r, 2023), 0);
	assert_int_equal(bs_linereader_set_needles(t.r, needles, nneedles), 0);
	bs_linereader_set_filter(t.r, true);
	for (i = 0; i < ncuts; i++) {
		bs_linereader_feed(t.r, in + at, cuts[i] - at);
		at = cuts[i];
	}
	bs_linereader_feed(t.r, in + at, len - at);
	bs_linereader_finish(t.r);
	bs_linereader_stats(t.r, &t.o.st);
	bs_linereader_free(t.r);
	*o = t.o;
}

static void test_filter_skips_lines_without_needles(void **state)
{
	static const char in[] =
		"a\n"
		"[    0.000000] Linux version 3.10.0-514.el7.x86_64\n"
		"b\n"
		"Apr 29 21:54:31 h kernel: c\n"
		"Apr 29 21:54:31 h kernel: kworker/31:0: page allocation failure: order:5\n"
		"d";
	struct out o;

	(void)state;
	run_filter(&o, in, sizeof(in) - 1, NULL, 0, report_needles, 2, false);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.v[0].text, "Linux version 3.10.0-514.el7.x86_64");
	assert_int_equal(o.v[0].lineno, 2);
	assert_true(o.v[0].has_mono);
	assert_string_equal(o.v[1].text, "kworker/31:0: page allocation failure: order:5");
	assert_int_equal(o.v[1].lineno, 5);
	assert_int_equal(o.v[1].wall, APR29);
	assert_int_equal(o.st.lines, 6);
	assert_int_equal(o.st.filtered, 4);
	assert_int_equal(o.st.messages, 2);
	out_free(&o);
}

static void test_filter_toggled_from_callback(void **state)
{
	size_t len;
	char *in = slurp("syslog.txt", &len);
	struct out o;

	(void)state;
	run_filter(&o, in, len, NULL, 0, report_needles, 2, true);
	/* the trigger, then the 5 lines the consumer asked for */
	assert_int_equal(o.n, 6);
	assert_string_equal(o.v[0].text, "kworker/31:0: page allocation failure: order:5, mode:0x104050");
	assert_int_equal(o.v[0].lineno, 1);
	assert_string_equal(o.v[1].text, "CPU: 31 PID: 635928 Comm: kworker/31:0 Tainted: G ");
	assert_int_equal(o.v[5].lineno, 6);
	assert_int_equal(o.st.filtered, o.st.lines - 6);
	out_free(&o);
	free(in);
}

static void test_filter_every_offset(void **state)
{
	size_t len, n = 0;
	char *one = slurp("mixed.txt", &len);
	char *in = malloc(4 * len + 1);
	struct out whole, part;

	(void)state;
	assert_non_null(in);
	/* the report four times, so the filter goes on and off */
	for (int i = 0; i < 4; i++) {
		memcpy(in + n, one, len);
		n += len;
	}
	run_filter(&whole, in, n, NULL, 0, report_needles, 2, true);
	assert_int_equal(whole.n, 4 * 6);
	for (size_t cut = 0; cut <= n; cut++) {
		run_filter(&part, in, n, &cut, 1, report_needles, 2, true);
		assert_same(&whole, &part);
		out_free(&part);
	}
	out_free(&whole);
	free(in);
	free(one);
}

/* xorshift64 for the random tests */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random lines over a small alphabet hit the needles often, at every
 * position relative to the 16-byte blocks and the chunk ends; the lines
 * delivered must be exactly those a naive search finds.
 */
static void test_filter_matches_naive_search(void **state)
{
	static const char *const needles[] = {
		"abc", "cab", "bca a", "aaaa", "c c", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		"acb", "ba ba",
	};
	const size_t nn = sizeof(needles) / sizeof(needles[0]);
	uint64_t seed = 0x12345678;
	char in[2048];

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t len = next_rand(&seed) % sizeof(in), cuts[3];
		uint64_t want = 0, lineno = 0;
		struct out o;
		size_t k = 0, j, ls = 0;

		for (j = 0; j < len; j++) {
			uint64_t x = next_rand(&seed) % 23;

			in[j] = x < 1 ? '\n' : "abc "[x % 4];
			if (round % 7 == 0 && x == 22)
				in[j] = 'b';
		}
		for (j = 0; j < 3; j++)
			cuts[j] = len ? next_rand(&seed) % (len + 1) : 0;
		if (cuts[0] > cuts[1]) {
			size_t t = cuts[0];

			cuts[0] = cuts[1];
			cuts[1] = t;
		}
		if (cuts[1] > cuts[2]) {
			size_t t = cuts[1];

			cuts[1] = cuts[2];
			cuts[2] = t;
		}
		if (cuts[0] > cuts[1]) {
			size_t t = cuts[0];

			cuts[0] = cuts[1];
			cuts[1] = t;
		}
		run_filter(&o, in, len, cuts, round % 2 ? 3 : 0, needles, nn, false);
		for (j = 0; j <= len; j++) {
			if (j < len && in[j] != '\n')
				continue;
			if (j == len && j == ls)
				break;
			lineno++;
			for (size_t q = 0; q < nn; q++)
				if (memmem(in + ls, j - ls, needles[q], strlen(needles[q]))) {
					if (k >= o.n || o.v[k].lineno != lineno)
						fail_msg("round %d: line %llu has a needle, not delivered", round,
							 (unsigned long long)lineno);
					k++;
					want++;
					break;
				}
			ls = j + 1;
		}
		assert_int_equal(o.n, want);
		assert_int_equal(o.st.lines, lineno);
		assert_int_equal(o.st.filtered, lineno - want);
		out_free(&o);
	}
}

static void test_filter_overlong_line(void **state)
{
	static const char *const needles[] = { "NEEDLE" };
	size_t len = 3 * BS_LINE_MAX;
	char *in = malloc(len);
	struct out o;

	(void)state;
	assert_non_null(in);
	/* line 1: needle past the limit; line 2: within it; line 3: none */
	memset(in, 'a', len);
	memcpy(in + BS_LINE_MAX + 10, "NEEDLE", 6);
	in[BS_LINE_MAX + 100] = '\n';
	memcpy(in + BS_LINE_MAX + 200, "NEEDLE", 6);
	in[2 * BS_LINE_MAX + 300] = '\n';
	for (size_t step = 4096; step <= len; step *= 4) {
		struct toggler t = { .toggle = false };

		t.r = bs_linereader_alloc("test", toggle_collect, &t);
		assert_non_null(t.r);
		assert_int_equal(bs_linereader_set_needles(t.r, needles, 1), 0);
		bs_linereader_set_filter(t.r, true);
		for (size_t at = 0; at < len; at += step)
			bs_linereader_feed(t.r, in + at, len - at < step ? len - at : step);
		bs_linereader_finish(t.r);
		bs_linereader_stats(t.r, &t.o.st);
		bs_linereader_free(t.r);
		o = t.o;
		assert_int_equal(o.n, 1);
		assert_int_equal(o.v[0].lineno, 2);
		assert_true(o.v[0].truncated);
		assert_int_equal(o.v[0].len, BS_LINE_MAX);
		assert_int_equal(o.st.lines, 3);
		assert_int_equal(o.st.filtered, 2);
		assert_int_equal(o.st.truncated, 1);
		out_free(&o);
	}
	free(in);
}

static void test_set_needles_errors(void **state)
{
	const char *many[BS_LINEREADER_NEEDLES_MAX + 1];
	char names[BS_LINEREADER_NEEDLES_MAX + 1][16];
	static const char *const shorty[] = { "ab" };
	static const char *const newline[] = { "a\nb" };
	struct out o = { 0 };
	struct bs_linereader *r = bs_linereader_alloc("x", collect, &o);

	(void)state;
	assert_non_null(r);
	for (int i = 0; i <= BS_LINEREADER_NEEDLES_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "n%03d", i);
		many[i] = names[i];
	}
	errno = 0;
	assert_int_equal(bs_linereader_set_needles(r, many, BS_LINEREADER_NEEDLES_MAX + 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(bs_linereader_set_needles(r, shorty, 1), -1);
	assert_int_equal(bs_linereader_set_needles(r, newline, 1), -1);
	assert_int_equal(bs_linereader_set_needles(r, many, BS_LINEREADER_NEEDLES_MAX), 0);
	/* no needles: the filter lets everything through */
	assert_int_equal(bs_linereader_set_needles(r, NULL, 0), 0);
	bs_linereader_set_filter(r, true);
	bs_linereader_feed(r, "x\ny\n", 4);
	assert_int_equal(o.n, 2);
	bs_linereader_free(r);
	out_free(&o);
}

/*
 * More needles than Teddy has bits: needle k shares bit k % 8 with others,
 * and a line holding only the last one is still found (and only it).
 */
static void test_needles_share_bits(void **state)
{
	const char *many[20];
	char names[20][16];
	struct out o = { 0 };
	struct bs_linereader *r = bs_linereader_alloc("x", collect, &o);
	char buf[4096];
	size_t n = 0;

	(void)state;
	assert_non_null(r);
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "q%02dz", i);
		many[i] = names[i];
	}
	assert_int_equal(bs_linereader_set_needles(r, many, 20), 0);
	bs_linereader_set_filter(r, true);
	/* filler long enough for the vector loops, then q19z, q11z (both bit 3), and no needle */
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "filler line %d q03y q1z\n", i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "a line with q19z in it\nand q11z here\nnone q0 q1\n");
	bs_linereader_feed(r, buf, n);
	bs_linereader_finish(r);
	assert_int_equal(o.n, 2);
	bs_linereader_free(r);
	out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_needles_share_bits),
		cmocka_unit_test(test_raw_dmesg),
		cmocka_unit_test(test_printk_caller),
		cmocka_unit_test(test_dmesg_T),
		cmocka_unit_test(test_syslog_kernel),
		cmocka_unit_test(test_syslog_other_programs),
		cmocka_unit_test(test_rfc3339_to_utc),
		cmocka_unit_test(test_journal_short_formats),
		cmocka_unit_test(test_journal_header_gives_year),
		cmocka_unit_test(test_dmesg_decode_prefix),
		cmocka_unit_test(test_journal_cat_is_kernel),
		cmocka_unit_test(test_journal_separators_skipped),
		cmocka_unit_test(test_journal_continuation_lines),
		cmocka_unit_test(test_kmsg_records),
		cmocka_unit_test(test_dmesg_raw_prefix),
		cmocka_unit_test(test_rsyslog_012_split),
		cmocka_unit_test(test_crlf_stripped),
		cmocka_unit_test(test_mid_line_cr_keeps_last_shown),
		cmocka_unit_test(test_ansi_escapes_removed),
		cmocka_unit_test(test_nul_bytes_split_and_flag_binary),
		cmocka_unit_test(test_control_bytes_replaced),
		cmocka_unit_test(test_overlong_line_truncated),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_chunk_boundaries_every_offset),
		cmocka_unit_test(test_fixtures_reduce_to_seed),
		cmocka_unit_test(test_stats_count),
		cmocka_unit_test(test_year_rollover),
		cmocka_unit_test(test_year_unknown_and_learned),
		cmocka_unit_test(test_syslog_one_space_day),
		cmocka_unit_test(test_year_from_caller),
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_filter_skips_lines_without_needles),
		cmocka_unit_test(test_filter_toggled_from_callback),
		cmocka_unit_test(test_filter_every_offset),
		cmocka_unit_test(test_filter_matches_naive_search),
		cmocka_unit_test(test_filter_overlong_line),
		cmocka_unit_test(test_set_needles_errors),
	};

	return cmocka_run_group_tests_name("logline", tests, NULL, NULL);
}
