// SPDX-License-Identifier: MIT
/*
 * watermark.c - replay __zone_watermark_ok() on every zone of a report.
 *
 * The inputs are the report's own numbers: the zone's free pages, its
 * min and low marks, lowmem_reserve[] for the request's highest zone,
 * free CMA pages, the highatomic reserve, and the per-order free counts
 * with their migratetype letters.  The era's rules (rules.h) decide the
 * shape of the check.  Everything is in pages, as the kernel computes;
 * the steps show kB next to pages because that is what the report says.
 *
 * Worked example, the seed (3.10, order 5, min 205324 kB = 51331 pages,
 * Node 1 Normal, free 3315332 kB = 828833 pages):
 *   828833 - 31 = 828802 > 51331 + 0                  order-0 check ok
 *   o=0: 828802 - 241701      = 587101 > 25665 (min>>1)
 *   o=1: 587101 - 240734*2    = 105633 > 12832
 *   o=2: 105633 - 24010*4     = 9593   > 6416
 *   o=3: 9593 - 990*8         = 1673  <= 3208 (min>>4 = 12832 kB): fail
 * With the buddy line's own total (3323044 kB) it fails one step later,
 * at o=4: 801 <= 1604 (min>>5 = 6416 kB).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

static const char *const canonical_zones[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};
#define NR_CANONICAL 6

static int canonical_index(const char *name)
{
	for (int i = 0; i < NR_CANONICAL; i++)
		if (!strcmp(canonical_zones[i], name))
			return i;
	return -1;
}

int bs_zone_config(const char *const *names, int n, int nr_reserve, const char **out)
{
	bool present[NR_CANONICAL] = { false };
	int want = nr_reserve, have = 0, nr = 0;
	static const int fill_order[] = { 4, 5, 1, 3, 0 };

	for (int i = 0; i < n; i++) {
		int c = canonical_index(names[i]);

		if (c >= 0 && !present[c]) {
			present[c] = true;
			have++;
		}
	}
	if (want > BS_MAX_NR_ZONE_IDX)
		want = BS_MAX_NR_ZONE_IDX;
	for (size_t k = 0; k < sizeof(fill_order) / sizeof(fill_order[0]) && have < want; k++) {
		int c = fill_order[k];

		/* a 32-bit HighMem kernel has no DMA32; a 64-bit one no HighMem */
		if (c == 1 && present[3])
			continue;
		if (c == 3 && present[1])
			continue;
		if (!present[c]) {
			present[c] = true;
			have++;
		}
	}
	for (int c = 0; c < NR_CANONICAL && nr < BS_MAX_NR_ZONE_IDX; c++)
		if (present[c])
			out[nr++] = canonical_zones[c];
	return nr;
}

/* The zone indexes of the report's kernel config (bs_zone_config()). */
static void infer_zone_indexes(const struct bs_report *r, struct bs_analysis *a)
{
	const char *names[BS_MAX_ZONES];
	int want = 0;

	for (int i = 0; i < r->nr_zones; i++) {
		names[i] = r->zones[i].name;
		if (r->zones[i].nr_lowmem_reserve > want)
			want = r->zones[i].nr_lowmem_reserve;
	}
	a->nr_zone_idx = bs_zone_config(names, r->nr_zones, want, a->zone_idx_names);
}

static int zone_index(const struct bs_analysis *a, const char *name)
{
	for (int i = 0; i < a->nr_zone_idx; i++)
		if (!strcmp(a->zone_idx_names[i], name))
			return i;
	return -1;
}

/*
 * gfp_zone(): the highest zone the mask allows, as an index of this
 * config (zones the report's config lacks count as not configured; a
 * report without zone lines is taken as DMA, DMA32, Normal, Movable).
 */
static void highest_zone(const struct bs_report *r, struct bs_analysis *a)
{
	struct bs_gfp_decoded d;
	unsigned have = 1u << BS_ZONE_NORMAL;
	const char *name;

	for (int z = 0; z < BS_NR_ZONE_TYPES; z++)
		if (zone_index(a, bs_gfp_zone_name((enum bs_gfp_zone_type)z)) >= 0)
			have |= 1u << z;
	if (!a->nr_zone_idx)
		have = BS_ZONES_X86_64;	/* no zone lines: the usual 64-bit configuration */
	bs_gfp_decode(a->gfp, r->mode, &d);
	name = bs_gfp_zone_name(bs_gfp_zone_in(&d, have));
	a->highest_zone = name;
	a->highest_zoneidx = zone_index(a, name);
	if (a->highest_zoneidx < 0) {
		/* no such zone in this config (Normal absent on a DMA32-only box) */
		a->highest_zoneidx = a->nr_zone_idx ? a->nr_zone_idx - 1 : 0;
	}
	a->migratetype = d.migratetype == BS_MT_MOVABLE ? 'M' : d.migratetype == BS_MT_RECLAIMABLE ? 'E' :
			 d.migratetype == BS_MT_UNMOVABLE ? 'U' : 'X';
}

/*
 * No kernel numbers a node at or past 1 << 15: MAX_NUMNODES is
 * 1 << CONFIG_NODES_SHIFT, whose Kconfig range was at most 1..15 (x86_64
 * in 2.6.2x; 1..10 on today's architectures).
 */
#define NODE_NR_LIMIT (1 << 15)

/* The node number at *@pp, moved past its digits; -1 if it names no possible node. */
static int node_number(const char **pp)
{
	const char *p = *pp;
	int v = 0;

	/* stop counting at the limit: a long digit string must not overflow */
	for (; *p >= '0' && *p <= '9'; p++)
		if (v < NODE_NR_LIMIT)
			v = v * 10 + (*p - '0');
	*pp = p;
	return v < NODE_NR_LIMIT ? v : -1;
}

/*
 * Is @node in a printed node list such as "0-1,3"?  "(null)" or "" is
 * every node; so is a list we cannot read (a node number past any the
 * kernel could print), since excluding zones on a misread would mislead.
 */
static bool node_in_list(const char *list, int node)
{
	const char *p = list;

	if (!*list || !strcmp(list, "(null)"))
		return true;
	while (*p) {
		int lo, hi;

		if (*p < '0' || *p > '9')
			return true;	/* not a list we understand: do not exclude */
		lo = hi = node_number(&p);
		if (*p == '-') {
			p++;
			hi = node_number(&p);
		}
		if (lo < 0 || hi < 0)
			return true;
		if (node >= lo && node <= hi)
			return true;
		if (*p == ',')
			p++;
		else
			break;
	}
	return false;
}

/* Add step @s to @z's arithmetic; a NULL @z keeps no record, nor does a full list. */
static void step(struct bs_zone_replay *z, struct bs_wmark_step s)
{
	if (!z || z->nr_steps >= BS_MAX_STEPS)
		return;
	z->steps[z->nr_steps++] = s;
}

unsigned bs_wmark_usable_letters(const struct bs_rules *rules, unsigned alloc_flags)
{
	unsigned lists = bs_rules_scan_lists(rules, alloc_flags), u = 0;

	if (lists & BS_SCAN_UNMOVABLE)
		u |= BS_MT_U;
	if (lists & BS_SCAN_MOVABLE)
		u |= BS_MT_M;
	if (lists & BS_SCAN_RECLAIMABLE)
		u |= BS_MT_E;
	if (lists & BS_SCAN_HIGHATOMIC)
		u |= BS_MT_H;
	if (lists & BS_SCAN_CMA)
		u |= BS_MT_C;
	if (lists & BS_SCAN_ISOLATE)
		u |= BS_MT_I;
	return u;
}

static long pages(uint64_t kb, uint64_t page_kb)
{
	return (long)(kb / page_kb);
}

/*
 * Free pages the order-0 check starts from, @z->free_pages less what this
 * request may not count: free CMA pages without ALLOC_CMA, the highatomic
 * reserve without the reserves.  *@cma_back gets what the pre-4.4 loop
 * counts again after the order-0 step (cma_order0_only eras).  Steps go
 * to @log when it is not NULL.
 */
static long usable_free(const struct bs_rules *ru, const struct bs_wmark_zone *z, unsigned alloc_flags,
			struct bs_zone_replay *log, long *cma_back)
{
	long fp = z->free_pages;

	*cma_back = 0;
	if (ru->cma_excluded && !(alloc_flags & BS_ALLOC_CMA) && z->cma_pages) {
		fp -= z->cma_pages;
		if (ru->cma_order0_only)
			*cma_back = z->cma_pages;
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_MINUS_CMA, .pages = z->cma_pages, .have = fp });
	}
	if (ru->highatomic && !bs_rules_highatomic_counted(ru, alloc_flags) && z->highatomic_pages) {
		fp -= z->highatomic_pages;
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_MINUS_HIGHATOMIC, .pages = z->highatomic_pages,
						  .have = fp });
	}
	return fp;
}

/* The pre-4.4 per-order loop, from @fp pages left after the order-0 step. */
static bool order_loop_ok(const struct bs_wmark_zone *z, unsigned order, long fp, long min,
			  struct bs_zone_replay *log, struct bs_wmark_result *res)
{
	if (z->partial && z->nr_orders < (int)order) {
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_LOOP_CUT, .order = (int8_t)order,
						  .nr_orders = (int8_t)z->nr_orders });
		res->fail = BS_WF_NO_DATA;
		return false;
	}
	for (unsigned o = 0; o < order && (int)o < z->nr_orders; o++) {
		fp -= (long)(z->nr_free[o] << o);
		min >>= 1;
		if (fp <= min) {
			step(log, (struct bs_wmark_step){ .op = BS_WSTEP_LOOP, .order = (int8_t)o,
							  .blocks = z->nr_free[o], .have = fp, .need = min });
			res->fail = BS_WF_ORDER_LOOP;
			res->fail_order = (int)o;
			res->have = fp;
			res->need = min;
			return false;
		}
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_LOOP, .ok = true, .order = (int8_t)o,
						  .blocks = z->nr_free[o], .have = fp, .need = min });
	}
	return true;
}

/* The 4.4+ scan: a free block of order >= @order on a list the request may use. */
static bool free_area_scan_ok(const struct bs_rules *ru, const struct bs_wmark_zone *z, unsigned order,
			      unsigned alloc_flags, struct bs_zone_replay *log, struct bs_wmark_result *res)
{
	unsigned usable = bs_wmark_usable_letters(ru, alloc_flags);
	bool any_block = false;

	for (int o = (int)order; o < z->nr_orders; o++) {
		unsigned t = z->types ? z->types[o] : 0;

		if (!z->nr_free[o])
			continue;
		any_block = true;
		/* no letters known (old kernels, no pagetypeinfo): any block counts */
		if (!t || (t & usable)) {
			step(log, (struct bs_wmark_step){ .op = BS_WSTEP_SCAN_FOUND, .ok = true, .order = (int8_t)o,
							  .blocks = z->nr_free[o] });
			return true;
		}
	}
	if (z->partial) {
		/* the orders after the cut may hold the block: say what was printed, decide nothing */
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_SCAN_CUT, .order = (int8_t)order,
						  .nr_orders = (int8_t)z->nr_orders });
		res->fail = BS_WF_NO_DATA;
		return false;
	}
	res->fail = any_block ? BS_WF_WRONG_TYPE : BS_WF_NO_BLOCK;
	step(log, (struct bs_wmark_step){ .op = any_block ? BS_WSTEP_SCAN_WRONG_LISTS : BS_WSTEP_SCAN_NO_BLOCK,
					  .order = (int8_t)order });
	return false;
}

bool bs_zone_watermark_ok(const struct bs_rules *ru, const struct bs_wmark_zone *z, unsigned order, long mark,
			  unsigned alloc_flags, bool modern, struct bs_zone_replay *log, struct bs_wmark_result *res)
{
	long min = bs_rules_effective_min(ru, mark, alloc_flags);
	long fp, cma_back;

	res->fail = BS_WF_NONE;
	res->fail_order = -1;
	res->have = res->need = 0;
	if (min != mark)
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_MARK_REDUCED, .mark = mark, .need = min });
	fp = usable_free(ru, z, alloc_flags, log, &cma_back);
	if (order) {
		fp -= (1L << order) - 1;
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_MINUS_REQUEST, .order = (int8_t)order,
						  .pages = (1L << order) - 1, .have = fp });
	}
	if (fp <= min + z->reserve) {
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_ORDER0, .have = fp, .need = min,
						  .reserve = z->reserve });
		res->fail = BS_WF_ORDER0;
		res->have = fp;
		res->need = min + z->reserve;
		return false;
	}
	step(log, (struct bs_wmark_step){ .op = BS_WSTEP_ORDER0, .ok = true, .have = fp, .need = min,
					  .reserve = z->reserve });
	if (!order)
		return true;
	if (!z->nr_free) {
		step(log, (struct bs_wmark_step){ .op = BS_WSTEP_NO_BUDDY });
		res->fail = BS_WF_NO_DATA;
		return false;
	}
	if (!modern) {
		if (cma_back) {
			fp += cma_back;
			step(log, (struct bs_wmark_step){ .op = BS_WSTEP_PLUS_CMA, .pages = cma_back, .have = fp });
		}
		return order_loop_ok(z, order, fp, min, log, res);
	}
	return free_area_scan_ok(ru, z, order, alloc_flags, log, res);
}

/* The check's view of replayed zone @z, starting from @free pages. */
struct bs_wmark_zone bs_replay_wmark_zone(const struct bs_zone_replay *z, long free)
{
	const struct bs_buddy *b = &z->zone->buddy;
	struct bs_wmark_zone w = {
		.free_pages = free,
		.reserve = z->reserve,
		.cma_pages = z->cma_pages,
		.highatomic_pages = z->highatomic_pages,
		.nr_orders = b->present ? b->nr_orders : 0,
		.nr_free = b->present ? b->nr_free : NULL,
		.types = b->has_types ? b->types : NULL,
		.partial = b->present && !b->has_total,
		.page_kb = z->page_kb,
	};
	return w;
}

/* One check of replayed zone @z: bs_zone_watermark_ok() on the report's numbers. */
static bool check_zone(const struct bs_analysis *a, const struct bs_zone_replay *z, long free, long mark,
		       unsigned alloc_flags, bool modern, struct bs_zone_replay *log, struct bs_wmark_result *res)
{
	struct bs_wmark_zone w = bs_replay_wmark_zone(z, free);

	return bs_zone_watermark_ok(a->rules, &w, a->rep->order, mark, alloc_flags, modern, log, res);
}

/*
 * Every free block of buddy line @b on a CMA list, the line whole and the
 * request without ALLOC_CMA in an era whose check subtracts free CMA pages:
 * the zone fails even though its zone line is not in the input.
 */
static bool cma_only_blocks(const struct bs_analysis *a, const struct bs_buddy *b, unsigned alloc_flags)
{
	bool any = false;

	if (!a->rules->cma_excluded || (alloc_flags & BS_ALLOC_CMA) || !b->present || !b->has_total ||
	    !b->has_types)
		return false;
	for (int o = 0; o < b->nr_orders; o++) {
		if (!b->nr_free[o])
			continue;
		if (b->types[o] != BS_MT_C)
			return false;
		any = true;
	}
	return any;
}

static void replay_zone(const struct bs_analysis *a, struct bs_zone_replay *z)
{
	const struct bs_zone *zn = z->zone;
	const struct bs_buddy *b = &zn->buddy;
	unsigned order = a->rep->order;
	bool modern = a->rules->wmark == BS_WMARK_FREE_AREA_SCAN;
	unsigned f_min = a->slow.alloc_flags;
	unsigned f_low = a->slow.alloc_flags_low;
	struct bs_wmark_result res, other;

	z->page_kb = a->page_kb;
	z->fail = BS_WF_NONE;
	z->fail_order = -1;
	for (int o = (int)order; o < b->nr_orders; o++) {
		z->kb_at_or_above += b->nr_free[o] * b->block_kb[o];
		if (b->nr_free[o])
			z->types_at_or_above |= b->types[o];
	}
	if (!(zn->has & (1ull << BS_ZF_MIN)) || !(zn->has & (1ull << BS_ZF_FREE))) {
		if (cma_only_blocks(a, b, f_min)) {
			/* free - free_cma <= min + reserve holds for any min: what the buddy line shows decides */
			z->fail = BS_WF_WRONG_TYPE;
			step(z, (struct bs_wmark_step){ .op = BS_WSTEP_CMA_ONLY, .kb = b->total_kb });
			return;
		}
		z->fail = BS_WF_NO_DATA;
		step(z, (struct bs_wmark_step){ .op = BS_WSTEP_NO_ZONE_LINE });
		return;
	}
	z->min_pages = pages(zn->kb[BS_ZF_MIN], z->page_kb);
	z->low_pages = pages(zn->kb[BS_ZF_LOW], z->page_kb);
	z->low_known = zn->has & (1ull << BS_ZF_LOW);
	/*
	 * The check reads NR_FREE_PAGES, the counter the zone line prints; the
	 * buddy line's total is the exact sum of the lists, printed a moment
	 * later.  The kernel's counter leads; the other is tried too, and a
	 * different outcome is said (see alt_* and the steps).
	 */
	z->free_pages = pages(zn->kb[BS_ZF_FREE], z->page_kb);
	z->cma_pages = pages(zn->kb[BS_ZF_FREE_CMA], z->page_kb);
	/* 6.12 on the check subtracts the free pages of highatomic blocks, which
	   newer kernels print as free_highatomic; older ones the reserve's size */
	if (a->rules->highatomic_free_count && (zn->has & (1ull << BS_ZF_FREE_HIGHATOMIC)))
		z->highatomic_pages = pages(zn->kb[BS_ZF_FREE_HIGHATOMIC], z->page_kb);
	else
		z->highatomic_pages = pages(zn->kb[BS_ZF_RESERVED_HIGHATOMIC], z->page_kb);
	z->reserve = 0;
	/* a zone's own entry is always 0 (setup_per_zone_lowmem_reserve() fills j > i only) */
	z->reserve_known = z->zone_idx == a->highest_zoneidx;
	if (a->highest_zoneidx >= 0 && a->highest_zoneidx < zn->nr_lowmem_reserve) {
		z->reserve = (long)zn->lowmem_reserve[a->highest_zoneidx];
		z->reserve_known = true;
	}
	step(z, (struct bs_wmark_step){ .op = BS_WSTEP_START, .ok = z->reserve_known, .have = z->free_pages,
					.need = z->min_pages, .reserve = z->reserve });
	z->ok_min = check_zone(a, z, z->free_pages, z->min_pages, f_min, modern, z, &res);
	z->fail = res.fail;
	z->fail_order = res.fail_order;
	z->fail_have = res.have;
	z->fail_need = res.need;
	z->ok_low = check_zone(a, z, z->free_pages, z->low_pages, f_low, modern, NULL, &other);
	z->ok_min_modern = modern ? z->ok_min :
			   check_zone(a, z, z->free_pages, z->min_pages, f_min, true, NULL, &other);
	z->alt_ok_min = z->ok_min;
	if (b->present && b->has_total && b->total_kb != zn->kb[BS_ZF_FREE]) {
		z->alt_ok_min = check_zone(a, z, pages(b->total_kb, z->page_kb), z->min_pages, f_min, modern,
					   NULL, &other);
		if (z->alt_ok_min != z->ok_min)
			step(z, (struct bs_wmark_step){ .op = BS_WSTEP_ALT_TOTAL, .ok = z->alt_ok_min,
							.kb = b->total_kb });
		else if (!z->ok_min && other.fail_order >= 0 && other.fail_order != z->fail_order)
			step(z, (struct bs_wmark_step){ .op = BS_WSTEP_ALT_TOTAL_FAILS_TOO,
							.order = (int8_t)other.fail_order, .kb = b->total_kb,
							.have = other.have, .need = other.need });
	}
	if (!z->ok_min && z->fail == BS_WF_ORDER_LOOP)
		step(z, (struct bs_wmark_step){ .op = BS_WSTEP_KB_AT_OR_ABOVE, .order = (int8_t)order,
						.kb = z->kb_at_or_above });
	if (z->ok_min && !z->reserve_known) {
		/* a larger reserve only makes the check harder: a failure stands, a pass does not */
		step(z, (struct bs_wmark_step){ .op = BS_WSTEP_RESERVE_UNDECIDED });
		z->ok_min = z->ok_low = z->alt_ok_min = z->ok_min_modern = false;
		z->fail = BS_WF_NO_DATA;
	}
}

void bs_analyze_zones(const struct bs_report *r, struct bs_analysis *a)
{
	const char *nodes = r->nodemask;
	bool cpuset = (a->slow.alloc_flags & BS_ALLOC_CPUSET) && r->mems_allowed[0];

	a->page_kb = bs_report_page_kb(r);
	a->page_kb_source = "buddy";
	if (!a->page_kb && r->has_version && (strstr(r->version_text, "64k") || strstr(r->version_text, "64K"))) {
		a->page_kb = 64;	/* "+64k" (RHEL aarch64), "-64k" (Ubuntu arm64) */
		a->page_kb_source = "kernel_name";
	}
	if (!a->page_kb) {
		a->page_kb = 4;	/* no buddy line at all: said in the arithmetic and the JSON */
		a->page_kb_source = "assumed";
	}
	infer_zone_indexes(r, a);
	highest_zone(r, a);
	a->nr_zones = 0;
	a->nr_eligible = a->nr_ok_min = a->order_loop_would_pass = a->nr_no_data = 0;
	a->nr_snapshot_disagree = 0;
	for (int i = 0; i < r->nr_zones; i++) {
		struct bs_zone_replay *z = &a->zones[a->nr_zones++];
		const struct bs_zone *zn = &r->zones[i];

		memset(z, 0, sizeof(*z));
		z->zone = zn;
		z->highest_zone = a->highest_zone;
		z->zone_idx = zone_index(a, zn->name);
		z->eligible = z->zone_idx >= 0 && z->zone_idx <= a->highest_zoneidx &&
			      node_in_list(nodes, zn->node) &&
			      (!cpuset || node_in_list(r->mems_allowed, zn->node));
		if (!z->eligible) {
			z->fail = BS_WF_NOT_ELIGIBLE;
			step(z, (struct bs_wmark_step){ .op = BS_WSTEP_NOT_IN_ZONELIST,
							.ok = node_in_list(nodes, zn->node) });
			continue;
		}
		a->nr_eligible++;
		replay_zone(a, z);
		if (z->fail == BS_WF_NO_DATA)
			a->nr_no_data++;
		if (z->ok_min)
			a->nr_ok_min++;
		if (z->alt_ok_min != z->ok_min)
			a->nr_snapshot_disagree++;
		if (!z->ok_min && z->ok_min_modern && a->rules->wmark == BS_WMARK_ORDER_LOOP)
			a->order_loop_would_pass++;
	}
}
