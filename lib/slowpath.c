// SPDX-License-Identifier: MIT
/*
 * slowpath.c - what __alloc_pages_slowpath() could do for this request on
 * this kernel: wake kswapd, reclaim directly, compact, retry, call the OOM
 * killer.  The era's rules (rules.h) hold the version-dependent parts; the
 * GFP bits are looked up by name in the era's table, so __GFP_WAIT on 3.10
 * and __GFP_DIRECT_RECLAIM on 4.4+ both mean "may sleep in reclaim".
 */
#include <string.h>

#include "analysis.h"

static bool has(const struct bs_analysis *a, const char *flag)
{
	return bs_gfp_test(a->gfp, a->rep->mode, flag);
}

void bs_analyze_slowpath(struct bs_analysis *a)
{
	struct bs_slowpath *s = &a->slow;
	const struct bs_rules *ru = a->rules;
	unsigned order = a->rep->order;
	struct bs_alloc_context ctx = { false, a->rep->irq_context, false };

	memset(s, 0, sizeof(*s));
	if (bs_gfp_flag_mask(a->gfp, "__GFP_DIRECT_RECLAIM"))
		s->can_direct_reclaim = has(a, "__GFP_DIRECT_RECLAIM");
	else
		s->can_direct_reclaim = has(a, "__GFP_WAIT");
	if (bs_gfp_flag_mask(a->gfp, "__GFP_KSWAPD_RECLAIM"))
		s->wakes_kswapd = has(a, "__GFP_KSWAPD_RECLAIM");
	else
		s->wakes_kswapd = !has(a, "__GFP_NO_KSWAPD");
	s->fs = has(a, "__GFP_FS");
	s->io = has(a, "__GFP_IO");
	s->costly = order > ru->costly_order;
	s->noretry = has(a, "__GFP_NORETRY");
	s->retry_mayfail = has(a, "__GFP_RETRY_MAYFAIL") || has(a, "__GFP_REPEAT");
	s->nofail = has(a, "__GFP_NOFAIL");
	s->nowarn = has(a, "__GFP_NOWARN");
	s->alloc_flags = bs_rules_gfp_to_alloc_flags(ru, a->gfp, a->rep->mode, order, &ctx, BS_ALLOC_WMARK_MIN);
	s->alloc_flags_low = bs_rules_gfp_to_alloc_flags(ru, a->gfp, a->rep->mode, order, &ctx, BS_ALLOC_WMARK_LOW);

	s->compact_why_not = NULL;
	if (!order) {
		s->may_compact = false;
		s->compact_why_not = "order-0 requests never compact";
	} else if (!s->can_direct_reclaim) {
		s->may_compact = false;
		s->compact_why_not = "the request may not sleep, so it cannot compact directly";
	} else {
		s->may_compact = bs_rules_may_compact(ru, a->gfp, a->rep->mode, order, &s->compact_why_not);
	}

	s->oom_why_not = NULL;
	if (!s->can_direct_reclaim) {
		s->may_oom = false;
		s->oom_why_not = "it cannot sleep";
	} else {
		s->may_oom = bs_rules_may_oom(ru, a->gfp, a->rep->mode, order, &s->oom_why_not);
	}
	s->loops = bs_rules_loops_forever(ru, a->gfp, a->rep->mode, order, &s->loops_why);
}
