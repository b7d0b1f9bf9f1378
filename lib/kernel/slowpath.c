// SPDX-License-Identifier: MIT
/*
 * slowpath.c - what __alloc_pages_slowpath() could do for this request on
 * this kernel: wake kswapd, reclaim directly, compact, retry, call the OOM
 * killer.  The era's rules (rules.h) hold the version-dependent parts; the
 * mode is decoded once with the era's table (bs_gfp_decode()), so
 * __GFP_WAIT on 3.10 and __GFP_DIRECT_RECLAIM on 4.4+ both mean "may sleep
 * in reclaim".
 */
#include <string.h>

#include "analysis/analysis.h"

void bs_analyze_slowpath(struct bs_analysis *a)
{
	struct bs_slowpath *s = &a->slow;
	const struct bs_rules *ru = a->rules;
	unsigned order = a->rep->order;
	struct bs_alloc_context ctx = { false, a->rep->irq_context, false };
	struct bs_gfp_decoded d;

	memset(s, 0, sizeof(*s));
	bs_gfp_decode(a->gfp, a->rep->mode, &d);
	s->can_direct_reclaim = d.may_sleep;
	s->wakes_kswapd = d.wakes_kswapd;
	s->fs = bs_gfp_is(&d, BS_GFP_FS);
	s->io = bs_gfp_is(&d, BS_GFP_IO);
	s->costly = order > ru->costly_order;
	s->noretry = bs_gfp_is(&d, BS_GFP_NORETRY);
	s->retry_mayfail = bs_gfp_is(&d, BS_GFP_RETRY_MAYFAIL) || bs_gfp_is(&d, BS_GFP_REPEAT);
	s->nofail = bs_gfp_is(&d, BS_GFP_NOFAIL);
	s->nowarn = bs_gfp_is(&d, BS_GFP_NOWARN);
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
