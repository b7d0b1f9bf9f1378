/* SPDX-License-Identifier: MIT */
/*
 * whatif.h - `--what-if SETTING=VALUE`: the report's numbers replayed
 * under another allocator era or another vm sysctl, with the era's own
 * __setup_per_zone_wmarks() / setup_per_zone_lowmem_reserve() arithmetic
 * from the zones' managed pages, and compaction's best case.
 */
#ifndef BS_WHATIF_H
#define BS_WHATIF_H

#include <stdbool.h>

#include "analysis/analysis.h"

#define BS_MAX_WHATIF 8

enum bs_whatif_kind {
	BS_WI_RULE,		/* rule=ERA: another kernel's allocator rules */
	BS_WI_MIN_FREE_KBYTES,	/* vm.min_free_kbytes=N */
	BS_WI_WSF,		/* vm.watermark_scale_factor=N (4.6 on) */
	BS_WI_LOWMEM_RATIO,	/* vm.lowmem_reserve_ratio="A B C ..." */
	BS_WI_EXTFRAG,		/* vm.extfrag_threshold=N */
	BS_WI_COMPACT,		/* compact: free pages rearranged as compaction could */
};

struct bs_whatif_setting {
	enum bs_whatif_kind kind;
	const char *name;		/* "vm.min_free_kbytes", "rule", "compact" */
	char value[64];			/* as given ("" for compact) */
	long long n;			/* the number, for numeric settings */
	int ratio[BS_MAX_NR_ZONE_IDX];	/* vm.lowmem_reserve_ratio, by zone index */
	int nr_ratio;
	const struct bs_rules *rules;	/* rule=ERA */
};

struct bs_whatif_set;
struct bs_whatif_result;

/* One setting --what-if knows: the table of whatif.c. */
struct bs_whatif_def {
	enum bs_whatif_kind kind;
	const char *name;		/* "vm.min_free_kbytes" */
	const char *arg;		/* how its value is written ("N"), "" when it takes none */
	const char *unit;		/* what the value counts ("kB") */
	long long lo, hi;		/* the bounds the kernel's own sysctl accepts, per value */
	const char *source;		/* where those bounds come from in the kernel */
	int (*parse)(const struct bs_whatif_def *d, const char *v, struct bs_whatif_setting *s);
	/* the replay of a report under it (bs_whatif_run() dispatches here) */
	void (*replay)(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r);
};

/* Every setting, in the order usage lists them; *@n gets the count. */
const struct bs_whatif_def *bs_whatif_defs(size_t *n);

/* The row of @kind (never NULL for a valid kind). */
const struct bs_whatif_def *bs_whatif_def(enum bs_whatif_kind kind);

/*
 * Parse "SETTING=VALUE" (or "compact") into @out.  Returns 0, or -1 with
 * errno EINVAL and @err (of @len bytes) saying what is wrong.
 */
int bs_whatif_parse(const char *arg, struct bs_whatif_setting *out, char *err, size_t len);

struct bs_whatif_zone {
	int node;
	const char *zone;
	bool known;			/* the numbers to recompute and replay were printed */
	long min_kb, low_kb, high_kb;	/* the marks under the setting */
	long reserve_pages;		/* lowmem_reserve[highest zone] under the setting */
	bool watermark_ok;		/* the request's check at min with those marks */
	bool compaction_suitable;	/* compaction_suitable() under the setting (order > 0) */
	long blocks;			/* compact: free blocks of the order it could build (upper bound) */
};

struct bs_whatif_result {
	struct bs_whatif_setting setting;
	bool computed;			/* false: why_not says what was missing */
	const char *why_not;
	bool request_succeeds;
	int nr_zones;
	struct bs_whatif_zone zones[BS_MAX_ZONES];	/* the zonelist's zones */
	char note[BS_TEXT_LEN];		/* how it was estimated, where uncertain */
};

/* The settings in force, read back from the printed marks. */
struct bs_whatif_set {
	long long min_free_kbytes;	/* -1: the marks do not tell */
	bool min_free_exact;		/* one pages_min reproduces every lowmem zone's min */
	int watermark_scale_factor;	/* -1: the marks do not tell (low - min is min/4) */
	int nr;
	struct bs_whatif_result r[BS_MAX_WHATIF];
};

/* The settings in force read back from @a's printed marks, into @set (nr untouched). */
void bs_whatif_derive(const struct bs_analysis *a, struct bs_whatif_set *set);

/* Replay @a under one setting @s, with the settings in force @set, into @r. */
void bs_whatif_run(const struct bs_analysis *a, const struct bs_whatif_set *set, const struct bs_whatif_setting *s,
		   struct bs_whatif_result *r);

/* Replay @a's report under each of @s[0..@n) into a->whatif (allocated; NULL with errno ENOMEM). */
void bs_analyze_whatif(struct bs_analysis *a, const struct bs_whatif_setting *s, int n);

#endif
