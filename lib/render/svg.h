/* SPDX-License-Identifier: MIT */
/*
 * svg.h - the inline SVG the HTML pages draw with: primitives (a chart
 * frame, rectangles and lines with a hover title, text) written straight
 * to a stream, and the charts built from them (html_charts.c).  Coordinates
 * are in CSS pixels; classes carry the colours (html_doc.c's style).
 * Every text and title is escaped.
 */
#ifndef BS_RENDER_SVG_H
#define BS_RENDER_SVG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "parse/report.h"

/* <svg id=@id class="chart @cls" ...> with a <title> (@title, escaped) for screen readers. */
void bs_svg_begin(FILE *out, const char *id, const char *cls, int w, int h, const char *title);
void bs_svg_end(FILE *out);

/* A rectangle of class @cls; @tip (escaped, may be NULL) shows on hover.  Negative sizes draw nothing. */
void bs_svg_rect(FILE *out, double x, double y, double w, double h, const char *cls, const char *tip);
void bs_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls, const char *tip);
void bs_svg_circle(FILE *out, double x, double y, double r, const char *cls, const char *tip);

/* Text at (@x, @y), @anchor "start", "middle" or "end"; the formatted text is escaped. */
void bs_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* A polyline through @n points (@xs, @ys) of class @cls. */
void bs_svg_polyline(FILE *out, const double *xs, const double *ys, int n, const char *cls);

/* The smallest 1, 2 or 5 times a power of ten at or above @v (1 for @v <= 0): an axis maximum. */
double bs_svg_nice_max(double v);

/* --- charts (html_charts.c) ---------------------------------------------- */

/* A zone's free pages against its marks; a value < 0 was not printed and is not drawn. */
struct bs_chart_marks {
	const char *id;			/* element id, unique in the page */
	const char *label;		/* "Node 1 Normal" */
	long free, min, low, high;	/* pages */
	long reserve;			/* lowmem_reserve[] that applied to the request; < 0 unknown */
	long request;			/* pages free must exceed for the request at the min mark
					   (min + reserve + 2^order - 1); < 0 none */
	uint64_t page_kb;
};
void bs_chart_marks(FILE *out, const struct bs_chart_marks *c);

/*
 * Free blocks per order, as pages held in blocks of each order, stacked
 * by series (migratetypes, or for a report the letters' usability).  A
 * series marked !usable is drawn faded and dashed: the request may not
 * take those blocks.
 */
#define BS_CHART_MAX_SERIES 8
struct bs_chart_series {
	const char *name;		/* "Movable", "usable (UM)" */
	const char *cls;		/* "mt-M", "mt-usable" */
	bool usable;
	uint64_t blocks[BS_MAX_ORDERS];
	char letters[BS_MAX_ORDERS][8];	/* report series: the letters printed per order, "" none */
};
struct bs_chart_orders {
	const char *id;
	const char *label;
	int nr_orders;
	int request_order;		/* marked; -1 none */
	const struct bs_chart_series *series;
	int nr_series;
	uint64_t page_kb;
};
void bs_chart_orders(FILE *out, const struct bs_chart_orders *c);

/* The watermark check as steps: pages the check still counts against what it needs. */
#define BS_CHART_MAX_STEPS (BS_MAX_ORDERS + 2)
struct bs_chart_step {
	char label[24];			/* "order-0 check", "o=3" */
	long have, need;
	bool ok;
};
struct bs_chart_steps {
	const char *id;
	const char *label;
	struct bs_chart_step step[BS_CHART_MAX_STEPS];
	int n;
};
void bs_chart_steps(FILE *out, const struct bs_chart_steps *c);

/* Horizontal bars: one row per item, lengths against the largest; @cls per item (NULL: "bar"). */
#define BS_CHART_MAX_BARS 32
struct bs_chart_bar {
	char label[80];
	uint64_t kb;
	const char *cls;
};
void bs_chart_hbars(FILE *out, const char *id, const char *title, const struct bs_chart_bar *bars, int n);

#endif
