// SPDX-License-Identifier: MIT
/*
 * advice.c - what to change, ranked, each tied to the evidence that
 * calls for it.  Nothing here is generic: an item appears only when the
 * analysis found the condition it addresses, and its "why" quotes the
 * numbers of this report.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

void bs_evidence_add(char list[][BS_TEXT_LEN], int *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= BS_MAX_EVIDENCE)
		return;
	va_start(ap, fmt);
	vsnprintf(list[(*n)++], BS_TEXT_LEN, fmt, ap);
	va_end(ap);
}

void bs_advice_add(struct bs_advice *list, int *n, const char *what, const char *fmt, ...)
{
	struct bs_advice *ad;
	va_list ap;

	if (*n >= BS_MAX_ADVICE)
		return;
	ad = &list[*n];
	ad->rank = ++*n;
	memset(&ad->fact, 0, sizeof(ad->fact));
	snprintf(ad->what, sizeof(ad->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(ad->why, sizeof(ad->why), fmt, ap);
	va_end(ap);
}

struct bs_fact bs_fact_make(const char *id, ...)
{
	struct bs_fact f = { .id = id };
	const char *name;
	va_list ap;

	va_start(ap, id);
	while ((name = va_arg(ap, const char *)) != NULL) {
		long long v = va_arg(ap, long long);

		if (f.n < BS_MAX_NUMBERS) {
			f.name[f.n] = name;
			f.v[f.n++] = v;
		}
	}
	va_end(ap);
	return f;
}

void bs_evidence_fact_add(char list[][BS_TEXT_LEN], struct bs_fact *facts, int *n, struct bs_fact f,
			  const char *fmt, ...)
{
	va_list ap;

	if (*n >= BS_MAX_EVIDENCE)
		return;
	facts[*n] = f;
	va_start(ap, fmt);
	vsnprintf(list[(*n)++], BS_TEXT_LEN, fmt, ap);
	va_end(ap);
}

void bs_advice_fact_add(struct bs_advice *list, int *n, struct bs_fact f, const char *what, const char *fmt, ...)
{
	struct bs_advice *ad;
	va_list ap;

	if (*n >= BS_MAX_ADVICE)
		return;
	ad = &list[*n];
	ad->rank = ++*n;
	ad->fact = f;
	snprintf(ad->what, sizeof(ad->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(ad->why, sizeof(ad->why), fmt, ap);
	va_end(ap);
}

static uint64_t counter_kb(const struct bs_analysis *a, const char *name)
{
	int64_t v = bs_report_counter(a->rep, name);

	return v < 0 ? 0 : (uint64_t)v * a->page_kb;
}

/* Mem-Info counters @x (+ @y) in MB as text, "-" when one was not printed. */
static const char *counters_mb(const struct bs_analysis *a, const char *x, const char *y, char *buf, size_t len)
{
	int64_t vx = bs_report_counter(a->rep, x), vy = y ? bs_report_counter(a->rep, y) : 0;

	if (vx < 0 || vy < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu", (unsigned long long)(((uint64_t)vx + (uint64_t)vy) * a->page_kb >> 10));
	return buf;
}

static bool site_is_large_kmalloc(const struct bs_analysis *a)
{
	return a->path && !strncmp(a->path, "large kmalloc", 13);
}

static bool is_mm_path(const struct bs_analysis *a, const char *prefix)
{
	return a->path && !strncmp(a->path, prefix, strlen(prefix));
}

/*
 * Whether kvmalloc() would help a large kmalloc.  Its vmalloc fallback
 * arrived in 4.12 (a7c3e901a46f "mm: introduce kv[mz]alloc helpers") and
 * sleeps, so a request that may not sleep can never use it (atomic_advice()
 * answers for those); a mask other
 * than GFP_KERNEL's (NOFS, NOIO) reaches the fallback only from 5.17
 * (a421ef303008 "mm: allow !GFP_KERNEL allocations for kvmalloc"):
 * before that kvmalloc() is plain kmalloc() for it, and the scope API
 * (memalloc_nofs_save(), 4.11) is how such a caller gets the fallback.
 * Older kernels need the fallback written by hand, and since vmalloc()
 * allocates its page tables with GFP_KERNEL, a NOFS/NOIO caller runs it
 * under memalloc_noio_save() (3.9, 21caf2fc1931).
 */
static void kvmalloc_advice(struct bs_analysis *a)
{
	unsigned long long kb = a->page_kb << a->rep->order;
	bool scoped = !a->slow.fs || !a->slow.io;
	long code = a->has_kver ? bs_kver_code(a->kver.major, a->kver.minor, 0) : -1;

	if (!a->slow.can_direct_reclaim)
		return;		/* atomic_advice() says what such a caller can do */
	if (code >= 0 && code < bs_kver_code(4, 12, 0))
		bs_advise_n(a, bs_fact_make("caller_vmalloc_fallback", BS_V("order", a->rep->order), BS_V("size_kb", kb),
					    BS_V("scoped", scoped), NULL),
		    "In the caller: fall back to vmalloc() when kmalloc() fails (kmalloc with __GFP_NOWARN first)",
		    "an order-%u kmalloc needs %llu kB physically contiguous; kvmalloc() arrived upstream in 4.12, after this kernel%s",
		    a->rep->order, kb,
		    scoped ? ", and vmalloc() allocates its page tables with GFP_KERNEL, so from this NOFS/NOIO context the fallback runs under memalloc_noio_save()" : "");
	else if (scoped && code < bs_kver_code(5, 17, 0))
		bs_advise_n(a, bs_fact_make("caller_kvmalloc_scoped", BS_V("order", a->rep->order), BS_V("size_kb", kb), NULL),
		    "In the caller: kvmalloc() with GFP_KERNEL inside memalloc_nofs_save()/memalloc_noio_save() instead of kmalloc()",
		    "an order-%u kmalloc needs %llu kB physically contiguous; before 5.17 kvmalloc() falls back to vmalloc only for GFP_KERNEL masks%s, and the scope keeps reclaim out of the filesystem or IO as this mask does",
		    a->rep->order, kb, code < 0 ? " (this report's kernel is not known)" : "");
	else
		bs_advise_n(a, bs_fact_make("caller_kvmalloc", BS_V("order", a->rep->order), BS_V("size_kb", kb), NULL),
		    "In the caller: kvmalloc() (4.12+) instead of kmalloc() for this buffer",
		    "an order-%u kmalloc needs %llu kB physically contiguous; kvmalloc falls back to vmalloc when that is not at hand",
		    a->rep->order, kb);
}

static void fragmentation_advice(struct bs_analysis *a)
{
	uint64_t file_kb = counter_kb(a, "active_file") + counter_kb(a, "inactive_file");
	uint64_t slab_kb = counter_kb(a, "slab_reclaimable");
	const struct bs_rules *ru = a->rules;

	if (ru->wmark == BS_WMARK_ORDER_LOOP && a->order_loop_would_pass)
		bs_advise(a, "Run a kernel with commit 97a16fc82a7c \"mm, page_alloc: only enforce watermarks for order-0 allocations\" (4.4), or ask the vendor for its backport",
		    "this kernel's check demands that blocks of order >= %u alone exceed min>>%u; under the 4.4 rule %d failing zone(s) would have passed, since free order-%u blocks were there",
		    a->rep->order, a->rep->order, a->order_loop_would_pass, a->rep->order);
	bs_advise(a, "echo 1 > /proc/sys/vm/compact_memory",
	    "compaction moves movable pages to rebuild free order-%u blocks%s; it costs CPU for a few seconds and is safe to run",
	    a->rep->order,
	    a->slow.may_compact ? "" : ", which this request could not do for itself");
	if (file_kb)
		bs_advise(a, "sync; echo 1 > /proc/sys/vm/drop_caches (page cache only) as a stopgap",
		    "page cache holds %llu MB; dropping clean pages lets their buddies merge. It is temporary, and re-reading the files costs IO",
		    (unsigned long long)(file_kb >> 10));
	if (slab_kb)
		bs_advise(a, "Raise vm.vfs_cache_pressure above 100 (e.g. 200)",
		    "reclaimable slab (dentries, inodes) holds %llu MB; its unmovable pages pin whole pageblocks, and a higher pressure reclaims them sooner. It does not change page-cache reclaim",
		    (unsigned long long)(slab_kb >> 10));
	if (site_is_large_kmalloc(a))
		kvmalloc_advice(a);
	if (!a->slow.nowarn)
		bs_advise(a, "In the caller: __GFP_NOWARN plus a fallback (smaller request, or retry later)",
		    "a high-order request that can fail should degrade quietly rather than print this report");
}

static void low_memory_advice(struct bs_analysis *a)
{
	uint64_t anon = counter_kb(a, "active_anon") + counter_kb(a, "inactive_anon");
	char b_anon[24], b_file[24], b_shmem[24], b_slab[24];

	bs_advise(a, "Find what holds memory: anon, page cache, shmem, slab",
	    "at the failure: anon %s MB, file %s MB, shmem %s MB, unreclaimable slab %s MB",
	    counters_mb(a, "active_anon", "inactive_anon", b_anon, sizeof(b_anon)),
	    counters_mb(a, "active_file", "inactive_file", b_file, sizeof(b_file)),
	    counters_mb(a, "shmem", NULL, b_shmem, sizeof(b_shmem)),
	    counters_mb(a, "slab_unreclaimable", NULL, b_slab, sizeof(b_slab)));
	if ((a->rep->totals_has & (1u << BS_T_TOTAL_SWAP)) && !a->rep->total_swap_kb && anon)
		bs_advise(a, "Add swap",
		    "there is no swap, so %llu MB of anonymous memory cannot be reclaimed at all",
		    (unsigned long long)(anon >> 10));
}

/* What the caller of a request that cannot sleep can change (the tuning is replayed in advice_replay.c). */
static void atomic_advice(struct bs_analysis *a)
{
	if (is_mm_path(a, "skb") || is_mm_path(a, "page fragment"))
		bs_advise(a, "In the driver: receive buffers of order 0 (page fragments, smaller MTU) or refill from process context",
		    "an order-%u atomic buffer needs %llu kB contiguous in interrupt context, where nothing can be reclaimed or compacted",
		    a->rep->order, (unsigned long long)(a->page_kb << a->rep->order));
	else if (a->rep->order)
		bs_advise(a, "In the caller: allocate with a sleeping mask outside atomic context, or preallocate",
		    "an order-%u request without direct reclaim fails whenever free memory is fragmented or near min",
		    a->rep->order);
}

void bs_analyze_advice(struct bs_analysis *a)
{
	a->nr_advice = 0;
	/* what the request could not do for itself comes first: it shapes what helps */
	if (!a->slow.can_direct_reclaim && !a->slow.pf_memalloc &&
	    (a->cause == BS_CAUSE_FRAGMENTATION || a->cause == BS_CAUSE_LOW_MEMORY))
		atomic_advice(a);
	switch (a->cause) {
	case BS_CAUSE_FRAGMENTATION:
		fragmentation_advice(a);
		break;
	case BS_CAUSE_LOW_MEMORY:
		low_memory_advice(a);
		break;
	case BS_CAUSE_CMA_ONLY:
		bs_advise(a, "Size the CMA area to what the devices need (cma= on the command line)",
		    "the free high-order memory sat in CMA pageblocks, which only movable allocations may use");
		fragmentation_advice(a);
		break;
	case BS_CAUSE_HIGHATOMIC_ONLY:
		bs_advise(a, "Nothing to tune first: the highatomic reserve is returned to the other lists under pressure",
		    "the free high-order blocks were reserved for high-order atomic requests; at most about 1%% of a zone is kept that way");
		fragmentation_advice(a);
		break;
	case BS_CAUSE_CONSTRAINED_NODES:
		bs_advise(a, "Check the task's cpuset (cpuset.mems) and memory policy",
		    "the allowed nodes were short while others had free memory");
		break;
	case BS_CAUSE_VMALLOC_SPACE:
		bs_advise(a, "See who holds the vmalloc space: /proc/vmallocinfo, summed by caller",
		    "the failure was a full virtual address range; a leak of vmalloc/vmap areas (or many loaded modules) fills it");
		bs_advise(a, "On 32-bit kernels enlarge it with vmalloc=<size> on the command line; on 64-bit a full module region is fixed by the kernel (module PLTs, region placement), not by tuning",
		    "the vmalloc area is a fixed share of the address space; memory tuning cannot widen it");
		break;
	default:
		if (a->rep->nr_zones && a->nr_ok_min)
			bs_advise(a, "Capture /proc/buddyinfo, /proc/zoneinfo and /proc/vmstat when it happens again (buddyscope snapshot)",
			    "the printed numbers pass the check, so the moment of failure was not captured");
		else if (a->rep->nr_zones)
			bs_advise(a, "Keep the whole report next time (dmesg, or the complete log), or capture /proc/zoneinfo and /proc/buddyinfo when it happens again (buddyscope snapshot)",
			    "the report in the input lacks the numbers the watermark check needs");
		break;
	}
	if (a->cause != BS_CAUSE_VMALLOC_SPACE && a->cause != BS_CAUSE_CALLER_BUG && a->cause != BS_CAUSE_UNKNOWN)
		bs_advice_tuning(a);
}
