/* SPDX-License-Identifier: MIT */
/*
 * follow.h - the kernel log followed as it grows, like `dmesg -w`:
 * /dev/kmsg (or a file that is appended to) read without blocking, each
 * record fed to explain's report reader, and each report handed out as
 * soon as the reader closes it: at its last line, at the next report, or
 * once the log has been quiet for BS_FOLLOW_QUIET_MS (kinds whose end is
 * not printed, such as an OOM kill, close then).  `explain --follow`
 * prints what it hands out; the exporter counts it.
 */
#ifndef BS_FOLLOW_H
#define BS_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "explain.h"
#include "input/journal.h"

#define BS_FOLLOW_QUIET_MS	1000

struct bs_follow;

struct bs_follow_stats {
	uint64_t records;		/* records (or file chunks) read */
	uint64_t lost;			/* times /dev/kmsg said records were overwritten before we read them */
	uint64_t reports;		/* reports handed out */
};

/*
 * bs_follow_open - start following @path (NULL: /dev/kmsg)
 * @from_start: read what the log holds already first; else only what is
 *              written from now on
 * @fn: called once per report (see bs_explain_set_report_fn())
 *
 * RETURN VALUE: the follower, or NULL with errno (open(2)'s, ENOMEM).
 */
struct bs_follow *bs_follow_open(const char *path, bool from_start, bs_explain_report_fn fn, void *ctx);

/*
 * bs_follow_open_journal - follow the kernel entries of a systemd journal
 * (@where, @path as bs_journal_walk() takes them) as it grows: this
 * machine's from the current boot's first entry, a file, directory or OS
 * tree's from its first.  @user_lines: also the entries other programs
 * wrote to /dev/kmsg.
 *
 * RETURN VALUE: the follower, or NULL with a reason in @err.
 */
struct bs_follow *bs_follow_open_journal(enum bs_journal_where where, const char *path, bool user_lines,
					 bs_explain_report_fn fn, void *ctx, char *err, size_t errlen);

/* Count records user space wrote to the log as the kernel's (bs_explain_set_user_lines()). */
void bs_follow_set_user_lines(struct bs_follow *f, bool on);

/*
 * Read and parse everything the log holds now, handing out the reports
 * that closed.  Returns 0 (no more for now), or -1 with errno when the log
 * cannot be read.
 */
int bs_follow_read(struct bs_follow *f);

/*
 * Follow until @stop_fd (-1: none) becomes readable or the log fails:
 * wait for records, read them, close the open reports after
 * BS_FOLLOW_QUIET_MS of quiet.  Returns 0 when stopped, -1 with errno on
 * a read error.
 */
int bs_follow_run(struct bs_follow *f, int stop_fd);

void bs_follow_get_stats(const struct bs_follow *f, struct bs_follow_stats *st);

/* Close the log and free @f (reports still open are not handed out). */
void bs_follow_close(struct bs_follow *f);

#endif
