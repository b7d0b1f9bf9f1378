// SPDX-License-Identifier: MIT
/*
 * era.c - which kernel printed this report, and its GFP decode.
 *
 * The version comes from --kernel, else from the "CPU: ... Tainted: ..."
 * line.  Reports are often cut before that line (the seed's ends at
 * "Tainted: G"), so the shape of the report narrows the era down: each
 * clue below is a change in what warn_alloc()/show_free_areas() print,
 * with the release that made it.  When the kernel printed its own
 * symbolic decode, the table whose %pGg output matches it wins.
 */
#include <stdio.h>
#include <inttypes.h>
#include <string.h>

#include "analysis/analysis.h"
#include "kernel/kernel_era.h"

static bool zones_have(const struct bs_report *r, enum bs_zone_field f)
{
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].has & (1ull << f))
			return true;
	return false;
}

static bool buddy_has_letter(const struct bs_report *r, unsigned letter)
{
	for (int i = 0; i < r->nr_zones; i++)
		for (int o = 0; o < r->zones[i].buddy.nr_orders; o++)
			if (r->zones[i].buddy.types[o] & letter)
				return true;
	return false;
}

static bool trace_has(const struct bs_report *r, const char *func)
{
	for (int i = 0; i < r->nr_frames; i++)
		if (!strcmp(r->frames[i].func, func))
			return true;
	return false;
}

/*
 * Narrow [lo, hi] (as kver codes) with what the report shows.  The
 * releases: "%pGg" decode after the mode 4.5 (edf14cdbf9a0); warn_alloc
 * renamed from warn_alloc_failed 4.9; ", nodemask=" 4.12; per-node
 * "Node N active_anon:" lines and no pages_scanned 4.8; watermark "boost:"
 * 5.0; MIGRATE_RESERVE 'R' gone and 'H' new in 4.4; dump_stack_lvl 5.13;
 * the dot form "failure. order:" before 3.0; ",cpuset=" 4.19.
 */
struct narrowing {
	long lo, hi;
	char *why;
	size_t len, used;
};

static void clue(struct narrowing *nw, bool cond, long lo, long hi, const char *text)
{
	int n;

	if (!cond)
		return;
	if (lo > nw->lo)
		nw->lo = lo;
	if (hi && hi < nw->hi)
		nw->hi = hi;
	if (nw->used + 1 >= nw->len)
		return;
	n = snprintf(nw->why + nw->used, nw->len - nw->used, "%s%s", nw->used ? "; " : "", text);
	if (n > 0)
		nw->used += (size_t)n < nw->len - nw->used ? (size_t)n : nw->len - nw->used - 1;
}

static void narrow(const struct bs_report *r, long *lo, long *hi, char *why, size_t len)
{
	struct narrowing nw = { *lo, *hi, why, len, 0 };

	why[0] = '\0';
	clue(&nw, r->dot_form, 0, bs_kver_code(2, 6, 255), "\"failure. order:\" form (2.6.x)");
	clue(&nw, !r->dot_form && r->has_mode && !r->has_symbolic, bs_kver_code(3, 0, 0), bs_kver_code(4, 4, 255),
	     "mode printed without its %pGg decode (before 4.5)");
	clue(&nw, r->has_symbolic, bs_kver_code(4, 5, 0), 0, "mode printed with its decode (4.5+)");
	clue(&nw, r->nodemask[0], bs_kver_code(4, 12, 0), 0, "nodemask= printed (4.12+)");
	clue(&nw, r->cpuset[0] && !r->cpuset_own_line, bs_kver_code(4, 19, 0), 0, "cpuset= printed (4.19+)");
	clue(&nw, r->cpuset_own_line, 0, bs_kver_code(4, 18, 255), "cpuset on a line of its own (before 4.19)");
	clue(&nw, r->kind == BS_KIND_ALLOC_STALL, bs_kver_code(4, 9, 0), bs_kver_code(4, 14, 255),
	     "a page allocation stall warning (printed 4.9 to 4.14)");
	clue(&nw, !strcmp(r->printer, "warn_alloc_failed"), 0, bs_kver_code(4, 8, 255),
	     "printed by warn_alloc_failed (before 4.9)");
	clue(&nw, !strcmp(r->printer, "warn_alloc"), bs_kver_code(4, 9, 0), 0, "printed by warn_alloc (4.9+)");
	clue(&nw, zones_have(r, BS_ZF_PAGES_SCANNED), 0, bs_kver_code(4, 7, 255),
	     "zone lines carry pages_scanned (before 4.8)");
	clue(&nw, zones_have(r, BS_ZF_BOOST), bs_kver_code(5, 0, 0), 0, "watermark boost: printed (5.0+)");
	clue(&nw, buddy_has_letter(r, BS_MT_R), 0, bs_kver_code(4, 3, 255), "MIGRATE_RESERVE 'R' lists (before 4.4)");
	clue(&nw, buddy_has_letter(r, BS_MT_H), bs_kver_code(4, 4, 0), 0, "MIGRATE_HIGHATOMIC 'H' lists (4.4+)");
	clue(&nw, r->mt_order < 0, 0, bs_kver_code(4, 3, 255),
	     "migratetype letters in the pre-4.4 order U,E,M");
	clue(&nw, r->mt_order > 0, bs_kver_code(4, 4, 0), 0, "migratetype letters in the 4.4+ order U,M,E");
	clue(&nw, trace_has(r, "dump_stack_lvl"), bs_kver_code(5, 13, 0), 0, "dump_stack_lvl in the trace (5.13+)");
	clue(&nw, bs_report_counter(r, "sec_pagetables") >= 0, bs_kver_code(6, 2, 0), 0, "sec_pagetables counter (6.2+)");
	clue(&nw, bs_report_counter(r, "kernel_misc_reclaimable") >= 0, bs_kver_code(4, 20, 0), 0,
	     "kernel_misc_reclaimable counter (4.20+)");
	if (!nw.used)
		snprintf(why, len, "no version clue in the report");
	*lo = nw.lo;
	*hi = nw.hi;
}

/*
 * The oldest sampled upstream kernel inside [lo, hi]: clues bound a range
 * from below by features that appeared, and the oldest series with all of
 * them is the likeliest long-lived distro kernel (3.10 for a report
 * without a decode, like RHEL 7's).  The samples are the GFP tables'.
 */
static void pick_series(long lo, long hi, uint64_t mode, struct bs_kver *v)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	const struct bs_gfp_table *pick = NULL, *first_in_range = NULL, *newest = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct bs_gfp_table *t = all[i];
		long c = bs_kver_code(t->major, t->minor, t->major == 2 ? t->sublevel : 0);

		if (t->distro != BS_DISTRO_NONE)
			continue;
		newest = t;
		if (c < lo || c > hi)
			continue;
		if (!first_in_range)
			first_in_range = t;
		/* a kernel that has no flag for a bit the mode holds did not print it */
		if (!pick && !(mode & ~bs_gfp_known_bits(t)))
			pick = t;
	}
	if (!pick)
		pick = first_in_range ? first_in_range : newest;
	memset(v, 0, sizeof(*v));
	v->major = pick->major;
	v->minor = pick->minor;
	v->sublevel = pick->major == 2 ? pick->sublevel : -1;
	v->distro_release = -1;
	v->distro_major = -1;
	snprintf(v->raw, sizeof(v->raw), "%d.%d (inferred)", v->major, v->minor);
}

/* Whether table @t prints the report's mode as the kernel did (%pGg). */
static bool prints_as_kernel(const struct bs_gfp_table *t, const struct bs_report *r)
{
	char buf[256];

	if (!t->has_name_table)
		return false;
	bs_gfp_format(t, r->mode, buf, sizeof(buf));
	return !strcmp(buf, r->mode_symbolic);
}

/*
 * A table whose %pGg print of the mode equals the kernel's own: the one
 * closest to @near (a table id's position) when several match, else the
 * newest.  NULL when none does.
 */
static const struct bs_gfp_table *match_symbolic(const struct bs_report *r, const struct bs_gfp_table *near)
{
	size_t n, at = 0;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	const struct bs_gfp_table *found = NULL;
	size_t best = (size_t)-1;

	for (size_t i = 0; i < n; i++)
		if (all[i] == near)
			at = i;
	for (size_t i = 0; i < n; i++) {
		size_t d = near ? (i > at ? i - at : at - i) : n - i;

		if (prints_as_kernel(all[i], r) && d <= best) {
			found = all[i];
			best = d;
		}
	}
	return found;
}

/*
 * The oldest upstream table in [@lo, @hi] whose %pGg print of the mode is
 * the kernel's own, for a report that names no version: the decode dates
 * the kernel better than the shape (0xa20 is GFP_ATOMIC from 5.1 on only).
 * NULL when none in the range does.
 */
static const struct bs_gfp_table *oldest_symbolic_match(const struct bs_report *r, long lo, long hi)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);

	for (size_t i = 0; i < n; i++) {
		const struct bs_gfp_table *t = all[i];
		long c = bs_kver_code(t->major, t->minor, t->major == 2 ? t->sublevel : 0);

		if (t->distro == BS_DISTRO_NONE && c >= lo && c <= hi && prints_as_kernel(t, r))
			return t;
	}
	return NULL;
}

static void decode_mode(const struct bs_report *r, struct bs_analysis *a)
{
	size_t n = bs_gfp_split(a->gfp, r->mode, a->flags, sizeof(a->flags) / sizeof(a->flags[0]),
				&a->unknown_bits);

	a->nr_flags = (int)(n > sizeof(a->flags) / sizeof(a->flags[0]) ?
			    sizeof(a->flags) / sizeof(a->flags[0]) : n);
	bs_gfp_format(a->gfp, r->mode, a->mode_decoded, sizeof(a->mode_decoded));
	if (r->has_symbolic)
		a->decode_matches = strcmp(a->mode_decoded, r->mode_symbolic) == 0;
	else
		a->decode_matches = -1;
}

void bs_analyze_era(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_analysis *a)
{
	long lo = 0, hi = bs_kver_code(99, 255, 255);
	const struct bs_gfp_table *symbolic = NULL;	/* dates the kernel by its own decode */
	bool any_match = false;
	struct bs_kernel_era era;
	char why[BS_TEXT_LEN];

	a->kver_forced = false;
	a->kver_inferred = false;
	a->has_kver = false;
	if (o && o->kernel && bs_kver_parse(o->kernel, strlen(o->kernel), &a->kver) == 0) {
		a->has_kver = a->kver_forced = true;
		snprintf(a->era_reason, sizeof(a->era_reason), "given with --kernel");
	} else if (r->has_version) {
		a->kver = r->kver;
		a->has_kver = true;
		snprintf(a->era_reason, sizeof(a->era_reason), "printed in the report");
	}
	if (!a->has_kver) {
		struct bs_kver shape_only;

		narrow(r, &lo, &hi, why, sizeof(why));
		pick_series(lo, hi, 0, &shape_only);
		pick_series(lo, hi, r->has_mode ? r->mode : 0, &a->kver);
		if (shape_only.major != a->kver.major || shape_only.minor != a->kver.minor) {
			size_t used = strlen(why);

			snprintf(why + used, sizeof(why) - used,
				 "%s%d.%d has no flag for some bit of mode 0x%" PRIx64 ": the oldest series that names them all",
				 used ? "; " : "", shape_only.major, shape_only.minor, r->mode);
		}
		a->has_kver = true;
		a->kver_inferred = true;
		/* the kernel's own decode dates it better than the shape */
		symbolic = r->has_symbolic ? oldest_symbolic_match(r, lo, hi) : NULL;
		any_match = symbolic != NULL;
		if (symbolic == bs_kver_gfp_table(&a->kver, NULL))
			symbolic = NULL;	/* the shape's own table: nothing to add */
		else if (symbolic) {
			a->kver.major = symbolic->major;
			a->kver.minor = symbolic->minor;
			a->kver.sublevel = symbolic->major == 2 ? symbolic->sublevel : -1;
			snprintf(a->kver.raw, sizeof(a->kver.raw), "%d.%d (inferred)", symbolic->major,
				 symbolic->minor);
		}
	}
	bs_kernel_era(&a->kver, &era);
	a->gfp = era.gfp;
	a->gfp_exact = era.gfp_exact;
	a->rules = era.rules;
	if (a->kver_inferred) {
		const struct bs_gfp_table *t = symbolic;

		if (!any_match && r->has_symbolic) {
			t = match_symbolic(r, NULL);	/* outside the shape's range */
			if (t == a->gfp)
				t = NULL;
		}
		if (t) {
			a->gfp = t;
			snprintf(a->era_reason, sizeof(a->era_reason),
				 "inferred: the kernel's own decode matches the %s table; %s", t->id, why);
		} else {
			snprintf(a->era_reason, sizeof(a->era_reason), "inferred from the report's shape: %s", why);
		}
		a->gfp_exact = false;
	}
	decode_mode(r, a);
	if (a->decode_matches == 0) {
		/*
		 * The kernel's own decode is the oracle: a sampled table that
		 * prints the same is closer to this build's layout than the
		 * one the version string picked (distro backports, a release
		 * between two samples).
		 */
		const struct bs_gfp_table *t = match_symbolic(r, a->gfp);

		if (t) {
			size_t used = strlen(a->era_reason);

			snprintf(a->era_reason + used, sizeof(a->era_reason) - used,
				 "; GFP table %s used because its decode matches the kernel's print, %s's does not",
				 t->id, a->gfp->id);
			a->gfp = t;
			a->gfp_exact = false;
			decode_mode(r, a);
		}
	}
}
