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

struct bs_gfp_table;

/* The class of @mode under GFP table @t (NULL: "other"): a status class index or BS_REPORT_GFP_OTHER. */
int bs_report_gfp_class(const struct bs_gfp_table *t, uint64_t mode);

/* The label value of a class index: "GFP_KERNEL"... or "other". */
const char *bs_report_gfp_class_name(int cls);

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
	struct bs_exporter_trace *trace;	/* NULL: no tracepoint families (--trace) */
};

/*
 * Read /proc (under @o->root), compute status's model and write the whole
 * exposition (text format 0.0.4) to @out.  Files that cannot be read are
 * reported by buddyscope_proc_file_readable and their metrics left out;
 * the rest is still written.  Returns 0, or -1 with errno (ENOMEM, or the
 * write's) and a message in @err.
 */
int bs_exporter_write(const struct bs_exporter_opts *o, FILE *out, char *err, size_t errlen);

/* --- tracepoints (--trace) --------------------------------------------- */

/*
 * The allocator's tracepoints, in a private tracefs instance of their own
 * (trace.h's live session, the same events and in-kernel filters as
 * `trace`): failed allocations by order and GFP class, the silent ones
 * too, and direct reclaim, memcg reclaim and direct compaction stalls as
 * histograms.  Events are read when scraped and every second in between,
 * and consumed as they come: the memory used does not grow with time.
 */
struct bs_exporter_trace;

/*
 * Load libtracefs and libtraceevent, mount tracefs when it is not (and
 * unmount it on close), create the instance and enable the events.
 * Returns NULL with a reason in @err (errno EPERM not root, ELIBACC the
 * libraries are missing, ENOENT no tracefs).  Notes on events this kernel
 * lacks are in bs_exporter_trace_note_at().
 */
struct bs_exporter_trace *bs_exporter_trace_open(char *err, size_t errlen);

/* Note @i of the session so far (events missing, filters refused) in words, in @buf; NULL past the last. */
char *bs_exporter_trace_note_at(struct bs_exporter_trace *x, size_t i, char *buf, size_t len);

/*
 * Read what the ring buffers hold every second until @stop_fd is readable
 * (or hangs up).  Returns 0, or -1 with errno when polling fails.
 */
int bs_exporter_trace_run(struct bs_exporter_trace *x, int stop_fd);

/*
 * Stop tracing and remove the instance (and tracefs' mount when open made
 * it): the kernel's tracing state is as before.  Always frees @x; NULL is
 * fine.  Returns 0, or -1 when something could not be restored.
 */
int bs_exporter_trace_close(struct bs_exporter_trace *x);

/* --- /proc/pressure/memory ----------------------------------------------- */

struct bs_psi {
	bool has_some, has_full;
	uint64_t some_total_us, full_total_us;	/* "total=": stalled time, microseconds */
};

/* Parse /proc/pressure/memory text into @p.  Returns the lines not understood. */
int bs_psi_parse(const char *buf, size_t len, struct bs_psi *p);

#endif
