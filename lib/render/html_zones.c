// SPDX-License-Identifier: MIT
/*
 * html_zones.c - a report's zones on the page (html_parts.h): the replay
 * table, per zone the marks and the free blocks per order, and the
 * watermark check of the zone that matters drawn as steps.
 *
 * A report's buddy line prints per order one count and the letters of the
 * non-empty lists (7*4kB (UME)), not a count per list.  Where an order
 * printed one letter its blocks are all of that migratetype, and its bar
 * is stacked as that migratetype (Movable, CMA, ...); where it printed
 * several, the split among them is not in the report, and the bar is one
 * piece named for what the letters make of it for this request: "several
 * usable lists", "usable and unusable lists" or "several unusable lists"
 * (CMA, highatomic, reserve, isolate).  Unusable pieces are drawn faded.
 * status's page (pagetypeinfo) has the counts per list.
 */
#include <inttypes.h>
#include <string.h>

#include "render/html.h"
#include "render/wmark_steps.h"
#include "render/html_parts.h"
#include "render/svg.h"
#include "kernel/rules.h"

/* The migratetype letters a buddy line prints, UMEHRCI: enum bs_mt_letter's bits 0..6. */
#define NR_MT 7

/* One series per migratetype letter (bs_mt_letter bit order), then the pieces of several letters. */
enum { SER_MT0, SER_SEVERAL_USABLE = SER_MT0 + NR_MT, SER_MIXED, SER_SEVERAL_UNUSABLE, SER_UNTYPED, NR_SER };

/* A buddy line as series: each order's blocks under its one migratetype, or what its several letters are to @usable. */
static void buddy_series(const struct bs_buddy *b, unsigned usable, struct bs_chart_series *s)
{
	static const char *const mt_name[NR_MT] = {
		"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Reserve", "CMA", "Isolate",
	};
	static const char *const mt_cls[NR_MT] = { "mt-U", "mt-M", "mt-E", "mt-H", "mt-R", "mt-C", "mt-I" };

	memset(s, 0, NR_SER * sizeof(*s));
	for (int k = 0; k < NR_MT; k++) {
		s[SER_MT0 + k].name = mt_name[k];
		s[SER_MT0 + k].cls = mt_cls[k];
		s[SER_MT0 + k].usable = usable & (1u << k);
	}
	s[SER_SEVERAL_USABLE] = (struct bs_chart_series){ .name = "several usable lists", .cls = "mt-usable", .usable = true };
	s[SER_MIXED] = (struct bs_chart_series){ .name = "usable and unusable lists", .cls = "mt-mixed", .usable = true };
	s[SER_SEVERAL_UNUSABLE] = (struct bs_chart_series){ .name = "several unusable lists", .cls = "mt-unusable" };
	s[SER_UNTYPED] = (struct bs_chart_series){ .name = "lists not printed", .cls = "mt-any", .usable = true };
	for (int o = 0; o < b->nr_orders && o < BS_MAX_ORDERS; o++) {
		unsigned t = b->types[o] & ((1u << NR_MT) - 1);
		int k;

		if (!t)
			k = SER_UNTYPED;
		else if (!(t & (t - 1)))
			k = SER_MT0 + __builtin_ctz(t);
		else
			k = !(t & ~usable) ? SER_SEVERAL_USABLE : (t & usable) ? SER_MIXED : SER_SEVERAL_UNUSABLE;
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

/*
 * Step @s of replayed zone @z as a point of the chart, when it is a check:
 * the order-0 check (free left against min + lowmem_reserve), a pre-4.4
 * loop order (pages left against the halved min) or a free-area scan
 * (pages in blocks of the order against one block).  The numbers are the
 * step's own, the ones the text and JSON print; the sentence is the tip.
 * Returns false for the steps that are not checks (subtractions, notes).
 */
static bool chart_step(const struct bs_zone_replay *z, const struct bs_wmark_step *s, struct bs_chart_step *c)
{
	int o = s->order;

	switch ((enum bs_wstep_op)s->op) {
	case BS_WSTEP_ORDER0:
		snprintf(c->label, sizeof(c->label), "order-0 check");
		c->have = s->have;
		c->need = s->need + s->reserve;
		c->ok = s->ok;
		break;
	case BS_WSTEP_LOOP:
		snprintf(c->label, sizeof(c->label), "o=%d", o);
		c->have = s->have;
		c->need = s->need;
		c->ok = s->ok;
		break;
	case BS_WSTEP_SCAN_FOUND:
		snprintf(c->label, sizeof(c->label), "block o=%d", o);
		c->have = (long)(s->blocks << o);
		c->need = 1L << o;
		c->ok = true;
		break;
	case BS_WSTEP_SCAN_WRONG_LISTS:
	case BS_WSTEP_SCAN_NO_BLOCK:
	case BS_WSTEP_SCAN_CUT:
		snprintf(c->label, sizeof(c->label), "block o>=%d", o);
		c->have = 0;
		c->need = 1L << o;
		c->ok = false;
		break;
	default:
		return false;
	}
	bs_wmark_step_text(z, s, c->tip, sizeof(c->tip));
	return true;
}

/* The checks of @z's replay, in order, as chart points. */
static void replay_points(struct bs_chart_steps *c, const struct bs_zone_replay *z)
{
	for (int i = 0; i < z->nr_steps && c->n < BS_CHART_MAX_STEPS; i++)
		if (chart_step(z, &z->steps[i], &c->step[c->n]))
			c->n++;
}

static void steps_chart(FILE *out, size_t g, const struct bs_analysis *a, const struct bs_zone_replay *z)
{
	struct bs_chart_steps c = { .n = 0 };
	char id[32], label[48];

	snprintf(id, sizeof(id), "steps-%zu", g);
	snprintf(label, sizeof(label), "Node %d %s", z->zone->node, z->zone->name);
	c.id = id;
	c.label = label;
	replay_points(&c, z);
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
