// SPDX-License-Identifier: MIT
/*
 * oom.c - the verdict on an OOM-killer report, said with its numbers.
 *
 * The order of the questions is the order an mm engineer asks them:
 * was it an allocation at all (order=-1 is sysrq-f or memory.oom_control),
 * was it a cgroup's limit rather than the machine, was it a high-order
 * request that failed while order-0 memory passed the watermark check
 * (the replay of analysis.h on the report's zones says so), were only
 * some nodes allowed, and then where the memory went: unreclaimable slab
 * larger than the LRU (the kernel's own test for printing the slab table,
 * is_dump_unreclaim_slabs() in mm/oom_kill.c, 4.15 on), shmem/tmpfs that
 * no task's death frees, one task holding most of the rss, or simply
 * exhausted.
 */
#include "oom.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cause_names[] = {
	[BS_OOM_CAUSE_EXHAUSTED] = "memory_exhausted", [BS_OOM_CAUSE_MEMCG_LIMIT] = "memcg_limit",
	[BS_OOM_CAUSE_HIGH_ORDER] = "high_order", [BS_OOM_CAUSE_CONSTRAINED] = "constrained_nodes",
	[BS_OOM_CAUSE_LEAK] = "probable_leak", [BS_OOM_CAUSE_SHMEM] = "shmem",
	[BS_OOM_CAUSE_SLAB] = "unreclaimable_slab", [BS_OOM_CAUSE_MANUAL] = "manual",
	[BS_OOM_CAUSE_UNKNOWN] = "unknown",
};

const char *bs_oom_cause_name(enum bs_oom_cause c)
{
	return (unsigned)c <= BS_OOM_CAUSE_UNKNOWN ? cause_names[c] : "unknown";
}

/* Mem-Info counter @name in kB, 0 when not printed. */
static uint64_t counter_kb(const struct bs_report *r, const char *name, uint64_t page_kb)
{
	int64_t v = bs_report_counter(r, name);

	return v > 0 ? (uint64_t)v * page_kb : 0;
}

static int pct(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

static void totals(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	uint64_t pk;

	o->page_kb = bs_report_page_kb(r);
	o->page_kb_assumed = !o->page_kb;
	if (!o->page_kb)
		o->page_kb = 4;
	pk = o->page_kb;
	o->ram_kb = r->pages_ram * pk;
	o->free_kb = counter_kb(r, "free", pk);
	o->swap_total_kb = r->total_swap_kb;
	o->swap_free_kb = r->free_swap_kb;
	/* what OOMAnalyser calls used swap: total - free - swap cache */
	if (r->has_swap && r->total_swap_kb >= r->free_swap_kb + r->swap_cache_pages * pk)
		o->swap_used_kb = r->total_swap_kb - r->free_swap_kb - r->swap_cache_pages * pk;
	o->shmem_kb = counter_kb(r, "shmem", pk);
	o->slab_unreclaimable_kb = counter_kb(r, "slab_unreclaimable", pk);
	o->anon_kb = counter_kb(r, "active_anon", pk) + counter_kb(r, "inactive_anon", pk);
	o->file_kb = counter_kb(r, "active_file", pk) + counter_kb(r, "inactive_file", pk);
	o->lru_kb = o->anon_kb + o->file_kb + counter_kb(r, "unevictable", pk);
	o->tasks_rss_kb = m->sum_rss * pk;
	o->tasks_swap_kb = m->sum_swapents * pk;
	o->victim_freed_kb = m->victim_anon_rss_kb + m->victim_file_rss_kb + m->victim_shmem_rss_kb;
	if (m->nr_tasks && m->sum_rss)
		o->top_share_pct = pct((uint64_t)(m->tasks[0].v[BS_TC_RSS] > 0 ? m->tasks[0].v[BS_TC_RSS] : 0),
				       m->sum_rss);
	for (int i = 0; i < m->nr_names; i++)
		if (!o->top_name || m->names[i].rss > o->top_name->rss)
			o->top_name = &m->names[i];
	if (o->top_name)
		o->top_name_share_pct = pct(o->top_name->rss, m->sum_rss);
}

/* Zones where order-0 passed but the order failed, and zones below min at order 0. */
static void zone_counts(const struct bs_analysis *a, int *high_only, int *order0)
{
	*high_only = *order0 = 0;
	for (int i = 0; a && i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];

		if (!z->eligible)
			continue;
		if (z->fail == BS_WF_ORDER0)
			(*order0)++;
		else if (z->fail == BS_WF_ORDER_LOOP || z->fail == BS_WF_NO_BLOCK || z->fail == BS_WF_WRONG_TYPE)
			(*high_only)++;
	}
}

static void memcg_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;

	if (m->mem.present)
		bs_evidence(o, "cgroup %s: memory usage %" PRIu64 " kB of limit %" PRIu64 " kB (%d%%), the limit was hit %" PRIu64 " times (failcnt)",
			 m->memcg_path[0] ? m->memcg_path : m->oom_memcg, m->mem.usage_kb, m->mem.limit_kb,
			 pct(m->mem.usage_kb, m->mem.limit_kb), m->mem.failcnt);
	if (m->memsw.present)
		bs_evidence(o, "memory+swap: usage %" PRIu64 " kB of limit %" PRIu64 " kB", m->memsw.usage_kb, m->memsw.limit_kb);
	if (m->swap.present)
		bs_evidence(o, "cgroup swap: usage %" PRIu64 " kB, limit %" PRIu64 " kB%s", m->swap.usage_kb, m->swap.limit_kb,
			 m->swap.limit_kb ? "" : " (no swap allowed: anonymous memory cannot be swapped out)");
	if (m->kmem.present)
		bs_evidence(o, "kmem: usage %" PRIu64 " kB of limit %" PRIu64 " kB", m->kmem.usage_kb, m->kmem.limit_kb);
}

static void memory_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	if (o->ram_kb)
		bs_evidence(o, "RAM %" PRIu64 " kB (%" PRIu64 " pages of %" PRIu64 " kB%s), free %" PRIu64 " kB; anon %" PRIu64 " kB, file %" PRIu64 " kB, shmem %" PRIu64 " kB, unreclaimable slab %" PRIu64 " kB",
			 o->ram_kb, r->pages_ram, o->page_kb, o->page_kb_assumed ? ", assumed" : "", o->free_kb,
			 o->anon_kb, o->file_kb, o->shmem_kb, o->slab_unreclaimable_kb);
	if (r->has_swap)
		bs_evidence(o, "swap: %" PRIu64 " kB total, %" PRIu64 " kB free, %" PRIu64 " kB used%s", o->swap_total_kb,
			 o->swap_free_kb, o->swap_used_kb,
			 !o->swap_total_kb ? " (no swap: anonymous memory can only be freed by killing)"
			 : o->swap_free_kb * 50 < o->swap_total_kb ? " (swap is full)" : "");
}

/* Whether this kernel prints its slab table: dump_unreclaimable_slab() arrived in 4.15
 * (torvalds/linux v4.15, mm/oom_kill.c dump_header(); mm/slab_common.c); older kernels leave
 * slabtop to the reader. */
static const char *slab_table_note(const struct bs_kver *v)
{
	if (!v->major)
		return "kernels from 4.15 print their slab table when slab is larger";
	if (bs_kver_code(v->major, v->minor, 0) < bs_kver_code(4, 15, 0))
		return "this kernel predates the slab table 4.15 prints: read /proc/slabinfo";
	return "the kernel prints its slab table when slab is larger";
}

static void task_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	char swap[48] = "not printed (no swapents column)", shmem[48] = "";

	if (m->has_victim_shmem_rss)
		snprintf(shmem, sizeof(shmem), ", shmem-rss %" PRIu64 " kB", m->victim_shmem_rss_kb);

	if (m->columns & (1u << BS_TC_SWAPENTS))
		snprintf(swap, sizeof(swap), "%" PRIu64 " kB", o->tasks_swap_kb);
	if (m->tasks_seen)
		bs_evidence(o, "task table: %" PRIu64 " tasks, rss %" PRIu64 " kB, swap %s; the largest, %s (pid %lld), holds %d%% of that rss",
			 m->tasks_seen, o->tasks_rss_kb, swap, m->nr_tasks ? m->tasks[0].comm : "-",
			 m->nr_tasks ? (long long)m->tasks[0].v[BS_TC_PID] : -1LL, o->top_share_pct);
	if (o->top_name && o->top_name->count > 1 && o->top_name_share_pct >= 50)
		bs_evidence(o, "%" PRIu64 " tasks named %s hold %d%% of the rss (%" PRIu64 " kB)", o->top_name->count,
			 o->top_name->comm, o->top_name_share_pct, o->top_name->rss * o->page_kb);
	if (m->has_victim)
		bs_evidence(o, "killed %s (pid %d): anon-rss %" PRIu64 " kB, file-rss %" PRIu64 " kB%s freed when it exits%s",
			 m->victim_comm, m->victim_pid, m->victim_anon_rss_kb, m->victim_file_rss_kb, shmem,
			 m->reaped ? "; the oom_reaper reaped it" : "");
}

static enum bs_oom_cause choose(const struct bs_report *r, struct bs_oom_analysis *o, int high_only, int order0)
{
	const struct bs_oom *m = &r->oom;

	if (m->order < 0)
		return BS_OOM_CAUSE_MANUAL;
	if (r->kind == BS_KIND_MEMCG_OOM)
		return BS_OOM_CAUSE_MEMCG_LIMIT;
	if (m->order > 0 && high_only > 0)
		return BS_OOM_CAUSE_HIGH_ORDER;
	if (!strcmp(m->constraint, "CONSTRAINT_CPUSET") || !strcmp(m->constraint, "CONSTRAINT_MEMORY_POLICY"))
		return BS_OOM_CAUSE_CONSTRAINED;
	if (o->slab_unreclaimable_kb && o->slab_unreclaimable_kb > o->lru_kb)
		return BS_OOM_CAUSE_SLAB;
	if (o->ram_kb && o->shmem_kb * 100 >= o->ram_kb * 30 && o->shmem_kb > o->tasks_rss_kb / 2)
		return BS_OOM_CAUSE_SHMEM;
	if (m->sum_rss && o->top_share_pct >= 60 && (!o->ram_kb || o->tasks_rss_kb * 2 >= o->ram_kb))
		return BS_OOM_CAUSE_LEAK;
	if (order0 > 0 || o->ram_kb)
		return BS_OOM_CAUSE_EXHAUSTED;
	return BS_OOM_CAUSE_UNKNOWN;
}

static void summarise(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	const char *top = m->nr_tasks ? m->tasks[0].comm : "-";

	switch (o->cause) {
	case BS_OOM_CAUSE_MANUAL:
		snprintf(o->summary, sizeof(o->summary),
			 "The OOM killer was invoked by hand (order=-1: sysrq-f or memory.oom_control), not by a failing allocation.");
		break;
	case BS_OOM_CAUSE_MEMCG_LIMIT:
		snprintf(o->summary, sizeof(o->summary),
			 "A memory cgroup hit its limit: %s used %" PRIu64 " kB of %" PRIu64 " kB; the machine itself was not out of memory.",
			 m->memcg_path[0] ? m->memcg_path : m->oom_memcg[0] ? m->oom_memcg : "the cgroup", m->mem.usage_kb,
			 m->mem.limit_kb);
		break;
	case BS_OOM_CAUSE_HIGH_ORDER:
		snprintf(o->summary, sizeof(o->summary),
			 "An order-%d request ran into the OOM killer while order-0 memory passed the watermark check: fragmentation, not a lack of memory.",
			 m->order);
		break;
	case BS_OOM_CAUSE_CONSTRAINED:
		snprintf(o->summary, sizeof(o->summary),
			 "Only the nodes of the task's %s were allowed (%s): those ran out, others may have had memory.",
			 !strcmp(m->constraint, "CONSTRAINT_CPUSET") ? "cpuset" : "memory policy", m->constraint);
		break;
	case BS_OOM_CAUSE_SLAB:
		snprintf(o->summary, sizeof(o->summary),
			 "Unreclaimable slab (%" PRIu64 " kB) is larger than all LRU pages (%" PRIu64 " kB): a kernel-side consumer, which killing tasks does not help.",
			 o->slab_unreclaimable_kb, o->lru_kb);
		break;
	case BS_OOM_CAUSE_SHMEM:
		snprintf(o->summary, sizeof(o->summary),
			 "shmem/tmpfs holds %" PRIu64 " kB (%d%% of RAM): it is freed only when the files are removed, not when a task dies.",
			 o->shmem_kb, pct(o->shmem_kb, o->ram_kb));
		break;
	case BS_OOM_CAUSE_LEAK:
		snprintf(o->summary, sizeof(o->summary),
			 "Memory truly ran out, and one task dominates: %s holds %d%% of all tasks' rss; a probable leak or an oversized workload.",
			 top, o->top_share_pct);
		break;
	case BS_OOM_CAUSE_EXHAUSTED:
		snprintf(o->summary, sizeof(o->summary),
			 "Memory truly ran out: free %" PRIu64 " kB of %" PRIu64 " kB RAM%s, spread over %" PRIu64 " tasks.", o->free_kb,
			 o->ram_kb, r->has_swap && o->swap_total_kb && o->swap_free_kb * 50 < o->swap_total_kb ? " and swap full" : "",
			 m->tasks_seen);
		break;
	default:
		snprintf(o->summary, sizeof(o->summary), "The report lacks the numbers to say why.");
		break;
	}
}

static void give_advice(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;

	switch (o->cause) {
	case BS_OOM_CAUSE_MEMCG_LIMIT:
		bs_advise(o, "Raise the cgroup's memory limit (memory.max / memory.limit_in_bytes) or shrink the workload inside it",
		       "usage %" PRIu64 " kB reached the limit %" PRIu64 " kB %" PRIu64 " times", m->mem.usage_kb,
		       m->mem.limit_kb, m->mem.failcnt);
		break;
	case BS_OOM_CAUSE_HIGH_ORDER:
		bs_advise(o, "Find who asks for the high-order memory (the trace) and make it fall back to order 0 (kvmalloc) or __GFP_NORETRY",
		       "order-0 memory passed the watermark check; only blocks of order %d were missing", m->order);
		/* proactive compaction (vm.compaction_proactiveness) arrived in 5.9 (torvalds/linux v5.9, mm/compaction.c) */
		if (r->kver.major && bs_kver_code(r->kver.major, r->kver.minor, 0) < bs_kver_code(5, 9, 0))
			bs_advise(o, "Compact before the request (echo 1 > /proc/sys/vm/compact_memory) and raise vm.min_free_kbytes",
			       "keeps high-order blocks available; this kernel predates vm.compaction_proactiveness (5.9)");
		else
			bs_advise(o, "Compact proactively (vm.compaction_proactiveness, echo 1 > /proc/sys/vm/compact_memory) and raise vm.min_free_kbytes",
			       "keeps high-order blocks available before a request needs them");
		break;
	case BS_OOM_CAUSE_SLAB:
		bs_advise(o, "Find the slab cache that grows (slabtop, /proc/slabinfo; the report's unreclaimable slab table)",
		       "unreclaimable slab %" PRIu64 " kB exceeds the LRU pages %" PRIu64 " kB", o->slab_unreclaimable_kb, o->lru_kb);
		break;
	case BS_OOM_CAUSE_SHMEM:
		bs_advise(o, "Look at tmpfs/shm usage (df -t tmpfs, ipcs -m) and cap it (size= mount option)",
		       "shmem %" PRIu64 " kB is not freed by killing tasks", o->shmem_kb);
		break;
	case BS_OOM_CAUSE_LEAK:
		bs_advise(o, "Check the memory growth of the largest task and cap it (a cgroup limit, or fix the leak)",
		       "%s holds %d%% of all tasks' rss", m->nr_tasks ? m->tasks[0].comm : "-", o->top_share_pct);
		break;
	case BS_OOM_CAUSE_EXHAUSTED:
		bs_advise(o, "Add memory or swap, or run less on this machine",
		       "free %" PRIu64 " kB of %" PRIu64 " kB, no single task dominates", o->free_kb, o->ram_kb);
		break;
	default:
		break;
	}
	if (m->has_victim && m->victim_oom_score_adj > 0 && m->has_victim_oom_score_adj)
		bs_advise(o, "Review oom_score_adj settings", "the victim had oom_score_adj %d", m->victim_oom_score_adj);
}

int bs_oom_analyze(const struct bs_report *r, const struct bs_analyze_opts *opts, struct bs_analysis *a,
		   struct bs_oom_analysis *o)
{
	int high_only, order0;

	if (!r || !o)
		return -1;
	memset(o, 0, sizeof(*o));
	/* the trigger's own request, replayed on the zones the report printed */
	if (a && r->has_mode && r->nr_zones && bs_analyze(r, opts, a) == 0)
		o->a = a;
	totals(r, o);
	zone_counts(o->a, &high_only, &order0);
	o->cause = choose(r, o, high_only, order0);
	o->confidence = o->cause == BS_OOM_CAUSE_UNKNOWN ? BS_CONF_LOW
			: (r->gaps & (BS_GAP_CUT | BS_GAP_NO_MEMINFO)) ? BS_CONF_MEDIUM : BS_CONF_HIGH;
	summarise(r, o);
	if (r->oom.order > 0)
		bs_evidence(o, "order-%d request: %d zone%s passed order 0 but lacked blocks of the order, %d below min at order 0",
			 r->oom.order, high_only, high_only == 1 ? "" : "s", order0);
	memcg_evidence(r, o);
	memory_evidence(r, o);
	if (o->slab_unreclaimable_kb && o->lru_kb)
		bs_evidence(o, "unreclaimable slab %" PRIu64 " kB vs LRU %" PRIu64 " kB (%s)", o->slab_unreclaimable_kb,
			 o->lru_kb, slab_table_note(&r->kver));
	task_evidence(r, o);
	give_advice(r, o);
	return 0;
}
