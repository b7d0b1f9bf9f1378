/* SPDX-License-Identifier: MIT */
/*
 * rules.h - the page allocator's decisions, per kernel era, as data.
 *
 * Each era is a range of kernel versions (upstream, stable or distro)
 * over which mm/page_alloc.c and mm/compaction.c decide the same way:
 * the shape of __zone_watermark_ok(), what gfp_to_alloc_flags() grants,
 * the gate in front of direct compaction, the retry and OOM rules.  Every
 * era cites the kernel source it was read from.  The watermark replay
 * (watermark.c) and the slow-path model (slowpath.c) consult only this.
 */
#ifndef BS_RULES_H
#define BS_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "kversion.h"

/* The shape of __zone_watermark_ok(). */
enum bs_wmark_style {
	/*
	 * Before 4.4 (97a16fc82a7c): after the order-0 check, for each order
	 * o below the request, subtract the pages in blocks of order o and
	 * halve min; fail when free_pages <= min.
	 */
	BS_WMARK_ORDER_LOOP,
	/*
	 * 4.4 on: the order-0 check, then any free block of order >= the
	 * request on a list the request may take from.
	 */
	BS_WMARK_FREE_AREA_SCAN,
};

/* The direct-compaction gate in try_to_compact_pages() and its callers. */
enum bs_compact_gate {
	BS_COMPACT_NEEDS_FS_AND_IO,	/* !order || !__GFP_FS || !__GFP_IO: skip (<= 3.x) */
	BS_COMPACT_NEEDS_IO,		/* !__GFP_IO: skip; NOFS may compact (async only) */
	BS_COMPACT_NEEDS_DIRECT_RECLAIM,/* any sleeping high-order request compacts */
};

/* alloc_flags bits, named as the kernel names them (values are ours). */
enum bs_alloc_flag {
	BS_ALLOC_WMARK_MIN	= 1u << 0,
	BS_ALLOC_WMARK_LOW	= 1u << 1,
	BS_ALLOC_WMARK_HIGH	= 1u << 2,
	BS_ALLOC_NO_WATERMARKS	= 1u << 3,
	BS_ALLOC_HARDER		= 1u << 4,	/* pre-6.3: atomic or rt task */
	BS_ALLOC_HIGH		= 1u << 5,	/* __GFP_HIGH */
	BS_ALLOC_CPUSET		= 1u << 6,
	BS_ALLOC_CMA		= 1u << 7,
	BS_ALLOC_OOM		= 1u << 8,	/* 4.16 on: OOM victim */
	BS_ALLOC_KSWAPD		= 1u << 9,
	BS_ALLOC_NON_BLOCK	= 1u << 10,	/* 6.3 on: cannot sleep */
	BS_ALLOC_MIN_RESERVE	= 1u << 11,	/* 6.3 on: __GFP_HIGH or non-block */
	BS_ALLOC_HIGHATOMIC	= 1u << 12,	/* 6.3 on: may use highatomic reserve */
};

/* What the caller's context adds to the gfp mask (usually unknown: false). */
struct bs_alloc_context {
	bool rt_task;		/* realtime task outside interrupt */
	bool in_interrupt;
	bool oom_victim;
};

struct bs_rules {
	const char *id;			/* "4.4-4.15", "rhel7", ... */
	const char *source;		/* tree, tag/commit and file(s) the facts come from */
	enum bs_distro distro;		/* BS_DISTRO_NONE for upstream ranges */
	long from, to;			/* bs_kver_code() range, inclusive; for RHEL
					   the distro_release range instead */
	enum bs_wmark_style wmark;
	bool wmark_subtract_order;	/* free_pages -= (1 << order) - 1 (all eras so far) */
	bool cma_excluded;		/* free CMA pages do not count without ALLOC_CMA */
	bool highatomic;		/* MIGRATE_HIGHATOMIC reserve exists (4.4 on) */
	bool highatomic_for_harder_only;/* only harder/OOM allocations may use it */
	bool alloc_oom;			/* ALLOC_OOM exists */
	bool alloc_non_block;		/* 6.3 scheme: ALLOC_NON_BLOCK/MIN_RESERVE replace HARDER */
	enum bs_compact_gate compact_gate;
	bool gfp_wait_era;		/* __GFP_WAIT (pre-4.4) rather than __GFP_DIRECT_RECLAIM */
	unsigned costly_order;		/* PAGE_ALLOC_COSTLY_ORDER: 3 in every era */
	bool oom_for_costly;		/* may costly orders invoke the OOM killer (never) */
	bool retry_mayfail;		/* __GFP_RETRY_MAYFAIL (4.13 on) vs __GFP_REPEAT */
	const char *notes;		/* anything an expert should know about this era */
};

/* The rules for @v (nearest era if the version is outside every range). */
const struct bs_rules *bs_rules_for(const struct bs_kver *v);

/* All eras, oldest first; *n the count. */
const struct bs_rules *const *bs_rules_all(unsigned *n);

struct bs_gfp_table;

/*
 * gfp_to_alloc_flags() of this era for the slow path, plus @wmark
 * (BS_ALLOC_WMARK_LOW for the first attempt, _MIN after waking kswapd).
 */
unsigned bs_rules_alloc_flags(const struct bs_rules *r, const struct bs_gfp_table *t,
			      uint64_t gfp, const struct bs_alloc_context *ctx, unsigned wmark);

/*
 * The min the watermark check really compares against, in pages, after
 * the reserves @alloc_flags grant (min/2 for ALLOC_HIGH, ...): the
 * arithmetic of the era's __zone_watermark_ok() before lowmem_reserve.
 */
long bs_rules_effective_min(const struct bs_rules *r, long mark, unsigned alloc_flags);

/* May this request enter direct compaction on this kernel, and why not. */
bool bs_rules_may_compact(const struct bs_rules *r, const struct bs_gfp_table *t,
			  uint64_t gfp, unsigned order, const char **why_not);

#endif
