/* SPDX-License-Identifier: MIT */
/*
 * parse_kinds.h - the first lines of the report kinds that are neither a
 * page allocation failure nor an OOM report, and the memory-state dump
 * that has no failure header at all.  kmsg_parse.c asks these functions
 * whether a line starts one of them; the lines that follow (CPU line,
 * trace, Mem-Info) go through the shared line parser.
 *
 * The kernel texts, and the versions that print them (torvalds/linux):
 *  - mm/page_alloc.c __alloc_pages_slowpath(), v4.9 (63f53dea0c98 "mm:
 *    warn about allocations which stall for too long") to v4.14, removed
 *    in v4.15: warn_alloc(..., "page allocation stalls for %ums, order:%u")
 *    then ", mode:%#x(%pGg)" and, 4.12 on, ", nodemask=%*pbl".
 *  - mm/sparse-vmemmap.c vmemmap_alloc_block(), 4.12 on: warn_alloc(...,
 *    "vmemmap alloc failure: order:%u"), once per boot (static "warned").
 *  - mm/vmalloc.c alloc_vmap_area(): "vmap allocation for size %lu failed:
 *    use vmalloc=<size> to increase size" (a "." at the end before 3.x's
 *    pr_warn), rate limited, __GFP_NOWARN silences it (4.11 on).
 *  - mm/cma.c cma_alloc(): "cma: cma_alloc: alloc failed, req-size: %zu
 *    pages, ret: %d" (4.10 on, pr_info then pr_err), "cma: cma_alloc:
 *    %s: alloc failed, ..." with the area's name (5.12 on, ratelimited
 *    5.13 on); CONFIG_CMA_DEBUG adds "number of available pages: a@b+...=>
 *    N free of M total pages".
 *  - mm/page_alloc.c alloc_contig_range(): "%s: [%lx, %lx) PFNs busy" with
 *    __func__ (4.x on, pr_info; ratelimited by "mm: ratelimit PFNs busy
 *    info message", 4.14; 6.10's alloc tagging prints
 *    "alloc_contig_range_noprof"); 3.x printed "alloc_contig_range
 *    test_pages_isolated(%lx, %lx) failed".
 *  - mm/nommu.c do_mmap_private(): "Allocation of length %lu from process
 *    %d (%s) failed" (2.6.3x on; before that without the comm), then
 *    show_free_areas() / show_mem().
 *  - drivers/tty/sysrq.c: "sysrq: Show Memory" ("SysRq : Show Memory"
 *    before 4.x) then show_mem(): "Mem-Info:" and the zone dump.
 */
#ifndef BS_PARSE_KINDS_H
#define BS_PARSE_KINDS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/report.h"

/* What follows a kind's first line. */
enum bs_kind_body {
	BS_BODY_NONE,		/* nothing: the line is the whole report */
	BS_BODY_WARN_ALLOC,	/* warn_alloc(): cpuset line, CPU line, trace, Mem-Info */
	BS_BODY_MEMINFO,	/* the zone dump at once (nommu's show_free_areas()) */
	BS_BODY_TAIL,		/* lines of its own may follow (cma's area map, more busy ranges) */
};

/* The cheap test before bs_kinds_header(): could @t be such a first line at all? */
bool bs_kinds_probe(const char *t, size_t len);

/*
 * Is @t the first line of one of the kinds above?  Then fill @r's header
 * fields (@r was set up by the caller: where, when, absent markers) and
 * return its kind, *@body what follows; BS_KIND_NR when it is not.
 */
enum bs_report_kind bs_kinds_header(const char *t, size_t len, struct bs_report *r, enum bs_kind_body *body);

/* A line after the first of a BS_BODY_TAIL report @r: true when it belongs to it (taken). */
bool bs_kinds_take_tail(const char *t, size_t len, struct bs_report *r);

/*
 * A warn_alloc() header cut after "order:N," goes on with "mode:0x...":
 * true when @t is that rest (mode, decode, nodemask taken into @r).
 */
bool bs_kinds_take_mode_line(const char *t, size_t len, struct bs_report *r);

/*
 * Does @t start a memory-state dump with no failure header: "sysrq: Show
 * Memory", "Mem-Info:", a zone line ("Node 0 DMA32 free:..", "Normal
 * free:..") or a buddy line ("Node 0 DMA: 1*4kB ...")?  *@trigger is
 * "sysrq", "show_mem" (a "Mem-Info:" line) or "" (zone lines pasted alone).
 */
bool bs_memstate_start(const char *t, size_t len, const char **trigger);

#endif
