// SPDX-License-Identifier: MIT
/*
 * explain.c - inputs in, groups of failures out.
 *
 * Data flows one way: bytes -> bs_linereader (normalised lines) ->
 * bs_kmsg_parser (reports) -> here (grouped).  Analysis happens when the
 * groups are rendered, so the parse of a large log keeps nothing but one
 * report per group.
 */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input/dedup.h"
#include "parse/kmsg_parse.h"

struct bs_explain {
	struct bs_kmsg_parser *parser;
	struct bs_linereader *reader;
	struct bs_group groups[BS_MAX_GROUPS];
	size_t nr_groups;
	struct bs_explain_stats st;
	struct bs_diag_list diags;	/* what was not kept, and why */
	bool said_limit;		/* the group limit is said once */
	int year;
	bool year_assumed;
	struct bs_timeline_bucket *timeline;
	size_t nr_timeline, cap_timeline;
	bool timeline_sorted;
	struct bs_sighting first_of_kind[BS_KIND_NR];
	bool has_first_of_kind[BS_KIND_NR];
	bs_local_to_utc_fn local_to_utc;
	void *local_to_utc_ctx;
	int64_t reference;		/* 0: none */
	struct bs_input_info *inputs;	/* every input begun or added */
	size_t nr_inputs, cap_inputs;
	struct bs_dedup dedup;		/* reports seen, to count one read from two inputs once */
	bool user_lines;		/* read other programs' lines as the kernel's (a drill) */
	bs_explain_report_fn report_fn;	/* following: each report handed out, not grouped */
	void *report_ctx;
};

/* A report's wall clock as explain states it: the assumed year kept out of the future, local time converted when asked. */
struct settled_wall {
	int64_t wall;
	bool utc, stepped;
};

/* @t (seconds, read as UTC) one calendar year earlier: Feb 29 becomes Feb 28. */
static int64_t year_before(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm))
		return t;
	tm.tm_year--;
	if (tm.tm_mon == 1 && tm.tm_mday == 29)
		tm.tm_mday = 28;
	return (int64_t)timegm(&tm);
}

static struct settled_wall settle_wall(const struct bs_explain *e, const struct bs_report *r)
{
	struct settled_wall w = { r->wall, r->wall_utc, false };
	int64_t utc;

	if (!r->has_wall)
		return w;
	/* a day of slack: a local stamp may lead UTC by up to 14 hours */
	for (int i = 0; i < 3 && e->reference && e->year_assumed && r->year_from_caller &&
			w.wall > e->reference + 86400; i++) {
		w.wall = year_before(w.wall);
		w.stepped = true;
	}
	if (!w.utc && e->local_to_utc && e->local_to_utc(w.wall, &utc, e->local_to_utc_ctx) == 0) {
		w.wall = utc;
		w.utc = true;
	}
	return w;
}

static void sighting(const struct bs_explain *e, struct bs_sighting *s, const struct bs_report *r)
{
	struct settled_wall w = settle_wall(e, r);

	memcpy(s->source, r->source, sizeof(s->source));
	s->line = r->first_line;
	s->mono = r->mono;
	s->has_mono = r->has_mono;
	s->wall = w.wall;
	s->has_wall = r->has_wall;
	s->wall_utc = w.utc;
	s->year_stepped_back = w.stepped;
	s->year_assumed = e->year_assumed && r->year_from_caller;
}

/*
 * Same failure = same order, same mode, same path: the reliable frames of
 * both traces are equal (function and module; offsets may differ between
 * builds).  A report without a trace matches on order and mode alone.
 */
static bool same_failure(const struct bs_report *a, const struct bs_report *b)
{
	int i = 0, j = 0;

	if (a->kind != b->kind || a->order != b->order || a->mode != b->mode)
		return false;
	switch (a->kind) {
	case BS_KIND_OOM:
	case BS_KIND_MEMCG_OOM:
		/* each victim tells its own story; the same trigger and victim name repeat */
		return a->oom.order == b->oom.order && !strcmp(a->oom.victim_comm, b->oom.victim_comm) &&
		       !strcmp(a->comm, b->comm);
	case BS_KIND_XFS_KMEM_DEADLOCK:
	case BS_KIND_ZFS_KMEM_DEADLOCK:
		return !strcmp(a->ev.func, b->ev.func);
	case BS_KIND_SLUB_FAILURE:
		return !strcmp(a->ev.func, b->ev.func);
	case BS_KIND_HUNG_TASK:
		return !strcmp(a->comm, b->comm);
	case BS_KIND_MEMORY_STATE:
		return false;	/* each dump is the state of its own moment */
	case BS_KIND_VMAP_FAILURE:
	case BS_KIND_CONTIG_BUSY:
		return true;	/* one address space, one set of pinned ranges: the sizes vary */
	case BS_KIND_CMA_FAILURE:
		return !strcmp(a->ev.cma_name, b->ev.cma_name) && a->ev.cma_pages == b->ev.cma_pages &&
		       a->ev.cma_ret == b->ev.cma_ret;
	case BS_KIND_NOMMU_FAILURE:
		return !strcmp(a->comm, b->comm) && a->ev.size == b->ev.size;
	default:
		break;
	}
	for (;;) {
		while (i < a->nr_frames && a->frames[i].unreliable)
			i++;
		while (j < b->nr_frames && b->frames[j].unreliable)
			j++;
		if (i >= a->nr_frames || j >= b->nr_frames)
			return (i >= a->nr_frames) == (j >= b->nr_frames) || !a->nr_frames || !b->nr_frames;
		if (strcmp(a->frames[i].func, b->frames[j].func) ||
		    strcmp(a->frames[i].module, b->frames[j].module))
			return false;
		i++;
		j++;
	}
}

/* Count @r in its minute; buckets are appended while time goes forward. */
static void timeline_add(struct bs_explain *e, const struct bs_report *r)
{
	struct bs_timeline_bucket *b = e->nr_timeline ? &e->timeline[e->nr_timeline - 1] : NULL;
	int64_t minute;
	bool wall = r->has_wall;
	int64_t when = settle_wall(e, r).wall;

	if (!r->has_wall && !r->has_mono)
		return;
	minute = wall ? (when >= 0 ? when / 60 : (when - 59) / 60) : (int64_t)(r->mono / 60.0);
	if (!b || b->minute != minute || b->wall != wall) {
		/* the order test reads the last bucket before realloc() may move it */
		if (b && (b->wall != wall || minute < b->minute))
			e->timeline_sorted = false;
		if (e->nr_timeline == e->cap_timeline && e->nr_timeline < BS_MAX_TIMELINE) {
			size_t cap = e->cap_timeline ? 2 * e->cap_timeline : 64;
			struct bs_timeline_bucket *t;

			if (cap > BS_MAX_TIMELINE)
				cap = BS_MAX_TIMELINE;
			t = realloc(e->timeline, cap * sizeof(*t));
			if (!t && !e->st.timeline_oom++)
				bs_diag_add(&e->diags, BS_DIAG_WARNING, BS_DIAG_OUT_OF_MEMORY,
					    "out of memory: the timeline's later minutes are counted in its last one");
			if (t) {
				/* @b pointed into the block realloc() may have freed */
				e->timeline = t;
				e->cap_timeline = cap;
				b = e->nr_timeline ? &e->timeline[e->nr_timeline - 1] : NULL;
			}
		}
		if (e->nr_timeline < e->cap_timeline) {
			b = &e->timeline[e->nr_timeline++];
			memset(b, 0, sizeof(*b));
			b->minute = minute;
			b->wall = wall;
		}
	}
	if (b)
		b->n[r->kind]++;
}

/*
 * How much of a report was read: the data the analysis needs (zones with
 * their buddy lines, Mem-Info, the trace, the CPU line) and none of the
 * gaps.  A repeated report cut short or interleaved must not stand for a
 * whole copy of it.
 */
static long completeness(const struct bs_report *r)
{
	long score = 0;
	unsigned gaps = r->gaps;

	for (int i = 0; i < r->nr_zones; i++)
		score += 8 + (r->zones[i].buddy.present ? 8 : 0) + (r->zones[i].nr_lowmem_reserve >= 0 ? 2 : 0);
	score += r->nr_counters + (r->has_meminfo ? 4 : 0) + (r->nr_frames ? 4 : 0) + (r->pid >= 0 ? 2 : 0);
	for (; gaps; gaps &= gaps - 1)
		score -= 16;
	return score;
}

static void on_report(const struct bs_report *r, void *ctx)
{
	struct bs_explain *e = ctx;
	struct bs_group *g = NULL;

	if (e->nr_inputs && bs_dedup_check(&e->dedup, bs_dedup_fingerprint(r), (uint32_t)(e->nr_inputs - 1))) {
		e->st.duplicates++;
		return;
	}
	e->st.reports++;
	e->st.by_kind[r->kind]++;
	if (!e->has_first_of_kind[r->kind]) {
		sighting(e, &e->first_of_kind[r->kind], r);
		e->has_first_of_kind[r->kind] = true;
	}
	if (!e->report_fn)
		timeline_add(e, r);
	if (e->year_assumed && r->year_from_caller)
		e->st.assumed_year = e->year;
	if (r->has_wall) {
		struct settled_wall w = settle_wall(e, r);

		e->st.year_stepped_back += w.stepped;
		if (w.utc)
			e->st.wall_utc++;
		else
			e->st.wall_local++;
	}
	e->st.suppressed += r->suppressed;
	if (e->report_fn) {
		struct bs_group one;

		memset(&one, 0, sizeof(one));
		one.rep = (struct bs_report *)r;	/* the renderers only read it */
		one.count = 1;
		one.suppressed = r->suppressed;
		one.incomplete = r->gaps ? 1 : 0;
		sighting(e, &one.first, r);
		one.last = one.first;
		e->report_fn(&one, e->report_ctx);
		return;
	}
	for (size_t i = 0; i < e->nr_groups; i++) {
		if (same_failure(e->groups[i].rep, r)) {
			g = &e->groups[i];
			break;
		}
	}
	if (!g) {
		if (e->nr_groups >= BS_MAX_GROUPS) {
			if (!e->st.overflow_reports++)
				bs_diag_add(&e->diags, BS_DIAG_NOTE, BS_DIAG_LIMIT,
					    "more than %d distinct kinds of report: the further ones are counted, "
					    "not analysed", BS_MAX_GROUPS);
			return;
		}
		g = &e->groups[e->nr_groups];
		g->rep = malloc(sizeof(*g->rep));
		if (!g->rep) {
			/* a report not kept for lack of memory is said as that, not as the group limit */
			if (!e->st.oom_reports++)
				bs_diag_add(&e->diags, BS_DIAG_ERROR, BS_DIAG_OUT_OF_MEMORY,
					    "out of memory: a report of a new kind could not be kept, nor analysed");
			return;
		}
		*g->rep = *r;
		g->count = 0;
		g->suppressed = 0;
		g->incomplete = 0;
		sighting(e, &g->first, r);
		e->nr_groups++;
	} else if (completeness(r) > completeness(g->rep)) {
		/* keep the most complete report of the group for analysis, not the first */
		*g->rep = *r;
	}
	g->count++;
	g->suppressed += r->suppressed;
	if (r->gaps)
		g->incomplete++;
	sighting(e, &g->last, r);
}

static void on_line(const struct bs_line *l, void *ctx)
{
	struct bs_explain *e = ctx;
	struct bs_line v;

	if (e->user_lines && !l->kernel) {
		v = *l;
		v.kernel = true;
		l = &v;
	}
	bs_kmsg_parser_line(e->parser, l);
	/* between reports, let the reader skip lines that cannot start one */
	bs_linereader_set_filter(e->reader, !bs_kmsg_parser_busy(e->parser));
}

struct bs_explain *bs_explain_alloc(void)
{
	struct bs_explain *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->timeline_sorted = true;
	e->parser = bs_kmsg_parser_alloc(on_report, e);
	if (!e->parser) {
		free(e);
		return NULL;
	}
	return e;
}

void bs_explain_free(struct bs_explain *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nr_groups; i++)
		free(e->groups[i].rep);
	bs_linereader_free(e->reader);
	bs_kmsg_parser_free(e->parser);
	free(e->timeline);
	free(e->inputs);
	bs_dedup_release(&e->dedup);
	free(e);
}

struct bs_input_info *bs_explain_input_add(struct bs_explain *e, const char *name)
{
	struct bs_input_info *in;

	if (e->nr_inputs == e->cap_inputs) {
		size_t cap = e->cap_inputs ? 2 * e->cap_inputs : 8;
		struct bs_input_info *t = realloc(e->inputs, cap * sizeof(*t));

		if (!t)
			return NULL;
		e->inputs = t;
		e->cap_inputs = cap;
	}
	in = &e->inputs[e->nr_inputs++];
	memset(in, 0, sizeof(*in));
	snprintf(in->name, sizeof(in->name), "%s", name);
	snprintf(in->kind, sizeof(in->kind), "text");
	return in;
}

struct bs_input_info *bs_explain_input_last(struct bs_explain *e)
{
	return e->nr_inputs ? &e->inputs[e->nr_inputs - 1] : NULL;
}

const struct bs_input_info *bs_explain_inputs(const struct bs_explain *e, size_t *n)
{
	*n = e->nr_inputs;
	return e->inputs;
}

void bs_explain_set_year(struct bs_explain *e, int year, bool assumed)
{
	e->year = year;
	e->year_assumed = assumed && year > 1970;
}

void bs_explain_set_local_tz(struct bs_explain *e, bs_local_to_utc_fn fn, void *ctx)
{
	e->local_to_utc = fn;
	e->local_to_utc_ctx = ctx;
}

void bs_explain_set_reference(struct bs_explain *e, int64_t reference)
{
	e->reference = reference;
}

int bs_explain_begin(struct bs_explain *e, const char *source)
{
	size_t n;
	const char *const *needles = bs_kmsg_needles(&n);

	if (e->reader)
		bs_explain_end(e);
	if (!bs_explain_input_add(e, source))
		return -1;
	e->reader = bs_linereader_alloc(source, on_line, e);
	if (!e->reader)
		return -1;
	/* without its needles the reader parses every line: five times slower, so refuse */
	if ((e->year && bs_linereader_set_year(e->reader, e->year) < 0) ||
	    bs_linereader_set_needles(e->reader, needles, n) < 0) {
		bs_linereader_free(e->reader);
		e->reader = NULL;
		return -1;
	}
	bs_linereader_set_filter(e->reader, true);
	e->st.inputs++;
	return 0;
}

void bs_explain_feed(struct bs_explain *e, const char *buf, size_t len)
{
	if (e->reader)
		bs_linereader_feed(e->reader, buf, len);
}

static int bucket_cmp(const void *a, const void *b)
{
	const struct bs_timeline_bucket *x = a, *y = b;

	if (x->wall != y->wall)
		return x->wall ? -1 : 1;
	return (x->minute > y->minute) - (x->minute < y->minute);
}

/* After a sort, the minutes that several inputs share sit side by side: add them into one. */
static void timeline_merge(struct bs_explain *e)
{
	size_t out = 0;

	for (size_t i = 1; i < e->nr_timeline; i++) {
		struct bs_timeline_bucket *b = &e->timeline[out];

		if (e->timeline[i].minute == b->minute && e->timeline[i].wall == b->wall) {
			for (int k = 0; k < BS_KIND_NR; k++)
				b->n[k] += e->timeline[i].n[k];
		} else {
			e->timeline[++out] = e->timeline[i];
		}
	}
	e->nr_timeline = out + 1;
}

void bs_explain_end(struct bs_explain *e)
{
	struct bs_linereader_stats ls;

	if (!e->reader)
		return;
	bs_explain_flush(e);
	bs_linereader_stats(e->reader, &ls);
	e->st.lines += ls.lines;
	e->st.truncated_lines += ls.truncated;
	e->st.binary_lines += ls.binary;
	if (e->nr_inputs)
		e->inputs[e->nr_inputs - 1].lines = ls.lines;
	bs_linereader_free(e->reader);
	e->reader = NULL;
	if (!e->timeline_sorted && e->nr_timeline) {
		qsort(e->timeline, e->nr_timeline, sizeof(e->timeline[0]), bucket_cmp);
		e->timeline_sorted = true;
		timeline_merge(e);
	}
}

void bs_explain_set_report_fn(struct bs_explain *e, bs_explain_report_fn fn, void *ctx)
{
	e->report_fn = fn;
	e->report_ctx = ctx;
}

void bs_explain_set_user_lines(struct bs_explain *e, bool on)
{
	e->user_lines = on;
}

void bs_explain_flush(struct bs_explain *e)
{
	struct bs_kmsg_leftovers lo;

	if (!e->reader)
		return;
	bs_linereader_finish(e->reader);
	bs_kmsg_parser_finish(e->parser);
	bs_kmsg_parser_take_leftovers(e->parser, &lo);
	e->st.suppressed += lo.suppressed;
	e->st.suppressed_unattached += lo.suppressed;
	e->st.reaper_unmatched += lo.reaper_unmatched;
	/* the parser closed its reports: only needle lines can start the next */
	bs_linereader_set_filter(e->reader, true);
}

size_t bs_explain_nr_groups(const struct bs_explain *e)
{
	return e->nr_groups;
}

const struct bs_group *bs_explain_group(const struct bs_explain *e, size_t i)
{
	return i < e->nr_groups ? &e->groups[i] : NULL;
}

void bs_explain_get_stats(const struct bs_explain *e, struct bs_explain_stats *st)
{
	*st = e->st;
	st->unreadable = st->damaged = 0;
	for (size_t i = 0; i < e->nr_inputs; i++) {
		st->unreadable += e->inputs[i].unreadable;
		st->damaged += e->inputs[i].damaged && !e->inputs[i].unreadable;
	}
}

const struct bs_diag_list *bs_explain_diags(const struct bs_explain *e)
{
	return &e->diags;
}


/* Each minute once, in time order, whatever the order of the inputs. */
const struct bs_timeline_bucket *bs_explain_timeline(const struct bs_explain *e, size_t *n)
{
	*n = e->nr_timeline;
	return e->timeline;
}

const struct bs_sighting *bs_explain_first_of_kind(const struct bs_explain *e, enum bs_report_kind k)
{
	return (unsigned)k < BS_KIND_NR && e->has_first_of_kind[k] ? &e->first_of_kind[k] : NULL;
}
