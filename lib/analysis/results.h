/* SPDX-License-Identifier: MIT */
/*
 * results.h - `explain` analysed once: one typed result per group, which
 * every renderer (text, JSON, HTML, Prometheus) only walks.  No renderer
 * calls the analysis; a failed analysis is a result of its own, so every
 * renderer shows it the same way.
 */
#ifndef BS_RESULTS_H
#define BS_RESULTS_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "explain.h"

struct bs_oom_analysis;
struct bs_memstate;
struct bs_event_meaning;

/* Which analysis a group's report kind gets, hence which pointer is set. */
enum bs_result_shape {
	BS_RESULT_ALLOC,	/* page allocation failure, vmalloc, stall, vmemmap: the zone replay (a) */
	BS_RESULT_OOM,		/* OOM killer and memcg OOM (oom; oom->a when the trigger's mode was replayed) */
	BS_RESULT_MEMSTATE,	/* memory state and nommu dumps (mem) */
	BS_RESULT_SHORT,	/* kinds without zones (XFS/SPL retries, SLUB, hung task, CMA...): a if a mode was decoded */
	BS_RESULT_FAILED,	/* the analysis could not be made: error is its errno */
};

struct bs_result {
	const struct bs_group *group;
	enum bs_result_shape shape;
	int error;			/* BS_RESULT_FAILED: ENOMEM, EINVAL (no table for the kernel), ... */
	struct bs_analysis *a;
	struct bs_oom_analysis *oom;
	struct bs_memstate *mem;
	struct bs_event_meaning *meaning;	/* BS_RESULT_SHORT: what the report means */
};

struct bs_results;

/*
 * Analyse every group of @e once with @o (NULL: the report's own kernel).
 * Returns NULL with errno ENOMEM when even the result array cannot be
 * allocated; a group whose own analysis runs out of memory is a
 * BS_RESULT_FAILED result instead.  @e must outlive the results.
 */
struct bs_results *bs_explain_analyze(const struct bs_explain *e, const struct bs_analyze_opts *o);
void bs_results_free(struct bs_results *res);

/*
 * One group analysed alone into @res, as bs_explain_analyze() does each
 * (following a log: each report rendered as it closes, nothing kept).
 * A failed analysis is a BS_RESULT_FAILED result.  bs_result_release()
 * frees what it holds.
 */
void bs_result_analyze(const struct bs_group *g, const struct bs_analyze_opts *o, struct bs_result *res);
void bs_result_release(struct bs_result *res);

/* The explain run the results belong to (stats, timeline, sightings). */
const struct bs_explain *bs_results_explain(const struct bs_results *res);
size_t bs_results_count(const struct bs_results *res);
const struct bs_result *bs_results_get(const struct bs_results *res, size_t i);

const char *bs_result_shape_name(enum bs_result_shape s);

/*
 * What @r concluded, as a stable id: the cause of a failure or an OOM, a
 * memory state's verdict, a short kind's cause ("unknown" for the kinds
 * without one), "analysis_failed".
 */
const char *bs_result_cause(const struct bs_result *r);

#endif
