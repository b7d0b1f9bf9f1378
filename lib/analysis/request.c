// SPDX-License-Identifier: MIT
/*
 * request.c - what the request could do for itself, the second half of a
 * verdict (the first is the memory state, verdict.c).  After the zone
 * replay it adds the slow-path rules that need the zones or the task:
 *
 *  - PF_MEMALLOC (kswapd, or a task already inside reclaim): no direct
 *    reclaim, and ALLOC_NO_WATERMARKS unless __GFP_NOMEMALLOC, so its
 *    failure means no usable block was left even below min;
 *  - a highest zone below Normal never invokes the OOM killer;
 *  - __GFP_THISNODE: one node's zonelist, no fallback, no OOM kill;
 *  - compaction_suitable() per zone: too few free pages to compact into,
 *    or a fragmentation index at or below vm.extfrag_threshold (500),
 *    and the kernel reclaims instead; compaction_deferred() after failures.
 *
 * The kernel functions and releases are rows of bs_rule_changes[]
 * (lib/knowledge/rules_table.c).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

/* The default vm.extfrag_threshold (mm/compaction.c sysctl_extfrag_threshold). */
#define EXTFRAG_THRESHOLD_DEFAULT 500

/*
 * Functions that run with PF_MEMALLOC set: kswapd's loop, and direct
 * reclaim (__perform_reclaim() sets it, memalloc_noreclaim_save() from
 * 4.11), node reclaim and memcg reclaim.  An allocation below one of them
 * in the trace was made from inside reclaim.
 */
static const char *const reclaim_frames[] = {
	"kswapd", "balance_pgdat", "__perform_reclaim", "try_to_free_pages", "do_try_to_free_pages",
	"__node_reclaim", "__zone_reclaim", "try_to_free_mem_cgroup_pages",
};

static const char *pf_memalloc_source(const struct bs_report *r)
{
	if (!strncmp(r->comm, "kswapd", 6))
		return "the task is kswapd";
	for (int i = 0; i < r->nr_frames; i++)
		for (size_t k = 0; k < sizeof(reclaim_frames) / sizeof(reclaim_frames[0]); k++)
			if (!strcmp(r->frames[i].func, reclaim_frames[k]))
				return reclaim_frames[k];
	return NULL;
}

/* The ZONE_NORMAL index of this config, -1 when the report does not tell. */
static int normal_index(const struct bs_analysis *a)
{
	for (int i = 0; i < a->nr_zone_idx; i++)
		if (a->zone_idx_names[i] && !strcmp(a->zone_idx_names[i], "Normal"))
			return i;
	return -1;
}

int bs_fragmentation_index(const uint64_t *nr_free, int nr_orders, unsigned order)
{
	uint64_t total = 0, pages = 0, suitable = 0;

	for (int o = 0; o < nr_orders; o++) {
		total += nr_free[o];
		pages += nr_free[o] << o;
		if ((unsigned)o >= order)
			suitable += nr_free[o] << (o - (int)order);
	}
	if (!total)
		return 0;
	if (suitable)
		return -1000;
	return (int)(1000 - (1000 + pages * 1000 / (1ull << order)) / total);
}

static void pf_memalloc(struct bs_analysis *a, const struct bs_gfp_decoded *d)
{
	struct bs_slowpath *s = &a->slow;
	bool memalloc_flag = bs_gfp_is(d, BS_GFP_MEMALLOC);

	s->nomemalloc = bs_gfp_is(d, BS_GFP_NOMEMALLOC);
	s->pf_memalloc_why = pf_memalloc_source(a->rep);
	s->pf_memalloc = s->pf_memalloc_why != NULL;
	/* gfp_to_alloc_flags() / gfp_pfmemalloc_allowed() / __gfp_pfmemalloc_flags() */
	s->no_watermarks = (s->pf_memalloc || memalloc_flag) && !s->nomemalloc && !a->rep->irq_context;
	if (!s->pf_memalloc)
		return;
	/* "Avoid recursion of direct reclaim": nopage right after the no-watermark attempt */
	s->can_direct_reclaim = false;
	s->may_compact = false;
	s->compact_why_not = "PF_MEMALLOC: the slow path gives up before compaction (no reclaim recursion)";
	s->may_oom = false;
	s->oom_why_not = "PF_MEMALLOC: the slow path gives up before the OOM killer";
	s->loops = false;
	s->loops_why = s->no_watermarks ? "PF_MEMALLOC: one attempt without watermarks, then failure" :
			"PF_MEMALLOC: one attempt at the min mark, then failure";
}

static void lowmem_oom(struct bs_analysis *a)
{
	struct bs_slowpath *s = &a->slow;
	int normal = normal_index(a);

	s->lowmem_only = normal >= 0 && a->highest_zoneidx >= 0 && a->highest_zoneidx < normal;
	if (!s->lowmem_only || !s->may_oom || !bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL,
								     BS_CHANGE_OOM_LOWMEM))
		return;
	if (s->nofail && a->rules->oom_nofail_overrides)
		return;		/* <= 4.10: the lowmem test sat inside !__GFP_NOFAIL */
	s->may_oom = false;
	s->oom_why_not = "the highest zone it may use is below Normal: __alloc_pages_may_oom() "
			 "never kills for lowmem requests";
	if (s->loops && !s->nofail) {
		s->loops = false;
		s->loops_why = "below Normal there is no OOM kill to wait for: it fails once reclaim "
			       "stops making progress";
	}
}

/*
 * compaction_suitable() on one replayed zone: the order-0 check at the
 * era's mark + 2 << order (counting CMA), then the fragmentation index
 * against the default vm.extfrag_threshold.
 */
void bs_zone_compact_replay(const struct bs_analysis *a, const struct bs_zone_replay *z, struct bs_zone_compact *c,
			    int threshold)
{
	const struct bs_buddy *b = &z->zone->buddy;
	const struct bs_kver *v = a->has_kver ? &a->kver : NULL;
	unsigned order = a->rep->order;
	bool costly = order > a->rules->costly_order;
	long mark = !costly && bs_rules_has_change(a->rules, v, BS_CHANGE_COMPACT_MIN_WMARK) ? z->min_pages
										     : z->low_pages;
	struct bs_wmark_zone w = bs_replay_wmark_zone(z, z->free_pages);
	struct bs_wmark_result res;

	memset(c, 0, sizeof(*c));
	if (!z->eligible || z->fail == BS_WF_NO_DATA || !z->low_known || !b->present)
		return;
	c->known = true;
	mark += 2l << order;
	c->need_pages = mark + z->reserve;
	c->watermark_ok = bs_zone_watermark_ok(a->rules, &w, 0, mark, BS_ALLOC_CMA | BS_ALLOC_WMARK_MIN,
					       a->rules->wmark == BS_WMARK_FREE_AREA_SCAN, NULL, &res);
	c->fragindex = bs_fragmentation_index(b->nr_free, b->nr_orders, order);
	c->fragindex_used = !bs_rules_has_change(a->rules, v, BS_CHANGE_FRAGINDEX_COSTLY) || costly;
	c->suitable = c->watermark_ok &&
		      !(c->fragindex_used && c->fragindex >= 0 && c->fragindex <= threshold);
}

void bs_analyze_compact_suitable(struct bs_analysis *a, int threshold)
{
	struct bs_slowpath *s = &a->slow;

	s->compact_suitable = s->compact_unsuitable = 0;
	for (int i = 0; i < a->nr_zones; i++) {
		struct bs_zone_compact *c = &a->compact[i];

		bs_zone_compact_replay(a, &a->zones[i], c, threshold);
		if (!c->known || a->zones[i].ok_min)
			continue;
		if (c->suitable)
			s->compact_suitable++;
		else
			s->compact_unsuitable++;
	}
}

static void request_words(struct bs_analysis *a)
{
	struct bs_slowpath *s = &a->slow;
	size_t n = 0, len = sizeof(s->summary);
	char *p = s->summary;

#define SAY(...) do { int w_ = snprintf(p + n, len - n, __VA_ARGS__); \
		      if (w_ > 0) n += (size_t)w_ < len - n ? (size_t)w_ : len - n - 1; } while (0)
	if (s->pf_memalloc) {
		SAY("it ran with PF_MEMALLOC (%s): no direct reclaim, compaction or OOM kill",
		    s->pf_memalloc_why);
		if (s->no_watermarks)
			SAY("; it ignored every watermark (ALLOC_NO_WATERMARKS), so it failed only because no free "
			    "block it may use was left, reserves included");
		else
			SAY("; %s kept it to the watermarks", s->nomemalloc ? "__GFP_NOMEMALLOC" : "interrupt context");
		return;
	}
	if (!s->can_direct_reclaim) {
		SAY("it could not sleep: no direct reclaim, compaction or OOM kill; it %s kswapd and failed at the "
		    "first attempt below the min mark%s", s->wakes_kswapd ? "woke" : "did not wake",
		    s->no_watermarks ? " (ALLOC_NO_WATERMARKS: not even below it)" : "");
		return;
	}
	SAY("it could reclaim directly");
	if (a->rep->order)
		SAY("; compaction %s", s->may_compact ? "allowed" : "not allowed");
	if (a->rep->order && !s->may_compact && s->compact_why_not)
		SAY(" (%s)", s->compact_why_not);
	if (s->may_compact && s->compact_unsuitable && !s->compact_suitable)
		SAY(", but compaction_suitable() skips every failing zone, so the kernel reclaims instead");
	SAY("; %s", s->loops ? "it retries until it succeeds" : "it may fail");
	if (s->loops_why)
		SAY(" (%s)", s->loops_why);
	SAY("; OOM killer %s", s->may_oom ? "may run" : "will not run");
	if (!s->may_oom && s->oom_why_not && !(s->loops_why && strstr(s->loops_why, s->oom_why_not)))
		SAY(" (%s)", s->oom_why_not);
	if (s->thisnode)
		SAY("; __GFP_THISNODE kept it on one node");
#undef SAY
}

void bs_analyze_request(struct bs_analysis *a)
{
	struct bs_gfp_decoded d;

	bs_gfp_decode(a->gfp, a->rep->mode, &d);
	a->slow.thisnode = bs_gfp_is(&d, BS_GFP_THISNODE);
	a->slow.compact_deferrable = a->rep->order &&
		bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_COMPACT_DEFER);
	pf_memalloc(a, &d);
	lowmem_oom(a);
	if (a->rep->order && bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_COMPACT_FRAGINDEX))
		bs_analyze_compact_suitable(a, EXTFRAG_THRESHOLD_DEFAULT);
	request_words(a);
}
