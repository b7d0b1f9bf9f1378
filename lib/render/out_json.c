// SPDX-License-Identifier: MIT
/*
 * out_json.c - `explain --json`: the schema of docs/json.md, one event per
 * group of identical failures.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "render/jsonw.h"
#include "analysis/event.h"
#include "analysis/memstate.h"
#include "analysis/results.h"
#include "analysis/oom.h"
#include "render/json_parts.h"
#include "render/out_kinds.h"
#include "render/wmark_steps.h"
#include "render/out_whatif.h"

#define BS_JSON_SCHEMA 3

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
	/* "local": the logging host's clock read as if it were UTC (the stamp carried no zone) */
	bs_jsonw_name(w, "wall_tz");
	if (s->has_wall)
		bs_jsonw_string(w, s->wall_utc ? "utc" : "local");
	else
		bs_jsonw_null(w);
	bs_jsonw_bool_field(w, "year_assumed", s->year_assumed);
	bs_jsonw_bool_field(w, "year_stepped_back", s->year_stepped_back);
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
	bs_jsonw_string(w, a->migratetype == 'M' ? "movable" : a->migratetype == 'E' ? "reclaimable" :
			   a->migratetype == 'X' ? "invalid" : "unmovable");
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
		/* a function is never 0 bytes long: size 0 is a frame printed without "/size", and
		   offset 0 with it one printed without "+off" (ARM's "(func) from [<addr>]") */
		if (f->off || f->size) {
			hex_field(w, "offset", f->off);
		} else {
			bs_jsonw_name(w, "offset");
			bs_jsonw_null(w);
		}
		bs_jsonw_name(w, "size");
		if (f->size) {
			char buf[24];

			snprintf(buf, sizeof(buf), "0x%" PRIx64, f->size);
			bs_jsonw_string(w, buf);
		} else {
			bs_jsonw_null(w);
		}
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
	bs_jsonw_u64_known_field(w, "free_kb", zn->has & (1ull << BS_ZF_FREE), zn->kb[BS_ZF_FREE]);
	bs_jsonw_u64_known_field(w, "min_kb", zn->has & (1ull << BS_ZF_MIN), zn->kb[BS_ZF_MIN]);
	bs_jsonw_u64_known_field(w, "low_kb", zn->has & (1ull << BS_ZF_LOW), zn->kb[BS_ZF_LOW]);
	bs_jsonw_u64_known_field(w, "high_kb", zn->has & (1ull << BS_ZF_HIGH), zn->kb[BS_ZF_HIGH]);
	if (zn->has & (1ull << BS_ZF_MANAGED))
		bs_jsonw_u64_field(w, "managed_kb", zn->kb[BS_ZF_MANAGED]);
	if (zn->has & (1ull << BS_ZF_PRESENT))
		bs_jsonw_u64_field(w, "present_kb", zn->kb[BS_ZF_PRESENT]);
	if (zn->has & (1ull << BS_ZF_FREE_CMA))
		bs_jsonw_u64_field(w, "free_cma_kb", zn->kb[BS_ZF_FREE_CMA]);
	if (zn->has & (1ull << BS_ZF_RESERVED_HIGHATOMIC))
		bs_jsonw_u64_field(w, "reserved_highatomic_kb", zn->kb[BS_ZF_RESERVED_HIGHATOMIC]);
	bs_jsonw_name(w, "lowmem_reserve");
	if (zn->nr_lowmem_reserve < 0) {
		bs_jsonw_null(w);
	} else {
		bs_jsonw_start_array(w);
		for (int i = 0; i < zn->nr_lowmem_reserve; i++)
			bs_jsonw_u64(w, zn->lowmem_reserve[i]);
		bs_jsonw_end_array(w);
	}
	/* no buddy line: null; a line cut before its total: the orders it printed, buddy_complete false */
	bs_jsonw_name(w, "free_blocks");
	if (b->present) {
		bs_jsonw_start_array(w);
		for (int o = 0; o < b->nr_orders; o++)
			bs_jsonw_u64(w, b->nr_free[o]);
		bs_jsonw_end_array(w);
	} else {
		bs_jsonw_null(w);
	}
	bs_json_migratetypes(w, b);
	bs_jsonw_name(w, "buddy_complete");
	if (b->present)
		bs_jsonw_bool(w, b->has_total);
	else
		bs_jsonw_null(w);
	bs_jsonw_u64_known_field(w, "buddy_total_kb", b->present && b->has_total, b->total_kb);
	bs_jsonw_bool_field(w, "in_zonelist", z->eligible);
	bs_jsonw_name(w, "watermark_ok");
	if (z->eligible && z->fail != BS_WF_NO_DATA)
		bs_jsonw_bool(w, z->ok_min);
	else
		bs_jsonw_null(w);
	bs_jsonw_name(w, "watermark_ok_low");
	if (z->eligible && z->fail != BS_WF_NO_DATA && z->low_known)
		bs_jsonw_bool(w, z->ok_low);
	else
		bs_jsonw_null(w);
	bs_jsonw_string_field(w, "result", bs_wmark_fail_name(z->fail));
	if (z->fail_order >= 0)
		bs_jsonw_i64_field(w, "fail_order", z->fail_order);
	bs_jsonw_i64_known_field(w, "lowmem_reserve_pages", z->eligible && z->reserve_known, z->reserve);
	bs_jsonw_u64_known_field(w, "free_kb_at_or_above_order", b->present && b->has_total, z->kb_at_or_above);
	if (a->rules->wmark == BS_WMARK_ORDER_LOOP && z->eligible)
		bs_jsonw_bool_field(w, "watermark_ok_with_4_4_rule", z->ok_min_modern);
	bs_json_wmark_steps(w, z);
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
	bs_jsonw_i64_field(w, "zones_kept_by_lowmem_reserve", a->nr_reserve_blocked);
	bs_json_request(w, a);
	bs_json_evidence(w, a->evidence, a->evidence_fact, a->nr_evidence);
	bs_jsonw_end_object(w);
}

static void event(struct bs_jsonw *w, const struct bs_group *g, const struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "kind", bs_report_kind_name(r->kind));
	bs_jsonw_u64_field(w, "count", g->count);
	bs_jsonw_u64_field(w, "suppressed", g->suppressed);
	sighting(w, "first", &g->first);
	sighting(w, "last", &g->last);
	bs_jsonw_string_field(w, "comm", r->comm);
	bs_jsonw_i64_known_field(w, "pid", r->pid >= 0, r->pid);
	bs_jsonw_i64_known_field(w, "cpu", r->cpu >= 0, r->cpu);
	kernel(w, a);
	bs_jsonw_u64_field(w, "order", r->order);
	bs_jsonw_u64_field(w, "page_kb", a->page_kb);
	bs_jsonw_string_field(w, "page_kb_source", a->page_kb_source);
	gfp(w, a);
	bs_jsonw_string_field(w, "nodemask", r->nodemask);
	bs_jsonw_string_field(w, "cpuset", r->cpuset);
	bs_jsonw_string_field(w, "mems_allowed", r->mems_allowed);
	bs_jsonw_string_field(w, "site", a->site ? a->site->func : "");
	bs_jsonw_string_field(w, "module", a->site ? a->site->module : "");
	bs_jsonw_string_field(w, "path", a->path ? a->path : "");
	bs_jsonw_bool_field(w, "irq_context", r->irq_context);
	bs_kinds_json_fields(w, r);
	trace(w, r);
	bs_jsonw_name(w, "zones");
	bs_jsonw_start_array(w);
	for (int i = 0; i < a->nr_zones; i++)
		zone(w, a, &a->zones[i]);
	bs_jsonw_end_array(w);
	verdict(w, a);
	bs_json_advice(w, a->advice, a->nr_advice);
	bs_json_whatif(w, a);
	bs_jsonw_string_field(w, "missing", a->missing);
	bs_jsonw_u64_field(w, "unread_lines", r->interleaved);
	bs_jsonw_string_field(w, "not_read", a->not_read);
	bs_jsonw_end_object(w);
}

/* gfp {mask, flags[], printed} for the kinds that carry a mode; flags from the era's table. */
static void gfp_short(struct bs_jsonw *w, const struct bs_report *r, const struct bs_analysis *a)
{
	char buf[24];

	bs_jsonw_name(w, "gfp");
	if (!r->has_mode) {
		bs_jsonw_null(w);
		return;
	}
	bs_jsonw_start_object(w);
	snprintf(buf, sizeof(buf), "0x%" PRIx64, r->mode);
	bs_jsonw_string_field(w, "mask", buf);
	bs_jsonw_name(w, "flags");
	bs_jsonw_start_array(w);
	for (int i = 0; a && i < a->nr_flags; i++)
		bs_jsonw_string(w, a->flags[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_string_field(w, "composite", a ? a->mode_decoded : "");
	bs_jsonw_string_field(w, "printed", r->has_symbolic ? r->mode_symbolic : "");
	bs_jsonw_end_object(w);
}

static void common_head(struct bs_jsonw *w, const struct bs_group *g)
{
	const struct bs_report *r = g->rep;

	bs_jsonw_string_field(w, "kind", bs_report_kind_name(r->kind));
	bs_jsonw_u64_field(w, "count", g->count);
	sighting(w, "first", &g->first);
	sighting(w, "last", &g->last);
	bs_jsonw_string_field(w, "comm", r->comm);
	bs_jsonw_i64_known_field(w, "pid", r->pid >= 0, r->pid);
	bs_jsonw_i64_known_field(w, "cpu", r->cpu >= 0, r->cpu);
	bs_jsonw_string_field(w, "kernel", r->has_version ? r->version_text : "");
}

static void memcg_counter(struct bs_jsonw *w, const char *name, const struct bs_memcg_counter *c)
{
	bs_jsonw_name(w, name);
	if (!c->present) {
		bs_jsonw_null(w);
		return;
	}
	bs_jsonw_start_object(w);
	bs_jsonw_u64_field(w, "usage_kb", c->usage_kb);
	bs_jsonw_u64_known_field(w, "limit_kb", c->has_limit, c->limit_kb);
	bs_jsonw_bool_field(w, "unlimited", c->has_limit && bs_memcg_unlimited(c->limit_kb));
	bs_jsonw_u64_known_field(w, "failcnt", c->has_failcnt, c->failcnt);
	bs_jsonw_end_object(w);
}

/* The rows as printed (pages, or bytes for pgtables_bytes), and the sizes in kB. */
static void oom_tasks(struct bs_jsonw *w, const struct bs_oom *m, uint64_t page_kb)
{
	bool bytes = m->columns & (1u << BS_TC_PGTABLES_BYTES);

	bs_jsonw_name(w, "tasks");
	bs_jsonw_start_array(w);
	for (int i = 0; i < m->nr_tasks; i++) {
		const struct bs_task *t = &m->tasks[i];
		int64_t pt = bytes ? t->v[BS_TC_PGTABLES_BYTES] : t->v[BS_TC_NR_PTES];

		bs_jsonw_start_object(w);
		for (int c = 0; c < BS_TC_NAME; c++)
			if (m->columns & (1u << c))
				bs_jsonw_i64_field(w, bs_task_col_name((enum bs_task_col)c), t->v[c]);
		bs_jsonw_u64_known_field(w, "rss_kb", t->v[BS_TC_RSS] >= 0, (uint64_t)t->v[BS_TC_RSS] * page_kb);
		bs_jsonw_u64_known_field(w, "swap_kb", (m->columns & (1u << BS_TC_SWAPENTS)) && t->v[BS_TC_SWAPENTS] >= 0,
					 (uint64_t)t->v[BS_TC_SWAPENTS] * page_kb);
		bs_jsonw_u64_known_field(w, "pgtables_kb", pt >= 0,
					 bytes ? (uint64_t)pt / 1024
					       : ((uint64_t)pt + (t->v[BS_TC_NR_PMDS] > 0 ? (uint64_t)t->v[BS_TC_NR_PMDS] : 0)) *
							 page_kb);
		bs_jsonw_string_field(w, "name", t->comm);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

static const char *page_kb_source(const struct bs_oom_analysis *o)
{
	switch (o->page_kb_from) {
	case BS_PKB_BUDDY: return "buddy";
	case BS_PKB_VICTIM_ROW: return "victim_row";
	case BS_PKB_VERSION: return "kernel_name";
	default: return "assumed";
	}
}

static void oom_event(struct bs_jsonw *w, const struct bs_group *g, const struct bs_oom_analysis *o)
{
	const struct bs_report *r = g->rep;
	const struct bs_oom *m = &r->oom;

	bs_jsonw_start_object(w);
	common_head(w, g);
	/* -1: invoked by hand; null: the header line with order= is not in the input */
	bs_jsonw_i64_known_field(w, "order", r->has_order, m->order);
	gfp_short(w, r, o->a);
	bs_jsonw_name(w, "oom_score_adj");
	if (m->has_oom_score_adj)
		bs_jsonw_i64(w, m->oom_score_adj);
	else
		bs_jsonw_null(w);
	bs_jsonw_string_field(w, "constraint", m->constraint[0] ? m->constraint
						 : r->kind == BS_KIND_MEMCG_OOM ? "CONSTRAINT_MEMCG" : "");
	bs_jsonw_bool_field(w, "constraint_printed", m->constraint[0] != '\0');
	bs_jsonw_string_field(w, "nodemask", r->nodemask);
	bs_jsonw_string_field(w, "cpuset", r->cpuset);
	bs_jsonw_string_field(w, "mems_allowed", r->mems_allowed);
	bs_jsonw_string_field(w, "oom_memcg", m->oom_memcg);
	bs_jsonw_string_field(w, "task_memcg", m->task_memcg);
	bs_jsonw_name(w, "memcg");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "path", m->memcg_path);
	memcg_counter(w, "memory", &m->mem);
	memcg_counter(w, "memory_swap", &m->memsw);
	memcg_counter(w, "kmem", &m->kmem);
	memcg_counter(w, "swap", &m->swap);
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "memory");
	bs_jsonw_start_object(w);
	bs_jsonw_u64_field(w, "page_kb", o->page_kb);
	bs_jsonw_string_field(w, "page_kb_source", page_kb_source(o));
	bs_jsonw_u64_known_field(w, "ram_kb", bs_oom_has(o, BS_OA_RAM), o->ram_kb);
	bs_jsonw_u64_known_field(w, "free_kb", bs_oom_has(o, BS_OA_FREE), o->free_kb);
	bs_jsonw_u64_known_field(w, "anon_kb", bs_oom_has(o, BS_OA_ANON), o->anon_kb);
	bs_jsonw_u64_known_field(w, "file_kb", bs_oom_has(o, BS_OA_FILE), o->file_kb);
	bs_jsonw_u64_known_field(w, "shmem_kb", bs_oom_has(o, BS_OA_SHMEM), o->shmem_kb);
	bs_jsonw_u64_known_field(w, "slab_unreclaimable_kb", bs_oom_has(o, BS_OA_SLAB_UNRECL), o->slab_unreclaimable_kb);
	bs_jsonw_u64_known_field(w, "pages_reserved", r->totals_has & (1u << BS_T_RESERVED), r->pages_reserved);
	bs_jsonw_u64_known_field(w, "total_pagecache_pages", r->totals_has & (1u << BS_T_PAGECACHE), r->total_pagecache);
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "swap");
	if (r->has_swap) {
		bs_jsonw_start_object(w);
		bs_jsonw_u64_known_field(w, "total_kb", bs_oom_has(o, BS_OA_SWAP_TOTAL), o->swap_total_kb);
		bs_jsonw_u64_known_field(w, "free_kb", bs_oom_has(o, BS_OA_SWAP_FREE), o->swap_free_kb);
		bs_jsonw_u64_known_field(w, "cache_kb", bs_oom_has(o, BS_OA_SWAP_CACHE), o->swap_cache_kb);
		bs_jsonw_u64_known_field(w, "used_kb", bs_oom_has(o, BS_OA_SWAP_USED), o->swap_used_kb);
		bs_jsonw_end_object(w);
	} else {
		bs_jsonw_null(w);
	}
	bs_jsonw_name(w, "zones");
	bs_jsonw_start_array(w);
	for (int i = 0; o->a && i < o->a->nr_zones; i++)
		zone(w, o->a, &o->a->zones[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_u64_field(w, "tasks_total", m->tasks_seen);
	bs_jsonw_u64_known_field(w, "tasks_rss_kb", bs_oom_has(o, BS_OA_TASKS_RSS), o->tasks_rss_kb);
	bs_jsonw_u64_known_field(w, "tasks_swap_kb", bs_oom_has(o, BS_OA_TASKS_SWAP), o->tasks_swap_kb);
	bs_jsonw_u64_known_field(w, "tasks_pgtables_kb", bs_oom_has(o, BS_OA_TASKS_PGTABLES), o->tasks_pgtables_kb);
	oom_tasks(w, m, o->page_kb);
	bs_jsonw_name(w, "victim");
	if (m->has_victim || m->victim_comm[0]) {
		bs_jsonw_start_object(w);
		bs_jsonw_i64_known_field(w, "pid", m->victim_pid > 0, m->victim_pid);
		bs_jsonw_string_field(w, "comm", m->victim_comm);
		bs_jsonw_name(w, "score");
		if (m->has_victim_score)
			bs_jsonw_u64(w, m->victim_score);
		else
			bs_jsonw_null(w);
		bs_jsonw_u64_known_field(w, "total_vm_kb", m->has_victim_total_vm, m->victim_total_vm_kb);
		bs_jsonw_u64_known_field(w, "anon_rss_kb", m->has_victim_anon_rss, m->victim_anon_rss_kb);
		bs_jsonw_u64_known_field(w, "file_rss_kb", m->has_victim_file_rss, m->victim_file_rss_kb);
		bs_jsonw_u64_known_field(w, "shmem_rss_kb", m->has_victim_shmem_rss, m->victim_shmem_rss_kb);
		bs_jsonw_u64_known_field(w, "freed_kb", bs_oom_has(o, BS_OA_VICTIM_FREED), o->victim_freed_kb);
		bs_jsonw_u64_known_field(w, "pgtables_kb", m->has_victim_pgtables, m->victim_pgtables_kb);
		bs_jsonw_bool_field(w, "reaped", m->reaped);
		bs_jsonw_end_object(w);
	} else {
		bs_jsonw_null(w);
	}
	bs_jsonw_name(w, "verdict");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "cause", bs_oom_cause_name(o->cause));
	bs_jsonw_string_field(w, "confidence", bs_confidence_name(o->confidence));
	bs_jsonw_string_field(w, "summary", o->summary);
	bs_jsonw_i64_field(w, "top_task_rss_share_pct", o->top_share_pct);
	bs_json_evidence(w, o->evidence, o->evidence_fact, o->nr_evidence);
	bs_jsonw_end_object(w);
	bs_json_advice(w, o->advice, o->nr_advice);
	bs_jsonw_end_object(w);
}

static void short_event(struct bs_jsonw *w, const struct bs_group *g, const struct bs_analysis *a,
			const struct bs_event_meaning *m)
{
	const struct bs_report *r = g->rep;

	bs_jsonw_start_object(w);
	common_head(w, g);
	if (r->has_order)
		bs_jsonw_u64_field(w, "order", r->order);
	gfp_short(w, r, a);
	bs_jsonw_name(w, "size");
	if (r->ev.has_size)
		bs_jsonw_u64(w, r->ev.size);
	else
		bs_jsonw_null(w);
	bs_jsonw_string_field(w, "function", r->ev.func);
	if (r->kind == BS_KIND_HUNG_TASK)
		bs_jsonw_u64_known_field(w, "blocked_seconds", r->ev.has_blocked_seconds, r->ev.blocked_seconds);
	if (r->kind == BS_KIND_SLUB_FAILURE) {
		unsigned h = r->ev.slub_has;

		bs_jsonw_i64_field(w, "node", r->ev.node);
		bs_jsonw_u64_known_field(w, "slab_order", h & (1u << BS_SLUB_DEFAULT_ORDER), r->ev.slub_default_order);
		bs_jsonw_u64_known_field(w, "min_order", h & (1u << BS_SLUB_MIN_ORDER), r->ev.slub_min_order);
		bs_jsonw_u64_known_field(w, "slabs", h & (1u << BS_SLUB_SLABS), r->ev.slub_slabs);
		bs_jsonw_u64_known_field(w, "objects", h & (1u << BS_SLUB_OBJS), r->ev.slub_objs);
		bs_jsonw_u64_known_field(w, "free_objects", h & (1u << BS_SLUB_FREE), r->ev.slub_free);
	}
	if (a)
		bs_jsonw_bool_field(w, "fs_reclaim_allowed", a->slow.fs);
	if (r->ev.has_size && (r->kind == BS_KIND_XFS_KMEM_DEADLOCK || r->kind == BS_KIND_ZFS_KMEM_DEADLOCK)) {
		bool assumed;
		uint64_t pk = bs_event_page_kb(r, &assumed);

		bs_jsonw_u64_field(w, "block_order", bs_event_order(r->ev.size, pk));
		bs_jsonw_u64_field(w, "page_kb", pk);
		bs_jsonw_string_field(w, "page_kb_source", assumed ? "assumed" : "kernel_name");
	}
	bs_kinds_json_fields(w, r);
	bs_jsonw_string_field(w, "mechanism", m->mechanism);
	bs_jsonw_string_field(w, "fixes", m->fixes);
	trace(w, r);
	bs_jsonw_end_object(w);
}

/* A memory state or nommu report: the common head, then out_kinds.c's fields. */
static void memstate_event(struct bs_jsonw *w, const struct bs_group *g, const struct bs_memstate *m)
{
	bs_jsonw_start_object(w);
	common_head(w, g);
	bs_memstate_json_body(w, m);
	bs_jsonw_end_object(w);
}

/* A group whose analysis could not be made: still an event, with why (stats.distinct counts it). */
static void failed_event(struct bs_jsonw *w, const struct bs_result *res)
{
	const struct bs_report *r = res->group->rep;

	bs_jsonw_start_object(w);
	common_head(w, res->group);
	bs_jsonw_u64_known_field(w, "order", r->has_order, r->order);
	bs_jsonw_name(w, "analysis_failed");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "error", res->error == ENOMEM ? "out_of_memory" : "no_kernel_table");
	bs_jsonw_string_field(w, "message", res->error == ENOMEM ? "out of memory"
			      : "no GFP table or allocator rules for this kernel");
	bs_jsonw_end_object(w);
	bs_jsonw_end_object(w);
}

static void timeline(struct bs_jsonw *w, const struct bs_explain *e)
{
	size_t n;
	const struct bs_timeline_bucket *tl = bs_explain_timeline(e, &n);

	bs_jsonw_name(w, "first_of_kind");
	bs_jsonw_start_object(w);
	for (int k = 0; k < BS_KIND_NR; k++) {
		const struct bs_sighting *s = bs_explain_first_of_kind(e, (enum bs_report_kind)k);

		if (s)
			sighting(w, bs_report_kind_name((enum bs_report_kind)k), s);
	}
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "timeline");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < n; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "clock", tl[i].wall ? "wall" : "boot");
		bs_jsonw_i64_field(w, "minute", tl[i].minute);
		bs_jsonw_name(w, "counts");
		bs_jsonw_start_object(w);
		for (int k = 0; k < BS_KIND_NR; k++)
			if (tl[i].n[k])
				bs_jsonw_u64_field(w, bs_report_kind_name((enum bs_report_kind)k), tl[i].n[k]);
		bs_jsonw_end_object(w);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

/* One group as an element of "events": each kind's own object. */
static void render_group(struct bs_jsonw *w, const struct bs_result *r)
{
	switch (r->shape) {
	case BS_RESULT_OOM:
		oom_event(w, r->group, r->oom);
		break;
	case BS_RESULT_MEMSTATE:
		memstate_event(w, r->group, r->mem);
		break;
	case BS_RESULT_SHORT:
		short_event(w, r->group, r->a, r->meaning);
		break;
	case BS_RESULT_ALLOC:
		event(w, r->group, r->a);
		break;
	case BS_RESULT_FAILED:
		failed_event(w, r);
		break;
	}
}

/* inputs[]: every input, what it was, how much of it was read, and what went wrong. */
static void inputs(struct bs_jsonw *w, const struct bs_explain *e)
{
	size_t n;
	const struct bs_input_info *in = bs_explain_inputs(e, &n);

	bs_jsonw_name(w, "inputs");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < n; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "name", in[i].name);
		bs_jsonw_string_field(w, "kind", in[i].kind);
		bs_jsonw_name(w, "in");
		if (in[i].parent[0])
			bs_jsonw_string(w, in[i].parent);
		else
			bs_jsonw_null(w);
		bs_jsonw_u64_field(w, "bytes", in[i].bytes);
		bs_jsonw_u64_field(w, "lines", in[i].lines);
		bs_jsonw_u64_field(w, "records", in[i].records);
		bs_jsonw_u64_field(w, "files", in[i].files);
		bs_jsonw_bool_field(w, "read", !in[i].unreadable);
		bs_jsonw_bool_field(w, "damaged", in[i].damaged);
		bs_jsonw_name(w, "error");
		if (in[i].error[0])
			bs_jsonw_string(w, in[i].error);
		else
			bs_jsonw_null(w);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

int bs_explain_render_json(const struct bs_results *res, const struct bs_render_opts *o, FILE *out)
{
	const struct bs_explain *e = bs_results_explain(res);
	struct bs_explain_stats st;
	struct bs_jsonw w;
	size_t n = bs_results_count(res);

	bs_explain_get_stats(e, &st);
	bs_jsonw_init(&w, out, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_u64_field(&w, "schema", BS_JSON_SCHEMA);
	bs_jsonw_name(&w, "stats");
	bs_jsonw_start_object(&w);
	bs_jsonw_u64_field(&w, "inputs", st.inputs);
	bs_jsonw_u64_field(&w, "lines", st.lines);
	/* "reports" stays the page allocation failures it always counted; every kind in "all_reports" */
	bs_jsonw_u64_field(&w, "reports", st.by_kind[BS_KIND_PAGE_ALLOC_FAILURE]);
	bs_jsonw_u64_field(&w, "all_reports", st.reports);
	bs_jsonw_u64_field(&w, "suppressed", st.suppressed);
	bs_jsonw_u64_field(&w, "suppressed_unattached", st.suppressed_unattached);
	bs_jsonw_u64_field(&w, "oom_reaper_unmatched", st.reaper_unmatched);
	bs_jsonw_u64_field(&w, "distinct", n);
	bs_jsonw_u64_field(&w, "not_analysed", st.overflow_reports);
	bs_jsonw_u64_field(&w, "not_kept_out_of_memory", st.oom_reports);
	bs_json_diags(&w, "diagnostics", bs_explain_diags(e));
	bs_jsonw_u64_field(&w, "truncated_lines", st.truncated_lines);
	bs_jsonw_u64_field(&w, "binary_lines", st.binary_lines);
	bs_jsonw_u64_field(&w, "duplicates", st.duplicates);
	bs_jsonw_u64_field(&w, "unreadable", st.unreadable);
	bs_jsonw_u64_field(&w, "damaged", st.damaged);
	bs_jsonw_name(&w, "assumed_year");
	if (st.assumed_year)
		bs_jsonw_i64(&w, st.assumed_year);
	else
		bs_jsonw_null(&w);
	bs_jsonw_u64_field(&w, "year_stepped_back", st.year_stepped_back);
	bs_jsonw_name(&w, "wall_tz");
	if (st.wall_local || st.wall_utc)
		bs_jsonw_string(&w, !st.wall_local ? "utc" : st.wall_utc ? "mixed" : "local");
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "by_kind");
	bs_jsonw_start_object(&w);
	for (int k = 0; k < BS_KIND_NR; k++)
		bs_jsonw_u64_field(&w, bs_report_kind_name((enum bs_report_kind)k), st.by_kind[k]);
	bs_jsonw_end_object(&w);
	bs_jsonw_end_object(&w);
	inputs(&w, e);
	bs_jsonw_name(&w, "events");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < n; i++)
		render_group(&w, bs_results_get(res, i));
	bs_jsonw_end_array(&w);
	timeline(&w, e);
	bs_jsonw_end_object(&w);
	return 0;
}

int bs_explain_render_group_json(const struct bs_group *g, const struct bs_render_opts *o, FILE *out)
{
	struct bs_analyze_opts ao = { o ? o->kernel : NULL, NULL, 0 };
	struct bs_result r;
	struct bs_jsonw w;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc = -1;

	if (!mem)
		return -1;
	bs_result_analyze(g, &ao, &r);
	bs_jsonw_init(&w, mem, false);
	render_group(&w, &r);
	bs_result_release(&r);
	if (fclose(mem) == EOF) {
		free(buf);
		return -1;
	}
	/* one object per line (NDJSON) */
	if (len)
		fprintf(out, "%s\n", buf);
	rc = ferror(out) ? -1 : 0;
	free(buf);
	return rc;
}
