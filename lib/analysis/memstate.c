// SPDX-License-Identifier: MIT
/*
 * memstate.c - a Mem-Info read on its own (memstate.h): the printed zone
 * and buddy lines become the zones status.c checks, so the class grid is
 * the same arithmetic `buddyscope status` runs on /proc (status.c
 * classes(), bs_zone_watermark_ok() of the era's rules), not a copy.
 *
 * Kernel facts used (torvalds/linux):
 *  - mm/page_alloc.c: kswapd is woken below the low mark, direct reclaim
 *    starts below min; __zone_watermark_ok() as in watermark.c.
 *  - PAGE_ALLOC_COSTLY_ORDER is 3 (include/linux/mmzone.h): orders above
 *    it need compaction to form and the slow path gives them up sooner.
 *  - mm/nommu.c do_mmap_private(): a private mapping is one physically
 *    contiguous block, alloc_pages_exact(len, GFP_KERNEL) (get_order(len),
 *    earlier __get_free_pages(GFP_KERNEL, order)), so its failure is an
 *    order-get_order(len) GFP_KERNEL request.
 */
#include "analysis/memstate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/event.h"
#include "textscan.h"

#define PAGE_ALLOC_COSTLY_ORDER 3

static const char *const verdict_names[] = {
	[BS_MS_NO_MARKS] = "no_marks", [BS_MS_BELOW_MIN] = "below_min", [BS_MS_BELOW_LOW] = "below_low",
	[BS_MS_FRAGMENTED] = "fragmented", [BS_MS_COSTLY_FAIL] = "costly_orders_fail",
	[BS_MS_HEALTHY] = "healthy", [BS_MS_CMA_ONLY] = "cma_only",
};

static const char *const level_names[] = {
	[BS_LEVEL_UNKNOWN] = "unknown", [BS_LEVEL_BELOW_MIN] = "below_min", [BS_LEVEL_BELOW_LOW] = "below_low",
	[BS_LEVEL_BELOW_HIGH] = "below_high", [BS_LEVEL_ABOVE_HIGH] = "above_high",
	[BS_LEVEL_ABOVE_LOW] = "above_low",
};

const char *bs_memstate_verdict_name(enum bs_memstate_verdict v)
{
	return (unsigned)v < sizeof(verdict_names) / sizeof(verdict_names[0]) ? verdict_names[v] : "?";
}

const char *bs_mark_level_name(enum bs_mark_level l)
{
	return (unsigned)l < sizeof(level_names) / sizeof(level_names[0]) ? level_names[l] : "?";
}

static bool printed(const struct bs_zone *z, enum bs_zone_field f)
{
	return z->has & (1ull << f);
}

static enum bs_mark_level level_of(const struct bs_zone *z)
{
	uint64_t f = z->kb[BS_ZF_FREE];

	if (!printed(z, BS_ZF_FREE) || !printed(z, BS_ZF_MIN) || !printed(z, BS_ZF_LOW))
		return BS_LEVEL_UNKNOWN;
	if (f <= z->kb[BS_ZF_MIN])
		return BS_LEVEL_BELOW_MIN;
	if (f <= z->kb[BS_ZF_LOW])
		return BS_LEVEL_BELOW_LOW;
	if (!printed(z, BS_ZF_HIGH))
		return BS_LEVEL_ABOVE_LOW;
	return f <= z->kb[BS_ZF_HIGH] ? BS_LEVEL_BELOW_HIGH : BS_LEVEL_ABOVE_HIGH;
}

/* The zone line's kB field @f in pages into *@v, with presence bit @bit in @pz->has. */
static void field(const struct bs_zone *z, enum bs_zone_field f, uint64_t page_kb, uint64_t *v,
		  struct bs_proc_zone *pz, unsigned bit)
{
	if (!printed(z, f))
		return;
	*v = z->kb[f] / page_kb;
	pz->has |= bit;
}

/* Report zone @z as the zone status.c would have read from /proc. */
static void to_proc_zone(const struct bs_zone *z, const struct bs_rules *ru, uint64_t page_kb,
			 struct bs_proc_zone *pz)
{
	memset(pz, 0, sizeof(*pz));
	pz->node = z->node;
	bs_copy_str(pz->name, sizeof(pz->name), z->name);
	pz->zoneinfo_pos = -1;
	field(z, BS_ZF_FREE, page_kb, &pz->free, pz, BS_PZ_FREE);
	field(z, BS_ZF_MIN, page_kb, &pz->min, pz, BS_PZ_MIN);
	field(z, BS_ZF_LOW, page_kb, &pz->low, pz, BS_PZ_LOW);
	field(z, BS_ZF_HIGH, page_kb, &pz->high, pz, BS_PZ_HIGH);
	field(z, BS_ZF_BOOST, page_kb, &pz->boost, pz, BS_PZ_BOOST);
	field(z, BS_ZF_PRESENT, page_kb, &pz->present, pz, BS_PZ_PRESENT);
	field(z, BS_ZF_MANAGED, page_kb, &pz->managed, pz, BS_PZ_MANAGED);
	field(z, BS_ZF_FREE_CMA, page_kb, &pz->free_cma, pz, BS_PZ_FREE_CMA);
	/* what this era's check subtracts: free highatomic pages (6.12 on) or the reserve */
	if (ru->highatomic_free_count && printed(z, BS_ZF_FREE_HIGHATOMIC))
		field(z, BS_ZF_FREE_HIGHATOMIC, page_kb, &pz->highatomic, pz, BS_PZ_HIGHATOMIC);
	else if (printed(z, BS_ZF_RESERVED_HIGHATOMIC))
		field(z, BS_ZF_RESERVED_HIGHATOMIC, page_kb, &pz->highatomic, pz, BS_PZ_HIGHATOMIC);
	if (z->nr_lowmem_reserve > 0) {
		pz->nr_protection = z->nr_lowmem_reserve;
		memcpy(pz->protection, z->lowmem_reserve, sizeof(pz->protection));
		pz->has |= BS_PZ_PROTECTION;
	}
	if (z->buddy.present) {
		pz->has_buddy = true;
		pz->nr_orders = z->buddy.nr_orders;
		memcpy(pz->nr_free, z->buddy.nr_free, sizeof(pz->nr_free));
		pz->has_letters = z->buddy.has_types;
		memcpy(pz->letters, z->buddy.types, sizeof(pz->letters));
	}
}

static void zones(const struct bs_report *r, struct bs_memstate *m)
{
	m->nr_zones = r->nr_zones;
	for (int i = 0; i < r->nr_zones; i++) {
		struct bs_memstate_zone *mz = &m->zones[i];
		const struct bs_buddy *b = &r->zones[i].buddy;

		mz->zone = &r->zones[i];
		mz->level = level_of(mz->zone);
		mz->largest_order = -1;
		for (int o = 0; b->present && o < b->nr_orders; o++)
			if (b->nr_free[o])
				mz->largest_order = o;
	}
}

/*
 * The ZONE_* index of every printed zone, and the configured zones the
 * dump leaves out (it prints populated zones only) as empty entries: what
 * /proc/zoneinfo would list, so status.c finds a request's highest zone.
 * ZONE_NORMAL exists in every configuration (a 512 MB x86-64 box prints
 * DMA and DMA32 only); bs_zone_config() adds the rest lowmem_reserve[]
 * implies.
 */
static void zone_positions(struct bs_proc_zones *pz)
{
	int nr = pz->nr;

	for (int i = 0; i < nr; i++) {
		const char *names[BS_PROC_MAX_ZONES + 1], *cfg[BS_MAX_NR_ZONE_IDX];
		int n = 0, nr_cfg, node = pz->zone[i].node;
		bool normal = false, first = true;

		for (int j = 0; j < nr; j++) {
			if (pz->zone[j].node != node)
				continue;
			first &= j >= i;
			names[n++] = pz->zone[j].name;
			normal |= !strcmp(pz->zone[j].name, "Normal");
		}
		if (!first)
			continue;	/* the node was done at its first zone */
		if (!normal)
			names[n++] = "Normal";
		nr_cfg = bs_zone_config(names, n, pz->zone[i].nr_protection, cfg);
		for (int c = 0; c < nr_cfg; c++) {
			struct bs_proc_zone *z = NULL;

			for (int j = 0; j < nr; j++)
				if (pz->zone[j].node == node && !strcmp(pz->zone[j].name, cfg[c]))
					z = &pz->zone[j];
			if (!z && pz->nr < BS_PROC_MAX_ZONES) {
				z = &pz->zone[pz->nr++];
				memset(z, 0, sizeof(*z));
				z->node = node;
				bs_copy_str(z->name, sizeof(z->name), cfg[c]);
			}
			if (z)
				z->zoneinfo_pos = c;
		}
	}
}

/* The class grid of status.c over the printed zones; a class is checked only where marks and blocks were printed. */
static int grid(const struct bs_report *r, const struct bs_analysis *era, struct bs_memstate *m)
{
	struct bs_status *s = bs_status_alloc();

	if (!s)
		return -1;
	s->snapshot = true;
	s->kver = era->kver;
	s->has_kver = true;
	s->gfp = era->gfp;
	s->rules = era->rules;
	s->page_kb = m->page_kb;
	s->pz.pageblock_order = -1;
	for (int i = 0; i < r->nr_zones && s->pz.nr < BS_PROC_MAX_ZONES; i++)
		to_proc_zone(&r->zones[i], era->rules, m->page_kb, &s->pz.zone[s->pz.nr++]);
	zone_positions(&s->pz);
	if (bs_status_analyze_zones(s, r->nr_zones ? r->zones[0].node : 0) < 0) {
		bs_status_free(s);
		return -1;
	}
	m->nr_orders = s->nr_orders;
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_status_class_result *k = &s->cls[c];
		struct bs_memstate_class *mc = &m->cls[c];

		mc->name = bs_status_class_name((enum bs_status_class)c);
		mc->known = k->known;
		mc->highest_zone = k->highest_zone;
		mc->highest_low = k->highest_low;
		mc->highest_min = k->highest_min;
		mc->nr_orders = s->nr_orders;
		for (int i = 0; i < s->nr_z; i++) {
			const struct bs_proc_zone *pz = s->z[i].pz;

			if (s->z[i].cls[c].eligible && (pz->has & BS_PZ_MIN) && (pz->has & BS_PZ_LOW) && pz->has_buddy)
				mc->checked = true;
		}
	}
	bs_status_free(s);
	return 0;
}

static void zone_label(const struct bs_zone *z, char *buf, size_t n)
{
	snprintf(buf, n, "Node %d %s", z->node, z->name);
}

/*
 * Every zone with its marks printed is at or below its low mark once its
 * free CMA pages are taken out: __zone_watermark_ok() subtracts them for a
 * request without ALLOC_CMA (every unmovable one), so GFP_KERNEL fails
 * there at any order, and the free blocks' sizes are beside the point.
 * @zl gets the first such zone's label.
 */
static bool cma_holds_the_rest(const struct bs_memstate *m, char *zl, size_t n)
{
	const uint64_t need = (1ull << BS_ZF_FREE) | (1ull << BS_ZF_LOW) | (1ull << BS_ZF_FREE_CMA);
	int seen = 0;

	for (int i = 0; i < m->nr_zones; i++) {
		const struct bs_zone *z = m->zones[i].zone;

		if (m->zones[i].level == BS_LEVEL_UNKNOWN)
			continue;
		if ((z->has & need) != need || !z->kb[BS_ZF_FREE_CMA] ||
		    z->kb[BS_ZF_FREE] > z->kb[BS_ZF_FREE_CMA] + z->kb[BS_ZF_LOW])
			return false;
		if (!seen++)
			zone_label(z, zl, n);
	}
	return seen > 0;
}

/* The verdict from GFP_KERNEL's row and the zones' levels. */
static void verdict(struct bs_memstate *m)
{
	const struct bs_memstate_class *k = &m->cls[BS_CLASS_KERNEL];
	int below_min = 0, below_low = 0, known = 0;
	char zl[48] = "";

	for (int i = 0; i < m->nr_zones; i++) {
		const struct bs_memstate_zone *z = &m->zones[i];

		known += z->level != BS_LEVEL_UNKNOWN;
		if (z->level == BS_LEVEL_BELOW_MIN && !below_min++)
			zone_label(z->zone, zl, sizeof(zl));
		below_low += z->level == BS_LEVEL_BELOW_LOW;
	}
	if (!known || !k->known || !k->checked) {
		m->verdict = BS_MS_NO_MARKS;
		snprintf(m->summary, sizeof(m->summary),
			 "%s: the watermark check cannot be replayed on it",
			 !known ? "no zone line with its free/min/low marks was printed" :
			 "no zone printed both its marks and its buddy line");
		return;
	}
	if (below_min) {
		m->verdict = BS_MS_BELOW_MIN;
		snprintf(m->summary, sizeof(m->summary),
			 "%d zone(s) at or below the min mark (%s first): allocations there wait in direct reclaim, "
			 "atomic ones dip into the reserves", below_min, zl);
	} else if (below_low) {
		m->verdict = BS_MS_BELOW_LOW;
		snprintf(m->summary, sizeof(m->summary),
			 "%d zone(s) at or below the low mark: kswapd is reclaiming; no zone is below min", below_low);
	} else if (k->highest_min < PAGE_ALLOC_COSTLY_ORDER && cma_holds_the_rest(m, zl, sizeof(zl))) {
		m->verdict = BS_MS_CMA_ONLY;
		snprintf(m->summary, sizeof(m->summary),
			 "every zone is above its low mark only by its free CMA pages, which a GFP_KERNEL request "
			 "may not use (%s first): unmovable requests fail from order %d, however the blocks lie",
			 zl, k->highest_min + 1);
	} else if (k->highest_min < PAGE_ALLOC_COSTLY_ORDER) {
		m->verdict = BS_MS_FRAGMENTED;
		snprintf(m->summary, sizeof(m->summary),
			 "every zone is above its low mark, yet a GFP_KERNEL request of order %d would fail the check: "
			 "the free memory is in pieces (fragmentation)", k->highest_min + 1);
	} else if (k->highest_min + 1 < k->nr_orders) {
		m->verdict = BS_MS_COSTLY_FAIL;
		snprintf(m->summary, sizeof(m->summary),
			 "GFP_KERNEL passes up to order %d and fails from order %d: requests above "
			 "PAGE_ALLOC_COSTLY_ORDER (3) need compaction first", k->highest_min, k->highest_min + 1);
	} else {
		m->verdict = BS_MS_HEALTHY;
		snprintf(m->summary, sizeof(m->summary),
			 "every zone is above its low mark and GFP_KERNEL passes at every order up to %d",
			 k->nr_orders - 1);
	}
}

/* The numbers behind the verdict, one line each. */
static void evidence(struct bs_memstate *m)
{
	for (int i = 0; i < m->nr_zones; i++) {
		const struct bs_memstate_zone *z = &m->zones[i];
		char zl[48];

		zone_label(z->zone, zl, sizeof(zl));
		if (m->verdict == BS_MS_CMA_ONLY && z->level != BS_LEVEL_UNKNOWN)
			bs_evidence(m, "%s: free %llu kB of which %llu kB CMA, low %llu kB", zl,
				    (unsigned long long)z->zone->kb[BS_ZF_FREE],
				    (unsigned long long)z->zone->kb[BS_ZF_FREE_CMA],
				    (unsigned long long)z->zone->kb[BS_ZF_LOW]);
		if (z->level == BS_LEVEL_BELOW_MIN || z->level == BS_LEVEL_BELOW_LOW)
			bs_evidence(m, "%s: free %llu kB, min %llu kB, low %llu kB", zl,
				    (unsigned long long)z->zone->kb[BS_ZF_FREE], (unsigned long long)z->zone->kb[BS_ZF_MIN],
				    (unsigned long long)z->zone->kb[BS_ZF_LOW]);
	}
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_memstate_class *k = &m->cls[c];

		if (!k->known || !k->checked)
			continue;
		if (k->highest_min < 0)
			bs_evidence(m, "%s: fails at every order, even 0 (highest zone %s)", k->name,
				    k->highest_zone ? k->highest_zone : "?");
		else if (k->highest_min + 1 < k->nr_orders)
			bs_evidence(m, "%s: passes orders 0-%d at the min mark, fails from order %d (%llu kB contiguous)",
				    k->name, k->highest_min, k->highest_min + 1,
				    (unsigned long long)(m->page_kb << (k->highest_min + 1)));
	}
}

static void advice(struct bs_memstate *m)
{
	switch (m->verdict) {
	case BS_MS_BELOW_MIN:
	case BS_MS_BELOW_LOW:
		bs_advise(m, "Find what holds the memory: the Mem-Info counters (anon, file, slab, shmem) and the OOM task list or ps",
			  "zones at their marks mean memory itself is short, not its layout");
		bs_advise(m, "Raise vm.min_free_kbytes if atomic allocations fail while this state lasts",
			  "a larger min leaves more for requests that cannot reclaim");
		break;
	case BS_MS_FRAGMENTED:
	case BS_MS_COSTLY_FAIL:
		bs_advise(m, "echo 1 > /proc/sys/vm/compact_memory (and watch /proc/buddyinfo)",
			  "compaction moves movable pages together to rebuild the higher-order blocks the check lacks");
		bs_advise(m, "Raise vm.watermark_scale_factor or vm.min_free_kbytes so kswapd keeps more free",
			  "more free memory makes high-order blocks likelier and kswapd compacts for them (kcompactd)");
		break;
	case BS_MS_CMA_ONLY:
		bs_advise(m, "Size the CMA area (cma= or the device tree's linux,cma) to what its devices need",
			  "free CMA pages count toward the marks but serve only movable requests and CMA users");
		bs_advise(m, "Find what holds the non-CMA memory: the Mem-Info counters (anon, file, slab, shmem)",
			  "unmovable requests live on the zone's memory outside the CMA area, and that is what ran low");
		break;
	default:
		break;
	}
}

/* nommu: the mapping is one GFP_KERNEL block of get_order(length). */
static void focus(const struct bs_report *r, struct bs_memstate *m)
{
	const struct bs_memstate_class *k = &m->cls[BS_CLASS_KERNEL];

	m->focus_order = m->focus_class = -1;
	if (r->kind != BS_KIND_NOMMU_FAILURE || !r->ev.has_size)
		return;
	m->focus_order = (int)bs_event_order(r->ev.size, m->page_kb);
	m->focus_class = BS_CLASS_KERNEL;
	if (!k->known || !k->checked)
		return;
	bs_evidence(m, "the mapping of %llu bytes needs one order-%d block (%llu kB) from GFP_KERNEL: the check %s at that order",
		    (unsigned long long)r->ev.size, m->focus_order, (unsigned long long)(m->page_kb << m->focus_order),
		    k->highest_min >= m->focus_order ? "passes on these numbers (memory moved between the failure and the dump)"
						     : "fails");
	bs_advise(m, "Map less at once, or keep sysctl vm.nr_trim_pages at its default (1) so the block's unused tail is returned",
		  "without an MMU a private mapping is physically contiguous: its size, rounded to a power of two, is the order that must be free");
}

static void describe_missing(const struct bs_report *r, struct bs_memstate *m)
{
	size_t n = 0;

	m->missing[0] = '\0';
	if (!r->nr_zones)
		n += (size_t)snprintf(m->missing + n, sizeof(m->missing) - n, "zone lines; ");
	if (r->gaps & BS_GAP_NO_BUDDY && n < sizeof(m->missing))
		n += (size_t)snprintf(m->missing + n, sizeof(m->missing) - n, "a buddy line for some zone; ");
	if (r->gaps & BS_GAP_NO_RESERVE && n < sizeof(m->missing))
		n += (size_t)snprintf(m->missing + n, sizeof(m->missing) - n, "lowmem_reserve[] for some zone; ");
	if (r->gaps & BS_GAP_CUT && n < sizeof(m->missing))
		n += (size_t)snprintf(m->missing + n, sizeof(m->missing) - n, "the end of the dump; ");
	if (n >= 2 && n < sizeof(m->missing))
		m->missing[n - 2] = '\0';
}

int bs_memstate_analyze(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_memstate *m)
{
	struct bs_analysis *era = calloc(1, sizeof(*era));
	int rc = 0;

	memset(m, 0, sizeof(*m));
	m->rep = r;
	m->focus_order = m->focus_class = -1;
	if (!era) {
		errno = ENOMEM;
		return -1;
	}
	era->rep = r;
	bs_analyze_era(r, o, era);
	m->kver = era->kver;
	m->kver_inferred = era->kver_inferred;
	bs_copy_str(m->era_reason, sizeof(m->era_reason), era->era_reason);
	m->page_kb = bs_report_page_kb(r);
	m->page_kb_assumed = !m->page_kb;
	if (!m->page_kb)
		m->page_kb = 4;
	zones(r, m);
	describe_missing(r, m);
	if (!era->gfp || !era->rules) {
		errno = EINVAL;
		rc = -1;
	} else {
		m->gfp_id = era->gfp->id;
		m->rules_id = era->rules->id;
		rc = grid(r, era, m);
	}
	free(era);
	if (rc < 0) {
		m->verdict = BS_MS_NO_MARKS;
		snprintf(m->summary, sizeof(m->summary), "analysis failed: %s", errno == ENOMEM ? "out of memory" : "no kernel table");
		return -1;
	}
	verdict(m);
	evidence(m);
	advice(m);
	focus(r, m);
	return 0;
}
