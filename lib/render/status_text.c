// SPDX-License-Identifier: MIT
/*
 * status_text.c - status at a glance: marks, free blocks per order and
 * migratetype with the kernel's indices, the class x order grid, activity,
 * settings, then the verdict and the warnings with the knob to turn.
 */
#include <stdio.h>
#include <string.h>

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
}

static void marks(const struct bs_status *s, FILE *out)
{
	fprintf(out, "\nzones (pages)       free        min        low       high   boost    managed\n");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		fprintf(out, "  Node %d %-8s %10ld %10llu %10llu %10llu %7llu %10llu", pz->node, pz->name,
			s->z[i].free_pages, (unsigned long long)pz->min, (unsigned long long)pz->low,
			(unsigned long long)pz->high, (unsigned long long)pz->boost, (unsigned long long)pz->managed);
		if (pz->has & BS_PZ_PROMO)
			fprintf(out, " promo %llu", (unsigned long long)pz->promo);
		if ((pz->has & BS_PZ_FREE_CMA) && pz->free_cma)
			fprintf(out, " free CMA %llu", (unsigned long long)pz->free_cma);
		if (s->z[i].highatomic_pages)
			fprintf(out, " highatomic %ld", s->z[i].highatomic_pages);
		fprintf(out, "\n");
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

static void row_u64(FILE *out, const char *label, const uint64_t *v, const bool *capped, int n)
{
	fprintf(out, "    %-12s", label);
	for (int o = 0; o < n; o++)
		fprintf(out, " %s%6llu", capped && capped[o] ? ">" : " ", (unsigned long long)v[o]);
	fprintf(out, "\n");
}

static void row_index(FILE *out, const char *label, const int *idx, int n)
{
	char b[16];

	fprintf(out, "    %-12s", label);
	for (int o = 0; o < n; o++) {
		bs_index_format(idx[o], b, sizeof(b));
		fprintf(out, " %7s", b);
	}
	fprintf(out, "\n");
}

static void zone_orders(const struct bs_status *s, const struct bs_status_zone *z, FILE *out)
{
	const struct bs_proc_zone *pz = z->pz;
	int n = pz->nr_orders;

	fprintf(out, "\n  Node %d %s: free blocks per order\n    %-12s", pz->node, pz->name, "order");
	for (int o = 0; o < n; o++)
		fprintf(out, " %7d", o);
	fprintf(out, "\n");
	for (int m = 0; m < s->pz.nr_mt && pz->has_types; m++)
		row_u64(out, s->pz.mt_names[m], pz->type_free[m], pz->capped[m], n);
	row_u64(out, "all", pz->nr_free, NULL, n);
	row_index(out, "extfrag", z->frag_index, n);
	row_index(out, "unusable", z->unusable_index, n);
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

static void grid(const struct bs_status *s, FILE *out)
{
	fprintf(out, "\nwould an order-N allocation succeed now?  (Node %d zonelist", s->node);
	if (s->nr_node_order > 1) {
		fprintf(out, ": nodes");
		for (int i = 0; i < s->nr_node_order; i++)
			fprintf(out, " %d", s->node_order[i]);
		fprintf(out, "%s", s->node_order_by_distance ? " by distance" : " by number, no distances read");
	}
	fprintf(out, ")\n"
		     "  Y: at the low mark, no reclaim   k: only after waking kswapd (min mark, own reserves)   .: no\n"
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
			order_text(k->highest_min, mi, sizeof(mi)), k->may_compact ? "" : "  (no compaction)");
	}
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

static void activity(const struct bs_status *s, FILE *out)
{
	const struct bs_status_activity *a = &s->act;
	int col = 0;

	if (!s->has_vmstat)
		return;
	if (a->rates)
		fprintf(out, "\nreclaim and compaction, per second over %.1f s\n", a->interval);
	else
		fprintf(out, "\nreclaim and compaction since boot (--interval S for rates)\n");
	for (int i = 0; i < a->n; i++) {
		if (!a->c[i].present)
			continue;
		if (a->rates)
			fprintf(out, "  %-30s %12.1f", a->c[i].name, a->interval > 0 ? a->c[i].value / a->interval : 0.0);
		else
			fprintf(out, "  %-30s %12llu", a->c[i].name, (unsigned long long)a->c[i].value);
		if (++col % 2 == 0)
			fprintf(out, "\n");
	}
	if (col % 2)
		fprintf(out, "\n");
	if (s->has_dirty)
		fprintf(out, "  dirty + writeback %llu pages of %llu dirtyable (free - reserves + file); "
			"background writeback from %llu, dirty limit %llu\n", (unsigned long long)s->dirty_pages,
			(unsigned long long)s->dirtyable_pages, (unsigned long long)s->dirty_bg_thresh,
			(unsigned long long)s->dirty_thresh);
}

static void settings(const struct bs_status *s, FILE *out)
{
	int col = 0;

	if (!s->nr_sysctl || !(s->sysctl[0].present || *s->thp_enabled))
		return;
	fprintf(out, "\nsettings\n");
	for (int i = 0; i < s->nr_sysctl; i++) {
		if (!s->sysctl[i].present)
			continue;
		fprintf(out, "  vm.%s=%s", s->sysctl[i].name, s->sysctl[i].value);
		if (++col % 4 == 0)
			fprintf(out, "\n");
	}
	if (col % 4)
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
	fprintf(out, "\nverdict  %s\n", s->verdict);
	for (int i = 0; i < s->nr_warn; i++)
		fprintf(out, "warning  %s\n         change: %s\n", s->warn[i].text, s->warn[i].change);
	for (int i = 0; i < s->nr_missing; i++)
		fprintf(out, "missing  %s\n", s->missing[i]);
	for (int i = 0; i < s->pz.diags.nr; i++)
		fprintf(out, "note     %s\n", s->pz.diags.items[i].message);
}

int bs_status_render_terminal(const struct bs_status *s, int width, bool color, FILE *out)
{
	struct bs_text_fit fit = { width < 0 ? 0 : width ? width : BS_TEXT_WIDTH, color };
	struct bs_text_buf b;

	if (!bs_text_fit_begin(&b))
		return -1;
	bs_status_render_text(s, b.f);
	return bs_text_fit_end(&b, &fit, out);
}

int bs_status_render_text(const struct bs_status *s, FILE *out)
{
	header(s, out);
	marks(s, out);
	for (int i = 0; i < s->nr_z; i++)
		zone_orders(s, &s->z[i], out);
	grid(s, out);
	request(s, out);
	bs_status_whatif_text(s, out);
	activity(s, out);
	settings(s, out);
	findings(s, out);
	return ferror(out) ? -1 : 0;
}
