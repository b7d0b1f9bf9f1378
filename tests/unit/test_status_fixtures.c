// SPDX-License-Identifier: MIT
/*
 * test_status_fixtures.c - status on real unhealthy machines: snapshots
 * of this project's 6.18 machine taken while fragmented, at the min mark
 * and dirty-heavy (tests/capture/), and published proc files of 3.2, 4.18
 * (RHEL 8) and 5.4 (Ubuntu) machines (tests/fixtures/proc/SOURCES.md).
 * Each test checks that the warning the state calls for fires, with the
 * numbers of the files and the setting that changes it, and checks our
 * arithmetic against the kernel's own where the files carry it (debugfs
 * indices, vmstat's dirty thresholds, zoneinfo's marks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/status.h"

#define FIX "tests/fixtures/proc/"

static struct bs_status *analyze(const char *dir)
{
	struct bs_status *s = bs_status_alloc();
	struct bs_status_opts o = { .root = dir };
	char err[128];

	assert_non_null(s);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	return s;
}

/* The warning with @id, or NULL. */
static const struct bs_status_warning *warning(const struct bs_status *s, const char *id)
{
	for (int i = 0; i < s->nr_warn; i++)
		if (!strcmp(s->warn[i].id, id))
			return &s->warn[i];
	return NULL;
}

static const struct bs_status_zone *zone(const struct bs_status *s, const char *name)
{
	for (int i = 0; i < s->nr_z; i++)
		if (s->z[i].pz->node == 0 && !strcmp(s->z[i].pz->name, name))
			return &s->z[i];
	fail_msg("no zone %s", name);
	return NULL;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" lacks \"%s\"", hay, needle);
}

/* debugfs' "Node 0, zone   Normal -1.000 0.998 ..." row as thousandths; count or -1. */
static int debugfs_row(const char *text, const char *zone_name, int *out)
{
	char head[64];
	const char *p;
	int n = 0;

	snprintf(head, sizeof(head), "Node 0, zone %8s ", zone_name);
	p = strstr(text, head);
	if (!p)
		return -1;
	for (p += strlen(head); *p && *p != '\n';) {
		int ip, frac, len, neg = 0;

		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		if (*p == '-') {
			neg = 1;
			p++;
		}
		if (sscanf(p, "%d.%3d%n", &ip, &frac, &len) != 2)
			return -1;
		out[n++] = (neg ? -1 : 1) * (ip * 1000 + frac);
		p += len;
	}
	return n;
}

/*
 * The unhealthy captures carry debugfs' indices of the same free lists:
 * ours equal them.  (Not the lowmem capture: the hog kept allocating
 * between the reads there, see SOURCES.md.)
 */
static void test_indices_equal_debugfs_unhealthy(void **state)
{
	static const char *const dirs[] = { FIX "x86_64-6.18-fragmented", FIX "x86_64-6.18-dirty" };
	int want[BS_MAX_ORDERS];

	(void)state;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		struct bs_status *s = analyze(dirs[d]);

		assert_true(s->has_extfrag_debugfs);
		for (int i = 0; i < s->nr_z; i++) {
			const struct bs_status_zone *z = &s->z[i];
			int n = debugfs_row(s->extfrag_index_text, z->pz->name, want);

			assert_int_equal(n, z->pz->nr_orders);
			for (int k = 0; k < n; k++)
				assert_int_equal(z->frag_index[k], want[k]);
			n = debugfs_row(s->unusable_index_text, z->pz->name, want);
			assert_int_equal(n, z->pz->nr_orders);
			for (int k = 0; k < n; k++)
				assert_int_equal(z->unusable_index[k], want[k]);
		}
		bs_status_free(s);
	}
}

/*
 * Every order-0 page freed with its buddy held: no pageblock-sized block
 * is left anywhere, so THP needs compaction; THP defrag "madvise" is named.
 */
static void test_fragmented_thp(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-6.18-fragmented");
	const struct bs_status_zone *n = zone(s, "Normal");
	const struct bs_status_warning *w = warning(s, "thp_fragmentation");
	char text[64];

	(void)state;
	assert_int_equal(s->pz.pageblock_order, 9);
	assert_int_equal(s->cls[BS_CLASS_TRANSHUGE].highest_low, 8);
	assert_false(s->cls[BS_CLASS_TRANSHUGE].ok_min[9]);
	assert_int_equal(n->pz->nr_free[9] + n->pz->nr_free[10], 0);
	assert_non_null(w);
	assert_int_equal(n->frag_index[9], 998);
	snprintf(text, sizeof(text), "%ld pages free", n->free_pages);
	assert_contains(w->text, "order 9 huge page allocations (GFP_TRANSHUGE) in Node 0 Normal");
	assert_contains(w->text, text);
	assert_contains(w->text, "fragmentation index at order 9: 0.998");
	assert_contains(w->change, "THP defrag is \"madvise\"");
	/* small orders are fine: no unmovable/movable warning */
	assert_null(warning(s, "fragmentation"));
	assert_int_equal(s->nr_warn, 1);
	bs_status_free(s);
}

/*
 * Free pages held at the min mark: GFP_KERNEL fails at both marks in every
 * zone (DMA32 keeps its lowmem_reserve), GFP_ATOMIC's reserves still pass,
 * and the warning shows __setup_per_zone_wmarks() from the sysctls.
 */
static void test_lowmem_at_min(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-6.18-lowmem");
	const struct bs_status_zone *n = zone(s, "Normal"), *d32 = zone(s, "DMA32");
	const struct bs_status_warning *w = warning(s, "below_min");
	uint64_t lowmem = 0, pages_min = 67584 / 4, min, gap;
	char text[160];

	(void)state;
	assert_non_null(w);
	assert_true(n->free_pages <= (long)n->pz->min);
	assert_int_equal(s->cls[BS_CLASS_KERNEL].highest_low, -1);
	assert_int_equal(s->cls[BS_CLASS_KERNEL].highest_min, -1);
	/* DMA32 for a Normal request: free 22794 <= min 2116 + protection 21071 */
	assert_true(d32->free_pages <= (long)(d32->pz->min + d32->pz->protection[2]));
	assert_true(s->cls[BS_CLASS_ATOMIC].ok_min[0]);
	snprintf(text, sizeof(text), "free %ld <= min %llu pages", n->free_pages, (unsigned long long)n->pz->min);
	assert_contains(w->text, text);
	assert_contains(w->text, "sleeping requests enter direct reclaim");
	/* the marks by hand: min is Normal's share of min_free_kbytes, gap max(min/4, managed*10/10000) */
	for (int i = 0; i < s->nr_z; i++)
		lowmem += s->z[i].pz->managed;
	min = pages_min * n->pz->managed / lowmem;
	gap = n->pz->managed * 10 / 10000 > min / 4 ? n->pz->managed * 10 / 10000 : min / 4;
	assert_int_equal(min, n->pz->min);
	assert_int_equal(min + gap, n->pz->low);
	snprintf(text, sizeof(text), "min %llu pages is this zone's share of vm.min_free_kbytes=67584",
		 (unsigned long long)min);
	assert_contains(w->change, text);
	snprintf(text, sizeof(text), "vm.watermark_scale_factor=20 would wake kswapd at %llu free pages",
		 (unsigned long long)(min + 2 * (n->pz->managed * 10 / 10000)));
	assert_contains(w->change, text);
	bs_status_free(s);
}

/* 3 GB written with dirty_background_ratio=40: a third of free + file is dirty and nothing writes it. */
static void test_dirty_heavy(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-6.18-dirty");
	const struct bs_status_warning *w = warning(s, "dirty");
	unsigned pct;
	char text[96];

	(void)state;
	assert_non_null(w);
	assert_true(s->dirty_thresh_printed);
	assert_true(s->dirty_pages < s->dirty_bg_thresh);
	pct = (unsigned)(s->dirty_pages * 100 / s->dirtyable_pages);
	assert_int_equal(pct, 36);
	snprintf(text, sizeof(text), "dirty pages are %u%% of free + file (%llu of", pct,
		 (unsigned long long)s->dirty_pages);
	assert_contains(w->text, text);
	/* 36% of the dirtyable pages as the kernel rounds it is below the dirty pages, 37% above */
	assert_true((36 * 4096 / 100) * s->dirtyable_pages / 4096 <= s->dirty_pages);
	assert_true((37 * 4096 / 100) * s->dirtyable_pages / 4096 > s->dirty_pages);
	assert_contains(w->change, "vm.dirty_background_ratio=36 or lower would start writeback now");
	bs_status_free(s);
}

/*
 * global_dirtyable_memory() and domain_dirty_limits() redone from zoneinfo,
 * vmstat and the sysctls land within 0.01% of the limits the kernel printed
 * in the same vmstat, on 4.18, 5.4 and 6.18.
 */
static void test_dirty_limits_equal_kernel(void **state)
{
	static const char *const dirs[] = {
		FIX "x86_64-6.18-fragmented", FIX "x86_64-6.18-lowmem", FIX "x86_64-6.18-dirty",
		FIX "x86_64-4.18-rhel8-coreos", FIX "x86_64-5.4-ubuntu-openstack", FIX "x86_64-5.4-ubuntu-vault",
		FIX "x86_64-5.4-ubuntu-kubernetes",
	};

	(void)state;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		struct bs_status *s = analyze(dirs[d]);
		uint64_t kt = s->dirty_thresh, kb = s->dirty_bg_thresh, ct = s->dirty_thresh_calc,
			 cb = s->dirty_bg_thresh_calc;

		assert_true(s->dirty_thresh_printed);
		if ((ct > kt ? ct - kt : kt - ct) * 10000 > kt + 10000 || (cb > kb ? cb - kb : kb - cb) * 10000 > kb + 10000)
			fail_msg("%s: ours %llu/%llu, kernel %llu/%llu", dirs[d], (unsigned long long)ct,
				 (unsigned long long)cb, (unsigned long long)kt, (unsigned long long)kb);
		bs_status_free(s);
	}
}

/* RHEL 8.0 (4.18) and Ubuntu 5.4 machines caught just below Normal's low mark, DMA32 still above its own. */
static void test_below_low_published(void **state)
{
	static const struct {
		const char *dir;
		const char *text;
	} cases[] = {
		{ FIX "x86_64-4.18-rhel8-coreos", "Node 0 Normal is below its low mark (free 10852 <= low 10855 pages)" },
		{ FIX "x86_64-5.4-ubuntu-kubernetes", "Node 0 Normal is below its low mark (free 5146 <= low 5162 pages)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bs_status *s = analyze(cases[i].dir);
		const struct bs_status_warning *w = warning(s, "below_low");

		const struct bs_status_zone *d32 = zone(s, "DMA32");

		assert_non_null(w);
		assert_contains(w->text, cases[i].text);
		/* DMA32 passes its low mark plus the lowmem_reserve it keeps from Normal requests ... */
		assert_true(d32->free_pages > (long)(d32->pz->low + d32->pz->protection[2]));
		/* ... so order-0 requests spill there and no slow path wakes kswapd */
		assert_contains(w->text, "served from the next zone of their zonelist");
		assert_contains(w->change, "vm.watermark_scale_factor");
		/* the zone's managed pages changed since the marks were set: no arithmetic claimed */
		assert_null(strstr(w->change, "would wake kswapd"));
		bs_status_free(s);
	}
}

/* Ubuntu 5.4 compute node: direct compaction failing and THP faults falling back, since boot. */
static void test_compaction_failing_published(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-5.4-ubuntu-openstack");
	const struct bs_status_warning *c = warning(s, "compaction_failing"), *t = warning(s, "thp_fallback");

	(void)state;
	assert_non_null(c);
	assert_contains(c->text, "direct compaction failed 825 of 1038 stalls since boot");
	assert_non_null(t);
	/* 387 fallbacks of 241 + 387 faults */
	assert_contains(t->text, "61% of THP faults fell back to small pages since boot (387 of 628)");
	assert_contains(t->change, "transparent_hugepage/defrag");
	bs_status_free(s);
}

/* Ubuntu 5.4 host with nothing above order 7 in any zone: THP needs compaction even without THP files. */
static void test_vault_fragmented_published(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-5.4-ubuntu-vault");
	const struct bs_status_warning *w = warning(s, "thp_fragmentation");

	(void)state;
	assert_string_equal(s->thp_enabled, "");
	assert_int_equal(s->cls[BS_CLASS_KERNEL].highest_low, 7);
	assert_non_null(w);
	assert_contains(w->text, "order 9 huge page allocations (GFP_TRANSHUGE) in Node 0 Normal");
	/* index 995 > extfrag_threshold 500: compaction_suitable() lets it compact */
	assert_int_equal(zone(s, "Normal")->frag_index[9], 995);
	assert_contains(w->change, "compaction runs for it (index above vm.extfrag_threshold)");
	bs_status_free(s);
}

/*
 * A 3.2 zoneinfo (linux-mm, kswapd CPU hog thread): no managed line,
 * protection after the counters, no buddyinfo.  Order 0 is still checked
 * on the marks, and the verdict says higher orders cannot be.
 */
static void test_old_zoneinfo_3_2(void **state)
{
	struct bs_status *s = analyze(FIX "x86_64-3.2-linux-mm-kswapd");
	const struct bs_status_zone *n = zone(s, "Normal");

	(void)state;
	assert_int_equal(s->nr_z, 3);
	assert_string_equal(s->rules->id, "2.6.35");	/* the 2.6.35 .. 3.15 era */
	assert_int_equal(n->free_pages, 2854);
	assert_int_equal(n->pz->low, 2645);
	assert_int_equal(n->zone_idx, 2);
	assert_int_equal(zone(s, "DMA32")->pz->protection[2], 504);
	assert_int_equal(s->nr_orders, 1);
	assert_true(s->cls[BS_CLASS_KERNEL].ok_low[0]);
	assert_int_equal(s->nr_warn, 0);
	assert_contains(s->verdict, "higher orders cannot be checked without /proc/buddyinfo");
	bs_status_free(s);
}

/*
 * build_zonelists()' node order from a distance table: nearest first,
 * then nodes below the local one and nodes with CPUs lose ties.
 */
static void test_node_order(void **state)
{
	static int dist[BS_STATUS_MAX_NODES][BS_STATUS_MAX_NODES];
	bool rows[BS_STATUS_MAX_NODES] = { false }, cpus[BS_STATUS_MAX_NODES] = { false };
	const int nodes[4] = { 0, 1, 2, 3 };
	/* a 4-socket ring: 0-2 and 1-3 are one hop, the rest two */
	const int table[4][4] = { { 10, 32, 21, 32 }, { 32, 10, 32, 21 }, { 21, 32, 10, 32 }, { 32, 21, 32, 10 } };
	int out[4];

	(void)state;
	for (int a = 0; a < 4; a++) {
		rows[a] = cpus[a] = true;
		for (int b = 0; b < 4; b++)
			dist[a][b] = table[a][b];
	}
	assert_true(bs_status_node_order(0, nodes, 4, (const int (*)[BS_STATUS_MAX_NODES])dist, rows, cpus, out));
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 3);
	/* from node 3: 1 is one hop; 0 and 2 tie at 32 + 1 (below 3): lowest number first */
	bs_status_node_order(3, nodes, 4, (const int (*)[BS_STATUS_MAX_NODES])dist, rows, cpus, out);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], 2);
	/* a CPU-less (memory-only) node wins a tie at equal distance */
	cpus[3] = false;
	dist[0][1] = dist[0][3] = 21;
	dist[0][2] = 32;
	bs_status_node_order(0, nodes, 4, (const int (*)[BS_STATUS_MAX_NODES])dist, rows, cpus, out);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 2);
	/* no distances: number order, said so */
	rows[0] = false;
	assert_false(bs_status_node_order(0, nodes, 4, (const int (*)[BS_STATUS_MAX_NODES])dist, rows, cpus, out));
	assert_int_equal(out[1], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indices_equal_debugfs_unhealthy),
		cmocka_unit_test(test_fragmented_thp),
		cmocka_unit_test(test_lowmem_at_min),
		cmocka_unit_test(test_dirty_heavy),
		cmocka_unit_test(test_dirty_limits_equal_kernel),
		cmocka_unit_test(test_below_low_published),
		cmocka_unit_test(test_compaction_failing_published),
		cmocka_unit_test(test_vault_fragmented_published),
		cmocka_unit_test(test_old_zoneinfo_3_2),
		cmocka_unit_test(test_node_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
