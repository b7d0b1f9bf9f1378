// SPDX-License-Identifier: MIT
/*
 * out_whatif.c - what the request could do for itself, and the --what-if
 * replays, as JSON (docs/json.md) and as text.  Only reads the analysis.
 */
#include <inttypes.h>
#include <string.h>

#include "analysis/whatif.h"
#include "render/out_whatif.h"

static void string_or_null(struct bs_jsonw *w, const char *name, const char *s)
{
	bs_jsonw_name(w, name);
	if (s)
		bs_jsonw_string(w, s);
	else
		bs_jsonw_null(w);
}

void bs_json_request(struct bs_jsonw *w, const struct bs_analysis *a)
{
	const struct bs_slowpath *s = &a->slow;

	bs_jsonw_name(w, "request");
	bs_jsonw_start_object(w);
	bs_jsonw_bool_field(w, "reclaim", s->can_direct_reclaim);
	bs_jsonw_bool_field(w, "kswapd_woken", s->wakes_kswapd);
	bs_jsonw_bool_field(w, "compact", s->may_compact);
	string_or_null(w, "compact_why_not", s->may_compact ? NULL : s->compact_why_not);
	bs_jsonw_i64_field(w, "compaction_suitable_zones", s->compact_suitable);
	bs_jsonw_i64_field(w, "compaction_unsuitable_zones", s->compact_unsuitable);
	bs_jsonw_bool_field(w, "compaction_may_be_deferred", s->compact_deferrable);
	bs_jsonw_bool_field(w, "retries_forever", s->loops);
	string_or_null(w, "retry_rule", s->loops_why);
	bs_jsonw_bool_field(w, "oom", s->may_oom);
	string_or_null(w, "oom_why_not", s->may_oom ? NULL : s->oom_why_not);
	bs_jsonw_bool_field(w, "pf_memalloc", s->pf_memalloc);
	string_or_null(w, "pf_memalloc_why", s->pf_memalloc_why);
	bs_jsonw_bool_field(w, "no_watermarks", s->no_watermarks);
	bs_jsonw_bool_field(w, "nomemalloc", s->nomemalloc);
	bs_jsonw_bool_field(w, "thisnode", s->thisnode);
	bs_jsonw_bool_field(w, "lowmem_only", s->lowmem_only);
	bs_jsonw_string_field(w, "summary", s->summary);
	bs_jsonw_end_object(w);
}

static void whatif_zone(struct bs_jsonw *w, const struct bs_whatif_result *r, const struct bs_whatif_zone *z)
{
	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "node", z->node);
	bs_jsonw_string_field(w, "zone", z->zone);
	bs_jsonw_i64_field(w, "min_kb", z->min_kb);
	bs_jsonw_i64_field(w, "low_kb", z->low_kb);
	bs_jsonw_i64_field(w, "high_kb", z->high_kb);
	bs_jsonw_i64_field(w, "lowmem_reserve_pages", z->reserve_pages);
	bs_jsonw_bool_known_field(w, "watermark_ok", z->known, z->watermark_ok);
	if (r->setting.kind == BS_WI_COMPACT || r->setting.kind == BS_WI_EXTFRAG)
		bs_jsonw_bool_field(w, "compaction_suitable", z->compaction_suitable);
	if (r->setting.kind == BS_WI_COMPACT)
		bs_jsonw_i64_known_field(w, "blocks", z->known, z->blocks);
	bs_jsonw_end_object(w);
}

void bs_json_whatif(struct bs_jsonw *w, const struct bs_analysis *a)
{
	const struct bs_whatif_set *set = a->whatif;

	if (!set)
		return;
	bs_jsonw_name(w, "what_if_base");
	bs_jsonw_start_object(w);
	bs_jsonw_i64_known_field(w, "min_free_kbytes", set->min_free_kbytes >= 0, set->min_free_kbytes);
	bs_jsonw_bool_field(w, "min_free_kbytes_exact", set->min_free_exact);
	bs_jsonw_i64_known_field(w, "watermark_scale_factor", set->watermark_scale_factor > 0,
				 set->watermark_scale_factor);
	bs_jsonw_bool_field(w, "request_succeeds", a->nr_ok_min > 0);
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "what_if");
	bs_jsonw_start_array(w);
	for (int i = 0; i < set->nr; i++) {
		const struct bs_whatif_result *r = &set->r[i];

		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "setting", r->setting.name);
		bs_jsonw_string_field(w, "value", r->setting.value);
		bs_jsonw_bool_field(w, "computed", r->computed);
		string_or_null(w, "why_not", r->computed ? NULL : r->why_not);
		bs_jsonw_bool_known_field(w, "request_succeeds", r->computed, r->request_succeeds);
		bs_jsonw_string_field(w, "note", r->note);
		bs_jsonw_name(w, "zones");
		bs_jsonw_start_array(w);
		for (int k = 0; k < r->nr_zones; k++)
			whatif_zone(w, r, &r->zones[k]);
		bs_jsonw_end_array(w);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

void bs_slowpath_steps(const struct bs_slowpath *s, char *buf, size_t len)
{
	snprintf(buf, len, "wake kswapd %s, direct reclaim %s, direct compaction %s%s%s%s",
		 s->wakes_kswapd ? "yes" : "no", s->can_direct_reclaim ? "yes" : "no", s->may_compact ? "yes" : "no",
		 !s->may_compact && s->compact_why_not ? " (" : "", !s->may_compact && s->compact_why_not ?
		 s->compact_why_not : "", !s->may_compact && s->compact_why_not ? ")" : "");
}

void bs_text_request(FILE *out, const struct bs_analysis *a)
{
	if (a->slow.summary[0])
		fprintf(out, "Could do:  %s\n", a->slow.summary);
}

static void text_row(FILE *out, const char *label, const char *zone, const struct bs_whatif_zone *z,
		     const char *request)
{
	fprintf(out, "  %-30s %-16s %9ld %9ld %9ld %8ldp  %-5s %s\n", label, zone, z->min_kb, z->low_kb, z->high_kb,
		z->reserve_pages, z->known ? (z->watermark_ok ? "ok" : "FAIL") : "-", request);
}

void bs_text_whatif(FILE *out, const struct bs_analysis *a)
{
	const struct bs_whatif_set *set = a->whatif;
	char label[96], zone[32];

	if (!set)
		return;
	fprintf(out, "What-if:   the report's free pages replayed under other settings; in force: vm.min_free_kbytes ");
	if (set->min_free_kbytes >= 0)
		fprintf(out, "%lld%s", set->min_free_kbytes, set->min_free_exact ? "" : " (approx.)");
	else
		fprintf(out, "-");
	if (set->watermark_scale_factor > 0)
		fprintf(out, ", watermark_scale_factor %d", set->watermark_scale_factor);
	fputc('\n', out);
	fprintf(out, "  %-30s %-16s %9s %9s %9s %9s  %-5s %s\n", "setting", "zone", "min kB", "low kB", "high kB",
		"reserve", "check", "request");
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		struct bs_whatif_zone wz = { .known = z->fail != BS_WF_NO_DATA, .watermark_ok = z->ok_min,
					     .reserve_pages = z->reserve };

		if (!z->eligible)
			continue;
		wz.min_kb = (long)z->zone->kb[BS_ZF_MIN];
		wz.low_kb = (long)z->zone->kb[BS_ZF_LOW];
		wz.high_kb = (long)z->zone->kb[BS_ZF_HIGH];
		snprintf(zone, sizeof(zone), "Node %d %s", z->zone->node, z->zone->name);
		text_row(out, "(as reported)", zone, &wz, a->nr_ok_min ? "succeeds" : "fails");
	}
	for (int i = 0; i < set->nr; i++) {
		const struct bs_whatif_result *r = &set->r[i];

		if (r->setting.kind == BS_WI_COMPACT)
			snprintf(label, sizeof(label), "compact");
		else
			snprintf(label, sizeof(label), "%s=%s", r->setting.name, r->setting.value);
		if (!r->computed) {
			fprintf(out, "  %-30s not replayed: %s\n", label, r->why_not ? r->why_not : "-");
			continue;
		}
		for (int k = 0; k < r->nr_zones; k++) {
			snprintf(zone, sizeof(zone), "Node %d %s", r->zones[k].node, r->zones[k].zone);
			text_row(out, k ? "" : label, zone, &r->zones[k],
				 k ? "" : r->request_succeeds ? "succeeds" : "fails");
			if (r->setting.kind == BS_WI_COMPACT && r->zones[k].known)
				fprintf(out, "  %-30s %-16s up to %ld free block(s) of order %u%s\n", "", "", r->zones[k].blocks,
					a->rep->order, r->zones[k].compaction_suitable ? "" :
					" (compaction_suitable() skips the zone: only the blocks already free)");
		}
		if (r->note[0])
			fprintf(out, "  %-30s %s\n", "", r->note);
	}
}
