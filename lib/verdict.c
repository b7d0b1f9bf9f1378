// SPDX-License-Identifier: MIT
/*
 * verdict.c - one cause from a small vocabulary, a confidence, and the
 * evidence, from the replay and the slow-path model.
 *
 * The vocabulary (docs/json.md): low_memory (the order-0 check fails:
 * free pages are at the min mark), fragmentation (enough pages, not in
 * blocks of the order), cma_only / highatomic_only (blocks of the order
 * exist only on lists this request may not use), atomic_no_reclaim (the
 * request could not sleep, so neither reclaim nor compaction could fix
 * either of the above), constrained_nodes (the allowed nodes fail while
 * others would pass), unknown (the printed numbers do not explain it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"

static const char *const cause_names[] = {
	[BS_CAUSE_LOW_MEMORY] = "low_memory",
	[BS_CAUSE_FRAGMENTATION] = "fragmentation",
	[BS_CAUSE_CMA_ONLY] = "cma_only",
	[BS_CAUSE_HIGHATOMIC_ONLY] = "highatomic_only",
	[BS_CAUSE_ATOMIC_NO_RECLAIM] = "atomic_no_reclaim",
	[BS_CAUSE_CONSTRAINED_NODES] = "constrained_nodes",
	[BS_CAUSE_VMALLOC_SPACE] = "vmalloc_space",
	[BS_CAUSE_CALLER_BUG] = "caller_bug",
	[BS_CAUSE_UNKNOWN] = "unknown",
};

const char *bs_cause_name(enum bs_cause c)
{
	return c <= BS_CAUSE_UNKNOWN ? cause_names[c] : "unknown";
}

const char *bs_confidence_name(enum bs_confidence c)
{
	return c == BS_CONF_HIGH ? "high" : c == BS_CONF_MEDIUM ? "medium" : "low";
}

const char *bs_wmark_fail_name(enum bs_wmark_fail f)
{
	static const char *const n[] = {
		[BS_WF_NONE] = "ok",
		[BS_WF_NOT_ELIGIBLE] = "not_in_zonelist",
		[BS_WF_ORDER0] = "order0_watermark",
		[BS_WF_ORDER_LOOP] = "high_order_watermark",
		[BS_WF_NO_BLOCK] = "no_free_block",
		[BS_WF_WRONG_TYPE] = "blocks_on_unusable_lists",
		[BS_WF_NO_DATA] = "no_data",
	};
	return f <= BS_WF_NO_DATA ? n[f] : "?";
}

static void zone_label(const struct bs_zone *z, char *buf, size_t len)
{
	snprintf(buf, len, "Node %d %s", z->node, z->name);
}

/* A zone left out by nodemask/cpuset that would have passed. */
static const struct bs_zone_replay *passing_outside(const struct bs_analysis *a)
{
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		if (!z->eligible && z->zone_idx >= 0 && z->zone_idx <= a->highest_zoneidx) {
			const struct bs_zone *zn = z->zone;
			long free_pages = (long)(zn->kb[BS_ZF_FREE] / a->page_kb);
			long min = (long)(zn->kb[BS_ZF_MIN] / a->page_kb);

			if (free_pages > 2 * min)
				return z;
		}
	}
	return NULL;
}

static void describe_missing(struct bs_analysis *a)
{
	unsigned g = a->rep->gaps;
	size_t n = 0;
	static const struct {
		unsigned bit;
		const char *text;
	} gaps[] = {
		{ BS_GAP_NO_HEADER_CPU, "the CPU/PID/version line" },
		{ BS_GAP_NO_TRACE, "the call trace" },
		{ BS_GAP_NO_MEMINFO, "the Mem-Info dump" },
		{ BS_GAP_NO_ZONES, "the zone lines" },
		{ BS_GAP_NO_BUDDY, "a buddy (per-order) line" },
		{ BS_GAP_NO_RESERVE, "a lowmem_reserve[] line" },
		{ BS_GAP_CUT, "its end (cut)" },
		{ BS_GAP_TOO_MANY, "room: more zones/frames than kept" },
		{ BS_GAP_DAMAGED, "clean text: damaged bytes or overlong lines inside" },
	};

	a->missing[0] = '\0';
	for (size_t i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		int w;

		if (!(g & gaps[i].bit) || n + 1 >= sizeof(a->missing))
			continue;
		w = snprintf(a->missing + n, sizeof(a->missing) - n, "%s%s", n ? ", " : "", gaps[i].text);
		if (w > 0)
			n += (size_t)w < sizeof(a->missing) - n ? (size_t)w : sizeof(a->missing) - n - 1;
	}
}

static void classify_failing(struct bs_analysis *a)
{
	int order0 = 0, loop = 0, noblock = 0, wrongtype = 0;
	unsigned letters = 0;
	char zl[48];

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		switch (z->fail) {
		case BS_WF_ORDER0: order0++; break;
		case BS_WF_ORDER_LOOP: loop++; break;
		case BS_WF_NO_BLOCK: noblock++; break;
		case BS_WF_WRONG_TYPE: wrongtype++; letters |= z->types_at_or_above; break;
		default: break;
		}
	}
	/*
	 * Zones with no block of the order at all do not change what the
	 * others show: when the only blocks of the order anywhere in the
	 * zonelist sit on lists the request may not use, that is the cause
	 * (6.10+ reserves highatomic blocks only in zones large enough, so
	 * the small zones of a zonelist typically have none).
	 */
	if (order0 && !loop && !noblock && !wrongtype)
		a->memory_state = BS_CAUSE_LOW_MEMORY;
	else if (wrongtype && !loop && (letters & BS_MT_C) && !(letters & BS_MT_H))
		a->memory_state = BS_CAUSE_CMA_ONLY;
	else if (wrongtype && !loop && (letters & BS_MT_H))
		a->memory_state = BS_CAUSE_HIGHATOMIC_ONLY;
	else
		a->memory_state = BS_CAUSE_FRAGMENTATION;

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		if (!z->eligible)
			continue;
		zone_label(z->zone, zl, sizeof(zl));
		switch (z->fail) {
		case BS_WF_ORDER0:
			bs_evidence(a, "%s: %ld free pages after the request is not above min %ld + lowmem_reserve %ld",
				 zl, z->fail_have, z->fail_need - z->reserve, z->reserve);
			break;
		case BS_WF_ORDER_LOOP:
			bs_evidence(a, "%s: %llu kB free, but blocks of order >= %u hold only %llu kB; the pre-4.4 check failed at o=%d, wanting more than %llu kB left in larger blocks (min>>%d)",
				 zl, (unsigned long long)z->zone->kb[BS_ZF_FREE], a->rep->order,
				 (unsigned long long)z->kb_at_or_above, z->fail_order,
				 (unsigned long long)z->fail_need * z->page_kb, z->fail_order + 1);
			break;
		case BS_WF_NO_BLOCK:
			bs_evidence(a, "%s: %llu kB free, no free block of order >= %u", zl,
				 (unsigned long long)z->zone->kb[BS_ZF_FREE], a->rep->order);
			break;
		case BS_WF_WRONG_TYPE:
			bs_evidence(a, "%s: the only free blocks of order >= %u are %s%s pageblocks, which this request may not use",
				 zl, a->rep->order, z->types_at_or_above & BS_MT_C ? "CMA" : "",
				 z->types_at_or_above & BS_MT_H ? (z->types_at_or_above & BS_MT_C ? "/highatomic" : "highatomic") : "");
			break;
		default:
			break;
		}
	}
}

/*
 * "vm_struct allocation failed" (mm/vmalloc.c, 5.13 on): __get_vm_area_node()
 * found no free range of size + one guard page between the caller's start
 * and end, so the page allocator was never called and the zones are beside
 * the point.  True when that is the report's reason.
 */
static bool vmalloc_space_verdict(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	unsigned long long kb = r->ev.has_size ? (unsigned long long)(r->ev.size / 1024) : 0;

	if (r->kind != BS_KIND_VMALLOC_FAILURE || !strstr(r->ev.text, "vm_struct allocation failed"))
		return false;
	a->cause = BS_CAUSE_VMALLOC_SPACE;
	a->confidence = BS_CONF_HIGH;
	snprintf(a->summary, sizeof(a->summary),
		 "vmalloc found no free %llu kB range of virtual addresses (plus its guard page) in the region the "
		 "caller asked for: no page was requested, so free memory does not matter", kb);
	bs_evidence(a, "the kernel says \"vm_struct allocation failed\": the address-range search failed before any page allocation");
	if (a->site && !strcmp(a->site->func, "module_alloc"))
		bs_evidence(a, "the caller is module_alloc(): the module region (a few hundred MB to 2 GB, placed by KASLR) is what ran out, not the whole vmalloc area");
	if (a->nr_ok_min)
		bs_evidence(a, "%d of %d zones pass the order-0 watermark check: memory was there", a->nr_ok_min, a->nr_eligible);
	return true;
}

void bs_analyze_verdict(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	const struct bs_zone_replay *outside;

	a->nr_evidence = 0;
	describe_missing(a);
	a->cause = a->memory_state = BS_CAUSE_UNKNOWN;
	a->confidence = BS_CONF_LOW;
	if (vmalloc_space_verdict(a))
		return;
	if (!r->nr_zones) {
		snprintf(a->summary, sizeof(a->summary),
			 "order-%u request failed; the report has no zone lines, so the watermark check cannot be replayed",
			 r->order);
		return;
	}
	if (!a->nr_eligible) {
		snprintf(a->summary, sizeof(a->summary),
			 "no printed zone is in this request's zonelist (highest zone %s)", a->highest_zone);
		return;
	}
	if (a->nr_ok_min) {
		const struct bs_zone_replay *ok = NULL;
		char zl[48];

		for (int i = 0; i < a->nr_zones && !ok; i++)
			if (a->zones[i].ok_min)
				ok = &a->zones[i];
		zone_label(ok->zone, zl, sizeof(zl));
		snprintf(a->summary, sizeof(a->summary),
			 "the printed numbers do not explain the failure: %s passes the order-%u watermark check. "
			 "The dump is printed after the failure and memory may have been freed in between, or the "
			 "request was limited in a way the report does not show (cpuset, mempolicy, __GFP_THISNODE, memcg)",
			 zl, r->order);
		bs_evidence(a, "%d of %d zones in the zonelist pass the check at the min mark", a->nr_ok_min, a->nr_eligible);
		if (r->order && ok->zone->buddy.present) {
			uint64_t blocks = 0;

			for (int o = (int)r->order; o < ok->zone->buddy.nr_orders; o++)
				blocks += ok->zone->buddy.nr_free[o];
			if (blocks <= 2)
				bs_evidence(a, "%s passes on only %llu free block(s) of order >= %u: one allocation in between takes that margin away, so fragmentation is the likely state at the moment of failure",
					 zl, (unsigned long long)blocks, r->order);
		}
		a->confidence = BS_CONF_LOW;
		return;
	}
	classify_failing(a);
	outside = passing_outside(a);
	if (outside) {
		char zl[48];

		zone_label(outside->zone, zl, sizeof(zl));
		a->cause = BS_CAUSE_CONSTRAINED_NODES;
		bs_evidence(a, "%s is outside the allowed nodes (nodemask=%s%s%s) and had plenty free", zl,
			 r->nodemask[0] ? r->nodemask : "(null)", r->mems_allowed[0] ? ", mems_allowed=" : "",
			 r->mems_allowed);
	} else if (!a->slow.can_direct_reclaim) {
		a->cause = BS_CAUSE_ATOMIC_NO_RECLAIM;
	} else {
		a->cause = a->memory_state;
	}
	bs_evidence(a, "all %d zone(s) in the zonelist fail the watermark check at the min mark", a->nr_eligible);
	if (a->order_loop_would_pass)
		bs_evidence(a, "the 4.4+ rule (97a16fc82a7c) would have passed %d of them: free blocks of order >= %u were there",
			 a->order_loop_would_pass, r->order);
	if (r->order && a->slow.can_direct_reclaim && !a->slow.may_compact && a->slow.compact_why_not)
		bs_evidence(a, "direct compaction was not allowed: %s", a->slow.compact_why_not);
	if (!a->slow.can_direct_reclaim)
		bs_evidence(a, "the request could not sleep (no direct reclaim): it fails as soon as the min mark is not met");
	if (a->slow.loops)
		bs_evidence(a, "this kernel retries such a request rather than fail it (%s): a failure means the task was dying (fatal signal, OOM victim) or in a context the report does not show",
			 a->slow.loops_why ? a->slow.loops_why : "too small to fail");

	if (a->nr_snapshot_disagree)
		bs_evidence(a, "borderline: in %d zone(s) the buddy lists, printed a moment after the zone counter, would pass the check; memory was moving",
			 a->nr_snapshot_disagree);

	a->confidence = BS_CONF_HIGH;
	if (a->nr_snapshot_disagree)
		a->confidence = BS_CONF_MEDIUM;
	if (a->kver_inferred || r->gaps & (BS_GAP_NO_BUDDY | BS_GAP_NO_RESERVE | BS_GAP_CUT | BS_GAP_DAMAGED))
		a->confidence = BS_CONF_MEDIUM;
	if (!a->gfp_exact && !a->kver_inferred)
		a->confidence = a->confidence == BS_CONF_HIGH ? BS_CONF_MEDIUM : a->confidence;

	switch (a->cause) {
	case BS_CAUSE_LOW_MEMORY:
		snprintf(a->summary, sizeof(a->summary),
			 "memory was exhausted: every zone the order-%u request could use was at or below its min watermark",
			 r->order);
		break;
	case BS_CAUSE_FRAGMENTATION:
		snprintf(a->summary, sizeof(a->summary),
			 "fragmentation: there was free memory, but not in blocks of order %u (%llu kB contiguous) where the check needs them%s",
			 r->order, (unsigned long long)(a->page_kb << r->order),
			 a->slow.may_compact ? "; reclaim and compaction did not produce one in time" :
			 "; compaction, which could have built one, was not allowed for this request");
		break;
	case BS_CAUSE_CMA_ONLY:
		snprintf(a->summary, sizeof(a->summary),
			 "the free blocks of order %u were CMA pageblocks, which a non-movable request may not use", r->order);
		break;
	case BS_CAUSE_HIGHATOMIC_ONLY:
		snprintf(a->summary, sizeof(a->summary),
			 "the free blocks of order %u were in the highatomic reserve, which this request may not use", r->order);
		break;
	case BS_CAUSE_ATOMIC_NO_RECLAIM:
		snprintf(a->summary, sizeof(a->summary),
			 "an order-%u request that could not sleep found no zone above its watermark (%s), and it may not reclaim or compact",
			 r->order, bs_cause_name(a->memory_state));
		break;
	case BS_CAUSE_CONSTRAINED_NODES:
		snprintf(a->summary, sizeof(a->summary),
			 "the request was confined to nodes that were short (%s) while other nodes had memory",
			 bs_cause_name(a->memory_state));
		break;
	default:
		break;
	}
}
