/* SPDX-License-Identifier: MIT */
/*
 * proc_files.h - the kernel's /proc memory files, parsed from buffers.
 *
 * /proc/buddyinfo, /proc/zoneinfo and /proc/pagetypeinfo describe the same
 * zones from three sides; the parsers merge them into one bs_proc_zones
 * keyed by (node, zone name).  /proc/vmstat, /proc/meminfo and the one-value
 * sysctl files are name/value lists.  Every parser reads (pointer, length)
 * text, never a file: the caller reads the files (live or from a snapshot).
 * A line a parser cannot read is counted and described in the notes, and
 * the rest of the text is still read.
 */
#ifndef BS_PROC_FILES_H
#define BS_PROC_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "parse/report.h"

#define BS_PROC_MAX_ZONES	64	/* nodes x zones kept */
#define BS_PROC_MAX_MT		8	/* migratetypes of pagetypeinfo */
#define BS_PROC_MAX_KV		640	/* /proc/vmstat has ~200 names on 6.x */
#define BS_PROC_MAX_NOTES	16	/* bad lines described; the rest only counted */

/* zoneinfo fields that are not printed by every kernel (presence bits). */
enum bs_proc_zf {
	BS_PZ_FREE	= 1u << 0,	/* "pages free" */
	BS_PZ_MIN	= 1u << 1,
	BS_PZ_LOW	= 1u << 2,
	BS_PZ_HIGH	= 1u << 3,
	BS_PZ_BOOST	= 1u << 4,	/* 5.0 on */
	BS_PZ_PROMO	= 1u << 5,	/* 6.x with memory tiering */
	BS_PZ_SPANNED	= 1u << 6,
	BS_PZ_PRESENT	= 1u << 7,
	BS_PZ_MANAGED	= 1u << 8,	/* 2.6.38 on */
	BS_PZ_CMA	= 1u << 9,	/* CMA pages of the zone (5.x on) */
	BS_PZ_FREE_CMA	= 1u << 10,	/* nr_free_cma */
	BS_PZ_PROTECTION = 1u << 11,
	BS_PZ_HIGHATOMIC = 1u << 12,	/* @highatomic given (a report's zone line, not a /proc file) */
};

/* One zone as the three files describe it; all counts in pages. */
struct bs_proc_zone {
	int node;
	char name[16];
	int zoneinfo_pos;		/* position among the node's zoneinfo zones, -1 */

	/* /proc/zoneinfo */
	unsigned has;			/* bs_proc_zf */
	uint64_t free, boost, min, low, high, promo, spanned, present, managed, cma, free_cma;
	uint64_t protection[BS_MAX_NR_ZONE_IDX];	/* lowmem_reserve[] */
	int nr_protection;

	/* /proc/buddyinfo: free_area[order].nr_free */
	bool has_buddy;
	int nr_orders;
	uint64_t nr_free[BS_MAX_ORDERS];

	/* /proc/pagetypeinfo: free blocks per migratetype (index into
	   bs_proc_zones.mt_names) per order, and pageblocks per migratetype */
	bool has_types;
	uint64_t type_free[BS_PROC_MAX_MT][BS_MAX_ORDERS];
	bool capped[BS_PROC_MAX_MT][BS_MAX_ORDERS];	/* printed ">100000": a lower bound */
	bool has_blocks;
	uint64_t blocks[BS_PROC_MAX_MT];

	/* a report's Mem-Info instead of the files (memstate.c): what it printed */
	uint64_t highatomic;		/* pages the watermark check subtracts (BS_PZ_HIGHATOMIC) */
	bool has_letters;		/* @letters hold the buddy line's migratetype letters */
	unsigned letters[BS_MAX_ORDERS];	/* bs_mt_letter bits of the non-empty lists per order */
};

/* Every zone of every node, merged from the three files. */
struct bs_proc_zones {
	struct bs_proc_zone zone[BS_PROC_MAX_ZONES];
	int nr;
	int dropped;			/* zones past BS_PROC_MAX_ZONES */

	/* pagetypeinfo header */
	int pageblock_order;		/* -1 when not read */
	char mt_names[BS_PROC_MAX_MT][16];	/* "Unmovable", "Movable", ... */
	int nr_mt;
	int nr_type_orders;		/* columns of the free-pages table */

	int bad_lines;
	struct bs_diag_list diags;	/* the first BS_PROC_MAX_NOTES bad lines, described */
};

/* A name/value file: /proc/vmstat ("name value") or /proc/meminfo ("Name: v kB"). */
struct bs_proc_kv {
	struct {
		char name[40];
		uint64_t value;
	} e[BS_PROC_MAX_KV];
	int n;
	int dropped;			/* names past BS_PROC_MAX_KV */
	int bad_lines;
};

/* Empty @z: no zones, nothing read. */
void bs_proc_zones_init(struct bs_proc_zones *z);

/*
 * Parse /proc/buddyinfo, /proc/zoneinfo or /proc/pagetypeinfo text into @z,
 * adding zones as they appear.  Return the number of lines that could not
 * be read (each counted in @z->bad_lines, the first few described in
 * @z->notes prefixed with @what).
 */
int bs_proc_parse_buddyinfo(struct bs_proc_zones *z, const char *buf, size_t len);
int bs_proc_parse_zoneinfo(struct bs_proc_zones *z, const char *buf, size_t len);
int bs_proc_parse_pagetypeinfo(struct bs_proc_zones *z, const char *buf, size_t len);

/* The zone (@node, @name), or NULL. */
const struct bs_proc_zone *bs_proc_zone_find(const struct bs_proc_zones *z, int node, const char *name);

/* bs_mt_letter bit of a pagetypeinfo migratetype name ("Unmovable" -> BS_MT_U), 0 if unknown. */
unsigned bs_proc_mt_bit(const char *name);

/*
 * Parse a name/value file into @kv (both /proc/vmstat and /proc/meminfo
 * shapes; meminfo values stay in kB as printed).  Returns bad lines.
 */
int bs_proc_parse_kv(struct bs_proc_kv *kv, const char *buf, size_t len);

/* The value of @name in @kv into *@v; false when absent. */
bool bs_proc_kv_get(const struct bs_proc_kv *kv, const char *name, uint64_t *v);

/* Sum of every value whose name starts with @prefix; *@found says whether any did. */
uint64_t bs_proc_kv_sum_prefix(const struct bs_proc_kv *kv, const char *prefix, bool *found);

#endif
