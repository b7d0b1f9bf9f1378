// SPDX-License-Identifier: MIT
/*
 * test_kinds.c - the kinds of parse_kinds.c and the memory-state analysis
 * on shapes no real fixture holds yet.  Every line here is made from the
 * kernel's own format string (cited at each test), with made-up numbers:
 * none of it is presented as a real log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/event.h"
#include "parse/kmsg_parse.h"
#include "parse/linejoin.h"
#include "analysis/memstate.h"

#define MAX 8

struct got {
	struct bs_report r[MAX];
	int n;
};

static void collect(const struct bs_report *r, void *ctx)
{
	struct got *g = ctx;

	if (g->n < MAX)
		g->r[g->n] = *r;
	g->n++;
}

static struct got *parse(const char *text)
{
	struct got *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	assert_true(bs_kmsg_parse_buffer("made", text, strlen(text), collect, g) >= 0);
	return g;
}

/*
 * mm/cma.c (5.12 on): "%s: %s: alloc failed, req-size: %lu pages, ret: %d"
 * after alloc_contig_range()'s "%s: [%lx, %lx) PFNs busy", then
 * cma_debug_show_areas()'s map: one report, EBUSY, the busy ranges in it.
 */
static void test_cma_ebusy_takes_busy_ranges(void **state)
{
	struct got *g = parse("[ 10.000001] alloc_contig_range: [a000, a400) PFNs busy\n"
			      "[ 10.000002] alloc_contig_range: [a400, a800) PFNs busy\n"
			      "[ 10.000003] cma: cma_alloc: linux,cma: alloc failed, req-size: 1024 pages, ret: -16\n"
			      "[ 10.000004] cma: number of available pages: 512@0+1536@2048=> 2048 free of 16384 total pages\n"
			      "[ 10.000005] something else\n");
	struct bs_event_meaning m;

	(void)state;
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_CMA_FAILURE);
	assert_string_equal(g->r[0].ev.cma_name, "linux,cma");
	assert_true(g->r[0].ev.has_cma_pages);
	assert_int_equal(g->r[0].ev.cma_pages, 1024);
	assert_int_equal(g->r[0].ev.cma_ret, -16);
	assert_int_equal(g->r[0].ev.busy_ranges, 2);
	assert_int_equal(g->r[0].ev.busy_start, 0xa000);
	assert_true(g->r[0].ev.has_cma_free);
	assert_int_equal(g->r[0].ev.cma_free_pages, 2048);
	assert_int_equal(g->r[0].ev.cma_total_pages, 16384);
	assert_string_equal(bs_kinds_cause(&g->r[0]), "cma_busy_pages");
	bs_event_explain(&g->r[0], NULL, &m);
	assert_non_null(strstr(m.mechanism, "EBUSY"));
	assert_non_null(strstr(m.mechanism, "2048 of 16384 pages free"));
	free(g);
}

/* mm/nommu.c: "Allocation of length %lu from process %d (%s) failed", then show_free_areas() */
static void test_nommu_memstate(void **state)
{
	struct got *g = parse("Allocation of length 1052672 from process 143 (mplayer) failed\n"
			      "Normal free:6000kB min:720kB low:900kB high:1080kB present:32768kB managed:30000kB\n"
			      "lowmem_reserve[]: 0 0\n"
			      "Normal: 300*4kB 200*8kB 100*16kB 40*32kB 10*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 6000kB\n"
			      "8192 pages RAM\n"
			      "0 pages hwpoisoned\n");
	struct bs_memstate *m = calloc(1, sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_NOMMU_FAILURE);
	assert_string_equal(g->r[0].comm, "mplayer");
	assert_int_equal(g->r[0].pid, 143);
	assert_int_equal(g->r[0].ev.size, 1052672);
	assert_int_equal(g->r[0].nr_zones, 1);
	assert_int_equal(bs_memstate_analyze(&g->r[0], NULL, m), 0);
	/* 1052672 bytes need 257 pages: an order-9 block, and nothing above order 4 is free */
	assert_int_equal(m->focus_order, 9);
	assert_int_equal(m->cls[BS_CLASS_KERNEL].highest_min, 4);
	assert_int_equal(m->verdict, BS_MS_COSTLY_FAIL);
	free(m);
	free(g);
}

/*
 * Zone and buddy lines pasted alone (show_free_areas()'s formats): a
 * memory state with no trigger; a zone at its min mark says below_min and
 * its classes fail at order 0.
 */
static void test_headless_zone_lines(void **state)
{
	struct got *g = parse("Node 0 Normal free:4000kB min:4096kB low:5120kB high:6144kB managed:1048576kB\n"
			      "lowmem_reserve[]: 0 0 0 0\n"
			      "Node 0 Normal: 1000*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 4000kB\n");
	struct bs_memstate *m = calloc(1, sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_MEMORY_STATE);
	assert_string_equal(g->r[0].ev.trigger, "");
	assert_int_equal(bs_memstate_analyze(&g->r[0], NULL, m), 0);
	assert_int_equal(m->zones[0].level, BS_LEVEL_BELOW_MIN);
	assert_int_equal(m->verdict, BS_MS_BELOW_MIN);
	assert_int_equal(m->cls[BS_CLASS_KERNEL].highest_min, -1);
	assert_true(m->cls[BS_CLASS_KERNEL].checked);
	free(m);
	free(g);
}

/* A buddy line alone has no marks: nothing passes or fails, the verdict says no_marks. */
static void test_buddy_line_alone_has_no_marks(void **state)
{
	struct got *g = parse("Node 0 DMA32: 5*4kB 1*8kB 0*16kB = 28kB\n");
	struct bs_memstate *m = calloc(1, sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_MEMORY_STATE);
	assert_int_equal(bs_memstate_analyze(&g->r[0], NULL, m), 0);
	assert_int_equal(m->verdict, BS_MS_NO_MARKS);
	assert_false(m->cls[BS_CLASS_KERNEL].checked);
	assert_int_equal(m->zones[0].level, BS_LEVEL_UNKNOWN);
	free(m);
	free(g);
}

/* "Mem-Info:" with nothing after it is no report: there is no state in it. */
static void test_empty_meminfo_dropped(void **state)
{
	struct got *g = parse("Mem-Info:\nunrelated line\n");

	(void)state;
	assert_int_equal(g->n, 0);
	free(g);
}

/* A Mem-Info inside a page allocation failure is that report's, not a memory state. */
static void test_meminfo_of_a_failure_is_not_a_fragment(void **state)
{
	struct got *g = parse("x: page allocation failure: order:2, mode:0x20\n"
			      "Mem-Info:\n"
			      "Node 0 Normal free:4000kB min:4096kB low:5120kB high:6144kB\n"
			      "lowmem_reserve[]: 0 0 0 0\n"
			      "Node 0 Normal: 1000*4kB 0*8kB 0*16kB = 4000kB\n"
			      "0 pages hwpoisoned\n");

	(void)state;
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_PAGE_ALLOC_FAILURE);
	assert_int_equal(g->r[0].nr_zones, 1);
	free(g);
}

/*
 * mm/vmalloc.c (5.13 on): "vmalloc error: size %lu, exceeds total pages";
 * the size the brief names, -4096 as a signed long.
 */
static void test_vmalloc_negative_size(void **state)
{
	struct got *g = parse("x: vmalloc error: size 18446744073709547520, exceeds total pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n");
	struct bs_analysis *a = calloc(1, sizeof(*a));

	(void)state;
	assert_non_null(a);
	assert_int_equal(g->n, 1);
	assert_int_equal(bs_analyze(&g->r[0], NULL, a), 0);
	assert_int_equal(a->cause, BS_CAUSE_CALLER_BUG);
	assert_non_null(strstr(a->summary, "-4096"));
	free(a);
	free(g);
}

/* A vmap line followed by an unrelated line stands alone (its vmalloc report was suppressed or not printed). */
static void test_vmap_alone(void **state)
{
	struct got *g = parse("vmap allocation for size 8192 failed: use vmalloc=<size> to increase size\n"
			      "eth0: link up\n");

	(void)state;
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_VMAP_FAILURE);
	assert_int_equal(g->r[0].ev.vmap_size, 8192);
	assert_false(g->r[0].has_mode);
	free(g);
}

/*
 * MADE, after the shape of a real rsyslog capture of a 4.9 kernel
 * (fixtures x86_64-dcache-syslog-pr_cont-records-*): every KERN_CONT
 * piece of warn_alloc() and show_free_areas() is a record of its own.
 * The pieces join back into the header, the zone's lowmem_reserve and
 * its buddy line with the total.
 */
static void test_pr_cont_records_rejoined(void **state)
{
#define P "Feb 19 16:20:13 host kernel: "
	struct got *g = parse(P "swapper/6: \n" P "page allocation failure: order:0\n"
			      P ", mode:0x2080020(GFP_ATOMIC|__GFP_HIGH)\n"
			      P "CPU: 6 PID: 0 Comm: swapper/6 Not tainted 4.9.0-5-amd64 #1 Debian 4.9.65-3+deb9u2\n"
			      P "Mem-Info:\n"
			      P "Node 0 \n" P "DMA32 free:2644kB min:1924kB low:3800kB high:5676kB present:1952512kB managed:1886944kB\n"
			      P "lowmem_reserve[]:\n" P " 0\n" P " 0\n" P " 62446\n" P " 62446\n"
			      P "Node 0 \n" P "DMA32: \n" P "3*4kB \n" P "(UE) \n" P "3*8kB \n" P "(UM) \n"
			      P "0*16kB \n" P "1*32kB \n" P "(M) \n" P "= 92kB\n"
			      P "Free swap  = 0kB\n" P "Total swap = 0kB\n");
	struct bs_zone *z;

	(void)state;
	assert_int_equal(g->n, 1);
	assert_int_equal(g->r[0].kind, BS_KIND_PAGE_ALLOC_FAILURE);
	assert_string_equal(g->r[0].comm, "swapper/6");
	assert_int_equal(g->r[0].order, 0);
	assert_true(g->r[0].has_mode);
	assert_int_equal(g->r[0].mode, 0x2080020);
	z = bs_report_zone(&g->r[0], 0, "DMA32");
	assert_non_null(z);
	assert_int_equal(z->nr_lowmem_reserve, 4);
	assert_int_equal(z->lowmem_reserve[2], 62446);
	assert_true(z->buddy.present);
	assert_int_equal(z->buddy.nr_orders, 4);
	assert_int_equal(z->buddy.nr_free[0], 3);
	assert_int_equal(z->buddy.nr_free[3], 1);
	assert_int_equal(z->buddy.total_kb, 92);
	free(g);
#undef P
}

/*
 * MADE, after a real Raspberry Pi 4 OOM (fixture arm-rpi4-oom-cma-dma-fragment-6.x):
 * the zone is far above its marks, but almost all its free memory is CMA,
 * which GFP_KERNEL may not count: cma_only, not fragmentation.
 */
static void test_cma_only_memstate(void **state)
{
	struct got *g = parse("DMA free:519112kB boost:7216kB min:10428kB low:11228kB high:12028kB managed:663836kB free_cma:513592kB\n"
			      "lowmem_reserve[]: 0 0 3188 3188\n"
			      "DMA: 142*4kB (UEC) 161*8kB (UEC) 59*16kB (UEC) 51*32kB (UEC) 18*64kB (UEC) 2*128kB (UC) "
			      "1*256kB (C) 0*512kB 1*1024kB (C) 0*2048kB 125*4096kB (C) = 519120kB\n");
	struct bs_memstate *m = calloc(1, sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(g->n, 1);
	assert_int_equal(bs_memstate_analyze(&g->r[0], NULL, m), 0);
	assert_int_equal(m->verdict, BS_MS_CMA_ONLY);
	assert_string_equal(bs_memstate_verdict_name(m->verdict), "cma_only");
	free(m);
	free(g);
}

/* What a piece continues, and what it does not: a wrap inside a token, a finished line. */
static void test_pr_cont_guards(void **state)
{
	bool space;

	(void)state;
	assert_true(bs_join_pr_cont("lowmem_reserve[]: 0", 19, "1700", 4, &space));
	assert_true(space);
	assert_false(bs_join_pr_cont("lowmem_reserve[]: 0", 19, "Node 0 DMA: 1*4kB", 17, &space));
	assert_true(bs_join_pr_cont("Node 0 ", 7, "Normal free:4kB", 15, &space));
	assert_false(bs_join_pr_cont("Node 0 ", 7, "hugepages_total=0", 17, &space));
	/* "10*" then "32768kB": a mail or terminal cut inside a token, not a KERN_CONT piece */
	assert_false(bs_join_pr_cont("Normal: 5*16kB 10*", 18, "32768kB", 7, &space));
	assert_false(bs_join_pr_cont("DMA: 1*4kB = 4kB", 16, "(U)", 3, &space));
	assert_true(bs_join_pr_cont("page allocation failure: order:0", 32, ", mode:0x20", 11, &space));
	assert_false(space);
	assert_true(bs_join_pr_cont("java cpuset=", 12, "/", 1, &space));
	assert_false(space);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_ebusy_takes_busy_ranges),
		cmocka_unit_test(test_nommu_memstate),
		cmocka_unit_test(test_headless_zone_lines),
		cmocka_unit_test(test_buddy_line_alone_has_no_marks),
		cmocka_unit_test(test_empty_meminfo_dropped),
		cmocka_unit_test(test_meminfo_of_a_failure_is_not_a_fragment),
		cmocka_unit_test(test_vmalloc_negative_size),
		cmocka_unit_test(test_vmap_alone),
		cmocka_unit_test(test_pr_cont_records_rejoined),
		cmocka_unit_test(test_pr_cont_guards),
		cmocka_unit_test(test_cma_only_memstate),
	};

	return cmocka_run_group_tests_name("kinds", tests, NULL, NULL);
}
