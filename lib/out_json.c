// SPDX-License-Identifier: MIT
/*
 * out_json.c - `explain --json`: the schema of docs/json.md, one event per
 * group of identical failures.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "jsonw.h"

#define BS_JSON_SCHEMA 1

static void sighting(struct bs_jsonw *w, const char *name, const struct bs_sighting *s)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "source", s->source);
	bs_jsonw_u64_field(w, "line", s->line);
	bs_jsonw_name(w, "mono");
	if (s->has_mono)
		bs_jsonw_double(w, s->mono);
	else
		bs_jsonw_null(w);
	bs_jsonw_name(w, "wall");
	if (s->has_wall)
		bs_jsonw_i64(w, s->wall);
	else
		bs_jsonw_null(w);
	bs_jsonw_end_object(w);
}

static void hex_field(struct bs_jsonw *w, const char *name, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	bs_jsonw_string_field(w, name, buf);
}

static void kernel(struct bs_jsonw *w, const struct bs_analysis *a)
{
	bs_jsonw_name(w, "kernel");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "version", a->kver.raw);
	bs_jsonw_string_field(w, "printed", a->rep->has_version ? a->rep->version_text : "");
	bs_jsonw_bool_field(w, "inferred", a->kver_inferred);
	bs_jsonw_string_field(w, "reason", a->era_reason);
	bs_jsonw_string_field(w, "era", a->gfp->id);
	bs_jsonw_bool_field(w, "gfp_table_exact", a->gfp_exact);
	bs_jsonw_string_field(w, "rules", a->rules->id);
	bs_jsonw_string_field(w, "taint", a->rep->taint);
	bs_jsonw_end_object(w);
}

static void gfp(struct bs_jsonw *w, const struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	char buf[24];

	bs_jsonw_name(w, "gfp");
	bs_jsonw_start_object(w);
	snprintf(buf, sizeof(buf), "0x%" PRIx64, r->mode);
	bs_jsonw_string_field(w, "mask", buf);
	bs_jsonw_name(w, "flags");
	bs_jsonw_start_array(w);
	for (int i = 0; i < a->nr_flags; i++)
		bs_jsonw_string(w, a->flags[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_string_field(w, "composite", a->mode_decoded);
	bs_jsonw_string_field(w, "printed", r->has_symbolic ? r->mode_symbolic : "");
	bs_jsonw_name(w, "decode_matches_kernel");
	if (a->decode_matches < 0)
		bs_jsonw_null(w);
	else
		bs_jsonw_bool(w, a->decode_matches);
	hex_field(w, "unknown_bits", a->unknown_bits);
	bs_jsonw_string_field(w, "highest_zone", a->highest_zone);
	bs_jsonw_name(w, "migratetype");
	bs_jsonw_string(w, a->migratetype == 'M' ? "movable" : a->migratetype == 'E' ? "reclaimable" : "unmovable");
	bs_jsonw_end_object(w);
}

static void trace(struct bs_jsonw *w, const struct bs_report *r)
{
	bs_jsonw_name(w, "trace");
	bs_jsonw_start_array(w);
	for (int i = 0; i < r->nr_frames; i++) {
		const struct bs_frame *f = &r->frames[i];

		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "func", f->func);
		bs_jsonw_string_field(w, "module", f->module);
		hex_field(w, "offset", f->off);
		hex_field(w, "size", f->size);
		bs_jsonw_bool_field(w, "reliable", !f->unreliable);
		bs_jsonw_bool_field(w, "irq", f->in_irq);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

static void zone(struct bs_jsonw *w, const struct bs_analysis *a, const struct bs_zone_replay *z)
{
	const struct bs_zone *zn = z->zone;
	const struct bs_buddy *b = &zn->buddy;

	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "node", zn->node);
	bs_jsonw_string_field(w, "zone", zn->name);
	bs_jsonw_u64_field(w, "free_kb", zn->kb[BS_ZF_FREE]);
	bs_jsonw_u64_field(w, "min_kb", zn->kb[BS_ZF_MIN]);
	bs_jsonw_u64_field(w, "low_kb", zn->kb[BS_ZF_LOW]);
	bs_jsonw_u64_field(w, "high_kb", zn->kb[BS_ZF_HIGH]);
	if (zn->has & (1ull << BS_ZF_MANAGED))
		bs_jsonw_u64_field(w, "managed_kb", zn->kb[BS_ZF_MANAGED]);
	if (zn->has & (1ull << BS_ZF_PRESENT))
		bs_jsonw_u64_field(w, "present_kb", zn->kb[BS_ZF_PRESENT]);
	if (zn->has & (1ull << BS_ZF_FREE_CMA))
		bs_jsonw_u64_field(w, "free_cma_kb", zn->kb[BS_ZF_FREE_CMA]);
	if (zn->has & (1ull << BS_ZF_RESERVED_HIGHATOMIC))
		bs_jsonw_u64_field(w, "reserved_highatomic_kb", zn->kb[BS_ZF_RESERVED_HIGHATOMIC]);
	bs_jsonw_name(w, "lowmem_reserve");
	bs_jsonw_start_array(w);
	for (int i = 0; i < zn->nr_lowmem_reserve; i++)
		bs_jsonw_u64(w, zn->lowmem_reserve[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "free_blocks");
	bs_jsonw_start_array(w);
	for (int o = 0; o < b->nr_orders; o++)
		bs_jsonw_u64(w, b->nr_free[o]);
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "migratetypes");
	bs_jsonw_start_array(w);
	for (int o = 0; o < b->nr_orders; o++) {
		char t[8];

		bs_mt_letters(b->types[o], t);
		bs_jsonw_string(w, t);
	}
	bs_jsonw_end_array(w);
	if (b->has_total)
		bs_jsonw_u64_field(w, "buddy_total_kb", b->total_kb);
	bs_jsonw_bool_field(w, "in_zonelist", z->eligible);
	bs_jsonw_name(w, "watermark_ok");
	if (z->eligible && z->fail != BS_WF_NO_DATA)
		bs_jsonw_bool(w, z->ok_min);
	else
		bs_jsonw_null(w);
	bs_jsonw_name(w, "watermark_ok_low");
	if (z->eligible && z->fail != BS_WF_NO_DATA)
		bs_jsonw_bool(w, z->ok_low);
	else
		bs_jsonw_null(w);
	bs_jsonw_string_field(w, "result", bs_wmark_fail_name(z->fail));
	if (z->fail_order >= 0)
		bs_jsonw_i64_field(w, "fail_order", z->fail_order);
	bs_jsonw_i64_field(w, "lowmem_reserve_pages", z->reserve);
	bs_jsonw_u64_field(w, "free_kb_at_or_above_order", z->kb_at_or_above);
	if (a->rules->wmark == BS_WMARK_ORDER_LOOP && z->eligible)
		bs_jsonw_bool_field(w, "watermark_ok_with_4_4_rule", z->ok_min_modern);
	bs_jsonw_name(w, "steps");
	bs_jsonw_start_array(w);
	for (int i = 0; i < z->nr_steps; i++)
		bs_jsonw_string(w, z->steps[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
}

static void verdict(struct bs_jsonw *w, const struct bs_analysis *a)
{
	const struct bs_slowpath *s = &a->slow;

	bs_jsonw_name(w, "verdict");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "cause", bs_cause_name(a->cause));
	bs_jsonw_string_field(w, "memory_state", bs_cause_name(a->memory_state));
	bs_jsonw_string_field(w, "confidence", bs_confidence_name(a->confidence));
	bs_jsonw_string_field(w, "summary", a->summary);
	bs_jsonw_bool_field(w, "reclaim_allowed", s->can_direct_reclaim);
	bs_jsonw_bool_field(w, "kswapd_woken", s->wakes_kswapd);
	bs_jsonw_bool_field(w, "compaction_allowed", s->may_compact);
	bs_jsonw_string_field(w, "compaction_why_not", s->compact_why_not ? s->compact_why_not : "");
	bs_jsonw_bool_field(w, "costly_order", s->costly);
	bs_jsonw_bool_field(w, "oom_killer_possible", s->may_oom);
	bs_jsonw_string_field(w, "oom_why_not", s->oom_why_not ? s->oom_why_not : "");
	bs_jsonw_bool_field(w, "retries_forever", s->loops);
	bs_jsonw_string_field(w, "retry_rule", s->loops_why ? s->loops_why : "");
	bs_jsonw_i64_field(w, "zones_in_zonelist", a->nr_eligible);
	bs_jsonw_i64_field(w, "zones_passing_min", a->nr_ok_min);
	bs_jsonw_i64_field(w, "zones_passing_with_4_4_rule", a->order_loop_would_pass);
	bs_jsonw_name(w, "evidence");
	bs_jsonw_start_array(w);
	for (int i = 0; i < a->nr_evidence; i++)
		bs_jsonw_string(w, a->evidence[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
}

static void event(struct bs_jsonw *w, const struct bs_group *g, const struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "kind", "page_alloc_failure");
	bs_jsonw_u64_field(w, "count", g->count);
	bs_jsonw_u64_field(w, "suppressed", g->suppressed);
	sighting(w, "first", &g->first);
	sighting(w, "last", &g->last);
	bs_jsonw_string_field(w, "comm", r->comm);
	bs_jsonw_i64_field(w, "pid", r->pid);
	bs_jsonw_i64_field(w, "cpu", r->cpu);
	kernel(w, a);
	bs_jsonw_u64_field(w, "order", r->order);
	bs_jsonw_u64_field(w, "page_kb", a->page_kb);
	gfp(w, a);
	bs_jsonw_string_field(w, "nodemask", r->nodemask);
	bs_jsonw_string_field(w, "cpuset", r->cpuset);
	bs_jsonw_string_field(w, "mems_allowed", r->mems_allowed);
	bs_jsonw_string_field(w, "site", a->site ? a->site->func : "");
	bs_jsonw_string_field(w, "module", a->site ? a->site->module : "");
	bs_jsonw_string_field(w, "path", a->path ? a->path : "");
	bs_jsonw_bool_field(w, "irq_context", r->irq_context);
	trace(w, r);
	bs_jsonw_name(w, "zones");
	bs_jsonw_start_array(w);
	for (int i = 0; i < a->nr_zones; i++)
		zone(w, a, &a->zones[i]);
	bs_jsonw_end_array(w);
	verdict(w, a);
	bs_jsonw_name(w, "advice");
	bs_jsonw_start_array(w);
	for (int i = 0; i < a->nr_advice; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_i64_field(w, "rank", a->advice[i].rank);
		bs_jsonw_string_field(w, "what", a->advice[i].what);
		bs_jsonw_string_field(w, "why", a->advice[i].why);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
	bs_jsonw_string_field(w, "missing", a->missing);
	bs_jsonw_end_object(w);
}

int bs_explain_render_json(const struct bs_explain *e, const struct bs_render_opts *o, FILE *out)
{
	struct bs_explain_stats st;
	struct bs_analyze_opts ao = { o ? o->kernel : NULL };
	struct bs_analysis *a = malloc(sizeof(*a));
	struct bs_jsonw w;
	size_t n = bs_explain_nr_groups(e);

	if (!a)
		return -1;
	bs_explain_get_stats(e, &st);
	bs_jsonw_init(&w, out, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_u64_field(&w, "schema", BS_JSON_SCHEMA);
	bs_jsonw_name(&w, "stats");
	bs_jsonw_start_object(&w);
	bs_jsonw_u64_field(&w, "inputs", st.inputs);
	bs_jsonw_u64_field(&w, "lines", st.lines);
	bs_jsonw_u64_field(&w, "reports", st.reports);
	bs_jsonw_u64_field(&w, "suppressed", st.suppressed);
	bs_jsonw_u64_field(&w, "distinct", n);
	bs_jsonw_u64_field(&w, "not_analysed", st.overflow_reports);
	bs_jsonw_u64_field(&w, "truncated_lines", st.truncated_lines);
	bs_jsonw_u64_field(&w, "binary_lines", st.binary_lines);
	bs_jsonw_end_object(&w);
	bs_jsonw_name(&w, "events");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < n; i++) {
		const struct bs_group *g = bs_explain_group(e, i);

		if (bs_analyze(g->rep, &ao, a) < 0)
			continue;
		event(&w, g, a);
	}
	bs_jsonw_end_array(&w);
	bs_jsonw_end_object(&w);
	free(a);
	return 0;
}
