/* SPDX-License-Identifier: MIT */
/*
 * logline.h - turn raw log input into normalised kernel message lines.
 *
 * Input arrives in chunks of any size (a file read in 1 MiB blocks, stdin,
 * /dev/kmsg records).  The reader strips whatever wraps a kernel message:
 * dmesg "[  123.456789] ", dmesg -T "[Sat Apr 29 21:54:31 2023] ", syslog
 * "Apr 29 21:54:31 host kernel: ", RFC 3339 syslog, journalctl short,
 * short-iso, short-precise, short-full, short-unix, short-monotonic and
 * cat, /dev/kmsg "6,1234,5678,-;", dmesg -r "<6>", dmesg -x
 * "kern  :warn  : ", printk caller ids "[T123]"/"[C3]", CR characters and
 * ANSI escapes of serial captures, "kernel: " and "kernel: [ts] " of
 * syslog lines copied without stamp and host, and splits rsyslog's
 * "#012"-escaped records into the lines they held, and dmesg records a
 * paste reflowed onto one line ("... msg [ 12.345678] msg2") into the
 * records, each with its stamp.  Prefixes it does not know (Android,
 * logcat, vendor kernels, serial stamps, indents) are left in the text:
 * the report parser learns them from the header line (prefix.h).  Each resulting line is handed to a
 * callback with what the wrapper said.  The wrapper is detected per line,
 * so a file may mix formats.  Leading spaces of the message itself are
 * kept (" Call Trace:"), but wrappers differ in whether they keep them
 * (rsyslog drops one): parsers should not depend on them.
 *
 * Lines are delivered in input order, and the output does not depend on how
 * the input was cut into chunks.
 */
#ifndef BS_LOGLINE_H
#define BS_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Longest physical line kept whole; longer ones are cut to their first
 * BS_LINE_MAX bytes (flagged truncated) and the rest of that line is
 * discarded without being buffered.
 */
#define BS_LINE_MAX (64 * 1024)

struct bs_line {
	const char *text;	/* the kernel message, wrapper removed; no '\n', no
				   control byte but '\t'; valid during the callback only */
	size_t len;		/* <= BS_LINE_MAX */
	uint64_t lineno;	/* 1-based physical line in this input; the lines
				   split out of one "#012" record share it */
	const char *source;	/* input name for messages ("dmesg.txt", "-") */
	double mono;		/* seconds since boot from "[ 123.456]" or /dev/kmsg;
				   valid if has_mono */
	bool has_mono;
	int64_t wall;		/* wall clock, seconds since the epoch; valid if has_wall */
	bool has_wall;
	bool wall_utc;		/* the stamp carried a zone (RFC 3339, short-iso) and
				   wall was converted to UTC; otherwise wall is the
				   logging host's local time read as if it were UTC */
	bool wall_no_year;	/* the stamp had no year and none was known (see
				   bs_linereader_set_year): wall lies in a nominal
				   year counted from 1970, good for ordering and
				   differences, not for printing a year */
	bool year_from_caller;	/* the stamp had no year and its year is the one
				   given to bs_linereader_set_year (advanced at
				   each New Year), not one read from the input */
	int caller_cpu;		/* printk caller "[C3]", -1 if none */
	int caller_tid;		/* printk caller "[T123]", -1 if none */
	int level;		/* console log level 0-7 from "<6>" or /dev/kmsg, -1 if unknown */
	bool kernel;		/* the wrapper says the kernel wrote this line, or says
				   nothing (raw dmesg, journalctl -o cat); false for
				   syslog lines of other programs ("sshd[12]: ") and
				   /dev/kmsg records of user-space facilities */
	bool truncated;		/* the physical line was longer than BS_LINE_MAX */
	bool binary;		/* NUL or other control bytes were removed or replaced */
	size_t raw_len;		/* bytes of the physical line (or NUL-separated piece)
				   it came from, wrapper and all: a terminal copy cuts
				   every long line at the same column */
};

/*
 * Called once per line.  It may call bs_linereader_set_filter() on the reader
 * that calls it, and nothing else of that reader (no feed, finish or free).
 */
typedef void (*bs_line_fn)(const struct bs_line *line, void *ctx);

struct bs_linereader;

/*
 * bs_linereader_alloc - a reader for one input named @source
 * @source: name used in bs_line.source; copied
 * @fn: called once per delivered line
 *
 * RETURN VALUE: the reader, or NULL with errno set (ENOMEM, or EINVAL when
 * @fn is NULL).
 */
struct bs_linereader *bs_linereader_alloc(const char *source, bs_line_fn fn, void *ctx);

/*
 * bs_linereader_set_year - the year of the first stamp that has none
 *
 * Classic syslog and journalctl short stamps ("Apr 29 21:54:31") carry no
 * year.  The library does not read the clock (its output must depend on the
 * input only), so the caller says which year the first such stamp is in,
 * e.g. from the file's name or modification time.  From there the year
 * advances when the month goes back by six months or more (Dec -> Jan); a
 * stamp ten or more months ahead of the last one (a Dec straggler after Jan)
 * is put in the year before.  A stamp that has a year (dmesg -T, RFC 3339)
 * resets the guess to its year.  Years up to 1970 mean unknown, the
 * default: wall is then still set, with wall_no_year.  Call before the
 * first feed; a later call restarts the guess.
 *
 * RETURN VALUE: 0, or -1 with errno EINVAL when @year is above 9999.
 */
int bs_linereader_set_year(struct bs_linereader *r, int year);

/* The most needles bs_linereader_set_needles() takes. */
#define BS_LINEREADER_NEEDLES_MAX 32

/*
 * bs_linereader_set_needles - the strings that make a line worth reading
 * @needles: @n strings of 3 to 255 bytes, copied; @n = 0 removes them
 *
 * Parsing every line costs far more than finding the few that matter in a
 * large log.  While the filter is on (bs_linereader_set_filter()), a
 * physical line whose first BS_LINE_MAX raw bytes contain none of the
 * needles is not parsed nor delivered, only counted: lineno goes on, and
 * stats.lines and stats.filtered count it (truncated and binary do not).
 * Such a line ends a journalctl multi-line record and a /dev/kmsg record
 * (indented lines after it are read as lines of their own), and the year
 * guess does not see it.  Needles are matched exactly, in the raw bytes
 * (before wrappers, CR or escapes are dealt with).
 *
 * RETURN VALUE: 0, or -1 with errno EINVAL (more than
 * BS_LINEREADER_NEEDLES_MAX needles, or one out of the size range) or ENOMEM.
 */
__attribute__((warn_unused_result))
int bs_linereader_set_needles(struct bs_linereader *r, const char *const *needles, size_t n);

/*
 * bs_linereader_set_filter - skip lines without a needle, or stop skipping
 *
 * Meant to be called from the callback: a report parser that is between
 * reports turns the filter on, and off when a needle line opens a report,
 * so it sees every line of it.  It takes effect from the next physical
 * line.  Without needles the filter has no effect.  Off by default.
 */
void bs_linereader_set_filter(struct bs_linereader *r, bool on);

/* Feed @len bytes; complete lines are delivered before this returns. */
void bs_linereader_feed(struct bs_linereader *r, const char *buf, size_t len);

/*
 * End of input: deliver a last unterminated line, if any.  Feeding again
 * afterwards starts a new line (as if a '\n' had been seen).
 */
void bs_linereader_finish(struct bs_linereader *r);

/* Counters for the summary. */
struct bs_linereader_stats {
	uint64_t lines;		/* physical lines seen */
	uint64_t truncated;	/* physical lines cut at BS_LINE_MAX */
	uint64_t binary;	/* physical lines with NUL or other control bytes */
	uint64_t messages;	/* lines delivered to the callback */
	uint64_t skipped;	/* lines that are no message: journalctl "-- Boot --"
				   separators, /dev/kmsg " KEY=value" continuations */
	uint64_t filtered;	/* lines passed over by the needle filter */
};
void bs_linereader_stats(const struct bs_linereader *r, struct bs_linereader_stats *st);

void bs_linereader_free(struct bs_linereader *r);

#endif
