// SPDX-License-Identifier: MIT
/*
 * results.c - every group of an explain run analysed once, by the shape
 * its report kind calls for.  The renderers walk these results and never
 * run an analysis themselves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/memstate.h"
#include "analysis/results.h"
#include "analysis/event.h"
#include "analysis/oom.h"

struct bs_results {
	const struct bs_explain *e;
	size_t n;
	struct bs_result r[];
};

static enum bs_result_shape shape_of(enum bs_report_kind k)
{
	switch (k) {
	case BS_KIND_PAGE_ALLOC_FAILURE:
	case BS_KIND_VMALLOC_FAILURE:
	case BS_KIND_ALLOC_STALL:
	case BS_KIND_VMEMMAP_FAILURE:
		return BS_RESULT_ALLOC;
	case BS_KIND_OOM:
	case BS_KIND_MEMCG_OOM:
		return BS_RESULT_OOM;
	case BS_KIND_MEMORY_STATE:
	case BS_KIND_NOMMU_FAILURE:
		return BS_RESULT_MEMSTATE;
	default:
		return BS_RESULT_SHORT;
	}
}

static int failed(struct bs_result *res, int err)
{
	bs_analysis_release(res->a);
	free(res->a);
	free(res->oom);
	free(res->mem);
	free(res->meaning);
	res->a = NULL;
	res->oom = NULL;
	res->mem = NULL;
	res->meaning = NULL;
	res->shape = BS_RESULT_FAILED;
	res->error = err ? err : EINVAL;
	return -1;
}

/* The zone replay of a page allocation failure and its relatives. */
static int analyze_alloc(struct bs_result *res, const struct bs_analyze_opts *o)
{
	res->a = calloc(1, sizeof(*res->a));
	if (!res->a)
		return failed(res, ENOMEM);
	/* bs_analyze() fails only when no GFP table or rule set answers for the kernel */
	if (bs_analyze(res->group->rep, o, res->a) < 0)
		return failed(res, EINVAL);
	return 0;
}

/* An OOM report, with its trigger's request replayed when it printed a mode. */
static int analyze_oom(struct bs_result *res, const struct bs_analyze_opts *o)
{
	const struct bs_report *r = res->group->rep;

	res->oom = malloc(sizeof(*res->oom));
	if (!res->oom)
		return failed(res, ENOMEM);
	if (r->has_mode) {
		res->a = calloc(1, sizeof(*res->a));
		if (!res->a)
			return failed(res, ENOMEM);
	}
	if (bs_oom_analyze(r, o, res->a, res->oom) < 0)
		return failed(res, EINVAL);
	if (res->a && res->oom->a != res->a) {
		/* the trigger's replay had no table for the kernel: the OOM verdict stands without it */
		free(res->a);
		res->a = NULL;
	}
	return 0;
}

static int analyze_memstate(struct bs_result *res, const struct bs_analyze_opts *o)
{
	res->mem = malloc(sizeof(*res->mem));
	if (!res->mem)
		return failed(res, ENOMEM);
	/* without a table for the kernel the state still renders (verdict no_marks); only ENOMEM fails */
	errno = 0;
	if (bs_memstate_analyze(res->group->rep, o, res->mem) < 0 && errno == ENOMEM)
		return failed(res, ENOMEM);
	return 0;
}

/* A kind without zones: its mode, decoded for its kernel, and what the slow path could do. */
static int analyze_short_mode(struct bs_result *res, const struct bs_analyze_opts *o)
{
	const struct bs_report *r = res->group->rep;

	if (!r->has_mode)
		return 0;
	res->a = calloc(1, sizeof(*res->a));
	if (!res->a)
		return failed(res, ENOMEM);
	res->a->rep = r;
	bs_analyze_era(r, o, res->a);
	if (!res->a->gfp) {
		free(res->a);
		res->a = NULL;
		return 0;
	}
	bs_analyze_slowpath(res->a);
	return 0;
}

/* ... then what the report means, with its numbers. */
static int analyze_short(struct bs_result *res, const struct bs_analyze_opts *o)
{
	if (analyze_short_mode(res, o) < 0)
		return -1;
	res->meaning = malloc(sizeof(*res->meaning));
	if (!res->meaning)
		return failed(res, ENOMEM);
	bs_event_explain(res->group->rep, res->a, res->meaning);
	return 0;
}

static void analyze_one(struct bs_result *res, const struct bs_analyze_opts *o)
{
	res->shape = shape_of(res->group->rep->kind);
	switch (res->shape) {
	case BS_RESULT_ALLOC:
		analyze_alloc(res, o);
		break;
	case BS_RESULT_OOM:
		analyze_oom(res, o);
		break;
	case BS_RESULT_MEMSTATE:
		analyze_memstate(res, o);
		break;
	case BS_RESULT_SHORT:
	case BS_RESULT_FAILED:
		analyze_short(res, o);
		break;
	}
}

struct bs_results *bs_explain_analyze(const struct bs_explain *e, const struct bs_analyze_opts *o)
{
	size_t n = bs_explain_nr_groups(e);
	struct bs_results *res = calloc(1, sizeof(*res) + n * sizeof(res->r[0]));
	struct bs_analyze_opts none = { NULL, NULL, 0 };

	if (!res) {
		errno = ENOMEM;
		return NULL;
	}
	res->e = e;
	res->n = n;
	for (size_t i = 0; i < n; i++) {
		res->r[i].group = bs_explain_group(e, i);
		analyze_one(&res->r[i], o ? o : &none);
	}
	return res;
}

void bs_result_analyze(const struct bs_group *g, const struct bs_analyze_opts *o, struct bs_result *res)
{
	struct bs_analyze_opts none = { NULL, NULL, 0 };

	memset(res, 0, sizeof(*res));
	res->group = g;
	analyze_one(res, o ? o : &none);
}

void bs_result_release(struct bs_result *res)
{
	bs_analysis_release(res->a);
	free(res->a);
	free(res->oom);
	free(res->mem);
	free(res->meaning);
	memset(res, 0, sizeof(*res));
}

void bs_results_free(struct bs_results *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n; i++)
		bs_result_release(&res->r[i]);
	free(res);
}

const struct bs_explain *bs_results_explain(const struct bs_results *res)
{
	return res->e;
}

size_t bs_results_count(const struct bs_results *res)
{
	return res->n;
}

const struct bs_result *bs_results_get(const struct bs_results *res, size_t i)
{
	return i < res->n ? &res->r[i] : NULL;
}

const char *bs_result_shape_name(enum bs_result_shape s)
{
	static const char *const names[] = {
		[BS_RESULT_ALLOC] = "alloc",
		[BS_RESULT_OOM] = "oom",
		[BS_RESULT_MEMSTATE] = "memory_state",
		[BS_RESULT_SHORT] = "short",
		[BS_RESULT_FAILED] = "failed",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

const char *bs_result_cause(const struct bs_result *r)
{
	switch (r->shape) {
	case BS_RESULT_ALLOC: return bs_cause_name(r->a->cause);
	case BS_RESULT_OOM: return bs_oom_cause_name(r->oom->cause);
	case BS_RESULT_MEMSTATE: return bs_memstate_verdict_name(r->mem->verdict);
	case BS_RESULT_SHORT: return bs_kinds_cause(r->group->rep);
	case BS_RESULT_FAILED: return "analysis_failed";
	}
	return "unknown";
}
