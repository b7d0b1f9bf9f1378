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
#include <stddef.h>
#include <stdint.h>

#include "kernel/kversion.h"

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
	BS_COMPACT_NEEDS_FS_AND_IO,	/* !__GFP_FS || !__GFP_IO: skipped (2.6.35-4.10, RHEL 7) */
	BS_COMPACT_NEEDS_IO,		/* !__GFP_IO: skipped; NOFS skips file pages (4.11 on) */
	BS_COMPACT_NEEDS_DIRECT_RECLAIM,/* any sleeping request compacts (no kernel read so far) */
	BS_COMPACT_NONE,		/* no direct compaction at all (before 2.6.35) */
};

/*
 * Who gets the "harder" reserve (min -= min/4) in gfp_to_alloc_flags(),
 * and under which name.
 */
enum bs_reserve_rule {
	BS_RESERVE_NOT_WAIT,		/* 2.6.32: ALLOC_HARDER for every !__GFP_WAIT request */
	BS_RESERVE_ATOMIC_CONTEXT,	/* 3.x, RHEL 7: !(__GFP_WAIT|__GFP_NO_KSWAPD), not __GFP_NOMEMALLOC */
	BS_RESERVE_GFP_ATOMIC,		/* 4.4 .. 6.2, 6.1.0-115: __GFP_ATOMIC, not __GFP_NOMEMALLOC */
	BS_RESERVE_NON_BLOCK,		/* 6.3 on, 6.1.116 on: !__GFP_DIRECT_RECLAIM -> ALLOC_NON_BLOCK */
};

/* When __alloc_pages_slowpath() tries direct compaction before direct reclaim. */
enum bs_first_compact {
	BS_FIRST_COMPACT_ALL_ORDERS,		/* <= 4.6: async compaction first for any order > 0 */
	BS_FIRST_COMPACT_COSTLY,		/* 4.7 .. 4.12: only order > PAGE_ALLOC_COSTLY_ORDER */
	BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,	/* 4.13 on: costly, or order > 0 and not movable */
};

/* How the slow path decides to loop after direct reclaim. */
enum bs_retry_rule {
	/*
	 * <= 4.6 should_alloc_retry() (inline in 4.4): __GFP_NORETRY fails,
	 * __GFP_NOFAIL loops, order <= 3 loops for as long as it takes,
	 * costly orders loop only with __GFP_REPEAT until 1 << order pages
	 * were reclaimed.
	 */
	BS_RETRY_SHOULD_ALLOC_RETRY,
	/*
	 * 4.7 on (0a0337e0d1d1 "mm, oom: rework oom detection"):
	 * should_reclaim_retry() gives up after MAX_RECLAIM_RETRIES (16)
	 * rounds without progress or when even all reclaimable pages could
	 * not meet the min watermark; then the OOM killer (order <= 3) or
	 * failure.  Costly orders need __GFP_REPEAT (4.7-4.12) or
	 * __GFP_RETRY_MAYFAIL (4.13 on) to retry at all.
	 */
	BS_RETRY_RECLAIM_RETRY,
};

/* Free lists of one order that the 4.4+ free-area scan may take a block from. */
enum bs_scan_list {
	BS_SCAN_UNMOVABLE	= 1u << 0,
	BS_SCAN_MOVABLE		= 1u << 1,
	BS_SCAN_RECLAIMABLE	= 1u << 2,
	BS_SCAN_PCPTYPES	= (1u << 0) | (1u << 1) | (1u << 2),	/* MIGRATE_PCPTYPES */
	BS_SCAN_HIGHATOMIC	= 1u << 3,
	BS_SCAN_CMA		= 1u << 4,
	BS_SCAN_ISOLATE		= 1u << 5,	/* never usable; 4.4.0 harder requests counted it */
	BS_SCAN_ANY		= 0x3fu,
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

/*
 * Era ranges are keyed by a code of their own: KERNEL_VERSION() clamps the
 * sublevel at 255, but the stable series that matter here go past it
 * (5.4.286, 5.10.228) and changed rules there.  BS_RULES_Y is "every
 * later release of the series".
 */
#define BS_RULES_Y		0xffffL
#define BS_RULES_CODE(a, b, c)	(((long)(a) << 24) + ((long)(b) << 16) + (long)(c))

/* The era code of a version; an unknown (-1) sublevel counts as .0. */
static inline long bs_rules_code(int major, int minor, int sublevel)
{
	return BS_RULES_CODE(major, minor, sublevel < 0 ? 0 : sublevel >= BS_RULES_Y ?
			     BS_RULES_Y - 1 : sublevel);
}

struct bs_rules {
	const char *id;			/* "4.4-4.15", "rhel7", ... */
	const char *source;		/* tree, tag/commit and file(s) the facts come from */
	enum bs_distro distro;		/* BS_DISTRO_NONE for upstream ranges */
	long from, to;			/* bs_rules_code() range, inclusive; for a distro
					   era the distro_release range instead */
	int distro_major;		/* distro era: the release it covers (RHEL 7) */
	int base_major, base_minor;	/* distro era: the upstream series its kernels
					   carry the number of (3.10 for 3.10.0-NNN.el7) */
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

	/* Added by the per-era rules work (rules.c, docs/rules.md). */
	enum bs_reserve_rule reserve_rule;
	bool cma_order0_only;		/* ORDER_LOOP with CMA: free CMA pages are left out of the
					   order-0 check only; the per-order loop still counts
					   them (3.7 .. 4.3, RHEL 7) */
	bool scan_harder_any_list;	/* 4.4.0 .. early 4.4.y: a harder request passed the scan
					   on any non-empty order, whatever the list */
	bool highatomic_free_count;	/* subtracts zone->nr_free_highatomic (free pages in
					   highatomic blocks) rather than nr_reserved_highatomic
					   (the reserve's size): 6.12 on */
	bool highatomic_needs_high;	/* ALLOC_HIGHATOMIC only with __GFP_HIGH (6.18, 6.1.157) */
	bool alloc_kswapd;		/* ALLOC_KSWAPD exists (5.0 on) */
	bool watermark_boost;		/* min/low/high include zone->watermark_boost (5.0 on) */
	enum bs_first_compact first_compact;
	bool compact_gate_slowpath;	/* gfp_compaction_allowed(): !__GFP_IO also skips the
					   slow path's first compaction and costly retries
					   (6.9; 6.6.24, 6.1.84, late 5.4.y) */
	enum bs_retry_rule retry_rule;
	bool oom_nofail_overrides;	/* __GFP_NOFAIL bypasses the order/THISNODE/lowmem
					   checks of __alloc_pages_may_oom() (<= 4.10) */
	bool oom_nofs_nofail;		/* a __GFP_NOFAIL request without __GFP_FS may still kill
					   (4.0 .. 4.10) */
	bool oom_checks_thisnode;	/* __GFP_THISNODE never invokes the OOM killer (3.x on) */
	bool derived;			/* no tree of this range was read: the rules are a read
					   neighbour's plus the named commits (see notes) */
	bool fast_order0_counts_highatomic;
					/* zone_watermark_fast() (4.8 .. 5.9, all of 5.4.y)
					   passes an order-0 request when free - CMA >
					   mark + lowmem_reserve, before __zone_watermark_ok()
					   subtracts the highatomic reserve */
};

/*
 * The era table itself (lib/knowledge/rules_table.c), oldest first; use
 * bs_rules_all() / bs_rules_for() rather than these.
 */
extern const struct bs_rules *const bs_rules_table[];
extern const unsigned bs_rules_table_len;

/* The rules for @v (nearest era if the version is outside every range). */
const struct bs_rules *bs_rules_for(const struct bs_kver *v);

/*
 * Does @r's own range hold @v?  False when bs_rules_for() fell back on the
 * nearest era (a version older or newer than every era read), so callers
 * can say the rules are assumed.
 */
bool bs_rules_holds(const struct bs_rules *r, const struct bs_kver *v);

/*
 * The versions @r covers, as people write them: "5.0 - 5.4.273",
 * "6.18 on", "3.10.0-NNN.el7".  Never longer than @len - 1; returns @buf.
 */
const char *bs_rules_range(const struct bs_rules *r, char *buf, size_t len);

/*
 * zone_watermark_fast()'s order-0 shortcut on eras that have it
 * (fast_order0_counts_highatomic): true when free - CMA (unless ALLOC_CMA)
 * > @mark + @lowmem_reserve, which lets an order-0 request through even
 * when __zone_watermark_ok() would fail it for the highatomic reserve.
 * False on every other era and for order > 0: __zone_watermark_ok() decides.
 */
bool bs_rules_fast_order0_ok(const struct bs_rules *r, unsigned order, long free_pages,
			     long free_cma, long mark, long lowmem_reserve, unsigned alloc_flags);

/* All eras, oldest first; *n the count. */
const struct bs_rules *const *bs_rules_all(unsigned *n);

struct bs_gfp_table;

/*
 * gfp_to_alloc_flags() of this era for the slow path, plus @wmark
 * (BS_ALLOC_WMARK_LOW for the first attempt, _MIN after waking kswapd).
 * Same as bs_rules_gfp_to_alloc_flags() with order 0: on 6.3+ (and
 * 6.1.116+) ALLOC_HIGHATOMIC depends on the order, so prefer that one.
 */
unsigned bs_rules_alloc_flags(const struct bs_rules *r, const struct bs_gfp_table *t,
			      uint64_t gfp, const struct bs_alloc_context *ctx, unsigned wmark);

/*
 * The alloc_flags one watermark attempt of this era runs with:
 *  - @wmark BS_ALLOC_WMARK_LOW: the fast path's first attempt
 *    (__alloc_pages*() before the slow path): no reserves at all, only
 *    CPUSET, CMA for movable requests and (5.0 on) KSWAPD;
 *  - @wmark BS_ALLOC_WMARK_MIN: gfp_to_alloc_flags() of the slow path,
 *    with the reserves the mask and @ctx grant; an OOM victim (4.14 on)
 *    gets ALLOC_OOM in place of them, as __gfp_pfmemalloc_flags() does;
 *  - @wmark BS_ALLOC_WMARK_HIGH: the last attempt of
 *    __alloc_pages_may_oom() (WMARK_HIGH|CPUSET, no reserves).
 * @ctx may be NULL (ordinary task context).  @t must be the era's GFP
 * table; flags the table does not know are taken as clear.
 */
unsigned bs_rules_gfp_to_alloc_flags(const struct bs_rules *r, const struct bs_gfp_table *t,
				     uint64_t gfp, unsigned order,
				     const struct bs_alloc_context *ctx, unsigned wmark);

/*
 * Do the free pages of the highatomic reserve count for the order-0
 * check with @alloc_flags?  When false the check subtracts them first
 * (zone->nr_reserved_highatomic, or nr_free_highatomic on 6.12+).
 */
bool bs_rules_highatomic_counted(const struct bs_rules *r, unsigned alloc_flags);

/*
 * The free lists (enum bs_scan_list) whose blocks of order >= the
 * request satisfy the 4.4+ free-area scan with @alloc_flags.  On
 * ORDER_LOOP eras every list counts (the loop does not look at types).
 */
unsigned bs_rules_scan_lists(const struct bs_rules *r, unsigned alloc_flags);

/*
 * The min the watermark check really compares against, in pages, after
 * the reserves @alloc_flags grant (min/2 for ALLOC_HIGH, ...): the
 * arithmetic of the era's __zone_watermark_ok() before lowmem_reserve.
 */
long bs_rules_effective_min(const struct bs_rules *r, long mark, unsigned alloc_flags);

/* May this request enter direct compaction on this kernel, and why not. */
bool bs_rules_may_compact(const struct bs_rules *r, const struct bs_gfp_table *t,
			  uint64_t gfp, unsigned order, const char **why_not);

/*
 * Does __alloc_pages_slowpath() try direct compaction before direct reclaim
 * for this request (bs_rules_may_compact() must hold as well)?  <= 4.6 for
 * any order > 0; 4.7 .. 4.12 for costly orders; 4.13 on for costly orders
 * or non-movable order > 0, and not for requests that may ignore the
 * watermarks (__GFP_MEMALLOC), whose no-watermark attempt comes first.
 */
bool bs_rules_compacts_first(const struct bs_rules *r, const struct bs_gfp_table *t,
			     uint64_t gfp, unsigned order);

/*
 * May a request that made no progress invoke the (global) OOM killer
 * on this kernel?  *@why_not (if non-NULL) gets the reason when not.
 * Not modelled (the caller must check): the highest usable zone below
 * ZONE_NORMAL (never kills), oom_killer_disabled, PF_DUMPCORE, suspend.
 */
bool bs_rules_may_oom(const struct bs_rules *r, const struct bs_gfp_table *t,
		      uint64_t gfp, unsigned order, const char **why_not);

/*
 * Would this kernel keep looping in the slow path rather than return
 * NULL (the "too small to fail" rule: GFP_NOFS/GFP_NOIO/GFP_KERNEL at
 * order <= 3, __GFP_NOFAIL)?  *@why gets the rule either way.  Assumes
 * the task is not an OOM victim and its zones reach ZONE_NORMAL.
 */
bool bs_rules_loops_forever(const struct bs_rules *r, const struct bs_gfp_table *t,
			    uint64_t gfp, unsigned order, const char **why);

/*
 * Slow-path facts that changed at one kernel release, whatever the era
 * boundaries: each row of bs_rule_changes[] (rules_table.c) names the
 * first release, the commit and the kernel function it mirrors.
 */
enum bs_rule_change {
	BS_CHANGE_OOM_LOWMEM,		/* __alloc_pages_may_oom(): highest zone below Normal never kills */
	BS_CHANGE_PF_MEMALLOC,		/* __alloc_pages_slowpath(): PF_MEMALLOC never reclaims, gets
					   ALLOC_NO_WATERMARKS unless __GFP_NOMEMALLOC */
	BS_CHANGE_COMPACT_FRAGINDEX,	/* compaction_suitable(): fragindex <= extfrag_threshold skips */
	BS_CHANGE_COMPACT_DEFER,	/* compaction_deferred(): back off after failures */
	BS_CHANGE_FRAGINDEX_COSTLY,	/* compaction_suitable(): fragindex for costly orders only */
	BS_CHANGE_COMPACT_MIN_WMARK,	/* __compaction_suitable(): min mark (not low) for non-costly */
	BS_CHANGE_NOFS_COMPACT,		/* try_to_compact_pages(): GFP_NOFS may compact */
	BS_CHANGE_LOWMEM_RATIO_ZERO,	/* setup_per_zone_lowmem_reserve(): ratio 0 means no reserve */
	BS_CHANGE_WSF,			/* __setup_per_zone_wmarks(): watermark_scale_factor */
	BS_CHANGE_MANAGED_PAGES,	/* __setup_per_zone_wmarks(): managed, not present, pages */
	BS_CHANGE_WSF_3000,		/* vm.watermark_scale_factor accepts up to 3000 (was 1000) */
	BS_CHANGE_NR,
};

struct bs_rule_change_row {
	enum bs_rule_change change;
	int major, minor;		/* first release with the change */
	const char *commit;		/* upstream commit, short hash and subject */
	const char *function;		/* the kernel function that holds it */
};

extern const struct bs_rule_change_row bs_rule_changes[BS_CHANGE_NR];

/*
 * Does a kernel of version @v (NULL or major 0: the era @r's first
 * release) have change @c?  A distro era counts as its base series.
 */
bool bs_rules_has_change(const struct bs_rules *r, const struct bs_kver *v, enum bs_rule_change c);

/* The row of change @c (never NULL for a valid @c). */
const struct bs_rule_change_row *bs_rule_change_row(enum bs_rule_change c);

#endif
