// SPDX-License-Identifier: MIT
/*
 * test_parse_limits.c - parsers at the edges the fuzzers found: text that
 * ends where a scanner expects more, and digit strings longer than any
 * integer.  Each input once read past a buffer, overflowed a signed
 * integer or wrapped an unsigned one; the ASan/UBSan build of this test
 * fails on the first two, the assertions on all three.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "facts.h"
#include "parse/kmsg_parse.h"
#include "input/logline.h"
#include "parse/oom_parse.h"
#include "trace/trace_internal.h"

/* @s in a heap block of exactly its length, so ASan sees any read past it. */
static char *exact(const char *s, size_t *len)
{
	char *p;

	*len = strlen(s);
	p = malloc(*len ? *len : 1);
	assert_non_null(p);
	memcpy(p, s, *len);
	return p;
}

static void oom_header(const char *line, struct bs_report *r)
{
	size_t len;
	char *t = exact(line, &len);

	memset(r, 0, sizeof(*r));
	assert_true(bs_oom_is_header(t, len));
	bs_oom_parse_header(t, len, r);
	free(t);
}

/*
 * Only blanks before " invoked oom-killer: ": the comm is empty, and its
 * copy no longer starts past the needle's own space (it read on to the
 * comm buffer's size, past the end of the line).
 */
static void test_oom_header_blank_comm(void **state)
{
	struct bs_report r;

	(void)state;
	oom_header(" invoked oom-killer: ", &r);
	assert_string_equal(r.comm, "");
	oom_header("   invoked oom-killer: gfp_mask=0x0, order=3", &r);
	assert_string_equal(r.comm, "");
	assert_true(r.has_order);
	assert_int_equal(r.order, 3);
	/* and the comm still keeps its inner spaces */
	oom_header("  VM Monitoring Task invoked oom-killer: gfp_mask=0x0, order=0", &r);
	assert_string_equal(r.comm, "VM Monitoring Task");
}

/* The pid of an oom-kill line: a number past INT_MAX is no pid (it was wrapped by atoi()). */
static void test_oom_kill_pid_too_long(void **state)
{
	static const char ok[] = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
				 "mems_allowed=0,global_oom,task_memcg=/,task=x,pid=651,uid=0";
	static const char big[] = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
				  "mems_allowed=0,global_oom,task_memcg=/,task=x,pid=99999999999,uid=0";
	struct bs_report r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(bs_oom_take_line(ok, strlen(ok), &r), BS_OOM_TAKEN);
	assert_int_equal(r.oom.victim_pid, 651);
	memset(&r, 0, sizeof(r));
	assert_int_equal(bs_oom_take_line(big, strlen(big), &r), BS_OOM_TAKEN);
	assert_string_equal(r.oom.victim_comm, "x");
	assert_int_equal(r.oom.victim_pid, 0);
}

struct first {
	struct bs_report r;
	int n;
};

static void keep_first(const struct bs_report *r, void *ctx)
{
	struct first *f = ctx;

	if (f->n++ == 0)
		f->r = *r;
}

/* Zones the replay keeps for the real atlantic report with its nodemask replaced by @mask. */
static int eligible_with_nodemask(const char *mask)
{
	static struct bs_analysis a;
	static struct first f;
	char path[512], *log, *hdr, *text;
	size_t len = 0, off;
	const char *old = "nodemask=(null)";

	snprintf(path, sizeof(path), "%s/tests/fixtures/reports/x86_64-atlantic-order5-6.7.log", srcdir());
	log = slurp(path, &len);
	assert_non_null(log);
	hdr = strstr(log, old);
	assert_non_null(hdr);
	off = (size_t)(hdr - log);
	text = malloc(len + strlen(mask) + 16);
	assert_non_null(text);
	memcpy(text, log, off);
	len = (size_t)sprintf(text + off, "nodemask=%s%s", mask, hdr + strlen(old)) + off;
	memset(&f, 0, sizeof(f));
	assert_true(bs_kmsg_parse_buffer("test", text, len, keep_first, &f) >= 1);
	assert_int_equal(f.r.kind, BS_KIND_PAGE_ALLOC_FAILURE);
	assert_int_equal(bs_analyze(&f.r, NULL, &a), 0);
	free(text);
	free(log);
	return a.nr_eligible;
}

/*
 * A node list with a node number longer than any int (made from a real
 * report by replacing its nodemask): it overflowed a long; now a list that
 * names no possible node excludes nothing, like any list we cannot read.
 */
static void test_nodemask_long_number(void **state)
{
	int all;

	(void)state;
	all = eligible_with_nodemask("(null)");
	assert_true(all > 0);
	/* the test can see an exclusion: node 5 is not this machine's */
	assert_int_equal(eligible_with_nodemask("5"), 0);
	assert_int_equal(eligible_with_nodemask("0"), all);
	assert_int_equal(eligible_with_nodemask("99999999999999999999999"), all);
	assert_int_equal(eligible_with_nodemask("0-99999999999999999999999"), all);
	assert_int_equal(eligible_with_nodemask("99999999999999999999999-0"), all);
}

struct seen {
	struct bs_line l;
	char text[64];
	int n;
};

static void keep_line(const struct bs_line *l, void *ctx)
{
	struct seen *s = ctx;

	if (s->n++ == 0) {
		s->l = *l;
		snprintf(s->text, sizeof(s->text), "%.*s", (int)l->len, l->text);
	}
}

static struct seen read_one(const char *text)
{
	struct seen s;
	struct bs_linereader *r;

	memset(&s, 0, sizeof(s));
	r = bs_linereader_alloc("test", keep_line, &s);
	assert_non_null(r);
	bs_linereader_feed(r, text, strlen(text));
	bs_linereader_finish(r);
	bs_linereader_free(r);
	assert_int_equal(s.n, 1);
	return s;
}

/*
 * A /dev/kmsg record whose priority is 2^64 + 1: summed in a uint64_t it
 * wrapped to 1 and passed for a kernel record of level 1.  It is not a
 * /dev/kmsg record, so the line stays whole.
 */
static void test_kmsg_prio_wraps_not(void **state)
{
	struct seen s;

	(void)state;
	s = read_one("1,7,2000000,-;hello\n");
	assert_string_equal(s.text, "hello");
	assert_int_equal(s.l.level, 1);
	assert_true(s.l.has_mono);
	s = read_one("18446744073709551617,7,2000000,-;hello\n");
	assert_false(s.l.has_mono);
	assert_string_equal(s.text, "18446744073709551617,7,2000000,-;hello");
}

/* saved_cmdlines of a recording: a pid past INT_MAX is refused, not wrapped by sscanf("%d"). */
static void test_cmdline_long_pid(void **state)
{
	char comm[16];
	int pid = 0;

	(void)state;
	assert_true(bs_trace_parse_cmdline("1234 kworker/0:1\n99 x", &pid, comm, sizeof(comm)));
	assert_int_equal(pid, 1234);
	assert_string_equal(comm, "kworker/0:1");
	assert_false(bs_trace_parse_cmdline("99999999999 bash", &pid, comm, sizeof(comm)));
	assert_false(bs_trace_parse_cmdline("2147483648 bash", &pid, comm, sizeof(comm)));
	assert_true(bs_trace_parse_cmdline("2147483647 bash", &pid, comm, sizeof(comm)));
	assert_int_equal(pid, 2147483647);
	assert_false(bs_trace_parse_cmdline("12", &pid, comm, sizeof(comm)));
	assert_false(bs_trace_parse_cmdline("12bash", &pid, comm, sizeof(comm)));
}

/*
 * kallsyms of a recording: the address goes through the saturating hex
 * scanner (sscanf("%llx") may not overflow); a longer digit string is no
 * address, and the real symbols around it still name the stack.
 */
static void test_kallsyms_long_address(void **state)
{
	static const char syms[] = "ffffffff81000000 T _stext\n"
				   "1ffffffff81000008 T bogus\n"
				   "ffffffff81000100 t later [mod]\n";
	struct bs_trace_opts o = { .min_order = 0 };
	struct bs_trace *t = bs_trace_alloc(&o);
	struct bs_tev ev = { .ts = 1, .order = 0, .kind = 0, .cpu = 0 };
	const uint64_t ips[] = { 0xffffffff81000010ULL, 0xffffffff81000104ULL };
	char buf[64];

	(void)state;
	assert_non_null(t);
	assert_int_equal(bs_trace_add(t, &ev), 0);
	assert_int_equal(bs_trace_add_stack(t, 0, ips, 2), 0);
	assert_int_equal(bs_trace_add_kallsyms(t, syms, strlen(syms)), 0);
	assert_true(bs_trace_symbolize(t, ips[0], buf, sizeof(buf)));
	assert_string_equal(buf, "_stext+0x10");
	assert_true(bs_trace_symbolize(t, ips[1], buf, sizeof(buf)));
	assert_string_equal(buf, "later [mod]+0x4");
	bs_trace_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_header_blank_comm),
		cmocka_unit_test(test_oom_kill_pid_too_long),
		cmocka_unit_test(test_nodemask_long_number),
		cmocka_unit_test(test_kmsg_prio_wraps_not),
		cmocka_unit_test(test_cmdline_long_pid),
		cmocka_unit_test(test_kallsyms_long_address),
	};

	return cmocka_run_group_tests_name("parse_limits", tests, NULL, NULL);
}
