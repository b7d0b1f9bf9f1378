// SPDX-License-Identifier: MIT
/*
 * test_trace.c - pairing, histograms and decode of trace runs, on
 * hand-built events and on the bundled 6.18 recording.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "trace.h"
#include "trace_internal.h"

#define FIXTURE "tests/fixtures/trace/hugetlb-fail"

static void test_bucket_is_log2_of_usecs(void **state)
{
	(void)state;
	assert_int_equal(bs_trace_bucket(0), 0);
	assert_int_equal(bs_trace_bucket(1), 0);
	assert_int_equal(bs_trace_bucket(2), 1);
	assert_int_equal(bs_trace_bucket(3), 1);
	assert_int_equal(bs_trace_bucket(1023), 9);
	assert_int_equal(bs_trace_bucket(1024), 10);
	assert_int_equal(bs_trace_bucket(~0ull), BS_TRACE_BUCKETS - 1);
}

static void add(struct bs_trace *t, enum bs_tev_kind k, uint64_t ts, int pid, int cpu, int order, uint64_t val)
{
	struct bs_tev ev = { .ts = ts, .kind = (uint16_t)k, .pid = pid, .cpu = (uint16_t)cpu,
			     .order = order, .val = val };

	assert_int_equal(bs_trace_add(t, &ev), 0);
}

/* A begin on one CPU, its end on another and added first: paired by time. */
static void test_reclaim_pairs_across_cpus(void **state)
{
	struct bs_trace *t = bs_trace_alloc(NULL);
	const struct bs_stall *s;

	(void)state;
	bs_trace_add_comm(t, 42, "dd");
	add(t, BS_TEV_DR_END, 3000000, 42, 1, -1, 17);		/* 2 ms after the begin */
	add(t, BS_TEV_DR_BEGIN, 1000000, 42, 0, 3, 0);
	add(t, BS_TEV_DR_BEGIN, 5000000, 43, 0, 0, 0);		/* never ends */
	add(t, BS_TEV_DR_END, 6000000, 44, 0, -1, 5);		/* no begin: ignored */
	assert_int_equal(bs_trace_finish(t), 0);
	s = &t->stall[BS_STALL_DIRECT_RECLAIM];
	assert_int_equal(s->all.count, 1);
	assert_int_equal(s->all.total_ns, 2000000);
	assert_int_equal(s->all.pages, 17);
	assert_int_equal(s->all.hist[bs_trace_bucket(2000)], 1);
	assert_int_equal(s->by_order[3].count, 1);
	assert_int_equal(s->nr_comm, 1);
	assert_string_equal(s->by_comm[0].comm, "dd");
	assert_int_equal(s->unpaired, 1);
	bs_trace_free(t);
}

/* Compaction after try_to_compact_pages is direct; without it, other. */
static void test_compaction_direct_or_other(void **state)
{
	struct bs_trace *t = bs_trace_alloc(NULL);

	(void)state;
	bs_trace_add_status_name(t, 8, "success");
	bs_trace_set_available(t, BS_TEV_COMPACT_END, true);
	add(t, BS_TEV_COMPACT_TRY, 100, 7, 0, 9, 0);
	add(t, BS_TEV_COMPACT_BEGIN, 200, 7, 0, -1, 0);
	add(t, BS_TEV_COMPACT_END, 1200, 7, 0, -1, 0);
	add(t, BS_TEV_COMPACT_BEGIN, 300, 8, 1, -1, 0);		/* kcompactd */
	add(t, BS_TEV_COMPACT_END, 900, 8, 1, -1, 0);
	t->evs[2].a = 8;
	t->evs[4].a = 3;
	assert_int_equal(bs_trace_finish(t), 0);
	assert_int_equal(t->stall[BS_STALL_DIRECT_COMPACT].all.count, 1);
	assert_int_equal(t->stall[BS_STALL_DIRECT_COMPACT].by_order[9].count, 1);
	assert_int_equal(t->stall[BS_STALL_OTHER_COMPACT].all.count, 1);
	assert_int_equal(t->compact_tries[9], 1);
	assert_int_equal(t->nr_outcomes, 2);
	assert_string_equal(t->outcomes[1].name, "success");	/* in time order: kcompactd ended first */
	assert_string_equal(t->outcomes[0].name, "status 3");	/* unnamed: said as a number */
	bs_trace_free(t);
}

/* The 6.18 recording: the failure, decoded with the table and the kernel agreeing. */
static void test_replay_fixture(void **state)
{
	struct bs_trace_opts o = { 0 };
	struct bs_trace *t = bs_trace_alloc(&o);
	char err[256];

	(void)state;
	assert_int_equal(bs_trace_replay_dir(t, FIXTURE, NULL, err, sizeof(err)), 0);
	assert_int_equal(bs_trace_finish(t), 0);
	assert_int_equal(bs_trace_nr_failures(t), 1);
	assert_int_equal(t->sites[0].order, 9);
	assert_true(bs_gfp_test(t->gfp, t->sites[0].gfp, "__GFP_RETRY_MAYFAIL"));
	assert_true(bs_gfp_test(t->gfp, t->sites[0].gfp, "__GFP_THISNODE"));
	assert_int_equal(t->nr_kgfp, 1);
	assert_int_equal(t->nr_gfp_mismatch, 0);
	assert_string_equal(t->gfp->id, "6.18");
	assert_false(bs_trace_partial(t));
	bs_trace_free(t);
}

/* Without osrelease the GFP table is the one that reproduces the kernel's print. */
static void test_infer_table_from_kernel_print(void **state)
{
	struct bs_trace *t = bs_trace_alloc(NULL);
	char buf[256];

	(void)state;
	assert_int_equal(bs_trace_add_kernel_gfp(t, 0x346cca,
		"GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|__GFP_RETRY_MAYFAIL|__GFP_COMP|__GFP_THISNODE"), 0);
	assert_int_equal(bs_trace_finish(t), 0);
	assert_non_null(t->gfp);
	assert_true(t->gfp_inferred);
	assert_true(bs_gfp_format_trace(t->gfp, 0x346cca, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|__GFP_RETRY_MAYFAIL|__GFP_COMP|__GFP_THISNODE");
	assert_int_equal(t->nr_gfp_mismatch, 0);
	bs_trace_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_is_log2_of_usecs),
		cmocka_unit_test(test_reclaim_pairs_across_cpus),
		cmocka_unit_test(test_compaction_direct_or_other),
		cmocka_unit_test(test_replay_fixture),
		cmocka_unit_test(test_infer_table_from_kernel_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
