// SPDX-License-Identifier: MIT
/*
 * analysis_kinds.c - what the kinds of parse_kinds.h mean, in their own
 * numbers: a stall that had not failed yet, vmemmap's fallback, a vmalloc
 * that never reached the page allocator (no virtual range, or a size no
 * machine has), a CMA area that could not hand out its pages.
 *
 * Kernel facts used (torvalds/linux):
 *  - mm/page_alloc.c warn_alloc() for a stall (4.9-4.14) is printed from
 *    inside the retry loop of __alloc_pages_slowpath(), every 10 s of
 *    stalling: the request goes on after it.
 *  - mm/sparse-vmemmap.c vmemmap_alloc_block() warns once per boot; x86-64
 *    vmemmap_populate_hugepages() (arch/x86/mm/init_64.c) then maps the
 *    section with base pages (vmemmap_populate_basepages()) unless an
 *    altmap is used: hotplug goes on with 4 kB pages.
 *  - mm/vmalloc.c __vmalloc_node_range(): size >> PAGE_SHIFT > totalram_pages()
 *    fails at once, "exceeds total pages" (5.13 on; before that the same test
 *    ended in "vmalloc: allocation failure: N bytes"); the size is unsigned
 *    long printed with %lu, so a negative length shows as 2^64 - n.
 *    alloc_vmap_area() prints "vmap allocation for size N failed" with the
 *    size including the guard page (PAGE_SIZE, unless VM_NO_GUARD) when no
 *    free range between vstart and vend fits, after purging lazily freed
 *    areas once.
 *  - mm/cma.c cma_alloc(): for each free range of the bitmap it calls
 *    alloc_contig_range(), which migrates the pages in use out of the
 *    range; -EBUSY means some page could not be migrated (pinned by
 *    get_user_pages/FOLL_LONGTERM, held by a driver, under writeback, or
 *    its pageblock isolated by a concurrent cma_alloc() since a4efc174b382
 *    "mm/cma.c: remove redundant cma_mutex lock", 5.10; see "mm: cma: fix
 *    allocation may fail sometimes", linux-mm 2021-12), and
 *    cma_alloc() then tries the next range; it fails with -EBUSY when every
 *    candidate range was busy, with -ENOMEM when the bitmap had no free
 *    range of the size and alignment at all (the area is used up or
 *    fragmented).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/event.h"
#include "textscan.h"

/* The signed value of a size printed with %lu: negative when the top bit is set. */
static bool negative_size(uint64_t size, int64_t *v)
{
	if (!(size >> 63))
		return false;
	*v = -(int64_t)(~size + 1);
	return true;
}

/* RAM in bytes the report shows (pages RAM x page size), 0 when it does not. */
static uint64_t ram_bytes(const struct bs_analysis *a)
{
	return a->rep->pages_ram * a->page_kb * 1024;
}

/*
 * "vmalloc error: size N, exceeds total pages", or a 4.x "vmalloc:
 * allocation failure: N bytes" larger than the RAM the dump shows: the
 * caller asked for a size no allocator could give.
 */
static bool vmalloc_size_bug(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	bool says = strstr(r->ev.text, "exceeds total pages") != NULL;
	uint64_t ram = ram_bytes(a);
	int64_t neg;

	if (!r->ev.has_size || !(r->kind == BS_KIND_VMALLOC_FAILURE || r->ev.text[0]))
		return false;
	if (!says && !(ram && r->ev.size > ram && !strstr(r->ev.text, "allocated")))
		return false;
	a->cause = BS_CAUSE_CALLER_BUG;
	a->confidence = BS_CONF_HIGH;
	a->nr_evidence = 0;
	if (negative_size(r->ev.size, &neg)) {
		snprintf(a->summary, sizeof(a->summary),
			 "a caller bug: vmalloc was asked for %" PRIu64 " bytes, which is %" PRId64 " as a signed long: a "
			 "negative length (an error code or an underflowed subtraction) passed as a size",
			 r->ev.size, neg);
		bs_evidence(a, "size %" PRIu64 " = 2^64 - %" PRIu64 ": the caller computed %" PRId64, r->ev.size,
			    ~r->ev.size + 1, neg);
	} else {
		snprintf(a->summary, sizeof(a->summary),
			 "a caller bug: vmalloc was asked for %" PRIu64 " bytes (%" PRIu64 " MB), more pages than the machine has; "
			 "it failed before reserving any address range or page", r->ev.size, r->ev.size >> 20);
	}
	if (ram)
		bs_evidence(a, "the machine has %" PRIu64 " MB of RAM (%" PRIu64 " pages RAM)", ram >> 20, r->pages_ram);
	bs_evidence(a, "__vmalloc_node_range() refuses a size above totalram_pages() at once: free memory and zones do not matter");
	return true;
}

/* A "vmap allocation for size N failed" line before the report: the range search failed first. */
static bool vmap_space(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	if (!r->ev.has_vmap_size || a->cause == BS_CAUSE_VMALLOC_SPACE)
		return a->cause == BS_CAUSE_VMALLOC_SPACE;
	a->cause = BS_CAUSE_VMALLOC_SPACE;
	a->confidence = BS_CONF_HIGH;
	a->nr_evidence = 0;
	snprintf(a->summary, sizeof(a->summary),
		 "the vmalloc area had no free range of %" PRIu64 " bytes (%" PRIu64 " kB with the guard page): the address "
		 "space ran out, not memory; no page was requested", r->ev.vmap_size, r->ev.vmap_size >> 10);
	bs_evidence(a, "the kernel printed \"vmap allocation for size %" PRIu64 " failed\" just before: alloc_vmap_area() found no hole",
		    r->ev.vmap_size);
	if (a->site && !strcmp(a->site->func, "module_alloc"))
		bs_evidence(a, "the caller is module_alloc(): modules live in a small fixed region (on 32-bit ARM 16 MB below the kernel), which fills up long before the vmalloc area");
	if (a->nr_ok_min)
		bs_evidence(a, "%d of %d zones pass the order-0 watermark check: memory was there", a->nr_ok_min, a->nr_eligible);
	return true;
}

static void stall(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;
	char was[BS_TEXT_LEN];

	/* the memory state's sentence, shortened to fit after ours */
	bs_copy_str(was, sizeof(was), a->summary);
	if (!r->nr_zones)
		bs_copy_str(was, sizeof(was), "not printed (no zone lines), so the watermark check cannot be replayed");
	if (r->ev.has_stall_ms)
		snprintf(a->summary, sizeof(a->summary),
			 "not a failure: the order-%u request had been in the slow path for %" PRIu64 " ms and was still "
			 "retrying; the memory state at that moment: %s", r->order, r->ev.stall_ms, was);
	bs_evidence(a, "warn_alloc() prints a stall from inside __alloc_pages_slowpath()'s retry loop, every 10 s of it (4.9-4.14): the allocation went on, and may have succeeded or ended in the OOM killer later");
}

static void vmemmap(struct bs_analysis *a)
{
	bs_evidence(a, "vmemmap_alloc_block() warns once per boot: later failures of the same kind are silent");
	bs_evidence(a, "on x86-64 a failed PMD-sized vmemmap block is replaced by base pages (vmemmap_populate_basepages()), so the hotplug went on unless an altmap was used");
}

void bs_analyze_kind_verdict(struct bs_analysis *a)
{
	switch (a->rep->kind) {
	case BS_KIND_ALLOC_STALL:
		stall(a);
		return;
	case BS_KIND_VMEMMAP_FAILURE:
		vmemmap(a);
		return;
	default:
		break;
	}
	if (!vmalloc_size_bug(a))
		vmap_space(a);
}

void bs_analyze_kind_advice(struct bs_analysis *a)
{
	const struct bs_report *r = a->rep;

	if (a->cause == BS_CAUSE_CALLER_BUG) {
		a->nr_advice = 0;
		bs_advise(a, "Report it against the caller in the trace (the site below)",
			  "a size of %" PRIu64 " bytes cannot be met by any tuning; the code that computed it is wrong",
			  r->ev.size);
		return;
	}
	if (r->kind == BS_KIND_ALLOC_STALL)
		bs_advise(a, "Look for what happened right after: an OOM kill, a hung task, or nothing (the request succeeded)",
			  "a stall warning is printed while the request still loops in reclaim and compaction");
	if (r->kind == BS_KIND_VMEMMAP_FAILURE)
		bs_advise(a, "Nothing to do unless the hotplug itself failed: memmap_on_memory (memory_hotplug.memmap_on_memory=1, 5.15 on) takes the memmap from the added memory instead",
			  "the order-%u block was for the struct pages of the new memory, and base pages are used instead", r->order);
}

/* --- the short kinds: meaning and what to do, with their numbers ---------------- */

static void vmap_meaning(const struct bs_report *r, struct bs_event_meaning *m)
{
	snprintf(m->mechanism, sizeof(m->mechanism),
		 "alloc_vmap_area() found no free range of %" PRIu64 " bytes (the request plus its guard page) in the "
		 "vmalloc area, even after purging lazily freed areas: the virtual address space ran out, not memory; "
		 "no page allocation was attempted. No vmalloc report followed it, so the caller was vmap()/ioremap() "
		 "or passed __GFP_NOWARN to the rest", r->ev.vmap_size);
	snprintf(m->fixes, sizeof(m->fixes),
		 "sum /proc/vmallocinfo by caller to find what fills the area (a leak grows one caller); on 32-bit "
		 "kernels vmalloc=<size> on the command line enlarges it at the expense of lowmem");
}

static const char *errno_name(int e)
{
	return e == -16 ? "EBUSY" : e == -12 ? "ENOMEM" : e == -4 ? "EINTR" : e == -22 ? "EINVAL" : "";
}

static void cma_meaning(const struct bs_report *r, struct bs_event_meaning *m)
{
	char area[96] = "", busy[160] = "", freeb[128] = "";
	size_t n;

	if (r->ev.cma_name[0])
		snprintf(area, sizeof(area), " from area %s", r->ev.cma_name);
	if (r->ev.busy_ranges)
		snprintf(busy, sizeof(busy), "; %" PRIu64 " range(s) were busy before it (first [%" PRIx64 ", %" PRIx64 "))",
			 r->ev.busy_ranges, r->ev.busy_start, r->ev.busy_end);
	if (r->ev.has_cma_free)
		snprintf(freeb, sizeof(freeb), "; the area had %" PRIu64 " of %" PRIu64 " pages free",
			 r->ev.cma_free_pages, r->ev.cma_total_pages);
	if (r->ev.has_cma_pages)
		n = (size_t)snprintf(m->mechanism, sizeof(m->mechanism),
				     "cma_alloc() could not hand out %" PRIu64 " contiguous pages%s", r->ev.cma_pages, area);
	else
		n = (size_t)snprintf(m->mechanism, sizeof(m->mechanism),
				     "cma_alloc() could not hand out its contiguous pages%s", area);
	if (n >= sizeof(m->mechanism))
		return;
	if (r->ev.has_cma_ret && r->ev.cma_ret == -16)
		snprintf(m->mechanism + n, sizeof(m->mechanism) - n,
			 " (ret -16, EBUSY): free ranges existed, but every one tried held a page that could not be "
			 "migrated away (pinned by get_user_pages/FOLL_LONGTERM, RDMA or vfio, held by a driver, under "
			 "writeback) or was isolated by another CMA allocation running at the same time. Not a lack of "
			 "memory%s%s", busy, freeb);
	else if (r->ev.has_cma_ret && r->ev.cma_ret == -12)
		snprintf(m->mechanism + n, sizeof(m->mechanism) - n,
			 " (ret -12, ENOMEM): the area's bitmap had no free range of that size and alignment: the CMA "
			 "area is used up by earlier allocations, or fragmented by them%s%s", busy, freeb);
	else
		snprintf(m->mechanism + n, sizeof(m->mechanism) - n, "%s%s%s%s", r->ev.has_cma_ret ? " (ret " : "",
			 r->ev.has_cma_ret ? errno_name(r->ev.cma_ret) : "", r->ev.has_cma_ret ? ")" : "", busy);
	if (r->ev.has_cma_ret && r->ev.cma_ret == -16)
		snprintf(m->fixes, sizeof(m->fixes),
			 "find who pins pages in the CMA area (page_owner, /sys/kernel/debug/cma, the driver or RDMA/vfio user "
			 "holding long-term pins) and retry after it lets go; with allocations in parallel, retry: the area's "
			 "size is not the problem");
	else
		snprintf(m->fixes, sizeof(m->fixes),
			 "enlarge the area (cma=<size> or the device tree's reserved-memory size) or free the buffers "
			 "already taken from it; /sys/kernel/debug/cma/<area>/bitmap shows how it is used");
}

static void busy_meaning(const struct bs_report *r, struct bs_event_meaning *m)
{
	snprintf(m->mechanism, sizeof(m->mechanism),
		 "alloc_contig_range() could not isolate %" PRIu64 " range(s) (first [%" PRIx64 ", %" PRIx64 "), %" PRIu64
		 " pages): some page in each could not be migrated away (pinned, held by a driver, under writeback). "
		 "Alone this is no failure: cma_alloc() and the hugetlb/virtio-mem callers try the next range, and no "
		 "\"alloc failed\" line followed", r->ev.busy_ranges, r->ev.busy_start, r->ev.busy_end,
		 r->ev.busy_end - r->ev.busy_start);
	snprintf(m->fixes, sizeof(m->fixes),
		 "none needed while allocations succeed; if they fail, find the pinned pages (page_owner) in those PFN ranges");
}

void bs_kinds_explain(const struct bs_report *r, struct bs_event_meaning *m)
{
	switch (r->kind) {
	case BS_KIND_VMAP_FAILURE:
		vmap_meaning(r, m);
		break;
	case BS_KIND_CMA_FAILURE:
		cma_meaning(r, m);
		break;
	case BS_KIND_CONTIG_BUSY:
		busy_meaning(r, m);
		break;
	default:
		break;
	}
}

const char *bs_kinds_cause(const struct bs_report *r)
{
	switch (r->kind) {
	case BS_KIND_VMAP_FAILURE:
		return "vmalloc_space";
	case BS_KIND_CMA_FAILURE:
		if (r->ev.has_cma_ret && r->ev.cma_ret == -16)
			return "cma_busy_pages";
		if (r->ev.has_cma_ret && r->ev.cma_ret == -12)
			return "cma_area_exhausted";
		return "unknown";
	case BS_KIND_CONTIG_BUSY:
		return "cma_busy_pages";
	default:
		return "unknown";
	}
}
