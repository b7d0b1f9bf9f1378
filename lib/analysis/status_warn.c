// SPDX-License-Identifier: MIT
/*
 * status_warn.c - the warnings of status, each with the setting that
 * changes it and, where the kernel's arithmetic allows, the value that
 * would change the outcome; then the verdict.
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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/status.h"
#include "textscan.h"

static void warn(struct bs_status *s, const char *id, const char *change, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(struct bs_status *s, const char *id, const char *change, const char *fmt, ...)
{
	struct bs_status_warning *w;
	va_list ap;

	if (s->nr_warn >= BS_STATUS_MAX_WARNINGS)
		return;
	w = &s->warn[s->nr_warn++];
	w->id = id;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
	snprintf(w->change, sizeof(w->change), "%s", change);
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

/* "min M = share of vm.min_free_kbytes=K, gap G (watermark_scale_factor W)" or the plain names. */
static void marks_change(const struct bs_status *s, const struct bs_proc_zone *pz, bool low, char *out, size_t len)
{
	uint64_t wsf = 0, kb = 0, min, gap, gap2;
	bool has_wsf = sysctl_u64(s, "watermark_scale_factor", &wsf);

	sysctl_u64(s, "min_free_kbytes", &kb);
	if (!marks_from_sysctls(s, pz, has_wsf ? wsf : 0, &min, &gap)) {
		snprintf(out, len, "%s; vm.min_free_kbytes and vm.watermark_scale_factor set the marks",
			 low ? "kswapd is reclaiming: find who holds the memory" : "find who holds the memory");
		return;
	}
	if (!has_wsf || !wsf) {
		snprintf(out, len, "find who holds the memory; the marks here are this zone's share of "
			 "vm.min_free_kbytes=%llu (min %llu pages) plus min/4 gaps",
			 (unsigned long long)kb, (unsigned long long)min);
		return;
	}
	gap2 = pz->managed * wsf * 2 / 10000;
	if (gap2 < min >> 2)
		gap2 = min >> 2;
	snprintf(out, len, "find who holds the memory; here min %llu pages is this zone's share of vm.min_free_kbytes=%llu, "
		 "low and high are %llu pages apart (vm.watermark_scale_factor=%llu: managed x %llu / 10000); "
		 "vm.watermark_scale_factor=%llu would wake kswapd at %llu free pages",
		 (unsigned long long)min, (unsigned long long)kb, (unsigned long long)gap, (unsigned long long)wsf,
		 (unsigned long long)wsf, (unsigned long long)(wsf * 2),
		 (unsigned long long)(min + gap2 + pz->boost));
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
	char change[BS_STATUS_TEXT];

	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];
		const struct bs_proc_zone *pz = z->pz;

		if (!(pz->has & BS_PZ_MIN) || !pz->managed)
			continue;
		if (z->free_pages <= (long)pz->min) {
			marks_change(s, pz, false, change, sizeof(change));
			warn(s, "below_min", change,
			     "Node %d %s is at or below its min mark (free %ld <= min %llu pages): %s; only "
			     "__GFP_HIGH and atomic requests' reserves reach below it",
			     pz->node, pz->name, z->free_pages, (unsigned long long)pz->min,
			     spills(s, BS_CLASS_KERNEL, false) ? "sleeping requests fall back to the next zone of "
								  "their zonelist, which still passes"
								: "sleeping requests enter direct reclaim");
		} else if (z->free_pages <= (long)pz->low) {
			marks_change(s, pz, true, change, sizeof(change));
			warn(s, "below_low", change,
			     "Node %d %s is below its low mark (free %ld <= low %llu pages): %s", pz->node, pz->name,
			     z->free_pages, (unsigned long long)pz->low,
			     spills(s, BS_CLASS_HIGHUSER_MOVABLE, true)
				     ? "order-0 requests are served from the next zone of their zonelist (its low "
				       "mark plus lowmem_reserve) without waking kswapd, until that zone fails too"
				     : "the next allocation wakes kswapd, which reclaims it up to its high mark");
		}
	}
}

static void warn_boost(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		if (!(pz->has & BS_PZ_BOOST) || !pz->boost)
			continue;
		warn(s, "watermark_boost",
		     "vm.watermark_boost_factor=0 stops boosting (kswapd then reclaims less, fragmentation is left to compaction)",
		     "Node %d %s has its marks boosted by %llu pages: an allocation fell back to another "
		     "migratetype's pageblock, so kswapd reclaims (and kcompactd compacts) beyond the high mark",
		     pz->node, pz->name, (unsigned long long)pz->boost);
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

/* What compaction_suitable() and the THP defrag setting make of order @o in @z; the change. */
static void compaction_change(const struct bs_status *s, const struct bs_status_zone *z, enum bs_status_class c,
			      int o, char *out, size_t len)
{
	uint64_t thr = 500;
	bool has_thr = sysctl_u64(s, "extfrag_threshold", &thr);
	int fi = z->frag_index[o];
	const char *defrag = strchr(s->thp_defrag, '[');
	char mode[32] = "";

	if (defrag)
		bs_copy(mode, sizeof(mode), defrag + 1, strcspn(defrag + 1, "]"));
	if ((unsigned)o > s->rules->costly_order && fi >= 0 && (uint64_t)fi <= thr)
		snprintf(out, len, "compaction skips this zone at order %d (fragmentation index %d <= "
			 "vm.extfrag_threshold=%llu): the kernel reclaims instead; vm.extfrag_threshold=%d or lower "
			 "would let it compact", o, fi, (unsigned long long)thr, fi > 0 ? fi - 1 : 0);
	else if (c == BS_CLASS_TRANSHUGE && *mode)
		snprintf(out, len, "THP defrag is \"%s\": %s; vm.compaction_proactiveness (kcompactd keeps "
			 "free blocks large); echo 1 > /proc/sys/vm/compact_memory now",
			 mode,
			 !strcmp(mode, "always") ? "every THP fault stalls in direct compaction" :
			 !strcmp(mode, "madvise") ? "only MADV_HUGEPAGE regions compact, other faults take small pages; "
						    "defrag=defer+madvise would wake kcompactd for them" :
			 !strcmp(mode, "defer") ? "faults wake kcompactd and take small pages" :
			 !strcmp(mode, "defer+madvise") ? "MADV_HUGEPAGE regions compact, others wake kcompactd" :
							  "no THP fault compacts or wakes kcompactd; defrag=defer would");
	else
		snprintf(out, len, "%svm.compaction_proactiveness (raise it: kcompactd keeps free blocks large); "
			 "echo 1 > /proc/sys/vm/compact_memory now",
			 has_thr && (unsigned)o > s->rules->costly_order ? "compaction runs for it (index above "
									   "vm.extfrag_threshold); " : "");
}

/* Order-0 passes at the low mark, order @below or less does not. */
static void warn_fragmentation(struct bs_status *s, enum bs_status_class c, int below, const char *what)
{
	const struct bs_status_class_result *k = &s->cls[c];
	const struct bs_status_zone *z = biggest(s, c);
	char fi[16], change[BS_STATUS_TEXT];
	/* a THP is exactly the pageblock order; the others fail from the first order that fails */
	int o = c == BS_CLASS_TRANSHUGE ? below : k->highest_low + 1;

	if (!k->known || !z || k->highest_low < 0 || k->highest_low >= below || o >= z->pz->nr_orders)
		return;
	bs_index_format(z->frag_index[o], fi, sizeof(fi));
	compaction_change(s, z, c, o, change, sizeof(change));
	warn(s, c == BS_CLASS_TRANSHUGE ? "thp_fragmentation" : "fragmentation", change,
	     "order %s%d %s allocations (%s) in Node %d %s need compaction: %ld pages free, but no free block "
	     "of order >= %d on a list they may use (fragmentation index at order %d: %s)",
	     c == BS_CLASS_TRANSHUGE ? "" : ">= ", o, what, k->name, z->pz->node, z->pz->name, z->free_pages, o, o,
	     fi);
}

static void warn_nofs(struct bs_status *s)
{
	const struct bs_status_class_result *k = &s->cls[BS_CLASS_NOFS];
	int limit = k->highest_min > (int)s->rules->costly_order ? k->highest_min : (int)s->rules->costly_order;

	if (!k->known || k->may_compact || k->highest_min < 0 || limit + 1 >= s->nr_orders)
		return;
	warn(s, "nofs_no_compaction",
	     "no sysctl changes the gate; vm.min_free_kbytes and vm.compaction_proactiveness keep more large free blocks",
	     "GFP_NOFS requests above order %d will fail on this kernel unless reclaim happens to free a block: "
	     "it does not compact for them (%s)", limit, k->compact_why_not ? k->compact_why_not : "no __GFP_FS");
}

/* Free memory that most requests cannot use: CMA pages, the highatomic reserve. */
static void warn_reserved_free(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];
		const struct bs_proc_zone *pz = z->pz;

		if ((pz->has & BS_PZ_FREE_CMA) && z->free_pages > 0 && pz->free_cma * 2 > (uint64_t)z->free_pages &&
		    z->free_pages > (long)pz->low)
			warn(s, "cma_free", "cma= on the kernel command line (a smaller CMA area), or fewer movable users",
			     "Node %d %s: %llu of %ld free pages are CMA, usable only by movable allocations: "
			     "unmovable requests see %lld free against min %llu",
			     pz->node, pz->name, (unsigned long long)pz->free_cma, z->free_pages,
			     (long long)z->free_pages - (long long)pz->free_cma, (unsigned long long)pz->min);
		if (z->highatomic_known && z->highatomic_pages > 0 && z->free_pages > 0 &&
		    z->highatomic_pages * 4 > z->free_pages)
			warn(s, "highatomic", "nothing to set: the reserve is at most 1% of the zone and is released "
			     "under pressure (unreserve_highatomic_pageblock)",
			     "Node %d %s: %ld of %ld free pages sit in the highatomic reserve, which only high-order "
			     "atomic requests may take", pz->node, pz->name, z->highatomic_pages, z->free_pages);
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
	char change[BS_STATUS_TEXT];
	unsigned pct;

	dirty_limits(s);
	if (!s->has_dirty || !s->dirtyable_pages)
		return;
	pct = (unsigned)(s->dirty_pages * 100 / s->dirtyable_pages);
	if (pct < 10)
		return;
	if (s->dirty_pages >= s->dirty_bg_thresh) {
		snprintf(change, sizeof(change), "vm.dirty_background_ratio / vm.dirty_ratio (or the _bytes forms): "
			 "writers are throttled from %llu dirty pages, halfway to the limit of %llu",
			 (unsigned long long)((s->dirty_thresh + s->dirty_bg_thresh) / 2),
			 (unsigned long long)s->dirty_thresh);
		warn(s, "dirty", change,
		     "dirty pages are %u%% of free + file (%llu of %llu dirtyable pages), over the background "
		     "limit of %llu: the flusher is writing, and reclaim will cause IO bursts",
		     pct, (unsigned long long)s->dirty_pages, (unsigned long long)s->dirtyable_pages,
		     (unsigned long long)s->dirty_bg_thresh);
	} else if (pct >= 20) {
		unsigned r = pct + 1;

		while (r > 1 && ratio_limit(s, r, s->dirtyable_pages) > s->dirty_pages)
			r--;
		snprintf(change, sizeof(change), "vm.dirty_background_ratio=%u or lower would start writeback now "
			 "(background limit %llu pages, dirty limit %llu: vm.dirty_ratio)", r,
			 (unsigned long long)s->dirty_bg_thresh, (unsigned long long)s->dirty_thresh);
		warn(s, "dirty", change,
		     "dirty pages are %u%% of free + file (%llu of %llu dirtyable pages) and no background "
		     "writeback runs before %llu: reclaim will meet dirty pages and cause IO bursts",
		     pct, (unsigned long long)s->dirty_pages, (unsigned long long)s->dirtyable_pages,
		     (unsigned long long)s->dirty_bg_thresh);
	}
}

/* --- activity ------------------------------------------------------------ */

static void warn_activity(struct bs_status *s)
{
	uint64_t stall, fail, as, ta, tf;
	const char *when = s->act.rates ? "in the interval" : "since boot";

	if (counter(s, "compact_stall", &stall) && counter(s, "compact_fail", &fail) && stall >= 10 &&
	    fail * 2 > stall)
		warn(s, "compaction_failing", "vm.compaction_proactiveness, vm.extfrag_threshold; fewer unmovable allocations",
		     "direct compaction failed %llu of %llu stalls %s: free memory is fragmented by unmovable pages",
		     (unsigned long long)fail, (unsigned long long)stall, when);
	if (s->act.rates && counter(s, "allocstall", &as) && as)
		warn(s, "direct_reclaim", "vm.min_free_kbytes, vm.watermark_scale_factor (kswapd starts earlier)",
		     "%llu direct reclaim stalls in %.0f s: allocations are waiting for reclaim",
		     (unsigned long long)as, s->act.interval);
	if (counter(s, "thp_fault_alloc", &ta) && counter(s, "thp_fault_fallback", &tf) && tf >= 100 &&
	    tf * 4 > ta + tf)
		warn(s, "thp_fallback", "/sys/kernel/mm/transparent_hugepage/defrag, vm.compaction_proactiveness",
		     "%llu%% of THP faults fell back to small pages %s (%llu of %llu)",
		     (unsigned long long)(tf * 100 / (ta + tf)), when, (unsigned long long)tf,
		     (unsigned long long)(ta + tf));
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
		snprintf(s->verdict, sizeof(s->verdict), "no zones could be read");
	else if (!s->has_zoneinfo)
		snprintf(s->verdict, sizeof(s->verdict),
			 "no watermarks (zoneinfo missing): whether allocations succeed cannot be checked; "
			 "the free blocks and the fragmentation indices stand");
	else if (!k->known || k->highest_low < 0)
		snprintf(s->verdict, sizeof(s->verdict),
			 "even order-0 GFP_KERNEL allocations miss the low mark: the machine is short of memory%s",
			 k->known && k->highest_min < 0 ? ", and fail at the min mark too: direct reclaim" : "");
	else if (!s->has_buddyinfo)
		snprintf(s->verdict, sizeof(s->verdict),
			 "%d warning(s); order-0 GFP_KERNEL allocations %s the low mark; higher orders cannot be "
			 "checked without /proc/buddyinfo", s->nr_warn, k->highest_low >= 0 ? "pass" : "miss");
	else if (s->nr_warn)
		snprintf(s->verdict, sizeof(s->verdict),
			 "%d warning(s); GFP_KERNEL succeeds up to order %d now, %d after waking kswapd",
			 s->nr_warn, k->highest_low, k->highest_min);
	else
		snprintf(s->verdict, sizeof(s->verdict),
			 "healthy: GFP_KERNEL succeeds up to order %d without reclaim", k->highest_low);
}
