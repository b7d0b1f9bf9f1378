// SPDX-License-Identifier: MIT
/*
 * advice_replay.c - tuning advice proven on the report itself: each item
 * replays the failure under the value it proposes (whatif.c) and says
 * what changes, the threshold that would have avoided the failure where
 * one exists, or why it would not help here.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/whatif.h"

/* The eligible zone with the most free memory that the replay knows. */
static const struct bs_whatif_zone *key_zone(const struct bs_whatif_result *r, const struct bs_analysis *a,
					     const struct bs_zone_replay **zr)
{
	const struct bs_whatif_zone *best = NULL;

	*zr = NULL;
	for (int k = 0; k < r->nr_zones; k++) {
		const struct bs_whatif_zone *z = &r->zones[k];

		if (!z->known)
			continue;
		for (int i = 0; i < a->nr_zones; i++) {
			const struct bs_zone_replay *x = &a->zones[i];

			if (x->zone->node == z->node && !strcmp(x->zone->name, z->zone) &&
			    (!*zr || x->free_pages > (*zr)->free_pages)) {
				*zr = x;
				best = z;
			}
		}
	}
	return best;
}

static bool replay_min_free(const struct bs_analysis *a, const struct bs_whatif_set *set, long long kb,
			    struct bs_whatif_result *r)
{
	struct bs_whatif_setting s = { .kind = BS_WI_MIN_FREE_KBYTES, .name = "vm.min_free_kbytes", .n = kb };

	snprintf(s.value, sizeof(s.value), "%lld", kb);
	bs_whatif_run(a, set, &s, r);
	return r->computed && r->request_succeeds;
}

/* The largest vm.min_free_kbytes at or below @now under which the request passes; -1 for none. */
static long long passing_min_free(const struct bs_analysis *a, const struct bs_whatif_set *set, long long now,
				  struct bs_whatif_result *r)
{
	long long lo = 0, hi = now;

	if (!replay_min_free(a, set, 0, r))
		return -1;
	while (lo < hi) {
		long long mid = lo + (hi - lo + 1) / 2;

		if (replay_min_free(a, set, mid, r))
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * vm.min_free_kbytes for a request that could not reclaim: raising it
 * never passes this snapshot (the marks rise, the free pages do not); it
 * moves the low mark, where kswapd wakes, so more stays free next time.
 */
static void min_free_item(struct bs_analysis *a, const struct bs_whatif_set *set)
{
	struct bs_whatif_result r;
	const struct bs_whatif_zone *z;
	const struct bs_zone_replay *zr;
	long long now = set->min_free_kbytes, proposed = now * 2, pass;
	char zl[48], thr[200] = "", what[BS_TEXT_LEN];

	if (now > 0)
		replay_min_free(a, set, proposed, &r);
	if (now <= 0 || !r.computed || !(z = key_zone(&r, a, &zr))) {
		bs_advise_n(a, bs_fact_make("tune_min_free_kbytes", BS_V("current_kb", now), NULL),
			    "Raise vm.min_free_kbytes (and vm.watermark_scale_factor on 4.6+)",
			    "atomic requests can only use what is free above the min mark; the marks in this report do "
			    "not give the value in force, so the effect is not replayed");
		return;
	}
	snprintf(zl, sizeof(zl), "Node %d %s", z->node, z->zone);
	pass = passing_min_free(a, set, now, &r);
	if (pass >= 0)
		snprintf(thr, sizeof(thr), "; it would have passed here only at <= %lld kB", pass);
	replay_min_free(a, set, proposed, &r);
	snprintf(what, sizeof(what), "Raise vm.min_free_kbytes to %lld (now %lld, read back from the marks)", proposed, now);
	bs_advise_n(a, bs_fact_make("tune_min_free_kbytes", BS_V("current_kb", now), BS_V("proposed_kb", proposed),
				    BS_V("request_succeeds", r.request_succeeds), BS_V("node", z->node),
				    BS_V("low_kb_now", zr->zone->kb[BS_ZF_LOW]), BS_V("low_kb_proposed", z->low_kb),
				    BS_V("passes_at_or_below_kb", pass), NULL),
		    what,
		    "replayed here the request %s (the marks rise, the free pages do not); it buys kswapd waking at low "
		    "%ld kB instead of %llu kB in %s, keeping more free for requests that cannot reclaim%s",
		    r.request_succeeds ? "passes" : "still fails", z->low_kb,
		    (unsigned long long)zr->zone->kb[BS_ZF_LOW], zl, thr);
}

/* vm.watermark_scale_factor: the min mark does not move, so this snapshot stays as it is. */
static void wsf_item(struct bs_analysis *a, const struct bs_whatif_set *set)
{
	struct bs_whatif_setting s = { .kind = BS_WI_WSF, .name = "vm.watermark_scale_factor" };
	struct bs_whatif_result r;
	const struct bs_whatif_zone *z;
	const struct bs_zone_replay *zr;
	int now = set->watermark_scale_factor > 0 ? set->watermark_scale_factor : 10;
	char what[BS_TEXT_LEN];

	s.n = now < 100 ? 100 : now * 2;
	snprintf(s.value, sizeof(s.value), "%lld", s.n);
	bs_whatif_run(a, set, &s, &r);
	if (!r.computed || !(z = key_zone(&r, a, &zr)))
		return;
	snprintf(what, sizeof(what), "vm.watermark_scale_factor=%lld: would not help this failure by itself", s.n);
	bs_advise_n(a, bs_fact_make("tune_watermark_scale_factor", BS_V("current", set->watermark_scale_factor),
				    BS_V("proposed", s.n), BS_V("request_succeeds", r.request_succeeds),
				    BS_V("low_kb_now", zr->zone->kb[BS_ZF_LOW]), BS_V("low_kb_proposed", z->low_kb), NULL),
		    what,
		    "replayed here the request %s, because the check at min does not move; it widens low - min, so kswapd "
		    "wakes at %ld kB instead of %llu kB in Node %d %s", r.request_succeeds ? "passes" : "still fails",
		    z->low_kb, (unsigned long long)zr->zone->kb[BS_ZF_LOW], z->node, z->zone);
}

/* vm.extfrag_threshold: only helps where compaction_suitable() skipped a zone for its index. */
static void extfrag_item(struct bs_analysis *a)
{
	int worst = -1, by_mark = 0, running = 0;
	char why[BS_TEXT_LEN];

	if (!a->rep->order)
		return;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_compact *c = &a->compact[i];

		if (!c->known || a->zones[i].ok_min)
			continue;
		if (c->suitable)
			running++;
		else if (!c->watermark_ok)
			by_mark++;
		else if (c->fragindex_used && c->fragindex > worst)
			worst = c->fragindex;
	}
	if (!a->slow.may_compact)
		snprintf(why, sizeof(why), "this request may not compact (%s)",
			 a->slow.compact_why_not ? a->slow.compact_why_not : "its flags");
	else if (running)
		snprintf(why, sizeof(why), "compaction_suitable() already lets compaction run in %d failing zone(s)", running);
	else if (worst > 0) {
		bs_advise_n(a, bs_fact_make("tune_extfrag_threshold", BS_V("fragindex", worst),
					    BS_V("threshold", worst - 1), BS_V("default", 500), NULL),
			    "Lower vm.extfrag_threshold below the zones' fragmentation index (to at most the threshold)",
			    "replayed here: fragmentation index %d.%03d <= 500 made compaction_suitable() reclaim instead of "
			    "compact; at %d or below compaction runs (whether it then builds a block is what --what-if compact "
			    "estimates)", worst / 1000, worst % 1000, worst - 1);
		return;
	} else if (by_mark)
		snprintf(why, sizeof(why), "compaction_suitable() skips the failing zones for too few free pages to "
			 "compact into, not for their fragmentation index");
	else
		snprintf(why, sizeof(why), "the failing zones' fragmentation index is not what stops compaction here");
	bs_advise_n(a, bs_fact_make("tune_extfrag_threshold", BS_V("fragindex", worst), BS_V("default", 500), NULL),
		    "vm.extfrag_threshold: would not help here", "%s", why);
}

/*
 * vm.lowmem_reserve_ratio: when only a lower zone's reserve kept its free
 * pages from the request, the smallest ratio for that zone that lets the
 * request in is a threshold; lowering the protection is rarely right.
 */
static void lowmem_reserve_item(struct bs_analysis *a)
{
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		long above = z->fail_have - (z->fail_need - z->reserve);
		struct bs_wmark_zone w;
		struct bs_wmark_result res;
		long upper = 0, ratio, reserve;
		bool ok;

		if (!z->eligible || z->fail != BS_WF_ORDER0 || z->reserve <= 0 || above <= 0)
			continue;
		for (int k = 0; k < a->nr_zones; k++) {
			const struct bs_zone *u = a->zones[k].zone;

			if (u->node == z->zone->node && a->zones[k].zone_idx > z->zone_idx &&
			    a->zones[k].zone_idx <= a->highest_zoneidx && (u->has & (1ull << BS_ZF_MANAGED)))
				upper += (long)(u->kb[BS_ZF_MANAGED] / a->page_kb);
		}
		if (!upper)
			continue;
		ratio = upper / above + 1;
		reserve = upper / ratio;
		w = bs_replay_wmark_zone(z, z->free_pages);
		w.reserve = reserve;
		ok = bs_zone_watermark_ok(a->rules, &w, a->rep->order, z->min_pages, a->slow.alloc_flags,
					  a->rules->wmark == BS_WMARK_FREE_AREA_SCAN, NULL, &res);
		bs_advise_n(a, bs_fact_make("tune_lowmem_reserve_ratio", BS_V("node", z->zone->node),
					    BS_V("zone_idx", z->zone_idx), BS_V("ratio_threshold", ratio),
					    BS_V("ratio_now", upper / z->reserve), BS_V("reserve_pages_now", z->reserve),
					    BS_V("reserve_pages_at_threshold", reserve), BS_V("request_succeeds", ok), NULL),
			    "vm.lowmem_reserve_ratio: not a recommendation, but its threshold",
			    "replayed here: Node %d %s's entry at %ld or more (now about %ld) drops lowmem_reserve[%s] from %ld "
			    "to %ld pages and the request %s there; that reserve keeps %s for requests that can use nothing "
			    "else", z->zone->node, z->zone->name, ratio, upper / z->reserve, a->highest_zone, z->reserve,
			    reserve, ok ? "passes" : "still fails", z->zone->name);
		return;
	}
}

void bs_advice_tuning(struct bs_analysis *a)
{
	struct bs_whatif_set set;

	memset(&set, 0, sizeof(set));
	bs_whatif_derive(a, &set);
	if (!a->slow.can_direct_reclaim && !a->slow.pf_memalloc) {
		min_free_item(a, &set);
		if (bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_WSF))
			wsf_item(a, &set);
	}
	if (a->cause == BS_CAUSE_FRAGMENTATION || a->cause == BS_CAUSE_CMA_ONLY || a->cause == BS_CAUSE_HIGHATOMIC_ONLY)
		extfrag_item(a);
	/* only where the reserve is why the request failed: low memory in the zones it could use */
	if (a->nr_reserve_blocked && a->cause == BS_CAUSE_LOW_MEMORY)
		lowmem_reserve_item(a);
}
