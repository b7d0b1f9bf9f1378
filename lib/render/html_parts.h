/* SPDX-License-Identifier: MIT */
/*
 * html_parts.h - pieces of the HTML pages several report kinds share:
 * the verdict box, key/value rows, evidence and advice lists, the call
 * trace, the zones of a report with their charts, and the OOM charts.
 * Everything from a report is escaped.
 */
#ifndef BS_RENDER_HTML_PARTS_H
#define BS_RENDER_HTML_PARTS_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/analysis.h"
#include "analysis/memstate.h"
#include "analysis/oom.h"
#include "parse/report.h"

/* <div class="verdict @level">: @cause in bold, "(confidence @conf)" unless NULL, then @summary. */
void bs_html_verdict(FILE *out, const char *level, const char *cause, const char *conf, const char *summary);

/* <dt>@key</dt><dd>formatted, escaped</dd> inside an open <dl>. */
void bs_html_kv(FILE *out, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* <h3>@title</h3> and a list of the @n lines; nothing when @n is 0. */
void bs_html_list(FILE *out, const char *title, const char (*lines)[BS_TEXT_LEN], int n);

/* The ranked advice with its reasons; nothing when @n is 0. */
void bs_html_advice(FILE *out, const struct bs_advice *advice, int n);

/* The call trace, one frame a line, modules in brackets; nothing without frames. */
void bs_html_trace(FILE *out, const struct bs_report *r);

/*
 * The zones of an analysed request, group @g: a table of the replay, per
 * eligible zone the marks chart (#marks-@g-Z) and the free blocks per
 * order (#orders-@g-Z), and the watermark check of the zone that matters
 * as steps (#steps-@g) with its arithmetic.
 */
void bs_html_alloc_zones(FILE *out, size_t g, const struct bs_analysis *a);

/* A memory state's zones (#marks-@g-Z, #orders-@g-Z) and its class grid (#classes-@g). */
void bs_html_memstate_zones(FILE *out, size_t g, const struct bs_memstate *m);

/* An OOM's memory breakdown (#oom-memory-@g) and largest tasks (#oom-tasks-@g), chart and table. */
void bs_html_oom_charts(FILE *out, size_t g, const struct bs_report *r, const struct bs_oom_analysis *o);

#endif
