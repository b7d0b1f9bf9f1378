// SPDX-License-Identifier: MIT
/*
 * html_charts.c - the charts explain's and status's pages share (svg.h):
 * a zone's free pages against its marks, free blocks per order stacked by
 * migratetype, the watermark check as steps, and horizontal bars.  They
 * draw the numbers they are handed; none of them computes a verdict.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/html.h"
#include "render/svg.h"

#define MARKS_W 480
#define MARKS_H 108
#define PAD_L 10
#define PAD_R 14

static double scale_x(double v, double max, double w)
{
	return PAD_L + v / max * (w - PAD_L - PAD_R);
}

/* One mark as a vertical line with its name above; @row staggers names that would overlap. */
static void mark_line(FILE *out, double x, const char *cls, const char *name, long pages, uint64_t page_kb, int row)
{
	char tip[96], sz[24];

	snprintf(tip, sizeof(tip), "%s: %ld pages (%s)", name, pages, bs_size_text(sz, sizeof(sz), (uint64_t)pages * page_kb));
	bs_svg_line(out, x, 38, x, 78, cls, tip);
	bs_svg_text(out, x, 34 - row * 11, "middle", NULL, "%s", name);
}

void bs_chart_marks(FILE *out, const struct bs_chart_marks *c)
{
	double max = (double)c->free, x;
	char title[160], sz[24], tip[160];
	int row = 0;

	if (c->high > max)
		max = (double)c->high;
	if (c->request > max)
		max = (double)c->request;
	if (c->min >= 0 && c->reserve > 0 && c->min + c->reserve > max)
		max = (double)(c->min + c->reserve);
	max = bs_svg_nice_max(max * 1.05);
	snprintf(title, sizeof(title), "%s: free pages against min/low/high", c->label);
	bs_svg_begin(out, c->id, "marks", MARKS_W, MARKS_H, title);
	bs_svg_line(out, PAD_L, 78, MARKS_W - PAD_R, 78, "axis", NULL);
	/* lowmem_reserve sits on top of the mark it is added to: the band the check also wants */
	if (c->min >= 0 && c->reserve > 0) {
		snprintf(tip, sizeof(tip), "lowmem_reserve that applied: %ld pages, added to min", c->reserve);
		bs_svg_rect(out, scale_x((double)c->min, max, MARKS_W), 42,
			    scale_x((double)(c->min + c->reserve), max, MARKS_W) - scale_x((double)c->min, max, MARKS_W), 32,
			    "reserve", tip);
	}
	if (c->free >= 0) {
		snprintf(tip, sizeof(tip), "free: %ld pages (%s)", c->free,
			 bs_size_text(sz, sizeof(sz), (uint64_t)c->free * c->page_kb));
		bs_svg_rect(out, PAD_L, 48, scale_x((double)c->free, max, MARKS_W) - PAD_L, 20, "free", tip);
	}
	if (c->min >= 0)
		mark_line(out, scale_x((double)c->min, max, MARKS_W), "mark-min", "min", c->min, c->page_kb, row++);
	if (c->low >= 0)
		mark_line(out, scale_x((double)c->low, max, MARKS_W), "mark-low", "low", c->low, c->page_kb, row++);
	if (c->high >= 0)
		mark_line(out, scale_x((double)c->high, max, MARKS_W), "mark-high", "high", c->high, c->page_kb, row++);
	if (c->request >= 0) {
		x = scale_x((double)c->request, max, MARKS_W);
		snprintf(tip, sizeof(tip), "the request needs more than %ld free pages at the min mark", c->request);
		bs_svg_line(out, x, 40, x, 82, "request", tip);
		bs_svg_text(out, x, 93, "middle", NULL, "request");
	}
	bs_svg_text(out, PAD_L, 104, "start", "mute", "0");
	bs_svg_text(out, MARKS_W - PAD_R, 104, "end", "mute", "%.0f pages", max);
	if (c->free >= 0)
		bs_svg_text(out, PAD_L + 4, 62, "start", NULL, "free %s", bs_size_text(sz, sizeof(sz), (uint64_t)c->free * c->page_kb));
	bs_svg_end(out);
}

#define ORD_TOP 24
#define ORD_BOTTOM 166
#define ORD_LEFT 52
#define ORD_BAR 30

/* Width of one legend entry: a swatch, the name, "(not usable)" for faded ones; 6.5 px a character. */
static int legend_w(const struct bs_chart_series *se)
{
	return 24 + (int)(6.5 * (double)(strlen(se->name) + (se->usable ? 0 : 13)));
}

void bs_chart_orders(FILE *out, const struct bs_chart_orders *c)
{
	int w = ORD_LEFT + c->nr_orders * ORD_BAR + 20, lx = 10, rows = 1, height;
	double max = 0, h = ORD_BOTTOM - ORD_TOP;
	char title[160], tip[200], sz[24];

	if (w < 360)
		w = 360;
	for (int s = 0; s < c->nr_series; s++) {
		if (lx + legend_w(&c->series[s]) > w && lx > 10) {
			rows++;
			lx = 10;
		}
		lx += legend_w(&c->series[s]);
	}
	height = ORD_BOTTOM + 32 + 14 * rows;
	for (int o = 0; o < c->nr_orders; o++) {
		double sum = 0;

		for (int s = 0; s < c->nr_series; s++)
			sum += (double)(c->series[s].blocks[o] << o);
		if (sum > max)
			max = sum;
	}
	max = bs_svg_nice_max(max);
	snprintf(title, sizeof(title), "%s: free pages held in blocks of each order, by migratetype", c->label);
	bs_svg_begin(out, c->id, "orders", w, height, title);
	bs_svg_text(out, ORD_LEFT - 4, ORD_TOP + 4, "end", "mute", "%.0f", max);
	bs_svg_text(out, ORD_LEFT - 4, ORD_BOTTOM, "end", "mute", "0");
	bs_svg_text(out, 4, 12, "start", "mute", "pages in free blocks (pages of %" PRIu64 " kB)", c->page_kb);
	bs_svg_line(out, ORD_LEFT, ORD_BOTTOM, w - 10, ORD_BOTTOM, "axis", NULL);
	if (c->request_order >= 0 && c->request_order < c->nr_orders) {
		/* the orders a block could come from: the requested one and above */
		double x = ORD_LEFT + c->request_order * ORD_BAR + 1;

		bs_svg_rect(out, x, ORD_TOP - 6, (c->nr_orders - c->request_order) * ORD_BAR - 2, ORD_BOTTOM - ORD_TOP + 6,
			    "req-order", "orders at or above the request's: where its block must come from");
		bs_svg_text(out, x + 2, ORD_TOP + 6, "start", NULL, "order >= %d requested", c->request_order);
	}
	for (int o = 0; o < c->nr_orders; o++) {
		double x = ORD_LEFT + o * ORD_BAR + 4, y = ORD_BOTTOM;
		uint64_t total = 0;

		for (int s = 0; s < c->nr_series; s++) {
			const struct bs_chart_series *se = &c->series[s];
			double bh = max > 0 ? (double)(se->blocks[o] << o) / max * h : 0;
			char cls[48];

			total += se->blocks[o];
			if (!se->blocks[o])
				continue;
			snprintf(tip, sizeof(tip), "order %d, %s%s%s%s: %" PRIu64 " block%s, %s%s", o, se->name,
				 se->letters[o][0] ? " (" : "", se->letters[o], se->letters[o][0] ? ")" : "", se->blocks[o],
				 se->blocks[o] == 1 ? "" : "s", bs_size_text(sz, sizeof(sz), (se->blocks[o] << o) * c->page_kb),
				 se->usable ? "" : "; this request may not use them");
			snprintf(cls, sizeof(cls), "%s%s", se->cls, se->usable ? "" : " unusable");
			/* a block count too small to see still gets a sliver */
			if (bh < 1.5)
				bh = 1.5;
			y -= bh;
			bs_svg_rect(out, x, y, ORD_BAR - 8, bh, cls, tip);
		}
		bs_svg_text(out, x + (ORD_BAR - 8) / 2.0, ORD_BOTTOM + 12, "middle", NULL, "%d", o);
		bs_svg_text(out, x + (ORD_BAR - 8) / 2.0, y - 3, "middle", "mute", "%" PRIu64, total);
	}
	bs_svg_text(out, ORD_LEFT + c->nr_orders * ORD_BAR / 2.0, ORD_BOTTOM + 24, "middle", "mute",
		    "order (number above a bar: free blocks)");
	lx = 10;
	rows = 0;
	for (int s = 0; s < c->nr_series; s++) {
		const struct bs_chart_series *se = &c->series[s];
		double y = ORD_BOTTOM + 40 + 14 * rows;
		char cls[48];

		if (lx + legend_w(se) > w && lx > 10) {
			rows++;
			lx = 10;
			y += 14;
		}
		snprintf(cls, sizeof(cls), "%s%s", se->cls, se->usable ? "" : " unusable");
		bs_svg_rect(out, lx, y - 8, 10, 8, cls, NULL);
		bs_svg_text(out, lx + 13, y, "start", NULL, "%s%s", se->name, se->usable ? "" : " (not usable)");
		lx += legend_w(se);
	}
	bs_svg_end(out);
}

#define STEP_W 520
#define STEP_H 190
#define STEP_TOP 20
#define STEP_BOTTOM 150
#define STEP_LEFT 60

/* log10(1 + pages): the counts fall by orders of magnitude, the crossing is what matters */
static double step_y(long v, double lmax)
{
	return STEP_BOTTOM - log10(1.0 + (v > 0 ? (double)v : 0)) / lmax * (STEP_BOTTOM - STEP_TOP);
}

void bs_chart_steps(FILE *out, const struct bs_chart_steps *c)
{
	double xs[2 * BS_CHART_MAX_STEPS], hy[2 * BS_CHART_MAX_STEPS], ny[2 * BS_CHART_MAX_STEPS];
	double max = 0, lmax, dx = c->n ? (STEP_W - STEP_LEFT - 20) / (double)c->n : 1;
	char title[160], tip[160];

	for (int i = 0; i < c->n; i++) {
		if (c->step[i].have > max)
			max = (double)c->step[i].have;
		if (c->step[i].need > max)
			max = (double)c->step[i].need;
	}
	max = bs_svg_nice_max(max);
	lmax = log10(1.0 + max);
	snprintf(title, sizeof(title), "%s: the watermark check step by step", c->label);
	bs_svg_begin(out, c->id, "steps", STEP_W, STEP_H, title);
	bs_svg_line(out, STEP_LEFT, STEP_BOTTOM, STEP_W - 20, STEP_BOTTOM, "axis", NULL);
	bs_svg_line(out, STEP_LEFT, STEP_TOP, STEP_LEFT, STEP_BOTTOM, "axis", NULL);
	bs_svg_text(out, STEP_LEFT - 4, STEP_TOP + 4, "end", "mute", "%.0f", max);
	bs_svg_text(out, STEP_LEFT - 4, STEP_BOTTOM, "end", "mute", "0");
	bs_svg_text(out, 4, 12, "start", "mute", "pages (log scale)");
	for (double t = 10; t < max; t *= 10) {
		bs_svg_line(out, STEP_LEFT, step_y((long)t, lmax), STEP_W - 20, step_y((long)t, lmax), "grid", NULL);
		bs_svg_text(out, STEP_LEFT - 4, step_y((long)t, lmax) + 4, "end", "mute", "%.0f", t);
	}
	for (int i = 0; i < c->n; i++) {
		const struct bs_chart_step *s = &c->step[i];
		double y_have = step_y(s->have, lmax), y_need = step_y(s->need, lmax);
		double x0 = STEP_LEFT + i * dx;

		xs[2 * i] = x0;
		xs[2 * i + 1] = x0 + dx;
		hy[2 * i] = hy[2 * i + 1] = y_have;
		ny[2 * i] = ny[2 * i + 1] = y_need;
		snprintf(tip, sizeof(tip), "%s: %ld pages counted %s %ld needed: %s", s->label, s->have,
			 s->ok ? ">" : "<=", s->need, s->ok ? "ok" : "FAIL");
		bs_svg_circle(out, x0 + dx / 2, y_have, 4, s->ok ? "dot-ok" : "dot-fail", s->tip[0] ? s->tip : tip);
		bs_svg_text(out, x0 + dx / 2, STEP_BOTTOM + 13, "middle", NULL, "%s", s->label);
		bs_svg_text(out, x0 + dx / 2, STEP_BOTTOM + 26, "middle", s->ok ? "ok" : "fail", "%s", s->ok ? "ok" : "FAIL");
	}
	if (c->n) {
		bs_svg_polyline(out, xs, hy, 2 * c->n, "have");
		bs_svg_polyline(out, xs, ny, 2 * c->n, "need");
	}
	bs_svg_line(out, STEP_LEFT, STEP_H - 8, STEP_LEFT + 20, STEP_H - 8, "have", NULL);
	bs_svg_text(out, STEP_LEFT + 24, STEP_H - 4, "start", NULL, "pages the check counts");
	bs_svg_line(out, STEP_LEFT + 170, STEP_H - 8, STEP_LEFT + 190, STEP_H - 8, "need", NULL);
	bs_svg_text(out, STEP_LEFT + 194, STEP_H - 4, "start", NULL, "what it needs");
	bs_svg_end(out);
}

void bs_chart_hbars(FILE *out, const char *id, const char *title, const struct bs_chart_bar *bars, int n)
{
	int w = 560, label_w = 190, row = 18, h = 10 + n * row;
	double max = 0;
	char sz[24];

	for (int i = 0; i < n; i++)
		if ((double)bars[i].kb > max)
			max = (double)bars[i].kb;
	max = max > 0 ? max : 1;
	bs_svg_begin(out, id, "hbars", w, h, title);
	for (int i = 0; i < n; i++) {
		double y = 5 + i * row, bw = (double)bars[i].kb / max * (w - label_w - 90);

		bs_svg_text(out, label_w - 6, y + 12, "end", NULL, "%s", bars[i].label);
		bs_svg_rect(out, label_w, y + 2, bw, row - 5, bars[i].cls ? bars[i].cls : "bar", bars[i].label);
		bs_svg_text(out, label_w + bw + 4, y + 12, "start", "mute", "%s", bs_size_text(sz, sizeof(sz), bars[i].kb));
	}
	bs_svg_end(out);
}
