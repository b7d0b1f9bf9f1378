/* SPDX-License-Identifier: MIT */
/*
 * explain.h - the `explain` job as a library: feed any number of inputs,
 * get the failures grouped by (site, order, mode), each group with its
 * count, first and last sighting and the first report kept whole for
 * analysis.  Memory stays bounded whatever the input size: reports are
 * parsed as they stream past, and only one report per group is kept.
 */
#ifndef BS_EXPLAIN_H
#define BS_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/analysis.h"
#include "diag.h"
#include "input/logline.h"
#include "parse/report.h"

/* Groups kept whole; further distinct failures are only counted. */
#define BS_MAX_GROUPS 256

struct bs_sighting {
	char source[256];
	uint64_t line;
	double mono;
	bool has_mono;
	int64_t wall;
	bool has_wall;
	bool year_assumed;		/* wall's year is the assumed one (see bs_explain_set_year) */
	bool year_stepped_back;		/* the assumed year put it after the reference: the year before */
	bool wall_utc;			/* wall is UTC; false: the logging host's local clock read as if
					   it were UTC (syslog, dmesg -T, journal short stamps) */
};

struct bs_group {
	struct bs_report *rep;		/* the first report of the group */
	uint64_t count;			/* reports seen */
	uint64_t suppressed;		/* "callbacks suppressed" counted before them */
	uint64_t incomplete;		/* reports of the group that had gaps */
	struct bs_sighting first, last;
};

struct bs_explain_stats {
	uint64_t inputs;
	uint64_t lines;
	uint64_t truncated_lines;
	uint64_t binary_lines;
	uint64_t reports;
	uint64_t suppressed;		/* all "callbacks suppressed" counts, those below included */
	uint64_t suppressed_unattached;	/* counted after the last report of an input */
	uint64_t reaper_unmatched;	/* oom_reaper lines whose kill report was closed or absent */
	uint64_t overflow_reports;	/* reports of groups beyond BS_MAX_GROUPS */
	uint64_t oom_reports;		/* reports of new groups not kept: out of memory */
	uint64_t timeline_oom;		/* timeline minutes not kept: out of memory */
	uint64_t by_kind[BS_KIND_NR];	/* reports of each kind */
	int assumed_year;		/* the assumed year, if a report's stamp took it; else 0 */
	uint64_t year_stepped_back;	/* reports put in the year before: the assumed year was in the future */
	uint64_t wall_local, wall_utc;	/* reports whose wall is local time / UTC */
	uint64_t duplicates;		/* reports already read from another input (same stamp, same report) */
	uint64_t unreadable;		/* inputs nothing could be read from */
	uint64_t damaged;		/* inputs read in part (damaged or truncated) */
};

/* One input as read: what it was, how much of it, what went wrong. */
struct bs_input_info {
	char name[256];
	char kind[32];			/* "text", "gzip+text", "json", "journal", "sosreport", ... */
	char parent[256];		/* the directory it was found in; "" if given itself */
	uint64_t bytes;			/* bytes read from it, as stored (compressed) */
	uint64_t lines;			/* lines handed to the parser */
	uint64_t records;		/* journal records read (json, export, verbose, journal) */
	uint64_t files;			/* a directory: the files read from it */
	bool unreadable;		/* nothing could be read */
	bool damaged;			/* read in part: what came before the damage was analysed */
	char error[256];		/* why, "" when nothing went wrong */
};

/*
 * One minute of the timeline: how many reports of each kind began in it.
 * The minute is wall-clock (Unix time / 60) when the input had wall
 * stamps, else seconds since boot / 60 (@wall false).
 */
struct bs_timeline_bucket {
	int64_t minute;
	bool wall;
	uint32_t n[BS_KIND_NR];
};

/* Most minutes kept; reports of later minutes are counted in the last one. */
#define BS_MAX_TIMELINE 100000

struct bs_explain;

struct bs_explain *bs_explain_alloc(void);
void bs_explain_free(struct bs_explain *e);

/*
 * Year of the first syslog stamp that carries none (default: unknown).
 * @assumed: the caller guessed it (e.g. this year) rather than knowing it;
 * the sightings and stats then say which times rest on the guess.
 */
void bs_explain_set_year(struct bs_explain *e, int year, bool assumed);

/*
 * Converts @local, a wall-clock reading of the logging host's local time
 * encoded as if it were UTC, into true UTC (*@utc).  Returns 0, or -1 to
 * leave the stamp local.  The caller owns the time zone (the library keeps
 * no global state): e.g. the CLI's --tz through the C library's TZ.
 */
typedef int (*bs_local_to_utc_fn)(int64_t local, int64_t *utc, void *ctx);

/* Convert every local-time stamp with @fn from now on (NULL: keep them local, labelled so). */
void bs_explain_set_local_tz(struct bs_explain *e, bs_local_to_utc_fn fn, void *ctx);

/*
 * The time the next inputs were written by (Unix time: a file's mtime, or
 * now), 0 for none.  A stamp whose year was assumed (bs_explain_set_year)
 * and lies more than a day after it is put in the year before, so an
 * assumed year never dates a report in the future.
 */
void bs_explain_set_reference(struct bs_explain *e, int64_t reference);

/* Start input @source (a name for messages); 0, or -1 with errno (ENOMEM, or EINVAL if the reader refused the parser's needles). */
int bs_explain_begin(struct bs_explain *e, const char *source);
void bs_explain_feed(struct bs_explain *e, const char *buf, size_t len);
void bs_explain_end(struct bs_explain *e);

/*
 * The inputs so far, in the order they were begun or added.  Each
 * bs_explain_begin() adds one (kind "text"); bs_explain_input_add() adds
 * one that is not read through the line reader (a directory, an input
 * that could not be opened).  bs_explain_input_last() is the latest, for
 * the reader to fill in; NULL when there is none or memory ran out.
 */
struct bs_input_info *bs_explain_input_add(struct bs_explain *e, const char *name);
struct bs_input_info *bs_explain_input_last(struct bs_explain *e);
const struct bs_input_info *bs_explain_inputs(const struct bs_explain *e, size_t *n);

/*
 * Following a log as it grows (explain --follow, the exporter): @fn is
 * called once per report as soon as the reader closes it, with a group of
 * that report alone (count 1, first and last sighting its own), valid
 * during the call only.  The report is counted in the stats and is not
 * kept in the groups or the timeline, so memory stays flat however long
 * the log runs.  NULL restores grouping.
 */
typedef void (*bs_explain_report_fn)(const struct bs_group *g, void *ctx);
void bs_explain_set_report_fn(struct bs_explain *e, bs_explain_report_fn fn, void *ctx);

/*
 * Read the lines other programs wrote to the kernel log (/dev/kmsg
 * records of a facility other than kern, syslog lines of other programs)
 * as if the kernel had printed them, from the next input on.  Off by
 * default: only the kernel's own lines can be its reports.  On, a report
 * written with `echo > /dev/kmsg` is read: a fire drill for the path from
 * the log to an alert.
 */
void bs_explain_set_user_lines(struct bs_explain *e, bool on);

/*
 * Close the reports still open without ending the input: the log went
 * quiet, so what was printed is all there is (a report whose end the
 * reader waits for is delivered now, marked cut if incomplete).  Feeding
 * goes on afterwards as if a new line had begun.
 */
void bs_explain_flush(struct bs_explain *e);

/* Results, in order of first sighting. */
size_t bs_explain_nr_groups(const struct bs_explain *e);
const struct bs_group *bs_explain_group(const struct bs_explain *e, size_t i);
void bs_explain_get_stats(const struct bs_explain *e, struct bs_explain_stats *st);

/* What the run could not keep (out of memory, the group limit), in the one diagnostics list (diag.h). */
const struct bs_diag_list *bs_explain_diags(const struct bs_explain *e);

/* The minutes with reports, in time order (wall-clock minutes before boot-time ones). */
const struct bs_timeline_bucket *bs_explain_timeline(const struct bs_explain *e, size_t *n);

/* Where the first report of kind @k was seen, or NULL if none. */
const struct bs_sighting *bs_explain_first_of_kind(const struct bs_explain *e, enum bs_report_kind k);

/* struct bs_render_opts: verbose, the kernel given (public, buddyscope.h) */

struct bs_results;

/* Render analysed groups (bs_explain_analyze()) as text for people, or as JSON (docs/json.md). 0 or -1. */
int bs_explain_render_text(const struct bs_results *res, const struct bs_render_opts *o, FILE *out);
int bs_explain_render_json(const struct bs_results *res, const struct bs_render_opts *o, FILE *out);

/*
 * One group as the list renders it: text, or one JSON object (an element
 * of "events", docs/json.md) on one line, for NDJSON.  A report whose
 * analysis failed is an event with analysis_failed, as in the list.  0, or -1 (out of memory or
 * write error).
 */
int bs_explain_render_group_text(const struct bs_group *g, const struct bs_render_opts *o, FILE *out);
int bs_explain_render_group_json(const struct bs_group *g, const struct bs_render_opts *o, FILE *out);

#endif
