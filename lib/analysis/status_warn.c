// SPDX-License-Identifier: MIT
/*
 * status_warn.c - the warnings of status as numbers (struct
 * bs_status_warning), each with which setting changes it and, where the
 * kernel's arithmetic allows, the value that would change the outcome;
 * then the verdict.  Their words are render/status_words.c's.
 *
 * The arithmetic is the kernel's, from torvalds/linux v6.18 unless said:
 *  - marks: mm/page_alloc.c __setup_per_zone_wmarks(): min is the zone's
 *    share (managed / managed of the lowmem zones) of min_free_kbytes;
 *    low = min + gap, high = low + gap, gap = max(min/4, managed *
 *    watermark_scale_factor / 10000) (the factor came in 4.6, 795ae7a0de6b;
 *    before, gap = min/4).  Shown only when it reproduces zoneinfo's min.
 *  - dirty limits: mm/page-writeback.c global_dirtyable_memory() (free
 *    pages less totalreserve_pages, plus the file LRU) and
 *    domain_dirty_limits() (ratio% of it, or the _bytes form; background
 *    at least halves the limit); totalreserve_pages from mm/page_alloc.c
 *    calculate_totalreserve_pages() (per zone the largest lowmem_reserve
 *    plus the high mark, at most managed).  /proc/vmstat prints the
 *    kernel's own limits (nr_dirty_threshold, nr_dirty_background_threshold);
 *    those are used when present, ours are kept to be checked against them.
 *  - compaction: mm/compaction.c compaction_suitable(): for orders above
 *    PAGE_ALLOC_COSTLY_ORDER a zone whose fragmentation index is in
 *    [0, extfrag_threshold] is not compacted (the failure is taken for a
 *    lack of memory).
 *  - THP defrag: mm/huge_memory.c vma_thp_gfp_mask(): "always" compacts
 *    in every fault, "madvise" only in MADV_HUGEPAGE regions, "defer"
 *    wakes kcompactd instead, "defer+madvise" both, "never" neither.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/status.h"
#include "textscan.h"

/* A new warning of @kind (zeroed, order -1), or NULL when the list is full. */
static struct bs_status_warning *warn(struct bs_status *s, enum bs_status_warn_kind kind)
{
	struct bs_status_warning *w;

	if (s->nr_warn >= BS_STATUS_MAX_WARNINGS)
		return NULL;
	w = &s->warn[s->nr_warn++];
	*w = (struct bs_status_warning){ .kind = (uint8_t)kind, .order = -1 };
	return w;
}

/* A warning of @kind about zone @pz, or NULL. */
static struct bs_status_warning *warn_zone(struct bs_status *s, enum bs_status_warn_kind kind,
					   const struct bs_proc_zone *pz)
{
	struct bs_status_warning *w = warn(s, kind);

	if (w) {
		w->node = pz->node;
		w->zone = pz->name;
	}
	return w;
}

/* A vm sysctl's value as read, or NULL. */
static const char *sysctl(const struct bs_status *s, const char *name)
{
	for (int i = 0; i < s->nr_sysctl; i++)
		if (!strcmp(s->sysctl[i].name, name) && s->sysctl[i].present)
			return s->sysctl[i].value;
	return NULL;
}

/* A numeric vm sysctl into *@v; false when absent or not a number. */
static bool sysctl_u64(const struct bs_status *s, const char *name, uint64_t *v)
{
	const char *t = sysctl(s, name);
	struct bs_scan sc;

	if (!t)
		return false;
	sc = bs_scan_init(t, strlen(t));
	return bs_scan_u64(&sc, v);
}

static bool counter(const struct bs_status *s, const char *name, uint64_t *v)
{
	for (int i = 0; i < s->act.n; i++)
		if (!strcmp(s->act.c[i].name, name) && s->act.c[i].present) {
			*v = s->act.c[i].value;
			return true;
		}
	return false;
}

/* --- the marks ------------------------------------------------------------ */

static bool lowmem_zone(const struct bs_proc_zone *pz)
{
	return strcmp(pz->name, "HighMem") && strcmp(pz->name, "Movable");
}

/*
 * __setup_per_zone_wmarks() for @pz from the sysctls: min and the gap
 * between the marks.  False when a sysctl is missing or the result is not
 * zoneinfo's min (another era's formula): then no arithmetic is shown.
 */
static bool marks_from_sysctls(const struct bs_status *s, const struct bs_proc_zone *pz, uint64_t wsf,
			       uint64_t *min, uint64_t *gap)
{
	uint64_t kb, lowmem = 0, pages_min;

	if (!sysctl_u64(s, "min_free_kbytes", &kb) || !lowmem_zone(pz) || !pz->managed || !s->page_kb)
		return false;
	for (int i = 0; i < s->pz.nr; i++)
		if (lowmem_zone(&s->pz.zone[i]))
			lowmem += s->pz.zone[i].managed;
	if (!lowmem)
		return false;
	pages_min = kb / s->page_kb;
	*min = (uint64_t)((unsigned __int128)pages_min * pz->managed / lowmem);
	*gap = *min >> 2;
	if (pz->managed * wsf / 10000 > *gap)
		*gap = pz->managed * wsf / 10000;
	return *min == pz->min - (pz->min >= pz->boost ? pz->boost : 0);
}

/* Which marks change applies to @pz: the arithmetic of __setup_per_zone_wmarks() when it reproduces min. */
static void marks_change(const struct bs_status *s, const struct bs_proc_zone *pz, bool low, struct bs_status_warning *w)
{
	uint64_t wsf = 0, kb = 0, min, gap, gap2;
	bool has_wsf = sysctl_u64(s, "watermark_scale_factor", &wsf);

	sysctl_u64(s, "min_free_kbytes", &kb);
	if (!marks_from_sysctls(s, pz, has_wsf ? wsf : 0, &min, &gap)) {
		w->change = BS_SC_MARKS_UNKNOWN;
		w->flag2 = low;
		return;
	}
	if (!has_wsf || !wsf) {
		w->change = BS_SC_MARKS_NO_WSF;
		w->c[0] = (long long)kb;
		w->c[1] = (long long)min;
		return;
	}
	/* doubling watermark_scale_factor: low = min + gap2, where kswapd wakes */
	gap2 = pz->managed * wsf * 2 / 10000;
	if (gap2 < min >> 2)
		gap2 = min >> 2;
	w->change = BS_SC_MARKS_WSF;
	w->c[0] = (long long)min;
	w->c[1] = (long long)kb;
	w->c[2] = (long long)gap;
	w->c[3] = (long long)wsf;
	w->c[4] = (long long)(min + gap2 + pz->boost);
}

/*
 * Does an order-0 request of class @c still pass (at the low mark, or the
 * min mark with its reserves) in some zone of its zonelist?  Then
 * get_page_from_freelist() serves it there and the slow path, which wakes
 * kswapd and reclaims directly, is not entered.
 */
static bool spills(const struct bs_status *s, enum bs_status_class c, bool low)
{
	const struct bs_status_class_result *k = &s->cls[c];

	return k->known && (low ? k->ok_low[0] : k->ok_min[0]);
}

static void warn_marks(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];
		const struct bs_proc_zone *pz = z->pz;
		struct bs_status_warning *w = NULL;

		if (!(pz->has & BS_PZ_MIN) || !pz->managed)
			continue;
		if (z->free_pages <= (long)pz->min) {
			w = warn_zone(s, BS_SW_BELOW_MIN, pz);
			if (!w)
				return;
			w->n[1] = (long long)pz->min;
			w->flag = spills(s, BS_CLASS_KERNEL, false);
			marks_change(s, pz, false, w);
		} else if (z->free_pages <= (long)pz->low) {
			w = warn_zone(s, BS_SW_BELOW_LOW, pz);
			if (!w)
				return;
			w->n[1] = (long long)pz->low;
			w->flag = spills(s, BS_CLASS_HIGHUSER_MOVABLE, true);
			marks_change(s, pz, true, w);
		}
		if (w)
			w->n[0] = z->free_pages;
	}
}

static void warn_boost(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;
		struct bs_status_warning *w;

		if (!(pz->has & BS_PZ_BOOST) || !pz->boost)
			continue;
		w = warn_zone(s, BS_SW_WATERMARK_BOOST, pz);
		if (w)
			w->n[0] = (long long)pz->boost;
	}
}

/* --- fragmentation ------------------------------------------------------- */

/* The zone of the node's zonelist for class @c with the most free pages. */
static const struct bs_status_zone *biggest(const struct bs_status *s, enum bs_status_class c)
{
	const struct bs_status_zone *best = NULL;

	for (int i = 0; i < s->nr_z; i++)
		if (s->z[i].cls[c].eligible && s->z[i].pz->node == s->node &&
		    (!best || s->z[i].free_pages > best->free_pages))
			best = &s->z[i];
	return best;
}

/* What compaction_suitable() and the THP defrag setting make of order @o in @z: which change applies. */
static void compaction_change(const struct bs_status *s, const struct bs_status_zone *z, enum bs_status_class c,
			      int o, struct bs_status_warning *w)
{
	uint64_t thr = 500;
	bool has_thr = sysctl_u64(s, "extfrag_threshold", &thr);
	int fi = z->frag_index[o];
	const char *defrag = strchr(s->thp_defrag, '[');

	if (defrag)
		bs_copy(w->mode, sizeof(w->mode), defrag + 1, strcspn(defrag + 1, "]"));
	if ((unsigned)o > s->rules->costly_order && fi >= 0 && (uint64_t)fi <= thr) {
		w->change = BS_SC_COMPACT_SKIPS;
		w->c[0] = o;
		w->c[1] = fi;
		w->c[2] = (long long)thr;
		w->c[3] = fi > 0 ? fi - 1 : 0;
	} else if (c == BS_CLASS_TRANSHUGE && *w->mode) {
		w->change = BS_SC_COMPACT_THP;
	} else {
		w->change = BS_SC_COMPACT_GENERIC;
		w->flag2 = has_thr && (unsigned)o > s->rules->costly_order;
	}
}

/* Order-0 passes at the low mark, order @below or less does not. */
static void warn_fragmentation(struct bs_status *s, enum bs_status_class c, int below, const char *what)
{
	const struct bs_status_class_result *k = &s->cls[c];
	const struct bs_status_zone *z = biggest(s, c);
	/* a THP is exactly the pageblock order; the others fail from the first order that fails */
	int o = c == BS_CLASS_TRANSHUGE ? below : k->highest_low + 1;
	struct bs_status_warning *w;

	if (!k->known || !z || k->highest_low < 0 || k->highest_low >= below || o >= z->pz->nr_orders)
		return;
	w = warn_zone(s, c == BS_CLASS_TRANSHUGE ? BS_SW_THP_FRAGMENTATION : BS_SW_FRAGMENTATION, z->pz);
	if (!w)
		return;
	w->cls = k->name;
	w->order = o;
	w->word = what;
	w->n[0] = z->free_pages;
	w->n[1] = z->frag_index[o];
	compaction_change(s, z, c, o, w);
}

static void warn_nofs(struct bs_status *s)
{
	const struct bs_status_class_result *k = &s->cls[BS_CLASS_NOFS];
	int limit = k->highest_min > (int)s->rules->costly_order ? k->highest_min : (int)s->rules->costly_order;
	struct bs_status_warning *w;

	if (!k->known || k->may_compact || k->highest_min < 0 || limit + 1 >= s->nr_orders)
		return;
	w = warn(s, BS_SW_NOFS_NO_COMPACTION);
	if (!w)
		return;
	w->order = limit;
	w->word = k->compact_why_not;
}

/* Free memory that most requests cannot use: CMA pages, the highatomic reserve. */
static void warn_reserved_free(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];
		const struct bs_proc_zone *pz = z->pz;
		struct bs_status_warning *w;

		if ((pz->has & BS_PZ_FREE_CMA) && z->free_pages > 0 && pz->free_cma * 2 > (uint64_t)z->free_pages &&
		    z->free_pages > (long)pz->low && (w = warn_zone(s, BS_SW_CMA_FREE, pz))) {
			w->n[0] = (long long)pz->free_cma;
			w->n[1] = z->free_pages;
			w->n[2] = (long long)pz->min;
		}
		if (z->highatomic_known && z->highatomic_pages > 0 && z->free_pages > 0 &&
		    z->highatomic_pages * 4 > z->free_pages && (w = warn_zone(s, BS_SW_HIGHATOMIC, pz))) {
			w->n[0] = z->highatomic_pages;
			w->n[1] = z->free_pages;
		}
	}
}

/* --- dirty pages --------------------------------------------------------- */

/* calculate_totalreserve_pages() from zoneinfo: largest lowmem_reserve + high, at most managed. */
static uint64_t totalreserve(const struct bs_status *s)
{
	uint64_t sum = 0;

	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;
		uint64_t max = 0;
		int from = s->z[i].zone_idx > 0 ? s->z[i].zone_idx : 0;

		for (int j = from; j < pz->nr_protection; j++)
			if (pz->protection[j] > max)
				max = pz->protection[j];
		max += pz->high - (pz->high >= pz->boost ? pz->boost : 0);
		sum += max < pz->managed ? max : pz->managed;
	}
	return sum;
}

/* @r percent of @avail pages as domain_dirty_limits() rounds it: (r * PAGE_SIZE / 100) * avail / PAGE_SIZE. */
static uint64_t ratio_limit(const struct bs_status *s, uint64_t r, uint64_t avail)
{
	uint64_t page = s->page_kb * 1024;

	return (uint64_t)((unsigned __int128)(r * page / 100) * avail / page);
}

/* domain_dirty_limits() of the global domain: the _bytes sysctl when set, else ratio% of @avail. */
static uint64_t dirty_limit(const struct bs_status *s, const char *bytes, const char *ratio, uint64_t dflt,
			    uint64_t avail)
{
	uint64_t b = 0, r = dflt, page = s->page_kb * 1024;

	if (sysctl_u64(s, bytes, &b) && b)
		return (b + page - 1) / page;
	sysctl_u64(s, ratio, &r);
	return ratio_limit(s, r, avail);
}

static void dirty_limits(struct bs_status *s)
{
	uint64_t dirty = 0, wb = 0, free = 0, af = 0, inf = 0;

	if (!bs_proc_kv_get(&s->vmstat, "nr_dirty", &dirty) || !bs_proc_kv_get(&s->vmstat, "nr_free_pages", &free))
		return;
	bs_proc_kv_get(&s->vmstat, "nr_writeback", &wb);
	bs_proc_kv_get(&s->vmstat, "nr_active_file", &af);
	bs_proc_kv_get(&s->vmstat, "nr_inactive_file", &inf);
	s->has_dirty = true;
	s->dirty_pages = dirty + wb;
	s->totalreserve_pages = totalreserve(s);
	s->dirtyable_pages = free - (free < s->totalreserve_pages ? free : s->totalreserve_pages) + af + inf;
	s->dirty_thresh_calc = dirty_limit(s, "dirty_bytes", "dirty_ratio", 20, s->dirtyable_pages);
	s->dirty_bg_thresh_calc = dirty_limit(s, "dirty_background_bytes", "dirty_background_ratio", 10,
					      s->dirtyable_pages);
	if (s->dirty_bg_thresh_calc >= s->dirty_thresh_calc)
		s->dirty_bg_thresh_calc = s->dirty_thresh_calc / 2;
	/* the kernel prints its own limits (global_dirty_limits() at the read): they win */
	s->dirty_thresh_printed = bs_proc_kv_get(&s->vmstat, "nr_dirty_threshold", &s->dirty_thresh) &&
				  bs_proc_kv_get(&s->vmstat, "nr_dirty_background_threshold", &s->dirty_bg_thresh);
	if (!s->dirty_thresh_printed) {
		s->dirty_thresh = s->dirty_thresh_calc;
		s->dirty_bg_thresh = s->dirty_bg_thresh_calc;
	}
}

static void warn_dirty(struct bs_status *s)
{
	struct bs_status_warning *w;
	unsigned pct;

	dirty_limits(s);
	if (!s->has_dirty || !s->dirtyable_pages)
		return;
	pct = (unsigned)(s->dirty_pages * 100 / s->dirtyable_pages);
	if (pct < 10)
		return;
	if (s->dirty_pages >= s->dirty_bg_thresh) {
		if (!(w = warn(s, BS_SW_DIRTY_OVER_BG)))
			return;
		/* balance_dirty_pages() throttles writers from halfway between the two limits */
		w->change = BS_SC_DIRTY_THROTTLE;
		w->c[0] = (long long)((s->dirty_thresh + s->dirty_bg_thresh) / 2);
		w->c[1] = (long long)s->dirty_thresh;
	} else if (pct >= 20) {
		unsigned r = pct + 1;

		while (r > 1 && ratio_limit(s, r, s->dirtyable_pages) > s->dirty_pages)
			r--;
		if (!(w = warn(s, BS_SW_DIRTY_NO_BG)))
			return;
		w->change = BS_SC_DIRTY_RATIO;
		w->c[0] = r;
		w->c[1] = (long long)s->dirty_bg_thresh;
		w->c[2] = (long long)s->dirty_thresh;
	} else {
		return;
	}
	w->n[0] = pct;
	w->n[1] = (long long)s->dirty_pages;
	w->n[2] = (long long)s->dirtyable_pages;
	w->n[3] = (long long)s->dirty_bg_thresh;
}

/* --- activity ------------------------------------------------------------ */

static void warn_activity(struct bs_status *s)
{
	uint64_t stall, fail, as, ta, tf;
	struct bs_status_warning *w;

	if (counter(s, "compact_stall", &stall) && counter(s, "compact_fail", &fail) && stall >= 10 &&
	    fail * 2 > stall && (w = warn(s, BS_SW_COMPACTION_FAILING))) {
		w->n[0] = (long long)fail;
		w->n[1] = (long long)stall;
		w->flag = s->act.rates;
	}
	if (s->act.rates && counter(s, "allocstall", &as) && as && (w = warn(s, BS_SW_DIRECT_RECLAIM))) {
		w->n[0] = (long long)as;
		w->interval = s->act.interval;
	}
	if (counter(s, "thp_fault_alloc", &ta) && counter(s, "thp_fault_fallback", &tf) && tf >= 100 &&
	    tf * 4 > ta + tf && (w = warn(s, BS_SW_THP_FALLBACK))) {
		w->n[0] = (long long)(tf * 100 / (ta + tf));
		w->n[1] = (long long)tf;
		w->n[2] = (long long)(ta + tf);
		w->flag = s->act.rates;
	}
}

void bs_status_warnings(struct bs_status *s)
{
	s->nr_warn = 0;
	warn_marks(s);
	warn_boost(s);
	warn_fragmentation(s, BS_CLASS_KERNEL, (int)s->rules->costly_order, "unmovable");
	warn_fragmentation(s, BS_CLASS_HIGHUSER_MOVABLE, (int)s->rules->costly_order, "movable");
	warn_fragmentation(s, BS_CLASS_ATOMIC, (int)s->rules->costly_order, "atomic");
	/* without pagetypeinfo, 4 kB pages mean HPAGE_PMD_ORDER 9 (x86_64, arm64 4K) */
	if (!strstr(s->thp_enabled, "[never]") && (s->pz.pageblock_order > 0 || s->page_kb == 4))
		warn_fragmentation(s, BS_CLASS_TRANSHUGE, s->pz.pageblock_order > 0 ? s->pz.pageblock_order : 9,
				   "huge page");
	warn_nofs(s);
	warn_reserved_free(s);
	warn_dirty(s);
	warn_activity(s);
}

void bs_status_verdict(struct bs_status *s)
{
	const struct bs_status_class_result *k = &s->cls[BS_CLASS_KERNEL];

	if (!s->nr_z)
		s->verdict = BS_SV_NO_ZONES;
	else if (!s->has_zoneinfo)
		s->verdict = BS_SV_NO_ZONEINFO;
	else if (!k->known || k->highest_low < 0)
		s->verdict = BS_SV_SHORT;
	else if (!s->has_buddyinfo)
		s->verdict = BS_SV_NO_BUDDYINFO;
	else if (s->nr_warn)
		s->verdict = BS_SV_WARNINGS;
	else
		s->verdict = BS_SV_HEALTHY;
}
