/* SPDX-License-Identifier: MIT */
/*
 * report.h - one memory-failure report as the kernel printed it.
 *
 * This is the parsed form of warn_alloc() / warn_alloc_failed() output:
 * the header line, the "CPU: ... Comm: ..." line, the call trace, and
 * show_free_areas()' Mem-Info, zone, lowmem_reserve[] and buddy lines.
 * Nothing here is interpreted yet: sizes stay in the units printed (kB),
 * and a field the kernel did not print is marked absent, never zero.
 */
#ifndef BS_REPORT_H
#define BS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kversion.h"

/*
 * Upper bounds the parser keeps; beyond them it drops data and says so.
 * Orders: NR_PAGE_ORDERS is 11 on x86, up to 14 on arm64 with 64K pages
 * (ARCH_FORCE_MAX_ORDER 13); 20 leaves room for configs we have not seen.
 */
#define BS_MAX_ORDERS	20
#define BS_MAX_ZONES	48	/* zone lines of one report: nodes x zones */
#define BS_MAX_NR_ZONE_IDX 8	/* lowmem_reserve[] entries (MAX_NR_ZONES) */
#define BS_MAX_FRAMES	64
#define BS_MAX_COUNTERS	64
#define BS_NAME_LEN	64

/* Migratetype letters of show_migration_types(), one bit each. */
enum bs_mt_letter {
	BS_MT_U = 1u << 0,	/* MIGRATE_UNMOVABLE */
	BS_MT_M = 1u << 1,	/* MIGRATE_MOVABLE */
	BS_MT_E = 1u << 2,	/* MIGRATE_RECLAIMABLE */
	BS_MT_H = 1u << 3,	/* MIGRATE_HIGHATOMIC (4.4 on) */
	BS_MT_R = 1u << 4,	/* MIGRATE_RESERVE (before 4.4) */
	BS_MT_C = 1u << 5,	/* MIGRATE_CMA */
	BS_MT_I = 1u << 6,	/* MIGRATE_ISOLATE */
};

struct bs_frame {
	char func[96];		/* "osdmap_set_max_osd" */
	char module[48];	/* "libceph", "" for vmlinux */
	uint64_t off, size;	/* +0x76/0x1d0 */
	bool unreliable;	/* printed with "? " */
	bool in_irq;		/* between <IRQ> and <EOI>/</IRQ> */
};

struct bs_counter {
	char name[32];
	uint64_t value;
};

/* One "Node N: a*4kB (UM) ... = TkB" line. */
struct bs_buddy {
	bool present;
	int nr_orders;			/* columns printed: NR_PAGE_ORDERS of that kernel */
	uint64_t block_kb[BS_MAX_ORDERS];	/* block size printed for each order */
	uint64_t nr_free[BS_MAX_ORDERS];
	unsigned types[BS_MAX_ORDERS];	/* bs_mt_letter bits printed after the count */
	bool has_types;			/* the kernel printed migratetype letters at all */
	uint64_t total_kb;		/* the "= NkB" the kernel summed */
	bool has_total;			/* false: the line was cut before its total, so
					   columns after @nr_orders may be missing */
};

/* Fields of a zone line we use; each has a presence bit in @has. */
enum bs_zone_field {
	BS_ZF_FREE, BS_ZF_MIN, BS_ZF_LOW, BS_ZF_HIGH, BS_ZF_BOOST, BS_ZF_RESERVED_HIGHATOMIC,
	BS_ZF_FREE_HIGHATOMIC,
	BS_ZF_ACTIVE_ANON, BS_ZF_INACTIVE_ANON, BS_ZF_ACTIVE_FILE, BS_ZF_INACTIVE_FILE,
	BS_ZF_UNEVICTABLE, BS_ZF_WRITEPENDING, BS_ZF_DIRTY, BS_ZF_WRITEBACK,
	BS_ZF_PRESENT, BS_ZF_MANAGED, BS_ZF_MLOCKED, BS_ZF_SLAB_RECLAIMABLE,
	BS_ZF_SLAB_UNRECLAIMABLE, BS_ZF_KERNEL_STACK, BS_ZF_PAGETABLES, BS_ZF_BOUNCE,
	BS_ZF_FREE_PCP, BS_ZF_LOCAL_PCP, BS_ZF_FREE_CMA, BS_ZF_SHMEM, BS_ZF_MAPPED,
	BS_ZF_PAGES_SCANNED,
	BS_ZF_NR,
};

struct bs_zone {
	int node;
	char name[16];			/* "DMA", "DMA32", "Normal", "HighMem", "Movable" */
	uint64_t kb[BS_ZF_NR];		/* values in kB (pages_scanned: pages) */
	uint64_t has;			/* 1 << bs_zone_field for each field printed */
	int all_unreclaimable;		/* 1 yes, 0 no, -1 not printed */
	uint64_t lowmem_reserve[BS_MAX_NR_ZONE_IDX];	/* pages */
	int nr_lowmem_reserve;		/* -1 when the line was missing */
	struct bs_buddy buddy;
};

/* The totals after the buddy lines, one bit each in bs_report.totals_has. */
enum bs_total {
	BS_T_FREE_SWAP, BS_T_TOTAL_SWAP, BS_T_SWAP_CACHE, BS_T_PAGES_RAM, BS_T_HIGHMEM_MOVABLE,
	BS_T_RESERVED, BS_T_PAGECACHE,
};

/* What a report is missing or what went wrong reading it. */
enum bs_report_gap {
	BS_GAP_NO_HEADER_CPU	= 1u << 0,	/* no "CPU: ... Comm:" line */
	BS_GAP_NO_TRACE		= 1u << 1,
	BS_GAP_NO_MEMINFO	= 1u << 2,
	BS_GAP_NO_ZONES		= 1u << 3,
	BS_GAP_NO_BUDDY		= 1u << 4,	/* some zone lacks its buddy line */
	BS_GAP_NO_RESERVE	= 1u << 5,	/* some zone lacks lowmem_reserve[] */
	BS_GAP_CUT		= 1u << 6,	/* input ended or another report began mid-way */
	BS_GAP_TOO_MANY		= 1u << 7,	/* more zones/frames than we keep */
	BS_GAP_DAMAGED		= 1u << 8,	/* binary bytes or cut lines inside */
	BS_GAP_BUDDY_CUT	= 1u << 9,	/* some buddy line stops before its "= N kB" total */
	BS_GAP_ZONE_FIELDS	= 1u << 10,	/* some zone line lacks free: or min: */
};

/*
 * The kinds of memory-failure report explain knows.  The JSON names are
 * bs_report_kind_name(); docs/json.md lists what each one carries.
 */
enum bs_report_kind {
	BS_KIND_PAGE_ALLOC_FAILURE,	/* warn_alloc(): "page allocation failure: order:" */
	BS_KIND_VMALLOC_FAILURE,	/* warn_alloc() from mm/vmalloc.c: "vmalloc: allocation failure", "vmalloc error:" */
	BS_KIND_OOM,			/* out_of_memory(): global, cpuset or mempolicy constrained */
	BS_KIND_MEMCG_OOM,		/* mem_cgroup_out_of_memory(): a cgroup limit */
	BS_KIND_XFS_KMEM_DEADLOCK,	/* fs/xfs kmem_alloc() retry loop: "possible memory allocation deadlock" */
	BS_KIND_ZFS_KMEM_DEADLOCK,	/* SPL spl_kmem_alloc_impl(): "Possible memory allocation deadlock: size=" */
	BS_KIND_SLUB_FAILURE,		/* mm/slub.c slab_out_of_memory() */
	BS_KIND_HUNG_TASK,		/* kernel/hung_task.c: "blocked for more than N seconds" */
	/* lib/parse/parse_kinds.c: kinds of their own, and the memory state */
	BS_KIND_MEMORY_STATE,		/* a Mem-Info with no failure header: SysRq-m, show_mem(), a pasted fragment */
	BS_KIND_ALLOC_STALL,		/* warn_alloc(): "page allocation stalls for Nms, order:" (4.9-4.14) */
	BS_KIND_VMEMMAP_FAILURE,	/* warn_alloc() from mm/sparse-vmemmap.c: "vmemmap alloc failure: order:" */
	BS_KIND_VMAP_FAILURE,		/* alloc_vmap_area(): "vmap allocation for size N failed" alone */
	BS_KIND_CMA_FAILURE,		/* mm/cma.c cma_alloc(): "alloc failed, req-size: N pages, ret: -E" */
	BS_KIND_CONTIG_BUSY,		/* alloc_contig_range(): "[pfn, pfn) PFNs busy" with no cma failure after */
	BS_KIND_NOMMU_FAILURE,		/* mm/nommu.c: "Allocation of length N from process P (comm) failed" */
	BS_KIND_NR,
};

/* Most tasks of an OOM task table kept row by row (the largest rss). */
#define BS_MAX_TASKS	32
/* Most distinct task names whose rows are summed. */
#define BS_MAX_TASK_NAMES 64
#define BS_MAX_MEMCG_STATS 24

/* Columns of dump_tasks() a row printed; values are pages unless noted. */
enum bs_task_col {
	BS_TC_PID, BS_TC_UID, BS_TC_TGID, BS_TC_TOTAL_VM, BS_TC_RSS, BS_TC_RSS_ANON, BS_TC_RSS_FILE,
	BS_TC_RSS_SHMEM, BS_TC_NR_PTES, BS_TC_NR_PMDS, BS_TC_PGTABLES_BYTES, BS_TC_SWAPENTS,
	BS_TC_OOM_SCORE_ADJ, BS_TC_OOM_ADJ, BS_TC_CPU, BS_TC_NAME,
	BS_TC_NR,
};

/* One row of the OOM task table ("[  pid  ]   uid  tgid total_vm  rss ... name"). */
struct bs_task {
	int64_t v[BS_TC_NR];		/* by column; name is in @comm */
	char comm[BS_NAME_LEN];
};

/* Rows of one task name summed: "php-fpm: 31 processes, rss ...". */
struct bs_task_name {
	char comm[BS_NAME_LEN];
	uint64_t count, rss, swapents;
};

/*
 * A "memory: usage 31211520kB, limit 31211520kB, failcnt 83420" line.
 * @present: the usage was read; a line cut after it lacks the rest.
 */
struct bs_memcg_counter {
	bool present;
	bool has_limit, has_failcnt;
	uint64_t usage_kb, limit_kb, failcnt;
};

/*
 * What an OOM-killer report adds to the shared header/trace/Mem-Info:
 * dump_header(), dump_tasks(), the constraint line (4.19 on), the kill
 * lines and, later, the oom_reaper's line.  Sizes in kB as printed,
 * task-table values in pages; absent fields are flagged, never zero.
 */
struct bs_oom {
	int order;			/* -1: sysrq or memory.oom_control, not an allocation */
	int oom_score_adj;		/* the triggering task's */
	bool has_oom_score_adj;
	char constraint[32];		/* "CONSTRAINT_NONE", ... as printed; "" before 4.19 */
	char oom_memcg[128], task_memcg[128];
	bool global_oom;
	char kill_message[48];		/* "Out of memory", "Memory cgroup out of memory", ... */

	/* mem_cgroup_print_oom_info() / _meminfo() */
	struct bs_memcg_counter mem, memsw, kmem, swap;
	char memcg_path[128];		/* "Memory cgroup stats for /x:" or "Task in /x killed" */
	char memcg_limit_of[128];	/* "... as a result of limit of /y" (before 4.19) */
	struct bs_counter memcg_stats[BS_MAX_MEMCG_STATS];	/* as printed: bytes (v2) or KB (v1) */
	int nr_memcg_stats;
	bool memcg_stats_bytes;		/* cgroup v2 style "anon 31154200576" */

	/* dump_tasks() */
	bool has_tasks;
	unsigned columns;		/* 1 << bs_task_col printed in the header */
	/* header order: 2.6.32 prints "rss cpu oom_adj oom_score_adj", later kernels other orders */
	unsigned char col_order[BS_TC_NR];
	int nr_cols;			/* entries of @col_order, pid first */
	struct bs_task tasks[BS_MAX_TASKS];	/* largest rss first once closed */
	int nr_tasks;
	uint64_t tasks_seen;
	uint64_t sum_rss, sum_swapents, sum_pgtables;	/* pages; pgtables in bytes when printed so */
	struct bs_task_name names[BS_MAX_TASK_NAMES];
	int nr_names;
	uint64_t names_dropped;		/* rows whose name did not fit in @names */

	/* the victim */
	bool has_victim;
	int victim_pid;
	char victim_comm[BS_NAME_LEN];
	uint64_t victim_score;		/* "score N or sacrifice child" (before 5.1) */
	bool has_victim_score;
	uint64_t victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb, victim_shmem_rss_kb;
	bool has_victim_total_vm, has_victim_anon_rss, has_victim_file_rss;
	bool has_victim_shmem_rss;	/* 4.5 on prints shmem-rss; before, file-rss held it */
	uint64_t victim_pgtables_kb;
	bool has_victim_pgtables;
	int victim_uid;			/* -1 when not printed */
	int victim_oom_score_adj;
	bool has_victim_oom_score_adj;
	bool no_killable;		/* "Out of memory and no killable processes" */

	/* oom_reaper, printed after the report */
	bool reaped;
	bool reap_failed;		/* "oom_reaper: unable to reap pid:" */
	uint64_t reaped_anon_kb, reaped_file_kb, reaped_shmem_kb;
};

/* Numbers of SLUB's slab_out_of_memory() lines, one bit each in bs_event.slub_has. */
enum bs_slub_field {
	BS_SLUB_BUFFER_SIZE, BS_SLUB_DEFAULT_ORDER, BS_SLUB_MIN_ORDER,
	BS_SLUB_SLABS, BS_SLUB_OBJS, BS_SLUB_FREE,	/* summed over the node lines */
};

/*
 * The short reports: XFS/ZFS retry loops, SLUB, vmalloc, hung tasks.  One
 * struct for all: each kind fills what its line prints (see kmsg_parse.c).
 */
struct bs_event {
	uint64_t size;			/* bytes: xfs "size", zfs "size=", vmalloc, slub object size */
	bool has_size;
	char func[48];			/* xfs: "kmem_alloc"; slub: the cache name */
	char text[160];			/* vmalloc: the reason as printed */
	uint64_t vmalloc_allocated;	/* "allocated N of M bytes" */
	bool has_vmalloc_allocated;
	int node;			/* slub: the node asked for (-1: any) */
	unsigned slub_default_order, slub_min_order;
	uint64_t slub_buffer_size;
	uint64_t slub_slabs, slub_objs, slub_free;	/* summed over the "node N:" lines */
	bool has_slub_cache, has_slub_nodes;
	unsigned slub_has;		/* 1 << bs_slub_field printed; a sum only when every
					   node line printed its part */
	uint64_t blocked_seconds;	/* hung task */
	bool has_blocked_seconds;
	char state[8];			/* hung task: "D" */

	/* parse_kinds.c; each with its presence bit, absent is never 0 */
	uint64_t stall_ms;		/* page_alloc_stall: "stalls for 10060ms" */
	bool has_stall_ms;
	uint64_t vmap_size;		/* "vmap allocation for size N failed": bytes, guard page included */
	bool has_vmap_size;
	char cma_name[48];		/* "linux,cma" (5.12 on prints the area's name); "" if not printed */
	uint64_t cma_pages;		/* "req-size: N pages" */
	bool has_cma_pages;
	int cma_ret;			/* "ret: -12": -ENOMEM, -EBUSY (-16), -EINTR (-4) */
	bool has_cma_ret;
	uint64_t cma_free_pages, cma_total_pages;	/* CONFIG_CMA_DEBUG: "=> N free of M total pages" */
	bool has_cma_free;
	bool cma_map_open;		/* parser: the area map began and goes on over more lines */
	uint64_t busy_ranges;		/* "PFNs busy" lines before the failure (or alone) */
	uint64_t busy_start, busy_end;	/* the first busy range printed, [start, end) */
	bool has_busy_range;
	char trigger[24];		/* memory_state: "sysrq", "show_mem", "" (a fragment), or
					   "report_body": the Mem-Info of the report at @orphan_line, of
					   kind @orphan_kind, printed after another report came in between */
	enum bs_report_kind orphan_kind;
	uint64_t orphan_line;
};

struct bs_report {
	enum bs_report_kind kind;

	/* where it was */
	char source[256];
	uint64_t first_line, last_line;
	double mono;			/* seconds since boot of the header line */
	bool has_mono;
	int64_t wall;
	bool has_wall;
	bool year_from_caller;		/* wall's year is the caller's (the stamp had none) */
	bool wall_utc;			/* the stamp carried its zone: wall is UTC; otherwise
					   wall is the logging host's local time read as UTC */

	/* the header line */
	char comm[BS_NAME_LEN];
	char header_what[40];		/* "page allocation failure", "vmemmap alloc failure" */
	unsigned order;
	uint64_t mode;
	char mode_symbolic[256];	/* as printed inside mode:0x..(...), "" if none */
	bool has_symbolic;
	char nodemask[64];		/* "(null)", "0-1"; "" when not printed */
	char cpuset[128];
	char mems_allowed[64];
	bool cpuset_own_line;		/* "comm cpuset=/ mems_allowed=0" on its own line (before 4.19) */
	bool dot_form;			/* 2.6.x "page allocation failure. order:" */
	unsigned suppressed;		/* "warn_alloc: N callbacks suppressed" just before */

	/* "CPU: 31 PID: 635928 Comm: kworker/31:0 Tainted: G ... 3.10.0-514.el7.x86_64 #1" */
	int cpu, pid;
	char taint[32];			/* "G        W  O" squeezed to "GWO"; "" if not tainted */
	char version_text[160];		/* what followed the taint, as printed */
	bool has_version;
	struct bs_kver kver;
	char hardware[128];

	/* call trace */
	struct bs_frame frames[BS_MAX_FRAMES];
	int nr_frames;
	bool irq_context;
	char printer[32];		/* "warn_alloc", "warn_alloc_failed", "" */

	/* Mem-Info counters, in pages as printed */
	struct bs_counter counters[BS_MAX_COUNTERS];
	int nr_counters;
	bool has_meminfo;

	struct bs_zone zones[BS_MAX_ZONES];
	int nr_zones;

	/* swap and totals, in the units printed */
	bool has_swap;			/* a swap line was printed (see @totals_has for its numbers) */
	uint64_t free_swap_kb, total_swap_kb, swap_cache_pages;
	uint64_t pages_ram, pages_reserved, pages_highmem_movable, total_pagecache;
	unsigned totals_has;		/* 1 << bs_total for each of the above printed */
	unsigned hugepage_lines;

	/*
	 * The order migratetype letters print in follows enum migratetype:
	 * UNMOVABLE, RECLAIMABLE, MOVABLE ("UEM") before 4.4, UNMOVABLE,
	 * MOVABLE, RECLAIMABLE ("UME") from 4.4 on.  -1 saw "EM", 1 saw
	 * "ME", 0 could not tell.
	 */
	int mt_order;

	unsigned gaps;			/* bs_report_gap */
	unsigned interleaved;		/* foreign lines skipped while it was open: lines inside it or
					   right after its last understood line that it could not read
					   (another CPU's, or its own in a shape not understood) */

	/* kind-specific: has_mode says the mode above was printed (always for page allocation failures) */
	bool has_mode;
	bool has_order;
	struct bs_oom oom;		/* BS_KIND_OOM, BS_KIND_MEMCG_OOM */
	struct bs_event ev;		/* the short kinds */
};

/* The JSON name of @k: "page_alloc_failure", "oom", "memcg_oom", ... */
const char *bs_report_kind_name(enum bs_report_kind k);

/* Task-table column name as dump_tasks() prints it ("rss", "pgtables_bytes"). */
const char *bs_task_col_name(enum bs_task_col c);

/* The zone line for (@node, @name), or NULL. */
struct bs_zone *bs_report_zone(struct bs_report *r, int node, const char *name);

/* The zone-line key of field @f, as the kernel prints it ("free", "min", ...). */
const char *bs_zone_field_name(enum bs_zone_field f);

/* The bs_mt_letter bit of migratetype letter @c ('U', 'M', ...), 0 if none. */
unsigned bs_mt_from_letter(char c);

/* @types as letters in bs_mt_letter order ("UME"), "" when none; @buf >= 8 bytes. */
void bs_mt_letters(unsigned types, char *buf);

/* Mem-Info counter @name, or -1 when not printed. */
int64_t bs_report_counter(const struct bs_report *r, const char *name);

/* Page size in kB the report itself shows (first buddy column); 0 if none. */
uint64_t bs_report_page_kb(const struct bs_report *r);

#endif
