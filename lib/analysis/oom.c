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
#include "analysis/oom.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cause_names[] = {
	[BS_OOM_CAUSE_EXHAUSTED] = "memory_exhausted", [BS_OOM_CAUSE_MEMCG_LIMIT] = "memcg_limit",
	[BS_OOM_CAUSE_HIGH_ORDER] = "high_order", [BS_OOM_CAUSE_CONSTRAINED] = "constrained_nodes",
	[BS_OOM_CAUSE_LEAK] = "probable_leak", [BS_OOM_CAUSE_SHMEM] = "shmem",
	[BS_OOM_CAUSE_SLAB] = "unreclaimable_slab", [BS_OOM_CAUSE_MANUAL] = "manual",
	[BS_OOM_CAUSE_CMA] = "cma_only", [BS_OOM_CAUSE_LOWMEM] = "lowmem_exhausted",
	[BS_OOM_CAUSE_NO_KILLABLE] = "no_killable_tasks", [BS_OOM_CAUSE_UNKNOWN] = "unknown",
};

const char *bs_oom_cause_name(enum bs_oom_cause c)
{
	return (unsigned)c <= BS_OOM_CAUSE_UNKNOWN ? cause_names[c] : "unknown";
}

bool bs_memcg_unlimited(uint64_t kb)
{
	/* 64-bit PAGE_COUNTER_MAX in kB is 2^53 kB less one page; a res_counter's
	   LLONG_MAX or ULLONG_MAX bytes >> 10 is above that: no machine has 8 EiB */
	if (kb >= (1ull << 53) - (1ull << 20))
		return true;
	/* 32-bit: LONG_MAX pages, K((u64)limit), for 4, 16 and 64 kB pages */
	return kb == 0x7fffffffull * 4 || kb == 0x7fffffffull * 16 || kb == 0x7fffffffull * 64;
}

const char *bs_kb_text(char *buf, size_t len, bool known, uint64_t kb)
{
	if (!known)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%" PRIu64, kb);
	return buf;
}

static void set_has(struct bs_oom_analysis *o, enum bs_oom_amount x, bool known)
{
	if (known)
		o->has |= 1u << x;
}

/* Mem-Info counter @name in kB into *@kb; false (and 0) when not printed. */
static bool counter_kb(const struct bs_report *r, const char *name, uint64_t page_kb, uint64_t *kb)
{
	int64_t v = bs_report_counter(r, name);

	*kb = v > 0 ? (uint64_t)v * page_kb : 0;
	return v >= 0;
}

static int pct(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

/* @num kB / @pages as a page size in kB: a power of two from 4 to 256, else 0. */
static uint64_t page_kb_ratio(uint64_t num, int64_t pages)
{
	uint64_t q;

	if (pages <= 0 || num % (uint64_t)pages)
		return 0;
	q = num / (uint64_t)pages;
	return q >= 4 && q <= 256 && !(q & (q - 1)) ? q : 0;
}

/*
 * The page size the task table counts in.  dump_tasks() prints total_vm and
 * rss in pages in every era (mm/oom_kill.c, 2.6.32 to 6.x); the kill line
 * prints the victim's total-vm in kB (K(mm->total_vm)).  A memcg OOM prints
 * no buddy line, so the victim's own row is the witness of a 64 kB kernel.
 */
static void page_size(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;

	o->page_kb = bs_report_page_kb(r);
	o->page_kb_from = BS_PKB_BUDDY;
	if (o->page_kb)
		return;
	for (int i = 0; m->has_victim && i < m->nr_tasks && !o->page_kb; i++) {
		const struct bs_task *t = &m->tasks[i];

		if (t->v[BS_TC_PID] != m->victim_pid && !(t->v[BS_TC_TGID] == m->victim_pid))
			continue;
		if (m->has_victim_total_vm && (m->columns & (1u << BS_TC_TOTAL_VM)))
			o->page_kb = page_kb_ratio(m->victim_total_vm_kb, t->v[BS_TC_TOTAL_VM]);
		if (!o->page_kb && m->has_victim_anon_rss && m->has_victim_file_rss)
			o->page_kb = page_kb_ratio(m->victim_anon_rss_kb + m->victim_file_rss_kb +
						   (m->has_victim_shmem_rss ? m->victim_shmem_rss_kb : 0),
						   t->v[BS_TC_RSS]);
		o->page_kb_from = BS_PKB_VICTIM_ROW;
	}
	if (!o->page_kb && r->has_version && (strstr(r->version_text, "64k") || strstr(r->version_text, "64K"))) {
		o->page_kb = 64;
		o->page_kb_from = BS_PKB_VERSION;
	}
	if (!o->page_kb) {
		o->page_kb = 4;
		o->page_kb_from = BS_PKB_ASSUMED;
		o->page_kb_assumed = true;
	}
}

static void totals(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	uint64_t pk, v, cache;
	bool has_pt = m->columns & (1u << BS_TC_PGTABLES_BYTES | 1u << BS_TC_NR_PTES);
	bool anon, file;

	page_size(r, o);
	pk = o->page_kb;
	o->ram_kb = r->pages_ram * pk;
	set_has(o, BS_OA_RAM, r->totals_has & (1u << BS_T_PAGES_RAM));
	set_has(o, BS_OA_FREE, counter_kb(r, "free", pk, &o->free_kb));
	o->swap_total_kb = r->total_swap_kb;
	o->swap_free_kb = r->free_swap_kb;
	set_has(o, BS_OA_SWAP_TOTAL, r->totals_has & (1u << BS_T_TOTAL_SWAP));
	set_has(o, BS_OA_SWAP_FREE, r->totals_has & (1u << BS_T_FREE_SWAP));
	cache = r->swap_cache_pages * pk;
	o->swap_cache_kb = cache;
	set_has(o, BS_OA_SWAP_CACHE, r->totals_has & (1u << BS_T_SWAP_CACHE));
	/* what OOMAnalyser calls used swap: total - free - swap cache */
	if (bs_oom_has(o, BS_OA_SWAP_TOTAL) && bs_oom_has(o, BS_OA_SWAP_FREE) &&
	    r->total_swap_kb >= r->free_swap_kb + cache) {
		o->swap_used_kb = r->total_swap_kb - r->free_swap_kb - cache;
		o->has |= 1u << BS_OA_SWAP_USED;
	}
	set_has(o, BS_OA_SHMEM, counter_kb(r, "shmem", pk, &o->shmem_kb));
	set_has(o, BS_OA_SLAB_UNRECL, counter_kb(r, "slab_unreclaimable", pk, &o->slab_unreclaimable_kb));
	anon = counter_kb(r, "active_anon", pk, &o->anon_kb);
	anon = counter_kb(r, "inactive_anon", pk, &v) && anon;
	o->anon_kb += v;
	file = counter_kb(r, "active_file", pk, &o->file_kb);
	file = counter_kb(r, "inactive_file", pk, &v) && file;
	o->file_kb += v;
	set_has(o, BS_OA_ANON, anon);
	set_has(o, BS_OA_FILE, file);
	o->lru_kb = o->anon_kb + o->file_kb;
	/* unevictable arrived with 2.6.28; an older dump has none to add */
	if (counter_kb(r, "unevictable", pk, &v))
		o->lru_kb += v;
	set_has(o, BS_OA_LRU, anon && file);
	o->tasks_rss_kb = m->sum_rss * pk;
	set_has(o, BS_OA_TASKS_RSS, m->tasks_seen);
	o->tasks_swap_kb = m->sum_swapents * pk;
	set_has(o, BS_OA_TASKS_SWAP, m->tasks_seen && (m->columns & (1u << BS_TC_SWAPENTS)));
	/* pgtables_bytes (4.15 on) in bytes; nr_ptes (and nr_pmds, 4.x) count page-table pages */
	o->tasks_pgtables_kb = (m->columns & (1u << BS_TC_PGTABLES_BYTES)) ? m->sum_pgtables / 1024
			       : m->sum_pgtables * pk;
	set_has(o, BS_OA_TASKS_PGTABLES, m->tasks_seen && has_pt);
	o->victim_freed_kb = m->victim_anon_rss_kb + m->victim_file_rss_kb + m->victim_shmem_rss_kb;
	set_has(o, BS_OA_VICTIM_FREED, m->has_victim_anon_rss && m->has_victim_file_rss);
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

/* "204800 kB", "unlimited" or "-" for a limit the line did not print. */
static const char *limit_text(char *buf, size_t len, bool known, uint64_t kb)
{
	if (known && bs_memcg_unlimited(kb))
		return "unlimited";
	if (known)
		snprintf(buf, len, "%" PRIu64 " kB", kb);
	else
		snprintf(buf, len, "- kB (not printed)");
	return buf;
}

/* "usage X kB of limit Y kB" for counter @c, with the share when both are known. */
static void usage_words(char *buf, size_t len, const struct bs_memcg_counter *c)
{
	char b[48];
	bool share = c->has_limit && c->limit_kb && !bs_memcg_unlimited(c->limit_kb);
	const char *lim = limit_text(b, sizeof(b), c->has_limit, c->limit_kb);

	if (share)
		snprintf(buf, len, "usage %" PRIu64 " kB of limit %s (%d%%)", c->usage_kb, lim,
			 pct(c->usage_kb, c->limit_kb));
	else
		snprintf(buf, len, "usage %" PRIu64 " kB, limit %s", c->usage_kb, lim);
}

/* usage / limit in thousandths, -1 without a finite limit. */
static long share(const struct bs_memcg_counter *c)
{
	if (!c->present || !c->has_limit || !c->limit_kb || bs_memcg_unlimited(c->limit_kb))
		return -1;
	return (long)(c->usage_kb * 1000 / c->limit_kb);
}

/*
 * The counter whose limit was hit: of memory, memory+swap and kmem the one
 * nearest its limit (a memsw-limited cgroup can OOM with memory well below
 * its own limit); memory when none has a finite limit; NULL when not printed.
 */
static const struct bs_memcg_counter *memcg_hit(const struct bs_oom *m)
{
	const struct bs_memcg_counter *c[] = { &m->mem, &m->memsw, &m->kmem }, *best = NULL;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (share(c[i]) >= 0 && (!best || share(c[i]) > share(best)))
			best = c[i];
	return best ? best : m->mem.present ? &m->mem : NULL;
}

static const char *memcg_counter_name(const struct bs_oom *m, const struct bs_memcg_counter *c)
{
	return c == &m->memsw ? "memory+swap" : c == &m->kmem ? "kmem" : "memory";
}

static void memcg_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	char u[128], f[48];

	if (m->mem.present) {
		usage_words(u, sizeof(u), &m->mem);
		bs_kb_text(f, sizeof(f), m->mem.has_failcnt, m->mem.failcnt);
		bs_evidence(o, "cgroup %s: memory %s, the limit was hit %s times (failcnt)",
			    m->memcg_path[0] ? m->memcg_path : m->oom_memcg, u, f);
	} else if (r->kind == BS_KIND_MEMCG_OOM) {
		bs_evidence(o, "the cgroup's \"memory: usage ..., limit ...\" line is not in the input");
	}
	if (m->memsw.present) {
		usage_words(u, sizeof(u), &m->memsw);
		bs_evidence(o, "memory+swap: %s", u);
	}
	if (m->swap.present) {
		usage_words(u, sizeof(u), &m->swap);
		bs_evidence(o, "cgroup swap: %s%s", u, m->swap.has_limit && !m->swap.limit_kb
			    ? " (no swap allowed: anonymous memory cannot be swapped out)" : "");
	}
	if (m->kmem.present) {
		usage_words(u, sizeof(u), &m->kmem);
		bs_evidence(o, "kmem: %s", u);
	}
}

#define KB(x, known) bs_kb_text(b_##x, sizeof(b_##x), (known), o->x)

static void memory_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	char b_free_kb[24], b_anon_kb[24], b_file_kb[24], b_shmem_kb[24], b_slab_unreclaimable_kb[24];
	char b_swap_total_kb[24], b_swap_free_kb[24], b_swap_used_kb[24];

	if (bs_oom_has(o, BS_OA_RAM))
		bs_evidence(o, "RAM %" PRIu64 " kB (%" PRIu64 " pages of %" PRIu64 " kB%s), free %s kB; anon %s kB, file %s kB, shmem %s kB, unreclaimable slab %s kB",
			    o->ram_kb, r->pages_ram, o->page_kb, o->page_kb_assumed ? ", assumed" : "",
			    KB(free_kb, bs_oom_has(o, BS_OA_FREE)), KB(anon_kb, bs_oom_has(o, BS_OA_ANON)),
			    KB(file_kb, bs_oom_has(o, BS_OA_FILE)), KB(shmem_kb, bs_oom_has(o, BS_OA_SHMEM)),
			    KB(slab_unreclaimable_kb, bs_oom_has(o, BS_OA_SLAB_UNRECL)));
	if (r->has_swap)
		bs_evidence(o, "swap: %s kB total, %s kB free, %s kB used%s",
			    KB(swap_total_kb, bs_oom_has(o, BS_OA_SWAP_TOTAL)),
			    KB(swap_free_kb, bs_oom_has(o, BS_OA_SWAP_FREE)),
			    KB(swap_used_kb, bs_oom_has(o, BS_OA_SWAP_USED)),
			    !bs_oom_has(o, BS_OA_SWAP_TOTAL) || !bs_oom_has(o, BS_OA_SWAP_FREE) ? ""
			    : !o->swap_total_kb ? " (no swap: anonymous memory can only be freed by killing)"
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
	char swap[48] = "not printed (no swapents column)", shmem[48] = "", b_victim_anon[24], b_victim_file[24];

	if (m->has_victim_shmem_rss)
		snprintf(shmem, sizeof(shmem), ", shmem-rss %" PRIu64 " kB", m->victim_shmem_rss_kb);

	if (bs_oom_has(o, BS_OA_TASKS_SWAP))
		snprintf(swap, sizeof(swap), "%" PRIu64 " kB", o->tasks_swap_kb);
	if (m->tasks_seen)
		bs_evidence(o, "task table: %" PRIu64 " tasks, rss %" PRIu64 " kB (pages of %" PRIu64 " kB%s), swap %s; the largest, %s (pid %lld), holds %d%% of that rss",
			    m->tasks_seen, o->tasks_rss_kb, o->page_kb,
			    o->page_kb_from == BS_PKB_VICTIM_ROW ? ", from the victim's row" :
			    o->page_kb_from == BS_PKB_VERSION ? ", from the kernel's name" :
			    o->page_kb_assumed ? ", assumed" : "", swap, m->nr_tasks ? m->tasks[0].comm : "-",
			    m->nr_tasks ? (long long)m->tasks[0].v[BS_TC_PID] : -1LL, o->top_share_pct);
	if (o->top_name && o->top_name->count > 1 && o->top_name_share_pct >= 50)
		bs_evidence(o, "%" PRIu64 " tasks named %s hold %d%% of the rss (%" PRIu64 " kB)", o->top_name->count,
			    o->top_name->comm, o->top_name_share_pct, o->top_name->rss * o->page_kb);
	if (m->has_victim)
		bs_evidence(o, "killed %s (pid %d): anon-rss %s kB, file-rss %s kB%s freed when it exits%s",
			    m->victim_comm, m->victim_pid,
			    bs_kb_text(b_victim_anon, sizeof(b_victim_anon), m->has_victim_anon_rss, m->victim_anon_rss_kb),
			    bs_kb_text(b_victim_file, sizeof(b_victim_file), m->has_victim_file_rss, m->victim_file_rss_kb),
			    shmem, m->reaped ? "; the oom_reaper reaped it" : "");
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
	/* each test below stands on numbers the report printed, never on absent ones read as 0 */
	if (bs_oom_has(o, BS_OA_SLAB_UNRECL) && bs_oom_has(o, BS_OA_LRU) && o->slab_unreclaimable_kb &&
	    o->slab_unreclaimable_kb > o->lru_kb)
		return BS_OOM_CAUSE_SLAB;
	if (bs_oom_has(o, BS_OA_RAM) && bs_oom_has(o, BS_OA_SHMEM) && o->ram_kb &&
	    o->shmem_kb * 100 >= o->ram_kb * 30 && o->shmem_kb > o->tasks_rss_kb / 2)
		return BS_OOM_CAUSE_SHMEM;
	if (m->sum_rss && o->top_share_pct >= 60 && (!bs_oom_has(o, BS_OA_RAM) || o->tasks_rss_kb * 2 >= o->ram_kb))
		return BS_OOM_CAUSE_LEAK;
	if (order0 > 0 || (bs_oom_has(o, BS_OA_RAM) && o->ram_kb))
		return BS_OOM_CAUSE_EXHAUSTED;
	return BS_OOM_CAUSE_UNKNOWN;
}

static void summarise(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	const char *top = m->nr_tasks ? m->tasks[0].comm : "-";
	char use[24], lim[48], b_free_kb[24], b_ram_kb[24], spread[64];

	switch (o->cause) {
	case BS_OOM_CAUSE_MANUAL:
		snprintf(o->summary, sizeof(o->summary),
			 "The OOM killer was invoked by hand (order=-1: sysrq-f or memory.oom_control), not by a failing allocation.");
		break;
	case BS_OOM_CAUSE_MEMCG_LIMIT: {
		const struct bs_memcg_counter *c = memcg_hit(m);

		if (!c) {
			const char *name = m->memcg_path[0] ? m->memcg_path : m->oom_memcg;

			snprintf(o->summary, sizeof(o->summary),
				 "A memory cgroup hit its limit%s%s; its %susage and limit are not in the input. The machine itself was not out of memory.",
				 name[0] ? ": " : "", name, name[0] ? "" : "name, ");
			break;
		}
		snprintf(o->summary, sizeof(o->summary),
			 "A memory cgroup hit its %s limit: %s used %s kB, limit %s; the machine itself was not out of memory.",
			 memcg_counter_name(m, c), m->memcg_path[0] ? m->memcg_path : m->oom_memcg[0] ? m->oom_memcg : "the cgroup",
			 bs_kb_text(use, sizeof(use), true, c->usage_kb),
			 limit_text(lim, sizeof(lim), c->has_limit, c->limit_kb));
		break;
	}
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
		if (m->tasks_seen)
			snprintf(spread, sizeof(spread), ", spread over %" PRIu64 " tasks.", m->tasks_seen);
		else
			snprintf(spread, sizeof(spread), "; the task table is not in the input.");
		snprintf(o->summary, sizeof(o->summary), "Memory truly ran out: free %s kB of %s kB RAM%s%s",
			 KB(free_kb, bs_oom_has(o, BS_OA_FREE)), KB(ram_kb, bs_oom_has(o, BS_OA_RAM)),
			 bs_oom_has(o, BS_OA_SWAP_TOTAL) && bs_oom_has(o, BS_OA_SWAP_FREE) && o->swap_total_kb &&
			 o->swap_free_kb * 50 < o->swap_total_kb ? " and swap full" : "", spread);
		break;
	default:
		snprintf(o->summary, sizeof(o->summary), "The report lacks the numbers to say why.");
		break;
	}
}

static void give_advice(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	char lim[48], fail[24], b_free_kb[24], b_ram_kb[24];

	switch (o->cause) {
	case BS_OOM_CAUSE_MEMCG_LIMIT:
		if (memcg_hit(m) == &m->memsw)
			bs_advise(o, "Raise the cgroup's memory+swap limit (cgroup v1 memory.memsw.limit_in_bytes) or shrink the workload inside it",
				  "memory+swap usage %" PRIu64 " kB reached its limit %s; memory alone was at %" PRIu64 " kB",
				  m->memsw.usage_kb, limit_text(lim, sizeof(lim), m->memsw.has_limit, m->memsw.limit_kb),
				  m->mem.usage_kb);
		else if (m->mem.present)
			bs_advise(o, "Raise the cgroup's memory limit (memory.max / memory.limit_in_bytes) or shrink the workload inside it",
				  "usage %" PRIu64 " kB reached the limit %s %s times", m->mem.usage_kb,
				  limit_text(lim, sizeof(lim), m->mem.has_limit, m->mem.limit_kb),
				  bs_kb_text(fail, sizeof(fail), m->mem.has_failcnt, m->mem.failcnt));
		else
			bs_advise(o, "Raise the cgroup's memory limit (memory.max / memory.limit_in_bytes) or shrink the workload inside it",
				  "the kernel killed inside the cgroup because it reached its limit");
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
			  "free %s kB of %s kB, no single task dominates", KB(free_kb, bs_oom_has(o, BS_OA_FREE)),
			  KB(ram_kb, bs_oom_has(o, BS_OA_RAM)));
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
	/* the trigger's own request decoded, and replayed on the zones the report printed */
	if (a && r->has_mode && bs_analyze(r, opts, a) == 0)
		o->a = a;
	totals(r, o);
	zone_counts(o->a, &high_only, &order0);
	o->cause = choose(r, o, high_only, order0);
	o->confidence = o->cause == BS_OOM_CAUSE_UNKNOWN ? BS_CONF_LOW
			: (r->gaps & (BS_GAP_CUT | BS_GAP_NO_MEMINFO)) ? BS_CONF_MEDIUM : BS_CONF_HIGH;
	if (!bs_oom_state_verdict(r, o))
		summarise(r, o);
	if (r->oom.order > 0)
		bs_evidence(o, "order-%d request: %d zone%s passed order 0 but lacked blocks of the order, %d below min at order 0",
			 r->oom.order, high_only, high_only == 1 ? "" : "s", order0);
	memcg_evidence(r, o);
	memory_evidence(r, o);
	if (bs_oom_has(o, BS_OA_SLAB_UNRECL) && bs_oom_has(o, BS_OA_LRU) && o->slab_unreclaimable_kb && o->lru_kb)
		bs_evidence(o, "unreclaimable slab %" PRIu64 " kB vs LRU %" PRIu64 " kB (%s)", o->slab_unreclaimable_kb,
			 o->lru_kb, slab_table_note(&r->kver));
	task_evidence(r, o);
	bs_oom_state_evidence(r, o);
	give_advice(r, o);
	return 0;
}
