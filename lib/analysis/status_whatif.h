/* SPDX-License-Identifier: MIT */
/*
 * status_whatif.h - `status --what-if SETTING=VALUE`: the zones read
 * (live or from a snapshot) with the marks and reserves the kernel would
 * compute under another setting (wmark_setup.c, from zoneinfo's managed
 * pages), or under another era's rules, and the class x order grid and
 * the --gfp request checked again: which cells change.
 */
#ifndef BS_STATUS_WHATIF_H
#define BS_STATUS_WHATIF_H

#include <stdbool.h>

#include "analysis/whatif.h"
#include "render/jsonw.h"
#include "analysis/status.h"

#define BS_STATUS_WHATIF_CELLS	128

/* One zone's marks and reserves under the setting, in pages. */
struct bs_status_whatif_zone {
	int node;
	const char *zone;
	bool known;			/* recomputed; false: kept as read (a count was missing) */
	long min, low, high;
	long protection[BS_MAX_NR_ZONE_IDX];
	int nr_protection;
};

/* One grid cell that changes: 'Y' at the low mark, 'k' after waking kswapd, '.' no. */
struct bs_status_whatif_cell {
	int cls;			/* enum bs_status_class */
	int order;
	char before, after;
};

struct bs_status_whatif_result {
	struct bs_whatif_setting setting;
	bool computed;
	const char *why_not;		/* when not computed */
	char note[BS_STATUS_TEXT];	/* how it was computed, where uncertain */
	long marks_off;			/* most pages a min mark recomputed for the settings in force is
					   from the one read: 0 when the arithmetic reproduces them */
	int nr_zones;
	struct bs_status_whatif_zone zones[BS_PROC_MAX_ZONES];	/* the populated zones, as status lists them */
	int highest_low[BS_NR_CLASSES], highest_min[BS_NR_CLASSES];	/* under the setting */
	int nr_cells, cells_dropped;
	struct bs_status_whatif_cell cells[BS_STATUS_WHATIF_CELLS];
	bool req_ok_low, req_ok_min;	/* the --gfp request under the setting (when status has one) */
};

struct bs_status_whatif {
	long long min_free_kbytes;	/* in force: the sysctl read, else from the marks; -1 unknown */
	bool min_free_read;		/* from the sysctl file, not the marks */
	int watermark_scale_factor;	/* in force, likewise; -1 unknown (the era has none) */
	bool wsf_read;
	int nr;
	struct bs_status_whatif_result r[BS_MAX_WHATIF];
};

/*
 * Replay analysed @s under each of @w[0..@n) with @o's request.
 * Returns a result the caller frees with free(), or NULL with errno
 * (ENOMEM).
 */
struct bs_status_whatif *bs_status_whatif(const struct bs_status *s, const struct bs_status_opts *o,
					  const struct bs_whatif_setting *w, int n);

/* The grid cell of class @c, order @o of @s: 'Y', 'k' or '.'. */
char bs_status_cell(const struct bs_status *s, int c, int o);

/* "what_if_base": {...}, "what_if": [...] of @s->whatif; nothing when none. */
void bs_status_whatif_json(const struct bs_status *s, struct bs_jsonw *w);

/* The what-if section of the text; nothing when none. */
void bs_status_whatif_text(const struct bs_status *s, FILE *out);

#endif
