// SPDX-License-Identifier: MIT
/*
 * analyze.c - the analysis pipeline for one report, in the order an
 * expert works: which kernel, what the mode means there, who asked, what
 * the slow path could do, the watermark check on every zone, the verdict,
 * the advice.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/whatif.h"

int bs_analyze(const struct bs_report *r, const struct bs_analyze_opts *o, struct bs_analysis *a)
{
	if (!r || !a)
		return -1;
	memset(a, 0, sizeof(*a));
	a->rep = r;
	bs_analyze_era(r, o, a);
	if (!a->gfp || !a->rules)
		return -1;
	bs_analyze_site(r, a);
	bs_analyze_slowpath(a);
	bs_analyze_zones(r, a);
	bs_analyze_request(a);
	bs_analyze_verdict(a);
	bs_analyze_kind_verdict(a);
	bs_analyze_advice(a);
	bs_analyze_kind_advice(a);
	if (o && o->nr_whatif)
		bs_analyze_whatif(a, o->whatif, o->nr_whatif);
	return 0;
}

void bs_analysis_release(struct bs_analysis *a)
{
	if (!a)
		return;
	free(a->whatif);
	a->whatif = NULL;
}
