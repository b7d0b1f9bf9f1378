/* SPDX-License-Identifier: MIT */
/*
 * event.h - what a short memory-failure report means, with its own
 * numbers: the block order a retried kmalloc needs, whether reclaim and
 * compaction could help with that mode, where a hung task waits.
 * Never prints.
 */
#ifndef BS_EVENT_H
#define BS_EVENT_H

#include <stdint.h>

#include "analysis/analysis.h"
#include "parse/report.h"

/* Page allocator order that one physically contiguous block of @size bytes needs (get_order()). */
unsigned bs_event_order(uint64_t size, uint64_t page_kb);

/*
 * The page size of short report @r, which prints no buddy line: 64 for a
 * kernel whose name says a 64k flavour ("+64k", "-64k"), 4 for an x86 one
 * (x86 has only 4 kB pages), else 4 with *@assumed set.
 */
uint64_t bs_event_page_kb(const struct bs_report *r, bool *assumed);

struct bs_event_meaning {
	char mechanism[BS_TEXT_LEN * 4];	/* what happened, with the numbers */
	char fixes[BS_TEXT_LEN * 2];		/* what to do, for these numbers; "" if nothing specific */
};

/*
 * Explain short report @r (XFS, SPL/ZFS, SLUB, hung task); @a is its mode
 * decoded for its kernel (NULL when it printed none).
 */
void bs_event_explain(const struct bs_report *r, const struct bs_analysis *a, struct bs_event_meaning *m);

/* analysis_kinds.c: the vmap, CMA and busy-range kinds, which need no mode. */
void bs_kinds_explain(const struct bs_report *r, struct bs_event_meaning *m);

/* Their cause as a stable id: "vmalloc_space", "cma_busy_pages", "cma_area_exhausted", "unknown". */
const char *bs_kinds_cause(const struct bs_report *r);

#endif
