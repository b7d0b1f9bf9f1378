// SPDX-License-Identifier: MIT
/*
 * whatif.c - the report's numbers replayed under another setting: the
 * table of settings (name, value, the sysctl's own bounds and where they
 * come from, the replay), the settings in force read back from the
 * printed marks, and the replays.  The marks and reserves are recomputed
 * with the kernel's own setup arithmetic (wmark_setup.c) from the
 * report's managed pages, not scaled; the check itself is the era's
 * bs_zone_watermark_ok(), run without a log.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif.h"
#include "analysis/wmark_setup.h"
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

static int parse_number(const struct bs_whatif_def *d, const char *v, struct bs_whatif_setting *s)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < d->lo || n > d->hi)
		return -1;
	s->n = n;
	return 0;
}

/* "A B C ...": one int per zone index, as the sysctl file takes them. */
static int parse_ratios(const struct bs_whatif_def *d, const char *v, struct bs_whatif_setting *s)
{
	const char *p = v;

	s->nr_ratio = 0;
	while (*p) {
		char *end;
		long long n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		errno = 0;
		n = strtoll(p, &end, 10);
		if (end == p || errno || n < d->lo || n > d->hi || s->nr_ratio >= BS_MAX_NR_ZONE_IDX)
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

static int parse_rule(const struct bs_whatif_def *d, const char *v, struct bs_whatif_setting *s)
{
	(void)d;
	s->rules = era_named(v);
	return s->rules ? 0 : -1;
}

static int parse_none(const struct bs_whatif_def *d, const char *v, struct bs_whatif_setting *s)
{
	(void)d;
	(void)s;
	return *v ? -1 : 0;
}

static void replay_rule(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r);
static void replay_marks(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r);
static void replay_extfrag(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r);
static void replay_compact(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r);

/*
 * Every setting, once: its name, what its value is, the bounds the
 * kernel's own sysctl accepts (the ctl_table entry's extra1/extra2, or
 * the int the handler stores), where those bounds come from, and the
 * replay of a report under it.  Kept as data: bs_whatif_parse(), the
 * usage text, the docs and status --what-if all read this table.
 */
static const struct bs_whatif_def defs[] = {
	{ BS_WI_RULE, "rule", "ERA", "an allocator era id (4.4, rhel7) or a kernel version (5.10.100)", 0, 0,
	  "the eras of lib/kernel/knowledge/rules_table.c", parse_rule, replay_rule },
	{ BS_WI_MIN_FREE_KBYTES, "vm.min_free_kbytes", "N", "kB", 0, 2147483647,
	  "the min_free_kbytes ctl_table entry: an int, extra1 SYSCTL_ZERO, no upper bound "
	  "(kernel/sysctl.c; mm/page_alloc.c from 6.2)", parse_number, replay_marks },
	{ BS_WI_WSF, "vm.watermark_scale_factor", "N", "1/10000 of the zone's managed pages", 1, 3000,
	  "the watermark_scale_factor ctl_table entry: extra1 SYSCTL_ONE, extra2 one_thousand from 4.6 "
	  "(795ae7a0de6b), SYSCTL_THREE_THOUSAND from 5.17 (39c65a94cd96, also 5.15.58)", parse_number,
	  replay_marks },
	{ BS_WI_LOWMEM_RATIO, "vm.lowmem_reserve_ratio", "\"A B C ...\"", "one divisor per zone index", 0,
	  2147483647,
	  "lowmem_reserve_ratio_sysctl_handler(): proc_dointvec_minmax() with no bounds into an int "
	  "array of MAX_NR_ZONES (one fewer before 4.15, d3cda2337bbc, which also made values below 1 "
	  "mean no reserve)", parse_ratios, replay_marks },
	{ BS_WI_EXTFRAG, "vm.extfrag_threshold", "N", "fragmentation index in thousandths", 0, 1000,
	  "the extfrag_threshold ctl_table entry: min_extfrag_threshold 0, max_extfrag_threshold 1000 "
	  "since 2.6.35 (56de7263fcf3; SYSCTL_ZERO, SYSCTL_ONE_THOUSAND in mm/compaction.c from 6.2)",
	  parse_number, replay_extfrag },
	{ BS_WI_COMPACT, "compact", "", "free pages rearranged as compaction could", 0, 0, "-", parse_none,
	  replay_compact },
};

const struct bs_whatif_def *bs_whatif_defs(size_t *n)
{
	*n = sizeof(defs) / sizeof(defs[0]);
	return defs;
}

const struct bs_whatif_def *bs_whatif_def(enum bs_whatif_kind kind)
{
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (defs[i].kind == kind)
			return &defs[i];
	return NULL;
}

/* Is the setting name @arg (@nl bytes) exactly @name, with or without its "vm." prefix? */
static bool named(const char *arg, size_t nl, const char *name)
{
	if (nl == strlen(name) && !strncmp(arg, name, nl))
		return true;
	return !strncmp(name, "vm.", 3) && nl == strlen(name) - 3 && !strncmp(arg, name + 3, nl);
}

int bs_whatif_parse(const char *arg, struct bs_whatif_setting *out, char *err, size_t len)
{
	const char *eq = strchr(arg, '=');
	size_t nl = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *v = eq ? eq + 1 : "";

	memset(out, 0, sizeof(*out));
	snprintf(out->value, sizeof(out->value), "%s", v);
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const struct bs_whatif_def *d = &defs[i];

		if (!named(arg, nl, d->name))
			continue;
		out->kind = d->kind;
		out->name = d->name;
		if (!*d->arg && eq)
			return setting_error(err, len, "\"%s\": %s takes no value", arg, d->name);
		if (*d->arg && !eq)
			return setting_error(err, len, "\"%s\": expected %s=%s", arg, d->name, d->arg);
		if (d->parse(d, v, out) < 0) {
			if (d->kind == BS_WI_RULE)
				return setting_error(err, len, "rule=\"%s\": no such era or kernel version", v);
			if (d->kind == BS_WI_LOWMEM_RATIO)
				return setting_error(err, len, "%s=\"%s\": expected ratios by zone index, like "
						     "\"256 256 32 0 0\", each %lld .. %lld", d->name, v, d->lo, d->hi);
			return setting_error(err, len, "%s=\"%s\": expected %s, %lld .. %lld", d->name, v, d->unit,
					     d->lo, d->hi);
		}
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

/*
 * The report's zones as the setup arithmetic sees them, index for index
 * with a->zones: pages, and the printed marks less a printed
 * watermark_boost (5.0 on prints min + boost); an unprinted boost is
 * filled in once pages_min in force is known (with_boost()).
 */
static void setup_zones(const struct bs_analysis *a, struct bs_wsetup_zone *w)
{
	for (int i = 0; i < a->nr_zones; i++) {
		const struct bs_zone_replay *z = &a->zones[i];
		const struct bs_zone *zn = z->zone;
		bool marks = (zn->has & (1ull << BS_ZF_MIN)) && (zn->has & (1ull << BS_ZF_LOW));
		uint64_t boost = 0;

		if (a->rules->watermark_boost && (zn->has & (1ull << BS_ZF_BOOST)))
			boost = zn->kb[BS_ZF_BOOST] / a->page_kb;
		w[i] = (struct bs_wsetup_zone){
			.node = zn->node,
			.zone_idx = z->zone_idx,
			.highmem = highmem_like(zn),
			.pages = zone_pages(a, zn),
			.min = marks ? bs_wsetup_mark(zn->kb[BS_ZF_MIN] / a->page_kb, boost) : -1,
			.low = marks ? bs_wsetup_mark(zn->kb[BS_ZF_LOW] / a->page_kb, boost) : -1,
			.boost = bs_wsetup_mark(boost, 0),
		};
	}
}

/* Unprinted boosts (5.0 on) read back as printed min less the zone's share of @set's pages_min. */
static void with_boost(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_wsetup_zone *w)
{
	if (!a->rules->watermark_boost || set->min_free_kbytes < 0)
		return;
	for (int i = 0; i < a->nr_zones; i++)
		if (!(a->zones[i].zone->has & (1ull << BS_ZF_BOOST)))
			w[i].boost = bs_wsetup_unprinted_boost(w, a->nr_zones, i,
								 set->min_free_kbytes / (long long)a->page_kb);
}

/* pages_min in force from the printed min marks (wmark_setup.c). */
static void derive_min_free(const struct bs_analysis *a, struct bs_whatif_set *set)
{
	struct bs_wsetup_zone w[BS_MAX_ZONES];
	long long p;

	setup_zones(a, w);
	p = bs_wsetup_derive_pages_min(w, a->nr_zones, a->rules->watermark_boost, &set->min_free_exact);
	set->min_free_kbytes = p < 0 ? -1 : p * (long long)a->page_kb;
}

/* watermark_scale_factor in force, from the printed low - min gaps (4.6 on). */
static void derive_wsf(const struct bs_analysis *a, struct bs_whatif_set *set)
{
	struct bs_wsetup_zone w[BS_MAX_ZONES];

	set->watermark_scale_factor = -1;
	if (!bs_rules_has_change(a->rules, a->has_kver ? &a->kver : NULL, BS_CHANGE_WSF))
		return;
	setup_zones(a, w);
	set->watermark_scale_factor = bs_wsetup_derive_wsf(w, a->nr_zones);
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
	const struct bs_kver *v = a->has_kver ? &a->kver : NULL;
	bool wsf_era = bs_rules_has_change(a->rules, v, BS_CHANGE_WSF);
	bool zero_means_none = bs_rules_has_change(a->rules, v, BS_CHANGE_LOWMEM_RATIO_ZERO);
	struct bs_wsetup_zone ws[BS_MAX_ZONES];
	long long p = -1;
	int wsf = set->watermark_scale_factor > 0 ? set->watermark_scale_factor : WSF_DEFAULT;

	if (set->min_free_kbytes >= 0)
		p = set->min_free_kbytes / (long long)a->page_kb;
	if (s->kind == BS_WI_MIN_FREE_KBYTES)
		p = s->n / (long long)a->page_kb;
	if (s->kind == BS_WI_WSF) {
		if (!wsf_era) {
			r->why_not = "vm.watermark_scale_factor arrived in 4.6 (795ae7a0de6b); this kernel has none";
			return;
		}
		wsf = (int)s->n;
	}
	if (s->kind != BS_WI_LOWMEM_RATIO && p < 0) {
		r->why_not = "the marks cannot be recomputed: a zone lacks its managed (or present) pages or its marks";
		return;
	}
	setup_zones(a, ws);
	with_boost(a, set, ws);
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
			if (!bs_wsetup_reserve(ws, a->nr_zones, i, a->highest_zoneidx, s->ratio, s->nr_ratio,
					       zero_means_none, &wz->reserve_pages))
				continue;
			w.reserve = wz->reserve_pages;
		} else {
			if (!bs_wsetup_marks(ws, a->nr_zones, i, p, wsf, wsf_era, &min, &low, &high))
				continue;
			wz->min_kb = min * (long)a->page_kb;
			wz->low_kb = low * (long)a->page_kb;
			wz->high_kb = high * (long)a->page_kb;
		}
		wz->known = true;
		wz->watermark_ok = check(a, a->rules, z, &w, min, a->slow.alloc_flags);
		r->request_succeeds |= wz->watermark_ok;
	}
	if (s->kind == BS_WI_WSF && s->n > 1000 && !bs_rules_has_change(a->rules, v, BS_CHANGE_WSF_3000))
		snprintf(r->note, sizeof(r->note), "this kernel's sysctl takes at most 1000 (3000 from 5.17 and "
			 "5.15.58, 39c65a94cd96): the replay shows what the value would do, the kernel refuses it");
	else if (s->kind == BS_WI_LOWMEM_RATIO)
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

static void replay_rule(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r)
{
	(void)set;
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

static void replay_extfrag(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r)
{
	(void)set;
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
static void replay_compact(const struct bs_analysis *a, const struct bs_whatif_set *set, struct bs_whatif_result *r)
{
	(void)set;
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
	bs_whatif_def(s->kind)->replay(a, set, r);
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
