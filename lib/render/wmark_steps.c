// SPDX-License-Identifier: MIT
/*
 * wmark_steps.c - the words and the JSON of the replayed watermark
 * arithmetic (struct bs_wmark_step, filled by watermark.c): one table of
 * ids and the numbers each op carries, one sentence per op.  The text
 * renderer prints the sentences; JSON writes the id, the numbers and the
 * same sentence.
 */
#include <stdio.h>

#include "render/wmark_steps.h"

/* Which numbers an op carries, hence which JSON fields it gets. */
enum {
	F_ORDER = 1 << 0,
	F_NR_ORDERS = 1 << 1,
	F_OK = 1 << 2,
	F_HAVE = 1 << 3,
	F_NEED = 1 << 4,
	F_PAGES = 1 << 5,
	F_MARK = 1 << 6,
	F_RESERVE = 1 << 7,
	F_BLOCKS = 1 << 8,
	F_KB = 1 << 9,
	F_RESERVE_KNOWN = 1 << 10,	/* ok, named for START */
	F_NODE_ALLOWED = 1 << 11,	/* ok, named for NOT_IN_ZONELIST */
};

static const struct {
	const char *id;
	unsigned fields;
} ops[BS_WSTEP_NR] = {
	[BS_WSTEP_NOT_IN_ZONELIST] = { "not_in_zonelist", F_NODE_ALLOWED },
	[BS_WSTEP_CMA_ONLY] = { "cma_only", F_KB },
	[BS_WSTEP_NO_ZONE_LINE] = { "no_zone_line", 0 },
	[BS_WSTEP_START] = { "start", F_HAVE | F_NEED | F_RESERVE | F_RESERVE_KNOWN },
	[BS_WSTEP_MARK_REDUCED] = { "mark_reduced", F_MARK | F_NEED },
	[BS_WSTEP_MINUS_CMA] = { "minus_cma", F_PAGES | F_HAVE },
	[BS_WSTEP_MINUS_HIGHATOMIC] = { "minus_highatomic", F_PAGES | F_HAVE },
	[BS_WSTEP_MINUS_REQUEST] = { "minus_request", F_ORDER | F_PAGES | F_HAVE },
	[BS_WSTEP_ORDER0] = { "order0_check", F_HAVE | F_NEED | F_RESERVE | F_OK },
	[BS_WSTEP_NO_BUDDY] = { "no_buddy_line", 0 },
	[BS_WSTEP_PLUS_CMA] = { "plus_cma", F_PAGES | F_HAVE },
	[BS_WSTEP_LOOP_CUT] = { "order_loop_cut", F_ORDER | F_NR_ORDERS },
	[BS_WSTEP_LOOP] = { "order_loop", F_ORDER | F_BLOCKS | F_HAVE | F_NEED | F_OK },
	[BS_WSTEP_SCAN_FOUND] = { "scan_found", F_ORDER | F_BLOCKS | F_OK },
	[BS_WSTEP_SCAN_CUT] = { "scan_cut", F_ORDER | F_NR_ORDERS },
	[BS_WSTEP_SCAN_WRONG_LISTS] = { "scan_wrong_lists", F_ORDER },
	[BS_WSTEP_SCAN_NO_BLOCK] = { "scan_no_block", F_ORDER },
	[BS_WSTEP_ALT_TOTAL] = { "buddy_total", F_KB | F_OK },
	[BS_WSTEP_ALT_TOTAL_FAILS_TOO] = { "buddy_total_fails_too", F_KB | F_ORDER | F_HAVE | F_NEED },
	[BS_WSTEP_KB_AT_OR_ABOVE] = { "kb_at_or_above", F_ORDER | F_KB },
	[BS_WSTEP_RESERVE_UNDECIDED] = { "reserve_undecided", 0 },
};

const char *bs_wmark_step_id(const struct bs_wmark_step *s)
{
	return s->op < BS_WSTEP_NR && ops[s->op].id ? ops[s->op].id : "unknown";
}

/* The kB of @pages pages of replayed zone @z. */
static unsigned long long kb(const struct bs_zone_replay *z, long pages)
{
	return (unsigned long long)pages * z->page_kb;
}

char *bs_wmark_step_text(const struct bs_zone_replay *z, const struct bs_wmark_step *s, char *buf, size_t len)
{
	const char *hz = z->highest_zone ? z->highest_zone : "?";
	unsigned long long zfree = z->zone ? z->zone->kb[BS_ZF_FREE] : 0;
	unsigned long long zmin = z->zone ? z->zone->kb[BS_ZF_MIN] : 0;
	int o = s->order;

	switch ((enum bs_wstep_op)s->op) {
	case BS_WSTEP_NOT_IN_ZONELIST:
		snprintf(buf, len, "not in this request's zonelist (highest zone %s%s)", hz,
			 s->ok ? "" : ", node not allowed");
		break;
	case BS_WSTEP_CMA_ONLY:
		snprintf(buf, len, "no zone line; all %llu kB of the buddy line is on CMA lists, which this request "
			 "may not count: free - free CMA = 0 <= min: FAIL whatever min was", (unsigned long long)s->kb);
		break;
	case BS_WSTEP_NO_ZONE_LINE:
		snprintf(buf, len, "zone line without free/min: nothing to replay");
		break;
	case BS_WSTEP_START:
		snprintf(buf, len, "free %ld pages (%llu kB), min %ld pages (%llu kB), lowmem_reserve[%s] %ld pages%s",
			 s->have, zfree, s->need, zmin, hz, s->reserve,
			 s->ok ? "" : " (not printed: 0 taken, the smallest it can be)");
		break;
	case BS_WSTEP_MARK_REDUCED:
		snprintf(buf, len, "mark %ld pages, reduced to %ld by the reserves this request may use", s->mark,
			 s->need);
		break;
	case BS_WSTEP_MINUS_CMA:
		snprintf(buf, len, "- free CMA %ld pages (this request may not use CMA) = %ld", s->pages, s->have);
		break;
	case BS_WSTEP_MINUS_HIGHATOMIC:
		snprintf(buf, len, "- highatomic reserve %ld pages (not for this request) = %ld", s->pages, s->have);
		break;
	case BS_WSTEP_MINUS_REQUEST:
		snprintf(buf, len, "- %ld pages for the order-%d request itself ((1<<%d)-1) = %ld", s->pages, o, o,
			 s->have);
		break;
	case BS_WSTEP_ORDER0:
		snprintf(buf, len, "order-0 check: %ld %s min %ld + lowmem_reserve %ld: %s", s->have,
			 s->ok ? ">" : "<=", s->need, s->reserve, s->ok ? "ok" : "FAIL");
		break;
	case BS_WSTEP_NO_BUDDY:
		snprintf(buf, len, "no buddy line: the high-order part of the check cannot be replayed");
		break;
	case BS_WSTEP_PLUS_CMA:
		snprintf(buf, len, "+ the %ld CMA pages again: this era's loop counts them = %ld", s->pages, s->have);
		break;
	case BS_WSTEP_LOOP_CUT:
		snprintf(buf, len, "the buddy line stops after %d order(s): the loop over orders 0..%d cannot be "
			 "replayed", s->nr_orders, o - 1);
		break;
	case BS_WSTEP_LOOP:
		if (s->ok)
			snprintf(buf, len, "o=%d: - %llu blocks x %ld pages = %ld > min>>%d %ld: ok", o,
				 (unsigned long long)s->blocks, 1L << o, s->have, o + 1, s->need);
		else
			snprintf(buf, len, "o=%d: - %llu blocks x %ld pages = %ld <= min>>%d %ld (%llu kB): FAIL", o,
				 (unsigned long long)s->blocks, 1L << o, s->have, o + 1, s->need, kb(z, s->need));
		break;
	case BS_WSTEP_SCAN_FOUND:
		snprintf(buf, len, "free-area scan: %llu free block(s) of order %d: ok", (unsigned long long)s->blocks,
			 o);
		break;
	case BS_WSTEP_SCAN_CUT:
		snprintf(buf, len, "free-area scan: no usable block of order >= %d among the %d order(s) printed; the "
			 "buddy line stops before its total, so the higher orders are not in the input", o,
			 s->nr_orders);
		break;
	case BS_WSTEP_SCAN_WRONG_LISTS:
		snprintf(buf, len, "free-area scan: blocks of order >= %d exist only on lists this request may not "
			 "use: FAIL", o);
		break;
	case BS_WSTEP_SCAN_NO_BLOCK:
		snprintf(buf, len, "free-area scan: no free block of order >= %d: FAIL", o);
		break;
	case BS_WSTEP_ALT_TOTAL:
		snprintf(buf, len, "with the buddy line's total instead (%llu kB, printed a moment later) the check %s",
			 (unsigned long long)s->kb, s->ok ? "passes" : "fails");
		break;
	case BS_WSTEP_ALT_TOTAL_FAILS_TOO:
		snprintf(buf, len, "with the buddy line's total (%llu kB) it fails too, at o=%d: %ld <= %ld (%llu kB)",
			 (unsigned long long)s->kb, o, s->have, s->need, kb(z, s->need));
		break;
	case BS_WSTEP_KB_AT_OR_ABOVE:
		snprintf(buf, len, "free blocks of order >= %d hold %llu kB in all", o, (unsigned long long)s->kb);
		break;
	case BS_WSTEP_RESERVE_UNDECIDED:
		snprintf(buf, len, "passes only if lowmem_reserve[%s], which the report does not print, is small "
			 "enough: undecided", hz);
		break;
	default:
		snprintf(buf, len, "unknown step %u", s->op);
		break;
	}
	return buf;
}

/* The numbers op @s carries, named as docs/json.md says. */
static void step_numbers(struct bs_jsonw *w, const struct bs_wmark_step *s)
{
	unsigned f = s->op < BS_WSTEP_NR ? ops[s->op].fields : 0;

	if (f & F_ORDER)
		bs_jsonw_i64_field(w, "order", s->order);
	if (f & F_NR_ORDERS)
		bs_jsonw_i64_field(w, "nr_orders", s->nr_orders);
	if (f & F_BLOCKS)
		bs_jsonw_u64_field(w, "blocks", s->blocks);
	if (f & F_PAGES)
		bs_jsonw_i64_field(w, "pages", s->pages);
	if (f & F_MARK)
		bs_jsonw_i64_field(w, "mark", s->mark);
	if (f & F_HAVE)
		bs_jsonw_i64_field(w, "have", s->have);
	if (f & F_NEED)
		bs_jsonw_i64_field(w, "need", s->need);
	if (f & F_RESERVE)
		bs_jsonw_i64_field(w, "reserve", s->reserve);
	if (f & F_KB)
		bs_jsonw_u64_field(w, "kb", s->kb);
	if (f & F_OK)
		bs_jsonw_bool_field(w, "ok", s->ok);
	if (f & F_RESERVE_KNOWN)
		bs_jsonw_bool_field(w, "reserve_known", s->ok);
	if (f & F_NODE_ALLOWED)
		bs_jsonw_bool_field(w, "node_allowed", s->ok);
}

void bs_json_wmark_steps(struct bs_jsonw *w, const struct bs_zone_replay *z)
{
	char text[256];

	bs_jsonw_name(w, "steps");
	bs_jsonw_start_array(w);
	for (int i = 0; i < z->nr_steps; i++) {
		const struct bs_wmark_step *s = &z->steps[i];

		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "id", bs_wmark_step_id(s));
		step_numbers(w, s);
		bs_jsonw_string_field(w, "text", bs_wmark_step_text(z, s, text, sizeof(text)));
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}
