// SPDX-License-Identifier: MIT
/*
 * rules.c - the page allocator's per-era decisions, replayed.
 *
 * The era table (lib/knowledge/rules_table.c) says which shape each
 * kernel's functions have; the functions here apply that shape to a GFP
 * mask the way the kernel would.  The mask is decoded once per call with
 * the kernel's GFP table (bs_gfp_decode(), lib/gfp.h) into semantic flags:
 * __GFP_WAIT on 3.10 and __GFP_DIRECT_RECLAIM on 4.4+ both mean "may
 * sleep in reclaim", and a flag a kernel does not have is clear.
 *
 * Every rule below names the kernel function it mirrors; docs/rules.md
 * has the history and the trees each fact was read from.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kernel/gfp.h"
#include "kernel/rules.h"

#define WMARK_BITS	(BS_ALLOC_WMARK_MIN | BS_ALLOC_WMARK_LOW | BS_ALLOC_WMARK_HIGH)

const struct bs_rules *const *bs_rules_all(unsigned *n)
{
	if (n)
		*n = bs_rules_table_len;
	return bs_rules_table;
}

/*
 * A distro era (rules_table.c says which distro, major release and base
 * series; RHEL 7's 3.10.0-NNN.el7 is the only one so far) holds a kernel of
 * that distro and base series whose major release is its own or unknown,
 * and whose release number, when printed, is in its range.  Other majors
 * (4.18.0-NNN.el8, 5.14.0-NNN.el9) fall through to the upstream era of
 * their series: their backports were not read.
 */
static bool distro_era_matches(const struct bs_rules *e, const struct bs_kver *v)
{
	if (e->distro == BS_DISTRO_NONE || e->distro != v->distro)
		return false;
	if (v->major != e->base_major || v->minor != e->base_minor)
		return false;
	if (v->distro_major >= 0 && v->distro_major != e->distro_major)
		return false;
	return v->distro_release < 0 ||
	       (v->distro_release >= e->from && v->distro_release <= e->to);
}

static long distance(long code, const struct bs_rules *e)
{
	if (code < e->from)
		return e->from - code;
	if (code > e->to)
		return code - e->to;
	return 0;
}

/**
 * bs_rules_for - the era of a kernel version
 * @v: a parsed version; an unknown sublevel (-1) counts as .0
 *
 * A distro kernel gets its distro era when one holds it (RHEL/CentOS 7
 * whatever its release); any other version the upstream era whose range
 * holds it, or the nearest one when none does (2.4 gets 2.6.32, 7.0 the
 * newest era).
 *
 * RETURN VALUE: never NULL for a non-NULL @v; NULL for NULL.
 */
const struct bs_rules *bs_rules_for(const struct bs_kver *v)
{
	const struct bs_rules *best = NULL;
	long code, best_d = 0;

	if (!v)
		return NULL;
	for (unsigned i = 0; i < bs_rules_table_len; i++)
		if (distro_era_matches(bs_rules_table[i], v))
			return bs_rules_table[i];

	code = bs_rules_code(v->major, v->minor, v->sublevel);
	for (unsigned i = 0; i < bs_rules_table_len; i++) {
		const struct bs_rules *e = bs_rules_table[i];
		long d;

		if (e->distro != BS_DISTRO_NONE)
			continue;
		d = distance(code, e);
		if (!best || d < best_d) {
			best = e;
			best_d = d;
		}
	}
	return best;
}

bool bs_rules_holds(const struct bs_rules *r, const struct bs_kver *v)
{
	if (!r || !v)
		return false;
	if (r->distro != BS_DISTRO_NONE)
		return distro_era_matches(r, v);
	return distance(bs_rules_code(v->major, v->minor, v->sublevel), r) == 0;
}

/* One end of an upstream range: "5.4.274", "5.5" for a .0 start, "5.4.y" for an open end. */
static void kver_end(char *buf, size_t len, long code, bool start)
{
	unsigned a = (unsigned)(code >> 24) & 0xffu, b = (unsigned)(code >> 16) & 0xffu;
	unsigned c = (unsigned)code & 0xffffu;

	if (start && c == 0)
		snprintf(buf, len, "%u.%u", a, b);
	else if (!start && c == BS_RULES_Y)
		snprintf(buf, len, "%u.%u.y", a, b);
	else
		snprintf(buf, len, "%u.%u.%u", a, b, c);
}

const char *bs_rules_range(const struct bs_rules *r, char *buf, size_t len)
{
	char from[24], to[24];

	if (!buf || !len)
		return buf;
	if (!r) {
		buf[0] = '\0';
		return buf;
	}
	if (r->distro == BS_DISTRO_RHEL) {
		snprintf(buf, len, "%d.%d.0-NNN.el%d", r->base_major, r->base_minor, r->distro_major);
		return buf;
	}
	kver_end(from, sizeof(from), r->from, true);
	kver_end(to, sizeof(to), r->to, false);
	if ((r->from >> 16) == (r->to >> 16) && (r->from & 0xffff) == 0 &&
	    (r->to & 0xffff) == BS_RULES_Y) {
		snprintf(buf, len, "%s", to);	/* one whole series: "6.2.y" */
		return buf;
	}
	/* a range of whole series reads "5.5 - 5.9", not "5.5 - 5.9.y" */
	if ((r->to & 0xffff) == BS_RULES_Y && (r->from & 0xffff) == 0)
		to[strlen(to) - 2] = '\0';
	snprintf(buf, len, "%s - %s", from, to);
	return buf;
}

bool bs_rules_fast_order0_ok(const struct bs_rules *r, unsigned order, long free_pages,
			     long free_cma, long mark, long lowmem_reserve, unsigned alloc_flags)
{
	if (!r || order || !r->fast_order0_counts_highatomic)
		return false;
	if (!(alloc_flags & BS_ALLOC_CMA))
		free_pages -= free_cma;
	return free_pages > mark + lowmem_reserve;
}

/*
 * gfp_migratetype() == MIGRATE_MOVABLE: such requests get ALLOC_CMA (3.7
 * on).  An invalid mask (__GFP_RECLAIMABLE as well) is not movable.
 */
static bool movable(const struct bs_gfp_decoded *d)
{
	return d->migratetype == BS_MT_MOVABLE;
}

static unsigned cma_flag(const struct bs_rules *r, const struct bs_gfp_decoded *d)
{
	return r->cma_excluded && movable(d) ? BS_ALLOC_CMA : 0;
}

static unsigned kswapd_flag(const struct bs_rules *r, const struct bs_gfp_decoded *d)
{
	return r->alloc_kswapd && bs_gfp_is(d, BS_GFP_KSWAPD_RECLAIM) ? BS_ALLOC_KSWAPD : 0;
}

/*
 * The reserves of gfp_to_alloc_flags(), per era.  Worked example,
 * GFP_ATOMIC (__GFP_HIGH plus __GFP_ATOMIC on 4.4-6.2, plus nothing that
 * may sleep): 3.10 gives HIGH|HARDER (not __GFP_WAIT), 4.4 HIGH|HARDER
 * (__GFP_ATOMIC), 6.3 MIN_RESERVE|NON_BLOCK and, at order > 0,
 * HIGHATOMIC; CPUSET is dropped in every era.
 */
static unsigned reserve_flags(const struct bs_rules *r, const struct bs_gfp_decoded *d,
			      unsigned order, bool rt)
{
	bool high = bs_gfp_is(d, BS_GFP_HIGH);
	bool nomemalloc = bs_gfp_is(d, BS_GFP_NOMEMALLOC);
	unsigned f = BS_ALLOC_CPUSET;
	bool atomic;

	switch (r->reserve_rule) {
	case BS_RESERVE_NOT_WAIT:
		/* 2.6.32: any !__GFP_WAIT, __GFP_NOMEMALLOC or not */
		if (high)
			f |= BS_ALLOC_HIGH;
		if (!d->may_sleep)
			f = (f | BS_ALLOC_HARDER) & ~BS_ALLOC_CPUSET;
		else if (rt)
			f |= BS_ALLOC_HARDER;
		break;
	case BS_RESERVE_ATOMIC_CONTEXT:
		/* 3.10.108, 3.18, RHEL 7: atomic = !(__GFP_WAIT | __GFP_NO_KSWAPD) */
		atomic = !d->may_sleep && !bs_gfp_is(d, BS_GFP_NO_KSWAPD);
		if (high)
			f |= BS_ALLOC_HIGH;
		if (atomic) {
			if (!nomemalloc)
				f |= BS_ALLOC_HARDER;
			f &= ~BS_ALLOC_CPUSET;
		} else if (rt) {
			f |= BS_ALLOC_HARDER;
		}
		break;
	case BS_RESERVE_GFP_ATOMIC:
		/* 4.4 .. 6.2: __GFP_ATOMIC names the caller that cannot sleep */
		if (high)
			f |= BS_ALLOC_HIGH;
		if (bs_gfp_is(d, BS_GFP_ATOMIC)) {
			if (!nomemalloc)
				f |= BS_ALLOC_HARDER;
			f &= ~BS_ALLOC_CPUSET;
		} else if (rt) {
			f |= BS_ALLOC_HARDER;
		}
		break;
	case BS_RESERVE_NON_BLOCK:
		/* 6.3 on, 6.1.116 on: no __GFP_DIRECT_RECLAIM means non-blocking */
		if (high)
			f |= BS_ALLOC_MIN_RESERVE;
		if (!d->may_sleep) {
			if (!nomemalloc) {
				f |= BS_ALLOC_NON_BLOCK;
				if (order > 0 && (!r->highatomic_needs_high || high))
					f |= BS_ALLOC_HIGHATOMIC;
			}
			if (f & BS_ALLOC_MIN_RESERVE)
				f &= ~BS_ALLOC_CPUSET;
		} else if (rt) {
			f |= BS_ALLOC_MIN_RESERVE;
		}
		break;
	}
	return f;
}

unsigned bs_rules_gfp_to_alloc_flags(const struct bs_rules *r, const struct bs_gfp_table *t,
				     uint64_t gfp, unsigned order,
				     const struct bs_alloc_context *ctx, unsigned wmark)
{
	struct bs_gfp_decoded dec;
	const struct bs_gfp_decoded *d = &dec;
	bool in_irq = ctx && ctx->in_interrupt;
	bool rt = ctx && ctx->rt_task && !in_irq;
	unsigned f;

	if (!r)
		return 0;
	bs_gfp_decode(t, gfp, &dec);
	wmark &= WMARK_BITS;
	if (wmark & BS_ALLOC_WMARK_LOW)
		/* __alloc_pages*() first attempt: no reserves, only the placement bits */
		return BS_ALLOC_WMARK_LOW | BS_ALLOC_CPUSET | cma_flag(r, d) |
		       kswapd_flag(r, d);
	if (wmark & BS_ALLOC_WMARK_HIGH)
		/* __alloc_pages_may_oom(): one last try at the high mark */
		return BS_ALLOC_WMARK_HIGH | BS_ALLOC_CPUSET;

	f = BS_ALLOC_WMARK_MIN | reserve_flags(r, d, order, rt) |
	    kswapd_flag(r, d) | cma_flag(r, d);

	/*
	 * Memory reserves without watermarks: __GFP_MEMALLOC (3.6 on) or an
	 * OOM victim, never with __GFP_NOMEMALLOC, never in interrupt for a
	 * victim.  From 4.14 (cd04ae1e2dc8) a victim gets ALLOC_OOM instead,
	 * and __gfp_pfmemalloc_flags() replaces the other flags for that
	 * attempt (so no HIGH/HARDER and no CPUSET).  PF_MEMALLOC tasks
	 * (reclaimers) are not modelled.
	 */
	if (!bs_gfp_is(d, BS_GFP_NOMEMALLOC)) {
		if (bs_gfp_is(d, BS_GFP_MEMALLOC))
			f |= BS_ALLOC_NO_WATERMARKS;
		else if (ctx && ctx->oom_victim && !in_irq) {
			if (r->alloc_oom)
				f = BS_ALLOC_WMARK_MIN | BS_ALLOC_OOM | cma_flag(r, d) |
				    kswapd_flag(r, d);
			else
				f |= BS_ALLOC_NO_WATERMARKS;
		}
	}
	return f;
}

unsigned bs_rules_alloc_flags(const struct bs_rules *r, const struct bs_gfp_table *t,
			      uint64_t gfp, const struct bs_alloc_context *ctx, unsigned wmark)
{
	return bs_rules_gfp_to_alloc_flags(r, t, gfp, 0, ctx, wmark);
}

/**
 * bs_rules_effective_min - the min __zone_watermark_ok() compares against
 * @r: the era
 * @mark: the watermark in pages (zone min/low/high, boost included on 5.0+)
 * @alloc_flags: from bs_rules_gfp_to_alloc_flags()
 *
 * Integer arithmetic as the kernel does it (long, truncating).  Worked
 * example, mark 1000:
 *   GFP_ATOMIC, any era:        1000 - 500 = 500 (HIGH / MIN_RESERVE),
 *                               500 - 125 = 375 (HARDER / NON_BLOCK);
 *   RT task, 4.4-6.2:           1000 - 250 = 750 (HARDER);
 *   RT task, 6.3+:              1000 - 500 = 500 (MIN_RESERVE);
 *   GFP_NOWAIT, 6.3+:           1000 (NON_BLOCK alone grants nothing);
 *   OOM victim, 4.14+:          1000 - 500 = 500 (ALLOC_OOM).
 * lowmem_reserve is not included: the kernel adds it to min in the
 * order-0 check only.  With BS_ALLOC_NO_WATERMARKS the kernel skips the
 * check; 0 is returned.
 */
long bs_rules_effective_min(const struct bs_rules *r, long mark, unsigned alloc_flags)
{
	long min = mark;

	if (!r || (alloc_flags & BS_ALLOC_NO_WATERMARKS))
		return r ? 0 : mark;
	if (r->alloc_non_block) {
		/* 6.3 __zone_watermark_ok(): ALLOC_RESERVES */
		if (alloc_flags & BS_ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & BS_ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & BS_ALLOC_OOM)
			min -= min / 2;
		return min;
	}
	if (alloc_flags & BS_ALLOC_HIGH)
		min -= min / 2;
	if (r->alloc_oom && (alloc_flags & BS_ALLOC_OOM))
		min -= min / 2;		/* 4.14 on: instead of the harder quarter */
	else if (alloc_flags & BS_ALLOC_HARDER)
		min -= min / 4;
	return min;
}

/* Does the request have the right to the highatomic reserve? */
static bool harder(const struct bs_rules *r, unsigned f)
{
	if (r->alloc_non_block)
		return f & (BS_ALLOC_HIGHATOMIC | BS_ALLOC_OOM);
	return (f & BS_ALLOC_HARDER) || (r->alloc_oom && (f & BS_ALLOC_OOM));
}

bool bs_rules_highatomic_counted(const struct bs_rules *r, unsigned alloc_flags)
{
	if (!r || !r->highatomic)
		return true;	/* no such reserve: nothing is subtracted */
	if (r->alloc_non_block)
		/* 6.3: any of ALLOC_RESERVES skips the subtraction */
		return alloc_flags & (BS_ALLOC_NON_BLOCK | BS_ALLOC_MIN_RESERVE |
				      BS_ALLOC_HIGHATOMIC | BS_ALLOC_OOM);
	return harder(r, alloc_flags);
}

unsigned bs_rules_scan_lists(const struct bs_rules *r, unsigned alloc_flags)
{
	unsigned lists = BS_SCAN_PCPTYPES;

	if (!r || r->wmark == BS_WMARK_ORDER_LOOP)
		return BS_SCAN_ANY;
	if (alloc_flags & BS_ALLOC_CMA)
		lists |= BS_SCAN_CMA;
	if (r->highatomic && harder(r, alloc_flags)) {
		if (r->scan_harder_any_list)
			return BS_SCAN_ANY;
		lists |= BS_SCAN_HIGHATOMIC;
	}
	return lists;
}

static void say(const char **why, const char *s)
{
	if (why)
		*why = s;
}

bool bs_rules_may_compact(const struct bs_rules *r, const struct bs_gfp_table *t,
			  uint64_t gfp, unsigned order, const char **why_not)
{
	struct bs_gfp_decoded dec;
	const struct bs_gfp_decoded *d = &dec;
	bool fs, io;

	bs_gfp_decode(t, gfp, &dec);
	fs = bs_gfp_is(d, BS_GFP_FS);
	io = bs_gfp_is(d, BS_GFP_IO);
	say(why_not, NULL);
	if (!r)
		return false;
	if (!order) {
		say(why_not, "order-0 requests never compact");
		return false;
	}
	if (r->compact_gate == BS_COMPACT_NONE) {
		say(why_not, "this kernel has no memory compaction (it arrived in 2.6.35)");
		return false;
	}
	if (!d->may_sleep) {
		say(why_not, "the request may not sleep, so it cannot compact directly");
		return false;
	}
	switch (r->compact_gate) {
	case BS_COMPACT_NEEDS_FS_AND_IO:
		if (!fs && !io) {
			say(why_not, "without __GFP_FS and __GFP_IO, try_to_compact_pages() "
				     "returns COMPACT_SKIPPED on this kernel");
			return false;
		}
		if (!fs) {
			say(why_not, "without __GFP_FS, try_to_compact_pages() returns "
				     "COMPACT_SKIPPED on this kernel (GFP_NOFS may compact "
				     "from 4.11 on)");
			return false;
		}
		if (!io) {
			say(why_not, "without __GFP_IO, try_to_compact_pages() returns "
				     "COMPACT_SKIPPED on this kernel");
			return false;
		}
		return true;
	case BS_COMPACT_NEEDS_IO:
		if (!io) {
			say(why_not, "without __GFP_IO, try_to_compact_pages() returns "
				     "COMPACT_SKIPPED on this kernel");
			return false;
		}
		return true;
	case BS_COMPACT_NEEDS_DIRECT_RECLAIM:
	case BS_COMPACT_NONE:
		break;
	}
	return true;
}

bool bs_rules_compacts_first(const struct bs_rules *r, const struct bs_gfp_table *t,
			     uint64_t gfp, unsigned order)
{
	struct bs_gfp_decoded dec;
	const struct bs_gfp_decoded *d = &dec;
	bool costly;

	if (!r || !bs_rules_may_compact(r, t, gfp, order, NULL))
		return false;
	bs_gfp_decode(t, gfp, &dec);
	costly = order > r->costly_order;
	switch (r->first_compact) {
	case BS_FIRST_COMPACT_ALL_ORDERS:
		return true;
	case BS_FIRST_COMPACT_COSTLY:
		return costly;
	case BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE:
		if (bs_gfp_is(d, BS_GFP_MEMALLOC) && !bs_gfp_is(d, BS_GFP_NOMEMALLOC))
			return false;	/* gfp_pfmemalloc_allowed() */
		return costly || !movable(d);
	}
	return false;
}

bool bs_rules_may_oom(const struct bs_rules *r, const struct bs_gfp_table *t,
		      uint64_t gfp, unsigned order, const char **why_not)
{
	struct bs_gfp_decoded dec;
	const struct bs_gfp_decoded *d = &dec;
	bool nofail, override;

	bs_gfp_decode(t, gfp, &dec);
	nofail = bs_gfp_is(d, BS_GFP_NOFAIL);
	override = nofail && r && r->oom_nofail_overrides;
	say(why_not, NULL);
	if (!r)
		return false;
	if (!d->may_sleep) {
		say(why_not, "the request may not sleep: the slow path fails before reclaim");
		return false;
	}
	if (bs_gfp_is(d, BS_GFP_NORETRY)) {
		say(why_not, "__GFP_NORETRY: the slow path gives up instead");
		return false;
	}
	if (order > r->costly_order && !override) {
		say(why_not, "orders above PAGE_ALLOC_COSTLY_ORDER (3) never invoke the "
			     "OOM killer: the slow path fails them first");
		return false;
	}
	if (r->retry_mayfail && bs_gfp_is(d, BS_GFP_RETRY_MAYFAIL)) {
		say(why_not, "__GFP_RETRY_MAYFAIL never invokes the OOM killer");
		return false;
	}
	if (r->oom_checks_thisnode && bs_gfp_is(d, BS_GFP_THISNODE) && !override) {
		say(why_not, "__GFP_THISNODE: a kill would not free memory on that node");
		return false;
	}
	if (!bs_gfp_is(d, BS_GFP_FS) && !(nofail && r->oom_nofs_nofail)) {
		say(why_not, "without __GFP_FS the OOM killer is not invoked (checked after "
			     "the order, __GFP_RETRY_MAYFAIL and __GFP_THISNODE); the "
			     "request counts that as progress and retries");
		return false;
	}
	return true;
}

bool bs_rules_loops_forever(const struct bs_rules *r, const struct bs_gfp_table *t,
			    uint64_t gfp, unsigned order, const char **why)
{
	struct bs_gfp_decoded dec;
	const struct bs_gfp_decoded *d = &dec;

	say(why, NULL);
	if (!r)
		return false;
	bs_gfp_decode(t, gfp, &dec);
	if (!d->may_sleep) {
		say(why, "cannot sleep: fails as soon as the free lists say no");
		return false;
	}
	if (bs_gfp_is(d, BS_GFP_NOFAIL)) {
		say(why, "__GFP_NOFAIL: the slow path loops until it succeeds");
		return true;
	}
	if (bs_gfp_is(d, BS_GFP_NORETRY)) {
		say(why, "__GFP_NORETRY: fails after one round of reclaim and compaction");
		return false;
	}
	if (order > r->costly_order) {
		say(why, r->retry_rule == BS_RETRY_SHOULD_ALLOC_RETRY ?
			 "costly order: retries only with __GFP_REPEAT, and only until "
			 "1 << order pages were reclaimed" :
			 r->retry_mayfail ?
			 "costly order: retries only with __GFP_RETRY_MAYFAIL, and gives up "
			 "when reclaim and compaction stop making progress" :
			 "costly order: retries only with __GFP_REPEAT, and gives up when "
			 "reclaim and compaction stop making progress");
		return false;
	}
	if (r->retry_mayfail && bs_gfp_is(d, BS_GFP_RETRY_MAYFAIL)) {
		say(why, "__GFP_RETRY_MAYFAIL: fails once reclaim stops making progress "
			 "(no OOM killer)");
		return false;
	}
	if (r->retry_rule == BS_RETRY_SHOULD_ALLOC_RETRY) {
		say(why, "order <= 3: should_alloc_retry() keeps retrying for as long as it "
			 "takes; only an OOM kill of this task ends it");
		return true;
	}
	if (!bs_gfp_is(d, BS_GFP_FS)) {
		say(why, "order <= 3 without __GFP_FS: after 16 rounds without progress "
			 "the OOM killer is skipped and that counts as progress, so the "
			 "loop starts again");
		return true;
	}
	if (r->oom_checks_thisnode && bs_gfp_is(d, BS_GFP_THISNODE)) {
		say(why, "__GFP_THISNODE: no OOM kill, so it fails when reclaim gives up");
		return false;
	}
	say(why, "order <= 3: after 16 rounds without progress the OOM killer runs, "
		 "and the request retries after every kill");
	return true;
}

const struct bs_rule_change_row *bs_rule_change_row(enum bs_rule_change c)
{
	return c < BS_CHANGE_NR ? &bs_rule_changes[c] : NULL;
}

bool bs_rules_has_change(const struct bs_rules *r, const struct bs_kver *v, enum bs_rule_change c)
{
	const struct bs_rule_change_row *row = bs_rule_change_row(c);
	long code;

	if (!row)
		return false;
	if (v && v->major)
		code = bs_rules_code(v->major, v->minor, 0);
	else if (r && r->distro != BS_DISTRO_NONE)
		code = bs_rules_code(r->base_major, r->base_minor, 0);
	else
		code = r ? r->from : 0;
	return code >= bs_rules_code(row->major, row->minor, 0);
}
