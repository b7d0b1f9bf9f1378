// SPDX-License-Identifier: MIT
/*
 * status_whatif.c - `status --what-if`: a copy of the status with the
 * marks (vm.min_free_kbytes, vm.watermark_scale_factor), the reserves
 * (vm.lowmem_reserve_ratio) or the rules (rule=ERA) changed, the grid and
 * the request checked again on it, and the cells that differ.
 *
 * The settings in force are the sysctl files when they were read, else
 * read back from the marks (wmark_setup.c).  A zone's printed min holds
 * its watermark_boost (5.0 on): the boost is kept, as the kernel keeps
 * it until kswapd lowers it.  vm.extfrag_threshold and compact change
 * whether and how compaction runs, not the watermark check the grid is
 * made of: status says so and leaves them to explain --what-if.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/wmark_setup.h"
#include "analysis/status_whatif.h"

#define WSF_DEFAULT 10

/* A vm sysctl read as a number; false when absent or not one. */
static bool sysctl_number(const struct bs_status *s, const char *name, long long *v)
{
	for (int i = 0; i < s->nr_sysctl; i++) {
		char *end;

		if (strcmp(s->sysctl[i].name, name) || !s->sysctl[i].present)
			continue;
		errno = 0;
		*v = strtoll(s->sysctl[i].value, &end, 10);
		return end != s->sysctl[i].value && !errno && *v >= 0;
	}
	return false;
}

/* The ZONE_* index of pz->zone[@k]: status's own when populated, else zoneinfo's position. */
static int zone_index(const struct bs_status *s, int k)
{
	for (int i = 0; i < s->nr_z; i++)
		if (s->z[i].pz == &s->pz.zone[k])
			return s->z[i].zone_idx;
	return s->pz.zone[k].zoneinfo_pos;
}

/* Every zone read, for the setup arithmetic, index for index with s->pz.zone. */
static void setup_zones(const struct bs_status *s, struct bs_wsetup_zone *w)
{
	bool managed = bs_rules_has_change(s->rules, s->has_kver ? &s->kver : NULL, BS_CHANGE_MANAGED_PAGES);

	for (int k = 0; k < s->pz.nr; k++) {
		const struct bs_proc_zone *pz = &s->pz.zone[k];
		unsigned f = managed ? BS_PZ_MANAGED : BS_PZ_PRESENT;
		uint64_t boost = (pz->has & BS_PZ_BOOST) ? pz->boost : 0;
		bool marks = (pz->has & BS_PZ_MIN) && (pz->has & BS_PZ_LOW);

		w[k] = (struct bs_wsetup_zone){
			.node = pz->node,
			.zone_idx = zone_index(s, k),
			.highmem = !strcmp(pz->name, "HighMem") || !strcmp(pz->name, "Movable"),
			.pages = (pz->has & f) ? (long)(managed ? pz->managed : pz->present) : -1,
			.min = marks ? bs_wsetup_mark(pz->min, boost) : -1,
			.low = marks ? bs_wsetup_mark(pz->low, boost) : -1,
			.boost = bs_wsetup_mark(boost, 0),
		};
	}
}

char bs_status_cell(const struct bs_status *s, int c, int o)
{
	return s->cls[c].ok_low[o] ? 'Y' : s->cls[c].ok_min[o] ? 'k' : '.';
}

/* Marks or reserves of @c's zones (a copy of @s's) under @r's setting; false with r->why_not when they cannot be. */
static bool change_zones(const struct bs_status *s, struct bs_status *c, const struct bs_status_whatif *in_force,
			 struct bs_status_whatif_result *r)
{
	const struct bs_whatif_setting *w = &r->setting;
	const struct bs_kver *v = c->has_kver ? &c->kver : NULL;
	bool wsf_era = bs_rules_has_change(c->rules, v, BS_CHANGE_WSF);
	struct bs_wsetup_zone ws[BS_PROC_MAX_ZONES];
	long long p = in_force->min_free_kbytes >= 0 ? in_force->min_free_kbytes / (long long)c->page_kb : -1;
	int wsf = in_force->watermark_scale_factor > 0 ? in_force->watermark_scale_factor : WSF_DEFAULT;
	bool zero_none = bs_rules_has_change(c->rules, v, BS_CHANGE_LOWMEM_RATIO_ZERO);
	long off = 0;

	if (w->kind == BS_WI_MIN_FREE_KBYTES)
		p = w->n / (long long)c->page_kb;
	if (w->kind == BS_WI_WSF) {
		if (!wsf_era) {
			r->why_not = "vm.watermark_scale_factor arrived in 4.6 (795ae7a0de6b); this kernel has none";
			return false;
		}
		wsf = (int)w->n;
	}
	if (w->kind != BS_WI_LOWMEM_RATIO && p < 0) {
		r->why_not = "vm.min_free_kbytes is neither read nor derivable from the marks";
		return false;
	}
	setup_zones(s, ws);
	for (int k = 0; k < c->pz.nr; k++) {
		struct bs_proc_zone *pz = &c->pz.zone[k];
		long min, low, high, res;
		long long p0 = in_force->min_free_kbytes / (long long)c->page_kb;

		/* the settings in force must give the marks read, or the replay is off by as much */
		if (w->kind != BS_WI_LOWMEM_RATIO && (pz->has & BS_PZ_MIN) && in_force->min_free_kbytes >= 0 &&
		    bs_wsetup_marks(ws, c->pz.nr, k, p0, in_force->watermark_scale_factor > 0 ?
						 in_force->watermark_scale_factor : WSF_DEFAULT, wsf_era, &min, &low, &high))
			off = off > labs(min - (long)pz->min) ? off : labs(min - (long)pz->min);

		if (w->kind == BS_WI_LOWMEM_RATIO) {
			for (int j = 0; j < pz->nr_protection; j++)
				if (bs_wsetup_reserve(ws, c->pz.nr, k, j, w->ratio, w->nr_ratio, zero_none, &res))
					pz->protection[j] = (uint64_t)res;
		} else if ((pz->has & BS_PZ_MIN) && bs_wsetup_marks(ws, c->pz.nr, k, p, wsf, wsf_era, &min, &low, &high)) {
			pz->min = (uint64_t)min;
			pz->low = (uint64_t)low;
			pz->high = (uint64_t)high;
		}
	}
	if (w->kind == BS_WI_LOWMEM_RATIO)
		snprintf(r->note, sizeof(r->note), "lowmem_reserve[] recomputed per node from the zones' managed pages");
	else
	{
		char offs[160] = "";

		r->marks_off = off;
		if (off)
			snprintf(offs, sizeof(offs), "; the settings in force give mins up to %ld pages from those read "
				 "(the kernel set them when managed pages differed): the replay is that far off", off);
		snprintf(r->note, sizeof(r->note), "marks recomputed from min_free_kbytes %lld kB and watermark_scale_factor %d%s%s",
			 p * (long long)c->page_kb, wsf,
			 w->kind == BS_WI_WSF && w->n > 1000 && !bs_rules_has_change(c->rules, v, BS_CHANGE_WSF_3000)
				 ? "; this kernel's sysctl takes at most 1000 (3000 from 5.17 and 5.15.58)" : "", offs);
	}
	return true;
}

/* The zones, grid and request of @c (changed) against @s (as read), into @r. */
static void collect(const struct bs_status *s, const struct bs_status *c, struct bs_status_whatif_result *r)
{
	for (int i = 0; i < c->nr_z && r->nr_zones < BS_PROC_MAX_ZONES; i++) {
		const struct bs_proc_zone *pz = c->z[i].pz;
		struct bs_status_whatif_zone *z = &r->zones[r->nr_zones++];

		z->node = pz->node;
		z->zone = s->z[i].pz->name;
		z->known = (pz->has & BS_PZ_MIN) != 0;
		z->min = (long)pz->min;
		z->low = (long)pz->low;
		z->high = (long)pz->high;
		z->nr_protection = pz->nr_protection;
		for (int j = 0; j < pz->nr_protection; j++)
			z->protection[j] = (long)pz->protection[j];
	}
	for (int k = 0; k < BS_NR_CLASSES; k++) {
		r->highest_low[k] = c->cls[k].highest_low;
		r->highest_min[k] = c->cls[k].highest_min;
		if (!s->cls[k].known)
			continue;
		for (int o = 0; o < s->nr_orders; o++) {
			char b = bs_status_cell(s, k, o), a = bs_status_cell(c, k, o);

			if (a == b)
				continue;
			if (r->nr_cells >= BS_STATUS_WHATIF_CELLS) {
				r->cells_dropped++;
				continue;
			}
			r->cells[r->nr_cells++] = (struct bs_status_whatif_cell){ k, o, b, a };
		}
	}
	r->req_ok_low = c->req.ok_low;
	r->req_ok_min = c->req.ok_min;
}

/* One setting: a copy of @s changed and analysed again. */
static void run_one(const struct bs_status *s, const struct bs_status_opts *o, const struct bs_status_whatif *in_force,
		    struct bs_status_whatif_result *r)
{
	struct bs_status *c;

	if (r->setting.kind == BS_WI_EXTFRAG || r->setting.kind == BS_WI_COMPACT) {
		r->why_not = "the grid is the watermark check, which this setting does not change: it decides "
			     "whether and how compaction runs (explain --what-if replays that for a report)";
		return;
	}
	if (!s->has_zoneinfo) {
		r->why_not = "no zoneinfo: no marks to recompute or check against";
		return;
	}
	c = bs_status_alloc();
	if (!c) {
		r->why_not = "out of memory";
		return;
	}
	memcpy(c, s, sizeof(*c));
	c->extfrag_index_text = c->unusable_index_text = NULL;	/* @s owns them */
	c->whatif = NULL;
	if (r->setting.kind == BS_WI_RULE) {
		c->rules = r->setting.rules;
		snprintf(r->note, sizeof(r->note), "the same zones checked under the %s rules", c->rules->id);
	} else if (!change_zones(s, c, in_force, r)) {
		bs_status_free(c);
		return;
	}
	if (bs_status_analyze_zones(c, s->node) == 0 && bs_status_request(c, o) == 0) {
		r->computed = true;
		collect(s, c, r);
	} else {
		r->why_not = "the grid could not be checked again";
	}
	bs_status_free(c);
}

struct bs_status_whatif *bs_status_whatif(const struct bs_status *s, const struct bs_status_opts *o,
					  const struct bs_whatif_setting *w, int n)
{
	struct bs_status_whatif *out = calloc(1, sizeof(*out));
	struct bs_wsetup_zone ws[BS_PROC_MAX_ZONES];
	long long v;
	bool exact;

	if (!out)
		return NULL;
	setup_zones(s, ws);
	out->min_free_read = sysctl_number(s, "min_free_kbytes", &v);
	if (out->min_free_read) {
		out->min_free_kbytes = v;
	} else {
		v = bs_wsetup_derive_pages_min(ws, s->pz.nr, s->rules->watermark_boost, &exact);
		out->min_free_kbytes = v < 0 ? -1 : v * (long long)s->page_kb;
	}
	out->wsf_read = sysctl_number(s, "watermark_scale_factor", &v) && v > 0 && v <= 100000;
	if (out->wsf_read)
		out->watermark_scale_factor = (int)v;
	else
		out->watermark_scale_factor = bs_rules_has_change(s->rules, s->has_kver ? &s->kver : NULL, BS_CHANGE_WSF)
						      ? bs_wsetup_derive_wsf(ws, s->pz.nr) : -1;
	for (int i = 0; i < n && out->nr < BS_MAX_WHATIF; i++) {
		struct bs_status_whatif_result *r = &out->r[out->nr++];

		r->setting = w[i];
		run_one(s, o, out, r);
	}
	return out;
}
