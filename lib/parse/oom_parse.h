/* SPDX-License-Identifier: MIT */
/*
 * oom_parse.h - the lines only an OOM-killer report has, and the lines of
 * the short reports (XFS/ZFS retry loops, SLUB, hung tasks, vmalloc).
 *
 * parse/kmsg_parse.c owns the state machine and the lines every report shares
 * (CPU line, trace, Mem-Info, zones, buddy lines); it calls these for the
 * rest.  Every function reads one line (text without wrapper, not
 * NUL-terminated) and writes only into the report it is given.
 */
#ifndef BS_OOM_PARSE_H
#define BS_OOM_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/report.h"

/* Does the line open an OOM-killer report ("x invoked oom-killer: gfp_mask=")? */
bool bs_oom_is_header(const char *t, size_t len);

/*
 * Read "comm invoked oom-killer: gfp_mask=0x..(..), nodemask=.., order=N,
 * oom_score_adj=N" into @r (already initialised for this line).
 */
void bs_oom_parse_header(const char *t, size_t len, struct bs_report *r);

/* What an OOM line was. */
enum bs_oom_line {
	BS_OOM_FOREIGN,		/* not an OOM-only line */
	BS_OOM_TAKEN,		/* kept */
	BS_OOM_VICTIM,		/* the kill line with the victim's memory: the report is whole */
};

/* One line inside an open OOM report. */
enum bs_oom_line bs_oom_take_line(const char *t, size_t len, struct bs_report *r);

/*
 * "oom_reaper: reaped process 2458 (tuned), now anon-rss:0kB, ..." or
 * "oom_reaper: unable to reap pid:N (x)": the pid it names, or -1.
 */
int bs_oom_reaper_pid(const char *t, size_t len);

/* Apply that reaper line to @r (whose victim has that pid). */
void bs_oom_take_reaper(const char *t, size_t len, struct bs_report *r);

/* After the last line: kind (global or memcg) settled, tasks sorted by rss. */
void bs_oom_finish(struct bs_report *r);

/*
 * The short reports.  Each returns true and fills @r's kind-specific
 * fields (kind, comm, pid, mode, ev) when the line is one; @r must have
 * been initialised for the line.  bs_event_probe() is the cheap test
 * that says which kind a line would open (BS_KIND_NR for none).
 */
enum bs_report_kind bs_event_probe(const char *t, size_t len);
bool bs_event_parse_xfs(const char *t, size_t len, struct bs_report *r);
bool bs_event_parse_zfs(const char *t, size_t len, struct bs_report *r);
bool bs_event_parse_hung(const char *t, size_t len, struct bs_report *r);
bool bs_event_parse_slub(const char *t, size_t len, struct bs_report *r);

/* The "  cache: ..." and "  node N: slabs: ..." lines after a SLUB header. */
bool bs_event_take_slub_line(const char *t, size_t len, struct bs_report *r);

/* The "task:x state:D stack:..." / "x D ffff... 0 6902 1 0x0" line of a hung task. */
bool bs_event_take_hung_line(const char *t, size_t len, struct bs_report *r);

#endif
