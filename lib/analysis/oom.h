/* SPDX-License-Identifier: MIT */
/*
 * oom.h - what an OOM-killer report means: who asked, what was short,
 * who held the memory, what the kill freed; a verdict in words with the
 * report's own numbers.  bs_oom_analyze() never prints.
 */
#ifndef BS_OOM_H
#define BS_OOM_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "parse/report.h"

enum bs_oom_cause {
	BS_OOM_CAUSE_EXHAUSTED,		/* free below min everywhere the request could go */
	BS_OOM_CAUSE_MEMCG_LIMIT,	/* a cgroup's limit, not the machine */
	BS_OOM_CAUSE_HIGH_ORDER,	/* order > 0 failed while order-0 memory passed the check */
	BS_OOM_CAUSE_CONSTRAINED,	/* cpuset or mempolicy nodes only */
	BS_OOM_CAUSE_LEAK,		/* one task holds most of the memory */
	BS_OOM_CAUSE_SHMEM,		/* tmpfs/shmem holds the memory: no task's death frees it */
	BS_OOM_CAUSE_SLAB,		/* unreclaimable slab larger than the LRU pages */
	BS_OOM_CAUSE_MANUAL,		/* order=-1: sysrq-f or memory.oom_control, not an allocation */
	BS_OOM_CAUSE_CMA,		/* free memory was CMA; without it every zone is at min */
	BS_OOM_CAUSE_LOWMEM,		/* 32-bit: lowmem at min while HighMem had memory */
	BS_OOM_CAUSE_NO_KILLABLE,	/* "Out of memory and no killable processes" */
	BS_OOM_CAUSE_UNKNOWN,		/* the numbers do not show memory running out (the summary says which pass) */
};

/* The amounts of bs_oom_analysis, one bit each in its @has: set when the report printed them. */
enum bs_oom_amount {
	BS_OA_RAM, BS_OA_FREE, BS_OA_SWAP_TOTAL, BS_OA_SWAP_FREE, BS_OA_SWAP_USED, BS_OA_SWAP_CACHE,
	BS_OA_SHMEM, BS_OA_SLAB_UNRECL, BS_OA_LRU, BS_OA_ANON, BS_OA_FILE,
	BS_OA_TASKS_RSS, BS_OA_TASKS_SWAP, BS_OA_TASKS_PGTABLES, BS_OA_VICTIM_FREED,
};

/* Where bs_oom_analysis.page_kb came from. */
enum bs_page_kb_source {
	BS_PKB_BUDDY,			/* the buddy lines' first block size */
	BS_PKB_VICTIM_ROW,		/* the kill line's total-vm kB over the victim's task-table pages */
	BS_PKB_VERSION,			/* the kernel version names a 64K-page flavour ("+64k", "-64k") */
	BS_PKB_ASSUMED,			/* nothing says: 4 kB assumed */
};

struct bs_oom_analysis {
	struct bs_analysis *a;		/* the trigger's request replayed (NULL: none) */
	uint64_t page_kb;		/* page size the report shows, else 4 (assumed) */
	bool page_kb_assumed;
	enum bs_page_kb_source page_kb_from;
	unsigned has;			/* 1 << bs_oom_amount for each amount below the report printed */
	uint64_t ram_kb, free_kb, swap_total_kb, swap_free_kb, swap_used_kb, swap_cache_kb;
	uint64_t shmem_kb, slab_unreclaimable_kb, lru_kb, anon_kb, file_kb;
	uint64_t tasks_rss_kb, tasks_swap_kb;
	uint64_t tasks_pgtables_kb;	/* page tables of all rows: pgtables_bytes, or nr_ptes(+nr_pmds) pages */
	uint64_t victim_freed_kb;	/* anon + file (+ shmem) rss of the victim */
	int top_share_pct;		/* the largest task's rss / all tasks' rss */
	int top_name_share_pct;		/* the largest task name's summed rss share */
	const struct bs_task_name *top_name;
	enum bs_oom_cause cause;
	enum bs_confidence confidence;
	char summary[BS_TEXT_LEN * 2];
	char evidence[BS_MAX_EVIDENCE][BS_TEXT_LEN];
	struct bs_fact evidence_fact[BS_MAX_EVIDENCE];
	int nr_evidence;
	struct bs_advice advice[BS_MAX_ADVICE];
	int nr_advice;
};

/* Analyse OOM report @r into @o; @a is scratch for the replay (kept in @o->a). 0 or -1. */
int bs_oom_analyze(const struct bs_report *r, const struct bs_analyze_opts *opts, struct bs_analysis *a,
		   struct bs_oom_analysis *o);

const char *bs_oom_cause_name(enum bs_oom_cause c);

/*
 * lib/analysis/oom_state.c: the verdicts that stand on the trigger's zone
 * replay and the counters (CMA, 32-bit lowmem, no killable task, zones
 * that pass), with their summary and advice; evidence for pagefault OOMs,
 * unevictable memory and the decoded mode.  Returns true when it set the
 * cause and summary (the caller then skips its own summary).
 */
bool bs_oom_state_verdict(const struct bs_report *r, struct bs_oom_analysis *o);
void bs_oom_state_evidence(const struct bs_report *r, struct bs_oom_analysis *o);

/* Was amount @x printed (see bs_oom_amount)? */
static inline bool bs_oom_has(const struct bs_oom_analysis *o, enum bs_oom_amount x)
{
	return o->has & (1u << x);
}

/*
 * A memcg limit of @kb printed by mem_cgroup_print_oom_info(): true when it
 * is the "no limit" value, PAGE_COUNTER_MAX (LONG_MAX / PAGE_SIZE pages on
 * 64-bit, 4.3 on: 9007199254740988 kB with 4 kB pages) or the res_counter's
 * RES_COUNTER_MAX >> 10 (before 4.3: 9007199254740991 kB), or the 32-bit
 * LONG_MAX pages shifted into an unsigned long (4294967292 kB).
 */
bool bs_memcg_unlimited(uint64_t kb);

/* A page count or size @kb as text: "-" when @known is false, "unlimited" for @unlimited_ok limits. */
const char *bs_kb_text(char *buf, size_t len, bool known, uint64_t kb);

#endif
