// SPDX-License-Identifier: MIT
/*
 * verdict.c - one cause from a small vocabulary, a confidence, and the
 * evidence, from the replay and the slow-path model.
 *
 * The vocabulary (docs/json.md): low_memory (the order-0 check fails:
 * free pages are at the min mark), fragmentation (enough pages, not in
 * blocks of the order), cma_only / highatomic_only (blocks of the order
 * exist only on lists this request may not use), constrained_nodes (the
 * allowed nodes fail while others would pass), unknown (the printed
 * numbers do not explain it, and the summary says which pass).  The cause
 * is the state of memory only: the same zones give the same cause whatever
 * the flags.  What the request could do about it (reclaim, compact, retry,
 * OOM) is the verdict's other half, a->slow.summary (analysis/request.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

static const char *const cause_names[] = {
	[BS_CAUSE_LOW_MEMORY] = "low_memory",
	[BS_CAUSE_FRAGMENTATION] = "fragmentation",
	[BS_CAUSE_CMA_ONLY] = "cma_only",
	[BS_CAUSE_HIGHATOMIC_ONLY] = "highatomic_only",
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

		if (!z->eligible && z->zone_idx >= 0 && z->zone_idx <= a->highest_zoneidx &&
		    (z->zone->has & (1ull << BS_ZF_FREE)) && (z->zone->has & (1ull << BS_ZF_MIN))) {
			const struct bs_zone *zn = z->zone;
			long free_pages = (long)(zn->kb[BS_ZF_FREE] / a->page_kb);
			long min = (long)(zn->kb[BS_ZF_MIN] / a->page_kb);

			if (free_pages > 2 * min)
				return z;
		}
	}
	return NULL;
}

/* The texts of @bits in @gaps, comma-separated, into @buf. */
struct gap_text {
	unsigned bit;
	const char *text;
};

static void gap_words(unsigned g, const struct gap_text *gaps, size_t nr, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nr; i++) {
		int w;

		if (!(g & gaps[i].bit) || n + 1 >= len)
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", gaps[i].text);
		if (w > 0)
			n += (size_t)w < len - n ? (size_t)w : len - n - 1;
	}
}

/*
 * "Missing" names only what the input lacks; what it held but was not read
 * whole (damaged bytes, more zones or frames than kept) is said apart.
 */
static void describe_missing(struct bs_analysis *a)
{
	static const struct gap_text missing[] = {
		{ BS_GAP_NO_HEADER_CPU, "the CPU/PID/version line" },
		{ BS_GAP_NO_TRACE, "the call trace" },
		{ BS_GAP_NO_MEMINFO, "the Mem-Info dump" },
		{ BS_GAP_NO_ZONES, "the zone lines" },
		{ BS_GAP_ZONE_FIELDS, "a zone's free: or min: numbers" },
		{ BS_GAP_NO_BUDDY, "a buddy (per-order) line" },
		{ BS_GAP_BUDDY_CUT, "the end of a buddy line (cut before its = N kB total)" },
		{ BS_GAP_NO_RESERVE, "a lowmem_reserve[] line" },
		{ BS_GAP_CUT, "its end (cut)" },
	};
	static const struct gap_text not_read[] = {
		{ BS_GAP_TOO_MANY, "more zones/frames than kept (the rest were counted, not kept)" },
		{ BS_GAP_DAMAGED, "damaged bytes or overlong lines inside" },
	};

	gap_words(a->rep->gaps, missing, sizeof(missing) / sizeof(missing[0]), a->missing, sizeof(a->missing));
	gap_words(a->rep->gaps, not_read, sizeof(not_read) / sizeof(not_read[0]), a->not_read, sizeof(a->not_read));
}

/* An ORDER0 failure that only lowmem_reserve made: above the zone's own min. */
static bool reserve_blocked(const struct bs_zone_replay *z)
{
	return z->fail == BS_WF_ORDER0 && z->reserve > 0 && z->fail_have > z->fail_need - z->reserve;
}

static void zone_fail_evidence(struct bs_analysis *a, const struct bs_zone_replay *z)
{
	const struct bs_zone *zn = z->zone;
	unsigned order = a->rep->order;
	char zl[48];

	zone_label(zn, zl, sizeof(zl));
	switch (z->fail) {
	case BS_WF_ORDER0:
		if (reserve_blocked(z))
			bs_evidence_n(a, bs_fact_make("zone_lowmem_reserve_kept", BS_V("node", zn->node),
						      BS_V("free_pages", z->fail_have),
						      BS_V("min_pages", z->fail_need - z->reserve),
						      BS_V("lowmem_reserve_pages", z->reserve), NULL),
				      "%s: %ld free pages after the request, above min %ld, but lowmem_reserve[%s] %ld keeps "
				      "them for requests that cannot use a higher zone (setup_per_zone_lowmem_reserve(), by design)",
				      zl, z->fail_have, z->fail_need - z->reserve, a->highest_zone, z->reserve);
		else
			bs_evidence_n(a, bs_fact_make("zone_order0_fail", BS_V("node", zn->node),
						      BS_V("free_pages", z->fail_have),
						      BS_V("min_pages", z->fail_need - z->reserve),
						      BS_V("lowmem_reserve_pages", z->reserve), NULL),
				      "%s: %ld free pages after the request is not above min %ld + lowmem_reserve %ld",
				      zl, z->fail_have, z->fail_need - z->reserve, z->reserve);
		break;
	case BS_WF_ORDER_LOOP:
		bs_evidence_n(a, bs_fact_make("zone_order_loop_fail", BS_V("node", zn->node),
					      BS_V("free_kb", zn->kb[BS_ZF_FREE]), BS_V("order", order),
					      BS_V("kb_at_or_above_order", z->kb_at_or_above),
					      BS_V("fail_order", z->fail_order),
					      BS_V("need_kb", z->fail_need * (long)z->page_kb), NULL),
			      "%s: %llu kB free, but blocks of order >= %u hold only %llu kB; the pre-4.4 check failed at o=%d, wanting more than %llu kB left in larger blocks (min>>%d)",
			      zl, (unsigned long long)zn->kb[BS_ZF_FREE], order,
			      (unsigned long long)z->kb_at_or_above, z->fail_order,
			      (unsigned long long)z->fail_need * z->page_kb, z->fail_order + 1);
		break;
	case BS_WF_NO_BLOCK:
		bs_evidence_n(a, bs_fact_make("zone_no_block", BS_V("node", zn->node),
					      BS_V("free_kb", zn->kb[BS_ZF_FREE]), BS_V("order", order), NULL),
			      "%s: %llu kB free and the order-0 check passes, but no free block of order >= %u",
			      zl, (unsigned long long)zn->kb[BS_ZF_FREE], order);
		break;
	case BS_WF_WRONG_TYPE:
		bs_evidence_n(a, bs_fact_make("zone_blocks_unusable_lists", BS_V("node", zn->node),
					      BS_V("order", order), BS_V("cma", !!(z->types_at_or_above & BS_MT_C)),
					      BS_V("highatomic", !!(z->types_at_or_above & BS_MT_H)), NULL),
			      "%s: the only free blocks of order >= %u are %s%s pageblocks, which this request may not use",
			      zl, order, z->types_at_or_above & BS_MT_C ? "CMA" : "",
			      z->types_at_or_above & BS_MT_H ? (z->types_at_or_above & BS_MT_C ? "/highatomic" : "highatomic") : "");
		break;
	default:
		break;
	}
}

static void classify_failing(struct bs_analysis *a)
{
	int order0 = 0, loop = 0, noblock = 0, wrongtype = 0;
	unsigned letters = 0;

	a->nr_reserve_blocked = 0;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		switch (z->fail) {
		case BS_WF_ORDER0: order0++; a->nr_reserve_blocked += reserve_blocked(z); break;
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

	for (int i = 0; i < a->nr_zones; i++)
		if (a->zones[i].eligible)
			zone_fail_evidence(a, &a->zones[i]);
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

/* Free blocks of order >= the request on lists @usable (bs_mt letters; unknown types count). */
static uint64_t blocks_on(const struct bs_buddy *b, unsigned order, unsigned usable, unsigned *other)
{
	uint64_t n = 0;

	for (int o = (int)order; o < b->nr_orders; o++) {
		if (!b->nr_free[o])
			continue;
		if (!b->has_types || !b->types[o] || (b->types[o] & usable))
			n += b->nr_free[o];
		else
			*other |= b->types[o];
	}
	return n;
}

/*
 * A PF_MEMALLOC task (kswapd, a task inside reclaim) ignores every
 * watermark (ALLOC_NO_WATERMARKS) and then gives up: it fails only when no
 * zone has a free block of the order on a list it may take from (its own
 * migratetype and the fallbacks, CMA for movable requests, never the
 * highatomic reserve without ALLOC_HARDER/ALLOC_OOM).  False when the
 * buddy lines are missing: the marks then say nothing either.
 */
static bool no_watermarks_verdict(struct bs_analysis *a)
{
	unsigned usable = BS_MT_U | BS_MT_M | BS_MT_E | ((a->slow.alloc_flags & BS_ALLOC_CMA) ? BS_MT_C : 0);
	unsigned other = 0;
	uint64_t blocks = 0, free_kb = 0;
	const struct bs_zone_replay *with = NULL;
	char zl[48];

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		uint64_t n;

		if (!z->eligible)
			continue;
		if (!z->zone->buddy.present || !z->zone->buddy.has_total)
			return false;
		n = blocks_on(&z->zone->buddy, a->rep->order, usable, &other);
		free_kb += z->zone->buddy.total_kb;
		if (n && !with)
			with = z;
		blocks += n;
	}
	if (with) {
		zone_label(with->zone, zl, sizeof(zl));
		a->cause = a->memory_state = BS_CAUSE_UNKNOWN;
		snprintf(a->summary, sizeof(a->summary),
			 "the printed numbers do not explain the failure: the task ignores watermarks (PF_MEMALLOC), and %s "
			 "had %llu free block(s) of order >= %u it may use; memory moved between the failure and the dump",
			 zl, (unsigned long long)blocks, a->rep->order);
		return true;
	}
	if ((other & BS_MT_H) && !(other & BS_MT_C))
		a->memory_state = BS_CAUSE_HIGHATOMIC_ONLY;
	else if (other & BS_MT_C)
		a->memory_state = BS_CAUSE_CMA_ONLY;
	else
		a->memory_state = a->rep->order && free_kb ? BS_CAUSE_FRAGMENTATION : BS_CAUSE_LOW_MEMORY;
	a->cause = a->memory_state;
	bs_evidence_n(a, bs_fact_make("no_watermarks_no_block", BS_V("order", a->rep->order),
				      BS_V("free_kb", free_kb), BS_V("highatomic_blocks", !!(other & BS_MT_H)),
				      BS_V("cma_blocks", !!(other & BS_MT_C)), NULL),
		      "the task ignored the watermarks (ALLOC_NO_WATERMARKS) and still found no free block of order >= %u "
		      "on a list it may use: %llu kB free in all, %s",
		      a->rep->order, (unsigned long long)free_kb,
		      other & BS_MT_H ? "the rest in highatomic pageblocks, kept for high-order atomic requests" :
		      other & BS_MT_C ? "the rest in CMA pageblocks, kept for movable requests" :
		      "the reserves below min were used up too");
	return true;
}

/* The summary of a failing state, in words that do not depend on the flags. */
static void state_summary(struct bs_analysis *a, enum bs_cause c)
{
	const struct bs_report *r = a->rep;
	int order0 = 0, other = 0;
	char reserve[160] = "";

	for (int i = 0; i < a->nr_zones; i++) {
		if (!a->zones[i].eligible)
			continue;
		if (a->zones[i].fail == BS_WF_ORDER0)
			order0++;
		else if (a->zones[i].fail != BS_WF_NO_DATA)
			other++;
	}
	if (a->nr_reserve_blocked)
		snprintf(reserve, sizeof(reserve), "; in %d of them the free pages were above min and only lowmem_reserve "
			 "kept them from this request, by design", a->nr_reserve_blocked);
	switch (c) {
	case BS_CAUSE_LOW_MEMORY:
		snprintf(a->summary, sizeof(a->summary),
			 "memory was short: every zone the order-%u request could use was at or below its min watermark%s",
			 r->order, reserve);
		break;
	case BS_CAUSE_FRAGMENTATION:
		if (a->rules->wmark == BS_WMARK_ORDER_LOOP)
			snprintf(a->summary, sizeof(a->summary),
				 "fragmentation: there was free memory, but too little of it in blocks of order >= %u (%llu kB "
				 "contiguous) for this kernel's per-order check", r->order,
				 (unsigned long long)(a->page_kb << r->order));
		else if (order0)
			snprintf(a->summary, sizeof(a->summary),
				 "fragmentation: %d zone(s) passed the order-0 check but had no free block of order %u (%llu kB "
				 "contiguous) this request may use; the other %d were at or below min", other, r->order,
				 (unsigned long long)(a->page_kb << r->order), order0);
		else
			snprintf(a->summary, sizeof(a->summary),
				 "fragmentation: every zone passed the order-0 check (enough free pages), but none had a free "
				 "block of order %u (%llu kB contiguous) this request may use", r->order,
				 (unsigned long long)(a->page_kb << r->order));
		break;
	case BS_CAUSE_CMA_ONLY:
		snprintf(a->summary, sizeof(a->summary),
			 "the free blocks of order %u were CMA pageblocks, which a non-movable request may not use", r->order);
		break;
	case BS_CAUSE_HIGHATOMIC_ONLY:
		snprintf(a->summary, sizeof(a->summary),
			 "the free blocks of order %u were in the highatomic reserve, which this request may not use", r->order);
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

/* Which numbers pass in zone @ok, for the "do not explain" summary. */
static void unexplained(struct bs_analysis *a, const struct bs_zone_replay *ok)
{
	const struct bs_report *r = a->rep;
	uint64_t blocks = 0;
	char zl[48];

	zone_label(ok->zone, zl, sizeof(zl));
	for (int o = (int)r->order; ok->zone->buddy.present && o < ok->zone->buddy.nr_orders; o++)
		blocks += ok->zone->buddy.nr_free[o];
	snprintf(a->summary, sizeof(a->summary),
		 "the printed numbers do not explain the failure: %s passes the order-%u watermark check (free %ld pages "
		 "> min %ld + lowmem_reserve %ld%s). The dump is printed after the failure and memory may have been freed "
		 "in between, or the request was limited in a way the report does not show (cpuset, mempolicy, "
		 "__GFP_THISNODE, memcg)", zl, r->order, ok->free_pages, ok->min_pages, ok->reserve,
		 r->order ? ", and a free block of the order is there" : "");
	bs_evidence_n(a, bs_fact_make("zones_pass", BS_V("passing", a->nr_ok_min), BS_V("zones", a->nr_eligible),
				      BS_V("node", ok->zone->node), BS_V("free_pages", ok->free_pages),
				      BS_V("min_pages", ok->min_pages), BS_V("lowmem_reserve_pages", ok->reserve),
				      BS_V("blocks_at_or_above_order", blocks), NULL),
		      "%d of %d zones in the zonelist pass the check at the min mark", a->nr_ok_min, a->nr_eligible);
	if (r->order && ok->zone->buddy.present && blocks <= 2)
		bs_evidence(a, "%s passes on only %llu free block(s) of order >= %u: one allocation in between takes that margin away, so fragmentation is the likely state at the moment of failure",
			    zl, (unsigned long long)blocks, r->order);
}

/*
 * __GFP_THISNODE: the zonelist is one node's (ZONELIST_NOFALLBACK), so a
 * zone of another node passing does not count.  True when some node fails
 * in every zone while another passes: the request was confined.
 */
static bool thisnode_verdict(struct bs_analysis *a, const struct bs_zone_replay *ok)
{
	const struct bs_zone_replay *fail = NULL;

	if (!a->slow.thisnode)
		return false;
	for (int i = 0; i < a->nr_zones && !fail; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		bool node_passes = false;

		if (!z->eligible || z->ok_min || z->fail == BS_WF_NO_DATA || z->zone->node == ok->zone->node)
			continue;
		for (int j = 0; j < a->nr_zones; j++)
			if (a->zones[j].eligible && a->zones[j].zone->node == z->zone->node && a->zones[j].ok_min)
				node_passes = true;
		if (!node_passes)
			fail = z;
	}
	if (!fail)
		return false;
	a->nr_evidence = 0;
	classify_failing(a);
	a->cause = BS_CAUSE_CONSTRAINED_NODES;
	a->confidence = BS_CONF_MEDIUM;
	bs_evidence_n(a, bs_fact_make("thisnode_confined", BS_V("failing_node", fail->zone->node),
				      BS_V("passing_node", ok->zone->node), NULL),
		      "__GFP_THISNODE confines the request to one node's zones (gfp_zonelist(): ZONELIST_NOFALLBACK): "
		      "node %d fails while node %d passes, so the failing node is the one it asked (the report does not "
		      "print which)", fail->zone->node, ok->zone->node);
	state_summary(a, BS_CAUSE_CONSTRAINED_NODES);
	return true;
}

static void slowpath_evidence(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	const struct bs_slowpath *s = &a->slow;

	if (r->order && s->can_direct_reclaim && !s->may_compact && s->compact_why_not)
		bs_evidence_n(a, bs_fact_make("compaction_not_allowed", NULL),
			      "direct compaction was not allowed: %s", s->compact_why_not);
	for (int i = 0; i < a->nr_zones && s->may_compact; i++) {
		const struct bs_zone_compact *c = &a->compact[i];
		const struct bs_zone_replay *z = &a->zones[i];
		char zl[48];

		if (!c->known || c->suitable || z->ok_min)
			continue;
		zone_label(z->zone, zl, sizeof(zl));
		if (!c->watermark_ok)
			bs_evidence_n(a, bs_fact_make("compaction_skipped_watermark", BS_V("node", z->zone->node),
						      BS_V("free_pages", z->free_pages), BS_V("need_pages", c->need_pages),
						      NULL),
				      "%s: compaction_suitable() skips it: %ld free pages are not above the %s mark + 2 << order "
				      "+ lowmem_reserve = %ld, too few to migrate into, so the kernel reclaims first", zl,
				      z->free_pages, c->need_pages - z->reserve - (2l << r->order) == z->min_pages ? "min" : "low",
				      c->need_pages);
		else
			bs_evidence_n(a, bs_fact_make("compaction_skipped_fragindex", BS_V("node", z->zone->node),
						      BS_V("fragindex", c->fragindex), BS_V("extfrag_threshold", 500), NULL),
				      "%s: fragmentation index %d.%03d <= vm.extfrag_threshold 0.500 (default): "
				      "compaction_suitable() calls this a lack of memory, not fragmentation, and the kernel "
				      "reclaims instead of compacting", zl, c->fragindex / 1000, c->fragindex % 1000);
		break;
	}
	if (r->order && s->may_compact && s->compact_deferrable && !s->loops)
		bs_evidence_n(a, bs_fact_make("compaction_may_be_deferred", BS_V("order", r->order), NULL),
			      "after earlier failed compactions of this order compaction_deferred() skips up to 63 attempts; "
			      "the report cannot show whether this one was skipped");
	if (s->pf_memalloc)
		bs_evidence_n(a, bs_fact_make("pf_memalloc", BS_V("no_watermarks", s->no_watermarks), NULL),
			      "the task runs with PF_MEMALLOC (%s): __alloc_pages_slowpath() never reclaims for it "
			      "(no recursion) and %s", s->pf_memalloc_why,
			      s->no_watermarks ? "lets it ignore the watermarks (ALLOC_NO_WATERMARKS)" :
			      "__GFP_NOMEMALLOC or interrupt context keeps it to the watermarks");
	else if (!s->can_direct_reclaim)
		bs_evidence_n(a, bs_fact_make("cannot_sleep", NULL),
			      "the request could not sleep (no direct reclaim): it fails as soon as the min mark is not met");
	if (s->lowmem_only && s->oom_why_not && strstr(s->oom_why_not, "below Normal"))
		bs_evidence_n(a, bs_fact_make("lowmem_no_oom", NULL),
			      "its highest zone is %s, below Normal: __alloc_pages_may_oom() never kills for such a request",
			      a->highest_zone);
	if (s->loops)
		bs_evidence_n(a, bs_fact_make("retries_forever", NULL),
			      "this kernel retries such a request rather than fail it (%s): a failure means the task was dying (fatal signal, OOM victim) or in a context the report does not show",
			      s->loops_why ? s->loops_why : "too small to fail");
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
	if (a->nr_no_data == a->nr_eligible) {
		snprintf(a->summary, sizeof(a->summary),
			 "order-%u request failed; in every zone of its zonelist the report lacks numbers the watermark "
			 "check needs (see Missing), so the check cannot be replayed to its end", r->order);
		bs_evidence(a, "%d zone(s) in the zonelist, none with all the numbers the check needs",
			    a->nr_eligible);
		return;
	}
	if (a->slow.pf_memalloc && a->slow.no_watermarks && no_watermarks_verdict(a)) {
		if (a->cause != BS_CAUSE_UNKNOWN) {
			state_summary(a, a->cause);
			a->confidence = a->kver_inferred || r->gaps & (BS_GAP_CUT | BS_GAP_DAMAGED) ? BS_CONF_MEDIUM
												  : BS_CONF_HIGH;
		}
		slowpath_evidence(a);
		return;
	}
	if (a->nr_ok_min) {
		const struct bs_zone_replay *ok = NULL;

		for (int i = 0; i < a->nr_zones && !ok; i++)
			if (a->zones[i].ok_min)
				ok = &a->zones[i];
		if (thisnode_verdict(a, ok))
			return;
		unexplained(a, ok);
		a->confidence = BS_CONF_LOW;
		return;
	}
	classify_failing(a);
	outside = passing_outside(a);
	if (outside) {
		char zl[48];

		zone_label(outside->zone, zl, sizeof(zl));
		a->cause = BS_CAUSE_CONSTRAINED_NODES;
		bs_evidence_n(a, bs_fact_make("zone_outside_allowed_nodes", BS_V("node", outside->zone->node),
					      BS_V("free_kb", outside->zone->kb[BS_ZF_FREE]), NULL),
			      "%s is outside the allowed nodes (nodemask=%s%s%s) and had plenty free", zl,
			      r->nodemask[0] ? r->nodemask : "(null)", r->mems_allowed[0] ? ", mems_allowed=" : "",
			      r->mems_allowed);
	} else {
		a->cause = a->memory_state;
	}
	if (a->nr_no_data)
		bs_evidence(a, "%d zone(s) with numbers fail the watermark check at the min mark; %d more lack the numbers, so whether they would pass is unknown",
			    a->nr_eligible - a->nr_no_data, a->nr_no_data);
	else
		bs_evidence_n(a, bs_fact_make("zones_all_fail", BS_V("zones", a->nr_eligible), NULL),
			      "all %d zone(s) in the zonelist fail the watermark check at the min mark", a->nr_eligible);
	if (a->order_loop_would_pass)
		bs_evidence_n(a, bs_fact_make("order_loop_4_4_would_pass", BS_V("zones", a->order_loop_would_pass),
					      BS_V("order", r->order), NULL),
			      "the 4.4+ rule (97a16fc82a7c) would have passed %d of them: free blocks of order >= %u were there",
			      a->order_loop_would_pass, r->order);
	slowpath_evidence(a);
	if (a->nr_snapshot_disagree)
		bs_evidence(a, "borderline: in %d zone(s) the buddy lists, printed a moment after the zone counter, would pass the check; memory was moving",
			 a->nr_snapshot_disagree);

	a->confidence = BS_CONF_HIGH;
	if (a->nr_snapshot_disagree)
		a->confidence = BS_CONF_MEDIUM;
	if (a->kver_inferred || a->nr_no_data ||
	    r->gaps & (BS_GAP_NO_BUDDY | BS_GAP_NO_RESERVE | BS_GAP_CUT | BS_GAP_DAMAGED | BS_GAP_BUDDY_CUT |
		       BS_GAP_ZONE_FIELDS))
		a->confidence = BS_CONF_MEDIUM;
	if (!a->gfp_exact && !a->kver_inferred)
		a->confidence = a->confidence == BS_CONF_HIGH ? BS_CONF_MEDIUM : a->confidence;
	state_summary(a, a->cause);
}
