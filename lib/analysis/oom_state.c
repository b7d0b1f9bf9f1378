// SPDX-License-Identifier: MIT
/*
 * oom_state.c - OOM verdicts that stand on the trigger's zone replay and
 * the counters, not on the totals alone:
 *
 *  - no killable task: out_of_memory() found no victim (every task at
 *    oom_score_adj -1000, kernel threads, or already exiting); a global
 *    OOM then panics ("System is deadlocked on memory" on 4.x on, the
 *    message itself on older kernels), a memcg charge fails;
 *  - CMA: most free memory sat in CMA pageblocks; without it every zone of
 *    the zonelist is at or below min (requests that may not use CMA, and
 *    __alloc_pages_may_oom()'s last attempt at the high mark, which on
 *    4.x-5.x counts no CMA, see nothing);
 *  - 32-bit lowmem: the request's zones (DMA, Normal) at min while HighMem,
 *    which a kernel allocation may not use, had memory;
 *  - zones that pass: a global order-0 OOM whose trigger passes the min
 *    check in some zone did not run out by these numbers; the OOM killer
 *    ran because reclaim made no progress for MAX_RECLAIM_RETRIES rounds
 *    (should_reclaim_retry(), 4.7 on), and the dump came after.
 * And evidence: a pagefault OOM (gfp_mask=0x0, pagefault_out_of_memory():
 * the fault's own allocation or memcg charge failed, its mode is lost),
 * unevictable/mlocked memory, the decoded mode of a memcg charge.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis/oom.h"

struct zone_sums {
	uint64_t free_kb, min_kb, cma_kb;	/* eligible zones with numbers */
	int eligible, at_min;
	uint64_t highmem_free_kb, highmem_min_kb;
	bool highmem;
	const struct bs_zone_replay *passing;
};

static void sum_zones(const struct bs_analysis *a, struct zone_sums *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; a && i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;

		if (!strcmp(zn->name, "HighMem") && (zn->has & (1ull << BS_ZF_FREE))) {
			s->highmem = true;
			s->highmem_free_kb += zn->kb[BS_ZF_FREE];
			s->highmem_min_kb += zn->kb[BS_ZF_MIN];
		}
		if (!z->eligible || z->fail == BS_WF_NO_DATA)
			continue;
		s->eligible++;
		s->free_kb += zn->kb[BS_ZF_FREE];
		s->min_kb += zn->kb[BS_ZF_MIN];
		s->cma_kb += zn->kb[BS_ZF_FREE_CMA];
		if (z->fail == BS_WF_ORDER0)
			s->at_min++;
		if (z->ok_min && !s->passing)
			s->passing = z;
	}
}

static int unkillable_tasks(const struct bs_oom *m)
{
	int n = 0;

	if (!(m->columns & (1u << BS_TC_OOM_SCORE_ADJ)))
		return -1;
	for (int i = 0; i < m->nr_tasks; i++)
		n += m->tasks[i].v[BS_TC_OOM_SCORE_ADJ] == -1000;
	return n;
}

static bool no_killable(const struct bs_report *r, struct bs_oom_analysis *o)
{
	const struct bs_oom *m = &r->oom;
	int n = unkillable_tasks(m);
	char adj[96] = "";

	if (!m->no_killable)
		return false;
	o->cause = BS_OOM_CAUSE_NO_KILLABLE;
	if (n >= 0)
		snprintf(adj, sizeof(adj), " (%d of the %d tasks listed have oom_score_adj -1000)", n, m->nr_tasks);
	snprintf(o->summary, sizeof(o->summary),
		 "Out of memory and no killable processes: out_of_memory() found no task it may kill%s. A global OOM then "
		 "panics; a memory cgroup's charge fails instead.", adj);
	bs_evidence_n(o, bs_fact_make("oom_no_killable", BS_V("unkillable_listed", n), BS_V("listed", m->nr_tasks),
				      BS_V("tasks", m->tasks_seen), NULL),
		      "the kernel printed \"Out of memory and no killable processes\"%s", adj);
	bs_advise_n(o, bs_fact_make("oom_no_killable_adj", BS_V("unkillable_listed", n), NULL),
		    "Leave some tasks killable: oom_score_adj -1000 (OOMScoreAdjust=-1000) only for what must survive",
		    "with every task exempt the OOM killer cannot free anything%s", adj);
	return true;
}

static bool cma_state(struct bs_oom_analysis *o, const struct zone_sums *s)
{
	const struct bs_analysis *a = o->a;
	bool may_use = a->slow.alloc_flags & BS_ALLOC_CMA;

	if (!s->cma_kb || s->cma_kb * 2 < s->free_kb || s->free_kb - s->cma_kb > s->min_kb)
		return false;
	o->cause = BS_OOM_CAUSE_CMA;
	o->confidence = may_use ? BS_CONF_MEDIUM : BS_CONF_HIGH;
	snprintf(o->summary, sizeof(o->summary),
		 "Free memory was CMA: %" PRIu64 " of %" PRIu64 " kB free sat in CMA pageblocks; without it the zones held "
		 "%" PRIu64 " kB, not above their min %" PRIu64 " kB. %s", s->cma_kb, s->free_kb, s->free_kb - s->cma_kb,
		 s->min_kb, may_use ? "This request is movable and may use CMA, and the check replayed with CMA passes, "
		 "but the slow path's last attempt before the kill (high mark, no ALLOC_CMA) does not count it." :
		 "This request may not use CMA.");
	bs_evidence_n(o, bs_fact_make("oom_free_is_cma", BS_V("free_kb", s->free_kb), BS_V("free_cma_kb", s->cma_kb),
				      BS_V("min_kb", s->min_kb), BS_V("may_use_cma", may_use), NULL),
		      "free %" PRIu64 " kB, of it CMA %" PRIu64 " kB; %" PRIu64 " kB without CMA against min %" PRIu64 " kB",
		      s->free_kb, s->cma_kb, s->free_kb - s->cma_kb, s->min_kb);
	bs_advise_n(o, bs_fact_make("oom_cma_size", BS_V("free_cma_kb", s->cma_kb), NULL),
		    "Size the CMA area (cma= on the command line, or the device tree) to what the devices need",
		    "%" PRIu64 " kB of CMA was free while the rest of memory was at its min mark", s->cma_kb);
	return true;
}

static bool lowmem_state(struct bs_oom_analysis *o, const struct zone_sums *s)
{
	if (!s->highmem || !s->eligible || s->at_min < s->eligible || s->highmem_free_kb <= 2 * s->highmem_min_kb ||
	    !strcmp(o->a->highest_zone, "HighMem") || !strcmp(o->a->highest_zone, "Movable"))
		return false;
	o->cause = BS_OOM_CAUSE_LOWMEM;
	snprintf(o->summary, sizeof(o->summary),
		 "32-bit lowmem ran out: every zone up to %s was at its min mark (%" PRIu64 " kB free) while HighMem had "
		 "%" PRIu64 " kB free, which this request (highest zone %s) may not use.", o->a->highest_zone, s->free_kb,
		 s->highmem_free_kb, o->a->highest_zone);
	bs_evidence_n(o, bs_fact_make("oom_lowmem_highmem_free", BS_V("lowmem_free_kb", s->free_kb),
				      BS_V("lowmem_min_kb", s->min_kb), BS_V("highmem_free_kb", s->highmem_free_kb), NULL),
		      "lowmem zones: %" PRIu64 " kB free against min %" PRIu64 " kB; HighMem: %" PRIu64 " kB free",
		      s->free_kb, s->min_kb, s->highmem_free_kb);
	bs_advise_n(o, bs_fact_make("oom_lowmem_64bit", NULL),
		    "Run a 64-bit kernel, or find the kernel consumer of lowmem (slab, page tables, buffers)",
		    "on 32-bit only about 896 MB is lowmem, whatever the RAM; kernel allocations cannot use HighMem");
	return true;
}

static bool passing_state(const struct bs_report *r, struct bs_oom_analysis *o, const struct zone_sums *s)
{
	const struct bs_zone_replay *z = s->passing;
	char swap[96] = "";

	bool swap_free = bs_oom_has(o, BS_OA_SWAP_FREE) && bs_oom_has(o, BS_OA_SWAP_TOTAL) && o->swap_total_kb &&
			 o->swap_free_kb * 100 >= o->swap_total_kb;

	if (!z || r->oom.order != 0 || r->kind != BS_KIND_OOM ||
	    (o->cause != BS_OOM_CAUSE_EXHAUSTED && o->cause != BS_OOM_CAUSE_LEAK))
		return false;
	/* a zone a few pages above min with swap full is the state a kill leaves behind, not a contradiction */
	if (!(z->ok_low && z->low_known) && !swap_free) {
		bs_evidence_n(o, bs_fact_make("oom_zone_passes_narrowly", BS_V("node", z->zone->node),
					      BS_V("free_kb", z->zone->kb[BS_ZF_FREE]), BS_V("min_kb", z->zone->kb[BS_ZF_MIN]),
					      BS_V("low_kb", z->zone->kb[BS_ZF_LOW]), NULL),
			      "Node %d %s passes min by %" PRIu64 " kB only, below its low mark, with swap full: borderline, "
			      "memory was moving around the kill", z->zone->node, z->zone->name,
			      z->zone->kb[BS_ZF_FREE] - z->zone->kb[BS_ZF_MIN]);
		return false;
	}
	if (bs_oom_has(o, BS_OA_SWAP_FREE) && o->swap_free_kb)
		snprintf(swap, sizeof(swap), ", and swap had %" PRIu64 " kB free", o->swap_free_kb);
	o->cause = BS_OOM_CAUSE_UNKNOWN;
	o->confidence = BS_CONF_LOW;
	snprintf(o->summary, sizeof(o->summary),
		 "The printed numbers do not show memory running out: Node %d %s passes the trigger's order-0 check (free "
		 "%" PRIu64 " kB > min %" PRIu64 " kB)%s. The kill follows rounds of reclaim without progress; memory was "
		 "freed between that decision and the dump, or the free pages could not serve this request.",
		 z->zone->node, z->zone->name, z->zone->kb[BS_ZF_FREE], z->zone->kb[BS_ZF_MIN], swap);
	bs_evidence_n(o, bs_fact_make("oom_zone_passes", BS_V("node", z->zone->node),
				      BS_V("free_kb", z->zone->kb[BS_ZF_FREE]), BS_V("min_kb", z->zone->kb[BS_ZF_MIN]),
				      BS_V("swap_free_kb", bs_oom_has(o, BS_OA_SWAP_FREE) ? (long long)o->swap_free_kb : -1),
				      NULL),
		      "Node %d %s passes the watermark check at min on the report's numbers", z->zone->node, z->zone->name);
	return true;
}

bool bs_oom_state_verdict(const struct bs_report *r, struct bs_oom_analysis *o)
{
	struct zone_sums s;

	if (no_killable(r, o))
		return true;
	if (!o->a || r->kind != BS_KIND_OOM || o->cause == BS_OOM_CAUSE_MANUAL || o->cause == BS_OOM_CAUSE_HIGH_ORDER)
		return false;
	sum_zones(o->a, &s);
	return cma_state(o, &s) || lowmem_state(o, &s) || passing_state(r, o, &s);
}

/* Mem-Info counter @name in kB, -1 when not printed. */
static long long counter_kb(const struct bs_report *r, const struct bs_oom_analysis *o, const char *name)
{
	int64_t v = bs_report_counter(r, name);

	return v < 0 ? -1 : (long long)v * (long long)o->page_kb;
}

/* The zones' mlocked kB summed, -1 when no zone line printed it. */
static long long zones_mlocked_kb(const struct bs_report *r)
{
	long long sum = -1;

	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].has & (1ull << BS_ZF_MLOCKED))
			sum = (sum < 0 ? 0 : sum) + (long long)r->zones[i].kb[BS_ZF_MLOCKED];
	return sum;
}

void bs_oom_state_evidence(const struct bs_report *r, struct bs_oom_analysis *o)
{
	long long unevictable = counter_kb(r, o, "unevictable"), mlocked = zones_mlocked_kb(r);
	char ml[24] = "-";

	if (r->has_mode && !r->mode && r->kind == BS_KIND_OOM)
		bs_evidence_n(o, bs_fact_make("oom_pagefault", NULL),
			      "gfp_mask=0x0: a page fault returned VM_FAULT_OOM and pagefault_out_of_memory() invoked the OOM "
			      "killer; the allocation (or memcg charge) that failed inside the fault is not in this report, "
			      "so its mode and zones are unknown");
	if (unevictable > 0 && bs_oom_has(o, BS_OA_RAM) && o->ram_kb && (uint64_t)unevictable * 10 >= o->ram_kb)
		bs_evidence_n(o, bs_fact_make("oom_unevictable", BS_V("unevictable_kb", unevictable),
					      BS_V("mlocked_kb", mlocked), BS_V("ram_kb", o->ram_kb), NULL),
			      "unevictable %lld kB (mlocked %s kB) of %" PRIu64 " kB RAM: reclaim cannot free it; only its "
			      "owner's exit or munlock does", unevictable,
			      mlocked >= 0 && snprintf(ml, sizeof(ml), "%lld", mlocked) > 0 ? ml : "-", o->ram_kb);
	if (o->a && r->mode && r->kind == BS_KIND_MEMCG_OOM && !o->a->slow.fs)
		bs_evidence_n(o, bs_fact_make("memcg_charge_nofs", NULL),
			      "the charge was %s (no __GFP_FS): the cgroup's reclaim could not call into filesystems, so "
			      "less was reclaimable before the limit forced the OOM", o->a->mode_decoded);
}
