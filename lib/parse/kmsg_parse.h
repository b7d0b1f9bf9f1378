/* SPDX-License-Identifier: MIT */
/*
 * kmsg_parse.h - find and parse page allocation failure reports in
 * normalised kernel log lines (see logline.h).
 *
 * A report opens at its header line ("comm: page allocation failure:
 * order:N, mode:0x..."), collects the lines warn_alloc() and
 * show_free_areas() print, and closes at its last line (the "pages
 * reserved" / "pages hwpoisoned" totals), at the next report, after too
 * many foreign lines, or at the end of input.
 *
 * Before that, each line loses the prefix learned from the last header
 * line (prefix.h: Android, logcat, serial, "kernel:", indents), and a
 * stamped line is held until the next one says whether it goes on: the
 * rest of a line broken by mail or a terminal has no stamp, and is joined
 * with a space or without as the kernel's token grammar says (linejoin.h).
 *
 * Lines from other CPUs may sit in between: with printk caller ids
 * ("[T123]") each caller gets its own open report.  Without them, a new
 * header does not end a report that showed only its header or is in the
 * middle of its Mem-Info; each line goes to the open report that is at
 * that point of its sequence and lacks that datum (a second "Node 0 DMA
 * free:" is the other report's), by comm for the CPU line, else to the
 * one whose turn it is.  Lines no report takes are skipped and counted.
 */
#ifndef BS_KMSG_PARSE_H
#define BS_KMSG_PARSE_H

#include "input/logline.h"
#include "parse/report.h"

/* Called once per closed report; @r is valid only during the call. */
typedef void (*bs_report_fn)(const struct bs_report *r, void *ctx);

struct bs_kmsg_parser;

struct bs_kmsg_parser *bs_kmsg_parser_alloc(bs_report_fn fn, void *ctx);

/* Consume one line (from bs_linereader's callback). */
void bs_kmsg_parser_line(struct bs_kmsg_parser *p, const struct bs_line *l);

/*
 * True while a report is open (or a line is held for a possible flowed
 * continuation): every line matters then.  Between reports only lines
 * holding one of bs_kmsg_needles() can start one.
 */
bool bs_kmsg_parser_busy(const struct bs_kmsg_parser *p);

/* The strings one of which every line that starts a report holds; *n the count. */
const char *const *bs_kmsg_needles(size_t *n);

/* End of one input: close every open report (marked cut if incomplete). */
void bs_kmsg_parser_finish(struct bs_kmsg_parser *p);

/* What the input held that no delivered report carries. */
struct bs_kmsg_leftovers {
	uint64_t suppressed;		/* "callbacks suppressed" counts after the last report */
	uint64_t reaper_unmatched;	/* oom_reaper lines whose kill report was closed or absent */
};

/* The leftovers since the last call (finish first to count the input's end); resets them. */
void bs_kmsg_parser_take_leftovers(struct bs_kmsg_parser *p, struct bs_kmsg_leftovers *lo);

void bs_kmsg_parser_free(struct bs_kmsg_parser *p);

/*
 * Parse a whole buffer (several lines, any wrapper) in one call: the
 * convenience the tests and the fuzzer use.  Returns reports delivered,
 * or -1 on allocation failure.
 */
int bs_kmsg_parse_buffer(const char *source, const char *buf, size_t len,
			 bs_report_fn fn, void *ctx);

#endif
