// SPDX-License-Identifier: MIT
/*
 * test_rules.c - the per-era allocator rules (lib/rules.c) against what
 * each kernel's mm/page_alloc.c and mm/compaction.c decide.
 *
 * The GFP tables here are small, hand-written subsets of each kernel's
 * include/linux/gfp.h (gfp_types.h from 6.0), so these tests do not
 * depend on the generated tables: only the bits a rule tests are listed,
 * with the values of the header named in each table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/gfp.h"
#include "kernel/rules.h"

#define NR(a)	(sizeof(a) / sizeof((a)[0]))
#define KV(a, b, c)	BS_RULES_CODE(a, b, c)
#define F(n, m)		{ .name = (n), .mask = (m) }

/* RHEL 7.3 kernel-3.10.0-514.el7 include/linux/gfp.h */
static const struct bs_gfp_flag f_rhel7[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_WAIT", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_REPEAT", 0x400),
	F("__GFP_NOFAIL", 0x800),	F("__GFP_NORETRY", 0x1000),
	F("__GFP_MEMALLOC", 0x2000),	F("__GFP_COMP", 0x4000),
	F("__GFP_NOMEMALLOC", 0x10000),	F("__GFP_HARDWALL", 0x20000),
	F("__GFP_THISNODE", 0x40000),	F("__GFP_RECLAIMABLE", 0x80000),
	F("__GFP_KMEMCG", 0x100000),	F("__GFP_NO_KSWAPD", 0x400000),
};

/* 2.6.32: same low bits, no __GFP_MEMALLOC/__GFP_NO_KSWAPD needed here */
static const struct bs_gfp_flag f_2632[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_WAIT", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_NOFAIL", 0x800),
	F("__GFP_NORETRY", 0x1000),	F("__GFP_NOMEMALLOC", 0x10000),
	F("__GFP_RECLAIMABLE", 0x80000),
};

/* v4.4.155 include/linux/gfp.h */
static const struct bs_gfp_flag f_44[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_RECLAIMABLE", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_REPEAT", 0x400),
	F("__GFP_NOFAIL", 0x800),	F("__GFP_NORETRY", 0x1000),
	F("__GFP_MEMALLOC", 0x2000),	F("__GFP_COMP", 0x4000),
	F("__GFP_NOMEMALLOC", 0x10000),	F("__GFP_THISNODE", 0x40000),
	F("__GFP_ATOMIC", 0x80000),	F("__GFP_DIRECT_RECLAIM", 0x400000),
	F("__GFP_KSWAPD_RECLAIM", 0x2000000),
};

/* v4.14.67 include/linux/gfp.h */
static const struct bs_gfp_flag f_414[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_RECLAIMABLE", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_RETRY_MAYFAIL", 0x400),
	F("__GFP_NOFAIL", 0x800),	F("__GFP_NORETRY", 0x1000),
	F("__GFP_MEMALLOC", 0x2000),	F("__GFP_COMP", 0x4000),
	F("__GFP_NOMEMALLOC", 0x10000),	F("__GFP_THISNODE", 0x40000),
	F("__GFP_ATOMIC", 0x80000),	F("__GFP_DIRECT_RECLAIM", 0x400000),
	F("__GFP_KSWAPD_RECLAIM", 0x1000000),
};

/* v6.1 include/linux/gfp_types.h (6.1.158 identical) */
static const struct bs_gfp_flag f_61[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_RECLAIMABLE", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_ATOMIC", 0x200),
	F("__GFP_DIRECT_RECLAIM", 0x400),F("__GFP_KSWAPD_RECLAIM", 0x800),
	F("__GFP_RETRY_MAYFAIL", 0x4000),F("__GFP_NOFAIL", 0x8000),
	F("__GFP_NORETRY", 0x10000),	F("__GFP_MEMALLOC", 0x20000),
	F("__GFP_COMP", 0x40000),	F("__GFP_NOMEMALLOC", 0x80000),
	F("__GFP_THISNODE", 0x200000),
};

/* v6.18.2 include/linux/gfp_types.h: 6.1 without __GFP_ATOMIC */
static const struct bs_gfp_flag f_618[] = {
	F("__GFP_MOVABLE", 0x08),	F("__GFP_RECLAIMABLE", 0x10),
	F("__GFP_HIGH", 0x20),		F("__GFP_IO", 0x40),
	F("__GFP_FS", 0x80),		F("__GFP_DIRECT_RECLAIM", 0x400),
	F("__GFP_KSWAPD_RECLAIM", 0x800),F("__GFP_RETRY_MAYFAIL", 0x4000),
	F("__GFP_NOFAIL", 0x8000),	F("__GFP_NORETRY", 0x10000),
	F("__GFP_MEMALLOC", 0x20000),	F("__GFP_COMP", 0x40000),
	F("__GFP_NOMEMALLOC", 0x80000),	F("__GFP_THISNODE", 0x200000),
};

#define TABLE(var, fl) \
	static const struct bs_gfp_table var = { .id = #var, .flags = fl, .nr_flags = NR(fl) }
TABLE(t_rhel7, f_rhel7);
TABLE(t_2632, f_2632);
TABLE(t_44, f_44);
TABLE(t_414, f_414);
TABLE(t_61, f_61);
TABLE(t_618, f_618);

/* Composite masks of each header. */
enum {
	/* 3.10 / RHEL 7 */
	R7_GFP_ATOMIC = 0x20, R7_GFP_NOIO = 0x10, R7_GFP_NOFS = 0x50, R7_GFP_KERNEL = 0xd0,
	R7_GFP_HIGHUSER_MOVABLE = 0x200da, R7_SEED = 0x104050,
	/* 4.4 */
	G44_GFP_ATOMIC = 0x20 | 0x80000 | 0x2000000,
	G44_GFP_NOWAIT = 0x2000000,
	G44_GFP_KERNEL = 0x400000 | 0x2000000 | 0xc0,
	G44_GFP_NOFS = 0x400000 | 0x2000000 | 0x40,
	/* 4.14 */
	G414_RECLAIM = 0x400000 | 0x1000000,
	G414_GFP_KERNEL = G414_RECLAIM | 0xc0, G414_GFP_NOFS = G414_RECLAIM | 0x40,
	G414_GFP_NOIO = G414_RECLAIM, G414_GFP_ATOMIC = 0x20 | 0x80000 | 0x1000000,
	/* 6.1 */
	G61_GFP_ATOMIC = 0x20 | 0x200 | 0x800, G61_GFP_NOWAIT = 0x800,
	G61_GFP_KERNEL = 0xcc0, G61_GFP_NOFS = 0xc40,
	/* 6.18 */
	G618_GFP_ATOMIC = 0x20 | 0x800, G618_GFP_NOWAIT = 0x800,
	G618_GFP_KERNEL = 0xcc0, G618_GFP_NOFS = 0xc40, G618_GFP_NOIO = 0xc00,
	G618_GFP_HIGHUSER_MOVABLE = 0xcc0 | 0x100000 | 0x02 | 0x08,
};

static struct bs_kver kv(int major, int minor, int sub)
{
	struct bs_kver v;

	memset(&v, 0, sizeof(v));
	v.major = major;
	v.minor = minor;
	v.sublevel = sub;
	v.distro = BS_DISTRO_NONE;
	v.distro_release = -1;
	v.distro_major = -1;
	return v;
}

static const struct bs_rules *era(int major, int minor, int sub)
{
	struct bs_kver v = kv(major, minor, sub);

	return bs_rules_for(&v);
}

static const struct bs_rules *rhel7(int release)
{
	struct bs_kver v = kv(3, 10, 0);

	v.distro = BS_DISTRO_RHEL;
	v.distro_release = release;
	v.distro_major = 7;
	return bs_rules_for(&v);
}

static const struct bs_rules *by_id(const char *id)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);

	for (unsigned i = 0; i < n; i++)
		if (!strcmp(all[i]->id, id))
			return all[i];
	return NULL;
}

static const struct bs_alloc_context rt_ctx = { .rt_task = true };
static const struct bs_alloc_context rt_irq_ctx = { .rt_task = true, .in_interrupt = true };
static const struct bs_alloc_context victim_ctx = { .oom_victim = true };

/* ---- the table ---------------------------------------------------------- */

static void test_table_sane(void **state)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);

	(void)state;
	assert_true(n >= 15);
	for (unsigned i = 0; i < n; i++) {
		const struct bs_rules *e = all[i];

		assert_non_null(e->id);
		assert_non_null(e->source);
		assert_true(strlen(e->source) > 40);
		assert_non_null(e->notes);
		assert_true(e->from <= e->to);
		assert_int_equal(e->costly_order, 3);
		assert_false(e->oom_for_costly);
		assert_true(e->wmark_subtract_order);
		/* a derived era says so in its source */
		if (e->derived)
			assert_non_null(strstr(e->source, "derived"));
		/* the 6.3 scheme and __GFP_WAIT never coexist */
		assert_false(e->alloc_non_block && e->gfp_wait_era);
		assert_true(e->alloc_non_block == (e->reserve_rule == BS_RESERVE_NON_BLOCK));
		assert_true((e->wmark == BS_WMARK_ORDER_LOOP) == !e->highatomic);
	}
}

static void test_ranges_do_not_overlap(void **state)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		if (all[i]->distro != BS_DISTRO_NONE)
			continue;
		for (unsigned j = i + 1; j < n; j++) {
			if (all[j]->distro != BS_DISTRO_NONE)
				continue;
			assert_true(all[i]->to < all[j]->from || all[j]->to < all[i]->from);
		}
	}
	/* upstream eras are listed oldest first */
	for (unsigned i = 0, last = 0; i < n; i++) {
		if (all[i]->distro != BS_DISTRO_NONE)
			continue;
		if (last)
			assert_true(all[i]->from > all[last - 1]->to);
		last = i + 1;
	}
}

static void test_ranges_leave_no_gap(void **state)
{
	/* every version from 2.6.0 to 6.18.x lands in an era of its own range */
	static const int series[][2] = {
		{ 2, 6 }, { 3, 0 }, { 3, 9 }, { 3, 10 }, { 3, 19 }, { 4, 0 }, { 4, 3 }, { 4, 4 },
		{ 4, 7 }, { 4, 11 }, { 4, 13 }, { 4, 20 }, { 5, 0 }, { 5, 9 }, { 5, 10 },
		{ 5, 19 }, { 6, 0 }, { 6, 1 }, { 6, 2 }, { 6, 3 }, { 6, 6 }, { 6, 7 },
		{ 6, 11 }, { 6, 12 }, { 6, 17 }, { 6, 18 },
	};

	(void)state;
	for (unsigned i = 0; i < NR(series); i++) {
		/* stable series run past KERNEL_VERSION()'s 255 (5.4.286, 5.10.228) */
		for (int sub = 0; sub < 400; sub += 17) {
			const struct bs_rules *e = era(series[i][0], series[i][1], sub);
			long code = KV(series[i][0], series[i][1], sub);

			assert_non_null(e);
			assert_true(code >= e->from && code <= e->to);
		}
	}
}

/* ---- which era ---------------------------------------------------------- */

static void test_rules_for(void **state)
{
	(void)state;
	assert_string_equal(rhel7(514)->id, "rhel7");
	assert_string_equal(rhel7(1160)->id, "rhel7");
	assert_string_equal(rhel7(-1)->id, "rhel7");
	assert_string_equal(era(2, 6, 32)->id, "2.6");
	assert_string_equal(era(3, 10, 108)->id, "2.6.35");
	assert_string_equal(era(3, 18, 140)->id, "3.16");
	/* the brief's warning: a 4.1 report needs the pre-4.4 loop */
	assert_int_equal(era(4, 1, 0)->wmark, BS_WMARK_ORDER_LOOP);
	assert_string_equal(era(4, 4, 155)->id, "4.4");
	assert_string_equal(era(4, 7, 10)->id, "4.7");
	assert_string_equal(era(4, 9, 337)->id, "4.8");
	assert_string_equal(era(4, 13, 4)->id, "4.13");
	assert_string_equal(era(4, 14, 67)->id, "4.14");
	assert_string_equal(era(4, 19, 0)->id, "4.19");
	assert_string_equal(era(4, 19, 325)->id, "4.19");
	/* the example: a 5.0.10 kernel is not "5.4" */
	assert_string_equal(era(5, 0, 10)->id, "5.0");
	assert_string_equal(era(5, 4, 0)->id, "5.0");
	assert_string_equal(era(5, 4, 273)->id, "5.0");
	assert_string_equal(era(5, 4, 274)->id, "5.4.274");
	assert_string_equal(era(5, 4, 286)->id, "5.4.274");
	assert_string_equal(era(5, 5, 0)->id, "5.5");
	assert_string_equal(era(5, 10, 7)->id, "5.10");
	assert_string_equal(era(5, 10, 214)->id, "5.10");
	assert_string_equal(era(5, 10, 228)->id, "5.10.215");
	assert_string_equal(era(5, 11, 0)->id, "5.11");
	assert_string_equal(era(5, 15, 135)->id, "5.15");
	assert_string_equal(era(6, 1, 0)->id, "6.1");
	assert_string_equal(era(6, 1, 83)->id, "6.1");
	assert_string_equal(era(6, 1, 84)->id, "6.1.84");
	assert_string_equal(era(6, 1, 115)->id, "6.1.84");
	assert_string_equal(era(6, 1, 116)->id, "6.1.116");
	assert_string_equal(era(6, 1, 156)->id, "6.1.116");
	assert_string_equal(era(6, 1, 158)->id, "6.1.157");
	assert_string_equal(era(6, 1, 192)->id, "6.1.157");
	assert_string_equal(era(6, 1, -1)->id, "6.1");	/* unknown sublevel: .0 */
	assert_string_equal(era(6, 6, 23)->id, "6.3");
	assert_string_equal(era(6, 6, 24)->id, "6.6.24");
	assert_string_equal(era(6, 12, 19)->id, "6.9");
	assert_string_equal(era(6, 18, 2)->id, "6.18");
	/* outside every range: the nearest */
	assert_string_equal(era(2, 4, 37)->id, "2.6");
	assert_string_equal(era(7, 2, 0)->id, "6.18");
	/* RHEL 8 is not RHEL 7 */
	{
		struct bs_kver v = kv(4, 18, 0);

		v.distro = BS_DISTRO_RHEL;
		v.distro_release = 553;
		v.distro_major = 8;
		assert_string_equal(bs_rules_for(&v)->id, "4.14");
	}
	assert_null(bs_rules_for(NULL));
}

/* every upstream era is named for the first version of its range */
static void test_ids_name_range_start(void **state)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);
	char range[48];

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		size_t len = strlen(all[i]->id);

		if (all[i]->distro != BS_DISTRO_NONE)
			continue;
		bs_rules_range(all[i], range, sizeof(range));
		assert_memory_equal(range, all[i]->id, len);
		assert_true(range[len] == ' ' || !strcmp(range + len, ".y"));
	}
}

static void test_range_text(void **state)
{
	char buf[48];

	(void)state;
	assert_string_equal(bs_rules_range(era(5, 0, 10), buf, sizeof(buf)), "5.0 - 5.4.273");
	assert_string_equal(bs_rules_range(era(5, 4, 300), buf, sizeof(buf)), "5.4.274 - 5.4.y");
	assert_string_equal(bs_rules_range(era(5, 7, 1), buf, sizeof(buf)), "5.5 - 5.9");
	assert_string_equal(bs_rules_range(era(6, 18, 2), buf, sizeof(buf)), "6.18.y");
	assert_string_equal(bs_rules_range(era(6, 2, 2), buf, sizeof(buf)), "6.2.y");
	assert_string_equal(bs_rules_range(era(6, 1, 90), buf, sizeof(buf)), "6.1.84 - 6.1.115");
	assert_string_equal(bs_rules_range(rhel7(1160), buf, sizeof(buf)), "3.10.0-NNN.el7");
	/* a short buffer is cut, never overrun */
	assert_string_equal(bs_rules_range(era(5, 0, 10), buf, 4), "5.0");
	assert_string_equal(bs_rules_range(NULL, buf, sizeof(buf)), "");
}

static void test_holds(void **state)
{
	struct bs_kver v;

	(void)state;
	v = kv(6, 1, 55);
	assert_true(bs_rules_holds(bs_rules_for(&v), &v));
	v = kv(7, 2, 0);	/* past every era read: the nearest, assumed */
	assert_false(bs_rules_holds(bs_rules_for(&v), &v));
	assert_string_equal(bs_rules_for(&v)->id, "6.18");
	v = kv(2, 4, 37);
	assert_false(bs_rules_holds(bs_rules_for(&v), &v));
	v = kv(5, 10, 300);
	assert_true(bs_rules_holds(bs_rules_for(&v), &v));
	v = kv(3, 10, 0);
	v.distro = BS_DISTRO_RHEL;
	v.distro_release = 1160;
	assert_true(bs_rules_holds(bs_rules_for(&v), &v));
	assert_false(bs_rules_holds(era(6, 1, 0), &v));
	assert_false(bs_rules_holds(NULL, &v));
}

/*
 * The boundaries this review established, each against the tree read:
 * zone_watermark_fast() from 4.8 (absent before), its order-0 shortcut
 * ignoring the highatomic reserve until 5.10 (5.4.286 still does), and
 * the 2024 slow-path compaction gate in late 5.4.y and 5.10.y.
 */
static void test_boundaries(void **state)
{
	(void)state;
	assert_false(era(4, 7, 10)->fast_order0_counts_highatomic);
	assert_true(era(4, 7, 10)->derived);
	assert_true(era(4, 8, 0)->fast_order0_counts_highatomic);
	assert_true(era(4, 19, 0)->fast_order0_counts_highatomic);
	assert_true(era(5, 4, 286)->fast_order0_counts_highatomic);
	assert_true(era(5, 9, 16)->fast_order0_counts_highatomic);
	assert_false(era(5, 10, 0)->fast_order0_counts_highatomic);
	assert_false(era(5, 10, 228)->fast_order0_counts_highatomic);
	assert_false(era(6, 18, 2)->fast_order0_counts_highatomic);
	/* ALLOC_OOM (cd04ae1e2dc8) is 4.14; __GFP_RETRY_MAYFAIL already 4.13 */
	assert_false(era(4, 13, 4)->alloc_oom);
	assert_true(era(4, 13, 4)->retry_mayfail);
	assert_true(era(4, 14, 0)->alloc_oom);
	/* the watermark boost and ALLOC_KSWAPD start at 5.0 */
	assert_false(era(4, 20, 17)->watermark_boost);
	assert_true(era(5, 0, 0)->watermark_boost);
	assert_true(era(5, 0, 0)->alloc_kswapd);
	/* gfp_compaction_allowed() in the slow path */
	assert_false(era(5, 4, 273)->compact_gate_slowpath);
	assert_true(era(5, 4, 274)->compact_gate_slowpath);
	assert_true(era(5, 4, 286)->compact_gate_slowpath);
	assert_false(era(5, 5, 0)->compact_gate_slowpath);
	assert_false(era(5, 10, 7)->compact_gate_slowpath);
	assert_true(era(5, 10, 228)->compact_gate_slowpath);
	assert_false(era(5, 14, 21)->compact_gate_slowpath);
	/* the eras around a split differ only in what the split is about */
	assert_int_equal(era(5, 4, 273)->reserve_rule, era(5, 4, 274)->reserve_rule);
	assert_int_equal(era(5, 10, 214)->highatomic_free_count, era(5, 10, 215)->highatomic_free_count);
	/* the 6.3 alloc-flag scheme: 6.3 upstream, 6.1.116 in 6.1.y, not 6.2 */
	assert_false(era(6, 2, 16)->alloc_non_block);
	assert_true(era(6, 3, 0)->alloc_non_block);
	assert_false(era(6, 1, 115)->alloc_non_block);
	assert_true(era(6, 1, 116)->alloc_non_block);
	/* the free highatomic count read in 6.12.19; the reserve size in 6.6.87 */
	assert_false(era(6, 6, 87)->highatomic_free_count);
	assert_true(era(6, 12, 19)->highatomic_free_count);
}

static void test_fast_order0_ok(void **state)
{
	const struct bs_rules *r54 = era(5, 4, 286), *r510 = era(5, 10, 7);

	(void)state;
	/* 5.4: free 1100 - CMA 50 = 1050 > mark 1000 + lowmem 40: through,
	 * highatomic reserve or not */
	assert_true(bs_rules_fast_order0_ok(r54, 0, 1100, 50, 1000, 40, 0));
	/* strictly greater, as the kernel compares */
	assert_false(bs_rules_fast_order0_ok(r54, 0, 1090, 50, 1000, 40, 0));
	/* ALLOC_CMA: free CMA pages count */
	assert_true(bs_rules_fast_order0_ok(r54, 0, 1090, 50, 1000, 40, BS_ALLOC_CMA));
	/* order > 0 never takes the shortcut; nor does 5.10 on */
	assert_false(bs_rules_fast_order0_ok(r54, 1, 100000, 0, 1000, 40, 0));
	assert_false(bs_rules_fast_order0_ok(r510, 0, 100000, 0, 1000, 40, 0));
	assert_false(bs_rules_fast_order0_ok(era(4, 7, 0), 0, 100000, 0, 1000, 40, 0));
	assert_false(bs_rules_fast_order0_ok(NULL, 0, 100000, 0, 1000, 40, 0));
}

static void test_compacts_first(void **state)
{
	const uint64_t movable = 0x08;

	(void)state;
	/* <= 4.6: every order > 0 compacts before reclaim */
	assert_true(bs_rules_compacts_first(rhel7(514), &t_rhel7, R7_GFP_KERNEL, 1));
	assert_false(bs_rules_compacts_first(rhel7(514), &t_rhel7, R7_GFP_NOFS, 1));
	/* 4.7 .. 4.12: costly only */
	assert_false(bs_rules_compacts_first(era(4, 9, 0), &t_414, G414_GFP_KERNEL, 3));
	assert_true(bs_rules_compacts_first(era(4, 9, 0), &t_414, G414_GFP_KERNEL, 4));
	/* 4.13 on: costly, or non-movable order > 0 */
	assert_true(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_KERNEL, 1));
	assert_false(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_KERNEL | movable, 1));
	assert_true(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_KERNEL | movable, 4));
	/* __GFP_MEMALLOC tries without watermarks first */
	assert_false(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_KERNEL | 0x20000, 4));
	/* order 0 and atomic requests never */
	assert_false(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_KERNEL, 0));
	assert_false(bs_rules_compacts_first(era(6, 18, 0), &t_618, G618_GFP_ATOMIC, 4));
	assert_false(bs_rules_compacts_first(NULL, &t_618, G618_GFP_KERNEL, 4));
}

/* ---- the seed: CentOS 7 3.10.0-514, GFP_NOFS|__GFP_COMP, order 5 --------- */

static void test_seed_rhel7_nofs_order5(void **state)
{
	const struct bs_rules *r = rhel7(514);
	const char *why = NULL;
	unsigned f;

	(void)state;
	assert_int_equal(r->wmark, BS_WMARK_ORDER_LOOP);
	assert_true(r->cma_order0_only);
	assert_true(r->gfp_wait_era);
	assert_false(bs_rules_may_compact(r, &t_rhel7, R7_SEED, 5, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "__GFP_FS"));

	/* no reserves: __GFP_WAIT is set, __GFP_HIGH is not, not movable */
	f = bs_rules_gfp_to_alloc_flags(r, &t_rhel7, R7_SEED, 5, NULL, BS_ALLOC_WMARK_MIN);
	assert_int_equal(f, BS_ALLOC_WMARK_MIN | BS_ALLOC_CPUSET);
	/* Node 1 Normal min:205324kB = 51331 pages: the check uses it as is */
	assert_int_equal(bs_rules_effective_min(r, 51331, f), 51331);
	/* the loop looks at no list types */
	assert_int_equal(bs_rules_scan_lists(r, f), BS_SCAN_ANY);
	/* costly order: no OOM killer (the order decides before __GFP_FS), no endless loop */
	assert_false(bs_rules_may_oom(r, &t_rhel7, R7_SEED, 5, &why));
	assert_non_null(strstr(why, "PAGE_ALLOC_COSTLY_ORDER"));
	assert_false(bs_rules_loops_forever(r, &t_rhel7, R7_SEED, 5, &why));

	/* the same request with __GFP_FS would have compacted */
	assert_true(bs_rules_may_compact(r, &t_rhel7, R7_GFP_KERNEL | 0x4000, 5, &why));
	assert_null(why);
}

/* ---- the compaction gate ------------------------------------------------ */

static void test_compaction_gate(void **state)
{
	const char *why;

	(void)state;
	/* 2.6.32: no compaction at all */
	assert_false(bs_rules_may_compact(era(2, 6, 32), &t_2632, R7_GFP_KERNEL, 4, &why));
	assert_non_null(strstr(why, "2.6.35"));
	/* 3.10 upstream: GFP_NOIO and GFP_NOFS skip, GFP_KERNEL compacts */
	assert_false(bs_rules_may_compact(era(3, 10, 108), &t_rhel7, R7_GFP_NOIO, 3, NULL));
	assert_false(bs_rules_may_compact(era(3, 10, 108), &t_rhel7, R7_GFP_NOFS, 3, NULL));
	assert_true(bs_rules_may_compact(era(3, 10, 108), &t_rhel7, R7_GFP_KERNEL, 3, NULL));
	/* order 0 never, atomic never */
	assert_false(bs_rules_may_compact(era(3, 10, 108), &t_rhel7, R7_GFP_KERNEL, 0, &why));
	assert_non_null(strstr(why, "order-0"));
	assert_false(bs_rules_may_compact(era(3, 10, 108), &t_rhel7, R7_GFP_ATOMIC, 3, &why));
	assert_non_null(strstr(why, "sleep"));
	/* 4.4 and 4.9: still FS and IO */
	assert_false(bs_rules_may_compact(era(4, 4, 155), &t_44, G44_GFP_NOFS, 4, NULL));
	assert_true(bs_rules_may_compact(era(4, 4, 155), &t_44, G44_GFP_KERNEL, 4, NULL));
	assert_false(bs_rules_may_compact(era(4, 9, 337), &t_414, G414_GFP_NOFS, 4, NULL));
	/* 4.11 on: GFP_NOFS compacts, GFP_NOIO does not */
	assert_true(bs_rules_may_compact(era(4, 11, 0), &t_414, G414_GFP_NOFS, 4, NULL));
	assert_true(bs_rules_may_compact(era(4, 14, 67), &t_414, G414_GFP_NOFS, 4, NULL));
	assert_false(bs_rules_may_compact(era(4, 14, 67), &t_414, G414_GFP_NOIO, 4, &why));
	assert_non_null(strstr(why, "__GFP_IO"));
	assert_true(bs_rules_may_compact(era(6, 18, 2), &t_618, G618_GFP_NOFS, 5, NULL));
	assert_false(bs_rules_may_compact(era(6, 18, 2), &t_618, G618_GFP_NOIO, 5, NULL));
	assert_false(bs_rules_may_compact(era(6, 18, 2), &t_618, G618_GFP_NOWAIT, 5, NULL));
	/* the slow-path gate came to 6.1.y at 6.1.84 and 6.6.y at 6.6.24 */
	assert_false(era(6, 1, 83)->compact_gate_slowpath);
	assert_true(era(6, 1, 84)->compact_gate_slowpath);
	assert_false(era(6, 6, 23)->compact_gate_slowpath);
	assert_true(era(6, 6, 24)->compact_gate_slowpath);
	assert_true(era(6, 18, 0)->compact_gate_slowpath);
	/* first compaction: all orders pre-4.7, costly 4.7-4.12, +unmovable later */
	assert_int_equal(rhel7(1160)->first_compact, BS_FIRST_COMPACT_ALL_ORDERS);
	assert_int_equal(era(4, 9, 0)->first_compact, BS_FIRST_COMPACT_COSTLY);
	assert_int_equal(era(4, 14, 0)->first_compact, BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE);
}

/* ---- gfp_to_alloc_flags() ----------------------------------------------- */

static void test_gfp_atomic_flags(void **state)
{
	const unsigned old = BS_ALLOC_WMARK_MIN | BS_ALLOC_HIGH | BS_ALLOC_HARDER;
	unsigned f;

	(void)state;
	/* pre-6.3: HIGH|HARDER, cpuset ignored */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(2, 6, 32), &t_2632, R7_GFP_ATOMIC, 0,
						     NULL, BS_ALLOC_WMARK_MIN), old);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(rhel7(514), &t_rhel7, R7_GFP_ATOMIC, 2,
						     NULL, BS_ALLOC_WMARK_MIN), old);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(4, 4, 155), &t_44, G44_GFP_ATOMIC, 2,
						     NULL, BS_ALLOC_WMARK_MIN), old);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(4, 14, 67), &t_414, G414_GFP_ATOMIC, 2,
						     NULL, BS_ALLOC_WMARK_MIN), old);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 1, 0), &t_61, G61_GFP_ATOMIC, 2,
						     NULL, BS_ALLOC_WMARK_MIN),
			 old | BS_ALLOC_KSWAPD);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 1, 115), &t_61, G61_GFP_ATOMIC, 2,
						     NULL, BS_ALLOC_WMARK_MIN),
			 old | BS_ALLOC_KSWAPD);

	/* 6.3 scheme: MIN_RESERVE|NON_BLOCK, HIGHATOMIC at order > 0 */
	f = BS_ALLOC_WMARK_MIN | BS_ALLOC_MIN_RESERVE | BS_ALLOC_NON_BLOCK | BS_ALLOC_KSWAPD;
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 1, 116), &t_61, G61_GFP_ATOMIC, 0,
						     NULL, BS_ALLOC_WMARK_MIN), f);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 1, 158), &t_61, G61_GFP_ATOMIC, 3,
						     NULL, BS_ALLOC_WMARK_MIN),
			 f | BS_ALLOC_HIGHATOMIC);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 6, 87), &t_618, G618_GFP_ATOMIC, 3,
						     NULL, BS_ALLOC_WMARK_MIN),
			 f | BS_ALLOC_HIGHATOMIC);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_ATOMIC, 3,
						     NULL, BS_ALLOC_WMARK_MIN),
			 f | BS_ALLOC_HIGHATOMIC);
	/* order-0 wrapper never sets HIGHATOMIC */
	assert_int_equal(bs_rules_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_ATOMIC, NULL,
					      BS_ALLOC_WMARK_MIN), f);
}

static void test_gfp_nowait_flags(void **state)
{
	const unsigned base = BS_ALLOC_WMARK_MIN | BS_ALLOC_CPUSET;

	(void)state;
	/* 3.10: GFP_NOWAIT is 0 there: !__GFP_WAIT gets HARDER */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(rhel7(514), &t_rhel7, 0, 0, NULL,
						     BS_ALLOC_WMARK_MIN),
			 BS_ALLOC_WMARK_MIN | BS_ALLOC_HARDER);
	/* 3.10.y/RHEL 7: ... but not with __GFP_NO_KSWAPD (THP without defrag) */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(rhel7(514), &t_rhel7, 0x400000, 9, NULL,
						     BS_ALLOC_WMARK_MIN), base);
	/* 4.4-6.2: no __GFP_ATOMIC, no reserve */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(4, 4, 155), &t_44, G44_GFP_NOWAIT, 0,
						     NULL, BS_ALLOC_WMARK_MIN), base);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 1, 0), &t_61, G61_GFP_NOWAIT, 0,
						     NULL, BS_ALLOC_WMARK_MIN),
			 base | BS_ALLOC_KSWAPD);
	/* 6.3 scheme: NON_BLOCK, which alone lowers nothing */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 12, 19), &t_618, G618_GFP_NOWAIT, 0,
						     NULL, BS_ALLOC_WMARK_MIN),
			 base | BS_ALLOC_KSWAPD | BS_ALLOC_NON_BLOCK);
	assert_int_equal(bs_rules_effective_min(era(6, 12, 19), 1000,
						base | BS_ALLOC_NON_BLOCK), 1000);
	/* 6.12: HIGHATOMIC at order > 0 for any non-blocking request ... */
	assert_true(bs_rules_gfp_to_alloc_flags(era(6, 12, 19), &t_618, G618_GFP_NOWAIT, 2,
						NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_HIGHATOMIC);
	/* ... 6.18 and 6.1.157: only with __GFP_HIGH */
	assert_false(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_NOWAIT, 2,
						 NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_HIGHATOMIC);
	assert_false(bs_rules_gfp_to_alloc_flags(era(6, 1, 157), &t_61, G61_GFP_NOWAIT, 2,
						 NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_HIGHATOMIC);
	assert_true(bs_rules_gfp_to_alloc_flags(era(6, 1, 140), &t_61, G61_GFP_NOWAIT, 2,
						NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_HIGHATOMIC);
}

static void test_nomemalloc(void **state)
{
	(void)state;
	/* 2.6.32 grants HARDER even with __GFP_NOMEMALLOC; 3.10 does not */
	assert_true(bs_rules_gfp_to_alloc_flags(era(2, 6, 32), &t_2632, 0x20 | 0x10000, 0, NULL,
						BS_ALLOC_WMARK_MIN) & BS_ALLOC_HARDER);
	assert_false(bs_rules_gfp_to_alloc_flags(rhel7(514), &t_rhel7, 0x20 | 0x10000, 0, NULL,
						 BS_ALLOC_WMARK_MIN) & BS_ALLOC_HARDER);
	assert_false(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_ATOMIC | 0x80000,
						 2, NULL, BS_ALLOC_WMARK_MIN) &
		     (BS_ALLOC_NON_BLOCK | BS_ALLOC_HIGHATOMIC));
	/* __GFP_MEMALLOC: no watermarks, unless __GFP_NOMEMALLOC too */
	assert_true(bs_rules_gfp_to_alloc_flags(era(4, 14, 0), &t_414, G414_GFP_KERNEL | 0x2000, 0,
						NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_NO_WATERMARKS);
	assert_false(bs_rules_gfp_to_alloc_flags(era(4, 14, 0), &t_414,
						 G414_GFP_KERNEL | 0x2000 | 0x10000, 0, NULL,
						 BS_ALLOC_WMARK_MIN) & BS_ALLOC_NO_WATERMARKS);
	assert_int_equal(bs_rules_effective_min(era(4, 14, 0), 1000, BS_ALLOC_NO_WATERMARKS), 0);
}

static void test_rt_task(void **state)
{
	unsigned f;

	(void)state;
	f = bs_rules_gfp_to_alloc_flags(era(4, 4, 155), &t_44, G44_GFP_KERNEL, 0, &rt_ctx,
					BS_ALLOC_WMARK_MIN);
	assert_int_equal(f, BS_ALLOC_WMARK_MIN | BS_ALLOC_CPUSET | BS_ALLOC_HARDER);
	assert_int_equal(bs_rules_effective_min(era(4, 4, 155), 1000, f), 750);
	f = bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 0, &rt_ctx,
					BS_ALLOC_WMARK_MIN);
	assert_int_equal(f, BS_ALLOC_WMARK_MIN | BS_ALLOC_CPUSET | BS_ALLOC_KSWAPD |
			    BS_ALLOC_MIN_RESERVE);
	assert_int_equal(bs_rules_effective_min(era(6, 18, 2), 1000, f), 500);
	/* in interrupt the rt boost does not apply */
	f = bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 0, &rt_irq_ctx,
					BS_ALLOC_WMARK_MIN);
	assert_false(f & BS_ALLOC_MIN_RESERVE);
}

static void test_oom_victim(void **state)
{
	unsigned f;

	(void)state;
	/* 4.14 on: ALLOC_OOM replaces the other reserves; min/2 */
	f = bs_rules_gfp_to_alloc_flags(era(4, 14, 67), &t_414, G414_GFP_KERNEL, 0, &victim_ctx,
					BS_ALLOC_WMARK_MIN);
	assert_int_equal(f, BS_ALLOC_WMARK_MIN | BS_ALLOC_OOM);
	assert_int_equal(bs_rules_effective_min(era(4, 14, 67), 1000, f), 500);
	assert_true(bs_rules_highatomic_counted(era(4, 14, 67), f));
	assert_true(bs_rules_scan_lists(era(4, 14, 67), f) & BS_SCAN_HIGHATOMIC);
	/* before: TIF_MEMDIE meant no watermarks */
	f = bs_rules_gfp_to_alloc_flags(era(4, 9, 337), &t_414, G414_GFP_KERNEL, 0, &victim_ctx,
					BS_ALLOC_WMARK_MIN);
	assert_true(f & BS_ALLOC_NO_WATERMARKS);
	/* 6.3 scheme: OOM stacks on MIN_RESERVE|NON_BLOCK: 1001 -> 501 -> 376 -> 188 */
	assert_int_equal(bs_rules_effective_min(era(6, 18, 2), 1001,
						BS_ALLOC_MIN_RESERVE | BS_ALLOC_NON_BLOCK |
						BS_ALLOC_OOM), 188);
}

static void test_cma(void **state)
{
	unsigned f;

	(void)state;
	/* movable requests may use CMA from 3.7 on; 2.6.32 has no CMA */
	f = bs_rules_gfp_to_alloc_flags(rhel7(1160), &t_rhel7, R7_GFP_HIGHUSER_MOVABLE, 0, NULL,
					BS_ALLOC_WMARK_MIN);
	assert_true(f & BS_ALLOC_CMA);
	assert_false(bs_rules_gfp_to_alloc_flags(era(2, 6, 32), &t_2632, R7_GFP_HIGHUSER_MOVABLE,
						 0, NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_CMA);
	f = bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_HIGHUSER_MOVABLE, 0, NULL,
					BS_ALLOC_WMARK_MIN);
	assert_true(f & BS_ALLOC_CMA);
	assert_true(bs_rules_scan_lists(era(6, 18, 2), f) & BS_SCAN_CMA);
	/* reclaimable+movable is not movable; kernel allocations never get CMA */
	assert_false(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_KERNEL | 0x18, 0,
						 NULL, BS_ALLOC_WMARK_MIN) & BS_ALLOC_CMA);
	assert_false(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 0, NULL,
						 BS_ALLOC_WMARK_MIN) & BS_ALLOC_CMA);
	assert_true(rhel7(514)->cma_order0_only);
	assert_false(era(4, 4, 0)->cma_order0_only);
}

static void test_fast_path_and_oom_attempt_flags(void **state)
{
	(void)state;
	/* the first attempt takes no reserve, GFP_ATOMIC included */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(rhel7(514), &t_rhel7, R7_GFP_ATOMIC, 0, NULL,
						     BS_ALLOC_WMARK_LOW),
			 BS_ALLOC_WMARK_LOW | BS_ALLOC_CPUSET);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_ATOMIC, 3,
						     NULL, BS_ALLOC_WMARK_LOW),
			 BS_ALLOC_WMARK_LOW | BS_ALLOC_CPUSET | BS_ALLOC_KSWAPD);
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618,
						     G618_GFP_HIGHUSER_MOVABLE, 0, NULL,
						     BS_ALLOC_WMARK_LOW),
			 BS_ALLOC_WMARK_LOW | BS_ALLOC_CPUSET | BS_ALLOC_KSWAPD | BS_ALLOC_CMA);
	/* __alloc_pages_may_oom()'s last try */
	assert_int_equal(bs_rules_gfp_to_alloc_flags(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 0,
						     NULL, BS_ALLOC_WMARK_HIGH),
			 BS_ALLOC_WMARK_HIGH | BS_ALLOC_CPUSET);
}

/* ---- __zone_watermark_ok() ---------------------------------------------- */

static void test_effective_min_arithmetic(void **state)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);
	const unsigned hh = BS_ALLOC_HIGH | BS_ALLOC_HARDER;
	const unsigned nb = BS_ALLOC_MIN_RESERVE | BS_ALLOC_NON_BLOCK;

	(void)state;
	/* GFP_ATOMIC: 1000 -> 500 -> 375 in every era, under either name */
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(bs_rules_effective_min(all[i], 1000,
							all[i]->alloc_non_block ? nb : hh), 375);
	/* truncation as the kernel's long division does it: 1001 -> 501 -> 376 */
	assert_int_equal(bs_rules_effective_min(era(4, 4, 0), 1001, hh), 376);
	/* __GFP_HIGH alone: min/2; HARDER alone: min - min/4 */
	assert_int_equal(bs_rules_effective_min(era(3, 10, 0), 1000, BS_ALLOC_HIGH), 500);
	assert_int_equal(bs_rules_effective_min(era(3, 10, 0), 1000, BS_ALLOC_HARDER), 750);
	/* 6.3: MIN_RESERVE alone min/2, NON_BLOCK needs MIN_RESERVE */
	assert_int_equal(bs_rules_effective_min(era(6, 6, 0), 1000, BS_ALLOC_MIN_RESERVE), 500);
	assert_int_equal(bs_rules_effective_min(era(6, 6, 0), 1000, BS_ALLOC_NON_BLOCK), 1000);
	/* the seed's zones (kB / 4): DMA32 min 5412 kB, Normal 198808 kB */
	assert_int_equal(bs_rules_effective_min(rhel7(514), 1353, BS_ALLOC_CPUSET), 1353);
	assert_int_equal(bs_rules_effective_min(rhel7(514), 49702, hh), 18639);
	/* never above the mark, never negative */
	for (unsigned i = 0; i < n; i++)
		for (unsigned fl = 0; fl < (1u << 13); fl += 7) {
			long m = bs_rules_effective_min(all[i], 12345, fl);

			assert_true(m >= 0 && m <= 12345);
		}
}

static void test_highatomic_and_scan(void **state)
{
	const struct bs_rules *r44 = era(4, 4, 155), *r618 = era(6, 18, 2);

	(void)state;
	/* pre-4.4: no highatomic reserve, the loop reads no types */
	assert_true(bs_rules_highatomic_counted(rhel7(514), 0));
	assert_int_equal(bs_rules_scan_lists(rhel7(514), 0), BS_SCAN_ANY);
	/* 4.4: only harder requests count it and may take it */
	assert_false(bs_rules_highatomic_counted(r44, BS_ALLOC_HIGH));
	assert_true(bs_rules_highatomic_counted(r44, BS_ALLOC_HARDER));
	assert_int_equal(bs_rules_scan_lists(r44, 0), BS_SCAN_PCPTYPES);
	assert_int_equal(bs_rules_scan_lists(r44, BS_ALLOC_HARDER),
			 BS_SCAN_PCPTYPES | BS_SCAN_HIGHATOMIC);
	/* 6.3+: NON_BLOCK counts it but may not take it; HIGHATOMIC may */
	assert_true(bs_rules_highatomic_counted(r618, BS_ALLOC_NON_BLOCK));
	assert_int_equal(bs_rules_scan_lists(r618, BS_ALLOC_NON_BLOCK), BS_SCAN_PCPTYPES);
	assert_true(bs_rules_scan_lists(r618, BS_ALLOC_HIGHATOMIC) & BS_SCAN_HIGHATOMIC);
	assert_false(bs_rules_highatomic_counted(r618, BS_ALLOC_CPUSET));
	/* 6.12 on: the subtraction is of free highatomic pages */
	assert_false(era(6, 6, 87)->highatomic_free_count);
	assert_true(era(6, 12, 19)->highatomic_free_count);
	/* an early-4.4.y style era passes harder requests on any list */
	{
		struct bs_rules early = *r44;

		early.scan_harder_any_list = true;
		assert_int_equal(bs_rules_scan_lists(&early, BS_ALLOC_HARDER), BS_SCAN_ANY);
	}
}

/* ---- retry and OOM ------------------------------------------------------ */

static void test_may_oom(void **state)
{
	const char *why;

	(void)state;
	assert_true(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL, 0, &why));
	assert_null(why);
	assert_true(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL, 3, NULL));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL, 4, &why));
	assert_non_null(strstr(why, "COSTLY"));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_NOFS, 0, &why));
	assert_non_null(strstr(why, "__GFP_FS"));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL | 0x400, 0, &why));
	assert_non_null(strstr(why, "RETRY_MAYFAIL"));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL | 0x1000, 0, NULL));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL | 0x40000, 0, NULL));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_ATOMIC, 0, NULL));
	/* __GFP_NOFAIL: 4.4-4.10 lets NOFS and costly orders kill; 4.14 does not */
	assert_true(bs_rules_may_oom(era(4, 9, 337), &t_414, G414_GFP_NOFS | 0x800, 0, NULL));
	assert_true(bs_rules_may_oom(era(4, 9, 337), &t_414, G414_GFP_KERNEL | 0x800, 5, NULL));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_NOFS | 0x800, 0, NULL));
	assert_false(bs_rules_may_oom(era(4, 14, 67), &t_414, G414_GFP_KERNEL | 0x800, 5, NULL));
	/* 3.10: __GFP_REPEAT is not __GFP_RETRY_MAYFAIL */
	assert_true(bs_rules_may_oom(rhel7(514), &t_rhel7, R7_GFP_KERNEL | 0x400, 1, NULL));
	assert_false(bs_rules_may_oom(rhel7(514), &t_rhel7, R7_GFP_NOFS, 1, NULL));
	assert_true(bs_rules_may_oom(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 2, NULL));
}

static void test_loops_forever(void **state)
{
	const char *why;

	(void)state;
	/* the XFS kmem_alloc case: GFP_NOFS at small orders never fails */
	assert_true(bs_rules_loops_forever(rhel7(1160), &t_rhel7, R7_GFP_NOFS, 2, &why));
	assert_non_null(strstr(why, "should_alloc_retry"));
	assert_true(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_NOFS, 3, &why));
	assert_non_null(strstr(why, "__GFP_FS"));
	assert_true(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 0, NULL));
	assert_false(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_KERNEL | 0x4000, 2,
					    &why));
	assert_non_null(strstr(why, "RETRY_MAYFAIL"));
	assert_false(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_KERNEL, 4, NULL));
	assert_false(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_KERNEL | 0x10000, 0,
					    NULL));
	assert_false(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_ATOMIC, 0, NULL));
	assert_true(bs_rules_loops_forever(era(6, 18, 2), &t_618, G618_GFP_KERNEL | 0x8000, 6,
					   NULL));
	/* the retry rule changed in 4.7 */
	assert_int_equal(era(4, 4, 0)->retry_rule, BS_RETRY_SHOULD_ALLOC_RETRY);
	assert_int_equal(era(4, 7, 0)->retry_rule, BS_RETRY_RECLAIM_RETRY);
	assert_false(era(4, 12, 0)->retry_mayfail);
	assert_true(era(4, 13, 0)->retry_mayfail);
}

static void test_null_safety(void **state)
{
	const char *why = "x";

	(void)state;
	assert_int_equal(bs_rules_gfp_to_alloc_flags(NULL, &t_618, 0, 0, NULL, 0), 0);
	assert_int_equal(bs_rules_effective_min(NULL, 42, BS_ALLOC_HIGH), 42);
	assert_false(bs_rules_may_compact(NULL, &t_618, G618_GFP_KERNEL, 3, &why));
	assert_false(bs_rules_may_oom(NULL, &t_618, G618_GFP_KERNEL, 0, NULL));
	/* no GFP table: every flag reads as clear, so nothing may sleep */
	assert_false(bs_rules_may_compact(era(6, 18, 2), NULL, G618_GFP_KERNEL, 3, &why));
	assert_non_null(why);
	assert_non_null(by_id("rhel7"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sane),
		cmocka_unit_test(test_ranges_do_not_overlap),
		cmocka_unit_test(test_ranges_leave_no_gap),
		cmocka_unit_test(test_rules_for),
		cmocka_unit_test(test_ids_name_range_start),
		cmocka_unit_test(test_range_text),
		cmocka_unit_test(test_holds),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_fast_order0_ok),
		cmocka_unit_test(test_compacts_first),
		cmocka_unit_test(test_seed_rhel7_nofs_order5),
		cmocka_unit_test(test_compaction_gate),
		cmocka_unit_test(test_gfp_atomic_flags),
		cmocka_unit_test(test_gfp_nowait_flags),
		cmocka_unit_test(test_nomemalloc),
		cmocka_unit_test(test_rt_task),
		cmocka_unit_test(test_oom_victim),
		cmocka_unit_test(test_cma),
		cmocka_unit_test(test_fast_path_and_oom_attempt_flags),
		cmocka_unit_test(test_effective_min_arithmetic),
		cmocka_unit_test(test_highatomic_and_scan),
		cmocka_unit_test(test_may_oom),
		cmocka_unit_test(test_loops_forever),
		cmocka_unit_test(test_null_safety),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
