// SPDX-License-Identifier: MIT
/*
 * status.c - what the files say: per zone the kernel's fragmentation
 * indices, per class and order the kernel's own watermark check
 * (bs_zone_watermark_ok(), the era's rules), reclaim and compaction
 * activity, warnings with the knob that changes them.
 *
 * Indices: mm/vmstat.c fill_contig_page_info(), __fragmentation_index()
 * and unusable_free_index() (torvalds/linux 8041dcc881c9; the same
 * arithmetic since 2.6.35, d7a5752c0c19 and a6f8ea6f6f7f), on
 * free_area[order].nr_free as /proc/buddyinfo prints it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel/kernel_era.h"
#include "analysis/status.h"
#include "textscan.h"

static const char *const class_names[BS_NR_CLASSES] = {
	"GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC", "GFP_HIGHUSER_MOVABLE", "GFP_TRANSHUGE",
};

const char *bs_status_class_name(enum bs_status_class c)
{
	return (unsigned)c < BS_NR_CLASSES ? class_names[c] : "?";
}

/* fill_contig_page_info(): free pages, free blocks, blocks usable at @order. */
static void contig_info(const uint64_t *nr_free, int nr_orders, unsigned order, uint64_t *free_pages,
			uint64_t *total, uint64_t *suitable)
{
	*free_pages = *total = *suitable = 0;
	for (int o = 0; o < nr_orders; o++) {
		*total += nr_free[o];
		*free_pages += nr_free[o] << o;
		if ((unsigned)o >= order)
			*suitable += nr_free[o] << (o - (int)order);
	}
}

int bs_frag_index(const uint64_t *nr_free, int nr_orders, unsigned order)
{
	uint64_t free_pages, total, suitable, requested = 1ull << order;

	contig_info(nr_free, nr_orders, order, &free_pages, &total, &suitable);
	if (!total)
		return 0;
	if (suitable)
		return -1000;	/* a request would not fail for lack of a block */
	/* 128-bit so that no count a parser accepts can wrap; equal to the kernel's u64 on real zones */
	return 1000 - (int)((1000 + (unsigned __int128)free_pages * 1000 / requested) / total);
}

int bs_unusable_index(const uint64_t *nr_free, int nr_orders, unsigned order)
{
	uint64_t free_pages, total, suitable;

	contig_info(nr_free, nr_orders, order, &free_pages, &total, &suitable);
	if (!free_pages)
		return 1000;	/* no free memory counts as all of it unusable */
	return (int)((unsigned __int128)(free_pages - (suitable << order)) * 1000 / free_pages);
}

void bs_index_format(int idx, char *buf, size_t len)
{
	/*
	 * Exactly debugfs' "%d.%03d" of idx / 1000 and idx % 1000: a zone whose
	 * only free blocks are small prints e.g. -500 as "0.-500" there too.
	 */
	snprintf(buf, len, "%d.%03d", idx / 1000, idx % 1000);
}

/* --- the kernel ---------------------------------------------------------- */

static void pick_kernel(struct bs_status *s, const struct bs_status_opts *o)
{
	const char *v = o->kernel ? o->kernel : s->release;
	struct bs_kernel_era era;
	char both[400];

	/* the trailer of /proc/version carries the stable release of distro kernels */
	snprintf(both, sizeof(both), "%s %s", v, o->kernel ? "" : s->version);
	s->has_kver = *v && bs_kver_parse(both, strlen(both), &s->kver) == 0;
	if (!s->has_kver)
		bs_kernel_newest(&s->kver);	/* the header says it was assumed */
	bs_kernel_era(&s->kver, &era);
	s->gfp = era.gfp;
	s->gfp_exact = era.gfp_exact;
	s->rules = era.rules;
}

/*
 * Page size in kB: the running kernel's own when live; for a snapshot
 * MemTotal (kB) over the zones' managed pages, when that is close to a
 * power of two, else 4.
 */
static void pick_page_kb(struct bs_status *s)
{
	uint64_t kb, pages = 0;

	s->page_kb = 4;
	if (!s->snapshot) {
		long ps = sysconf(_SC_PAGESIZE);

		if (ps >= 1024)
			s->page_kb = (uint64_t)ps / 1024;
		return;
	}
	for (int i = 0; i < s->pz.nr; i++)
		pages += s->pz.zone[i].managed;
	if (!bs_proc_kv_get(&s->meminfo, "MemTotal", &kb) || !pages)
		return;
	for (uint64_t p = 4; p <= 256; p *= 2)
		if (kb * 8 >= pages * p * 7 && kb * 8 <= pages * p * 9)
			s->page_kb = p;
}

/* --- zones --------------------------------------------------------------- */

/* ZONE_* index of every zone: its zoneinfo position when all zones print (4.12 on), else inferred. */
static void zone_indexes(struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;
		const char *names[BS_PROC_MAX_ZONES], *cfg[BS_MAX_NR_ZONE_IDX];
		int n = 0, listed = 0, nr_cfg;

		for (int j = 0; j < s->pz.nr; j++) {
			const struct bs_proc_zone *o = &s->pz.zone[j];

			if (o->node != pz->node)
				continue;
			names[n++] = o->name;
			listed += o->zoneinfo_pos >= 0;
		}
		if (pz->nr_protection && listed == pz->nr_protection && pz->zoneinfo_pos >= 0) {
			s->z[i].zone_idx = pz->zoneinfo_pos;
			continue;
		}
		nr_cfg = bs_zone_config(names, n, pz->nr_protection, cfg);
		s->z[i].zone_idx = -1;
		for (int c = 0; c < nr_cfg; c++)
			if (!strcmp(cfg[c], pz->name))
				s->z[i].zone_idx = c;
	}
}

/* The ZONE_* index of @name on @node, or -1. */
static int idx_of(const struct bs_status *s, int node, const char *name)
{
	for (int i = 0; i < s->nr_z; i++)
		if (s->z[i].pz->node == node && !strcmp(s->z[i].pz->name, name))
			return s->z[i].zone_idx;
	/* an unpopulated zone: zoneinfo lists it (4.12 on) */
	for (int j = 0; j < s->pz.nr; j++)
		if (s->pz.zone[j].node == node && !strcmp(s->pz.zone[j].name, name))
			return s->pz.zone[j].zoneinfo_pos;
	return -1;
}

/* Free pages in highatomic blocks, or the reserve's size, as this era's check subtracts. */
static void highatomic(const struct bs_status *s, struct bs_status_zone *z)
{
	const struct bs_proc_zone *pz = z->pz;

	z->highatomic_pages = 0;
	z->highatomic_known = false;
	if (pz->has & BS_PZ_HIGHATOMIC) {
		z->highatomic_pages = (long)pz->highatomic;
		z->highatomic_known = true;
		return;
	}
	for (int m = 0; m < s->pz.nr_mt; m++) {
		if (bs_proc_mt_bit(s->pz.mt_names[m]) != BS_MT_H)
			continue;
		if (s->rules->highatomic_free_count && pz->has_types) {
			for (int o = 0; o < s->pz.nr_type_orders; o++)
				z->highatomic_pages += (long)(pz->type_free[m][o] << o);
			z->highatomic_known = true;
		} else if (!s->rules->highatomic_free_count && pz->has_blocks && s->pz.pageblock_order >= 0) {
			z->highatomic_pages = (long)(pz->blocks[m] << s->pz.pageblock_order);
			z->highatomic_known = true;
		}
	}
}

/* Orders the check can answer for: all of buddyinfo's, or order 0 alone from zoneinfo. */
static int checked_orders(const struct bs_proc_zone *pz)
{
	return pz->has_buddy ? pz->nr_orders : 1;
}

static void zone_basics(struct bs_status *s, struct bs_status_zone *z)
{
	const struct bs_proc_zone *pz = z->pz;
	uint64_t sum = 0;

	for (int o = 0; o < pz->nr_orders; o++) {
		sum += pz->nr_free[o] << o;
		z->frag_index[o] = bs_frag_index(pz->nr_free, pz->nr_orders, (unsigned)o);
		z->unusable_index[o] = bs_unusable_index(pz->nr_free, pz->nr_orders, (unsigned)o);
		z->types[o] = pz->has_letters ? pz->letters[o] : 0;
		for (int m = 0; m < s->pz.nr_mt && pz->has_types; m++)
			if (pz->type_free[m][o])
				z->types[o] |= bs_proc_mt_bit(s->pz.mt_names[m]);
	}
	z->free_pages = (long)((pz->has & BS_PZ_FREE) ? pz->free : sum);
	highatomic(s, z);
	if (checked_orders(pz) > s->nr_orders)
		s->nr_orders = checked_orders(pz);
}

/* Populated zones: in buddyinfo, or with managed pages in zoneinfo. */
static void collect_zones(struct bs_status *s)
{
	s->nr_z = 0;
	s->nr_orders = 0;
	for (int i = 0; i < s->pz.nr; i++) {
		const struct bs_proc_zone *pz = &s->pz.zone[i];
		struct bs_status_zone *z;

		if (!pz->has_buddy && !((pz->has & BS_PZ_MANAGED) && pz->managed) &&
		    !((pz->has & BS_PZ_PRESENT) && pz->present))
			continue;
		z = &s->z[s->nr_z++];
		memset(z, 0, sizeof(*z));
		z->pz = pz;
		zone_basics(s, z);
	}
	zone_indexes(s);
}

/* --- classes ------------------------------------------------------------- */

/*
 * gfp_zone() of @mask as a ZONE_* index on @node, with the zones this
 * kernel configures (any node's zoneinfo lists them); Normal's when the
 * zone has no index here.
 */
static int highest_idx(const struct bs_status *s, uint64_t mask, int node, const char **name)
{
	struct bs_gfp_decoded d;
	unsigned have = 1u << BS_ZONE_NORMAL;
	int idx;

	for (int i = 0; i < s->pz.nr; i++)
		for (int z = 0; z < BS_NR_ZONE_TYPES; z++)
			if (!strcmp(s->pz.zone[i].name, bs_gfp_zone_name((enum bs_gfp_zone_type)z)))
				have |= 1u << z;
	bs_gfp_decode(s->gfp, mask, &d);
	*name = bs_gfp_zone_name(bs_gfp_zone_in(&d, have));
	idx = idx_of(s, node, *name);
	if (idx < 0) {
		*name = "Normal";
		idx = idx_of(s, node, "Normal");
	}
	return idx;
}

/*
 * The mark one attempt compares against.  5.0 on, zone_watermark_fast()
 * drops the boost for order-0 requests with reserves at the min mark
 * (1c30844d2dfe), so kswapd, not these, pays for boosting.
 */
static long mark_for(const struct bs_status *s, const struct bs_proc_zone *pz, bool low, unsigned order,
		     unsigned flags)
{
	if (low)
		return (long)pz->low;
	if (s->rules->watermark_boost && !order && pz->boost && (flags & (BS_ALLOC_MIN_RESERVE | BS_ALLOC_HARDER)) &&
	    pz->min >= pz->boost)
		return (long)(pz->min - pz->boost);
	return (long)pz->min;
}

/* One check of zone @z for a request (@mask, @order) whose highest zone index is @hidx. */
static bool zone_ok(const struct bs_status *s, const struct bs_status_zone *z, uint64_t mask, unsigned order,
		    int hidx, bool low)
{
	const struct bs_proc_zone *pz = z->pz;
	unsigned flags = bs_rules_gfp_to_alloc_flags(s->rules, s->gfp, mask, order, NULL,
						     low ? BS_ALLOC_WMARK_LOW : BS_ALLOC_WMARK_MIN);
	struct bs_wmark_zone w = {
		.free_pages = z->free_pages,
		.reserve = hidx >= 0 && hidx < pz->nr_protection ? (long)pz->protection[hidx] : 0,
		.cma_pages = (pz->has & BS_PZ_FREE_CMA) ? (long)pz->free_cma : 0,
		.highatomic_pages = z->highatomic_pages,
		.nr_orders = pz->nr_orders,
		.nr_free = pz->has_buddy ? pz->nr_free : NULL,
		.types = pz->has_types || pz->has_letters ? z->types : NULL,
		.page_kb = s->page_kb,
	};
	struct bs_wmark_result res;

	if (!(pz->has & (BS_PZ_MIN | BS_PZ_LOW)))
		return false;
	return bs_zone_watermark_ok(s->rules, &w, order, mark_for(s, pz, low, order, flags), flags,
				    s->rules->wmark == BS_WMARK_FREE_AREA_SCAN, NULL, &res);
}

/* Is @z in the zonelist of a request with highest index @hidx from @node? (all nodes fall back) */
static bool in_zonelist(const struct bs_status_zone *z, int hidx)
{
	return z->zone_idx >= 0 && hidx >= 0 && z->zone_idx <= hidx;
}

bool bs_status_node_order(int local, const int *nodes, int n, const int (*dist)[BS_STATUS_MAX_NODES],
			  const bool *has_row, const bool *cpus, int *out)
{
	bool used[BS_STATUS_MAX_NODES] = { false }, by_distance = local >= 0 && local < BS_STATUS_MAX_NODES &&
									has_row[local];
	int k = 0;

	for (int i = 0; i < n; i++)	/* the local node first, when it has memory */
		if (nodes[i] == local) {
			out[k++] = local;
			used[local] = true;
		}
	while (k < n) {
		long best_val = 0;
		int best = -1;

		for (int i = 0; i < n; i++) {
			int m = nodes[i];
			long val;

			if (used[m])
				continue;
			/* find_next_best_node(); node_load[] (spreading ties over nodes) is left out */
			val = 0;	/* without distances: plain node number order */
			if (by_distance) {
				val = dist[local][m] >= 0 ? dist[local][m] : 0;
				val += m < local;
				val += cpus[m];	/* PENALTY_FOR_NODE_WITH_CPUS is 1 */
			}
			if (best < 0 || val < best_val || (val == best_val && m < best)) {
				best = m;
				best_val = val;
			}
		}
		used[best] = true;
		out[k++] = best;
	}
	return by_distance;
}

/* The nodes that have zones, each once, ascending. */
static int nodes_with_zones(const struct bs_status *s, int *nodes)
{
	int n = 0;

	for (int m = 0; m < BS_STATUS_MAX_NODES; m++)
		for (int i = 0; i < s->nr_z; i++)
			if (s->z[i].pz->node == m) {
				nodes[n++] = m;
				break;
			}
	return n;
}

/* The fallback order of s->node's zonelist (mm/page_alloc.c build_zonelists(), node order). */
static void node_order(struct bs_status *s)
{
	int nodes[BS_STATUS_MAX_NODES], n = nodes_with_zones(s, nodes);

	s->node_order_by_distance = bs_status_node_order(s->node, nodes, n,
							 (const int (*)[BS_STATUS_MAX_NODES])s->distance,
							 s->has_distance, s->node_has_cpus, s->node_order);
	s->nr_node_order = n;
}

/*
 * The zonelist of s->node for @hidx, in the kernel's order: node by node
 * in the fallback order (4.14 on only node order exists), each node's
 * zones from the highest down.
 */
static int zonelist(const struct bs_status *s, int hidx, const struct bs_status_zone **out)
{
	int n = 0;

	for (int k = 0; k < s->nr_node_order; k++)
		for (int idx = hidx; idx >= 0; idx--)
			for (int i = 0; i < s->nr_z; i++) {
				const struct bs_status_zone *z = &s->z[i];

				if (z->zone_idx == idx && z->pz->node == s->node_order[k])
					out[n++] = z;
			}
	return n;
}

static void zone_class(struct bs_status *s, struct bs_status_zone *z, enum bs_status_class c)
{
	struct bs_status_cls *zc = &z->cls[c];
	const struct bs_status_class_result *k = &s->cls[c];
	const char *name;
	int hidx = highest_idx(s, k->mask, z->pz->node, &name);

	zc->highest_low = zc->highest_min = -1;
	zc->eligible = k->known && in_zonelist(z, hidx);
	zc->reserve = hidx >= 0 && hidx < z->pz->nr_protection ? (long)z->pz->protection[hidx] : 0;
	if (!zc->eligible)
		return;
	for (int o = 0; o < checked_orders(z->pz); o++) {
		zc->ok_low[o] = zone_ok(s, z, k->mask, (unsigned)o, hidx, true);
		zc->ok_min[o] = zone_ok(s, z, k->mask, (unsigned)o, hidx, false);
		if (zc->ok_low[o])
			zc->highest_low = o;
		if (zc->ok_min[o])
			zc->highest_min = o;
	}
}

static void classes(struct bs_status *s)
{
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		struct bs_status_class_result *k = &s->cls[c];
		unsigned order = s->pz.pageblock_order > 0 ? (unsigned)s->pz.pageblock_order : 9;

		memset(k, 0, sizeof(*k));
		k->name = class_names[c];
		k->highest_low = k->highest_min = -1;
		/* a kernel without this composite (GFP_TRANSHUGE on 2.6.32) leaves the class unknown */
		k->known = bs_gfp_composite_lookup(s->gfp, k->name, &k->mask) == 0;
		if (!k->known)
			continue;
		highest_idx(s, k->mask, s->node, &k->highest_zone);
		k->flags_low = bs_rules_gfp_to_alloc_flags(s->rules, s->gfp, k->mask, 1, NULL, BS_ALLOC_WMARK_LOW);
		k->flags_min = bs_rules_gfp_to_alloc_flags(s->rules, s->gfp, k->mask, 1, NULL, BS_ALLOC_WMARK_MIN);
		k->may_compact = bs_rules_may_compact(s->rules, s->gfp, k->mask, order, &k->compact_why_not);
		for (int i = 0; i < s->nr_z; i++) {
			struct bs_status_zone *z = &s->z[i];

			zone_class(s, z, (enum bs_status_class)c);
			/* the top level is the zonelist of the chosen node: every node's zones fall back */
			for (int o = 0; o < checked_orders(z->pz) && z->cls[c].eligible; o++) {
				k->ok_low[o] |= z->cls[c].ok_low[o];
				k->ok_min[o] |= z->cls[c].ok_min[o];
			}
		}
		for (int o = 0; o < s->nr_orders; o++) {
			if (k->ok_low[o])
				k->highest_low = o;
			if (k->ok_min[o])
				k->highest_min = o;
		}
	}
}

static int request(struct bs_status *s, const struct bs_status_opts *o)
{
	struct bs_status_request *r = &s->req;
	const struct bs_status_zone *zl[BS_PROC_MAX_ZONES];
	char why[BS_DIAG_LEN];
	int hidx, n;

	memset(r, 0, sizeof(*r));
	if (!o->gfp)
		return 0;
	if (bs_gfp_parse(s->gfp, o->gfp, &r->mask, why, sizeof(why)) < 0) {
		bs_diag_add(&s->diags, BS_DIAG_ERROR, BS_DIAG_INVALID, "invalid --gfp \"%s\": %s", o->gfp, why);
		errno = EINVAL;
		return -1;
	}
	r->set = true;
	r->order = o->order;
	r->nr_flags = bs_gfp_split(s->gfp, r->mask, r->flags, 40, &r->unknown);
	if (r->nr_flags > 40)
		r->nr_flags = 40;
	hidx = highest_idx(s, r->mask, s->node, &r->highest_zone);
	n = zonelist(s, hidx, zl);
	for (int i = 0; i < n; i++) {
		bool low = zone_ok(s, zl[i], r->mask, r->order, hidx, true);
		bool min = low || zone_ok(s, zl[i], r->mask, r->order, hidx, false);

		r->ok_low |= low;
		if (min && !r->ok_min)
			r->zone = zl[i];
		r->ok_min |= min;
	}
	return 0;
}

int bs_status_request(struct bs_status *s, const struct bs_status_opts *o)
{
	return request(s, o);
}

/* --- vmstat activity ----------------------------------------------------- */

static void activity(struct bs_status *s)
{
	static const struct {
		const char *name;	/* what we print */
		const char *key;	/* vmstat name, or prefix when @prefix */
		bool prefix;
	} counters[] = {
		{ "compact_stall", "compact_stall", false },
		{ "compact_fail", "compact_fail", false },
		{ "compact_success", "compact_success", false },
		{ "compact_daemon_wake", "compact_daemon_wake", false },
		{ "allocstall", "allocstall", true },	/* allocstall_<zone> from 4.7, one counter before */
		{ "pgscan_kswapd", "pgscan_kswapd", true },	/* per-zone suffixes before 4.8 */
		{ "pgscan_direct", "pgscan_direct", true },
		{ "pgsteal_kswapd", "pgsteal_kswapd", true },
		{ "pgsteal_direct", "pgsteal_direct", true },
		{ "kswapd_runs (pageoutrun)", "pageoutrun", false },
		{ "kswapd_low_wmark_hit_quickly", "kswapd_low_wmark_hit_quickly", false },
		{ "thp_fault_alloc", "thp_fault_alloc", false },
		{ "thp_fault_fallback", "thp_fault_fallback", false },
		{ "thp_collapse_alloc_failed", "thp_collapse_alloc_failed", false },
	};
	struct bs_status_activity *a = &s->act;

	a->n = 0;
	a->rates = s->has_vmstat_end;
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]) && a->n < 16; i++) {
		uint64_t v0 = 0, v1 = 0;
		bool f0, f1 = true;

		if (counters[i].prefix) {
			v0 = bs_proc_kv_sum_prefix(&s->vmstat, counters[i].key, &f0);
			if (a->rates)
				v1 = bs_proc_kv_sum_prefix(&s->vmstat_end, counters[i].key, &f1);
		} else {
			f0 = bs_proc_kv_get(&s->vmstat, counters[i].key, &v0);
			if (a->rates)
				f1 = bs_proc_kv_get(&s->vmstat_end, counters[i].key, &v1);
		}
		a->c[a->n].name = counters[i].name;
		a->c[a->n].present = f0 && f1;
		a->c[a->n].value = a->rates ? (v1 >= v0 ? v1 - v0 : 0) : v0;
		a->n++;
	}
}

int bs_status_analyze_zones(struct bs_status *s, int node)
{
	if (!s->gfp || !s->rules || !s->page_kb) {
		errno = EINVAL;
		return -1;
	}
	s->node = node;
	collect_zones(s);
	node_order(s);
	classes(s);
	return 0;
}

int bs_status_analyze(struct bs_status *s, const struct bs_status_opts *o)
{
	memset(&s->diags, 0, sizeof(s->diags));
	s->node = o->node;
	pick_kernel(s, o);
	pick_page_kb(s);
	collect_zones(s);
	node_order(s);
	classes(s);
	activity(s);
	bs_status_warnings(s);
	bs_status_verdict(s);
	return request(s, o);
}

const char *bs_status_error(const struct bs_status *s)
{
	return bs_diag_first_error(&s->diags);
}
