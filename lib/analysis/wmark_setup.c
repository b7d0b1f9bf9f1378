// SPDX-License-Identifier: MIT
/*
 * wmark_setup.c - the marks and reserves recomputed the way the kernel
 * computes them, not scaled (see wmark_setup.h).
 *
 * __setup_per_zone_wmarks() gives each lowmem zone
 *   min = pages_min * pages / lowmem_pages   (floor; pages_min = min_free_kbytes in pages)
 * and a HighMem/Movable zone clamp(pages / 1024, SWAP_CLUSTER_MAX 32, 128); then
 *   low  = min + max(tmp / 4, pages * watermark_scale_factor / 10000)   (4.6 on)
 *   high = low + that same gap        (before 4.6: min + tmp / 4, min + tmp / 2)
 * with tmp the zone's proportional share.  Worked example: a zone of 65536
 * of 98304 lowmem pages, min_free_kbytes 8192 (2048 pages), factor 10:
 * min 1365, gap max(341, 65) = 341, low 1706, high 2047.
 * setup_per_zone_lowmem_reserve() gives zone i, for a request whose
 * highest zone is j, lowmem_reserve[j] = pages of zones i+1..j / ratio[i].
 */
#include "analysis/wmark_setup.h"

/*
 * A count no zone reaches (2^40 pages is 4 PiB of 4 kB pages) is taken
 * for unknown: then every product below fits in 128 bits and every sum
 * in 64, whatever a damaged file said.
 */
#define MAX_PAGES (1LL << 40)

static bool sane(long v)
{
	return v >= 0 && v <= MAX_PAGES;
}

long bs_wsetup_mark(uint64_t printed, uint64_t boost)
{
	return printed <= (uint64_t)MAX_PAGES && boost <= printed ? (long)(printed - boost) : -1;
}

long long bs_wsetup_lowmem_pages(const struct bs_wsetup_zone *z, int n)
{
	long long sum = 0;

	for (int i = 0; i < n; i++) {
		if (z[i].highmem)
			continue;
		if (!sane(z[i].pages))
			return -1;
		sum += z[i].pages;
	}
	return sum;
}

/*
 * Each lowmem zone's min = pages_min * m / L (floor) bounds pages_min to
 * [ceil(min * L / m), ceil((min + 1) * L / m) - 1]; the lower end inside
 * the most ranges wins.
 */
long long bs_wsetup_derive_pages_min(const struct bs_wsetup_zone *z, int n, bool boost_era, bool *exact)
{
	unsigned __int128 lm, lo[64], hi[64];
	int nz = 0, best = -1, best_count = 0, above = 0;

	*exact = false;
	if (bs_wsetup_lowmem_pages(z, n) <= 0)
		return -1;
	lm = (unsigned __int128)bs_wsetup_lowmem_pages(z, n);
	for (int i = 0; i < n && nz < 64; i++) {
		unsigned __int128 m = (unsigned __int128)z[i].pages, min;

		if (z[i].highmem)
			continue;
		if (!sane(z[i].min) || !sane(z[i].low) || !m)
			return -1;
		min = (unsigned __int128)z[i].min;
		lo[nz] = (min * lm + m - 1) / m;
		hi[nz] = ((min + 1) * lm + m - 1) / m - 1;
		nz++;
	}
	for (int c = 0; c < nz; c++) {
		int count = 0;

		for (int i = 0; i < nz; i++)
			count += lo[c] >= lo[i] && lo[c] <= hi[i];
		if (count > best_count || (count == best_count && lo[c] < lo[best])) {
			best = c;
			best_count = count;
		}
	}
	if (best < 0 || lo[best] > (unsigned __int128)MAX_PAGES)
		return -1;
	for (int i = 0; i < nz; i++)
		above += lo[i] > lo[best];
	*exact = best_count == nz || (boost_era && best_count + above == nz);
	return (long long)lo[best];
}

int bs_wsetup_derive_wsf(const struct bs_wsetup_zone *z, int n)
{
	long best = 0;
	int wsf = -1;

	for (int i = 0; i < n; i++) {
		long m = z[i].pages, d;

		if (z[i].highmem || m <= best || !sane(m) || !sane(z[i].min) || !sane(z[i].low))
			continue;
		d = z[i].low - z[i].min;
		if (d <= z[i].min / 4 + 1)
			continue;
		best = m;
		/* the smallest factor whose mult_frac() gives that gap */
		wsf = (int)(((long long)d * 10000 + m - 1) / m);
		while (wsf > 1 && (long long)m * (wsf - 1) / 10000 >= d)
			wsf--;
	}
	return wsf;
}

/* The zone's proportional share of @pages_min, or -1. */
static long share(const struct bs_wsetup_zone *z, int n, int i, long long pages_min)
{
	long long lm = bs_wsetup_lowmem_pages(z, n);

	if (lm <= 0 || !sane(z[i].pages) || pages_min < 0 || pages_min > MAX_PAGES)
		return -1;
	return (long)((unsigned __int128)pages_min * (unsigned __int128)z[i].pages / (unsigned __int128)lm);
}

long bs_wsetup_unprinted_boost(const struct bs_wsetup_zone *z, int n, int i, long long pages_min)
{
	long s = share(z, n, i, pages_min);

	if (z[i].highmem || s < 0 || !sane(z[i].min))
		return 0;
	return z[i].min > s ? z[i].min - s : 0;
}

bool bs_wsetup_marks(const struct bs_wsetup_zone *z, int n, int i, long long pages_min, int wsf, bool wsf_era,
		     long *min, long *low, long *high)
{
	long tmp = share(z, n, i, pages_min), m = z[i].pages, gap;

	if (tmp < 0 || !sane(z[i].boost) || wsf < 0)
		return false;
	if (z[i].highmem) {
		*min = m / 1024;
		*min = *min < 32 ? 32 : *min > 128 ? 128 : *min;
	} else {
		*min = tmp;
	}
	if (wsf_era) {
		long f = (long)((long long)m * wsf / 10000);

		gap = tmp / 4 > f ? tmp / 4 : f;
		*low = *min + gap;
		*high = *min + 2 * gap;
	} else {
		*low = *min + tmp / 4;
		*high = *min + tmp / 2;
	}
	*min += z[i].boost;
	*low += z[i].boost;
	*high += z[i].boost;
	return true;
}

bool bs_wsetup_reserve(const struct bs_wsetup_zone *z, int n, int i, int j, const int *ratio, int nr_ratio,
		       bool zero_means_none, long *out)
{
	long sum = 0;
	int r;

	*out = 0;
	if (z[i].zone_idx < 0)
		return false;
	if (z[i].zone_idx >= j)
		return true;
	if (z[i].zone_idx >= nr_ratio)
		return false;
	for (int k = 0; k < n; k++) {
		if (z[k].node != z[i].node || z[k].zone_idx <= z[i].zone_idx || z[k].zone_idx > j)
			continue;
		if (!sane(z[k].pages))
			return false;
		sum += z[k].pages;
	}
	r = ratio[z[i].zone_idx];
	if (r < 1) {
		if (zero_means_none)
			return true;
		r = 1;
	}
	*out = sum / r;
	return true;
}
