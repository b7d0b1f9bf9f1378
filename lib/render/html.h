/* SPDX-License-Identifier: MIT */
/*
 * html.h - self-contained HTML pages for people to attach to a ticket:
 * `explain --html` and `status --html`.  One file, nothing fetched: the
 * style and the few lines of script (table sorting) are inline, the charts
 * are inline SVG written by svg.c.  Every string that came from a log or
 * from /proc goes through bs_html_escape(), in text and in attributes.
 *
 * The renderers only walk results (results.h, status.h); they never call
 * the analysis.
 */
#ifndef BS_RENDER_HTML_H
#define BS_RENDER_HTML_H

#include <stdio.h>

#include "explain.h"
#include "analysis/status.h"

struct bs_results;

/*
 * Write @s with the five characters HTML gives meaning to (& < > " ')
 * as entities, so the result is inert both as element text and inside a
 * quoted attribute.  Bytes that are not valid in a document (controls
 * other than tab and newline) become U+FFFD.  A NULL @s writes nothing.
 */
void bs_html_escape(FILE *out, const char *s);

/* printf(@fmt) into a buffer (cut at 4 kB), then bs_html_escape() the whole result. */
void bs_html_textf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "<!DOCTYPE html>" to "<body>": the inline style, @title escaped. */
void bs_html_begin(FILE *out, const char *title);

/* The inline script (click a th.sortable to sort its table) and "</body></html>". */
void bs_html_end(FILE *out);

/*
 * A size in kB for people: "812 kB", "37.5 MiB", "3.26 GiB" (binary units,
 * three significant digits), into @buf (>= 16 bytes).  Returns @buf.
 */
const char *bs_size_text(char *buf, size_t len, uint64_t kb);

/* explain's analysed groups (bs_explain_analyze()) as one page.  0, or -1 when writing failed. */
int bs_explain_render_html(const struct bs_results *res, const struct bs_render_opts *o, FILE *out);

/* An analysed status (bs_status_analyze()) as one page.  0, or -1 when writing failed. */
int bs_status_render_html(const struct bs_status *s, FILE *out);

#endif
