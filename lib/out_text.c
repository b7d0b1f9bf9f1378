// SPDX-License-Identifier: MIT
/*
 * out_text.c - `explain` for people: the verdict first, then the request,
 * the site, what the slow path could do, the zones with the replayed
 * check, the arithmetic of the zone that matters most, and the advice.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explain.h"

static void when(const struct bs_sighting *s, char *buf, size_t len)
{
	if (s->has_wall) {
		time_t t = (time_t)s->wall;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
	} else if (s->has_mono) {
		snprintf(buf, len, "%.6f s after boot", s->mono);
	} else {
		snprintf(buf, len, "no timestamp");
	}
}

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static const char *mt_name(char m)
{
	return m == 'M' ? "movable" : m == 'E' ? "reclaimable" : "unmovable";
}

static void print_kernel(FILE *out, const struct bs_analysis *a)
{
	fprintf(out, "Kernel:    %s", a->kver.raw[0] ? a->kver.raw : "unknown");
	fprintf(out, " (%s)\n", a->era_reason);
	fprintf(out, "           GFP table %s%s, allocator rules %s\n", a->gfp->id,
		a->gfp_exact ? "" : " (nearest sampled)", a->rules->id);
}

static void print_request(FILE *out, const struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	fprintf(out, "Request:   order %u (%" PRIu64 " kB contiguous), mode 0x%" PRIx64 " = %s\n", r->order,
		a->page_kb << r->order, r->mode, a->mode_decoded);
	fprintf(out, "           flags:");
	for (int i = 0; i < a->nr_flags; i++)
		fprintf(out, "%s%s", i ? "|" : " ", a->flags[i]);
	if (a->unknown_bits)
		fprintf(out, "%s0x%" PRIx64 " (bits this kernel does not define)", a->nr_flags ? "|" : " ", a->unknown_bits);
	fputc('\n', out);
	if (a->decode_matches == 0)
		fprintf(out, "           the kernel printed (%s): our %s table disagrees; the kernel's print wins\n",
			r->mode_symbolic, a->gfp->id);
	fprintf(out, "           highest zone %s, %s migratetype\n", a->highest_zone, mt_name(a->migratetype));
	if (r->nodemask[0] || r->mems_allowed[0])
		fprintf(out, "           nodemask=%s%s%s%s%s\n", r->nodemask[0] ? r->nodemask : "-",
			r->cpuset[0] ? " cpuset=" : "", r->cpuset, r->mems_allowed[0] ? " mems_allowed=" : "",
			r->mems_allowed);
}

static void print_site(FILE *out, const struct bs_analysis *a, bool verbose)
{
	const struct bs_report *r = a->rep;
	int shown = 0;

	fprintf(out, "Task:      %s", r->comm);
	if (r->pid >= 0)
		fprintf(out, " pid %d", r->pid);
	if (r->cpu >= 0)
		fprintf(out, " on CPU %d", r->cpu);
	if (r->irq_context)
		fprintf(out, ", in interrupt context");
	fputc('\n', out);
	if (a->site)
		fprintf(out, "Site:      %s%s%s%s\n", a->site->func, a->site->module[0] ? " [" : "",
			a->site->module, a->site->module[0] ? "]" : "");
	else
		fprintf(out, "Site:      unknown (%s)\n", a->site_note ? a->site_note : "no trace");
	if (a->path)
		fprintf(out, "Path:      %s\n", a->path);
	if (!r->nr_frames)
		return;
	fprintf(out, "Trace:    ");
	for (int i = 0; i < r->nr_frames; i++) {
		const struct bs_frame *f = &r->frames[i];

		if (f->unreliable && !verbose)
			continue;
		if (shown && !verbose && shown >= 8) {
			fprintf(out, " <- ...");
			break;
		}
		fprintf(out, "%s%s%s%s%s", shown ? " <- " : " ", f->func, f->module[0] ? " [" : "", f->module,
			f->module[0] ? "]" : "");
		shown++;
	}
	fputc('\n', out);
}

static void print_slowpath(FILE *out, const struct bs_analysis *a)
{
	const struct bs_slowpath *s = &a->slow;

	fprintf(out, "Slow path: wake kswapd %s, direct reclaim %s, direct compaction %s",
		yesno(s->wakes_kswapd), yesno(s->can_direct_reclaim), yesno(s->may_compact));
	if (!s->may_compact && s->compact_why_not)
		fprintf(out, " (%s)", s->compact_why_not);
	fputc('\n', out);
	fprintf(out, "           %s order (%s 3); OOM killer %s", s->costly ? "costly" : "non-costly",
		s->costly ? ">" : "<=", s->may_oom ? "may run" : "will not run");
	if (!s->may_oom && s->oom_why_not)
		fprintf(out, " (%s)", s->oom_why_not);
	fputc('\n', out);
	if (s->loops_why)
		fprintf(out, "           %s: %s\n", s->loops ? "retries until it succeeds" : "may fail", s->loops_why);
	if (s->noretry || s->retry_mayfail || s->nofail)
		fprintf(out, "           %s%s%s\n", s->noretry ? "__GFP_NORETRY: fails after one round " : "",
			s->retry_mayfail ? "retry-mayfail: retries, then fails without OOM " : "",
			s->nofail ? "__GFP_NOFAIL: never fails " : "");
}

static void print_zones(FILE *out, const struct bs_analysis *a)
{
	char t[16];

	fprintf(out, "Zones:     watermark check replayed for order %u (%s)\n", a->rep->order,
		a->rules->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4 per-order loop" : "order-0 check + free-area scan");
	fprintf(out, "  %-16s %11s %9s %9s %10s %12s %-7s %4s %4s  %s\n", "zone", "free kB", "min kB", "low kB",
		"reserve", ">=order kB", "types", "low", "min", "result");
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;
		char name[32];

		snprintf(name, sizeof(name), "Node %d %s", zn->node, zn->name);
		bs_mt_letters(z->types_at_or_above, t);
		if (!z->eligible) {
			fprintf(out, "  %-16s %11" PRIu64 " %9" PRIu64 " %9" PRIu64 " %10s %12s %-7s %4s %4s  %s\n", name,
				zn->kb[BS_ZF_FREE], zn->kb[BS_ZF_MIN], zn->kb[BS_ZF_LOW], "-", "-", "", "-", "-",
				"not in zonelist");
			continue;
		}
		fprintf(out, "  %-16s %11" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9ldp %12" PRIu64 " %-7s %4s %4s  %s\n",
			name, zn->kb[BS_ZF_FREE], zn->kb[BS_ZF_MIN], zn->kb[BS_ZF_LOW], z->reserve, z->kb_at_or_above,
			t, z->ok_low ? "ok" : "FAIL", z->ok_min ? "ok" : "FAIL", bs_wmark_fail_name(z->fail));
	}
}

/* The zone whose failure surprises most: eligible, failing, most free. */
static const struct bs_zone_replay *key_zone(const struct bs_analysis *a)
{
	const struct bs_zone_replay *best = NULL;

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		if (!z->eligible || z->fail == BS_WF_NO_DATA)
			continue;
		if (!best || z->free_pages > best->free_pages)
			best = z;
	}
	return best;
}

static void print_steps(FILE *out, const struct bs_zone_replay *z)
{
	fprintf(out, "  Node %d %s:\n", z->zone->node, z->zone->name);
	for (int i = 0; i < z->nr_steps; i++)
		fprintf(out, "    %s\n", z->steps[i]);
}

static void print_analysis(FILE *out, const struct bs_group *g, const struct bs_analysis *a, bool verbose)
{
	const struct bs_report *r = a->rep;
	char t1[64], t2[64];
	const struct bs_zone_replay *kz;

	fprintf(out, "\n== %s: order-%u page allocation failure, mode 0x%" PRIx64 " ==\n", r->comm, r->order, r->mode);
	when(&g->first, t1, sizeof(t1));
	fprintf(out, "Seen:      %" PRIu64 " time%s", g->count, g->count == 1 ? "" : "s");
	if (g->suppressed)
		fprintf(out, " (+%" PRIu64 " suppressed by the rate limit)", g->suppressed);
	fprintf(out, ", first at %s:%" PRIu64 " (%s)", g->first.source, g->first.line, t1);
	if (g->count > 1) {
		when(&g->last, t2, sizeof(t2));
		fprintf(out, ", last at %s:%" PRIu64 " (%s)", g->last.source, g->last.line, t2);
	}
	fputc('\n', out);
	fprintf(out, "Verdict:   %s (confidence %s)\n", bs_cause_name(a->cause), bs_confidence_name(a->confidence));
	fprintf(out, "           %s\n", a->summary);
	if (a->missing[0])
		fprintf(out, "Missing:   %s\n", a->missing);
	print_kernel(out, a);
	print_request(out, a);
	print_site(out, a, verbose);
	print_slowpath(out, a);
	if (a->nr_evidence) {
		fprintf(out, "Evidence:\n");
		for (int i = 0; i < a->nr_evidence; i++)
			fprintf(out, "  - %s\n", a->evidence[i]);
	}
	if (a->nr_zones) {
		print_zones(out, a);
		kz = key_zone(a);
		fprintf(out, "Arithmetic (pages of %" PRIu64 " kB, min mark):\n", a->page_kb);
		if (verbose) {
			for (int i = 0; i < a->nr_zones; i++)
				if (a->zones[i].eligible)
					print_steps(out, &a->zones[i]);
		} else if (kz) {
			print_steps(out, kz);
		}
	}
	if (a->nr_advice) {
		fprintf(out, "Advice:\n");
		for (int i = 0; i < a->nr_advice; i++)
			fprintf(out, "  %d. %s\n     why: %s\n", a->advice[i].rank, a->advice[i].what, a->advice[i].why);
	}
}

int bs_explain_render_text(const struct bs_explain *e, const struct bs_render_opts *o, FILE *out)
{
	struct bs_explain_stats st;
	struct bs_analyze_opts ao = { o ? o->kernel : NULL };
	struct bs_analysis *a = malloc(sizeof(*a));
	size_t n = bs_explain_nr_groups(e);

	if (!a)
		return -1;
	bs_explain_get_stats(e, &st);
	fprintf(out, "buddyscope explain: %" PRIu64 " page allocation failure report%s", st.reports,
		st.reports == 1 ? "" : "s");
	if (st.suppressed)
		fprintf(out, " (+%" PRIu64 " suppressed)", st.suppressed);
	fprintf(out, " in %" PRIu64 " line%s, %zu distinct\n", st.lines, st.lines == 1 ? "" : "s", n);
	if (st.truncated_lines || st.binary_lines)
		fprintf(out, "Input:     %" PRIu64 " overlong line%s cut, %" PRIu64 " line%s with binary bytes\n",
			st.truncated_lines, st.truncated_lines == 1 ? "" : "s", st.binary_lines,
			st.binary_lines == 1 ? "" : "s");
	if (st.overflow_reports)
		fprintf(out, "Note:      %" PRIu64 " further reports of more than %d distinct kinds were counted, not analysed\n",
			st.overflow_reports, BS_MAX_GROUPS);
	for (size_t i = 0; i < n; i++) {
		const struct bs_group *g = bs_explain_group(e, i);

		if (bs_analyze(g->rep, &ao, a) < 0) {
			fprintf(out, "\n== %s: order-%u: analysis failed ==\n", g->rep->comm, g->rep->order);
			continue;
		}
		print_analysis(out, g, a, o && o->verbose);
	}
	free(a);
	return 0;
}
