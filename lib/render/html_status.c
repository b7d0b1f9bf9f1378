// SPDX-License-Identifier: MIT
/*
 * html_status.c - `status --html`: the verdict and warnings first, the
 * grid "would an order-N allocation of class X succeed now" as a coloured
 * table, then per zone its free pages against the marks (with the
 * protection each zone's requests add) and its free blocks per order
 * stacked by migratetype, the blocks GFP_KERNEL may not take (CMA,
 * highatomic, isolate) told apart.  It walks an analysed bs_status only.
 *
 * Element ids the tests rely on: #verdict, #grid, #marks-Z, #orders-Z,
 * #protection-Z.
 */
#include <inttypes.h>
#include <string.h>

#include "render/html.h"
#include "render/svg.h"
#include "analysis/status.h"

static void header(FILE *out, const struct bs_status *s)
{
	fputs("<h1>buddyscope status</h1>\n<dl class=\"kv\"><dt>Kernel</dt><dd>", out);
	bs_html_escape(out, s->release[0] ? s->release : "(unknown)");
	fputs("</dd><dt>Rules</dt><dd>", out);
	bs_html_textf(out, "%s, GFP table %s%s", s->rules->id, s->gfp->id, s->gfp_exact ? "" : " (nearest)");
	fputs("</dd><dt>Source</dt><dd>", out);
	bs_html_textf(out, "%s; pages of %" PRIu64 " kB", s->snapshot ? s->root : "live /proc and /sys", s->page_kb);
	fputs("</dd></dl>\n", out);
}

static void findings(FILE *out, const struct bs_status *s)
{
	fprintf(out, "<div id=\"verdict\" class=\"verdict %s\"><strong class=\"cause\">", s->nr_warn ? "warn" : "ok");
	bs_html_escape(out, s->verdict);
	fputs("</strong></div>\n", out);
	if (s->nr_warn) {
		fputs("<h2>Warnings</h2>\n<ul id=\"warnings\">\n", out);
		for (int i = 0; i < s->nr_warn; i++) {
			fputs("<li>", out);
			bs_html_escape(out, s->warn[i].text);
			fputs("<br><span class=\"mute\">change: ", out);
			bs_html_escape(out, s->warn[i].change);
			fputs("</span></li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	for (int i = 0; i < s->nr_missing; i++) {
		fputs("<p class=\"mute\">missing: ", out);
		bs_html_escape(out, s->missing[i]);
		fputs("</p>\n", out);
	}
}

static void grid(FILE *out, const struct bs_status *s)
{
	fputs("<h2>Would an order-N allocation succeed now?</h2>\n<p class=\"mute\">", out);
	bs_html_textf(out, "Node %d's zonelist. Green: at the low mark, no reclaim; yellow: only after waking kswapd "
		      "(min mark, the class's own reserves); red: no.", s->node);
	fputs("</p>\n<table id=\"grid\"><thead><tr><th>class</th>", out);
	for (int o = 0; o < s->nr_orders; o++)
		fprintf(out, "<th class=\"num\">%d</th>", o);
	fputs("<th>highest low / min</th></tr></thead><tbody>\n", out);
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_status_class_result *k = &s->cls[c];

		fputs("<tr><th>", out);
		bs_html_escape(out, k->name);
		fputs("</th>", out);
		if (!s->has_zoneinfo || !k->known) {
			fprintf(out, "<td colspan=\"%d\" class=\"cell-na\">%s</td></tr>\n", s->nr_orders + 1,
				!s->has_zoneinfo ? "no zoneinfo: no marks to check against" : "not in this kernel's GFP table");
			continue;
		}
		for (int o = 0; o < s->nr_orders; o++)
			fprintf(out, "<td class=\"%s\" title=\"order %d: %s\">%s</td>",
				k->ok_low[o] ? "cell-ok" : k->ok_min[o] ? "cell-kswapd" : "cell-no", o,
				k->ok_low[o] ? "succeeds at the low mark" : k->ok_min[o] ? "only after waking kswapd" : "fails",
				k->ok_low[o] ? "Y" : k->ok_min[o] ? "k" : "&middot;");
		fputs("<td>", out);
		if (k->highest_low < 0)
			fputs("none", out);
		else
			fprintf(out, "%d", k->highest_low);
		fputs(" / ", out);
		if (k->highest_min < 0)
			fputs("none", out);
		else
			fprintf(out, "%d", k->highest_min);
		fprintf(out, "%s</td></tr>\n", k->may_compact ? "" : " (no compaction)");
	}
	fputs("</tbody></table>\n", out);
}

/* lowmem_reserve[] of a zone, each entry named by the zone whose requests it applies to. */
static void protection(FILE *out, const struct bs_status *s, int zi)
{
	const struct bs_proc_zone *pz = s->z[zi].pz;

	if (!pz->nr_protection)
		return;
	fprintf(out, "<table id=\"protection-%d\" class=\"protection\"><thead><tr><th>requests whose highest zone is</th>",
		zi);
	for (int j = 0; j < pz->nr_protection; j++) {
		const char *n = bs_status_zone_idx_name(s, pz->node, j);

		fputs("<th class=\"num\">", out);
		if (n)
			bs_html_escape(out, n);
		else
			fprintf(out, "zone %d", j);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody><tr><td>protection (pages kept back)</td>", out);
	for (int j = 0; j < pz->nr_protection; j++)
		fprintf(out, "<td class=\"num\">%" PRIu64 "</td>", pz->protection[j]);
	fputs("</tr></tbody></table>\n", out);
}

/* The status zone's free blocks per order, one series per migratetype (pagetypeinfo), else one of all. */
static int zone_series(const struct bs_status *s, const struct bs_proc_zone *pz, struct bs_chart_series *se)
{
	static const char *const cls[] = { "mt-U", "mt-M", "mt-E", "mt-H", "mt-R", "mt-C", "mt-I" };
	/* GFP_KERNEL's view: its own lists and their fallbacks, not CMA, the highatomic reserve or isolated blocks */
	unsigned usable = BS_MT_U | BS_MT_M | BS_MT_E;
	int n = 0;

	memset(se, 0, BS_CHART_MAX_SERIES * sizeof(*se));
	if (!pz->has_types) {
		se[0].name = "all lists";
		se[0].cls = "mt-any";
		se[0].usable = true;
		memcpy(se[0].blocks, pz->nr_free, sizeof(se[0].blocks));
		return 1;
	}
	for (int m = 0; m < s->pz.nr_mt && n < BS_CHART_MAX_SERIES; m++) {
		unsigned bit = bs_proc_mt_bit(s->pz.mt_names[m]);
		int b = 0;

		while (bit && !(bit & (1u << b)))
			b++;
		se[n].name = s->pz.mt_names[m];
		se[n].cls = bit && b < 7 ? cls[b] : "mt-any";
		se[n].usable = !bit || (bit & usable);
		memcpy(se[n].blocks, pz->type_free[m], sizeof(se[n].blocks));
		n++;
	}
	return n;
}

static void zone(FILE *out, const struct bs_status *s, int zi)
{
	const struct bs_status_zone *z = &s->z[zi];
	const struct bs_proc_zone *pz = z->pz;
	const struct bs_status_cls *kc = &z->cls[BS_CLASS_KERNEL];
	struct bs_chart_series se[BS_CHART_MAX_SERIES];
	char label[48], id1[24], id2[24];
	struct bs_chart_marks mk = {
		.label = label, .id = id1, .page_kb = s->page_kb, .free = z->free_pages,
		.min = (pz->has & BS_PZ_MIN) ? (long)pz->min : -1, .low = (pz->has & BS_PZ_LOW) ? (long)pz->low : -1,
		.high = (pz->has & BS_PZ_HIGH) ? (long)pz->high : -1,
		.reserve = kc->eligible ? kc->reserve : -1, .request = -1,
	};
	struct bs_chart_orders oc = { .label = label, .id = id2, .page_kb = s->page_kb, .nr_orders = pz->nr_orders,
				      .request_order = s->req.set ? (int)s->req.order : -1, .series = se };

	snprintf(label, sizeof(label), "Node %d %s", pz->node, pz->name);
	snprintf(id1, sizeof(id1), "marks-%d", zi);
	snprintf(id2, sizeof(id2), "orders-%d", zi);
	fputs("<h3>", out);
	bs_html_escape(out, label);
	fputs("</h3>\n", out);
	if (kc->eligible)
		bs_html_textf(out, "Shaded on the marks chart: the protection GFP_KERNEL requests add here (%ld pages).",
			      kc->reserve);
	protection(out, s, zi);
	fputs("<div class=\"charts\"><figure>", out);
	if (pz->has & BS_PZ_MIN)
		bs_chart_marks(out, &mk);
	fputs("</figure>", out);
	if (pz->has_buddy || pz->has_types) {
		oc.nr_series = zone_series(s, pz, se);
		fputs("<figure>", out);
		bs_chart_orders(out, &oc);
		fputs("<figcaption>Faded, dashed: lists GFP_KERNEL may not take a block from.</figcaption></figure>", out);
	}
	fputs("</div>\n", out);
}

static void activity(FILE *out, const struct bs_status *s)
{
	const struct bs_status_activity *a = &s->act;

	if (!s->has_vmstat)
		return;
	fprintf(out, "<h2>Reclaim and compaction</h2>\n<p class=\"mute\">%s</p>\n<table id=\"activity\"><tbody>\n",
		a->rates ? "per second over the interval" : "since boot");
	for (int i = 0; i < a->n; i++) {
		if (!a->c[i].present)
			continue;
		fputs("<tr><td>", out);
		bs_html_escape(out, a->c[i].name);
		if (a->rates)
			fprintf(out, "</td><td class=\"num\">%.1f</td></tr>\n", a->interval > 0 ? a->c[i].value / a->interval : 0.0);
		else
			fprintf(out, "</td><td class=\"num\">%" PRIu64 "</td></tr>\n", a->c[i].value);
	}
	fputs("</tbody></table>\n", out);
}

int bs_status_render_html(const struct bs_status *s, FILE *out)
{
	bs_html_begin(out, "buddyscope status");
	header(out, s);
	findings(out, s);
	grid(out, s);
	fputs("<h2>Zones</h2>\n", out);
	for (int i = 0; i < s->nr_z; i++)
		zone(out, s, i);
	activity(out, s);
	bs_html_end(out);
	return ferror(out) ? -1 : 0;
}
