/* SPDX-License-Identifier: MIT */
/*
 * trace.h - failing allocations and reclaim/compaction stalls, from the
 * kernel's own tracepoints, read as binary ring-buffer pages.
 *
 * Three parts, one data flow:
 *
 *   bs_trace_session_*   (trace_session.c, the only user of libtracefs)
 *	(both libraries are loaded at run time, trace_lib.h, so that the
 *	rest of buddyscope runs where they are not installed)
 *	a private tracefs instance "buddyscope-<pid>": events, in-kernel
 *	filters, the raw pages of every CPU, optionally saved in the trace
 *	recording layout (docs/trace.md), and everything undone on close.
 *   bs_trace_decoder_*   (trace_decode.c)
 *	libtraceevent: the recording's header_page and event format files,
 *	then sub-buffer pages into normalised events.
 *   bs_trace_*           (trace_stats.c, trace_out.c, trace_replay.c)
 *	the events paired per task (begin/end), counted per site, binned in
 *	log2 latency histograms, and rendered as text or JSON.
 *
 * Like the rest of the library nothing here prints diagnostics or exits;
 * what the user should hear about (a missing event, lost events, an
 * unreadable file) is collected as notes in the bs_trace.
 */
#ifndef BS_TRACE_H
#define BS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel/gfp.h"

/* The tracepoints trace uses; enum-indexed tables in trace_decode.c. */
enum bs_tev_kind {
	BS_TEV_PAGE_ALLOC,		/* kmem:mm_page_alloc, failed only (filtered) */
	BS_TEV_EXTFRAG,			/* kmem:mm_page_alloc_extfrag */
	BS_TEV_DR_BEGIN,		/* vmscan:mm_vmscan_direct_reclaim_begin */
	BS_TEV_DR_END,			/* vmscan:mm_vmscan_direct_reclaim_end */
	BS_TEV_MEMCG_BEGIN,		/* vmscan:mm_vmscan_memcg_reclaim_begin */
	BS_TEV_MEMCG_END,		/* vmscan:mm_vmscan_memcg_reclaim_end */
	BS_TEV_KSWAPD_WAKE,		/* vmscan:mm_vmscan_kswapd_wake */
	BS_TEV_KSWAPD_SLEEP,		/* vmscan:mm_vmscan_kswapd_sleep */
	BS_TEV_WAKEUP_KSWAPD,		/* vmscan:mm_vmscan_wakeup_kswapd */
	BS_TEV_COMPACT_TRY,		/* compaction:mm_compaction_try_to_compact_pages */
	BS_TEV_COMPACT_BEGIN,		/* compaction:mm_compaction_begin */
	BS_TEV_COMPACT_END,		/* compaction:mm_compaction_end */
	BS_TEV_COMPACT_DEFERRED,	/* compaction:mm_compaction_deferred */
	BS_TEV_COMPACT_DEFER,		/* compaction:mm_compaction_defer_compaction */
	BS_TEV_COMPACT_DEFER_RESET,	/* compaction:mm_compaction_defer_reset */
	BS_TEV_KCOMPACTD_WAKE,		/* compaction:mm_compaction_kcompactd_wake */
	BS_TEV_NR_KINDS,
	BS_TEV_STACK = BS_TEV_NR_KINDS,	/* ftrace:kernel_stack (--stacks) */
};

/* One tracepoint: where it lives and whether trace could use it. */
struct bs_tev_info {
	const char *system, *name;
	const char *role;	/* one line: why trace wants it */
};

/* The table of the events above, indexed by enum bs_tev_kind. */
const struct bs_tev_info *bs_tev_info(enum bs_tev_kind kind);

/* One event as the analysis needs it; fields unused by a kind are 0. */
struct bs_tev {
	uint64_t ts;		/* ns, the ring buffer's clock */
	uint64_t gfp;		/* gfp_flags / gfp_mask */
	uint64_t val;		/* nr_reclaimed; extfrag: pfn */
	int32_t pid;
	int32_t order;		/* order / alloc_order; -1 when the event has none */
	int32_t a;		/* migratetype, nid, status, prio, fallback_order */
	int32_t b;		/* zone idx, fallback_migratetype, ... */
	int32_t c;		/* change_ownership, fragmenting, alloc_migratetype */
	uint32_t stack;		/* 1-based index into the stacks, 0 none */
	uint16_t kind;		/* enum bs_tev_kind */
	uint16_t cpu;
};

/* What the user asked for; the same struct drives filters and analysis. */
struct bs_trace_opts {
	unsigned min_order;	/* events of lower order are filtered out */
	int pid;		/* 0: every task */
	const char *comm;	/* NULL: every task */
	bool stacks;		/* kernel stacks of failed allocations */
};

struct bs_trace;		/* events in, statistics out */
struct bs_trace_decoder;	/* pages in, events out */
struct bs_trace_session;	/* a live private tracefs instance */

/* --- bs_trace: the accumulated run ------------------------------------ */

/* A new, empty run; NULL when out of memory. */
struct bs_trace *bs_trace_alloc(const struct bs_trace_opts *opts);
void bs_trace_free(struct bs_trace *t);

/* Append a note for the user ("event X does not exist on this kernel"). */
void bs_trace_note(struct bs_trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t bs_trace_nr_notes(const struct bs_trace *t);
const char *bs_trace_note_at(const struct bs_trace *t, size_t i);

/* Mark that some input could not be read or decoded (exit status 4). */
void bs_trace_set_partial(struct bs_trace *t);
bool bs_trace_partial(const struct bs_trace *t);

/* Record the kernel release the events came from ("6.18.4-amd64"); picks
 * the GFP table.  -1 when the string holds no version. */
int bs_trace_set_kernel(struct bs_trace *t, const char *release);

/* The GFP table used to decode masks, or NULL before one is known. */
const struct bs_gfp_table *bs_trace_gfp_table(const struct bs_trace *t);

/* Say where the events come from ("live", "replay") and how long it ran. */
void bs_trace_set_source(struct bs_trace *t, const char *source, double seconds);

/* Mark event @kind present (its format was parsed) or absent. */
void bs_trace_set_available(struct bs_trace *t, enum bs_tev_kind kind, bool available);

/* Append one event; -1 (ENOMEM) when it could not be stored. */
int bs_trace_add(struct bs_trace *t, const struct bs_tev *ev);

/* Attach a kernel stack (return addresses, innermost first) to the event
 * last added from @cpu; -1 on ENOMEM. */
int bs_trace_add_stack(struct bs_trace *t, unsigned cpu, const uint64_t *ips, size_t n);

/* Remember a task name; the newest name of a pid wins.  -1 on ENOMEM. */
int bs_trace_add_comm(struct bs_trace *t, int pid, const char *comm);

/* The name of @pid, or NULL. */
const char *bs_trace_comm(const struct bs_trace *t, int pid);

/* The kernel's own print of a GFP mask (libtraceevent's decode of the
 * format file), to cross-check the table: remembered once per mask. */
int bs_trace_add_kernel_gfp(struct bs_trace *t, uint64_t mask, const char *printed);

/* Names of compaction statuses as this kernel's format prints them
 * (__print_symbolic of mm_compaction_end): @value -> @name. */
int bs_trace_add_status_name(struct bs_trace *t, int value, const char *name);

/* Every stack address seen so far (unique, sorted); *n set. */
const uint64_t *bs_trace_stack_addrs(struct bs_trace *t, size_t *n);

/* Symbols for stack addresses: a kallsyms-format text ("addr t name [mod]").
 * Only symbols at or below some stack address are kept.  -1 on ENOMEM. */
int bs_trace_add_kallsyms(struct bs_trace *t, const char *text, size_t len);

/* Write the kallsyms lines that the recorded stacks need to @f. */
int bs_trace_write_kallsyms(struct bs_trace *t, FILE *f);

/* /proc/vmstat text at the start and at the end. */
int bs_trace_set_vmstat(struct bs_trace *t, bool end, const char *text, size_t len);

/*
 * bs_trace_finish - sort the events by time, pair begin/end per task and
 * aggregate everything the renderers print.  Call once, after the last
 * bs_trace_add().  Returns 0, -1 (ENOMEM).
 */
int bs_trace_finish(struct bs_trace *t);

/* Number of failed allocations seen (after finish). */
uint64_t bs_trace_nr_failures(const struct bs_trace *t);

/* Render a finished run as text (@verbose: every histogram) or JSON. */
void bs_trace_print_text(FILE *f, const struct bs_trace *t, bool verbose);
void bs_trace_print_json(FILE *f, const struct bs_trace *t);

/* --- bs_trace_decoder: libtraceevent over recorded pages ---------------- */

/*
 * A decoder feeding @t; NULL with errno ENOMEM when out of memory, ELIBACC
 * when libtraceevent cannot be loaded (bs_tracelib_check() says why).
 */
struct bs_trace_decoder *bs_trace_decoder_alloc(struct bs_trace *t);
void bs_trace_decoder_free(struct bs_trace_decoder *d);

/* The ring buffer's header_page format; -1 when it does not parse. */
int bs_trace_decoder_header(struct bs_trace_decoder *d, const char *buf, size_t len);

/*
 * Add one event's format file text (@system is its directory).  Formats of
 * events trace does not know are accepted and ignored.  -1 when the text
 * does not parse, or when a known event lacks a field trace needs (the
 * event is then marked unavailable and a note says which field).
 */
int bs_trace_decoder_format(struct bs_trace_decoder *d, const char *system,
			    const char *buf, size_t len);

/* The size of one ring-buffer sub-buffer (page) these formats describe. */
size_t bs_trace_decoder_page_size(const struct bs_trace_decoder *d);

/*
 * Decode one sub-buffer page read from cpu @cpu's trace_pipe_raw.  Events
 * trace knows become bs_tev in the run; lost events are noted.  Returns the
 * number of events decoded, or -1 when the page is malformed (noted).
 */
int bs_trace_decoder_page(struct bs_trace_decoder *d, unsigned cpu, void *page, size_t len);

/* The kernel-side filter text for @kind under @opts into @buf ("" none);
 * -1 when the format lacks what the filter needs. */
int bs_trace_decoder_filter(const struct bs_trace_decoder *d, enum bs_tev_kind kind,
			    const struct bs_trace_opts *opts, char *buf, size_t len);

/* --- replay: a directory in the trace recording layout ------------------ */

/*
 * bs_trace_replay_dir - decode a recording (docs/trace.md) into @t.
 * @kernel (may be NULL) names the kernel release when the recording does
 * not.  Unreadable parts are noted and mark @t partial.  Returns 0, or -1
 * with errno when the directory cannot be used at all (no header_page, no
 * known event), with a reason in @err.
 */
int bs_trace_replay_dir(struct bs_trace *t, const char *dir, const char *kernel,
			char *err, size_t errlen);

/* --- live session ------------------------------------------------------- */

/*
 * bs_trace_session_open - mount tracefs if needed, remove instances left by
 * dead buddyscope runs, create "buddyscope-<pid>", enable every event of
 * the table that exists (the others are noted), set the filters of @opts
 * in the kernel and open each CPU's raw pipe.  @record_dir (may be NULL)
 * receives the recording.  Returns the session, or NULL with a reason in
 * @err (errno EPERM when not root, ENOENT when tracefs is unavailable).
 */
struct bs_trace_session *bs_trace_session_open(struct bs_trace *t, const char *record_dir,
					       char *err, size_t errlen);

/* The fds to poll for readable pages, one per CPU; *n set. */
const int *bs_trace_session_fds(const struct bs_trace_session *s, size_t *n);

/*
 * Read every page the kernel has ready; 0, or -1 on a read error (noted).
 * _fd reads only the CPU whose fd is @fd.  A live loop reads a CPU when
 * poll() says its buffer is half full (the instance's buffer_percent), and
 * everything at the end: few wakeups, whole pages, no copying of partial
 * pages while the kernel writes them (that works too: the tests drain
 * mid-run).
 */
int bs_trace_session_drain(struct bs_trace_session *s);
int bs_trace_session_drain_fd(struct bs_trace_session *s, int fd);

/*
 * bs_trace_session_close - stop tracing, read what is left, remove the
 * instance, unmount tracefs if this session mounted it, and finish the
 * recording.  Always frees @s.  Returns 0, or -1 when some state could not
 * be restored (noted in the run).
 */
int bs_trace_session_close(struct bs_trace_session *s);

#endif
