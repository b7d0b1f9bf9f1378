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
#include "trace/trace_internal.h"

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


/* --- pages built by hand: the decoder against the ring buffer's layout --- */

static const char header_page64[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";

/* kmem:mm_page_alloc as v6.18 describes it (its events/.../format). */
static const char page_alloc_618[] =
	"name: mm_page_alloc\nID: 653\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int order;\toffset:16;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long gfp_flags;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int migratetype;\toffset:32;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"pfn=0x%lx order=%d migratetype=%d gfp_flags=%s\", REC->pfn, REC->order, "
	"REC->migratetype, __print_flags(REC->gfp_flags, \"|\", {0x2000, \"__GFP_NOWARN\"})\n";

/*
 * A 4 KiB sub-buffer of @n failed mm_page_alloc events (order 1..n, pid
 * 100+i), committed with @flags in the commit word's high bits, as
 * ring_buffer_read_page() leaves them.  Returns the bytes of events.
 */
static size_t build_page(unsigned char *page, int n, uint64_t flags)
{
	size_t off = 16;

	memset(page, 0, 4096);
	memcpy(page, &(uint64_t){ 1000000 }, 8);
	for (int i = 0; i < n; i++) {
		uint32_t hdr = 10 | (uint32_t)(i ? 100 : 0) << 5;	/* type_len 10: 40 bytes */
		unsigned char *e = page + off + 4;

		memcpy(page + off, &hdr, 4);
		memcpy(e, &(uint16_t){ 653 }, 2);
		memcpy(e + 4, &(int32_t){ 100 + i }, 4);
		memcpy(e + 8, &(uint64_t){ ~0ull }, 8);
		memcpy(e + 16, &(uint32_t){ (uint32_t)(1 + i) }, 4);
		memcpy(e + 24, &(uint64_t){ 0x2000 }, 8);
		memcpy(e + 32, &(int32_t){ 1 }, 4);
		off += 44;
	}
	memcpy(page + 8, &(uint64_t){ (off - 16) | flags }, 8);
	if (flags)
		memcpy(page + off, &(uint64_t){ 3 }, 8);	/* RB_MISSED_STORED: the count */
	return off - 16;
}

static struct bs_trace_decoder *decoder_618(struct bs_trace *t)
{
	struct bs_trace_decoder *d = bs_trace_decoder_alloc(t);

	assert_non_null(d);
	assert_int_equal(bs_trace_decoder_header(d, header_page64, sizeof(header_page64) - 1), 0);
	assert_int_equal(bs_trace_decoder_format(d, "kmem", page_alloc_618, sizeof(page_alloc_618) - 1), 0);
	return d;
}

/*
 * Every event of a page decodes intact, with its own order and gfp, both
 * with a clean commit word and with the missed-events flags the kernel
 * sets as a sign-extended int (RB_MISSED_EVENTS is 1 << 31): reading the
 * page with 4-byte longs loses events and zeroes fields in either case.
 */
static void test_decode_page_reads_every_event(void **state)
{
	static const uint64_t flags[] = { 0, 0xffffffffc0000000ull };
	unsigned char page[4096];

	(void)state;
	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		struct bs_trace *t = bs_trace_alloc(NULL);
		struct bs_trace_decoder *d = decoder_618(t);

		build_page(page, 12, flags[f]);
		assert_int_equal(bs_trace_decoder_page(d, 0, page, sizeof(page)), 12);
		assert_int_equal(t->nr_evs, 12);
		for (int i = 0; i < 12; i++) {
			assert_int_equal(t->evs[i].kind, BS_TEV_PAGE_ALLOC);
			assert_int_equal(t->evs[i].order, 1 + i);
			assert_int_equal(t->evs[i].gfp, 0x2000);
			assert_int_equal(t->evs[i].pid, 100 + i);
			assert_int_equal(t->evs[i].a, 1);
		}
		assert_int_equal(t->evs[11].ts - t->evs[0].ts, 11 * 100);
		assert_int_equal(bs_trace_nr_notes(t), flags[f] ? 1 : 0);	/* the overflow is said */
		bs_trace_decoder_free(d);
		bs_trace_free(t);
	}
}

/* A commit past the end of the page is refused, not followed. */
static void test_decode_page_refuses_long_commit(void **state)
{
	struct bs_trace *t = bs_trace_alloc(NULL);
	struct bs_trace_decoder *d = decoder_618(t);
	unsigned char page[4096];

	(void)state;
	build_page(page, 2, 0);
	memcpy(page + 8, &(uint64_t){ 4090 }, 8);
	assert_int_equal(bs_trace_decoder_page(d, 0, page, sizeof(page)), -1);
	assert_int_equal(t->nr_evs, 0);
	assert_true(bs_trace_partial(t));
	bs_trace_decoder_free(d);
	bs_trace_free(t);
}

/*
 * kmem:mm_page_alloc before the pfn field: a `struct page *page` and a
 * 4-byte gfp_t, as include/trace/events/kmem.h of the 3.x kernels declares
 * it (reconstructed, see tests/fixtures/trace/SOURCES.md).
 */
static const char page_alloc_3x[] =
	"name: mm_page_alloc\nID: 301\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:struct page * page;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int order;\toffset:16;\tsize:4;\tsigned:0;\n"
	"\tfield:gfp_t gfp_flags;\toffset:20;\tsize:4;\tsigned:0;\n"
	"\tfield:int migratetype;\toffset:24;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"page=%p order=%d migratetype=%d gfp_flags=%s\", REC->page, REC->order, "
	"REC->migratetype, (REC->gfp_flags) ? __print_flags(REC->gfp_flags, \"|\", {0x200, \"__GFP_NOWARN\"}) : \"GFP_NOWAIT\"\n";

/* One 28-byte mm_page_alloc of the 3.x layout at @off; returns the next offset. */
static size_t put_3x(unsigned char *page, size_t off, uint64_t pg, uint32_t order)
{
	uint32_t hdr = 7;	/* type_len 7: 28 bytes */
	unsigned char *e = page + off + 4;

	memcpy(page + off, &hdr, 4);
	memset(e, 0, 28);
	memcpy(e, &(uint16_t){ 301 }, 2);
	memcpy(e + 4, &(int32_t){ 77 }, 4);
	memcpy(e + 8, &pg, 8);
	memcpy(e + 16, &order, 4);
	memcpy(e + 20, &(uint32_t){ 0x200 }, 4);
	memcpy(e + 24, &(int32_t){ 2 }, 4);
	return off + 32;
}

/* Before pfn, a failure is page == NULL: filtered so, and decoded so. */
static void test_page_field_kernels(void **state)
{
	struct bs_trace_opts o = { .min_order = 2 };
	struct bs_trace *t = bs_trace_alloc(&o);
	struct bs_trace_decoder *d = bs_trace_decoder_alloc(t);
	unsigned char page[4096] = { 0 };
	char filter[256];
	size_t off = 16;

	(void)state;
	assert_int_equal(bs_trace_decoder_header(d, header_page64, sizeof(header_page64) - 1), 0);
	assert_int_equal(bs_trace_decoder_format(d, "kmem", page_alloc_3x, sizeof(page_alloc_3x) - 1), 0);
	assert_int_equal(bs_trace_decoder_filter(d, BS_TEV_PAGE_ALLOC, &o, filter, sizeof(filter)), 0);
	assert_string_equal(filter, "page == 0 && order >= 2");
	off = put_3x(page, off, 0xffffea0000040000ull, 3);	/* served: not a failure */
	off = put_3x(page, off, 0, 4);				/* failed */
	memcpy(page + 8, &(uint64_t){ off - 16 }, 8);
	assert_int_equal(bs_trace_decoder_page(d, 0, page, sizeof(page)), 1);
	assert_int_equal(t->nr_evs, 1);
	assert_int_equal(t->evs[0].order, 4);
	assert_int_equal(t->evs[0].gfp, 0x200);
	assert_int_equal(t->evs[0].a, 2);
	assert_int_equal(t->evs[0].pid, 77);
	bs_trace_decoder_free(d);
	bs_trace_free(t);
}

/*
 * Compaction statuses are named by the recording kernel's own table: the
 * values are an enum whose members were added, renamed (COMPACT_PARTIAL
 * became COMPACT_SUCCESS) and reordered across kernels.  A format that
 * numbers them differently from 6.18 (a synthetic table in the older
 * names) is named its way.
 */
static void test_status_names_follow_the_format(void **state)
{
	static const char end_fmt[] =
		"name: mm_compaction_end\nID: 400\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
		"\tfield:bool sync;\toffset:8;\tsize:1;\tsigned:0;\n"
		"\tfield:int status;\toffset:12;\tsize:4;\tsigned:1;\n\n"
		"print fmt: \"mode=%s status=%s\", REC->sync ? \"sync\" : \"async\", "
		"__print_symbolic(REC->status, {0, \"deferred\"}, {1, \"skipped\"}, {2, \"continue\"}, "
		"{3, \"partial\"}, {4, \"complete\"})\n";
	struct bs_trace *t = bs_trace_alloc(NULL);
	struct bs_trace_decoder *d = bs_trace_decoder_alloc(t);

	(void)state;
	assert_int_equal(bs_trace_decoder_header(d, header_page64, sizeof(header_page64) - 1), 0);
	assert_int_equal(bs_trace_decoder_format(d, "compaction", end_fmt, sizeof(end_fmt) - 1), 0);
	assert_string_equal(bs_trace_status_name(t, 3), "partial");
	assert_string_equal(bs_trace_status_name(t, 0), "deferred");
	assert_string_equal(bs_trace_status_name(t, 4), "complete");
	bs_trace_decoder_free(d);
	bs_trace_free(t);
}

/* The 6.18 recording: the failure, decoded with the table and the kernel agreeing. */
static void test_replay_fixture(void **state)
{
	struct bs_trace_opts o = { 0 };
	struct bs_trace *t = bs_trace_alloc(&o);
	struct bs_gfp_decoded d;
	char err[256];

	(void)state;
	assert_int_equal(bs_trace_replay_dir(t, FIXTURE, NULL, err, sizeof(err)), 0);
	assert_int_equal(bs_trace_finish(t), 0);
	assert_int_equal(bs_trace_nr_failures(t), 1);
	assert_int_equal(t->sites[0].order, 9);
	bs_gfp_decode(t->gfp, t->sites[0].gfp, &d);
	assert_true(bs_gfp_is(&d, BS_GFP_RETRY_MAYFAIL));
	assert_true(bs_gfp_is(&d, BS_GFP_THISNODE));
	assert_int_equal(t->nr_kgfp, 1);
	assert_int_equal(t->nr_gfp_mismatch, 0);
	assert_string_equal(t->gfp->id, "6.18");
	/* counted independently by walking the pages' event headers */
	assert_int_equal(t->counts[BS_TEV_COMPACT_TRY], 28);
	assert_int_equal(t->counts[BS_TEV_COMPACT_END], 34);
	assert_int_equal(t->counts[BS_TEV_COMPACT_DEFER_RESET], 52);
	assert_int_equal(t->counts[BS_TEV_WAKEUP_KSWAPD], 7);
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
		cmocka_unit_test(test_decode_page_reads_every_event),
		cmocka_unit_test(test_decode_page_refuses_long_commit),
		cmocka_unit_test(test_page_field_kernels),
		cmocka_unit_test(test_status_names_follow_the_format),
		cmocka_unit_test(test_replay_fixture),
		cmocka_unit_test(test_infer_table_from_kernel_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
