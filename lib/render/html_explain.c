// SPDX-License-Identifier: MIT
/*
 * html_explain.c - `explain --html`: one page for a whole log.  The
 * headline, a summary table of the groups linking to their sections, the
 * reports per minute by kind, then per group the verdict first and its
 * pictures: every zone's free pages against its marks, the free blocks
 * per order told usable or not for this request, the watermark check of
 * the zone that matters as steps; for an OOM the memory breakdown and the
 * largest tasks.  It walks bs_results only.
 *
 * Element ids the tests rely on: #summary, #timeline, #g<N> per group,
 * .verdict in each, #marks-<N>-<Z>, #orders-<N>-<Z>, #steps-<N>,
 * #oom-memory-<N>, #oom-tasks-<N>.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "analysis/memstate.h"
#include "analysis/results.h"
#include "analysis/event.h"
#include "analysis/oom.h"
#include "render/html.h"
#include "render/html_parts.h"
#include "render/out_whatif.h"
#include "render/svg.h"

static void headline(FILE *out, const struct bs_explain_stats *st, size_t groups)
{
	fputs("<h1>buddyscope explain</h1>\n<p id=\"headline\">", out);
	bs_html_textf(out, "%" PRIu64 " report%s in %" PRIu64 " line%s, %zu distinct", st->reports,
		      st->reports == 1 ? "" : "s", st->lines, st->lines == 1 ? "" : "s", groups);
	for (int k = 0; k < BS_KIND_NR; k++)
		if (st->by_kind[k])
			bs_html_textf(out, "; %s %" PRIu64, bs_report_kind_name((enum bs_report_kind)k), st->by_kind[k]);
	if (st->suppressed)
		bs_html_textf(out, "; %" PRIu64 " suppressed by the rate limit", st->suppressed);
	fputs("</p>\n", out);
	if (st->wall_local)
		fputs("<p class=\"mute\">Times are the logging host's local time: its stamps carry no zone.</p>\n", out);
	if (st->overflow_reports)
		bs_html_textf(out, "%" PRIu64 " further reports beyond %d distinct kinds were counted, not analysed.",
			      st->overflow_reports, BS_MAX_GROUPS);
}

/* The group's row of the summary table, linking to its section. */
static void summary_row(FILE *out, size_t i, const struct bs_result *r)
{
	const struct bs_report *rep = r->group->rep;
	bool bad = r->shape == BS_RESULT_FAILED;

	fprintf(out, "<tr><td class=\"num\">%zu</td><td class=\"num\">%" PRIu64 "</td><td>", i + 1, r->group->count);
	bs_html_escape(out, bs_report_kind_name(rep->kind));
	fputs("</td><td>", out);
	bs_html_escape(out, rep->comm[0] ? rep->comm : "-");
	fputs("</td><td class=\"num\">", out);
	if (rep->kind == BS_KIND_OOM || rep->kind == BS_KIND_MEMCG_OOM)
		rep->has_order ? fprintf(out, "%d", rep->oom.order) : fputs("-", out);
	else
		rep->has_order ? fprintf(out, "%u", rep->order) : fputs("-", out);
	fputs("</td><td class=\"mono\">", out);
	if (rep->has_mode)
		fprintf(out, "0x%" PRIx64, rep->mode);
	else
		fputs("-", out);
	fprintf(out, "</td><td class=\"%s\"><a href=\"#g%zu\">", bad ? "fail" : "", i + 1);
	bs_html_escape(out, bs_result_cause(r));
	fputs("</a></td></tr>\n", out);
}

static void summary(FILE *out, const struct bs_results *res)
{
	size_t n = bs_results_count(res);

	fputs("<h2>Groups</h2>\n<table id=\"summary\"><thead><tr><th class=\"sortable num\">#</th>"
	      "<th class=\"sortable num\">count</th><th class=\"sortable\">kind</th><th class=\"sortable\">task</th>"
	      "<th class=\"sortable num\">order</th><th>mode</th><th class=\"sortable\">cause</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++)
		summary_row(out, i, bs_results_get(res, i));
	fputs("</tbody></table>\n", out);
}

/* Reports per minute, stacked by kind; long spans are drawn in wider bins so the chart keeps its width. */
#define TL_W 900
#define TL_H 210
#define TL_LEFT 44
#define TL_BOTTOM 150
#define TL_MAX_BINS 120

static void timeline(FILE *out, const struct bs_explain *e)
{
	size_t n;
	const struct bs_timeline_bucket *tl = bs_explain_timeline(e, &n);
	uint32_t bins[TL_MAX_BINS][BS_KIND_NR];
	int64_t first, last, span, per;
	int nb, seen[BS_KIND_NR] = { 0 }, legend_x = TL_LEFT;
	double max = 0, bw;
	char t0[40], t1[40];

	if (!n)
		return;
	/* wall-clock minutes come first; boot-time minutes of the same log are drawn only when no wall ones exist */
	for (size_t i = 1; i < n; i++)
		if (tl[i].wall != tl[0].wall)
			n = i;
	first = tl[0].minute;
	last = tl[n - 1].minute;
	span = last - first + 1;
	per = (span + TL_MAX_BINS - 1) / TL_MAX_BINS;
	nb = (int)((span + per - 1) / per);
	memset(bins, 0, sizeof(bins));
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < BS_KIND_NR; k++) {
			bins[(tl[i].minute - first) / per][k] += tl[i].n[k];
			seen[k] |= tl[i].n[k] != 0;
		}
	for (int b = 0; b < nb; b++) {
		double s = 0;

		for (int k = 0; k < BS_KIND_NR; k++)
			s += bins[b][k];
		if (s > max)
			max = s;
	}
	max = bs_svg_nice_max(max);
	bw = (TL_W - TL_LEFT - 10) / (double)nb;
	fputs("<h2>Timeline</h2>\n<figure>", out);
	bs_svg_begin(out, "timeline", "timeline", TL_W, TL_H, "reports per minute by kind");
	bs_svg_line(out, TL_LEFT, TL_BOTTOM, TL_W - 10, TL_BOTTOM, "axis", NULL);
	bs_svg_text(out, TL_LEFT - 4, 24, "end", "mute", "%.0f", max);
	bs_svg_text(out, TL_LEFT - 4, TL_BOTTOM, "end", "mute", "0");
	for (int b = 0; b < nb; b++) {
		double y = TL_BOTTOM;

		for (int k = 0; k < BS_KIND_NR; k++) {
			char cls[16], tip[128];
			double h = bins[b][k] / max * (TL_BOTTOM - 20);

			if (!bins[b][k])
				continue;
			snprintf(cls, sizeof(cls), "k%d", k);
			snprintf(tip, sizeof(tip), "%s: %u in minute%s %+lld", bs_report_kind_name((enum bs_report_kind)k),
				 bins[b][k], per > 1 ? "s from" : "", (long long)(b * per));
			y -= h < 1.5 ? 1.5 : h;
			bs_svg_rect(out, TL_LEFT + b * bw + 0.5, y, bw > 2 ? bw - 1 : bw, h < 1.5 ? 1.5 : h, cls, tip);
		}
	}
	if (tl[0].wall) {
		time_t a = (time_t)(first * 60), z = (time_t)(last * 60);
		struct tm tm;

		gmtime_r(&a, &tm);
		strftime(t0, sizeof(t0), "%Y-%m-%d %H:%M", &tm);
		gmtime_r(&z, &tm);
		strftime(t1, sizeof(t1), "%Y-%m-%d %H:%M", &tm);
	} else {
		snprintf(t0, sizeof(t0), "boot+%lld min", (long long)first);
		snprintf(t1, sizeof(t1), "boot+%lld min", (long long)last);
	}
	bs_svg_text(out, TL_LEFT, TL_BOTTOM + 14, "start", "mute", "%s", t0);
	bs_svg_text(out, TL_W - 10, TL_BOTTOM + 14, "end", "mute", "%s", t1);
	bs_svg_text(out, (TL_W + TL_LEFT) / 2.0, TL_BOTTOM + 14, "middle", "mute", "%lld minute%s per bar",
		    (long long)per, per == 1 ? "" : "s");
	for (int k = 0; k < BS_KIND_NR; k++) {
		char cls[16];
		const char *name = bs_report_kind_name((enum bs_report_kind)k);

		if (!seen[k])
			continue;
		snprintf(cls, sizeof(cls), "k%d", k);
		bs_svg_rect(out, legend_x, TL_H - 22, 10, 10, cls, NULL);
		bs_svg_text(out, legend_x + 13, TL_H - 13, "start", NULL, "%s", name);
		legend_x += 24 + 7 * (int)strlen(name);
	}
	bs_svg_end(out);
	fputs("<figcaption>Reports per minute, stacked by kind.</figcaption></figure>\n", out);
}

/* <section id="gN"> and its heading: "N. kind: task, order" */
static void section_head(FILE *out, size_t i, const struct bs_result *r)
{
	const struct bs_report *rep = r->group->rep;
	const struct bs_group *g = r->group;

	fprintf(out, "<section class=\"group shape-%s\" id=\"g%zu\">\n<h2>%zu. ", bs_result_shape_name(r->shape), i + 1,
		i + 1);
	bs_html_escape(out, bs_report_kind_name(rep->kind));
	if (rep->comm[0]) {
		fputs(": ", out);
		bs_html_escape(out, rep->comm);
	}
	if (rep->has_order && rep->kind != BS_KIND_OOM && rep->kind != BS_KIND_MEMCG_OOM)
		fprintf(out, ", order %u", rep->order);
	if (rep->has_mode)
		fprintf(out, ", mode 0x%" PRIx64, rep->mode);
	fputs("</h2>\n<p class=\"seen\">", out);
	bs_html_textf(out, "Seen %" PRIu64 " time%s", g->count, g->count == 1 ? "" : "s");
	if (g->suppressed)
		bs_html_textf(out, " (+%" PRIu64 " suppressed)", g->suppressed);
	bs_html_textf(out, ", first at %s:%" PRIu64, g->first.source, g->first.line);
	if (g->count > 1)
		bs_html_textf(out, ", last at %s:%" PRIu64, g->last.source, g->last.line);
	fputs(".</p>\n", out);
}

static void section_alloc(FILE *out, size_t i, const struct bs_result *r)
{
	const struct bs_analysis *a = r->a;
	const struct bs_report *rep = a->rep;
	char steps[512];

	bs_html_verdict(out, "bad", bs_cause_name(a->cause), bs_confidence_name(a->confidence), a->summary);
	fputs("<dl class=\"kv\">", out);
	bs_html_kv(out, "Kernel", "%s (%s)", a->kver.raw[0] ? a->kver.raw : "unknown", a->era_reason);
	if (a->cause != BS_CAUSE_VMALLOC_SPACE && a->cause != BS_CAUSE_CALLER_BUG)
		bs_html_kv(out, "Request", "order %u (%" PRIu64 " kB contiguous), mode 0x%" PRIx64 " = %s; highest zone %s",
			   rep->order, a->page_kb << rep->order, rep->mode, a->mode_decoded, a->highest_zone);
	bs_html_kv(out, "Task", "%s%s", rep->comm, rep->irq_context ? ", in interrupt context" : "");
	if (a->site)
		bs_html_kv(out, "Site", "%s%s%s%s", a->site->func, a->site->module[0] ? " [" : "", a->site->module,
			   a->site->module[0] ? "]" : "");
	if (a->path)
		bs_html_kv(out, "Path", "%s", a->path);
	bs_slowpath_steps(&a->slow, steps, sizeof(steps));
	bs_html_kv(out, "Slow path", "%s", steps);
	if (a->missing[0])
		bs_html_kv(out, "Missing", "%s", a->missing);
	fputs("</dl>\n", out);
	bs_html_list(out, "Evidence", a->evidence, a->nr_evidence);
	if (a->nr_zones)
		bs_html_alloc_zones(out, i + 1, a);
	bs_html_advice(out, a->advice, a->nr_advice);
	bs_html_trace(out, rep);
}

static void section_oom(FILE *out, size_t i, const struct bs_result *r)
{
	const struct bs_oom_analysis *o = r->oom;
	const struct bs_report *rep = r->group->rep;
	const struct bs_oom *m = &rep->oom;

	bs_html_verdict(out, "bad", bs_oom_cause_name(o->cause), bs_confidence_name(o->confidence), o->summary);
	fputs("<dl class=\"kv\">", out);
	bs_html_kv(out, "Trigger", "%s, constraint %s", rep->comm[0] ? rep->comm : "unknown",
		   m->constraint[0] ? m->constraint : "not printed (before 4.19)");
	if (rep->has_order)
		bs_html_kv(out, "Order", "%d%s", m->order, m->order < 0 ? " (sysrq or memory.oom_control: not an allocation)" : "");
	if (m->task_memcg[0])
		bs_html_kv(out, "Task memcg", "%s", m->task_memcg);
	if (m->oom_memcg[0])
		bs_html_kv(out, "OOM memcg", "%s", m->oom_memcg);
	if (m->has_victim)
		bs_html_kv(out, "Victim", "%s (pid %d)%s", m->victim_comm, m->victim_pid,
			   m->reaped ? "; reaped by oom_reaper" : m->reap_failed ? "; oom_reaper could not reap it" : "");
	fputs("</dl>\n", out);
	bs_html_list(out, "Evidence", o->evidence, o->nr_evidence);
	bs_html_oom_charts(out, i + 1, rep, o);
	if (o->a && o->a->nr_zones)
		bs_html_alloc_zones(out, i + 1, o->a);
	bs_html_advice(out, o->advice, o->nr_advice);
}

static void section_memstate(FILE *out, size_t i, const struct bs_result *r)
{
	const struct bs_memstate *m = r->mem;

	bs_html_verdict(out, m->verdict == BS_MS_HEALTHY ? "ok" : m->verdict == BS_MS_NO_MARKS ? "warn" : "bad",
			bs_memstate_verdict_name(m->verdict), NULL, m->summary);
	fputs("<dl class=\"kv\">", out);
	bs_html_kv(out, "Kernel", "%s (%s)", m->kver.raw[0] ? m->kver.raw : "unknown", m->era_reason);
	if (m->missing[0])
		bs_html_kv(out, "Missing", "%s", m->missing);
	fputs("</dl>\n", out);
	bs_html_memstate_zones(out, i + 1, m);
	bs_html_list(out, "Evidence", m->evidence, m->nr_evidence);
	bs_html_advice(out, m->advice, m->nr_advice);
}

static void section_short(FILE *out, const struct bs_result *r)
{
	const struct bs_report *rep = r->group->rep;

	bs_html_verdict(out, "warn", bs_kinds_cause(rep), NULL, r->meaning->mechanism);
	fputs("<dl class=\"kv\">", out);
	if (r->a)
		bs_html_kv(out, "Mode", "0x%" PRIx64 " = %s (kernel %s)", rep->mode, r->a->mode_decoded,
			   r->a->kver.raw[0] ? r->a->kver.raw : "unknown");
	if (rep->ev.func[0])
		bs_html_kv(out, "In", "%s", rep->ev.func);
	if (rep->ev.has_size)
		bs_html_kv(out, "Size", "%" PRIu64 " bytes", rep->ev.size);
	if (r->meaning->fixes[0])
		bs_html_kv(out, "Fix", "%s", r->meaning->fixes);
	fputs("</dl>\n", out);
	bs_html_trace(out, rep);
}

int bs_explain_render_html(const struct bs_results *res, const struct bs_render_opts *o, FILE *out)
{
	const struct bs_explain *e = bs_results_explain(res);
	struct bs_explain_stats st;
	size_t n = bs_results_count(res);

	(void)o;
	bs_explain_get_stats(e, &st);
	bs_html_begin(out, "buddyscope explain");
	headline(out, &st, n);
	if (!n)
		bs_html_verdict(out, "ok", "no memory-failure report", NULL, "The input holds no report buddyscope knows.");
	if (n > 1)
		summary(out, res);
	timeline(out, e);
	for (size_t i = 0; i < n; i++) {
		const struct bs_result *r = bs_results_get(res, i);

		section_head(out, i, r);
		switch (r->shape) {
		case BS_RESULT_ALLOC: section_alloc(out, i, r); break;
		case BS_RESULT_OOM: section_oom(out, i, r); break;
		case BS_RESULT_MEMSTATE: section_memstate(out, i, r); break;
		case BS_RESULT_SHORT: section_short(out, r); break;
		case BS_RESULT_FAILED:
			bs_html_verdict(out, "bad", "analysis_failed", NULL,
					r->error == ENOMEM ? "out of memory" : "no GFP table or allocator rules for this kernel");
			break;
		}
		fputs("</section>\n", out);
	}
	fputs("<p class=\"mute\">Written by buddyscope explain --html.</p>\n", out);
	bs_html_end(out);
	return ferror(out) ? -1 : 0;
}
