/* SPDX-License-Identifier: MIT */
/*
 * gfp_query.h - what one GFP mask asks of the page allocator on one
 * kernel, worked out once: the decode and encode, the single flags, the
 * bits the kernel has no flag for (and what neighbouring kernels call
 * them), compaction per order class, retry, OOM and reserves under the
 * era's rules.  The `gfp` command renders this; it computes nothing.
 */
#ifndef BS_GFP_QUERY_H
#define BS_GFP_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <buddyscope.h>

#include "kernel/gfp.h"
#include "kernel/kversion.h"
#include "kernel/rules.h"

#define BS_GFP_QUERY_MAX_FLAGS	64
#define BS_GFP_QUERY_MAX_ELSEWHERE 64

/* The order classes the slow path treats differently. */
enum bs_order_class {
	BS_ORDER_CLASS_0,	/* order 0 */
	BS_ORDER_CLASS_SMALL,	/* orders 1 .. PAGE_ALLOC_COSTLY_ORDER (3) */
	BS_ORDER_CLASS_COSTLY,	/* orders above it */
	BS_NR_ORDER_CLASSES
};

/* The order a class is answered for (0, 1, 4). */
unsigned bs_order_class_order(enum bs_order_class c);

/* Why the table is not exactly this kernel's. */
enum bs_gfp_inexact {
	BS_GFP_EXACT,			/* a table keys this version */
	BS_GFP_NEAREST_RELEASE,		/* distro release not read: the nearest range */
	BS_GFP_STABLE_UNKNOWN,		/* stable release unknown or not read */
	BS_GFP_SERIES_NOT_READ,		/* the layout in force for an unread series */
};

/* struct bs_gfp_query: mask, kernel, configs, order (public, buddyscope.h) */

struct bs_gfp_compact_answer {
	bool allowed;
	bool first;			/* tried before direct reclaim */
	const char *why_not;
};

/* One bit this kernel has no flag for, as a neighbouring table sees it. */
struct bs_gfp_elsewhere {
	uint64_t bit;
	const struct bs_gfp_table *table;
	const char *name;		/* NULL: no flag there either */
};

struct bs_gfp_answer {
	bool symbolic;			/* the mask had names in it */
	uint64_t mask;
	struct bs_kver kv;		/* the version, or the newest table's */
	bool have_kv;			/* a kernel was given */
	const struct bs_gfp_table *t;
	bool exact;
	enum bs_gfp_inexact inexact;
	char decoded[512];		/* %pGg-style decode */
	char traced[512];		/* what the tracepoints print */
	const char *flags[BS_GFP_QUERY_MAX_FLAGS];
	const char *flag_config[BS_GFP_QUERY_MAX_FLAGS];	/* option the bit depends on, or NULL */
	size_t nr_flags;
	uint64_t unknown;		/* bits no flag of this kernel names */
	const struct bs_gfp_table *unknown_variant;	/* a build whose first flag names them all */
	const char *unknown_variant_flag;
	struct bs_gfp_elsewhere elsewhere[BS_GFP_QUERY_MAX_ELSEWHERE];
	size_t nr_elsewhere;
	struct bs_gfp_meaning m;
	const struct bs_rules *r;
	bool rules_hold;		/* the era's own range holds the version */
	const struct bs_rules *rules_late;	/* stable release unknown: the era of the
						   series' later releases when it differs */
	char rules_range[48];
	struct bs_gfp_compact_answer compact;	/* at the order asked */
	struct bs_gfp_compact_answer compact_class[BS_NR_ORDER_CLASSES];
	bool oom;
	const char *oom_why;
	bool loops;
	const char *loops_why;
	unsigned alloc_flags;		/* gfp_to_alloc_flags() of the slow path */
};

/*
 * Answer @q into @a.  Returns 0, or -1 (errno EINVAL) with the reason in
 * @err (a bad version, mask or config) and @a undefined.
 */
int bs_gfp_answer(const struct bs_gfp_query *q, struct bs_gfp_answer *a, char *err, size_t errlen);

/* A zeroed answer for bs_gfp_answer(), or NULL (errno ENOMEM); free with bs_gfp_answer_free(). */
struct bs_gfp_answer *bs_gfp_answer_alloc(void);
void bs_gfp_answer_free(struct bs_gfp_answer *a);

/* The mask's value; its %pGg-style decode for that kernel. */
uint64_t bs_gfp_answer_mask(const struct bs_gfp_answer *a);
const char *bs_gfp_answer_decoded(const struct bs_gfp_answer *a);

#endif
