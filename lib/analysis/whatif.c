// SPDX-License-Identifier: MIT
/*
 * whatif.c - the report's numbers replayed under another setting.
 *
 * The marks are recomputed the way the report's kernel computes them,
 * not scaled: __setup_per_zone_wmarks() gives each lowmem zone
 *   min = pages_min * managed / lowmem_managed   (pages_min = min_free_kbytes in pages)
 * and HighMem/Movable clamp(managed / 1024, 32, 128); then
 *   low  = min + max(tmp / 4, managed * watermark_scale_factor / 10000)   (4.6 on)
 *   high = min + 2 * that                      (before 4.6: min + tmp/4, min + tmp/2)
 * with tmp the zone's proportional share.  setup_per_zone_lowmem_reserve()
 * gives zone i, for a request whose highest zone is j,
 *   lowmem_reserve[j] = managed pages of zones i+1..j (same node) / ratio[i].
 * min_free_kbytes in force is read back from the printed marks: the one
 * pages_min whose shares reproduce every lowmem zone's min.  The watermark
 * check itself is the era's bs_zone_watermark_ok(), run without a log.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif.h"
#include "kernel/kversion.h"

#define WSF_DEFAULT 10

static int setting_error(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int setting_error(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static int parse_number(const char *v, long long lo, long long hi, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static int parse_ratios(const char *v, struct bs_whatif_setting *s)
{
	const char *p = v;

	s->nr_ratio = 0;
	while (*p) {
		char *end;
		long n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		errno = 0;
		n = strtol(p, &end, 10);
		if (end == p || errno || n < 0 || n > 1000000 || s->nr_ratio >= BS_MAX_NR_ZONE_IDX)
			return -1;
		s->ratio[s->nr_ratio++] = (int)n;
		p = end;
	}
	return s->nr_ratio ? 0 : -1;
}

/* An era by its id ("4.4", "rhel7") or by any version it holds ("5.10.100"). */
static const struct bs_rules *era_named(const char *v)
{
	unsigned n;
	const struct bs_rules *const *all = bs_rules_all(&n);
	struct bs_kver k;

	for (unsigned i = 0; i < n; i++)
		if (!strcmp(all[i]->id, v))
			return all[i];
	if (bs_kver_parse(v, strlen(v), &k) < 0 || !k.major)
		return NULL;
	return bs_rules_for(&k);
}

/* Is the setting name @arg (@nl bytes) exactly @name? */
static bool named(const char *arg, size_t nl, const char *name)
{
	return nl == strlen(name) && !strncmp(arg, name, nl);
}

int bs_whatif_parse(const char *arg, struct bs_whatif_setting *out, char *err, size_t len)
{
	const char *eq = strchr(arg, '=');
	size_t nl = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *v = eq ? eq + 1 : "";

	memset(out, 0, sizeof(*out));
	snprintf(out->value, sizeof(out->value), "%s", v);
	if (named(arg, nl, "compact") && !eq) {
		out->kind = BS_WI_COMPACT;
		out->name = "compact";
		return 0;
	}
	if (!eq)
		return setting_error(err, len, "\"%s\": expected SETTING=VALUE or compact", arg);
	if (named(arg, nl, "rule")) {
		out->kind = BS_WI_RULE;
		out->name = "rule";
		out->rules = era_named(v);
		return out->rules ? 0 : setting_error(err, len, "rule=\"%s\": no such era or kernel version", v);
	}
	if (named(arg, nl, "vm.min_free_kbytes")) {
		out->kind = BS_WI_MIN_FREE_KBYTES;
		out->name = "vm.min_free_kbytes";
		if (parse_number(v, 0, 1ll << 40, &out->n) < 0)
			return setting_error(err, len, "vm.min_free_kbytes=\"%s\": expected kB, 0 or more", v);
		return 0;
	}
	if (named(arg, nl, "vm.watermark_scale_factor")) {
		out->kind = BS_WI_WSF;
		out->name = "vm.watermark_scale_factor";
		/* the sysctl's own range: 1 .. 3000 (10000 from 6.x on some trees; 3000 is common) */
		if (parse_number(v, 1, 10000, &out->n) < 0)
			return setting_error(err, len, "vm.watermark_scale_factor=\"%s\": expected 1 .. 10000", v);
		return 0;
	}
	if (named(arg, nl, "vm.lowmem_reserve_ratio")) {
		out->kind = BS_WI_LOWMEM_RATIO;
		out->name = "vm.lowmem_reserve_ratio";
		if (parse_ratios(v, out) < 0)
			return setting_error(err, len, "vm.lowmem_reserve_ratio=\"%s\": expected ratios by zone, "
					     "like \"256 256 32 0 0\"", v);
		return 0;
	}
	if (named(arg, nl, "vm.extfrag_threshold")) {
		out->kind = BS_WI_EXTFRAG;
		out->name = "vm.extfrag_threshold";
		if (parse_number(v, 0, 1000, &out->n) < 0)
			return setting_error(err, len, "vm.extfrag_threshold=\"%s\": expected 0 .. 1000", v);
		return 0;
	}
	return setting_error(err, len, "\"%s\": unknown setting (rule, vm.min_free_kbytes, vm.watermark_scale_factor, "
			     "vm.lowmem_reserve_ratio, vm.extfrag_threshold, compact)", arg);
}

/* Zone pages as __setup_per_zone_wmarks() counts them: managed (3.8 on) or present. */
static long zone_pages(const struct bs_analysis *a, const struct bs_zone *zn)
{
	bool managed = bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_MANAGED_PAGES);
	enum bs_zone_field f = managed ? BS_ZF_MANAGED : BS_ZF_PRESENT;

	if (!(zn->has & (1ull << f)))
		return -1;
	return (long)(zn->kb[f] / a->page_kb);
}

static bool highmem_like(const struct bs_zone *zn)
{
	return !strcmp(zn->name, "HighMem") || !strcmp(zn->name, "Movable");
}

/* The printed min in pages, less a printed watermark_boost (5.0 on prints min + boost). */
static long printed_min(const struct bs_analysis *a, const struct bs_zone *zn)
{
	long min = (long)(zn->kb[BS_ZF_MIN] / a->page_kb);

	if (a->rules->watermark_boost && (zn->has & (1ull << BS_ZF_BOOST)))
		min -= (long)(zn->kb[BS_ZF_BOOST] / a->page_kb);
	return min;
}

static bool marks_printed(const struct bs_zone *zn)
{
	return (zn->has & (1ull << BS_ZF_MIN)) && (zn->has & (1ull << BS_ZF_LOW));
}

/* Managed pages of every printed lowmem zone, all nodes; -1 when one is missing. */
static long lowmem_pages(const struct bs_analysis *a)
{
	long sum = 0;

	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone *zn = a->zones[i].zone;
		long m = zone_pages(a, zn);

		if (highmem_like(zn))
			continue;
		if (m < 0)
			return -1;
		sum += m;
	}
	return sum;
}

/*
 * pages_min in force.  Each lowmem zone's min = pages_min * m / L (floor)
 * bounds pages_min to [ceil(min * L / m), ceil((min + 1) * L / m) - 1];
 * the value inside the most zones' ranges wins.  From 5.0 a zone's printed
 * min includes its watermark_boost, which only raises it: a boosted zone's
 * range lies above the others', and it is left out.  Exact when every zone
 * fits, or every other one is above it in a boost era.
 */
static void derive_min_free(const struct bs_analysis *a, struct bs_whatif_set *set)
{
	unsigned long long lm = (unsigned long long)lowmem_pages(a), lo[BS_MAX_ZONES], hi[BS_MAX_ZONES];
	int nz = 0, best = -1, best_count = 0, above = 0;

	set->min_free_kbytes = -1;
	set->min_free_exact = false;
	if (!lowmem_pages(a) || lowmem_pages(a) < 0)
		return;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone *zn = a->zones[i].zone;
		unsigned long long m = (unsigned long long)zone_pages(a, zn), min;

		if (highmem_like(zn))
			continue;
		if (!marks_printed(zn) || !m || printed_min(a, zn) < 0)
			return;
		min = (unsigned long long)printed_min(a, zn);
		lo[nz] = (min * lm + m - 1) / m;
		hi[nz] = ((min + 1) * lm + m - 1) / m - 1;
		nz++;
	}
	for (int c = 0; c < nz; c++) {
		int count = 0;

		for (int i = 0; i < nz; i++)
			count += lo[c] >= lo[i] && lo[c] <= hi[i];
		if (count > best_count || (count == best_count && lo[c] < lo[best])) {
			best = c;
			best_count = count;
		}
	}
	if (best < 0)
		return;
	for (int i = 0; i < nz; i++)
		above += lo[i] > lo[best];
	set->min_free_kbytes = (long long)lo[best] * (long long)a->page_kb;
	set->min_free_exact = best_count == nz || (a->rules->watermark_boost && best_count + above == nz);
}

/* watermark_scale_factor in force, from the largest lowmem zone whose low - min exceeds min/4. */
static void derive_wsf(const struct bs_analysis *a, struct bs_whatif_set *set)
{
	long best = 0;

	set->watermark_scale_factor = -1;
	if (!bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_WSF))
		return;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone *zn = a->zones[i].zone;
		long m = zone_pages(a, zn), min, d;

		if (highmem_like(zn) || m <= best || !marks_printed(zn))
			continue;
		min = printed_min(a, zn);
		d = (long)(zn->kb[BS_ZF_LOW] / a->page_kb) - (long)(zn->kb[BS_ZF_MIN] / a->page_kb);
		if (d <= min / 4 + 1)
			continue;
		best = m;
		/* the smallest factor whose mult_frac() gives that gap */
		set->watermark_scale_factor = (int)(((long long)d * 10000 + m - 1) / m);
		while (set->watermark_scale_factor > 1 &&
		       (long long)m * (set->watermark_scale_factor - 1) / 10000 >= d)
			set->watermark_scale_factor--;
	}
}

/*
 * The watermark_boost the printed min of @zn holds (5.0 on): printed min
 * less its share of pages_min in force.  0 when none or not derivable.
 */
static long zone_boost(const struct bs_analysis *a, const struct bs_whatif_set *set, const struct bs_zone *zn)
{
	long lm = lowmem_pages(a), m = zone_pages(a, zn), share;

	if (!a->rules->watermark_boost || highmem_like(zn) || set->min_free_kbytes < 0 || lm <= 0 || m < 0 ||
	    !marks_printed(zn))
		return 0;
	share = (long)((unsigned long long)(set->min_free_kbytes / (long long)a->page_kb) * (unsigned long long)m /
		       (unsigned long long)lm);
	return printed_min(a, zn) > share ? printed_min(a, zn) - share : 0;
}

/*
 * The marks of zone @zn for pages_min @p and factor @wsf, in pages, with
 * the zone's watermark_boost at the time kept (min_wmark_pages() and the
 * others add it); false when unknown.
 */
static bool zone_marks(const struct bs_analysis *a, const struct bs_whatif_set *set, const struct bs_zone *zn,
		       long long p, int wsf, long *min, long *low, long *high)
{
	long lm = lowmem_pages(a), m = zone_pages(a, zn), tmp, gap, boost = zone_boost(a, set, zn);

	if (lm <= 0 || m < 0)
		return false;
	tmp = (long)((unsigned long long)p * (unsigned long long)m / (unsigned long long)lm);
	if (highmem_like(zn)) {
		*min = m / 1024;
		*min = *min < 32 ? 32 : *min > 128 ? 128 : *min;	/* SWAP_CLUSTER_MAX .. 128 */
	} else {
		*min = tmp;
	}
	if (bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_WSF)) {
		long f = (long)((long long)m * wsf / 10000);

		gap = tmp / 4 > f ? tmp / 4 : f;
		*low = *min + gap;
		*high = *min + 2 * gap;
	} else {
		*low = *min + tmp / 4;
		*high = *min + tmp / 2;
	}
	*min += boost;
	*low += boost;
	*high += boost;
	return true;
}

/*
 * lowmem_reserve[@j] of zone @z (index @i) with ratios @ratio: the pages of
 * the same node's zones i+1..j over ratio[i]; false when one is missing.
 */
static bool zone_reserve(const struct bs_analysis *a, const struct bs_zone_replay *z, int j, const int *ratio,
			 int nr_ratio, long *out)
{
	bool zero_means_none = bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL,
						   BS_CHANGE_LOWMEM_RATIO_ZERO);
	long sum = 0;
	int r;

	*out = 0;
	if (z->zone_idx >= j)
		return true;
	if (z->zone_idx >= nr_ratio)
		return false;
	for (int k = 0; k < a->nr_zones; k++) {
		const struct bs_zone_replay *u = &a->zones[k];
		long m;

		if (u->zone->node != z->zone->node || u->zone_idx <= z->zone_idx || u->zone_idx > j)
			continue;
		m = zone_pages(a, u->zone);
		if (m < 0)
			return false;
		sum += m;
	}
	r = ratio[z->zone_idx];
	if (r < 1) {
		if (zero_means_none)
			return true;
		r = 1;
	}
	*out = sum / r;
	return true;
}

/* The request's check at min on @z with @min and @reserve, under @rules and @flags. */
static bool check(const struct bs_analysis *a, const struct bs_rules *rules, const struct bs_zone_replay *z,
		  struct bs_wmark_zone *w, long min, unsigned flags)
{
	struct bs_wmark_result res;

	return bs_zone_watermark_ok(rules, w, a->rep->order, min, flags, rules->wmark == BS_WMARK_FREE_AREA_SCAN,
				    NULL, &res) && z->eligible;
}

static struct bs_whatif_zone *add_zone(struct bs_whatif_result *r, const struct bs_zone_replay *z)
{
	struct bs_whatif_zone *wz = &r->zones[r->nr_zones++];

	memset(wz, 0, sizeof(*wz));
	wz->node = z->zone->node;
	wz->zone = z->zone->name;
	return wz;
}

static void as_printed(const struct bs_analysis *a, const struct bs_zone_replay *z, struct bs_whatif_zone *wz)
{
	wz->min_kb = (long)z->zone->kb[BS_ZF_MIN];
	wz->low_kb = (long)z->zone->kb[BS_ZF_LOW];
	wz->high_kb = (long)z->zone->kb[BS_ZF_HIGH];
	wz->reserve_pages = z->reserve;
	(void)a;
}

/* Marks (vm.min_free_kbytes, vm.watermark_scale_factor) or reserves (ratio) changed. */
static void replay_marks(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r)
{
	const struct bs_whatif_setting *s = &r->setting;
	long long p = -1;
	int wsf = set->watermark_scale_factor > 0 ? set->watermark_scale_factor : WSF_DEFAULT;

	if (set->min_free_kbytes >= 0)
		p = set->min_free_kbytes / (long long)a->page_kb;
	if (s->kind == BS_WI_MIN_FREE_KBYTES)
		p = s->n / (long long)a->page_kb;
	if (s->kind == BS_WI_WSF) {
		if (!bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_WSF)) {
			r->why_not = "vm.watermark_scale_factor arrived in 4.6 (795ae7a0de6b); this kernel has none";
			return;
		}
		wsf = (int)s->n;
	}
	if (s->kind != BS_WI_LOWMEM_RATIO && p < 0) {
		r->why_not = "the marks cannot be recomputed: a zone lacks its managed (or present) pages or its marks";
		return;
	}
	r->computed = true;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		struct bs_whatif_zone *wz;
		struct bs_wmark_zone w;
		long min, low, high;

		if (!z->eligible)
			continue;
		wz = add_zone(r, z);
		as_printed(a, z, wz);
		if (z->fail == BS_WF_NO_DATA)
			continue;
		w = bs_replay_wmark_zone(z, z->free_pages);
		min = z->min_pages;
		if (s->kind == BS_WI_LOWMEM_RATIO) {
			if (!zone_reserve(a, z, a->highest_zoneidx, s->ratio, s->nr_ratio, &wz->reserve_pages))
				continue;
			w.reserve = wz->reserve_pages;
		} else {
			if (!zone_marks(a, set, z->zone, p, wsf, &min, &low, &high))
				continue;
			wz->min_kb = min * (long)a->page_kb;
			wz->low_kb = low * (long)a->page_kb;
			wz->high_kb = high * (long)a->page_kb;
		}
		wz->known = true;
		wz->watermark_ok = check(a, a->rules, z, &w, min, a->slow.alloc_flags);
		r->request_succeeds |= wz->watermark_ok;
	}
	if (s->kind == BS_WI_LOWMEM_RATIO)
		snprintf(r->note, sizeof(r->note), "lowmem_reserve[%s] recomputed per node from the zones' %s pages",
			 a->highest_zone, bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL,
							      BS_CHANGE_MANAGED_PAGES) ? "managed" : "present");
	else
		snprintf(r->note, sizeof(r->note), "marks recomputed from min_free_kbytes %lld kB%s and watermark_scale_factor "
			 "%d%s; a dump that leaves out other nodes' zones understates the lowmem total",
			 p * (long long)a->page_kb, set->min_free_exact || s->kind == BS_WI_MIN_FREE_KBYTES ? "" :
			 " (approximate: no single value reproduces every printed min)", wsf,
			 set->watermark_scale_factor > 0 || s->kind == BS_WI_WSF ? "" : " (default: the marks do not tell)");
}

static void replay_rule(const struct bs_analysis *a, struct bs_whatif_result *r)
{
	const struct bs_rules *er = r->setting.rules;
	struct bs_alloc_context ctx = { false, a->rep->irq_context, false };
	unsigned flags = bs_rules_gfp_to_alloc_flags(er, a->gfp, a->rep->mode, a->rep->order, &ctx, BS_ALLOC_WMARK_MIN);

	r->computed = true;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		struct bs_whatif_zone *wz;
		struct bs_wmark_zone w;

		if (!z->eligible)
			continue;
		wz = add_zone(r, z);
		as_printed(a, z, wz);
		if (z->fail == BS_WF_NO_DATA)
			continue;
		w = bs_replay_wmark_zone(z, z->free_pages);
		wz->known = true;
		wz->watermark_ok = check(a, er, z, &w, z->min_pages, flags);
		r->request_succeeds |= wz->watermark_ok;
	}
	snprintf(r->note, sizeof(r->note), "the same numbers and mode under the %s rules (%s)", er->id,
		 er->wmark == BS_WMARK_ORDER_LOOP ? "pre-4.4 per-order check" : "order-0 check + free-area scan");
}

static void replay_extfrag(const struct bs_analysis *a, struct bs_whatif_result *r)
{
	int was = 0, now = 0;

	if (!a->rep->order) {
		r->why_not = "order-0 requests never compact";
		return;
	}
	r->computed = true;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		struct bs_zone_compact c;
		struct bs_whatif_zone *wz;

		if (!z->eligible)
			continue;
		wz = add_zone(r, z);
		as_printed(a, z, wz);
		bs_zone_compact_replay(a, z, &c, (int)r->setting.n);
		wz->known = c.known;
		wz->watermark_ok = z->ok_min;
		wz->compaction_suitable = c.suitable;
		was += a->compact[i].known && a->compact[i].suitable && !z->ok_min;
		now += c.known && c.suitable && !z->ok_min;
	}
	r->request_succeeds = a->nr_ok_min > 0;
	snprintf(r->note, sizeof(r->note), "the marks do not change: compaction_suitable() would compact %d failing zone(s) "
		 "(%d with the default 500)%s; whether compaction then builds a block is what `compact` estimates",
		 now, was, a->slow.may_compact ? "" : ", but this request may not compact at all");
}

/*
 * compact: compaction's best case.  In each zone where
 * __compaction_suitable() lets it run, the free pages this request may
 * count are gathered into aligned blocks of the order: at most
 * usable_free >> order of them.  An upper bound: it takes every in-use
 * page in the way to be movable and every free page a migration target;
 * unmovable and pinned pages, the pageblock mix (not in the report) and
 * deferred compaction all lower it.  The blocks already free are the
 * lower bound.
 */
static void replay_compact(const struct bs_analysis *a, struct bs_whatif_result *r)
{
	if (!a->rep->order) {
		r->why_not = "order-0 requests never compact";
		return;
	}
	r->computed = true;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_buddy *b = &z->zone->buddy;
		struct bs_whatif_zone *wz;
		struct bs_wmark_zone w;
		uint64_t nr_free[BS_MAX_ORDERS] = { 0 };
		unsigned types[BS_MAX_ORDERS];
		long usable, have = 0;

		if (!z->eligible)
			continue;
		wz = add_zone(r, z);
		as_printed(a, z, wz);
		if (z->fail == BS_WF_NO_DATA || !b->present || (int)a->rep->order >= b->nr_orders)
			continue;
		w = bs_replay_wmark_zone(z, z->free_pages);
		for (int o = (int)a->rep->order; o < b->nr_orders; o++)
			have += (long)(b->nr_free[o] << (o - (int)a->rep->order));
		usable = z->free_pages;
		if (a->rules->cma_excluded && !(a->slow.alloc_flags & BS_ALLOC_CMA))
			usable -= z->cma_pages;
		if (a->rules->highatomic && !bs_rules_highatomic_counted(a->rules, a->slow.alloc_flags))
			usable -= z->highatomic_pages;
		wz->known = true;
		wz->compaction_suitable = a->compact[i].known && a->compact[i].watermark_ok;
		wz->blocks = have;
		if (wz->compaction_suitable && usable > 0 && (usable >> a->rep->order) > have)
			wz->blocks = usable >> a->rep->order;
		for (int o = 0; o < b->nr_orders; o++)
			types[o] = BS_MT_M;
		nr_free[a->rep->order] = (uint64_t)wz->blocks;
		if (usable > (wz->blocks << a->rep->order))
			nr_free[0] = (uint64_t)(usable - (wz->blocks << a->rep->order));
		w.nr_free = nr_free;
		w.types = types;
		w.nr_orders = b->nr_orders;
		w.partial = false;
		wz->watermark_ok = check(a, a->rules, z, &w, z->min_pages, a->slow.alloc_flags);
		r->request_succeeds |= wz->watermark_ok && a->slow.may_compact;
	}
	snprintf(r->note, sizeof(r->note), "upper bound: the free pages this request may count, gathered into blocks of "
		 "order %u where compaction_suitable() lets it run; unmovable or pinned pages and the pageblock mix, which "
		 "the report does not show, lower it%s", a->rep->order,
		 a->slow.may_compact ? "" : "; this request may not compact, so only a compaction by someone else helps");
}

void bs_whatif_derive(const struct bs_analysis *a, struct bs_whatif_set *set)
{
	derive_min_free(a, set);
	derive_wsf(a, set);
}

void bs_whatif_run(const struct bs_analysis *a, const struct bs_whatif_set *set, const struct bs_whatif_setting *s,
		   struct bs_whatif_result *r)
{
	memset(r, 0, sizeof(*r));
	r->setting = *s;
	if (!a->nr_eligible) {
		r->why_not = "no zone of the request's zonelist is in the report";
		return;
	}
	switch (s->kind) {
	case BS_WI_RULE: replay_rule(a, r); break;
	case BS_WI_MIN_FREE_KBYTES:
	case BS_WI_WSF:
	case BS_WI_LOWMEM_RATIO: replay_marks(a, set, r); break;
	case BS_WI_EXTFRAG: replay_extfrag(a, r); break;
	case BS_WI_COMPACT: replay_compact(a, r); break;
	}
	if (r->computed && a->slow.pf_memalloc && a->slow.no_watermarks && s->kind != BS_WI_COMPACT) {
		r->request_succeeds = false;
		snprintf(r->note, sizeof(r->note), "the task ignores every watermark (PF_MEMALLOC): marks and "
			 "reserves do not change its outcome");
	}
}

void bs_analyze_whatif(struct bs_analysis *a, const struct bs_whatif_setting *s, int n)
{
	struct bs_whatif_set *set;

	a->whatif = set = calloc(1, sizeof(*set));
	if (!set)
		return;
	bs_whatif_derive(a, set);
	for (int i = 0; i < n && set->nr < BS_MAX_WHATIF; i++)
		bs_whatif_run(a, set, &s[i], &set->r[set->nr++]);
}
