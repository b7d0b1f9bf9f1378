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

#include "analysis.h"
#include "report.h"

enum bs_oom_cause {
	BS_OOM_CAUSE_EXHAUSTED,		/* free below min everywhere the request could go */
	BS_OOM_CAUSE_MEMCG_LIMIT,	/* a cgroup's limit, not the machine */
	BS_OOM_CAUSE_HIGH_ORDER,	/* order > 0 failed while order-0 memory passed the check */
	BS_OOM_CAUSE_CONSTRAINED,	/* cpuset or mempolicy nodes only */
	BS_OOM_CAUSE_LEAK,		/* one task holds most of the memory */
	BS_OOM_CAUSE_SHMEM,		/* tmpfs/shmem holds the memory: no task's death frees it */
	BS_OOM_CAUSE_SLAB,		/* unreclaimable slab larger than the LRU pages */
	BS_OOM_CAUSE_MANUAL,		/* order=-1: sysrq-f or memory.oom_control, not an allocation */
	BS_OOM_CAUSE_UNKNOWN,
};

struct bs_oom_analysis {
	struct bs_analysis *a;		/* the trigger's request replayed (NULL: none) */
	uint64_t page_kb;		/* page size the report shows, else 4 (assumed) */
	bool page_kb_assumed;
	uint64_t ram_kb, free_kb, swap_total_kb, swap_free_kb, swap_used_kb;
	uint64_t shmem_kb, slab_unreclaimable_kb, lru_kb, anon_kb, file_kb;
	uint64_t tasks_rss_kb, tasks_swap_kb;
	uint64_t victim_freed_kb;	/* anon + file + shmem rss of the victim */
	int top_share_pct;		/* the largest task's rss / all tasks' rss */
	int top_name_share_pct;		/* the largest task name's summed rss share */
	const struct bs_task_name *top_name;
	enum bs_oom_cause cause;
	enum bs_confidence confidence;
	char summary[BS_TEXT_LEN * 2];
	char evidence[BS_MAX_EVIDENCE][BS_TEXT_LEN];
	int nr_evidence;
	struct bs_advice advice[BS_MAX_ADVICE];
	int nr_advice;
};

/* Analyse OOM report @r into @o; @a is scratch for the replay (kept in @o->a). 0 or -1. */
int bs_oom_analyze(const struct bs_report *r, const struct bs_analyze_opts *opts, struct bs_analysis *a,
		   struct bs_oom_analysis *o);

const char *bs_oom_cause_name(enum bs_oom_cause c);

#endif
