// SPDX-License-Identifier: MIT
/*
 * test_proc.c - the /proc parsers (lib/proc_zones.c, lib/proc_kv.c) on
 * the real fixtures and on the shapes other kernels print.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proc/proc_files.h"
#include "proc/fileio.h"

#define FC "tests/fixtures/proc/x86_64-6.18-firecracker/proc/"

static struct bs_proc_zones *parse_file(const char *path, int (*fn)(struct bs_proc_zones *, const char *, size_t),
					int *bad)
{
	struct bs_proc_zones *z = malloc(sizeof(*z));
	size_t len;
	char *buf = bs_read_whole(path, &len);

	assert_non_null(z);
	assert_non_null(buf);
	bs_proc_zones_init(z);
	*bad = fn(z, buf, len);
	free(buf);
	return z;
}

static void test_buddyinfo_fixture(void **state)
{
	int bad;
	struct bs_proc_zones *z = parse_file(FC "buddyinfo", bs_proc_parse_buddyinfo, &bad);
	const struct bs_proc_zone *dma = bs_proc_zone_find(z, 0, "DMA");

	(void)state;
	assert_int_equal(bad, 0);
	assert_int_equal(z->nr, 3);
	assert_non_null(dma);
	assert_int_equal(dma->nr_orders, 11);
	assert_true(dma->has_buddy);
	assert_non_null(bs_proc_zone_find(z, 0, "Normal"));
	assert_null(bs_proc_zone_find(z, 1, "Normal"));
	free(z);
}

static void test_zoneinfo_fixture(void **state)
{
	int bad;
	struct bs_proc_zones *z = parse_file(FC "zoneinfo", bs_proc_parse_zoneinfo, &bad);
	const struct bs_proc_zone *dma = bs_proc_zone_find(z, 0, "DMA");
	const struct bs_proc_zone *mov = bs_proc_zone_find(z, 0, "Movable");

	(void)state;
	assert_int_equal(bad, 0);
	assert_int_equal(z->nr, 5);	/* 6.18 lists unpopulated Movable and Device too */
	assert_non_null(dma);
	assert_non_null(mov);
	assert_int_equal(dma->zoneinfo_pos, 0);
	assert_int_equal(mov->zoneinfo_pos, 3);
	assert_int_equal(dma->nr_protection, 5);
	assert_int_equal(dma->protection[1], 3019);
	assert_true((dma->has & (BS_PZ_FREE | BS_PZ_MIN | BS_PZ_LOW | BS_PZ_HIGH | BS_PZ_BOOST | BS_PZ_PROMO |
				 BS_PZ_MANAGED | BS_PZ_FREE_CMA)) ==
		    (BS_PZ_FREE | BS_PZ_MIN | BS_PZ_LOW | BS_PZ_HIGH | BS_PZ_BOOST | BS_PZ_PROMO | BS_PZ_MANAGED |
		     BS_PZ_FREE_CMA));
	assert_true(dma->low > dma->min && dma->high > dma->low);
	assert_int_equal(mov->managed, 0);
	free(z);
}

/* 2.6.32's zoneinfo: no managed/boost, per-zone counters, populated zones only. */
static void test_zoneinfo_old_shape(void **state)
{
	static const char text[] =
		"Node 0, zone      DMA\n"
		"  pages free     3933\n"
		"        min      20\n"
		"        low      25\n"
		"        high     30\n"
		"        scanned  0\n"
		"        spanned  4080\n"
		"        present  3925\n"
		"    nr_free_pages 3933\n"
		"        protection: (0, 3000, 4010, 4010)\n"
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: 0\n"
		"              high:  0\n"
		"  all_unreclaimable: 0\n"
		"  prev_priority:     12\n"
		"  start_pfn:         16\n"
		"Node 0, zone   Normal\n"
		"  pages free     1000\n"
		"        min      2000\n"
		"        protection: (0, 0, 0, 0)\n";
	struct bs_proc_zones *z = malloc(sizeof(*z));
	const struct bs_proc_zone *dma;

	(void)state;
	assert_non_null(z);
	bs_proc_zones_init(z);
	assert_int_equal(bs_proc_parse_zoneinfo(z, text, strlen(text)), 0);
	dma = bs_proc_zone_find(z, 0, "DMA");
	assert_non_null(dma);
	assert_int_equal(dma->free, 3933);
	assert_int_equal(dma->high, 30);	/* the pageset's "high:" is not the mark */
	assert_false(dma->has & BS_PZ_MANAGED);
	assert_false(dma->has & BS_PZ_BOOST);
	assert_int_equal(dma->nr_protection, 4);
	assert_int_equal(bs_proc_zone_find(z, 0, "Normal")->zoneinfo_pos, 1);
	free(z);
}

/* ">100000" (5.9 on) is a lower bound, kept as such; migratetype names come from the header. */
static void test_pagetypeinfo_capped(void **state)
{
	static const char text[] =
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2\n"
		"Node    0, zone   Normal, type    Unmovable >100000     12      0\n"
		"Node    0, zone   Normal, type      Movable      5      0      1\n"
		"\n"
		"Number of blocks type     Unmovable      Movable\n"
		"Node 0, zone   Normal          100          900\n"
		"Number of mixed blocks    Unmovable      Movable\n"
		"Node 0, zone   Normal            3            4\n";
	struct bs_proc_zones *z = malloc(sizeof(*z));
	const struct bs_proc_zone *n;

	(void)state;
	assert_non_null(z);
	bs_proc_zones_init(z);
	assert_int_equal(bs_proc_parse_pagetypeinfo(z, text, strlen(text)), 0);
	assert_int_equal(z->pageblock_order, 9);
	assert_int_equal(z->nr_mt, 2);
	assert_string_equal(z->mt_names[1], "Movable");
	n = bs_proc_zone_find(z, 0, "Normal");
	assert_non_null(n);
	assert_int_equal(n->type_free[0][0], 100000);
	assert_true(n->capped[0][0]);
	assert_false(n->capped[0][1]);
	assert_int_equal(n->type_free[1][2], 1);
	assert_int_equal(n->blocks[1], 900);	/* not overwritten by the mixed-blocks table */
	assert_int_equal(bs_proc_mt_bit("HighAtomic"), BS_MT_H);
	free(z);
}

/* A damaged line is counted and described; the lines around it still count. */
static void test_bad_lines(void **state)
{
	static const char text[] =
		"Node 0, zone      DMA      1      2\n"
		"Node 0, zone   Normal    12 garbage\n"
		"\x01\x02\x03\n"
		"Node 1, zone   Normal      7      8\n";
	struct bs_proc_zones *z = malloc(sizeof(*z));

	(void)state;
	assert_non_null(z);
	bs_proc_zones_init(z);
	assert_int_equal(bs_proc_parse_buddyinfo(z, text, strlen(text)), 2);
	assert_int_equal(z->nr, 2);
	assert_int_equal(bs_proc_zone_find(z, 1, "Normal")->nr_free[1], 8);
	assert_int_equal(z->diags.nr, 2);
	assert_int_equal(z->diags.items[0].code, BS_DIAG_NOT_UNDERSTOOD);
	assert_non_null(strstr(z->diags.items[0].message, "buddyinfo line 2"));
	free(z);
}

static void test_kv(void **state)
{
	static const char vm[] = "nr_free_pages 123\nallocstall_dma32 1\nallocstall_normal 4\nbad line here\n";
	static const char mi[] = "MemTotal:       16384 kB\nHugePages_Total:       0\n";
	struct bs_proc_kv *kv = calloc(1, sizeof(*kv));
	uint64_t v = 0;
	bool found;

	(void)state;
	assert_non_null(kv);
	assert_int_equal(bs_proc_parse_kv(kv, vm, strlen(vm)), 1);
	assert_true(bs_proc_kv_get(kv, "nr_free_pages", &v));
	assert_int_equal(v, 123);
	assert_int_equal(bs_proc_kv_sum_prefix(kv, "allocstall", &found), 5);
	assert_true(found);
	assert_false(bs_proc_kv_get(kv, "nr_dirty", &v));
	memset(kv, 0, sizeof(*kv));
	assert_int_equal(bs_proc_parse_kv(kv, mi, strlen(mi)), 0);
	assert_true(bs_proc_kv_get(kv, "MemTotal", &v));
	assert_int_equal(v, 16384);
	free(kv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buddyinfo_fixture),  cmocka_unit_test(test_zoneinfo_fixture),
		cmocka_unit_test(test_zoneinfo_old_shape), cmocka_unit_test(test_pagetypeinfo_capped),
		cmocka_unit_test(test_bad_lines),          cmocka_unit_test(test_kv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
