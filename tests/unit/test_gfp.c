// SPDX-License-Identifier: MIT
/*
 * test_gfp.c - the GFP tables and the decode/encode/print functions.
 *
 * Every table (and every config variant) is walked: sources cited, one bit
 * per flag, composites made of known flags.  Every line of
 * tests/fixtures/gfp_oracle.txt (a kernel's own %pGg decode, from public
 * reports) must come out of bs_gfp_format() unchanged.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/gfp.h"
#include "kernel/gfp_query.h"
#include "kernel/kversion.h"
#include "render/gfp_out.h"

static const char *fixture_dir(void)
{
	const char *d = getenv("BS_FIXTURES");

	return d && *d ? d : "tests/fixtures";
}

/* The bit of single flag @name in @t; the test fails when the table has no such flag. */
static uint64_t flag_mask(const struct bs_gfp_table *t, const char *name)
{
	uint64_t m = 0;

	if (bs_gfp_flag_lookup(t, name, &m) < 0)
		fail_msg("table %s has no flag %s", t->id, name);
	return m;
}

/* visit every table and every variant of it */
static void each_table(void (*fn)(const struct bs_gfp_table *t))
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);

	assert_true(n >= 16);
	for (size_t i = 0; i < n; i++) {
		fn(all[i]);
		for (size_t j = 0; j < all[i]->nr_variants; j++)
			fn(all[i]->variants[j]);
	}
}

static bool is_hex40(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 40;
}

static void check_sources(const struct bs_gfp_table *t)
{
	assert_non_null(t->id);
	assert_non_null(t->tree);
	assert_non_null(t->tag);
	assert_non_null(t->commit);
	assert_non_null(t->files);
	assert_non_null(t->configs);
	assert_true(strlen(t->tree) > 3 && strchr(t->tree, '/'));
	assert_true(strlen(t->tag) > 1);
	if (!is_hex40(t->commit))
		fail_msg("%s: commit \"%s\" is not a full commit id", t->id, t->commit);
	assert_non_null(strstr(t->files, "include/linux/gfp.h@"));
	assert_true(t->major >= 2 && t->minor >= 0);
	assert_true(t->nr_flags > 15);
	assert_true(t->nr_composites > 5);
	assert_true(t->nr_trace_names > 15);
	if (t->base) {
		assert_non_null(t->variant);
		assert_null(t->base->base);
	} else {
		assert_null(t->variant);
	}
}

static void test_tables_cite_sources(void **state)
{
	(void)state;
	each_table(check_sources);
}

static void check_bits(const struct bs_gfp_table *t)
{
	for (size_t i = 0; i < t->nr_flags; i++) {
		const struct bs_gfp_flag *f = &t->flags[i];

		if (!f->mask || (f->mask & (f->mask - 1)))
			fail_msg("%s: %s = %#llx is not one bit", t->id, f->name,
				 (unsigned long long)f->mask);
		if (f->alias_of) {
			/* a documented alias: another spelling of a flag with the same bit */
			assert_int_equal(flag_mask(t, f->alias_of), f->mask);
			continue;
		}
		for (size_t j = i + 1; j < t->nr_flags; j++) {
			if (t->flags[j].alias_of)
				continue;
			if (t->flags[j].mask == f->mask)
				fail_msg("%s%s%s: %s and %s share bit %#llx", t->id,
					 t->variant ? " " : "", t->variant ? t->variant : "",
					 f->name, t->flags[j].name, (unsigned long long)f->mask);
		}
	}
}

static void test_one_bit_per_flag(void **state)
{
	(void)state;
	each_table(check_bits);
}

static void check_known(const struct bs_gfp_table *t, const struct bs_gfp_name *v, size_t n,
			const char *what)
{
	uint64_t known = bs_gfp_known_bits(t);

	for (size_t i = 0; i < n; i++)
		if (v[i].mask & ~known)
			fail_msg("%s: %s %s = %#llx has bits no flag names (%#llx)", t->id, what,
				 v[i].name, (unsigned long long)v[i].mask,
				 (unsigned long long)(v[i].mask & ~known));
}

static void check_composites(const struct bs_gfp_table *t)
{
	check_known(t, t->composites, t->nr_composites, "composite");
	check_known(t, t->names, t->nr_names, "%pGg name");
	check_known(t, t->trace_names, t->nr_trace_names, "trace name");
}

static void test_composites_expand_to_flags(void **state)
{
	(void)state;
	each_table(check_composites);
}

static uint64_t comp(const struct bs_gfp_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_composites; i++)
		if (!strcmp(t->composites[i].name, name))
			return t->composites[i].mask;
	fail_msg("%s has no composite %s", t->id, name);
	return 0;
}

/* the composites the issue asks for, where the version has them */
static void check_required(const struct bs_gfp_table *t)
{
	static const char *const always[] = {
		"GFP_KERNEL", "GFP_NOFS", "GFP_NOIO", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_USER",
		"GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "GFP_DMA", "GFP_DMA32",
	};
	long v = bs_kver_code(t->major, t->minor, 0);

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		comp(t, always[i]);
	if (v >= bs_kver_code(3, 0, 0))
		comp(t, "GFP_TRANSHUGE");
	if (v >= bs_kver_code(4, 9, 0))
		comp(t, "GFP_TRANSHUGE_LIGHT");
	if (v >= bs_kver_code(4, 5, 0))
		comp(t, "GFP_KERNEL_ACCOUNT");
	/* GFP_KERNEL is reclaim + IO + FS in every era */
	assert_int_equal(comp(t, "GFP_KERNEL") & comp(t, "GFP_NOFS"), comp(t, "GFP_NOFS"));
	assert_int_equal(comp(t, "GFP_NOFS") & comp(t, "GFP_NOIO"), comp(t, "GFP_NOIO"));
	assert_int_equal(comp(t, "GFP_KERNEL") & ~comp(t, "GFP_NOFS"), flag_mask(t, "__GFP_FS"));
}

static void test_required_composites(void **state)
{
	(void)state;
	each_table(check_required);
}

static void test_all_versions_present(void **state)
{
	static const char *const ids[] = {
		"2.6.32", "3.10", "3.10-rhel7-514", "3.10-rhel7-1062", "3.10-rhel7-1160", "3.18",
		"4.4", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12", "4.13", "4.14.5", "4.14",
		"4.15", "4.16", "4.18", "4.19", "4.20", "5.0", "5.1", "5.2", "5.3", "5.4", "5.6",
		"5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.14", "5.15", "5.17", "5.19", "6.0",
		"6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.8", "6.9", "6.10", "6.11", "6.12",
		"6.13", "6.14", "6.18",
	};
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!bs_gfp_table_by_id(ids[i]))
			fail_msg("no table %s", ids[i]);
	/* oldest first */
	for (size_t i = 1; i < n; i++)
		assert_true(bs_kver_code(all[i - 1]->major, all[i - 1]->minor, 0) <=
			    bs_kver_code(all[i]->major, all[i]->minor, 0));
	assert_null(bs_gfp_table_by_id("1.0"));
	assert_null(bs_gfp_table_by_id(NULL));
}

/* the seed: CentOS 7 3.10.0-514, mode 0x104050 */
static void test_seed_rhel7(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("3.10-rhel7-514");
	const struct bs_gfp_table *late = bs_gfp_table_by_id("3.10-rhel7-1160");
	const char *names[8];
	uint64_t unknown = 1;
	char buf[128];
	size_t n;

	(void)state;
	assert_non_null(t);
	assert_non_null(late);
	n = bs_gfp_split(t, 0x104050, names, 8, &unknown);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "__GFP_WAIT");
	assert_string_equal(names[1], "__GFP_IO");
	assert_string_equal(names[2], "__GFP_COMP");
	assert_string_equal(names[3], "__GFP_KMEMCG");
	assert_int_equal(unknown, 0);
	/* what the 3.10 tracepoints printed in the seed: GFP_NOFS|GFP_COMP|GFP_KMEMCG */
	bs_gfp_format_trace(t, 0x104050, buf, sizeof(buf));
	assert_string_equal(buf, "GFP_NOFS|GFP_COMP|GFP_KMEMCG");
	bs_gfp_format(t, 0x104050, buf, sizeof(buf));
	assert_string_equal(buf, "GFP_NOFS|__GFP_COMP|__GFP_KMEMCG");
	assert_false(t->has_name_table);
	/* the later RHEL 7 name for the same bit */
	n = bs_gfp_split(late, 0x104050, names, 8, &unknown);
	assert_int_equal(n, 4);
	assert_string_equal(names[3], "__GFP_ACCOUNT");
	assert_int_equal(bs_gfp_flag_lookup(late, "__GFP_KMEMCG", &unknown), -1);
	assert_int_equal(errno, ENOENT);
	/* XFS kmem_alloc deadlock seed: mode 0x250 = GFP_NOFS|__GFP_NOWARN */
	bs_gfp_format(t, 0x250, buf, sizeof(buf));
	assert_string_equal(buf, "GFP_NOFS|__GFP_NOWARN");
}

static void test_format_basics(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("6.18");
	char buf[256], small[8];
	int n;

	(void)state;
	assert_non_null(t);
	bs_gfp_format(t, 0xcc0, buf, sizeof(buf));
	assert_string_equal(buf, "GFP_KERNEL");
	bs_gfp_format(t, 0x40cc0, buf, sizeof(buf));
	assert_string_equal(buf, "GFP_KERNEL|__GFP_COMP");
	/* zero: %pGg prints nothing; the tracepoint prints "none" */
	assert_int_equal(bs_gfp_format(t, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	bs_gfp_format_trace(t, 0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	/* unknown bits are shown, never dropped */
	bs_gfp_format(t, 0xcc0 | (1ull << 30), buf, sizeof(buf));
	assert_string_equal(buf, "GFP_KERNEL|0x40000000");
	bs_gfp_format(t, 1ull << 40, buf, sizeof(buf));
	assert_string_equal(buf, "0x10000000000");
	/* snprintf contract */
	n = bs_gfp_format(t, 0x40cc0, small, sizeof(small));
	assert_int_equal(n, (int)strlen("GFP_KERNEL|__GFP_COMP"));
	assert_string_equal(small, "GFP_KER");
	n = bs_gfp_format(t, 0x40cc0, NULL, 0);
	assert_int_equal(n, (int)strlen("GFP_KERNEL|__GFP_COMP"));
	assert_int_equal(bs_gfp_format(NULL, 1, buf, sizeof(buf)), -1);
}

static void test_split(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("6.18");
	const char *names[4];
	uint64_t unknown;
	size_t n;

	(void)state;
	n = bs_gfp_split(t, 0xcc0 | (1ull << 31), names, 4, &unknown);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "__GFP_IO");
	assert_string_equal(names[1], "__GFP_FS");
	assert_string_equal(names[2], "__GFP_DIRECT_RECLAIM");
	assert_string_equal(names[3], "__GFP_KSWAPD_RECLAIM");
	assert_int_equal(unknown, 1ull << 31);
	/* more flags than room: the count still says how many */
	n = bs_gfp_split(t, 0x100cca, names, 2, NULL);
	assert_int_equal(n, 7);
}

static void test_parse(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("3.10");
	const struct bs_gfp_table *n18 = bs_gfp_table_by_id("6.18");
	uint64_t m = 0;
	char err[128];

	(void)state;
	assert_int_equal(bs_gfp_parse(t, "GFP_NOFS|__GFP_COMP", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0x4050);
	/* the old tracepoint spelling and bare flag words */
	assert_int_equal(bs_gfp_parse(t, "GFP_NOFS | GFP_COMP|KMEMCG", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0x104050);
	assert_int_equal(bs_gfp_parse(n18, "GFP_KERNEL|0x100", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0xdc0);
	/* bare digits are hex, as the kernel prints masks; decimal only with 0d */
	assert_int_equal(bs_gfp_parse(n18, "3264", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0x3264);
	assert_int_equal(bs_gfp_parse(n18, "0d3264", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0xcc0);
	assert_int_equal(bs_gfp_parse(n18, "cc0", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0xcc0);
	assert_int_equal(bs_gfp_parse(n18, "0d12ab", &m, err, sizeof(err)), -1);
	m = 7;
	assert_int_equal(bs_gfp_parse(n18, "GFP_BOGUS", &m, err, sizeof(err)), -1);
	assert_int_equal(m, 7);
	assert_non_null(strstr(err, "GFP_BOGUS"));
	assert_int_equal(bs_gfp_parse(n18, "0xzz", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(n18, "", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(n18, "GFP_KERNEL|", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(n18, "GFP_KERNEL GFP_NOFS", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(n18, "0x", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(n18, "0x1ffffffffffffffff", &m, err, sizeof(err)), -1);
	/* compiled out of the default 6.18 build */
	assert_int_equal(bs_gfp_parse(n18, "__GFP_NOLOCKDEP", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "compiled out"));
	/* __GFP_WAIT only exists before 4.4 */
	assert_int_equal(bs_gfp_parse(n18, "__GFP_WAIT", &m, err, sizeof(err)), -1);
	assert_int_equal(bs_gfp_parse(t, "__GFP_WAIT", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0x10);
}

/* format then parse gives the mask back, for every name of every table */
static void check_roundtrip(const struct bs_gfp_table *t)
{
	char buf[512], err[128];

	for (size_t i = 0; i < t->nr_composites + t->nr_flags; i++) {
		uint64_t mask = i < t->nr_composites ? t->composites[i].mask :
			        t->flags[i - t->nr_composites].mask;
		uint64_t back = ~0ull;

		mask |= flag_mask(t, "__GFP_COMP");
		bs_gfp_format(t, mask, buf, sizeof(buf));
		if (!mask)
			continue;
		if (bs_gfp_parse(t, buf, &back, err, sizeof(err)) != 0)
			fail_msg("%s: cannot parse own output \"%s\": %s", t->id, buf, err);
		if (back != mask)
			fail_msg("%s: %#llx -> \"%s\" -> %#llx", t->id, (unsigned long long)mask, buf,
				 (unsigned long long)back);
	}
}

static void test_roundtrip(void **state)
{
	(void)state;
	each_table(check_roundtrip);
}

static void test_variants(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("6.18");
	const struct bs_gfp_table *v;
	char buf[128];

	(void)state;
	assert_true(t->nr_variants >= 3);
	assert_non_null(strstr(t->relevant_configs, "CONFIG_LOCKDEP"));
	v = bs_gfp_table_variant(t, "CONFIG_KASAN_HW_TAGS=n CONFIG_LOCKDEP=y CONFIG_SLAB_OBJ_EXT=y");
	assert_non_null(v);
	assert_ptr_equal(v->base, t);
	/* with lockdep, __GFP_NOLOCKDEP takes bit 24 and __GFP_NO_OBJ_EXT moves to 25 */
	assert_int_equal(flag_mask(v, "__GFP_NOLOCKDEP"), 1ull << 24);
	assert_int_equal(flag_mask(v, "__GFP_NO_OBJ_EXT"), 1ull << 25);
	assert_int_equal(flag_mask(t, "__GFP_NO_OBJ_EXT"), 1ull << 24);
	assert_true(bs_gfp_is_absent(t, "__GFP_NOLOCKDEP"));
	assert_ptr_equal(bs_gfp_table_variant(v, t->configs), t);
	assert_null(bs_gfp_table_variant(t, "CONFIG_NOPE=y"));
	bs_gfp_format(v, 1ull << 24, buf, sizeof(buf));
	assert_string_equal(buf, "__GFP_NOLOCKDEP");
	bs_gfp_format(t, 1ull << 24, buf, sizeof(buf));
	assert_string_equal(buf, "__GFP_NO_OBJ_EXT");
	/* the default row says which options move it */
	for (size_t i = 0; i < t->nr_flags; i++)
		if (!strcmp(t->flags[i].name, "__GFP_NO_OBJ_EXT"))
			assert_non_null(strstr(t->flags[i].config, "CONFIG_SLAB_OBJ_EXT"));
}

static void test_meaning(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("6.18");
	const struct bs_gfp_table *o = bs_gfp_table_by_id("3.10");
	struct bs_gfp_meaning m;

	(void)state;
	bs_gfp_meaning(t, 0x100cca, &m);	/* GFP_HIGHUSER_MOVABLE */
	assert_true(m.direct_reclaim && m.wake_kswapd && m.io && m.fs && m.hardwall);
	assert_false(m.wait_era);
	assert_string_equal(m.zone, "Movable");
	assert_string_equal(m.migratetype, "Movable");
	bs_gfp_meaning(t, 0x820, &m);		/* GFP_ATOMIC */
	assert_false(m.direct_reclaim);
	assert_true(m.high && m.wake_kswapd);
	assert_string_equal(m.zone, "Normal");
	assert_string_equal(m.migratetype, "Unmovable");
	bs_gfp_meaning(t, 0x5, &m);		/* DMA|DMA32: GFP_ZONE_BAD */
	assert_null(m.zone);
	bs_gfp_meaning(t, 0x18, &m);		/* MOVABLE|RECLAIMABLE */
	assert_null(m.migratetype);
	assert_string_equal(bs_gfp_zone(t, 0x2, true), "HighMem");
	assert_string_equal(bs_gfp_zone(t, 0x2, false), "Normal");
	assert_string_equal(bs_gfp_zone(t, 0x4, false), "DMA32");
	bs_gfp_meaning(o, 0x104050, &m);	/* the seed, on 3.10 */
	assert_true(m.wait_era && m.direct_reclaim && m.io && m.comp && m.account);
	assert_false(m.fs);
	assert_true(m.wake_kswapd);
	bs_gfp_meaning(o, 0x400000 | 0x10, &m);	/* __GFP_NO_KSWAPD */
	assert_false(m.wake_kswapd);
	bs_gfp_meaning(t, 1ull << 33, &m);
	assert_int_equal(m.unknown, 1ull << 33);
	bs_gfp_meaning(NULL, 1, &m);
	assert_false(m.direct_reclaim);
}

/* One decode: semantic flags, may-sleep, zone and migratetype, invalid masks as the kernel has them. */
static void test_decode(void **state)
{
	const struct bs_gfp_table *t = bs_gfp_table_by_id("6.18");
	const struct bs_gfp_table *o = bs_gfp_table_by_id("3.10");
	const struct bs_gfp_table *early = bs_gfp_table_by_id("3.10-rhel7-514");
	const unsigned dma32_only = (1u << BS_ZONE_DMA32) | (1u << BS_ZONE_NORMAL);
	struct bs_gfp_decoded d;
	uint64_t m = 0;

	(void)state;
	assert_non_null(early);
	bs_gfp_decode(t, 0xcc0, &d);		/* GFP_KERNEL */
	assert_true(d.may_sleep && d.wakes_kswapd && !d.wait_era);
	assert_true(bs_gfp_is(&d, BS_GFP_IO) && bs_gfp_is(&d, BS_GFP_FS));
	assert_false(bs_gfp_is(&d, BS_GFP_HIGH));
	assert_true(bs_gfp_defines(&d, BS_GFP_KSWAPD_RECLAIM));
	assert_false(bs_gfp_defines(&d, BS_GFP_NO_KSWAPD));
	assert_int_equal(d.zone, BS_ZONE_NORMAL);
	assert_int_equal(d.migratetype, BS_MT_UNMOVABLE);
	/* the may-sleep bit of 3.10 is __GFP_WAIT, the same semantic flag */
	bs_gfp_decode(o, 0x10, &d);
	assert_true(d.may_sleep && d.wait_era && bs_gfp_is(&d, BS_GFP_DIRECT_RECLAIM));
	/* RHEL 7.3 calls bit 0x100000 __GFP_KMEMCG: the same "account" flag */
	bs_gfp_decode(early, 0x100000, &d);
	assert_true(bs_gfp_is(&d, BS_GFP_ACCOUNT));
	/* GFP_ZONE_BAD: no GFP_ZONE_TABLE entry, so the lowest zone configured */
	bs_gfp_decode(t, 0x5, &d);		/* DMA|DMA32 */
	assert_true(d.zone_bad);
	assert_int_equal(bs_gfp_zone_in(&d, BS_ZONES_X86_64), BS_ZONE_DMA);
	assert_int_equal(bs_gfp_zone_in(&d, dma32_only), BS_ZONE_DMA32);
	assert_null(bs_gfp_zone(t, 0x5, false));
	bs_gfp_decode(t, 0x6, &d);		/* HIGHMEM|DMA32: bad too, not DMA32 */
	assert_true(d.zone_bad);
	assert_int_equal(bs_gfp_zone_in(&d, BS_ZONES_X86_64), BS_ZONE_DMA);
	/* valid mixes, and zones the machine lacks */
	bs_gfp_decode(t, 0x9, &d);		/* MOVABLE|DMA */
	assert_false(d.zone_bad);
	assert_int_equal(d.zone, BS_ZONE_DMA);
	assert_int_equal(bs_gfp_zone_in(&d, dma32_only), BS_ZONE_NORMAL);
	bs_gfp_decode(t, 0xa, &d);		/* MOVABLE|HIGHMEM */
	assert_int_equal(d.zone, BS_ZONE_MOVABLE);
	assert_int_equal(bs_gfp_zone_in(&d, dma32_only), BS_ZONE_NORMAL);
	assert_string_equal(bs_gfp_zone_name(bs_gfp_zone_in(&d, BS_ZONES_X86_64)), "Movable");
	/* MOVABLE|RECLAIMABLE: gfp_migratetype() is none of the three lists */
	bs_gfp_decode(t, 0x18, &d);
	assert_int_equal(d.migratetype, BS_MT_INVALID);
	assert_null(bs_gfp_migratetype(t, 0x18));
	/* a misspelt name is an error, never "not set" */
	assert_int_equal(bs_gfp_flag_lookup(t, "__GFP_NOFS", &m), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(bs_gfp_flag_lookup(t, "__GFP_FS", &m), 0);
	assert_int_equal(m, 0x80);
	/* no table: nothing set, every bit unknown */
	bs_gfp_decode(NULL, 0xcc0, &d);
	assert_int_equal(d.set, 0);
	assert_int_equal(d.unknown, 0xcc0);
}

/* The library renders an answer: per order class without an order, at the order given with one. */
static void test_answer_rendered(void **state)
{
	struct bs_gfp_query q = { .mask = "0x104050", .kernel = "3.10.0-514.el7.x86_64", .order = 5 };
	struct bs_gfp_answer *a = calloc(1, sizeof(*a));
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(a);
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	bs_gfp_print_text(f, &q, a);
	q.order_given = true;
	bs_gfp_print_text(f, &q, a);
	bs_gfp_print_json(f, &q, a);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(text, "  compaction     order 0: "));
	assert_non_null(strstr(text, "orders 1-3: no - "));
	assert_non_null(strstr(text, "  compaction     order 5: no - "));
	assert_non_null(strstr(text, "\"compact_by_order\": ["));
	assert_non_null(strstr(text, "\"kernel_era\": \"3.10-rhel7-514\""));
	free(text);
	free(a);
}

/* The gfp command's model: the seed's mask on its kernel, unknown bits, and refusals. */
static void test_answer(void **state)
{
	struct bs_gfp_query q = { .mask = "0x104050", .kernel = "3.10.0-514.el7.x86_64", .order = 5 };
	struct bs_gfp_answer *a = calloc(1, sizeof(*a));
	char err[256];

	(void)state;
	assert_non_null(a);
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), 0);
	assert_string_equal(a->t->id, "3.10-rhel7-514");
	assert_int_equal(a->inexact, BS_GFP_EXACT);
	assert_string_equal(a->r->id, "rhel7");
	assert_false(a->symbolic);
	assert_int_equal(a->nr_flags, 4);
	/* GFP_NOFS may not compact on RHEL 7, at order 5 or any order class above 0 */
	assert_false(a->compact.allowed);
	assert_non_null(strstr(a->compact.why_not, "__GFP_FS"));
	assert_false(a->compact_class[BS_ORDER_CLASS_SMALL].allowed);
	assert_false(a->oom);
	/* a bit 6.18 has no flag for, named by its neighbours or not */
	q.mask = "GFP_KERNEL|0x80000000";
	q.kernel = "6.18";
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), 0);
	assert_true(a->symbolic);
	assert_int_equal(a->unknown, 0x80000000u);
	assert_true(a->nr_elsewhere >= 1);
	assert_int_equal(a->elsewhere[0].bit, 0x80000000u);
	/* no kernel: the newest table, exact */
	q.kernel = NULL;
	q.mask = "GFP_ATOMIC";
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), 0);
	assert_true(a->exact && !a->have_kv);
	assert_false(a->m.direct_reclaim);
	/* refusals carry the reason */
	q.mask = "GFP_NOFS|__GFP_BOGUS";
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "__GFP_BOGUS"));
	q.mask = "GFP_NOFS";
	q.kernel = "banana";
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "banana"));
	q.kernel = "6.6";
	q.configs[0] = "CONFIG_NOPE=y";
	q.nr_configs = 1;
	assert_int_equal(bs_gfp_answer(&q, a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "CONFIG_LOCKDEP"));
	free(a);
}

/* --- the oracle file ------------------------------------------------------ */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* every "mode:0x...(...)" / "gfp_mask=0x...(...)" in @line; returns how many checked */
static int check_line(const struct bs_gfp_table *t, const char *line, const char *where)
{
	static const char *const keys[] = { "mode:0x", "gfp_mask=0x", "gfp=0x" };
	int checked = 0;

	for (size_t k = 0; k < 3; k++) {
		const char *p = line;

		while ((p = strstr(p, keys[k])) != NULL) {
			char *end;
			unsigned long long mask;
			const char *open, *close;
			char want[256], got[256];

			p += strlen(keys[k]);
			mask = strtoull(p, &end, 16);
			open = end;
			if (*open != '(')
				continue;
			close = strchr(open, ')');
			assert_non_null(close);
			snprintf(want, sizeof(want), "%.*s", (int)(close - open - 1), open + 1);
			bs_gfp_format(t, mask, got, sizeof(got));
			if (strcmp(want, got))
				fail_msg("%s: %#llx on table %s: kernel printed \"%s\", we print \"%s\"",
					 where, mask, t->id, want, got);
			checked++;
		}
	}
	return checked;
}

static void test_oracle_file(void **state)
{
	char path[512], line[1024];
	FILE *f;
	int lineno = 0, checked = 0, entries = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/gfp_oracle.txt", fixture_dir());
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the repository root or set BS_FIXTURES)", path);
	while (fgets(line, sizeof(line), f)) {
		char *ver, *text, *src, *bar, where[600];
		struct bs_kver v;
		const struct bs_gfp_table *t;
		int c;

		lineno++;
		ver = trim(line);
		if (!*ver || *ver == '#')
			continue;
		bar = strstr(ver, " | ");
		assert_non_null(bar);
		*bar = '\0';
		text = bar + 3;
		bar = strstr(text, " | ");
		assert_non_null(bar);
		*bar = '\0';
		src = trim(bar + 3);
		assert_true(strlen(src) > 5);	/* every line cites where it comes from */
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (bs_kver_parse(ver, strlen(ver), &v) != 0)
			fail_msg("%s: cannot parse kernel version \"%s\"", where, ver);
		t = bs_kver_gfp_table(&v, NULL);
		assert_non_null(t);
		c = check_line(t, text, where);
		if (!c)
			fail_msg("%s: no mode:/gfp_mask= decode in the line", where);
		checked += c;
		entries++;
	}
	fclose(f);
	assert_true(entries >= 10);
	assert_int_equal(checked, entries);
}

/* true when some upstream table prints @mask as @want: the era can be inferred */
static bool some_table_prints(uint64_t mask, const char *want, const char **id)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	char got[256];

	for (size_t i = 0; i < n; i++) {
		if (all[i]->distro != BS_DISTRO_NONE || !all[i]->has_name_table)
			continue;
		bs_gfp_format(all[i], mask, got, sizeof(got));
		if (!strcmp(got, want)) {
			*id = all[i]->id;
			return true;
		}
	}
	return false;
}

/* an "unknown" kernel: every decode in @line must be one some table prints */
static int check_unknown(const char *line, const char *where)
{
	static const char *const keys[] = { "mode:0x", "gfp_mask=0x", "gfp=0x" };
	int checked = 0;

	for (size_t k = 0; k < 3; k++) {
		for (const char *p = line; (p = strstr(p, keys[k])) != NULL;) {
			char *end, want[256];
			const char *close, *id = NULL;
			unsigned long long mask;

			p += strlen(keys[k]);
			mask = strtoull(p, &end, 16);
			if (*end != '(' || !(close = strchr(end, ')')))
				continue;
			snprintf(want, sizeof(want), "%.*s", (int)(close - end - 1), end + 1);
			if (!some_table_prints(mask, want, &id))
				fail_msg("%s: no table prints %#llx as \"%s\"", where, mask, want);
			checked++;
		}
	}
	return checked;
}

/*
 * tests/fixtures/gfp_oracle_reports.txt: kernel<TAB>source<TAB>line, as
 * published.  Every decode in every line must be what the table for that
 * kernel prints; for an unknown kernel, what some table prints.
 */
static void test_oracle_reports(void **state)
{
	char path[512], line[2048];
	FILE *f;
	int lineno = 0, checked = 0, entries = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/gfp_oracle_reports.txt", fixture_dir());
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the repository root or set BS_FIXTURES)", path);
	while (fgets(line, sizeof(line), f)) {
		char *ver = line, *src, *text, *tab, where[600];
		struct bs_kver v;
		int c;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		tab = strchr(ver, '\t');
		assert_non_null(tab);
		*tab = '\0';
		src = tab + 1;
		tab = strchr(src, '\t');
		assert_non_null(tab);
		*tab = '\0';
		text = tab + 1;
		assert_true(strlen(src) > 5);	/* every line cites where it comes from */
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (!strncmp(ver, "unknown", 7)) {
			c = check_unknown(text, where);
		} else {
			if (bs_kver_parse(ver, strlen(ver), &v) != 0)
				fail_msg("%s: cannot parse kernel version \"%s\"", where, ver);
			c = check_line(bs_kver_gfp_table(&v, NULL), text, where);
		}
		if (!c)
			fail_msg("%s: no decode in the line", where);
		checked += c;
		entries++;
	}
	fclose(f);
	assert_true(entries >= 40);
	assert_true(checked >= entries);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_versions_present),
		cmocka_unit_test(test_tables_cite_sources),
		cmocka_unit_test(test_one_bit_per_flag),
		cmocka_unit_test(test_composites_expand_to_flags),
		cmocka_unit_test(test_required_composites),
		cmocka_unit_test(test_seed_rhel7),
		cmocka_unit_test(test_format_basics),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_meaning),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_answer_rendered),
		cmocka_unit_test(test_oracle_file),
		cmocka_unit_test(test_oracle_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
