// SPDX-License-Identifier: MIT
/*
 * out_text.c - `explain` for people: the verdict first, then the request,
 * the site, what the slow path could do, the zones with the replayed
 * check, the arithmetic of the zone that matters most, and the advice.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explain.h"
#include "analysis/event.h"
#include "analysis/memstate.h"
#include "render/wmark_steps.h"
#include "analysis/results.h"
#include "analysis/oom.h"
#include "render/out_kinds.h"
#include "render/text_fit.h"
#include "render/text_parts.h"
#include "render/out_whatif.h"

static void when(const struct bs_sighting *s, char *buf, size_t len)
{
	if (s->has_wall) {
		time_t t = (time_t)s->wall;
		struct tm tm;

		char day[32];

		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d %H:%M:%S", &tm);
		/* a stamp without a zone is the logging host's local time; a year the stamp lacked is a guess */
		snprintf(buf, len, "%s %s%s", day, s->wall_utc ? "UTC" : "local time",
			 s->year_stepped_back ? ", year assumed (the year before: later is the future)"
			 : s->year_assumed ? ", year assumed" : "");
	} else if (s->has_mono) {
		snprintf(buf, len, "%.6f s after boot", s->mono);
	} else {
		snprintf(buf, len, "no timestamp");
	}
}

static const char *mt_name(char m)
{
	return m == 'M' ? "movable" : m == 'E' ? "reclaimable" : m == 'X' ? "invalid" : "unmovable";
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

/* The request of a vmalloc that found no address range: its mode, and that no page was asked for. */
static void print_vmalloc_request(FILE *out, const struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	fprintf(out, "Request:   vmalloc (%s), mode 0x%" PRIx64 " = %s\n", r->ev.text, r->mode, a->mode_decoded);
	fprintf(out, "           no order, path or slow path: %s\n", a->cause == BS_CAUSE_CALLER_BUG
		? "vmalloc refused the size before any range or page was requested"
		: "the virtual-range search failed before any page was requested");
}

/* Task, site and trace; @path adds the allocator path the site took (none when no page was requested). */
static void print_site(FILE *out, const struct bs_analysis *a, bool verbose, bool path)
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
	if (a->path && path)
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
	char steps[512];

	bs_slowpath_steps(s, steps, sizeof(steps));
	fprintf(out, "Slow path: %s\n", steps);
	fprintf(out, "           %s order (%s 3); OOM killer %s", s->costly ? "costly" : "non-costly",
		s->costly ? ">" : "<=", s->may_oom ? "may run" : "will not run");
	if (!s->may_oom && s->oom_why_not)
		fprintf(out, " (%s)", s->oom_why_not);
	fputc('\n', out);
	if (s->pf_memalloc)
		fprintf(out, "           PF_MEMALLOC (%s): %s\n", s->pf_memalloc_why,
			s->no_watermarks ? "ALLOC_NO_WATERMARKS, no direct reclaim" : "no direct reclaim");
	if (s->loops_why)
		fprintf(out, "           %s: %s\n", s->loops ? "retries until it succeeds" : "may fail", s->loops_why);
	if (s->noretry || s->retry_mayfail || s->nofail)
		fprintf(out, "           %s%s%s\n", s->noretry ? "__GFP_NORETRY: fails after one round " : "",
			s->retry_mayfail ? "retry-mayfail: retries, then fails without OOM " : "",
			s->nofail ? "__GFP_NOFAIL: never fails " : "");
}

/* "ok", "FAIL", or "-" for a zone whose check could not be replayed */
static const char *outcome(const struct bs_zone_replay *z, bool ok, bool known)
{
	if (z->fail == BS_WF_NO_DATA || !known)
		return "-";
	return ok ? "ok" : "FAIL";
}

/* A size in MiB with two decimals (one unit per table), or "-" when not printed. */
static void mib_cell(FILE *out, int width, bool known, uint64_t kb)
{
	if (known)
		fprintf(out, " %*.2f", width, (double)kb / 1024.0);
	else
		fprintf(out, " %*s", width, "-");
}

/* Short words for the table; bs_wmark_fail_name() is the JSON id. */
static const char *fail_word(enum bs_wmark_fail f)
{
	static const char *const w[] = {
		[BS_WF_NONE] = "passed", [BS_WF_NOT_ELIGIBLE] = "-", [BS_WF_ORDER0] = "order-0",
		[BS_WF_ORDER_LOOP] = "loop", [BS_WF_NO_BLOCK] = "noblock", [BS_WF_WRONG_TYPE] = "badtype",
		[BS_WF_NO_DATA] = "no data",
	};

	return (unsigned)f < sizeof(w) / sizeof(w[0]) && w[f] ? w[f] : "?";
}

/* The zone table that fits 80 columns: every size in MiB, the reserve too. */
static void print_zones_mib(FILE *out, const struct bs_analysis *a)
{
	char t[16], above[16];

	fprintf(out, "Zones:     order-%u check replayed (%s), sizes in MiB\n", a->rep->order,
		a->rules->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4 loop" : "order-0 check + block scan");
	snprintf(above, sizeof(above), ">=o%u", a->rep->order);
	fprintf(out, "  %-14s %9s %6s %6s %6s %8s %-4s %4s %4s %s\n", "zone", "free", "min", "low", "resrv", above,
		"type", "low", "min", "why");
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;
		char name[32];

		snprintf(name, sizeof(name), "Node %d %s", zn->node, zn->name);
		bs_mt_letters(z->types_at_or_above, t);
		fprintf(out, "  %-14s", name);
		mib_cell(out, 9, zn->has & (1ull << BS_ZF_FREE), zn->kb[BS_ZF_FREE]);
		mib_cell(out, 6, zn->has & (1ull << BS_ZF_MIN), zn->kb[BS_ZF_MIN]);
		mib_cell(out, 6, zn->has & (1ull << BS_ZF_LOW), zn->kb[BS_ZF_LOW]);
		if (!z->eligible) {
			fprintf(out, "  not in the zonelist\n");
			continue;
		}
		mib_cell(out, 6, z->reserve_known, (uint64_t)z->reserve * a->page_kb);
		mib_cell(out, 8, zn->buddy.present, z->kb_at_or_above);
		/* a buddy line cut before its total gives a lower bound */
		fprintf(out, "%s%-4s %4s %4s %s\n", zn->buddy.present && !zn->buddy.has_total ? "+" : " ", t,
			outcome(z, z->ok_low, z->low_known), outcome(z, z->ok_min, true), fail_word(z->fail));
	}
}

/* -v: the exact kB the report printed, the reserve in kB too. */
static void print_zones(FILE *out, const struct bs_analysis *a)
{
	char t[16], above[32], reserve[24];

	fprintf(out, "Zones:     watermark check replayed for order %u (%s), sizes in kB\n", a->rep->order,
		a->rules->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4 per-order loop" : "order-0 check + free-area scan");
	fprintf(out, "  %-16s %11s %9s %9s %10s %12s %-7s %4s %4s  %s\n", "zone", "free", "min", "low",
		"reserve", ">=order", "types", "low", "min", "result");
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;
		const struct bs_buddy *b = &zn->buddy;
		char name[32];

		snprintf(name, sizeof(name), "Node %d %s", zn->node, zn->name);
		bs_mt_letters(z->types_at_or_above, t);
		fprintf(out, "  %-16s", name);
		bs_text_zone_cell(out, 11, zn, BS_ZF_FREE);
		bs_text_zone_cell(out, 9, zn, BS_ZF_MIN);
		bs_text_zone_cell(out, 9, zn, BS_ZF_LOW);
		if (!z->eligible) {
			fprintf(out, " %10s %12s %-7s %4s %4s  %s\n", "-", "-", "", "-", "-", "not in zonelist");
			continue;
		}
		if (z->reserve_known)
			snprintf(reserve, sizeof(reserve), "%" PRIu64, (uint64_t)z->reserve * a->page_kb);
		else
			snprintf(reserve, sizeof(reserve), "-");
		/* a buddy line cut before its total gives a lower bound */
		if (!b->present)
			snprintf(above, sizeof(above), "-");
		else
			snprintf(above, sizeof(above), "%" PRIu64 "%s", z->kb_at_or_above, b->has_total ? "" : "+");
		fprintf(out, " %10s %12s %-7s %4s %4s  %s\n", reserve, above, t, outcome(z, z->ok_low, z->low_known),
			outcome(z, z->ok_min, true), bs_wmark_fail_name(z->fail));
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
	/* no zone with numbers: show how far the first one got */
	for (int i = 0; !best && i < a->nr_zones; i++)
		if (a->zones[i].eligible)
			best = &a->zones[i];
	return best;
}

static void print_steps(FILE *out, const struct bs_zone_replay *z, bool exact)
{
	fprintf(out, "  Node %d %s:\n", z->zone->node, z->zone->name);
	char text[256];

	for (int i = 0; i < z->nr_steps; i++) {
		fputs("    ", out);
		bs_text_sized(out, bs_wmark_step_text(z, &z->steps[i], text, sizeof(text)), exact);
		fputc('\n', out);
	}
}

/* "Seen: 3 times, first at x:12 (...), last at x:40 (...), over 2 s" */
static void print_seen(FILE *out, const struct bs_group *g)
{
	char t1[128], t2[128];

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
}

static void print_analysis(FILE *out, const struct bs_group *g, const struct bs_analysis *a, bool verbose)
{
	const struct bs_report *r = a->rep;
	const struct bs_zone_replay *kz;

	if (r->kind == BS_KIND_VMALLOC_FAILURE)
		fprintf(out, "\n== %s: vmalloc failure (%s), mode 0x%" PRIx64 " ==\n", r->comm, r->ev.text, r->mode);
	else if (r->kind == BS_KIND_ALLOC_STALL && r->ev.has_stall_ms)
		fprintf(out, "\n== %s: order-%u allocation stalled for %" PRIu64 " ms, mode 0x%" PRIx64 " ==\n", r->comm,
			r->order, r->ev.stall_ms, r->mode);
	else if (r->kind == BS_KIND_VMEMMAP_FAILURE)
		fprintf(out, "\n== %s: order-%u vmemmap allocation failure, mode 0x%" PRIx64 " ==\n", r->comm, r->order,
			r->mode);
	else
		fprintf(out, "\n== %s: order-%u page allocation failure, mode 0x%" PRIx64 " ==\n", r->comm, r->order,
			r->mode);
	print_seen(out, g);
	fprintf(out, "Verdict:   %s (confidence %s)\n", bs_cause_name(a->cause), bs_confidence_name(a->confidence));
	fputs("           ", out);
	bs_text_sized(out, a->summary, verbose);
	fputc('\n', out);
	if (a->missing[0])
		fprintf(out, "Missing:   %s\n", a->missing);
	/* what is missing may sit in lines the parser could not read: say so rather than claim absence */
	if (a->missing[0] && r->interleaved)
		fprintf(out, "           not found in the report's lines; %u line%s among or right after them %s not understood "
			"and may hold %s\n", r->interleaved, r->interleaved == 1 ? "" : "s", r->interleaved == 1 ? "was" : "were",
			r->interleaved == 1 ? "part of it" : "some of it");
	if (a->not_read[0])
		fprintf(out, "Not read:  %s\n", a->not_read);
	print_kernel(out, a);
	if (a->cause == BS_CAUSE_VMALLOC_SPACE || a->cause == BS_CAUSE_CALLER_BUG) {
		/* the range search failed before vmalloc asked for a page: no order, no path, no slow path */
		print_vmalloc_request(out, a);
		print_site(out, a, verbose, false);
	} else {
		print_request(out, a);
		print_site(out, a, verbose, true);
		print_slowpath(out, a);
		bs_text_request(out, a);
	}
	bs_text_evidence(out, a->evidence, a->nr_evidence, verbose);
	if (a->nr_zones) {
		if (verbose)
			print_zones(out, a);
		else
			print_zones_mib(out, a);
		kz = key_zone(a);
		fprintf(out, "Arithmetic (pages of %" PRIu64 " kB%s, min mark):\n", a->page_kb,
			!strcmp(a->page_kb_source, "assumed") ? ", assumed: no buddy line shows the page size"
			: !strcmp(a->page_kb_source, "kernel_name") ? " by the kernel's name" : "");
		if (verbose) {
			for (int i = 0; i < a->nr_zones; i++)
				if (a->zones[i].eligible)
					print_steps(out, &a->zones[i], true);
		} else if (kz) {
			print_steps(out, kz, false);
		}
	}
	bs_text_whatif(out, a);
	bs_text_advice(out, a->advice, a->nr_advice, verbose);
}

static void print_mode(FILE *out, const struct bs_report *r, const struct bs_analysis *a)
{
	/* an inferred version says so in its own text ("5.1 (inferred)") */
	fprintf(out, "Mode:      0x%" PRIx64 " = %s (kernel %s%s)\n", r->mode, a->mode_decoded,
		a->kver.raw[0] ? a->kver.raw : "unknown",
		a->kver_inferred ? "" : a->kver_forced ? ", given" : ", printed");
}

/* @v in a field of @w, or "-" when the kernel's table has no such column (2.6.32: no swapents, no nr_ptes) */
static void print_cell(FILE *out, int w, bool printed, long long v)
{
	if (printed)
		fprintf(out, " %*lld", w, v);
	else
		fprintf(out, " %*s", w, "-");
}

/* kB @v in a 10-wide column: exact kB with -v, else MiB with two decimals; "-" when not printed */
static void size_cell(FILE *out, bool verbose, bool printed, long long kb)
{
	if (!printed)
		fprintf(out, " %10s", "-");
	else if (verbose)
		fprintf(out, " %10lld", kb);
	else
		fprintf(out, " %10.2f", (double)kb / 1024.0);
}

static void print_oom_tasks(FILE *out, const struct bs_report *r, const struct bs_oom_analysis *o, bool verbose)
{
	const struct bs_oom *m = &r->oom;
	int shown = verbose ? m->nr_tasks : (m->nr_tasks < 5 ? m->nr_tasks : 5);
	bool bytes = m->columns & (1u << BS_TC_PGTABLES_BYTES);
	bool has_pt = bytes || (m->columns & (1u << BS_TC_NR_PTES));
	bool has_swap = m->columns & (1u << BS_TC_SWAPENTS);
	bool score_adj = m->columns & (1u << BS_TC_OOM_SCORE_ADJ);
	bool has_adj = score_adj || (m->columns & (1u << BS_TC_OOM_ADJ));
	uint64_t pk = o->page_kb;

	if (!m->tasks_seen)
		return;
	/* the table counts pages (rss, swapents, nr_ptes, nr_pmds) or bytes (pgtables_bytes): all shown in kB */
	fprintf(out, "Tasks:     %" PRIu64 " in the table, largest rss first (%s, pages of %" PRIu64 " kB%s):\n",
		m->tasks_seen, verbose ? "kB" : "MiB", pk, o->page_kb_from == BS_PKB_VICTIM_ROW ? " from the victim's row"
				   : o->page_kb_from == BS_PKB_VERSION ? " from the kernel's name"
				   : o->page_kb_assumed ? ", assumed" : "");
	fprintf(out, "  %8s %6s %10s %10s %10s %6s  %s\n", "pid", "uid", "rss", "swap", "pgtables",
		score_adj || !has_adj ? "adj" : "oomadj", "name");
	for (int i = 0; i < shown; i++) {
		const struct bs_task *t = &m->tasks[i];
		int64_t pt = bytes ? (t->v[BS_TC_PGTABLES_BYTES] >= 0 ? t->v[BS_TC_PGTABLES_BYTES] / 1024 : -1)
			     : t->v[BS_TC_NR_PTES] >= 0 ? (t->v[BS_TC_NR_PTES] +
							   (t->v[BS_TC_NR_PMDS] > 0 ? t->v[BS_TC_NR_PMDS] : 0)) * (int64_t)pk
			     : -1;

		fprintf(out, "  %8lld", (long long)t->v[BS_TC_PID]);
		print_cell(out, 6, t->v[BS_TC_UID] >= 0, (long long)t->v[BS_TC_UID]);
		size_cell(out, verbose, t->v[BS_TC_RSS] >= 0, (long long)t->v[BS_TC_RSS] * (long long)pk);
		size_cell(out, verbose, has_swap && t->v[BS_TC_SWAPENTS] >= 0,
			  (long long)t->v[BS_TC_SWAPENTS] * (long long)pk);
		size_cell(out, verbose, has_pt && pt >= 0, (long long)pt);
		print_cell(out, 6, has_adj, (long long)t->v[score_adj ? BS_TC_OOM_SCORE_ADJ : BS_TC_OOM_ADJ]);
		/* a name that is no task's (a wrapped line's tail) would widen the row: cut it, unless -v */
		if (!verbose && strlen(t->comm) > 21)
			fprintf(out, "  %.20s~\n", t->comm);
		else
			fprintf(out, "  %s\n", t->comm);
	}
}

/* The frames that led to the OOM killer: those below out_of_memory(), reliable ones; when the kernel
 * marked all of them "? " (2.6.32 without frame pointers), those, said so. */
static void print_oom_path(FILE *out, const struct bs_report *r)
{
	int start = 0, shown = 0, reliable = 0;

	for (int i = 0; i < r->nr_frames; i++)
		if (strstr(r->frames[i].func, "out_of_memory"))
			start = i + 1;
	if (start >= r->nr_frames)
		return;
	for (int i = start; i < r->nr_frames; i++)
		reliable += !r->frames[i].unreliable;
	fprintf(out, "Path:     ");
	for (int i = start; i < r->nr_frames && shown < 8; i++)
		if (!reliable || !r->frames[i].unreliable)
			fprintf(out, "%s%s", shown++ ? " <- " : " ", r->frames[i].func);
	if (!reliable)
		fprintf(out, " (every frame printed with '?': a guess from the stack)");
	fputc('\n', out);
}

static void print_oom(FILE *out, const struct bs_group *g, const struct bs_oom_analysis *o, bool verbose)
{
	const struct bs_report *r = g->rep;
	const struct bs_oom *m = &r->oom;
	char score[32] = "", shmem[48] = "", vm[24], anon[24], file[24];

	fprintf(out, "\n== %s: %s, ", r->comm[0] ? r->comm : "(header lost)",
		r->kind == BS_KIND_MEMCG_OOM ? "memory cgroup OOM" : "OOM killer");
	if (r->has_order)
		fprintf(out, "order %d, ", m->order);
	else
		fprintf(out, "order -, ");
	if (m->has_victim || m->victim_comm[0])
		fprintf(out, "victim %s (pid %d) ==\n", m->victim_comm, m->victim_pid);
	else	/* the log stops before the kill line, or no task was killable */
		fprintf(out, "no victim in the log ==\n");
	print_seen(out, g);
	fprintf(out, "Verdict:   %s (confidence %s)\n", bs_oom_cause_name(o->cause), bs_confidence_name(o->confidence));
	fputs("           ", out);
	bs_text_sized(out, o->summary, verbose);
	fputc('\n', out);
	fprintf(out, "Trigger:   %s", r->comm[0] ? r->comm : "unknown");
	if (r->pid >= 0)
		fprintf(out, " pid %d", r->pid);
	if (m->has_oom_score_adj)
		fprintf(out, ", oom_score_adj %d", m->oom_score_adj);
	fprintf(out, "; constraint %s", m->constraint[0] ? m->constraint :
		r->kver.major && bs_kver_code(r->kver.major, r->kver.minor, 0) >= bs_kver_code(4, 19, 0) ?
		"not in the input (4.19 on print it in the oom-kill: line)" : "not printed (before 4.19)");
	if (r->nodemask[0])
		fprintf(out, ", nodemask %s", r->nodemask);
	if (m->task_memcg[0])
		fprintf(out, ", task_memcg %s", m->task_memcg);
	fputc('\n', out);
	if (o->a)
		print_mode(out, r, o->a);
	print_oom_path(out, r);
	if (m->has_victim_shmem_rss)
		snprintf(shmem, sizeof(shmem), ", shmem-rss %" PRIu64 " kB", m->victim_shmem_rss_kb);
	if (m->has_victim_score)
		snprintf(score, sizeof(score), " (score %" PRIu64 ")", (uint64_t)m->victim_score);
	if (m->has_victim)
		fprintf(out, "Victim:    %s pid %d%s: total-vm %s kB, anon-rss %s kB, file-rss %s kB%s%s\n",
			m->victim_comm, m->victim_pid, score,
			bs_kb_text(vm, sizeof(vm), m->has_victim_total_vm, m->victim_total_vm_kb),
			bs_kb_text(anon, sizeof(anon), m->has_victim_anon_rss, m->victim_anon_rss_kb),
			bs_kb_text(file, sizeof(file), m->has_victim_file_rss, m->victim_file_rss_kb), shmem,
			m->reaped ? "; reaped by oom_reaper" : m->reap_failed ? "; oom_reaper could not reap it" : "");
	bs_text_evidence(out, o->evidence, o->nr_evidence, verbose);
	print_oom_tasks(out, r, o, verbose);
	if (o->a && o->a->nr_zones && verbose)
		print_zones(out, o->a);
	bs_text_advice(out, o->advice, o->nr_advice, verbose);
}

/* What the short reports mean, in a sentence per kind. */
static void print_short(FILE *out, const struct bs_group *g, const struct bs_analysis *a,
			const struct bs_event_meaning *m, bool verbose)
{
	const struct bs_report *r = g->rep;

	/* SLUB's line names no task */
	if (r->comm[0])
		fprintf(out, "\n== %s: %s", r->comm, bs_report_kind_name(r->kind));
	else
		fprintf(out, "\n== %s", bs_report_kind_name(r->kind));
	if (r->ev.func[0])
		fprintf(out, " in %s", r->ev.func);
	if (r->ev.has_size)
		fprintf(out, ", size %" PRIu64 " bytes", r->ev.size);
	if (r->kind == BS_KIND_HUNG_TASK && r->ev.has_blocked_seconds)
		fprintf(out, ", blocked for more than %" PRIu64 " s", r->ev.blocked_seconds);
	fprintf(out, " ==\n");
	print_seen(out, g);
	if (g->count > 1 && g->first.has_wall && g->last.has_wall)
		fprintf(out, "Duration:  %lld s between the first and the last\n", (long long)(g->last.wall - g->first.wall));
	else if (g->count > 1 && g->first.has_mono && g->last.has_mono)
		fprintf(out, "Duration:  %.0f s between the first and the last\n", g->last.mono - g->first.mono);
	if (a)
		print_mode(out, r, a);
	if (a && a->nr_flags) {
		fprintf(out, "           flags:");
		for (int i = 0; i < a->nr_flags; i++)
			fprintf(out, "%s%s", i ? "|" : " ", a->flags[i]);
		fprintf(out, "; __GFP_FS %s, direct reclaim %s\n", a->slow.fs ? "set" : "NOT set",
			a->slow.can_direct_reclaim ? "allowed" : "not allowed");
	}
	if (r->kind == BS_KIND_SLUB_FAILURE && r->ev.has_slub_cache) {
		unsigned h = r->ev.slub_has;
		char size[24], ord[24], min[24], slabs[24], objs[24], fr[24];

		/* a cache or node line cut or wrapped keeps what it printed; the rest is "-" */
		fprintf(out, "Cache:     %s, object %s bytes, slab order %s (min %s); %s slabs, %s objects, %s free\n",
			r->ev.func, bs_kb_text(size, sizeof(size), r->ev.has_size, r->ev.size),
			bs_kb_text(ord, sizeof(ord), h & (1u << BS_SLUB_DEFAULT_ORDER), r->ev.slub_default_order),
			bs_kb_text(min, sizeof(min), h & (1u << BS_SLUB_MIN_ORDER), r->ev.slub_min_order),
			bs_kb_text(slabs, sizeof(slabs), h & (1u << BS_SLUB_SLABS), r->ev.slub_slabs),
			bs_kb_text(objs, sizeof(objs), h & (1u << BS_SLUB_OBJS), r->ev.slub_objs),
			bs_kb_text(fr, sizeof(fr), h & (1u << BS_SLUB_FREE), r->ev.slub_free));
	}
	if (r->nr_frames) {
		int shown = 0;

		fprintf(out, "Trace:    ");
		for (int i = 0; i < r->nr_frames && shown < 8; i++)
			if (!r->frames[i].unreliable)
				fprintf(out, "%s%s", shown++ ? " <- " : " ", r->frames[i].func);
		fputc('\n', out);
	}
	fputs("Meaning:   ", out);
	bs_text_sized(out, m->mechanism, verbose);
	fputc('\n', out);
	if (m->fixes[0]) {
		fputs("Fix:       ", out);
		bs_text_sized(out, m->fixes, verbose);
		fputc('\n', out);
	}
}

static void print_minute(FILE *out, const struct bs_timeline_bucket *b)
{
	char t[48];

	if (b->wall) {
		time_t tt = (time_t)(b->minute * 60);
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(t, sizeof(t), "%Y-%m-%d %H:%M", &tm);
	} else {
		snprintf(t, sizeof(t), "boot+%lld min", (long long)b->minute);
	}
	fprintf(out, "  %-17s", t);
	for (int k = 0; k < BS_KIND_NR; k++)
		if (b->n[k])
			fprintf(out, " %s %u", bs_report_kind_name((enum bs_report_kind)k), b->n[k]);
	fputc('\n', out);
}

/* First sighting of each kind in time order, then the reports per minute. */
static void print_timeline(FILE *out, const struct bs_explain *e)
{
	size_t n;
	const struct bs_timeline_bucket *tl = bs_explain_timeline(e, &n);
	int order[BS_KIND_NR], nk = 0;
	struct bs_explain_stats st;

	for (int k = 0; k < BS_KIND_NR; k++)
		if (bs_explain_first_of_kind(e, (enum bs_report_kind)k))
			order[nk++] = k;
	/* insertion sort by time: wall first, then boot time, then line */
	for (int i = 1; i < nk; i++)
		for (int j = i; j > 0; j--) {
			const struct bs_sighting *x = bs_explain_first_of_kind(e, (enum bs_report_kind)order[j - 1]);
			const struct bs_sighting *y = bs_explain_first_of_kind(e, (enum bs_report_kind)order[j]);
			double tx = x->has_wall ? (double)x->wall : x->mono, ty = y->has_wall ? (double)y->wall : y->mono;

			if (tx < ty || (tx == ty && x->line <= y->line))
				break;
			int tmp = order[j];

			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	fprintf(out, "\nTimeline:  what came first\n");
	for (int i = 0; i < nk; i++) {
		const struct bs_sighting *s = bs_explain_first_of_kind(e, (enum bs_report_kind)order[i]);
		char t[128];

		when(s, t, sizeof(t));
		fprintf(out, "  %d. %-20s %s:%" PRIu64 " (%s)\n", i + 1, bs_report_kind_name((enum bs_report_kind)order[i]),
			s->source, s->line, t);
	}
	if (!n)
		return;
	bs_explain_get_stats(e, &st);
	fprintf(out, "Per minute%s:\n", !st.wall_local ? "" : st.wall_utc ? " (UTC and local time mixed)" : " (local time)");
	for (size_t i = 0; i < n; i++)
		print_minute(out, &tl[i]);
}

/* What a report of kind @k is called in the headline, singular and plural. */
static const char *kind_words(enum bs_report_kind k, bool plural)
{
	static const char *const words[BS_KIND_NR][2] = {
		[BS_KIND_PAGE_ALLOC_FAILURE] = { "page allocation failure", "page allocation failures" },
		[BS_KIND_VMALLOC_FAILURE] = { "vmalloc failure", "vmalloc failures" },
		[BS_KIND_OOM] = { "OOM kill", "OOM kills" },
		[BS_KIND_MEMCG_OOM] = { "memory cgroup OOM kill", "memory cgroup OOM kills" },
		[BS_KIND_XFS_KMEM_DEADLOCK] = { "XFS allocation retry warning", "XFS allocation retry warnings" },
		[BS_KIND_ZFS_KMEM_DEADLOCK] = { "SPL/ZFS allocation retry warning", "SPL/ZFS allocation retry warnings" },
		[BS_KIND_SLUB_FAILURE] = { "SLUB allocation failure", "SLUB allocation failures" },
		[BS_KIND_HUNG_TASK] = { "hung task", "hung tasks" },
		[BS_KIND_MEMORY_STATE] = { "memory state dump", "memory state dumps" },
		[BS_KIND_ALLOC_STALL] = { "allocation stall", "allocation stalls" },
		[BS_KIND_VMEMMAP_FAILURE] = { "vmemmap allocation failure", "vmemmap allocation failures" },
		[BS_KIND_VMAP_FAILURE] = { "vmap area failure", "vmap area failures" },
		[BS_KIND_CMA_FAILURE] = { "CMA allocation failure", "CMA allocation failures" },
		[BS_KIND_CONTIG_BUSY] = { "busy contiguous range", "busy contiguous ranges" },
		[BS_KIND_NOMMU_FAILURE] = { "nommu allocation failure", "nommu allocation failures" },
	};

	return words[k][plural];
}

/*
 * "buddyscope explain: 3 reports in 184 lines: 2 page allocation failures
 * (+6 suppressed), 1 OOM kill; 2 distinct", every kind counted.
 */
static void print_headline(FILE *out, const struct bs_explain_stats *st, size_t distinct)
{
	const char *sep = ": ";

	fprintf(out, "buddyscope explain: ");
	if (!st->inputs && st->unreadable) {
		/* never "no report in 0 lines": nothing was read, so nothing is known */
		fprintf(out, "nothing read: %" PRIu64 " input%s could not be read (see Input: below)\n",
			st->unreadable, st->unreadable == 1 ? "" : "s");
		return;
	}
	if (!st->reports)
		fprintf(out, "no memory-failure report");
	else
		fprintf(out, "%" PRIu64 " report%s", st->reports, st->reports == 1 ? "" : "s");
	fprintf(out, " in %" PRIu64 " line%s", st->lines, st->lines == 1 ? "" : "s");
	for (int k = 0; k < BS_KIND_NR; k++) {
		if (!st->by_kind[k])
			continue;
		fprintf(out, "%s%" PRIu64 " %s", sep, st->by_kind[k],
			kind_words((enum bs_report_kind)k, st->by_kind[k] != 1));
		/* warn_alloc()'s rate limit swallows page allocation failure reports */
		if (k == BS_KIND_PAGE_ALLOC_FAILURE && st->suppressed)
			fprintf(out, " (+%" PRIu64 " suppressed)", st->suppressed);
		sep = ", ";
	}
	if (!st->by_kind[BS_KIND_PAGE_ALLOC_FAILURE] && st->suppressed)
		fprintf(out, "%s%" PRIu64 " reports suppressed by the rate limit", sep, st->suppressed);
	if (st->reports)
		fprintf(out, "; %zu distinct", distinct);
	fputc('\n', out);
	if (st->truncated_lines || st->binary_lines)
		fprintf(out, "Input:     %" PRIu64 " overlong line%s cut, %" PRIu64 " line%s with binary bytes\n",
			st->truncated_lines, st->truncated_lines == 1 ? "" : "s", st->binary_lines,
			st->binary_lines == 1 ? "" : "s");
	if (st->suppressed_unattached)
		fprintf(out, "Note:      %" PRIu64 " suppressed report%s counted after the last printed one: "
			"the rate limit hid them, nothing else is known of them\n",
			st->suppressed_unattached, st->suppressed_unattached == 1 ? "" : "s");
	if (st->assumed_year)
		fprintf(out, "Note:      syslog stamps carry no year: %d assumed (--year sets it)\n", st->assumed_year);
	if (st->year_stepped_back)
		fprintf(out, "Note:      %" PRIu64 " report%s would lie in the future with the assumed year: put in the year before\n",
			st->year_stepped_back, st->year_stepped_back == 1 ? "" : "s");
	if (st->wall_local)
		fprintf(out, "Note:      times are the logging host's local time: its stamps carry no zone (--tz ZONE converts them to UTC)\n");
	if (st->reaper_unmatched)
		fprintf(out, "Note:      %" PRIu64 " oom_reaper line%s name%s a process whose kill report is "
			"not in the input or was closed before it (counted, not attached)\n",
			st->reaper_unmatched, st->reaper_unmatched == 1 ? "" : "s",
			st->reaper_unmatched == 1 ? "s" : "");
}

/* A memory state (SysRq-m, a fragment, nommu's dump): out_kinds.c's words. */
static void print_memstate(FILE *out, const struct bs_group *g, const struct bs_memstate *m, bool verbose)
{
	bs_memstate_text_head(out, g->rep);
	print_seen(out, g);
	bs_memstate_text_body(out, m, verbose);
}

/* An analysis that could not be made says so, and why, where the verdict would be. */
static void print_failed(FILE *out, const struct bs_result *res)
{
	const struct bs_report *r = res->group->rep;

	fprintf(out, "\n== %s: %s", r->comm[0] ? r->comm : "-", bs_report_kind_name(r->kind));
	if (r->has_order)
		fprintf(out, " order-%u", r->order);
	fprintf(out, " ==\n");
	print_seen(out, res->group);
	fprintf(out, "Verdict:   analysis failed: %s\n",
		res->error == ENOMEM ? "out of memory" : "no GFP table or allocator rules for this kernel");
}

/*
 * One "Input:" line per input that was not plain text read whole: what it
 * was found to be, how much of it was read, and what went wrong; and the
 * reports counted once because another input held them too.
 */
static void print_inputs(FILE *out, const struct bs_explain *e, const struct bs_explain_stats *st)
{
	size_t n;
	const struct bs_input_info *in = bs_explain_inputs(e, &n);

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(in[i].kind, "text") && !in[i].error[0] && !in[i].parent[0])
			continue;
		fprintf(out, "Input:     %s (%s", in[i].name, in[i].kind);
		if (in[i].files)
			fprintf(out, ", %" PRIu64 " file%s read", in[i].files, in[i].files == 1 ? "" : "s");
		else if (in[i].records)
			fprintf(out, ", %" PRIu64 " entr%s", in[i].records, in[i].records == 1 ? "y" : "ies");
		else if (!in[i].unreadable && in[i].lines)
			fprintf(out, ", %" PRIu64 " line%s", in[i].lines, in[i].lines == 1 ? "" : "s");
		fprintf(out, ")%s%s\n", in[i].error[0] ? (in[i].unreadable ? ": NOT READ: " : ": DAMAGED: ") : "",
			in[i].error);
	}
	if (st->duplicates)
		fprintf(out, "Note:      %" PRIu64 " report%s read from two inputs (the same stamp and report) counted once\n",
			st->duplicates, st->duplicates == 1 ? "" : "s");
}

/* One group as the list prints it: each kind's own story. */
static void render_group(FILE *out, const struct bs_result *r, bool verbose)
{
	switch (r->shape) {
	case BS_RESULT_OOM:
		print_oom(out, r->group, r->oom, verbose);
		break;
	case BS_RESULT_MEMSTATE:
		print_memstate(out, r->group, r->mem, verbose);
		break;
	case BS_RESULT_SHORT:
		print_short(out, r->group, r->a, r->meaning, verbose);
		break;
	case BS_RESULT_ALLOC:
		print_analysis(out, r->group, r->a, verbose);
		break;
	case BS_RESULT_FAILED:
		print_failed(out, r);
		break;
	}
}

static void render_text(const struct bs_results *res, const struct bs_render_opts *o, FILE *out)
{
	const struct bs_explain *e = bs_results_explain(res);
	bool verbose = o && o->verbose;
	struct bs_explain_stats st;
	size_t n = bs_results_count(res);

	bs_explain_get_stats(e, &st);
	print_headline(out, &st, n);
	print_inputs(out, e, &st);
	if (st.overflow_reports)
		fprintf(out, "Note:      %" PRIu64 " further reports of more than %d distinct kinds were counted, not analysed\n",
			st.overflow_reports, BS_MAX_GROUPS);
	bs_text_diags(out, bs_explain_diags(e), BS_DIAG_LIMIT);
	/* several groups: one line each first, so the whole log is seen before its parts */
	if (n > 1 || (o && o->brief && n))
		bs_text_group_table(out, res);
	if (o && o->brief)
		return;
	for (size_t i = 0; i < n; i++)
		render_group(out, bs_results_get(res, i), verbose);
	if (st.reports != st.by_kind[BS_KIND_PAGE_ALLOC_FAILURE])
		print_timeline(out, e);
}

/* The terminal @o asks for: 80 columns unless it gives a width (< 0: never fold), colour if asked. */
static struct bs_text_fit fit_of(const struct bs_render_opts *o)
{
	struct bs_text_fit fit = { BS_TEXT_WIDTH, o && o->color };

	if (o && o->width)
		fit.width = o->width < 0 ? 0 : o->width;
	return fit;
}

int bs_explain_render_text(const struct bs_results *res, const struct bs_render_opts *o, FILE *out)
{
	struct bs_text_fit fit = fit_of(o);
	struct bs_text_buf b;

	if (!bs_text_fit_begin(&b))
		return -1;
	render_text(res, o, b.f);
	return bs_text_fit_end(&b, &fit, out);
}

/* One group, folded and coloured like the list's (explain --follow prints them one by one). */
int bs_explain_render_group_text(const struct bs_group *g, const struct bs_render_opts *o, FILE *out)
{
	struct bs_analyze_opts ao = { o ? o->kernel : NULL, NULL, 0 };
	struct bs_text_fit fit = fit_of(o);
	struct bs_text_buf b;
	struct bs_result r;

	if (!bs_text_fit_begin(&b))
		return -1;
	bs_result_analyze(g, &ao, &r);
	render_group(b.f, &r, o && o->verbose);
	bs_result_release(&r);
	return bs_text_fit_end(&b, &fit, out) || ferror(out) ? -1 : 0;
}
