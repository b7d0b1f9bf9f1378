// SPDX-License-Identifier: MIT
/*
 * test_wmark_setup.c - the kernel's setup arithmetic for marks and
 * reserves (wmark_setup.c), worked by hand, and the --what-if settings
 * table: the bounds each sysctl accepts.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/whatif.h"
#include "analysis/wmark_setup.h"

/* DMA, DMA32, Normal of one node: 3840 + 28672 + 65536 = 98048 lowmem pages. */
static void three_zones(struct bs_wsetup_zone *z)
{
	static const long pages[3] = { 3840, 28672, 65536 };

	for (int i = 0; i < 3; i++)
		z[i] = (struct bs_wsetup_zone){ .node = 0, .zone_idx = i, .pages = pages[i], .min = -1, .low = -1 };
}

static void test_marks_by_hand(void **state)
{
	struct bs_wsetup_zone z[3];
	long min, low, high;

	(void)state;
	three_zones(z);
	assert_int_equal(bs_wsetup_lowmem_pages(z, 3), 98048);
	/* 2048 * 65536 / 98048 = 1368; gap max(1368 / 4, 65536 * 10 / 10000) = max(342, 65) */
	assert_true(bs_wsetup_marks(z, 3, 2, 2048, 10, true, &min, &low, &high));
	assert_int_equal(min, 1368);
	assert_int_equal(low, 1368 + 342);
	assert_int_equal(high, 1368 + 2 * 342);
	/* factor 1000: 65536 * 1000 / 10000 = 6553 wins over 342 */
	assert_true(bs_wsetup_marks(z, 3, 2, 2048, 1000, true, &min, &low, &high));
	assert_int_equal(low, 1368 + 6553);
	assert_int_equal(high, 1368 + 2 * 6553);
	/* before 4.6: low = min + share / 4, high = min + share / 2, whatever the factor */
	assert_true(bs_wsetup_marks(z, 3, 2, 2048, 1000, false, &min, &low, &high));
	assert_int_equal(low, 1368 + 342);
	assert_int_equal(high, 1368 + 684);
	/* a boost rides on every mark */
	z[2].boost = 100;
	assert_true(bs_wsetup_marks(z, 3, 2, 2048, 10, true, &min, &low, &high));
	assert_int_equal(min, 1468);
	assert_int_equal(low, 1810);
	/* unknown pages: no marks */
	z[1].pages = -1;
	assert_false(bs_wsetup_marks(z, 3, 2, 2048, 10, true, &min, &low, &high));
}

static void test_highmem_min(void **state)
{
	struct bs_wsetup_zone z[2] = {
		{ .node = 0, .zone_idx = 0, .pages = 200000 },
		{ .node = 0, .zone_idx = 1, .highmem = true, .pages = 200000 },
	};
	long min, low, high;

	(void)state;
	/* highmem takes no share of pages_min: 200000 / 1024 = 195, clamped to 128 */
	assert_int_equal(bs_wsetup_lowmem_pages(z, 2), 200000);
	assert_true(bs_wsetup_marks(z, 2, 1, 4096, 10, true, &min, &low, &high));
	assert_int_equal(min, 128);
	z[1].pages = 1000;	/* 1000 / 1024 = 0, clamped up to SWAP_CLUSTER_MAX */
	assert_true(bs_wsetup_marks(z, 2, 1, 4096, 10, true, &min, &low, &high));
	assert_int_equal(min, 32);
}

static void test_derive_back(void **state)
{
	struct bs_wsetup_zone z[3];
	long min, low, high;
	bool exact;
	long long p;

	(void)state;
	three_zones(z);
	for (int i = 0; i < 3; i++) {
		assert_true(bs_wsetup_marks(z, 3, i, 5000, 200, true, &min, &low, &high));
		z[i].min = min;
		z[i].low = low;
	}
	p = bs_wsetup_derive_pages_min(z, 3, false, &exact);
	assert_true(exact);
	/* whatever value comes back gives every printed min again */
	for (int i = 0; i < 3; i++) {
		long m2, l2, h2;

		assert_true(bs_wsetup_marks(z, 3, i, p, 200, true, &m2, &l2, &h2));
		assert_int_equal(m2, z[i].min);
	}
	assert_int_equal(bs_wsetup_derive_wsf(z, 3), 200);
	/* a zone whose min is far above its share (an unprinted boost) is not exact ... */
	z[0].min += 500;
	bs_wsetup_derive_pages_min(z, 3, false, &exact);
	assert_false(exact);
	/* ... unless the era boosts, where a min above the others' may hold a boost */
	bs_wsetup_derive_pages_min(z, 3, true, &exact);
	assert_true(exact);
	assert_int_equal(bs_wsetup_unprinted_boost(z, 3, 0, p), 500);
}

static void test_reserve(void **state)
{
	struct bs_wsetup_zone z[3];
	int ratio[3] = { 256, 256, 32 }, zero[3] = { 256, 0, 32 };
	long r;

	(void)state;
	three_zones(z);
	/* DMA for a Normal request: (28672 + 65536) / 256 */
	assert_true(bs_wsetup_reserve(z, 3, 0, 2, ratio, 3, true, &r));
	assert_int_equal(r, 368);
	/* DMA for a DMA32 request: 28672 / 256 */
	assert_true(bs_wsetup_reserve(z, 3, 0, 1, ratio, 3, true, &r));
	assert_int_equal(r, 112);
	/* a zone keeps nothing from requests of its own index or below */
	assert_true(bs_wsetup_reserve(z, 3, 2, 2, ratio, 3, true, &r));
	assert_int_equal(r, 0);
	/* ratio 0: no reserve from 4.15 (d3cda2337bbc), everything before */
	assert_true(bs_wsetup_reserve(z, 3, 1, 2, zero, 3, true, &r));
	assert_int_equal(r, 0);
	assert_true(bs_wsetup_reserve(z, 3, 1, 2, zero, 3, false, &r));
	assert_int_equal(r, 65536);
	/* a ratio not given: unknown */
	assert_false(bs_wsetup_reserve(z, 3, 1, 2, ratio, 1, true, &r));
}

static void test_settings_table(void **state)
{
	struct bs_whatif_setting s;
	char err[200];
	size_t n;
	const struct bs_whatif_def *d = bs_whatif_defs(&n);

	(void)state;
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(bs_whatif_def(d[i].kind), &d[i]);
		assert_non_null(d[i].source);
		assert_non_null(d[i].replay);
	}
	/* SYSCTL_ONE .. SYSCTL_THREE_THOUSAND (5.17 on, 39c65a94cd96) */
	assert_int_equal(bs_whatif_def(BS_WI_WSF)->hi, 3000);
	assert_int_equal(bs_whatif_parse("vm.watermark_scale_factor=3000", &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 3000);
	assert_int_equal(bs_whatif_parse("vm.watermark_scale_factor=3001", &s, err, sizeof(err)), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(err, "1 .. 3000"));
	assert_int_equal(bs_whatif_parse("vm.watermark_scale_factor=0", &s, err, sizeof(err)), -1);
	/* the name as the sysctl file has it, without vm. */
	assert_int_equal(bs_whatif_parse("min_free_kbytes=2147483647", &s, err, sizeof(err)), 0);
	assert_string_equal(s.name, "vm.min_free_kbytes");
	assert_int_equal(bs_whatif_parse("vm.min_free_kbytes=2147483648", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("vm.extfrag_threshold=1001", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("vm.lowmem_reserve_ratio=256,1,32", &s, err, sizeof(err)), 0);
	assert_int_equal(s.nr_ratio, 3);
	assert_int_equal(s.ratio[1], 1);
	assert_int_equal(bs_whatif_parse("vm.lowmem_reserve_ratio=256 -1", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("compact=1", &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "takes no value"));
	assert_int_equal(bs_whatif_parse("vm.min_free_kbytes", &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "expected vm.min_free_kbytes=N"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_by_hand),
		cmocka_unit_test(test_highmem_min),
		cmocka_unit_test(test_derive_back),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_settings_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
