// SPDX-License-Identifier: MIT
/*
 * status_json.c - `status --json`, the shape the lab reads (docs/status.md):
 * kernel, zones[] with marks, free blocks, indices and per-class highest
 * orders, top-level classes over the node's zonelist, request, activity,
 * warnings, missing.
 */
#include <stdio.h>
#include <string.h>

#include "proc/proc_layout.h"
#include "render/jsonw.h"
#include "render/status_words.h"
#include "analysis/status.h"
#include "analysis/status_whatif.h"

static void indices(struct bs_jsonw *w, const char *name, const int *idx, int n)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_array(w);
	for (int o = 0; o < n; o++)
		bs_jsonw_double(w, idx[o] / 1000.0);
	bs_jsonw_end_array(w);
}

static void u64s(struct bs_jsonw *w, const char *name, const uint64_t *v, int n)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_array(w);
	for (int i = 0; i < n; i++)
		bs_jsonw_u64(w, v[i]);
	bs_jsonw_end_array(w);
}

void bs_status_json_highest(struct bs_jsonw *w, const char *name, int low, int min)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "highest_order_low", low);
	bs_jsonw_i64_field(w, "highest_order_min", min);
	bs_jsonw_end_object(w);
}

void bs_status_json_marks(struct bs_jsonw *w, uint64_t min, uint64_t low, uint64_t high)
{
	bs_jsonw_u64_field(w, "min", min);
	bs_jsonw_u64_field(w, "low", low);
	bs_jsonw_u64_field(w, "high", high);
}

static void zone(struct bs_jsonw *w, const struct bs_status *s, const struct bs_status_zone *z)
{
	const struct bs_proc_zone *pz = z->pz;

	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "node", pz->node);
	bs_jsonw_string_field(w, "zone", pz->name);
	bs_jsonw_i64_field(w, "zone_idx", z->zone_idx);
	bs_jsonw_i64_field(w, "free_pages", z->free_pages);
	bs_status_json_marks(w, pz->min, pz->low, pz->high);
	if (pz->has & BS_PZ_BOOST)
		bs_jsonw_u64_field(w, "boost", pz->boost);
	if (pz->has & BS_PZ_PROMO)
		bs_jsonw_u64_field(w, "promo", pz->promo);
	bs_jsonw_u64_field(w, "managed", pz->managed);
	if (pz->has & BS_PZ_FREE_CMA)
		bs_jsonw_u64_field(w, "free_cma", pz->free_cma);
	if (z->highatomic_known)
		bs_jsonw_i64_field(w, "highatomic_pages", z->highatomic_pages);
	u64s(w, "protection", pz->protection, pz->nr_protection);
	u64s(w, "free_blocks", pz->nr_free, pz->nr_orders);
	bs_jsonw_name(w, "free_blocks_by_type");
	bs_jsonw_start_object(w);
	for (int m = 0; m < s->pz.nr_mt && pz->has_types; m++)
		u64s(w, s->pz.mt_names[m], pz->type_free[m], pz->nr_orders);
	bs_jsonw_end_object(w);
	indices(w, "fragmentation_index", z->frag_index, pz->nr_orders);
	indices(w, "unusable_index", z->unusable_index, pz->nr_orders);
	bs_jsonw_name(w, "classes");
	bs_jsonw_start_object(w);
	for (int c = 0; c < BS_NR_CLASSES; c++)
		if (z->cls[c].eligible)
			bs_status_json_highest(w, bs_status_class_name((enum bs_status_class)c), z->cls[c].highest_low,
				z->cls[c].highest_min);
	bs_jsonw_end_object(w);
	bs_jsonw_end_object(w);
}

static void request(struct bs_jsonw *w, const struct bs_status *s)
{
	const struct bs_status_request *r = &s->req;
	char hex[32];

	bs_jsonw_name(w, "request");
	bs_jsonw_start_object(w);
	bs_jsonw_name(w, "gfp");
	bs_jsonw_start_object(w);
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)r->mask);
	bs_jsonw_string_field(w, "mask", hex);
	bs_jsonw_name(w, "flags");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < r->nr_flags; i++)
		bs_jsonw_string(w, r->flags[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
	bs_jsonw_u64_field(w, "order", r->order);
	bs_jsonw_bool_field(w, "ok_low", r->ok_low);
	bs_jsonw_bool_field(w, "ok_min", r->ok_min);
	bs_jsonw_name(w, "zone");
	if (r->zone) {
		bs_jsonw_start_object(w);
		bs_jsonw_i64_field(w, "node", r->zone->pz->node);
		bs_jsonw_string_field(w, "zone", r->zone->pz->name);
		bs_jsonw_end_object(w);
	} else {
		bs_jsonw_null(w);
	}
	bs_jsonw_end_object(w);
}

static void activity(struct bs_jsonw *w, const struct bs_status *s)
{
	bs_jsonw_name(w, "activity");
	bs_jsonw_start_object(w);
	bs_jsonw_bool_field(w, "rates", s->act.rates);
	if (s->act.rates) {
		bs_jsonw_name(w, "interval");
		bs_jsonw_double(w, s->act.interval);
	}
	for (int i = 0; i < s->act.n; i++) {
		if (!s->act.c[i].present)
			continue;
		bs_jsonw_name(w, s->act.c[i].name);
		if (s->act.rates)
			bs_jsonw_double(w, s->act.interval > 0 ? s->act.c[i].value / s->act.interval : 0.0);
		else
			bs_jsonw_u64(w, s->act.c[i].value);
	}
	bs_jsonw_end_object(w);
}

int bs_status_render_json(const struct bs_status *s, FILE *out)
{
	char text[BS_STATUS_TEXT];
	struct bs_jsonw w;

	bs_jsonw_init(&w, out, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "kernel", s->release);
	/* null when live or when the snapshot did not record it */
	bs_jsonw_name(&w, "snapshot_time");
	if (*s->taken)
		bs_jsonw_string(&w, s->taken);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "hostname");
	if (*s->hostname)
		bs_jsonw_string(&w, s->hostname);
	else
		bs_jsonw_null(&w);
	bs_jsonw_string_field(&w, "rules", s->rules->id);
	bs_jsonw_string_field(&w, "gfp_table", s->gfp->id);
	bs_jsonw_u64_field(&w, "page_kb", s->page_kb);
	bs_jsonw_i64_field(&w, "pageblock_order", s->pz.pageblock_order);
	bs_jsonw_i64_field(&w, "node", s->node);
	bs_jsonw_name(&w, "node_order");
	bs_jsonw_start_array(&w);
	for (int i = 0; i < s->nr_node_order; i++)
		bs_jsonw_i64(&w, s->node_order[i]);
	bs_jsonw_end_array(&w);
	bs_jsonw_bool_field(&w, "node_order_by_distance", s->node_order_by_distance);
	bs_jsonw_name(&w, "zones");
	bs_jsonw_start_array(&w);
	for (int i = 0; i < s->nr_z; i++)
		zone(&w, s, &s->z[i]);
	bs_jsonw_end_array(&w);
	bs_jsonw_name(&w, "classes");
	bs_jsonw_start_object(&w);
	for (int c = 0; c < BS_NR_CLASSES; c++)
		if (s->cls[c].known)
			bs_status_json_highest(&w, s->cls[c].name, s->cls[c].highest_low, s->cls[c].highest_min);
	bs_jsonw_end_object(&w);
	if (s->req.set)
		request(&w, s);
	activity(&w, s);
	bs_jsonw_name(&w, "sysctl");
	bs_jsonw_start_object(&w);
	for (int i = 0; i < s->nr_sysctl; i++)
		if (s->sysctl[i].present)
			bs_jsonw_string_field(&w, s->sysctl[i].name, s->sysctl[i].value);
	bs_jsonw_end_object(&w);
	if (s->has_dirty) {
		bs_jsonw_name(&w, "dirty");
		bs_jsonw_start_object(&w);
		bs_jsonw_u64_field(&w, "dirty_pages", s->dirty_pages);
		bs_jsonw_u64_field(&w, "dirtyable_pages", s->dirtyable_pages);
		bs_jsonw_u64_field(&w, "totalreserve_pages", s->totalreserve_pages);
		bs_jsonw_u64_field(&w, "background_thresh", s->dirty_bg_thresh);
		bs_jsonw_u64_field(&w, "thresh", s->dirty_thresh);
		bs_jsonw_bool_field(&w, "thresh_printed", s->dirty_thresh_printed);
		bs_jsonw_end_object(&w);
	}
	bs_jsonw_string_field(&w, "verdict", bs_status_verdict_text(s, text, sizeof(text)));
	bs_jsonw_string_field(&w, "verdict_id", bs_status_verdict_id(s));
	bs_jsonw_name(&w, "warnings");
	bs_jsonw_start_array(&w);
	for (int i = 0; i < s->nr_warn; i++) {
		bs_jsonw_start_object(&w);
		bs_jsonw_string_field(&w, "id", bs_status_warning_id(&s->warn[i]));
		bs_json_status_warning_fields(&w, &s->warn[i]);
		bs_jsonw_string_field(&w, "text", bs_status_warning_text(&s->warn[i], text, sizeof(text)));
		bs_jsonw_string_field(&w, "change", bs_status_warning_change(&s->warn[i], text, sizeof(text)));
		bs_jsonw_end_object(&w);
	}
	bs_jsonw_end_array(&w);
	/* the sentences, as before; their ids and files beside them */
	bs_jsonw_name(&w, "missing");
	bs_jsonw_start_array(&w);
	for (int i = 0; i < s->nr_missing; i++)
		bs_jsonw_string(&w, bs_status_missing_text(&s->missing[i], text, sizeof(text)));
	bs_jsonw_end_array(&w);
	bs_jsonw_name(&w, "missing_ids");
	bs_jsonw_start_array(&w);
	for (int i = 0; i < s->nr_missing; i++) {
		bs_jsonw_start_object(&w);
		bs_jsonw_string_field(&w, "id", bs_status_missing_id(&s->missing[i]));
		bs_jsonw_string_field(&w, "file", bs_layout_path((enum bs_layout_file)s->missing[i].file));
		bs_jsonw_end_object(&w);
	}
	bs_jsonw_end_array(&w);
	bs_status_whatif_json(s, &w);
	bs_jsonw_end_object(&w);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
