/* SPDX-License-Identifier: MIT */
/*
 * memstate.h - what a Mem-Info says on its own: a SysRq-m or show_mem()
 * dump, a fragment pasted without its header, or the dump after a nommu
 * failure.  Every zone against its marks, the free blocks per order, and
 * for the common allocation classes (status.h) which orders would pass
 * the kernel's watermark check, computed by status.c's grid (the same
 * bs_zone_watermark_ok() arithmetic) on the printed numbers.  Never
 * prints; the renderers (out_kinds.c) turn it into words.
 */
#ifndef BS_MEMSTATE_H
#define BS_MEMSTATE_H

#include "analysis/analysis.h"
#include "parse/report.h"
#include "analysis/status.h"

/* Where a zone's free pages stood against its marks. */
enum bs_mark_level {
	BS_LEVEL_UNKNOWN,	/* the zone line was not printed, or without free/min/low */
	BS_LEVEL_BELOW_MIN,	/* free <= min: only reserves may allocate, direct reclaim for the rest */
	BS_LEVEL_BELOW_LOW,	/* min < free <= low: kswapd is woken */
	BS_LEVEL_BELOW_HIGH,	/* low < free <= high: kswapd, if awake, goes on */
	BS_LEVEL_ABOVE_HIGH,
	BS_LEVEL_ABOVE_LOW,	/* free > low, high not printed */
};

enum bs_memstate_verdict {
	BS_MS_NO_MARKS,		/* no zone printed its marks: nothing to check */
	BS_MS_BELOW_MIN,	/* some zone at or below min */
	BS_MS_BELOW_LOW,	/* some zone at or below low, none below min */
	BS_MS_FRAGMENTED,	/* memory above the marks, yet GFP_KERNEL fails at order <= 3 */
	BS_MS_COSTLY_FAIL,	/* GFP_KERNEL passes orders 0-3, fails some above (compaction's work) */
	BS_MS_HEALTHY,		/* every order passes for GFP_KERNEL */
	BS_MS_CMA_ONLY,		/* above the marks only by free CMA pages, which GFP_KERNEL may not use */
};

struct bs_memstate_zone {
	const struct bs_zone *zone;
	enum bs_mark_level level;
	int largest_order;		/* highest order with a free block; -1 none or no buddy line */
};

struct bs_memstate_class {
	const char *name;		/* "GFP_KERNEL" */
	bool known;			/* this kernel's table has it */
	bool checked;			/* some zone of its zonelist printed marks and free blocks */
	const char *highest_zone;
	int highest_low, highest_min;	/* highest order passing at the low / min mark; -1 none */
	int nr_orders;			/* orders checked */
};

struct bs_memstate {
	const struct bs_report *rep;

	/* the kernel: printed, inferred or --kernel */
	struct bs_kver kver;
	bool kver_inferred;
	char era_reason[BS_TEXT_LEN * 2];
	const char *gfp_id, *rules_id;
	uint64_t page_kb;
	bool page_kb_assumed;		/* no buddy line said it: 4 kB */

	struct bs_memstate_zone zones[BS_MAX_ZONES];
	int nr_zones;
	struct bs_memstate_class cls[BS_NR_CLASSES];
	int nr_orders;
	int focus_order;		/* nommu: get_order(length) asked with GFP_KERNEL; -1 */
	int focus_class;		/* the class of @focus_order (GFP_KERNEL), -1 */

	enum bs_memstate_verdict verdict;
	char summary[BS_TEXT_LEN * 2];
	char evidence[BS_MAX_EVIDENCE][BS_TEXT_LEN];
	int nr_evidence;
	struct bs_advice advice[BS_MAX_ADVICE];
	int nr_advice;
	char missing[BS_TEXT_LEN];
};

/*
 * Analyse the Mem-Info of @r (a memory_state or nommu report, or any report
 * with zone lines) into @m.  0, or -1 (errno ENOMEM, or EINVAL for no kernel
 * table) with @m's verdict BS_MS_NO_MARKS.
 */
int bs_memstate_analyze(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_memstate *m);

/* "below_min", "fragmented", ... */
const char *bs_memstate_verdict_name(enum bs_memstate_verdict v);
const char *bs_mark_level_name(enum bs_mark_level l);

#endif
