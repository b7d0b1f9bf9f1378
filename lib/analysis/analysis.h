/* SPDX-License-Identifier: MIT */
/*
 * analysis.h - what a report means: the era, the decoded mode, the
 * allocation site, the kernel's watermark check replayed on every zone,
 * what the slow path could do, a verdict and advice.
 *
 * bs_analyze() reads one bs_report and fills one bs_analysis; it never
 * prints.  The renderers in out_text.c / out_json.c turn it into words.
 */
#ifndef BS_ANALYSIS_H
#define BS_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include <buddyscope.h>

#include "kernel/gfp.h"
#include "kernel/kversion.h"
#include "parse/report.h"
#include "kernel/rules.h"

#define BS_MAX_STEPS	24
#define BS_MAX_EVIDENCE	12
#define BS_MAX_ADVICE	12
#define BS_TEXT_LEN	320

/* Why the watermark check failed in one zone (at the min mark). */
enum bs_wmark_fail {
	BS_WF_NONE,		/* passed */
	BS_WF_NOT_ELIGIBLE,	/* zone above the request's highest zone, or node not allowed */
	BS_WF_ORDER0,		/* free <= min + lowmem_reserve: not enough memory at all */
	BS_WF_ORDER_LOOP,	/* pre-4.4: pages in blocks >= order fell below min >> o */
	BS_WF_NO_BLOCK,		/* 4.4+: no free block of the order at all */
	BS_WF_WRONG_TYPE,	/* 4.4+: blocks exist, only on lists the request may not use */
	BS_WF_NO_DATA,		/* no numbers to replay */
};

/*
 * One step of the replayed arithmetic, as numbers: which step (@op) and
 * the values it used.  The words are the renderers' (lib/render/
 * wmark_steps.c); each op's comment says which fields it sets.  All
 * counts are pages unless named kb.
 */
enum bs_wstep_op {
	BS_WSTEP_NOT_IN_ZONELIST,	/* ok: the node is allowed (so the zone is above the highest) */
	BS_WSTEP_CMA_ONLY,		/* no zone line, kb: the buddy total, all on CMA lists: fails */
	BS_WSTEP_NO_ZONE_LINE,		/* the zone line lacks free/min: nothing to replay */
	BS_WSTEP_START,			/* have: free, need: min, reserve, ok: the reserve was printed */
	BS_WSTEP_MARK_REDUCED,		/* mark: the mark asked for, need: after the usable reserves */
	BS_WSTEP_MINUS_CMA,		/* pages: free CMA the request may not use, have: left */
	BS_WSTEP_MINUS_HIGHATOMIC,	/* pages: the highatomic reserve, have: left */
	BS_WSTEP_MINUS_REQUEST,		/* order: the request's, pages: (1<<order)-1, have: left */
	BS_WSTEP_ORDER0,		/* have > need (min) + reserve: ok */
	BS_WSTEP_NO_BUDDY,		/* no buddy line: the high-order part cannot be replayed */
	BS_WSTEP_PLUS_CMA,		/* pages: free CMA counted again (cma_order0_only), have */
	BS_WSTEP_LOOP_CUT,		/* nr_orders printed < order: the pre-4.4 loop cannot run */
	BS_WSTEP_LOOP,			/* order: o, blocks at o, have: left, need: min>>(o+1), ok */
	BS_WSTEP_SCAN_FOUND,		/* order: o, blocks: a usable block there */
	BS_WSTEP_SCAN_CUT,		/* order, nr_orders: no usable block among the printed orders */
	BS_WSTEP_SCAN_WRONG_LISTS,	/* order: blocks only on lists the request may not use */
	BS_WSTEP_SCAN_NO_BLOCK,		/* order: no free block at or above it */
	BS_WSTEP_ALT_TOTAL,		/* kb: the buddy line's total, ok: the check passes with it */
	BS_WSTEP_ALT_TOTAL_FAILS_TOO,	/* kb: the buddy total, order: where it fails, have, need */
	BS_WSTEP_KB_AT_OR_ABOVE,	/* order: the request's, kb: free in blocks of order >= it */
	BS_WSTEP_RESERVE_UNDECIDED,	/* passes only if the unprinted lowmem_reserve is small */
	BS_WSTEP_NR,
};

struct bs_wmark_step {
	uint8_t op;			/* enum bs_wstep_op */
	bool ok;
	int8_t order;
	int8_t nr_orders;
	long have, need;
	union {				/* which one, the op says */
		long pages;
		long mark;
		long reserve;
		uint64_t blocks;
		uint64_t kb;
	};
};

struct bs_zone_replay {
	const struct bs_zone *zone;
	int zone_idx;			/* ZONE_* index in this kernel's config */
	bool eligible;
	uint64_t page_kb;
	long free_pages;		/* NR_FREE_PAGES as the zone line printed it */
	bool alt_ok_min;		/* the min check with the buddy line's total instead */
	long reserve;			/* lowmem_reserve[highest_zoneidx] in pages */
	long cma_pages, highatomic_pages;
	long min_pages, low_pages;	/* the marks as printed, in pages */
	bool low_known;			/* the zone line printed low: (ok_low means something) */
	bool reserve_known;		/* lowmem_reserve[highest_zoneidx] was printed (or is the zone's own, 0) */
	bool ok_low;			/* first attempt, ALLOC_WMARK_LOW */
	bool ok_min;			/* after waking kswapd, ALLOC_WMARK_MIN */
	enum bs_wmark_fail fail;	/* at the min mark */
	int fail_order;			/* order where the loop failed, or -1 */
	long fail_have, fail_need;	/* pages left vs the halved min at that step */
	uint64_t kb_at_or_above;	/* free kB in blocks of order >= request (a lower bound
					   when the buddy line was cut before its total) */
	unsigned types_at_or_above;	/* migratetype letters seen there */
	bool ok_min_modern;		/* the 4.4+ rule on the same numbers (order-loop eras) */
	const char *highest_zone;	/* the request's highest zone, whose lowmem_reserve counts */
	struct bs_wmark_step steps[BS_MAX_STEPS];	/* the arithmetic, in order */
	int nr_steps;
};

/*
 * A zone as __zone_watermark_ok() sees it, all in pages: what explain
 * reads off a report and status off /proc.
 */
struct bs_wmark_zone {
	long free_pages;		/* NR_FREE_PAGES */
	long reserve;			/* lowmem_reserve[highest_zoneidx] */
	long cma_pages;			/* free CMA pages */
	long highatomic_pages;		/* nr_reserved_highatomic, or free highatomic pages
					   (rules->highatomic_free_count) */
	int nr_orders;
	const uint64_t *nr_free;	/* free blocks per order, all lists; NULL: unknown */
	const unsigned *types;		/* bs_mt_letter bits of the non-empty lists per order
					   (0 or NULL: unknown, any block counts) */
	bool partial;			/* @nr_free stops early (a buddy line cut before its
					   total): orders from @nr_orders on are unknown */
	uint64_t page_kb;		/* page size, for the arithmetic's kB only */
};

/* How one watermark check ended. */
struct bs_wmark_result {
	enum bs_wmark_fail fail;
	int fail_order;			/* order where the pre-4.4 loop failed, or -1 */
	long have, need;		/* pages left vs what the failing step wanted */
};

/*
 * __zone_watermark_ok() of era @r: may an order-@order request with
 * @alloc_flags take a block from @z at @mark pages, in the pre-4.4
 * (@modern false) or 4.4+ shape?  Pure: the arithmetic goes to @log's
 * steps when @log is not NULL, the outcome to @res.
 */
bool bs_zone_watermark_ok(const struct bs_rules *r, const struct bs_wmark_zone *z, unsigned order, long mark,
			  unsigned alloc_flags, bool modern, struct bs_zone_replay *log, struct bs_wmark_result *res);

/* Migratetype letters (bs_mt_letter) of the free lists the 4.4+ scan may take a block from with @alloc_flags. */
unsigned bs_wmark_usable_letters(const struct bs_rules *rules, unsigned alloc_flags);

/*
 * The check's view of replayed zone @z (its buddy line, reserve, CMA and
 * highatomic pages), starting from @free pages.
 */
struct bs_wmark_zone bs_replay_wmark_zone(const struct bs_zone_replay *z, long free);

/*
 * The ZONE_* names of a kernel config, in index order, into @out (up to
 * BS_MAX_NR_ZONE_IDX): the zones @names seen (DMA, DMA32, Normal, HighMem,
 * Movable, Device), plus the configured but unseen ones a lowmem_reserve
 * array of @nr_reserve entries implies (Movable, Device, then DMA32 on
 * 64-bit or HighMem on 32-bit).  Returns the count.
 */
int bs_zone_config(const char *const *names, int n, int nr_reserve, const char **out);

/* What __alloc_pages_slowpath() may do for this mask on this kernel. */
struct bs_slowpath {
	bool can_direct_reclaim;
	bool wakes_kswapd;
	bool may_compact;
	const char *compact_why_not;
	bool costly;			/* order > PAGE_ALLOC_COSTLY_ORDER */
	bool noretry, retry_mayfail, nofail, nowarn;
	bool may_oom;
	const char *oom_why_not;
	bool fs, io;
	unsigned alloc_flags;		/* slow path, min mark */
	unsigned alloc_flags_low;	/* the fast path's first attempt, low mark */
	bool loops;			/* this kernel retries rather than fail ("too small to fail") */
	const char *loops_why;

	/* set by bs_analyze_request() (lib/analysis/request.c), after the zone replay */
	bool pf_memalloc;		/* the task runs with PF_MEMALLOC: kswapd, or inside reclaim */
	const char *pf_memalloc_why;	/* what shows it: the task's name or a reclaim frame */
	bool no_watermarks;		/* ALLOC_NO_WATERMARKS: PF_MEMALLOC outside interrupt,
					   without __GFP_NOMEMALLOC */
	bool nomemalloc;		/* __GFP_NOMEMALLOC: no reserves below min, whatever the task */
	bool thisnode;			/* __GFP_THISNODE: one node's zonelist, no fallback */
	bool lowmem_only;		/* highest zone below Normal: never OOM-kills */
	bool compact_deferrable;	/* compaction_deferred() exists: a failed order backs off */
	int compact_unsuitable;		/* eligible zones compaction_suitable() skips */
	int compact_suitable;		/* eligible zones it would compact */
	char summary[BS_TEXT_LEN * 2];	/* what the request could do for itself, in words */
};

/* compaction_suitable() replayed on one zone of the report (zones[] order). */
struct bs_zone_compact {
	bool known;			/* free pages, marks and the buddy line were printed */
	bool watermark_ok;		/* __compaction_suitable(): free > mark + 2 << order */
	long need_pages;		/* that mark + 2 << order + lowmem_reserve, in pages */
	int fragindex;			/* fragmentation_index() * 1000, -1000: a block exists */
	bool fragindex_used;		/* the era applies it to this order */
	bool suitable;
};

/*
 * One number of an evidence or advice item, beside its sentence in JSON,
 * so a consumer reads {"id": ..., "numbers": {...}} instead of prose.
 */
#define BS_MAX_NUMBERS 8
struct bs_fact {
	const char *id;			/* stable id, NULL for items not yet given one */
	int n;
	const char *name[BS_MAX_NUMBERS];
	long long v[BS_MAX_NUMBERS];
};

/* A fact @id with (name, value) pairs: BS_V("free_kb", x), ... then NULL. */
#define BS_V(name, val) (const char *)(name), (long long)(val)
struct bs_fact bs_fact_make(const char *id, ...);

enum bs_cause {
	BS_CAUSE_LOW_MEMORY,
	BS_CAUSE_FRAGMENTATION,
	BS_CAUSE_CMA_ONLY,
	BS_CAUSE_HIGHATOMIC_ONLY,
	BS_CAUSE_CONSTRAINED_NODES,
	BS_CAUSE_VMALLOC_SPACE,		/* vmalloc found no free virtual range: no page was asked for */
	BS_CAUSE_CALLER_BUG,		/* the size asked for was impossible (vmalloc "exceeds total pages") */
	BS_CAUSE_UNKNOWN,
};

enum bs_confidence { BS_CONF_LOW, BS_CONF_MEDIUM, BS_CONF_HIGH };

struct bs_advice {
	int rank;			/* 1 = do this first */
	char what[BS_TEXT_LEN];
	char why[BS_TEXT_LEN];
	struct bs_fact fact;		/* id and numbers (id NULL: none given) */
};

/* Append a formatted line to @list (*@n lines, at most BS_MAX_EVIDENCE); a full list stays as it is. */
void bs_evidence_add(char list[][BS_TEXT_LEN], int *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Append advice @what, ranked after the *@n items in @list (at most BS_MAX_ADVICE), why in @fmt. */
void bs_advice_add(struct bs_advice *list, int *n, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same for any analysis with evidence/nr_evidence and advice/nr_advice (page allocation, OOM). */
#define bs_evidence(x, ...) bs_evidence_add((x)->evidence, &(x)->nr_evidence, __VA_ARGS__)
#define bs_advise(x, what, ...) bs_advice_add((x)->advice, &(x)->nr_advice, (what), __VA_ARGS__)

/*
 * Evidence and advice with a fact (bs_fact_make()): for analyses that keep
 * evidence_fact[] beside evidence[].  Nothing is added to a full list.
 */
void bs_evidence_fact_add(char list[][BS_TEXT_LEN], struct bs_fact *facts, int *n, struct bs_fact f,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void bs_advice_fact_add(struct bs_advice *list, int *n, struct bs_fact f, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define bs_evidence_n(x, f, ...) bs_evidence_fact_add((x)->evidence, (x)->evidence_fact, &(x)->nr_evidence, (f), __VA_ARGS__)
#define bs_advise_n(x, f, what, ...) bs_advice_fact_add((x)->advice, &(x)->nr_advice, (f), (what), __VA_ARGS__)

struct bs_whatif_setting;
struct bs_whatif_set;

struct bs_analysis {
	const struct bs_report *rep;

	/* kernel */
	struct bs_kver kver;
	bool has_kver;
	bool kver_inferred;		/* from the report's shape, not printed */
	bool kver_forced;		/* --kernel */
	char era_reason[BS_TEXT_LEN * 2];
	const struct bs_gfp_table *gfp;
	bool gfp_exact;
	const struct bs_rules *rules;

	/* the mode */
	char mode_decoded[256];		/* %pGg form for that kernel */
	const char *flags[40];
	int nr_flags;
	uint64_t unknown_bits;
	int decode_matches;		/* 1 equal to the kernel's print, 0 differs, -1 none printed */

	/* request */
	int highest_zoneidx;
	const char *highest_zone;
	char migratetype;		/* 'U', 'M', 'E'; 'X' invalid (MOVABLE|RECLAIMABLE) */
	uint64_t page_kb;
	const char *page_kb_source;	/* "buddy" (the first block size), "kernel_name" (a 64k
					   flavour), "assumed" (4 kB: the report shows none) */
	int nr_zone_idx;		/* MAX_NR_ZONES inferred */
	const char *zone_idx_names[BS_MAX_NR_ZONE_IDX];

	/* site */
	const struct bs_frame *alloc_site;	/* first frame past page/slab/kmalloc/vmalloc */
	const struct bs_frame *site;	/* past network-buffer and DMA helpers too: the driver */
	const char *path;		/* "large kmalloc (kmalloc_order)", ... */
	const char *site_note;

	struct bs_zone_replay zones[BS_MAX_ZONES];
	int nr_zones;
	int nr_eligible, nr_ok_min;
	int nr_no_data;			/* eligible zones whose numbers do not allow the check */
	int order_loop_would_pass;	/* failing zones the 4.4+ rule would pass */
	int nr_snapshot_disagree;	/* zones whose outcome flips with the buddy total */

	struct bs_slowpath slow;

	struct bs_zone_compact compact[BS_MAX_ZONES];	/* compaction_suitable() per zone */

	/* verdict: the cause is the memory state; what the request could do is slow.summary */
	enum bs_cause cause;
	enum bs_cause memory_state;	/* the state behind constrained_nodes; else the cause */
	int nr_reserve_blocked;		/* failing zones above their own min that lowmem_reserve
					   kept from this request, by design */
	enum bs_confidence confidence;
	char summary[BS_TEXT_LEN * 2];
	char evidence[BS_MAX_EVIDENCE][BS_TEXT_LEN];
	struct bs_fact evidence_fact[BS_MAX_EVIDENCE];
	int nr_evidence;
	struct bs_advice advice[BS_MAX_ADVICE];
	int nr_advice;
	struct bs_whatif_set *whatif;	/* --what-if replays (NULL: none asked), see whatif.h */
	char missing[BS_TEXT_LEN];	/* what the input lacked of the report, in words; "" if complete */
	char not_read[BS_TEXT_LEN];	/* what the input held but was not read whole (damaged, beyond
					   what is kept), in words; "" if none */
};

/* struct bs_analyze_opts: the kernel to decode as, or NULL (public, buddyscope.h) */

/*
 * Analyse @r into @a (which keeps pointers into @r: keep @r alive). 0 or -1.
 * With what-if settings in @o, @a->whatif is allocated (NULL when that
 * failed: errno ENOMEM, the rest stands): bs_analysis_release() frees it.
 */
int bs_analyze(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_analysis *a);

/* Free what bs_analyze() allocated inside @a (not @a itself); NULL is fine. */
void bs_analysis_release(struct bs_analysis *a);

const char *bs_cause_name(enum bs_cause c);
const char *bs_confidence_name(enum bs_confidence c);
const char *bs_wmark_fail_name(enum bs_wmark_fail f);

/* Internal steps, exposed for the unit tests. */
void bs_analyze_era(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_analysis *a);
void bs_analyze_site(const struct bs_report *r, struct bs_analysis *a);
void bs_analyze_zones(const struct bs_report *r, struct bs_analysis *a);
void bs_analyze_slowpath(struct bs_analysis *a);
void bs_analyze_verdict(struct bs_analysis *a);
/* lib/analysis/advice_replay.c: tuning advice replayed on the report (--what-if arithmetic) */
void bs_advice_tuning(struct bs_analysis *a);

/* lib/analysis/request.c: PF_MEMALLOC, __GFP_THISNODE, lowmem OOM, compaction_suitable(); the request's words */
void bs_analyze_request(struct bs_analysis *a);

/*
 * compaction_suitable() on every zone of @a with vm.extfrag_threshold
 * @threshold into a->compact[] and a->slow.compact_(un)suitable (failing
 * eligible zones counted).
 */
void bs_analyze_compact_suitable(struct bs_analysis *a, int threshold);

/* compaction_suitable() of one replayed zone @z of @a with vm.extfrag_threshold @threshold, into @c. */
void bs_zone_compact_replay(const struct bs_analysis *a, const struct bs_zone_replay *z, struct bs_zone_compact *c,
			    int threshold);

/*
 * fragmentation_index() (mm/vmstat.c) of free lists @nr_free (@nr_orders
 * orders) for @order, times 1000: -1000 when a block of the order is free,
 * 0 with no free block at all, towards 0 for lack of memory, towards 1000
 * for fragmentation.  Integer arithmetic as the kernel's.
 */
int bs_fragmentation_index(const uint64_t *nr_free, int nr_orders, unsigned order);
void bs_analyze_advice(struct bs_analysis *a);

/*
 * analysis_kinds.c: what the kinds beyond the page allocation failure add
 * to its verdict (a stall that has not failed, vmemmap's fallback, a vmap
 * range search that failed, a vmalloc size that is a caller's bug), then
 * their advice.  Called after bs_analyze_verdict() and bs_analyze_advice().
 */
void bs_analyze_kind_verdict(struct bs_analysis *a);
void bs_analyze_kind_advice(struct bs_analysis *a);

#endif
