// SPDX-License-Identifier: MIT
/*
 * status_whatif_out.c - `status --what-if` in JSON (docs/status.md) and
 * text: the settings in force, then per setting the zones' marks and
 * reserves under it, the grid cells that change and the request.  Only
 * reads the results of status_whatif.c.
 */
#include <stdio.h>

#include "analysis/status_whatif.h"

/* 'Y', 'k', '.' as JSON words. */
static const char *cell_word(char c)
{
	return c == 'Y' ? "low" : c == 'k' ? "min" : "no";
}

static void json_zone(struct bs_jsonw *w, const struct bs_status_whatif_zone *z)
{
	bs_jsonw_start_object(w);
	bs_jsonw_i64_field(w, "node", z->node);
	bs_jsonw_string_field(w, "zone", z->zone);
	bs_jsonw_bool_field(w, "recomputed", z->known);
	bs_status_json_marks(w, (uint64_t)z->min, (uint64_t)z->low, (uint64_t)z->high);
	bs_jsonw_name(w, "protection");
	bs_jsonw_start_array(w);
	for (int j = 0; j < z->nr_protection; j++)
		bs_jsonw_i64(w, z->protection[j]);
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
}

static void json_result(struct bs_jsonw *w, const struct bs_status *s, const struct bs_status_whatif_result *r)
{
	bs_jsonw_start_object(w);
	bs_jsonw_string_field(w, "setting", r->setting.name);
	bs_jsonw_string_field(w, "value", r->setting.value);
	bs_jsonw_bool_field(w, "computed", r->computed);
	bs_jsonw_name(w, "why_not");
	if (r->computed)
		bs_jsonw_null(w);
	else
		bs_jsonw_string(w, r->why_not);
	bs_jsonw_string_field(w, "note", r->note);
	bs_jsonw_i64_known_field(w, "marks_off_pages", r->computed && r->setting.kind != BS_WI_RULE &&
				 r->setting.kind != BS_WI_LOWMEM_RATIO, r->marks_off);
	bs_jsonw_name(w, "zones");
	bs_jsonw_start_array(w);
	for (int i = 0; r->computed && i < r->nr_zones; i++)
		json_zone(w, &r->zones[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "classes");
	bs_jsonw_start_object(w);
	for (int c = 0; r->computed && c < BS_NR_CLASSES; c++)
		if (s->cls[c].known)
			bs_status_json_highest(w, s->cls[c].name, r->highest_low[c], r->highest_min[c]);
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "changed_cells");
	bs_jsonw_start_array(w);
	for (int i = 0; i < r->nr_cells; i++) {
		const struct bs_status_whatif_cell *c = &r->cells[i];

		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "class", s->cls[c->cls].name);
		bs_jsonw_i64_field(w, "order", c->order);
		bs_jsonw_string_field(w, "before", cell_word(c->before));
		bs_jsonw_string_field(w, "after", cell_word(c->after));
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
	bs_jsonw_i64_field(w, "changed_cells_dropped", r->cells_dropped);
	if (s->req.set) {
		bs_jsonw_name(w, "request");
		bs_jsonw_start_object(w);
		bs_jsonw_bool_known_field(w, "ok_low", r->computed, r->req_ok_low);
		bs_jsonw_bool_known_field(w, "ok_min", r->computed, r->req_ok_min);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_object(w);
}

void bs_status_whatif_json(const struct bs_status *s, struct bs_jsonw *w)
{
	const struct bs_status_whatif *wi = s->whatif;

	if (!wi)
		return;
	bs_jsonw_name(w, "what_if_base");
	bs_jsonw_start_object(w);
	bs_jsonw_i64_known_field(w, "min_free_kbytes", wi->min_free_kbytes >= 0, wi->min_free_kbytes);
	bs_jsonw_string_field(w, "min_free_kbytes_from", wi->min_free_read ? "sysctl" : "marks");
	bs_jsonw_i64_known_field(w, "watermark_scale_factor", wi->watermark_scale_factor > 0,
				 wi->watermark_scale_factor);
	bs_jsonw_string_field(w, "watermark_scale_factor_from", wi->wsf_read ? "sysctl" : "marks");
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "what_if");
	bs_jsonw_start_array(w);
	for (int i = 0; i < wi->nr; i++)
		json_result(w, s, &wi->r[i]);
	bs_jsonw_end_array(w);
}

/* "succeeds at the low mark", "succeeds after waking kswapd" or "fails". */
static const char *request_words(bool low, bool min)
{
	return low ? "succeeds at the low mark" : min ? "succeeds after waking kswapd" : "fails";
}

static void text_result(const struct bs_status *s, const struct bs_status_whatif_result *r, FILE *out)
{
	char lo[12], mi[12];

	fprintf(out, "  %s%s%s: ", r->setting.name, r->setting.value[0] ? "=" : "", r->setting.value);
	if (!r->computed) {
		fprintf(out, "not replayed: %s\n", r->why_not ? r->why_not : "-");
		return;
	}
	fprintf(out, "%s\n", r->note);
	fprintf(out, "    %-16s %10s %10s %10s   protection\n", "zone (pages)", "min", "low", "high");
	for (int i = 0; i < r->nr_zones; i++) {
		const struct bs_status_whatif_zone *z = &r->zones[i];

		fprintf(out, "    Node %d %-8s %10ld %10ld %10ld  ", z->node, z->zone, z->min, z->low, z->high);
		for (int j = 0; j < z->nr_protection; j++)
			fprintf(out, " %ld", z->protection[j]);
		fprintf(out, "%s\n", z->known ? "" : "  (as read)");
	}
	if (!r->nr_cells)
		fprintf(out, "    no cell of the grid changes\n");
	/* per class, runs of orders that change the same way: "GFP_KERNEL 0-3 .->k" */
	for (int i = 0; i < r->nr_cells;) {
		const struct bs_status_whatif_cell *a = &r->cells[i];
		int j = i;

		while (j + 1 < r->nr_cells && r->cells[j + 1].cls == a->cls && r->cells[j + 1].order == r->cells[j].order + 1 &&
		       r->cells[j + 1].before == a->before && r->cells[j + 1].after == a->after)
			j++;
		fprintf(out, "%s %s ", i ? "," : "    cells that change:", s->cls[a->cls].name);
		if (j > i)
			fprintf(out, "%d-%d", a->order, r->cells[j].order);
		else
			fprintf(out, "%d", a->order);
		fprintf(out, " %c->%c", a->before, a->after);
		i = j + 1;
	}
	if (r->cells_dropped)
		fprintf(out, ", and %d more", r->cells_dropped);
	if (r->nr_cells)
		fprintf(out, "\n");
	fprintf(out, "    highest low/min:");
	for (int c = 0; c < BS_NR_CLASSES; c++)
		if (s->cls[c].known)
			fprintf(out, " %s %s/%s", s->cls[c].name,
				r->highest_low[c] < 0 ? "none" : (snprintf(lo, sizeof(lo), "%d", r->highest_low[c]), lo),
				r->highest_min[c] < 0 ? "none" : (snprintf(mi, sizeof(mi), "%d", r->highest_min[c]), mi));
	fprintf(out, "\n");
	if (s->req.set)
		fprintf(out, "    request: %s (now it %s)\n", request_words(r->req_ok_low, r->req_ok_min),
			request_words(s->req.ok_low, s->req.ok_min));
}

void bs_status_whatif_text(const struct bs_status *s, FILE *out)
{
	const struct bs_status_whatif *wi = s->whatif;

	if (!wi)
		return;
	fprintf(out, "\nwhat if   the zones read, under other settings; in force: vm.min_free_kbytes ");
	if (wi->min_free_kbytes >= 0)
		fprintf(out, "%lld%s", wi->min_free_kbytes, wi->min_free_read ? "" : " (from the marks)");
	else
		fprintf(out, "-");
	if (wi->watermark_scale_factor > 0)
		fprintf(out, ", watermark_scale_factor %d%s", wi->watermark_scale_factor,
			wi->wsf_read ? "" : " (from the marks)");
	fprintf(out, "\n  (grid cells: Y at the low mark, k only after waking kswapd, . no)\n");
	for (int i = 0; i < wi->nr; i++)
		text_result(s, &wi->r[i], out);
}
