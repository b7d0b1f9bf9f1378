// SPDX-License-Identifier: MIT
/*
 * html_zones.c - a report's zones on the page (html_parts.h): the replay
 * table, per zone the marks and the free blocks per order, and the
 * watermark check of the zone that matters drawn as steps.
 *
 * A report's buddy line prints per order one count and the letters of the
 * non-empty lists, not a count per list: an order's bar is therefore one
 * piece, "usable" when every list printed may serve the request, "not
 * usable" when none may (CMA, highatomic, reserve, isolate), "mixed" when
 * both are there.  status's page (pagetypeinfo) has the counts per list.
 */
#include <inttypes.h>
#include <string.h>

#include "render/html.h"
#include "render/wmark_steps.h"
#include "render/html_parts.h"
#include "render/svg.h"
#include "kernel/rules.h"

enum { SER_USABLE, SER_MIXED, SER_UNUSABLE, SER_UNTYPED, NR_SER };

/* A buddy line as four series: its orders' blocks by what @usable letters make of them. */
static void buddy_series(const struct bs_buddy *b, unsigned usable, struct bs_chart_series *s)
{
	static const char *const name[NR_SER] = { "usable", "mixed lists", "CMA/highatomic/reserve", "lists not printed" };
	static const char *const cls[NR_SER] = { "mt-usable", "mt-mixed", "mt-unusable", "mt-any" };

	memset(s, 0, NR_SER * sizeof(*s));
	for (int k = 0; k < NR_SER; k++) {
		s[k].name = name[k];
		s[k].cls = cls[k];
		s[k].usable = k != SER_UNUSABLE;
	}
	for (int o = 0; o < b->nr_orders && o < BS_MAX_ORDERS; o++) {
		unsigned t = b->types[o];
		int k = !t ? SER_UNTYPED : !(t & ~usable) ? SER_USABLE : (t & usable) ? SER_MIXED : SER_UNUSABLE;

		s[k].blocks[o] = b->nr_free[o];
		bs_mt_letters(t, s[k].letters[o]);
	}
}

/* The series that hold a block somewhere, packed to the front; returns their number. */
static int used_series(struct bs_chart_series *s, int n)
{
	int m = 0;

	for (int k = 0; k < n; k++) {
		bool any = false;

		for (int o = 0; o < BS_MAX_ORDERS; o++)
			any |= s[k].blocks[o] != 0;
		if (any)
			s[m++] = s[k];
	}
	return m;
}

static long zone_pages(const struct bs_zone *z, enum bs_zone_field f, uint64_t page_kb)
{
	return (z->has & (1ull << f)) && page_kb ? (long)(z->kb[f] / page_kb) : -1;
}

static void zone_charts(FILE *out, size_t g, int zi, const char *label, const struct bs_zone *zn, uint64_t page_kb,
			long reserve, long request, int order, unsigned usable)
{
	struct bs_chart_marks mk = { .label = label, .page_kb = page_kb, .reserve = reserve, .request = request };
	struct bs_chart_series s[NR_SER];
	struct bs_chart_orders oc = { .label = label, .page_kb = page_kb, .request_order = order, .series = s };
	char id1[48], id2[48];

	snprintf(id1, sizeof(id1), "marks-%zu-%d", g, zi);
	snprintf(id2, sizeof(id2), "orders-%zu-%d", g, zi);
	mk.id = id1;
	mk.free = zone_pages(zn, BS_ZF_FREE, page_kb);
	mk.min = zone_pages(zn, BS_ZF_MIN, page_kb);
	mk.low = zone_pages(zn, BS_ZF_LOW, page_kb);
	mk.high = zone_pages(zn, BS_ZF_HIGH, page_kb);
	fputs("<div class=\"charts\"><figure>", out);
	bs_chart_marks(out, &mk);
	fputs("</figure>", out);
	if (zn->buddy.present) {
		oc.id = id2;
		oc.nr_orders = zn->buddy.nr_orders;
		buddy_series(&zn->buddy, usable, s);
		oc.nr_series = used_series(s, NR_SER);
		fputs("<figure>", out);
		bs_chart_orders(out, &oc);
		fputs("</figure>", out);
	}
	fputs("</div>\n", out);
}

static void size_cell(FILE *out, bool known, uint64_t kb)
{
	char sz[24];

	if (known)
		fprintf(out, "<td class=\"num\" data-v=\"%" PRIu64 "\" title=\"%" PRIu64 " kB\">%s</td>", kb, kb,
			bs_size_text(sz, sizeof(sz), kb));
	else
		fputs("<td class=\"num\">-</td>", out);
}

static const char *outcome(const struct bs_zone_replay *z, bool ok, bool known)
{
	if (z->fail == BS_WF_NO_DATA || !known)
		return "-";
	return ok ? "ok" : "FAIL";
}

static void replay_table(FILE *out, size_t g, const struct bs_analysis *a)
{
	fprintf(out, "<table id=\"zones-%zu\" class=\"zones\"><thead><tr><th>zone</th><th class=\"num\">free</th>"
		"<th class=\"num\">min</th><th class=\"num\">low</th><th class=\"num\">lowmem_reserve</th>"
		"<th class=\"num\">in blocks &ge; order %u</th><th>types</th><th>low mark</th><th>min mark</th>"
		"<th>result</th></tr></thead><tbody>\n", g, a->rep->order);
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;
		char t[8];
		const char *lo = outcome(z, z->ok_low, z->low_known), *mi = outcome(z, z->ok_min, true);

		fputs("<tr><td>", out);
		bs_html_textf(out, "Node %d %s", zn->node, zn->name);
		fputs("</td>", out);
		size_cell(out, zn->has & (1ull << BS_ZF_FREE), zn->kb[BS_ZF_FREE]);
		size_cell(out, zn->has & (1ull << BS_ZF_MIN), zn->kb[BS_ZF_MIN]);
		size_cell(out, zn->has & (1ull << BS_ZF_LOW), zn->kb[BS_ZF_LOW]);
		if (!z->eligible) {
			fputs("<td>-</td><td>-</td><td></td><td>-</td><td>-</td><td class=\"mute\">not in zonelist</td></tr>\n",
			      out);
			continue;
		}
		if (z->reserve_known)
			fprintf(out, "<td class=\"num\">%ld pages</td>", z->reserve);
		else
			fputs("<td class=\"num\">-</td>", out);
		size_cell(out, zn->buddy.present, z->kb_at_or_above);
		bs_mt_letters(z->types_at_or_above, t);
		fputs("<td class=\"mono\">", out);
		bs_html_escape(out, t);
		fprintf(out, "</td><td class=\"%s\">%s</td><td class=\"%s\">%s</td><td>%s</td></tr>\n",
			!strcmp(lo, "FAIL") ? "fail" : "ok", lo, !strcmp(mi, "FAIL") ? "fail" : "ok", mi,
			bs_wmark_fail_name(z->fail));
	}
	fputs("</tbody></table>\n", out);
}

/* The zone the verdict rests on: eligible, replayed, most free (a failure there surprises most). */
static const struct bs_zone_replay *zone_that_matters(const struct bs_analysis *a)
{
	const struct bs_zone_replay *best = NULL;

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		if (z->eligible && z->fail != BS_WF_NO_DATA && (!best || z->free_pages > best->free_pages))
			best = z;
	}
	return best;
}

static void add_step(struct bs_chart_steps *c, const char *label, long have, long need, bool ok)
{
	struct bs_chart_step *s;

	if (c->n >= BS_CHART_MAX_STEPS)
		return;
	s = &c->step[c->n++];
	snprintf(s->label, sizeof(s->label), "%s", label);
	s->have = have;
	s->need = need;
	s->ok = ok;
}

/*
 * The pre-4.4 loop that failed at order f: pages left after each order,
 * walked back from the analysis's numbers at f (have, need) by adding the
 * orders' blocks again, against the min halved once per order.
 */
static void loop_steps(struct bs_chart_steps *c, const struct bs_zone_replay *z, long min)
{
	const struct bs_buddy *b = &z->zone->buddy;
	long have[BS_MAX_ORDERS + 1], start;
	int f = z->fail_order;
	char label[24];

	have[f] = z->fail_have;
	for (int o = f; o > 0; o--)
		have[o - 1] = have[o] + (long)(b->nr_free[o] << o);
	start = have[0] + (long)b->nr_free[0];
	/* the loop starts from what passed the order-0 check */
	add_step(c, "order-0 check", start, min + z->reserve, true);
	for (int o = 0; o <= f; o++) {
		/* the same halving as the check; its last step is the analysis's own need */
		long need = o == f ? z->fail_need : min >> (o + 1);

		snprintf(label, sizeof(label), "o=%d", o);
		add_step(c, label, have[o], need, o != f);
	}
}

static void steps_chart(FILE *out, size_t g, const struct bs_analysis *a, const struct bs_zone_replay *z)
{
	struct bs_chart_steps c = { .n = 0 };
	long min = bs_rules_effective_min(a->rules, z->min_pages, a->slow.alloc_flags);
	unsigned order = a->rep->order;
	const struct bs_buddy *b = &z->zone->buddy;
	char id[32], label[48], lbl[24];

	snprintf(id, sizeof(id), "steps-%zu", g);
	snprintf(label, sizeof(label), "Node %d %s", z->zone->node, z->zone->name);
	c.id = id;
	c.label = label;
	if (z->fail == BS_WF_ORDER_LOOP && z->fail_order >= 0 && z->fail_order < b->nr_orders) {
		loop_steps(&c, z, min);
	} else if (z->fail == BS_WF_ORDER0) {
		add_step(&c, "order-0 check", z->fail_have, z->fail_need, false);
	} else {
		/* passed the order-0 check: the free pages, less the request, against min + lowmem_reserve */
		add_step(&c, "order-0 check", z->free_pages - ((1L << order) - 1), min + z->reserve, true);
		for (int o = (int)order; o < b->nr_orders && a->rules->wmark == BS_WMARK_FREE_AREA_SCAN; o++) {
			unsigned usable = bs_wmark_usable_letters(a->rules, a->slow.alloc_flags);
			bool ok = b->nr_free[o] && (!b->types[o] || (b->types[o] & usable));

			snprintf(lbl, sizeof(lbl), "block o=%d", o);
			add_step(&c, lbl, ok ? (long)(b->nr_free[o] << o) : 0, 1L << order, ok);
			if (ok)
				break;
		}
	}
	fputs("<h3>The watermark check of the zone that matters</h3>\n<figure>", out);
	bs_chart_steps(out, &c);
	fputs("<figcaption>", out);
	bs_html_textf(out, "%s, %s, at the min mark; the arithmetic:", label,
		      a->rules->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4: pages left after each order against min halved per order"
							     : "the order-0 check, then a free block of the order on a usable list");
	fputs("</figcaption></figure>\n<pre class=\"arithmetic\">", out);
	for (int i = 0; i < z->nr_steps; i++) {
		char text[512];

		bs_html_escape(out, bs_wmark_step_text(z, &z->steps[i], text, sizeof(text)));
		fputc('\n', out);
	}
	fputs("</pre>\n", out);
}

void bs_html_alloc_zones(FILE *out, size_t g, const struct bs_analysis *a)
{
	const struct bs_zone_replay *kz = zone_that_matters(a);
	unsigned usable = bs_wmark_usable_letters(a->rules, a->slow.alloc_flags);

	fprintf(out, "<h3>Zones</h3>\n<p class=\"mute\">Watermark check replayed for order %u (%s); pages of %" PRIu64
		" kB.</p>\n", a->rep->order,
		a->rules->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4 per-order loop" : "order-0 check + free-area scan", a->page_kb);
	replay_table(out, g, a);
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		char label[48];
		long min, request = -1;

		if (!z->eligible)
			continue;
		snprintf(label, sizeof(label), "Node %d %s", z->zone->node, z->zone->name);
		min = bs_rules_effective_min(a->rules, z->min_pages, a->slow.alloc_flags);
		if (z->reserve_known && z->fail != BS_WF_NO_DATA)
			request = min + z->reserve + (1L << a->rep->order) - 1;
		fputs("<h3>", out);
		bs_html_escape(out, label);
		fputs("</h3>\n", out);
		zone_charts(out, g, i, label, z->zone, a->page_kb, z->reserve_known ? z->reserve : -1, request,
			    (int)a->rep->order, usable);
	}
	if (kz)
		steps_chart(out, g, a, kz);
}

void bs_html_memstate_zones(FILE *out, size_t g, const struct bs_memstate *m)
{
	/* no request: blocks are told apart as GFP_KERNEL sees them (no CMA, no reserves) */
	unsigned usable = BS_MT_U | BS_MT_M | BS_MT_E;

	for (int i = 0; i < m->nr_zones; i++) {
		const struct bs_zone *z = m->zones[i].zone;
		char label[48];

		snprintf(label, sizeof(label), "Node %d %s", z->node, z->name);
		fputs("<h3>", out);
		bs_html_escape(out, label);
		fputs(" <span class=\"mute\">", out);
		bs_html_escape(out, bs_mark_level_name(m->zones[i].level));
		fputs("</span></h3>\n", out);
		zone_charts(out, g, i, label, z, m->page_kb, -1, -1, m->focus_order, usable);
	}
	if (!m->gfp_id)
		return;
	fprintf(out, "<h3>Highest order that passes the watermark check</h3>\n<table id=\"classes-%zu\"><thead><tr>"
		"<th>class</th><th>highest zone</th><th class=\"num\">at the low mark</th><th class=\"num\">at the min mark</th>"
		"</tr></thead><tbody>\n", g);
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		const struct bs_memstate_class *k = &m->cls[c];

		fputs("<tr><td>", out);
		bs_html_escape(out, k->name);
		if (!k->known || !k->checked) {
			fprintf(out, "</td><td colspan=\"3\" class=\"mute\">%s</td></tr>\n",
				!k->known ? "not in this kernel's GFP table" : "no zone of its zonelist printed marks and blocks");
			continue;
		}
		fputs("</td><td>", out);
		bs_html_escape(out, k->highest_zone ? k->highest_zone : "?");
		if (k->highest_low < 0)
			fputs("</td><td class=\"num cell-no\">none", out);
		else
			fprintf(out, "</td><td class=\"num\">%d", k->highest_low);
		if (k->highest_min < 0)
			fputs("</td><td class=\"num cell-no\">none</td></tr>\n", out);
		else
			fprintf(out, "</td><td class=\"num\">%d</td></tr>\n", k->highest_min);
	}
	fputs("</tbody></table>\n", out);
}
