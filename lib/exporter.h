/* SPDX-License-Identifier: MIT */
/*
 * exporter.h - buddyscope as a Prometheus exporter: the metrics of one
 * scrape, computed from /proc when asked (status.h's model, nothing
 * polled in the background), and the memory-failure reports counted from
 * the kernel log as they arrive (follow.h).  docs/exporter.md lists every
 * metric; this header promises how they are made.
 */
#ifndef BS_EXPORTER_H
#define BS_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "explain.h"

/* --- reports counted from the kernel log ------------------------------- */

/*
 * The GFP class label of a report's mode: the status class whose mask it
 * is once the modifiers that do not change where or how the allocator
 * looks (__GFP_COMP, __GFP_NOWARN, __GFP_ZERO, __GFP_NORETRY,
 * __GFP_RETRY_MAYFAIL, __GFP_NOFAIL, __GFP_ACCOUNT, __GFP_NOMEMALLOC) are
 * set aside, "other" for any other mode: the label stays bounded.
 */
#define BS_REPORT_GFP_OTHER	5	/* index after the five status classes */

struct bs_report_counter;

/* An empty counter, or NULL (errno ENOMEM).  Safe to use from several threads. */
struct bs_report_counter *bs_report_counter_alloc(void);
void bs_report_counter_free(struct bs_report_counter *c);

/* Count the report of @g (a bs_explain_report_fn). */
void bs_report_counter_add(const struct bs_group *g, void *counter);

/* Whether the kernel log is being read (1), could not be opened (0); records lost to ring-buffer overwrites. */
void bs_report_counter_set_log(struct bs_report_counter *c, bool up, uint64_t lost);

/* --- one scrape ---------------------------------------------------------- */

struct bs_exporter_opts {
	const char *root;		/* "/" live, or a snapshot directory (status --root) */
	bool migratetype;		/* free blocks per order and migratetype (pagetypeinfo) */
	struct bs_report_counter *reports;	/* NULL: no kernel-log families */
};

/*
 * Read /proc (under @o->root), compute status's model and write the whole
 * exposition (text format 0.0.4) to @out.  Files that cannot be read are
 * reported by buddyscope_proc_file_readable and their metrics left out;
 * the rest is still written.  Returns 0, or -1 with errno (ENOMEM, or the
 * write's) and a message in @err.
 */
int bs_exporter_write(const struct bs_exporter_opts *o, FILE *out, char *err, size_t errlen);

/* --- /proc/pressure/memory ----------------------------------------------- */

struct bs_psi {
	bool has_some, has_full;
	uint64_t some_total_us, full_total_us;	/* "total=": stalled time, microseconds */
};

/* Parse /proc/pressure/memory text into @p.  Returns the lines not understood. */
int bs_psi_parse(const char *buf, size_t len, struct bs_psi *p);

#endif
