/* SPDX-License-Identifier: MIT */
/*
 * trace_internal.h - the bs_trace run as trace_stats.c builds it and
 * trace_out.c renders it.  Private to lib/trace_*.c.
 */
#ifndef BS_TRACE_INTERNAL_H
#define BS_TRACE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

#define BS_TRACE_ORDERS 16	/* orders 0..15; NR_PAGE_ORDERS is at most that */
#define BS_TRACE_BUCKETS 40	/* log2 usecs buckets: 0-1us .. 2^39us */
#define BS_TRACE_COMM 16	/* TASK_COMM_LEN */
#define BS_TRACE_MT 8		/* migratetypes named */
#define BS_TRACE_SITE_PROCS 4	/* processes listed per failure site */

/* Latencies of one kind of stall: count, sum, max and a log2 histogram. */
struct bs_lat {
	uint64_t count, total_ns, max_ns, pages;
	uint64_t hist[BS_TRACE_BUCKETS];
};

struct bs_lat_by_comm {
	char comm[BS_TRACE_COMM];
	struct bs_lat lat;
};

/* One kind of begin/end stall (direct reclaim, memcg reclaim, compaction). */
struct bs_stall {
	struct bs_lat all;
	struct bs_lat by_order[BS_TRACE_ORDERS + 1];	/* last: order unknown */
	struct bs_lat_by_comm *by_comm;
	size_t nr_comm, cap_comm;
	uint64_t unpaired;	/* begins without an end (still running at stop) */
};

enum bs_stall_kind { BS_STALL_DIRECT_RECLAIM, BS_STALL_MEMCG_RECLAIM, BS_STALL_DIRECT_COMPACT,
		     BS_STALL_OTHER_COMPACT, BS_STALL_KSWAPD, BS_NR_STALLS };

struct bs_site_proc {
	char comm[BS_TRACE_COMM];
	int pid;
	uint64_t count;
};

/* Failed allocations with the same order, mode, migratetype and caller. */
struct bs_site {
	int order, migratetype;
	uint64_t gfp;
	char where[128];	/* first frame past the allocator, or "" */
	uint32_t stack;		/* a representative stack, 0 none */
	uint64_t count;
	uint64_t first_ts, last_ts;
	struct bs_site_proc procs[BS_TRACE_SITE_PROCS];
	uint64_t other_procs;	/* failures by tasks not listed */
};

struct bs_count_name {
	int value;
	char name[32];
	uint64_t count;
};

struct bs_vmstat_item {
	char name[48];
	uint64_t start, end;
	bool have_start, have_end;
};

struct bs_ksym {
	uint64_t addr;
	char *name;		/* "name" or "name [module]" */
};

struct bs_stack {
	uint32_t off, n;	/* into ips */
};

struct bs_comm {
	int pid;		/* 0: empty slot */
	char comm[BS_TRACE_COMM];
};

struct bs_kgfp {
	uint64_t mask;
	char *printed;
};

struct bs_trace {
	struct bs_trace_opts opts;
	char comm_filter[BS_TRACE_COMM];

	char **notes;
	size_t nr_notes, cap_notes;
	bool partial;

	char release[64];
	const struct bs_gfp_table *gfp;
	bool gfp_exact, gfp_inferred;
	char source[16];
	double seconds;
	int available[BS_TEV_NR_KINDS];	/* -1 unknown, 0 absent, 1 present */

	struct bs_tev *evs;
	size_t nr_evs, cap_evs;
	size_t *last_by_cpu;		/* index + 1 of the newest event per cpu */
	size_t nr_cpus;

	uint64_t *ips;
	size_t nr_ips, cap_ips;
	struct bs_stack *stacks;
	size_t nr_stacks, cap_stacks;
	uint64_t *addrs;		/* unique sorted stack addresses */
	size_t nr_addrs;

	struct bs_comm *comms;		/* open addressing on pid */
	size_t nr_comms, cap_comms;

	struct bs_kgfp *kgfp;
	size_t nr_kgfp, cap_kgfp;

	struct bs_count_name status_names[16];
	size_t nr_status_names;

	struct bs_ksym *ksyms;
	size_t nr_ksyms, cap_ksyms;

	struct bs_vmstat_item *vmstat;
	size_t nr_vmstat, cap_vmstat;

	/* results of bs_trace_finish() */
	bool finished;
	uint64_t span_ns;		/* first to last event */
	uint64_t counts[BS_TEV_NR_KINDS];
	uint64_t failures;
	struct bs_site *sites;
	size_t nr_sites, cap_sites;
	struct bs_stall stall[BS_NR_STALLS];
	uint64_t compact_tries[BS_TRACE_ORDERS + 1];
	struct bs_count_name outcomes[16];
	size_t nr_outcomes;
	uint64_t deferred, defer_grown, defer_reset;
	uint64_t extfrag, extfrag_fragmenting, extfrag_owned;
	uint64_t extfrag_pairs[BS_TRACE_MT][BS_TRACE_MT];	/* [alloc][fallback] */
	uint64_t kswapd_wakeups_by_order[BS_TRACE_ORDERS + 1];
	uint64_t kcompactd_wakes;
	char **gfp_mismatch;		/* the table disagreed with the kernel */
	size_t nr_gfp_mismatch;
};

/* The bucket of @us microseconds: 0 for 0-1 us, else floor(log2(us)). */
unsigned bs_trace_bucket(uint64_t us);

/* A migratetype's name as this era numbers them (4.4 on). */
const char *bs_trace_migratetype_name(int mt);

/* The symbol of @addr as "name+0xoff" into @buf; false when unknown. */
bool bs_trace_symbolize(const struct bs_trace *t, uint64_t addr, char *buf, size_t len);

/* The name a compaction status has on the recording kernel. */
const char *bs_trace_status_name(const struct bs_trace *t, int value);

/*
 * One saved_cmdlines line at @line ("<pid> <comm>", up to '\n' or NUL):
 * true with *@pid and @comm; false when the pid is not a number that fits
 * an int (a long digit string is refused, never wrapped) or no comm follows.
 */
bool bs_trace_parse_cmdline(const char *line, int *pid, char *comm, size_t size);

#endif
