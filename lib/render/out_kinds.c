// SPDX-License-Identifier: MIT
/*
 * out_kinds.c - the words and JSON fields of the kinds of parse_kinds.h:
 * the memory state (and nommu's dump) as text and JSON, and the fields the
 * stall, vmap, CMA and busy-range kinds add to out_text.c's and
 * out_json.c's events.  A number the report did not print is "-" in text
 * and null in JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis/event.h"
#include "render/json_parts.h"
#include "render/out_kinds.h"
#include "render/text_parts.h"

static const char *trigger_words(const struct bs_report *r)
{
	if (!strcmp(r->ev.trigger, "sysrq"))
		return "SysRq-m, \"Show Memory\"";
	if (!strcmp(r->ev.trigger, "show_mem"))
		return "a show_mem() dump: \"Mem-Info:\" with no failure header";
	if (!strcmp(r->ev.trigger, "report_body"))
		return "a Mem-Info with no header of its own, likely the body of an earlier report";
	return "zone or buddy lines with no header";
}

void bs_memstate_text_head(FILE *out, const struct bs_report *r)
{
	if (r->kind == BS_KIND_NOMMU_FAILURE) {
		fprintf(out, "\n== %s: nommu mapping of ", r->comm[0] ? r->comm : "(comm not printed)");
		if (r->ev.has_size)
			fprintf(out, "%" PRIu64 " bytes", r->ev.size);
		else
			fprintf(out, "- bytes");
		fprintf(out, " failed");
		if (r->pid >= 0)
			fprintf(out, " (pid %d)", r->pid);
		fprintf(out, " ==\n");
		return;
	}
	fprintf(out, "\n== memory state: %s ==\n", trigger_words(r));
	if (!strcmp(r->ev.trigger, "report_body"))
		fprintf(out, "Note:      the %s report at line %" PRIu64 " closed without its Mem-Info (another report "
			"was printed in between): this dump is likely that report's\n",
			bs_report_kind_name(r->ev.orphan_kind), r->ev.orphan_line);
}

static void zone_rows(FILE *out, const struct bs_memstate *m)
{
	fprintf(out, "Zones:     free and marks in kB; free blocks per order, lowest first (migratetypes)\n");
	fprintf(out, "  %-16s %11s %9s %9s %9s  %s\n", "zone", "free kB", "min kB", "low kB", "high kB", "level");
	for (int i = 0; i < m->nr_zones; i++) {
		const struct bs_memstate_zone *mz = &m->zones[i];
		const struct bs_zone *z = mz->zone;
		const struct bs_buddy *b = &z->buddy;
		char name[32];

		snprintf(name, sizeof(name), "Node %d %s", z->node, z->name);
		fprintf(out, "  %-16s", name);
		bs_text_zone_cell(out, 11, z, BS_ZF_FREE);
		bs_text_zone_cell(out, 9, z, BS_ZF_MIN);
		bs_text_zone_cell(out, 9, z, BS_ZF_LOW);
		bs_text_zone_cell(out, 9, z, BS_ZF_HIGH);
		fprintf(out, "  %s\n", bs_mark_level_name(mz->level));
		if (!b->present) {
			fprintf(out, "    blocks: - (no buddy line)\n");
			continue;
		}
		fprintf(out, "    blocks:");
		for (int o = 0; o < b->nr_orders; o++) {
			char t[8];

			bs_mt_letters(b->types[o], t);
			fprintf(out, " %" PRIu64 "%s%s%s", b->nr_free[o], t[0] ? "(" : "", t, t[0] ? ")" : "");
		}
		if (mz->largest_order >= 0)
			fprintf(out, "  largest order %d", mz->largest_order);
		else
			fprintf(out, "  no free block");
		fprintf(out, "%s\n", b->has_total ? "" : " (line cut before its total)");
	}
}

static void class_rows(FILE *out, const struct bs_memstate *m)
{
	fprintf(out, "Classes:   highest order that passes the watermark check, at the low mark / the min mark\n");
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_memstate_class *k = &m->cls[c];
		char lo[12], mi[12];

		fprintf(out, "  %-20s", k->name);
		if (!k->known) {
			fprintf(out, " not in this kernel's GFP table\n");
			continue;
		}
		if (!k->checked) {
			fprintf(out, " -  (no zone of its zonelist printed marks and blocks)\n");
			continue;
		}
		/* "none": not even order 0 passes */
		fprintf(out, " zone %-7s low %4s  min %4s", k->highest_zone ? k->highest_zone : "?",
			k->highest_low < 0 ? "none" : (snprintf(lo, sizeof(lo), "%d", k->highest_low), lo),
			k->highest_min < 0 ? "none" : (snprintf(mi, sizeof(mi), "%d", k->highest_min), mi));
		if (k->highest_min + 1 < k->nr_orders)
			fprintf(out, "  fails from %d", k->highest_min + 1);
		if (m->focus_class == c && m->focus_order >= 0)
			fprintf(out, " <- order %d", m->focus_order);
		fputc('\n', out);
	}
}

void bs_memstate_text_body(FILE *out, const struct bs_memstate *m)
{
	fprintf(out, "Verdict:   %s\n", bs_memstate_verdict_name(m->verdict));
	fprintf(out, "           %s\n", m->summary);
	if (m->missing[0])
		fprintf(out, "Missing:   %s\n", m->missing);
	fprintf(out, "Kernel:    %s (%s)\n", m->kver.raw[0] ? m->kver.raw : "unknown", m->era_reason);
	if (m->gfp_id)
		fprintf(out, "           GFP table %s, allocator rules %s; pages of %" PRIu64 " kB%s\n", m->gfp_id, m->rules_id,
			m->page_kb, m->page_kb_assumed ? " (assumed: no buddy line)" : "");
	if (m->nr_zones)
		zone_rows(out, m);
	if (m->gfp_id)
		class_rows(out, m);
	bs_text_evidence(out, m->evidence, m->nr_evidence);
	bs_text_advice(out, m->advice, m->nr_advice);
}

/* --- JSON ---------------------------------------------------------------- */

static void zone_kb(struct bs_jsonw *w, const char *name, const struct bs_zone *z, enum bs_zone_field f)
{
	bs_jsonw_u64_known_field(w, name, z->has & (1ull << f), z->kb[f]);
}

static void json_zone(struct bs_jsonw *w, const struct bs_memstate_zone *mz)
{
	const struct bs_zone *z = mz->zone;
	const struct bs_buddy *b = &z->buddy;

	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "node", z->node);
	bs_jsonw_string_field(w, "zone", z->name);
	zone_kb(w, "free_kb", z, BS_ZF_FREE);
	zone_kb(w, "min_kb", z, BS_ZF_MIN);
	zone_kb(w, "low_kb", z, BS_ZF_LOW);
	zone_kb(w, "high_kb", z, BS_ZF_HIGH);
	zone_kb(w, "managed_kb", z, BS_ZF_MANAGED);
	zone_kb(w, "free_cma_kb", z, BS_ZF_FREE_CMA);
	bs_jsonw_string_field(w, "level", bs_mark_level_name(mz->level));
	bs_jsonw_name(w, "lowmem_reserve");
	if (z->nr_lowmem_reserve < 0) {
		bs_jsonw_null(w);
	} else {
		bs_jsonw_start_array(w);
		for (int i = 0; i < z->nr_lowmem_reserve; i++)
			bs_jsonw_u64(w, z->lowmem_reserve[i]);
		bs_jsonw_end_array(w);
	}
	bs_jsonw_name(w, "free_blocks");
	if (!b->present) {
		bs_jsonw_null(w);
	} else {
		bs_jsonw_start_array(w);
		for (int o = 0; o < b->nr_orders; o++)
			bs_jsonw_u64(w, b->nr_free[o]);
		bs_jsonw_end_array(w);
	}
	bs_json_migratetypes(w, b);
	bs_jsonw_u64_known_field(w, "buddy_total_kb", b->has_total, b->total_kb);
	bs_jsonw_i64_known_field(w, "largest_order", mz->largest_order >= 0, mz->largest_order);
	bs_jsonw_end_object(w);
}

static void json_class(struct bs_jsonw *w, const struct bs_memstate *m, int c)
{
	const struct bs_memstate_class *k = &m->cls[c];
	bool ok = k->known && k->checked;

	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "name", k->name);
	bs_jsonw_bool_field(w, "known", k->known);
	bs_jsonw_bool_field(w, "checked", ok);
	bs_jsonw_string_field(w, "highest_zone", k->known && k->highest_zone ? k->highest_zone : "");
	/* -1: no order passes; null: not checked */
	bs_jsonw_i64_known_field(w, "highest_order_low", ok, k->highest_low);
	bs_jsonw_i64_known_field(w, "highest_order_min", ok, k->highest_min);
	bs_jsonw_i64_known_field(w, "fails_from_order", ok && k->highest_min + 1 < k->nr_orders, k->highest_min + 1);
	bs_jsonw_end_object(w);
}

void bs_memstate_json_body(struct bs_jsonw *w, const struct bs_memstate *m)
{
	const struct bs_report *r = m->rep;

	bs_jsonw_string_field(w, "trigger", r->kind == BS_KIND_MEMORY_STATE ? r->ev.trigger : "");
	if (!strcmp(r->ev.trigger, "report_body")) {
		/* whose Mem-Info it likely is: that report's kind and first line */
		bs_jsonw_string_field(w, "likely_body_of", bs_report_kind_name(r->ev.orphan_kind));
		bs_jsonw_u64_field(w, "likely_body_of_line", r->ev.orphan_line);
	}
	bs_jsonw_u64_known_field(w, "size", r->ev.has_size, r->ev.size);
	bs_jsonw_i64_known_field(w, "order", m->focus_order >= 0, m->focus_order);
	bs_jsonw_name(w, "kernel_era");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "version", m->kver.raw);
	bs_jsonw_bool_field(w, "inferred", m->kver_inferred);
	bs_jsonw_string_field(w, "reason", m->era_reason);
	bs_jsonw_string_field(w, "era", m->gfp_id ? m->gfp_id : "");
	bs_jsonw_string_field(w, "rules", m->rules_id ? m->rules_id : "");
	bs_jsonw_end_object(w);
	bs_jsonw_u64_field(w, "page_kb", m->page_kb);
	bs_jsonw_bool_field(w, "page_kb_assumed", m->page_kb_assumed);
	bs_jsonw_name(w, "zones");
	bs_jsonw_start_array(w);
	for (int i = 0; i < m->nr_zones; i++)
		json_zone(w, &m->zones[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "classes");
	bs_jsonw_start_array(w);
	for (int c = 0; m->gfp_id && c < BS_NR_CLASSES; c++)
		json_class(w, m, c);
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "verdict");
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "state", bs_memstate_verdict_name(m->verdict));
	bs_jsonw_string_field(w, "summary", m->summary);
	bs_json_strings(w, "evidence", m->evidence, m->nr_evidence);
	bs_jsonw_end_object(w);
	bs_json_advice(w, m->advice, m->nr_advice);
	bs_jsonw_string_field(w, "missing", m->missing);
}

void bs_kinds_json_fields(struct bs_jsonw *w, const struct bs_report *r)
{
	switch (r->kind) {
	case BS_KIND_ALLOC_STALL:
		bs_jsonw_u64_known_field(w, "stall_ms", r->ev.has_stall_ms, r->ev.stall_ms);
		break;
	case BS_KIND_PAGE_ALLOC_FAILURE:
	case BS_KIND_VMALLOC_FAILURE:
		/* "vmap allocation for size N failed" printed just before */
		if (r->ev.has_vmap_size)
			bs_jsonw_u64_field(w, "vmap_size", r->ev.vmap_size);
		if (r->kind == BS_KIND_VMALLOC_FAILURE) {
			int64_t neg = 0;

			bs_jsonw_u64_known_field(w, "vmalloc_size", r->ev.has_size, r->ev.size);
			/* a size printed with %lu whose top bit is set is a negative length */
			if (r->ev.has_size && r->ev.size >> 63)
				neg = -(int64_t)(~r->ev.size + 1);
			bs_jsonw_i64_known_field(w, "vmalloc_size_signed", r->ev.has_size && neg, neg);
		}
		break;
	case BS_KIND_VMAP_FAILURE:
		bs_jsonw_u64_known_field(w, "vmap_size", r->ev.has_vmap_size, r->ev.vmap_size);
		bs_jsonw_string_field(w, "cause", bs_kinds_cause(r));
		break;
	case BS_KIND_CMA_FAILURE:
		bs_jsonw_string_field(w, "cma_area", r->ev.cma_name);
		bs_jsonw_u64_known_field(w, "cma_pages", r->ev.has_cma_pages, r->ev.cma_pages);
		bs_jsonw_i64_known_field(w, "cma_ret", r->ev.has_cma_ret, r->ev.cma_ret);
		bs_jsonw_u64_known_field(w, "cma_free_pages", r->ev.has_cma_free, r->ev.cma_free_pages);
		bs_jsonw_u64_known_field(w, "cma_total_pages", r->ev.has_cma_free, r->ev.cma_total_pages);
		/* the busy ranges before it, as below */
		__attribute__((fallthrough));
	case BS_KIND_CONTIG_BUSY:
		bs_jsonw_u64_field(w, "busy_ranges", r->ev.busy_ranges);
		bs_jsonw_name(w, "first_busy_pfns");
		if (r->ev.has_busy_range) {
			bs_jsonw_start_array(w);
			bs_jsonw_u64(w, r->ev.busy_start);
			bs_jsonw_u64(w, r->ev.busy_end);
			bs_jsonw_end_array(w);
		} else {
			bs_jsonw_null(w);
		}
		bs_jsonw_string_field(w, "cause", bs_kinds_cause(r));
		break;
	default:
		break;
	}
}
