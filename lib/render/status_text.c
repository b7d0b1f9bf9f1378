// SPDX-License-Identifier: MIT
/*
 * status_text.c - status at a glance: marks, free blocks per order and
 * migratetype with the kernel's indices, the class x order grid, activity,
 * settings, then the verdict and the warnings with the knob to turn.
 */
#include <stdio.h>
#include <string.h>

#include "render/status_words.h"
#include "render/text_fit.h"
#include "analysis/status.h"
#include "analysis/status_whatif.h"

/* An order, or "none" when no order passes (-1). */
static const char *order_text(int o, char *buf, size_t len)
{
	if (o < 0)
		return "none";
	snprintf(buf, len, "%d", o);
	return buf;
}

static void header(const struct bs_status *s, FILE *out)
{
	fprintf(out, "kernel   %s%s\n", *s->release ? s->release : "(unknown)",
		s->has_kver ? "" : " (not read: rules of the newest kernel assumed)");
	fprintf(out, "rules    %s (%s), GFP table %s%s\n", s->rules->id,
		s->rules->wmark == BS_WMARK_FREE_AREA_SCAN ? "watermark: order-0 check, then a free block of the order"
							   : "watermark: order-0 check, then the per-order loop",
		s->gfp->id, s->gfp_exact ? "" : " (nearest)");
	fprintf(out, "source   %s; pages of %llu kB", s->snapshot ? s->root : "live /proc and /sys",
		(unsigned long long)s->page_kb);

	if (s->pz.pageblock_order >= 0)
		fprintf(out, ", pageblock order %d", s->pz.pageblock_order);
	fprintf(out, "\n");
	if (s->snapshot && (*s->taken || *s->hostname))
		fprintf(out, "taken    %s on %s\n", *s->taken ? s->taken : "-", *s->hostname ? s->hostname : "-");
}

static void marks(const struct bs_status *s, int width, FILE *out)
{
	fprintf(out, "\nzones (pages)       free        min        low       high   boost    managed\n");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		char more[96] = "";
		int row = fprintf(out, "  Node %d %-8s %10ld %10llu %10llu %10llu %7llu %10llu", pz->node, pz->name,
				  s->z[i].free_pages, (unsigned long long)pz->min, (unsigned long long)pz->low,
				  (unsigned long long)pz->high, (unsigned long long)pz->boost,
				  (unsigned long long)pz->managed);
		size_t m = 0;

		if (pz->has & BS_PZ_PROMO)
			m += (size_t)snprintf(more + m, sizeof(more) - m, " promo %llu", (unsigned long long)pz->promo);
		if ((pz->has & BS_PZ_FREE_CMA) && pz->free_cma && m < sizeof(more))
			m += (size_t)snprintf(more + m, sizeof(more) - m, " free CMA %llu",
					      (unsigned long long)pz->free_cma);
		if (s->z[i].highatomic_pages && m < sizeof(more))
			m += (size_t)snprintf(more + m, sizeof(more) - m, " highatomic %ld", s->z[i].highatomic_pages);
		/* what does not fit after the row goes under it */
		fprintf(out, "%s%s\n", width && row + (int)strlen(more) > width && *more ? "\n   " : "", more);
		/* lowmem_reserve[j]: what this zone keeps back from requests whose highest zone is j */
		for (int j = 0; j < pz->nr_protection; j++) {
			const char *n = bs_status_zone_idx_name(s, pz->node, j);

			fprintf(out, "%s", j ? ", " : "    protection against requests up to: ");
			if (n)
				fprintf(out, "%s %llu", n, (unsigned long long)pz->protection[j]);
			else
				fprintf(out, "zone %d %llu", j, (unsigned long long)pz->protection[j]);
		}
		if (pz->nr_protection)
			fprintf(out, "\n");
	}
}

/*
 * The per-order tables are as wide as their widest cell: a column is that
 * many characters plus a space, and when the orders do not fit @width
 * (0: no limit) they are printed in as many slices of orders as needed,
 * each with its own "order" row.
 */
struct order_table {
	int lead;		/* indent + label column */
	int cw;			/* one column, its space included */
};

static int u64_cell(char *b, size_t len, uint64_t v, bool capped)
{
	return snprintf(b, len, "%s%llu", capped ? ">" : "", (unsigned long long)v);
}

static void row_u64(FILE *out, const struct order_table *t, const char *label, const uint64_t *v, const bool *capped,
		    int from, int to)
{
	char b[32];

	fprintf(out, "    %-*s", t->lead - 4, label);
	for (int o = from; o < to; o++) {
		u64_cell(b, sizeof(b), v[o], capped && capped[o]);
		fprintf(out, "%*s", t->cw, b);
	}
	fprintf(out, "\n");
}

static void row_index(FILE *out, const struct order_table *t, const char *label, const int *idx, int from, int to)
{
	char b[16];

	fprintf(out, "    %-*s", t->lead - 4, label);
	for (int o = from; o < to; o++) {
		bs_index_format(idx[o], b, sizeof(b));
		fprintf(out, "%*s", t->cw, b);
	}
	fprintf(out, "\n");
}

/* The columns of zone @z's order table: the widest label and the widest cell of any row. */
static struct order_table order_columns(const struct bs_status *s, const struct bs_status_zone *z)
{
	const struct bs_proc_zone *pz = z->pz;
	int label = (int)strlen("unusable"), cell = 2;
	char b[32];

	for (int m = 0; m < s->pz.nr_mt && pz->has_types; m++) {
		if ((int)strlen(s->pz.mt_names[m]) > label)
			label = (int)strlen(s->pz.mt_names[m]);
		for (int o = 0; o < pz->nr_orders; o++)
			if (u64_cell(b, sizeof(b), pz->type_free[m][o], pz->capped[m][o]) > cell)
				cell = (int)strlen(b);
	}
	for (int o = 0; o < pz->nr_orders; o++) {
		int w = u64_cell(b, sizeof(b), pz->nr_free[o], false);

		cell = w > cell ? w : cell;
		bs_index_format(z->frag_index[o], b, sizeof(b));
		cell = (int)strlen(b) > cell ? (int)strlen(b) : cell;
		bs_index_format(z->unusable_index[o], b, sizeof(b));
		cell = (int)strlen(b) > cell ? (int)strlen(b) : cell;
	}
	return (struct order_table){ .lead = 4 + label + 1, .cw = cell + 1 };
}

static void zone_orders(const struct bs_status *s, const struct bs_status_zone *z, int width, FILE *out)
{
	const struct bs_proc_zone *pz = z->pz;
	struct order_table t = order_columns(s, z);
	int n = pz->nr_orders, per = width > t.lead + t.cw ? (width - t.lead) / t.cw : n;

	if (per < 1)
		per = 1;
	/* slices of even size: 11 orders in 6 + 5 rather than 9 + 2 */
	if (n > per)
		per = (n + (n + per - 1) / per - 1) / ((n + per - 1) / per);
	fprintf(out, "\n  Node %d %s: free blocks per order\n", pz->node, pz->name);
	for (int from = 0; from < n; from += per) {
		int to = from + per < n ? from + per : n;

		fprintf(out, "%s    %-*s", from ? "\n" : "", t.lead - 4, "order");
		for (int o = from; o < to; o++)
			fprintf(out, "%*d", t.cw, o);
		fprintf(out, "\n");
		for (int m = 0; m < s->pz.nr_mt && pz->has_types; m++)
			row_u64(out, &t, s->pz.mt_names[m], pz->type_free[m], pz->capped[m], from, to);
		row_u64(out, &t, "all", pz->nr_free, NULL, from, to);
		row_index(out, &t, "extfrag", z->frag_index, from, to);
		row_index(out, &t, "unusable", z->unusable_index, from, to);
	}
	fprintf(out, "    highest order, low/min:");
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_status_cls *k = &z->cls[c];

		char lo[12], mi[12];

		if (k->eligible)
			fprintf(out, " %s %s/%s", bs_status_class_name((enum bs_status_class)c),
				order_text(k->highest_low, lo, sizeof(lo)), order_text(k->highest_min, mi, sizeof(mi)));
	}
	fprintf(out, "\n");
}

/* The class x order grid; a row that "(no compaction)" would push past @width gets a footnote mark instead. */
static void grid(const struct bs_status *s, int width, FILE *out)
{
	/* the row's width with "(no compaction)" after it; past @width the note becomes a footnote mark */
	bool footnote = width && 2 + 22 + 3 * s->nr_orders + 3 + 5 + 17 > width, marked = false;

	fprintf(out, "\nwould an order-N allocation succeed now?  (Node %d zonelist", s->node);
	if (s->nr_node_order > 1) {
		fprintf(out, ": nodes");
		for (int i = 0; i < s->nr_node_order; i++)
			fprintf(out, " %d", s->node_order[i]);
		fprintf(out, "%s", s->node_order_by_distance ? " by distance" : " by number, no distances read");
	}
	fprintf(out, ")\n"
		     "  Y: at the low mark, no reclaim   .: no\n"
		     "  k: only after waking kswapd (min mark, own reserves)\n"
		     "  %-22s", "order");
	for (int o = 0; o < s->nr_orders; o++)
		fprintf(out, "%3d", o);
	fprintf(out, "   highest low/min\n");
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_status_class_result *k = &s->cls[c];

		fprintf(out, "  %-22s", k->name);
		if (!s->has_zoneinfo) {
			fprintf(out, " ? (no zoneinfo: no marks to check against)\n");
			continue;
		}
		if (!k->known) {
			fprintf(out, " (not in this kernel's GFP table)\n");
			continue;
		}
		for (int o = 0; o < s->nr_orders; o++)
			fprintf(out, "%3s", k->ok_low[o] ? "Y" : k->ok_min[o] ? "k" : ".");
		char lo[12], mi[12];

		fprintf(out, "   %s/%s%s\n", order_text(k->highest_low, lo, sizeof(lo)),
			order_text(k->highest_min, mi, sizeof(mi)),
			k->may_compact ? "" : footnote ? " *" : "  (no compaction)");
		marked |= !k->may_compact && footnote;
	}
	if (marked)
		fprintf(out, "  *: no compaction for this class\n");
}

static void request(const struct bs_status *s, FILE *out)
{
	const struct bs_status_request *r = &s->req;

	if (!r->set)
		return;
	fprintf(out, "\nrequest  0x%llx (", (unsigned long long)r->mask);
	for (size_t i = 0; i < r->nr_flags; i++)
		fprintf(out, "%s%s", i ? "|" : "", r->flags[i]);
	fprintf(out, ") order %u, highest zone %s\n", r->order, r->highest_zone);
	fprintf(out, "  first attempt (low mark): %s\n  after waking kswapd (min mark): %s",
		r->ok_low ? "succeeds" : "fails", r->ok_min ? "succeeds" : "fails: direct reclaim/compaction or failure");
	if (r->zone)
		fprintf(out, ", from Node %d %s", r->zone->pz->node, r->zone->pz->name);
	fprintf(out, "\n");
}

/*
 * Name/value cells "  name   value", as many to a line as fit @width (0:
 * @dflt), the name and value columns as wide as their widest entry.
 */
struct cells {
	int nw, vw, per, col;
};

static struct cells cells_layout(int nw, int vw, int width, int dflt)
{
	struct cells c = { .nw = nw, .vw = vw, .per = dflt };

	if (width) {
		c.per = width / (2 + nw + 1 + vw);
		c.per = c.per < 1 ? 1 : c.per > 4 ? 4 : c.per;
	}
	return c;
}

static void cell_end(struct cells *c, FILE *out)
{
	if (++c->col % c->per == 0)
		fprintf(out, "\n");
}

static void activity(const struct bs_status *s, int width, FILE *out)
{
	const struct bs_status_activity *a = &s->act;
	char v[32];
	int nw = 0, vw = 0;
	struct cells c;

	if (!s->has_vmstat)
		return;
	if (a->rates)
		fprintf(out, "\nreclaim and compaction, per second over %.1f s\n", a->interval);
	else
		fprintf(out, "\nreclaim and compaction since boot (--interval S for rates)\n");
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < a->n; i++) {
			int n;

			if (!a->c[i].present)
				continue;
			if (a->rates)
				n = snprintf(v, sizeof(v), "%.1f", a->interval > 0 ? a->c[i].value / a->interval : 0.0);
			else
				n = snprintf(v, sizeof(v), "%llu", (unsigned long long)a->c[i].value);
			if (!pass) {
				nw = (int)strlen(a->c[i].name) > nw ? (int)strlen(a->c[i].name) : nw;
				vw = n > vw ? n : vw;
				continue;
			}
			fprintf(out, "  %-*s %*s", c.nw, a->c[i].name, c.vw, v);
			cell_end(&c, out);
		}
		if (!pass)
			c = width ? cells_layout(nw, vw, width, 2) : (struct cells){ .nw = 30, .vw = 12, .per = 2 };
	}
	if (c.col % c.per)
		fprintf(out, "\n");
	if (s->has_dirty)
		fprintf(out, "  dirty + writeback %llu pages of %llu dirtyable (free - reserves + file); "
			"background writeback from %llu, dirty limit %llu\n", (unsigned long long)s->dirty_pages,
			(unsigned long long)s->dirtyable_pages, (unsigned long long)s->dirty_bg_thresh,
			(unsigned long long)s->dirty_thresh);
}

/* The settings, "  vm.name=value" each, as many to a line as fit @width (0: four). */
static void settings(const struct bs_status *s, int width, FILE *out)
{
	int col = 0, used = 0;

	if (!s->nr_sysctl || !(s->sysctl[0].present || *s->thp_enabled))
		return;
	fprintf(out, "\nsettings\n");
	for (int i = 0; i < s->nr_sysctl; i++) {
		int w;

		if (!s->sysctl[i].present)
			continue;
		w = 2 + 3 + (int)strlen(s->sysctl[i].name) + 1 + (int)strlen(s->sysctl[i].value);
		if (col && (width ? used + w > width : col % 4 == 0)) {
			fprintf(out, "\n");
			used = 0;
			col = 0;
		}
		fprintf(out, "  vm.%s=%s", s->sysctl[i].name, s->sysctl[i].value);
		used += w;
		col++;
	}
	if (col)
		fprintf(out, "\n");
	if (*s->thp_enabled)
		fprintf(out, "  THP enabled %s, defrag %s\n", s->thp_enabled, s->thp_defrag);
	if (*s->ksm_run)
		fprintf(out, "  KSM run=%s%s", s->ksm_run, s->has_ksm_sharing ? "" : "\n");
	if (*s->ksm_run && s->has_ksm_sharing)
		fprintf(out, " pages_sharing=%llu\n", (unsigned long long)s->ksm_pages_sharing);
}

static void findings(const struct bs_status *s, FILE *out)
{
	char text[BS_STATUS_TEXT], change[BS_STATUS_TEXT];

	fprintf(out, "\nverdict  %s\n", bs_status_verdict_text(s, text, sizeof(text)));
	for (int i = 0; i < s->nr_warn; i++)
		fprintf(out, "warning  %s\n         change: %s\n", bs_status_warning_text(&s->warn[i], text, sizeof(text)),
			bs_status_warning_change(&s->warn[i], change, sizeof(change)));
	for (int i = 0; i < s->nr_missing; i++)
		fprintf(out, "missing  %s\n", bs_status_missing_text(&s->missing[i], text, sizeof(text)));
	for (int i = 0; i < s->pz.diags.nr; i++)
		fprintf(out, "note     %s\n", s->pz.diags.items[i].message);
}

/* Status as text, its tables laid out for @width columns (0: as wide as they are). */
static int render(const struct bs_status *s, int width, FILE *out)
{
	header(s, out);
	marks(s, width, out);
	for (int i = 0; i < s->nr_z; i++)
		zone_orders(s, &s->z[i], width, out);
	grid(s, width, out);
	request(s, out);
	bs_status_whatif_text(s, out);
	activity(s, width, out);
	settings(s, width, out);
	findings(s, out);
	return ferror(out) ? -1 : 0;
}

int bs_status_render_terminal(const struct bs_status *s, int width, bool color, FILE *out)
{
	struct bs_text_fit fit = { width < 0 ? 0 : width ? width : BS_TEXT_WIDTH, color };
	struct bs_text_buf b;

	if (!bs_text_fit_begin(&b))
		return -1;
	render(s, fit.width, b.f);
	return bs_text_fit_end(&b, &fit, out);
}

int bs_status_render_text(const struct bs_status *s, FILE *out)
{
	return render(s, 0, out);
}
