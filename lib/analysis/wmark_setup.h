/* SPDX-License-Identifier: MIT */
/*
 * wmark_setup.h - the kernel's own arithmetic for the zone marks and
 * reserves, from the zones' page counts alone: __setup_per_zone_wmarks()
 * (min, low, high from vm.min_free_kbytes and vm.watermark_scale_factor)
 * and setup_per_zone_lowmem_reserve() (lowmem_reserve[] from
 * vm.lowmem_reserve_ratio), and the settings in force read back from
 * printed marks.  Shared by `explain --what-if` (a report's zones) and
 * `status --what-if` (zoneinfo's); nothing here knows where the numbers
 * came from.
 */
#ifndef BS_WMARK_SETUP_H
#define BS_WMARK_SETUP_H

#include <stdbool.h>
#include <stdint.h>

/* One zone as the two setup functions see it; all counts in pages, -1 when not printed. */
struct bs_wsetup_zone {
	int node;
	int zone_idx;		/* ZONE_* index of this config; -1 unknown */
	bool highmem;		/* HighMem or Movable: min is clamp(pages / 1024, 32, 128) */
	long pages;		/* managed pages (present before 3.8), the weight of the zone */
	long min, low;		/* the marks as printed, less a printed watermark_boost */
	long boost;		/* watermark_boost in the printed marks (kept by every replay) */
};

/* A printed mark less the @boost it holds, or -1 when either is beyond any real zone. */
long bs_wsetup_mark(uint64_t printed, uint64_t boost);

/* Pages of every lowmem (not highmem) zone of @z[0..@n); -1 when one is unknown. */
long long bs_wsetup_lowmem_pages(const struct bs_wsetup_zone *z, int n);

/*
 * pages_min (vm.min_free_kbytes in pages) read back from the printed min
 * marks: the value inside the most zones' ranges.  With @boost_era (5.0
 * on) a zone whose min is above every other's may hold an unprinted
 * boost and does not count against exactness.  Returns -1 when a lowmem
 * zone lacks its pages or mark; *@exact says one value fits every zone.
 */
long long bs_wsetup_derive_pages_min(const struct bs_wsetup_zone *z, int n, bool boost_era, bool *exact);

/*
 * vm.watermark_scale_factor read back from the largest lowmem zone whose
 * low - min gap is above min / 4 (there the factor, not min / 4, set the
 * gap): the smallest factor giving that gap.  -1 when no zone tells.
 */
int bs_wsetup_derive_wsf(const struct bs_wsetup_zone *z, int n);

/*
 * The unprinted watermark_boost of @z[@i]: its printed min less its share
 * of @pages_min in force; 0 for highmem zones, or when none.
 */
long bs_wsetup_unprinted_boost(const struct bs_wsetup_zone *z, int n, int i, long long pages_min);

/*
 * The marks of @z[@i] for @pages_min and factor @wsf (@wsf_era: 4.6 on,
 * where low - min is max(share / 4, pages * wsf / 10000); before it
 * share / 4 and high - min share / 2), plus the zone's boost.  false when
 * the zone or the lowmem total is unknown.
 */
bool bs_wsetup_marks(const struct bs_wsetup_zone *z, int n, int i, long long pages_min, int wsf, bool wsf_era,
		     long *min, long *low, long *high);

/*
 * lowmem_reserve[@j] of @z[@i] for ratios @ratio[0..@nr_ratio): the pages
 * of the same node's zones with index i+1..j over ratio[zone_idx]; 0 for
 * j <= zone_idx.  A ratio of 0 means no reserve with @zero_means_none
 * (5.x on), else it counts as 1.  false when a needed count is unknown.
 */
bool bs_wsetup_reserve(const struct bs_wsetup_zone *z, int n, int i, int j, const int *ratio, int nr_ratio,
		       bool zero_means_none, long *out);

#endif
