/* SPDX-License-Identifier: MIT */
/*
 * status.h - the memory state of a running kernel (or of a snapshot of
 * one) at a glance: per zone the marks, the free blocks per order and
 * migratetype, the kernel's fragmentation indices, and for the common
 * allocation classes whether an order-N request would succeed now, under
 * that kernel's own rules; reclaim and compaction activity; warnings.
 *
 * Flow: bs_status_read() reads each file once under a root ("/" or a
 * snapshot directory, see snapshot.h), bs_status_reread_vmstat() reads
 * /proc/vmstat again for rates, bs_status_analyze() computes, and the
 * renderers print.  Nothing here prints or exits.
 */
#ifndef BS_STATUS_H
#define BS_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/analysis.h"
#include "diag.h"
#include "kernel/gfp.h"
#include "kernel/kversion.h"
#include "proc/proc_files.h"
#include "kernel/rules.h"

/* The allocation classes status answers for, as the kernel names them. */
enum bs_status_class {
	BS_CLASS_KERNEL,		/* GFP_KERNEL: unmovable, may reclaim and compact */
	BS_CLASS_NOFS,			/* GFP_NOFS: no filesystem reclaim */
	BS_CLASS_ATOMIC,		/* GFP_ATOMIC: cannot sleep, uses reserves */
	BS_CLASS_HIGHUSER_MOVABLE,	/* GFP_HIGHUSER_MOVABLE: user pages */
	BS_CLASS_TRANSHUGE,		/* GFP_TRANSHUGE: THP faults and khugepaged */
	BS_NR_CLASSES,
};

#define BS_STATUS_MAX_MISSING	24
#define BS_STATUS_MAX_WARNINGS	16
#define BS_STATUS_TEXT		320
#define BS_STATUS_MAX_NODES	64	/* nodes whose distance rows are kept */

/* Would one class's order-N request pass the watermark check in one zone? */
struct bs_status_cls {
	bool eligible;			/* zone is in the class's zonelist */
	long reserve;			/* lowmem_reserve[] for the class's highest zone */
	bool ok_low[BS_MAX_ORDERS];	/* first attempt: low mark, no reserves */
	bool ok_min[BS_MAX_ORDERS];	/* after waking kswapd: min mark, the class's reserves */
	int highest_low, highest_min;	/* highest order that passes; -1 none */
};

/* One populated zone and what status computed for it. */
struct bs_status_zone {
	const struct bs_proc_zone *pz;
	int zone_idx;			/* ZONE_* index of this config, -1 unknown */
	long free_pages;		/* NR_FREE_PAGES ("pages free"), else the buddy sum */
	long highatomic_pages;		/* what the check subtracts (rules->highatomic_free_count) */
	bool highatomic_known;
	unsigned types[BS_MAX_ORDERS];	/* bs_mt_letter bits of the non-empty lists per order */
	int frag_index[BS_MAX_ORDERS];	/* __fragmentation_index(), thousandths; -1000 = a block exists */
	int unusable_index[BS_MAX_ORDERS];	/* unusable_free_index(), thousandths */
	struct bs_status_cls cls[BS_NR_CLASSES];
};

/* One class over its zonelist of the chosen node. */
struct bs_status_class_result {
	const char *name;		/* "GFP_KERNEL" */
	bool known;			/* this kernel's GFP table has the composite */
	uint64_t mask;
	const char *highest_zone;	/* gfp_zone() */
	unsigned flags_low, flags_min;	/* alloc_flags at order 1 (order 0 differs only on 6.3+) */
	bool may_compact;		/* at order pageblock_order */
	const char *compact_why_not;
	bool ok_low[BS_MAX_ORDERS], ok_min[BS_MAX_ORDERS];
	int highest_low, highest_min;
};

/* --gfp MASK --order N */
struct bs_status_request {
	bool set;
	uint64_t mask;
	unsigned order;
	const char *flags[40];
	size_t nr_flags;
	uint64_t unknown;
	const char *highest_zone;
	bool ok_low, ok_min;
	const struct bs_status_zone *zone;	/* first zone of the zonelist that serves it, or NULL */
};

/* A vm sysctl as read. */
struct bs_status_sysctl {
	const char *name;		/* "min_free_kbytes" */
	bool present;
	char value[64];			/* as printed, first line, trimmed */
};

/* Reclaim and compaction counters: since boot, or the change over the interval. */
struct bs_status_activity {
	bool rates;			/* deltas over interval seconds */
	double interval;
	struct {
		const char *name;	/* what we print: "compact_stall", "pgscan_kswapd", ... */
		bool present;
		uint64_t value;		/* since boot, or delta */
	} c[16];
	int n;
};

/*
 * A warning as numbers: its kind, where, and the values its words use.
 * The words (the sentence, and the setting that changes it) are the
 * renderers' (lib/render/status_words.c), which also names each number in
 * JSON.  Each kind's comment lists what it sets, n[] in order.
 */
enum bs_status_warn_kind {
	BS_SW_BELOW_MIN,		/* zone; n: free, min; flag: GFP_KERNEL order 0 still passes in the zonelist */
	BS_SW_BELOW_LOW,		/* zone; n: free, low; flag: GFP_HIGHUSER_MOVABLE order 0 passes the low mark */
	BS_SW_WATERMARK_BOOST,		/* zone; n: boost */
	BS_SW_FRAGMENTATION,		/* zone, cls, order, word: "unmovable", ...; n: free, frag index (x1000, < -1 none) */
	BS_SW_THP_FRAGMENTATION,	/* the same, for GFP_TRANSHUGE at the pageblock order */
	BS_SW_NOFS_NO_COMPACTION,	/* order: the highest that may still pass; word: why no compaction */
	BS_SW_CMA_FREE,			/* zone; n: free CMA, free, min */
	BS_SW_HIGHATOMIC,		/* zone; n: highatomic reserve, free */
	BS_SW_DIRTY_OVER_BG,		/* n: percent, dirty, dirtyable, background limit */
	BS_SW_DIRTY_NO_BG,		/* n: percent, dirty, dirtyable, background limit */
	BS_SW_COMPACTION_FAILING,	/* n: fail, stall; flag: over the interval, not since boot */
	BS_SW_DIRECT_RECLAIM,		/* n: allocstall; interval */
	BS_SW_THP_FALLBACK,		/* n: percent, fallback, faults; flag: over the interval */
	BS_SW_NR
};

/* Which wording the warning's change takes, with its numbers in c[]. */
enum bs_status_change {
	BS_SC_FIXED,			/* the kind's own: nothing computed */
	BS_SC_MARKS_UNKNOWN,		/* the sysctls do not reproduce zoneinfo's min; flag2: kswapd is reclaiming */
	BS_SC_MARKS_NO_WSF,		/* c: min_free_kbytes, min */
	BS_SC_MARKS_WSF,		/* c: min, min_free_kbytes, gap, watermark_scale_factor, kswapd wakes at */
	BS_SC_COMPACT_SKIPS,		/* c: order, frag index, extfrag_threshold, the threshold that compacts */
	BS_SC_COMPACT_THP,		/* mode: THP defrag's */
	BS_SC_COMPACT_GENERIC,		/* flag2: compaction runs for it (index above extfrag_threshold) */
	BS_SC_DIRTY_THROTTLE,		/* c: throttled from, dirty limit */
	BS_SC_DIRTY_RATIO,		/* c: dirty_background_ratio that starts writeback, background limit, dirty limit */
};

struct bs_status_warning {
	uint8_t kind;			/* enum bs_status_warn_kind */
	uint8_t change;			/* enum bs_status_change */
	bool flag, flag2;		/* per kind and per change, see the enums */
	int node, order;		/* order: -1 none */
	const char *zone;		/* the zone's name (in @s->pz); NULL: no zone */
	const char *cls;		/* the class's name ("GFP_TRANSHUGE"); NULL: none */
	const char *word;		/* per kind; static */
	char mode[24];			/* BS_SC_COMPACT_THP: the defrag mode */
	double interval;		/* BS_SW_DIRECT_RECLAIM: seconds */
	long long n[4];			/* the kind's numbers */
	long long c[5];			/* the change's numbers */
};

/* What could not be read, and what that costs. */
enum bs_status_missing_kind {
	BS_SM_UNREADABLE,		/* file, err */
	BS_SM_LINES,			/* file, count: lines not understood (zone files: see the notes) */
	BS_SM_OSRELEASE,		/* err: the kernel's rules are guessed */
};

struct bs_status_missing {
	uint8_t kind;			/* enum bs_status_missing_kind */
	uint8_t file;			/* enum bs_layout_file */
	bool again;			/* the second read of vmstat (--interval): what is lost is the rates */
	int err;			/* errno */
	int count;
};

/* The verdict, from the class results and the warnings (render/status_words.c says it). */
enum bs_status_verdict {
	BS_SV_NO_ZONES,
	BS_SV_NO_ZONEINFO,
	BS_SV_SHORT,			/* order-0 GFP_KERNEL misses the low mark */
	BS_SV_NO_BUDDYINFO,
	BS_SV_WARNINGS,
	BS_SV_HEALTHY,
};

struct bs_status {
	char root[256];			/* "/" or the snapshot directory */
	bool snapshot;
	char taken[32];			/* a snapshot's DIR/time ("2026-01-31T12:00:00Z"); "" unknown or live */
	char hostname[128];		/* a snapshot's hostname; "" unknown or live */

	/* the kernel */
	char release[128];
	char version[256];
	struct bs_kver kver;
	bool has_kver;
	const struct bs_gfp_table *gfp;
	bool gfp_exact;
	const struct bs_rules *rules;
	uint64_t page_kb;		/* from meminfo/zone sizes; 4 when unknown */

	/* the files */
	struct bs_proc_zones pz;
	struct bs_proc_kv vmstat, vmstat_end, meminfo;
	bool has_buddyinfo, has_zoneinfo, has_pagetypeinfo, has_vmstat, has_vmstat_end, has_meminfo;
	struct bs_status_sysctl sysctl[20];
	int nr_sysctl;
	char thp_enabled[96], thp_defrag[96];
	char ksm_run[16];
	uint64_t ksm_pages_sharing;
	bool has_ksm_sharing;
	bool has_extfrag_debugfs;	/* the snapshot/debugfs copies were there */
	/* /sys/devices/system/node/node<N>/{distance,cpulist}: the zonelist's node order */
	int distance[BS_STATUS_MAX_NODES][BS_STATUS_MAX_NODES];	/* -1 unknown */
	bool has_distance[BS_STATUS_MAX_NODES];			/* row N was read */
	bool node_has_cpus[BS_STATUS_MAX_NODES];
	char *extfrag_index_text, *unusable_index_text;	/* as read, for comparison; may be NULL */

	/* what could not be read */
	struct bs_status_missing missing[BS_STATUS_MAX_MISSING];
	int nr_missing;

	/* analysis */
	int node;			/* the zonelist's node */
	int node_order[BS_STATUS_MAX_NODES];	/* its fallback order, @node first */
	int nr_node_order;
	bool node_order_by_distance;	/* from the distance table, else node number order */
	struct bs_status_zone z[BS_PROC_MAX_ZONES];
	int nr_z;
	int nr_orders;			/* NR_PAGE_ORDERS seen */
	struct bs_status_class_result cls[BS_NR_CLASSES];
	struct bs_status_request req;
	struct bs_status_activity act;
	uint64_t dirty_pages, dirtyable_pages;	/* nr_dirty+nr_writeback, global_dirtyable_memory() */
	bool has_dirty;
	uint64_t totalreserve_pages;	/* calculate_totalreserve_pages() from the zones' marks */
	uint64_t dirty_thresh, dirty_bg_thresh;	/* domain_dirty_limits(): writers throttled / flusher starts */
	bool dirty_thresh_printed;	/* the two above are vmstat's nr_dirty_threshold and
					   nr_dirty_background_threshold (the kernel's own) */
	uint64_t dirty_thresh_calc, dirty_bg_thresh_calc;	/* ours, from the sysctls and zoneinfo */
	enum bs_status_verdict verdict;
	struct bs_status_warning warn[BS_STATUS_MAX_WARNINGS];
	int nr_warn;
	struct bs_diag_list diags;	/* what the analysis could not do (an invalid --gfp) */
	struct bs_status_whatif *whatif;	/* --what-if (status_whatif.h), or NULL; freed with @s */
};

/* struct bs_status_opts: root, kernel, node, gfp, order (public, buddyscope.h) */

/* A zeroed status, or NULL (errno ENOMEM). */
struct bs_status *bs_status_alloc(void);
void bs_status_free(struct bs_status *s);

/*
 * Read every file status uses under @o->root, each once; what is missing
 * is said in @s->missing.  Returns 0, or -1 (errno) only when nothing at
 * all could be read.
 */
int bs_status_read(struct bs_status *s, const struct bs_status_opts *o);

/* Read /proc/vmstat again, for rates over @interval seconds.  0 or -1. */
int bs_status_reread_vmstat(struct bs_status *s, double interval);

/*
 * Compute everything from what was read.  Returns 0, or -1 with errno
 * EINVAL and the reason as an error on @s->diags when @o->gfp does not
 * parse.
 */
int bs_status_analyze(struct bs_status *s, const struct bs_status_opts *o);

/* Why the last bs_status_analyze() failed (the first error of @s->diags), or NULL. */
const char *bs_status_error(const struct bs_status *s);

/*
 * The --gfp request of @o checked again on analysed @s (after a caller
 * changed its zones: status --what-if).  0, or -1 with errno EINVAL and
 * the reason on @s->diags when @o->gfp does not parse.
 */
int bs_status_request(struct bs_status *s, const struct bs_status_opts *o);

/*
 * The per-class grid alone, for zones a caller put in @s->pz itself (a
 * report's Mem-Info, see memstate.h) with @s->kver, gfp, rules and
 * page_kb set: no file is read, no warning or verdict made.  0, or -1
 * with errno EINVAL when the kernel or page size is missing.
 */
int bs_status_analyze_zones(struct bs_status *s, int node);

/*
 * The name of ZONE_* index @idx on @node ("DMA32"), the zone a
 * protection (lowmem_reserve[@idx]) entry applies to; NULL when neither a
 * populated zone nor zoneinfo names it.
 */
const char *bs_status_zone_idx_name(const struct bs_status *s, int node, int idx);

/* The class's name ("GFP_KERNEL"). */
const char *bs_status_class_name(enum bs_status_class c);

/*
 * The kernel's __fragmentation_index() and unusable_free_index()
 * (mm/vmstat.c) of a zone whose free_area[o].nr_free are @nr_free, for
 * @order, in thousandths.
 */
int bs_frag_index(const uint64_t *nr_free, int nr_orders, unsigned order);
int bs_unusable_index(const uint64_t *nr_free, int nr_orders, unsigned order);

/* Print @idx thousandths exactly as debugfs does ("-1.000", "0.066") into @buf (>= 16). */
void bs_index_format(int idx, char *buf, size_t len);

/* Internal to lib/status*.c: a zone's min, low, high (pages) as JSON fields; a class's highest orders. */
struct bs_jsonw;
void bs_status_json_marks(struct bs_jsonw *w, uint64_t min, uint64_t low, uint64_t high);
void bs_status_json_highest(struct bs_jsonw *w, const char *name, int low, int min);

/* Internal to lib/status*.c: the warnings and the verdict of an analysed @s. */
void bs_status_warnings(struct bs_status *s);
void bs_status_verdict(struct bs_status *s);

/*
 * The nodes of @nodes[0..@n) in the order build_zonelists() falls back
 * from @local (find_next_best_node(): distance, then nodes below @local,
 * then nodes with CPUs last; equal ones by number) into @out.  @dist is
 * the distance table (@dist[a][b], -1 unknown), @cpus whether a node has
 * CPUs.  Returns true when distances decided it, false for number order.
 */
bool bs_status_node_order(int local, const int *nodes, int n, const int (*dist)[BS_STATUS_MAX_NODES],
			  const bool *has_row, const bool *cpus, int *out);

/* Render @s as text or JSON on @out.  0, or -1 when writing failed. */
int bs_status_render_text(const struct bs_status *s, FILE *out);
int bs_status_render_json(const struct bs_status *s, FILE *out);

/* bs_status_render_text() folded to @width columns (0: 80, < 0: never) and coloured if @color. */
int bs_status_render_terminal(const struct bs_status *s, int width, bool color, FILE *out);

#endif
