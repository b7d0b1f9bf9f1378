// SPDX-License-Identifier: MIT
/*
 * html_parts.c - the shared pieces of the HTML pages (html_parts.h): the
 * verdict box, key/value rows, lists, advice, the trace and the OOM
 * charts.  The zones and their charts are in html_zones.c.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "render/html.h"
#include "render/html_parts.h"
#include "render/svg.h"

void bs_html_verdict(FILE *out, const char *level, const char *cause, const char *conf, const char *summary)
{
	fprintf(out, "<div class=\"verdict %s\"><strong class=\"cause\">", level);
	bs_html_escape(out, cause);
	fputs("</strong>", out);
	if (conf) {
		fputs(" <span class=\"mute\">(confidence ", out);
		bs_html_escape(out, conf);
		fputs(")</span>", out);
	}
	if (summary && summary[0]) {
		fputs("<br>", out);
		bs_html_escape(out, summary);
	}
	fputs("</div>\n", out);
}

void bs_html_kv(FILE *out, const char *key, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fputs("<dt>", out);
	bs_html_escape(out, key);
	fputs("</dt><dd>", out);
	bs_html_escape(out, buf);
	fputs("</dd>\n", out);
}

void bs_html_list(FILE *out, const char *title, const char (*lines)[BS_TEXT_LEN], int n)
{
	if (!n)
		return;
	fputs("<h3>", out);
	bs_html_escape(out, title);
	fputs("</h3>\n<ul>\n", out);
	for (int i = 0; i < n; i++) {
		fputs("<li>", out);
		bs_html_escape(out, lines[i]);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

void bs_html_advice(FILE *out, const struct bs_advice *advice, int n)
{
	if (!n)
		return;
	fputs("<h3>Advice</h3>\n<ol class=\"advice\">\n", out);
	for (int i = 0; i < n; i++) {
		fputs("<li><strong>", out);
		bs_html_escape(out, advice[i].what);
		fputs("</strong><br><span class=\"mute\">why: ", out);
		bs_html_escape(out, advice[i].why);
		fputs("</span></li>\n", out);
	}
	fputs("</ol>\n", out);
}

void bs_html_trace(FILE *out, const struct bs_report *r)
{
	if (!r->nr_frames)
		return;
	fputs("<details class=\"trace\"><summary>Call trace</summary><pre>", out);
	for (int i = 0; i < r->nr_frames; i++) {
		const struct bs_frame *f = &r->frames[i];

		bs_html_textf(out, "%s%s%s%s%s\n", f->unreliable ? "? " : "", f->func, f->module[0] ? " [" : "", f->module,
			      f->module[0] ? "]" : "");
	}
	fputs("</pre></details>\n", out);
}

/* One amount of the breakdown when the report printed it. */
static void amount(struct bs_chart_bar *bars, int *n, const struct bs_oom_analysis *o, enum bs_oom_amount x,
		   const char *label, uint64_t kb)
{
	if (!bs_oom_has(o, x) || *n >= BS_CHART_MAX_BARS)
		return;
	snprintf(bars[*n].label, sizeof(bars[*n].label), "%s", label);
	bars[*n].kb = kb;
	bars[*n].cls = NULL;
	(*n)++;
}

static void oom_tasks_table(FILE *out, size_t g, const struct bs_oom *m, uint64_t pk)
{
	char sz[24];

	fprintf(out, "<table id=\"oom-tasks-table-%zu\"><thead><tr><th class=\"sortable num\">pid</th>"
		"<th class=\"sortable\">name</th><th class=\"sortable num\">rss</th><th class=\"sortable num\">swap</th>"
		"<th class=\"sortable num\">oom_score_adj</th></tr></thead><tbody>\n", g);
	for (int i = 0; i < m->nr_tasks; i++) {
		const struct bs_task *t = &m->tasks[i];
		int64_t rss = t->v[BS_TC_RSS], sw = t->v[BS_TC_SWAPENTS], adj = t->v[BS_TC_OOM_SCORE_ADJ];

		fprintf(out, "<tr><td class=\"num\">%lld</td><td>", (long long)t->v[BS_TC_PID]);
		bs_html_escape(out, t->comm);
		if (rss >= 0)
			fprintf(out, "</td><td class=\"num\" data-v=\"%lld\">%s", (long long)rss * (long long)pk,
				bs_size_text(sz, sizeof(sz), (uint64_t)rss * pk));
		else
			fputs("</td><td class=\"num\">-", out);
		if (sw >= 0 && (m->columns & (1u << BS_TC_SWAPENTS)))
			fprintf(out, "</td><td class=\"num\" data-v=\"%lld\">%s", (long long)sw * (long long)pk,
				bs_size_text(sz, sizeof(sz), (uint64_t)sw * pk));
		else
			fputs("</td><td class=\"num\">-", out);
		if (m->columns & (1u << BS_TC_OOM_SCORE_ADJ))
			fprintf(out, "</td><td class=\"num\">%lld</td></tr>\n", (long long)adj);
		else
			fputs("</td><td class=\"num\">-</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

void bs_html_oom_charts(FILE *out, size_t g, const struct bs_report *r, const struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	struct bs_chart_bar bars[BS_CHART_MAX_BARS];
	char id[48];
	int n = 0;

	amount(bars, &n, o, BS_OA_RAM, "RAM", o->ram_kb);
	amount(bars, &n, o, BS_OA_FREE, "free", o->free_kb);
	amount(bars, &n, o, BS_OA_ANON, "anon (LRU)", o->anon_kb);
	amount(bars, &n, o, BS_OA_FILE, "file (LRU)", o->file_kb);
	amount(bars, &n, o, BS_OA_SHMEM, "shmem / tmpfs", o->shmem_kb);
	amount(bars, &n, o, BS_OA_SLAB_UNRECL, "unreclaimable slab", o->slab_unreclaimable_kb);
	amount(bars, &n, o, BS_OA_TASKS_RSS, "rss of all tasks", o->tasks_rss_kb);
	amount(bars, &n, o, BS_OA_TASKS_PGTABLES, "page tables of all tasks", o->tasks_pgtables_kb);
	amount(bars, &n, o, BS_OA_SWAP_TOTAL, "swap total", o->swap_total_kb);
	amount(bars, &n, o, BS_OA_SWAP_USED, "swap used", o->swap_used_kb);
	amount(bars, &n, o, BS_OA_VICTIM_FREED, "the victim's death frees", o->victim_freed_kb);
	/* the memcg line is no bs_oom_amount: it has its own presence bits */
	if (m->mem.present && n < BS_CHART_MAX_BARS) {
		snprintf(bars[n].label, sizeof(bars[n].label), "memcg usage");
		bars[n].kb = m->mem.usage_kb;
		bars[n++].cls = NULL;
	}
	if (m->mem.present && m->mem.has_limit && !bs_memcg_unlimited(m->mem.limit_kb) && n < BS_CHART_MAX_BARS) {
		snprintf(bars[n].label, sizeof(bars[n].label), "memcg limit");
		bars[n].kb = m->mem.limit_kb;
		bars[n++].cls = "bar-victim";
	}
	fputs("<h3>Memory</h3>\n", out);
	if (n) {
		snprintf(id, sizeof(id), "oom-memory-%zu", g);
		bs_chart_hbars(out, id, "memory breakdown as the report printed it", bars, n);
	} else {
		fputs("<p class=\"mute\">The report printed no memory amounts.</p>\n", out);
	}
	if (!m->nr_tasks)
		return;
	n = 0;
	for (int i = 0; i < m->nr_tasks && n < 12; i++) {
		const struct bs_task *t = &m->tasks[i];
		bool victim = m->has_victim && t->v[BS_TC_PID] == m->victim_pid;

		if (t->v[BS_TC_RSS] < 0)
			continue;
		snprintf(bars[n].label, sizeof(bars[n].label), "%.40s (%lld)%s", t->comm, (long long)t->v[BS_TC_PID],
			 victim ? " victim" : "");
		bars[n].kb = (uint64_t)t->v[BS_TC_RSS] * o->page_kb;
		bars[n++].cls = victim ? "bar-victim" : NULL;
	}
	fprintf(out, "<h3>Largest tasks</h3>\n<p class=\"mute\">rss, largest first (pages of %" PRIu64 " kB%s); "
		"the victim in red.</p>\n", o->page_kb, o->page_kb_assumed ? ", assumed" : "");
	snprintf(id, sizeof(id), "oom-tasks-%zu", g);
	bs_chart_hbars(out, id, "largest tasks by rss", bars, n);
	oom_tasks_table(out, g, m, o->page_kb);
}
