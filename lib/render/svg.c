// SPDX-License-Identifier: MIT
/*
 * svg.c - SVG primitives for the HTML pages (see svg.h): each writes one
 * element, escaping every text it is given.  Numbers are written with one
 * decimal, enough for pixels.
 */
#include <math.h>
#include <stdarg.h>

#include "render/html.h"
#include "render/svg.h"

void bs_svg_begin(FILE *out, const char *id, const char *cls, int w, int h, const char *title)
{
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"", out);
	bs_html_escape(out, id);
	fputs("\" class=\"chart ", out);
	bs_html_escape(out, cls);
	fprintf(out, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>", w, h, w, h);
	bs_html_escape(out, title);
	fputs("</title>\n", out);
}

void bs_svg_end(FILE *out)
{
	fputs("</svg>\n", out);
}

static void tip_close(FILE *out, const char *tag, const char *tip)
{
	if (!tip) {
		fputs("/>\n", out);
		return;
	}
	fputs("><title>", out);
	bs_html_escape(out, tip);
	fprintf(out, "</title></%s>\n", tag);
}

void bs_svg_rect(FILE *out, double x, double y, double w, double h, const char *cls, const char *tip)
{
	if (w < 0 || h < 0)
		return;
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"", x, y, w, h);
	bs_html_escape(out, cls);
	fputc('"', out);
	tip_close(out, "rect", tip);
}

void bs_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls, const char *tip)
{
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"", x1, y1, x2, y2);
	bs_html_escape(out, cls);
	fputc('"', out);
	tip_close(out, "line", tip);
}

void bs_svg_circle(FILE *out, double x, double y, double r, const char *cls, const char *tip)
{
	fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" class=\"", x, y, r);
	bs_html_escape(out, cls);
	fputc('"', out);
	tip_close(out, "circle", tip);
}

void bs_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor);
	if (cls) {
		fputs(" class=\"", out);
		bs_html_escape(out, cls);
		fputc('"', out);
	}
	fputc('>', out);
	bs_html_escape(out, buf);
	fputs("</text>\n", out);
}

void bs_svg_polyline(FILE *out, const double *xs, const double *ys, int n, const char *cls)
{
	fputs("<polyline points=\"", out);
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
	fputs("\" class=\"", out);
	bs_html_escape(out, cls);
	fputs("\"/>\n", out);
}

double bs_svg_nice_max(double v)
{
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}
