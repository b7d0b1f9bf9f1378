/* SPDX-License-Identifier: MIT */
/*
 * buddyscope.h - the public interface of libbuddyscope, for a program
 * that embeds it: include this header alone and link libbuddyscope.a
 * (with -ltracefs -ltraceevent -lm).
 *
 * The library reads kernel logs and /proc state, replays the page
 * allocator's decisions for the exact kernel version and says why an
 * allocation failed.  It never prints unless asked to render, and never
 * exits; functions return 0, or -1 with errno, or NULL, as each says.
 * The types are opaque: a program holds pointers and asks the library.
 *
 * explain: feed any number of logs, analyse every distinct failure once,
 * render the results as text or JSON:
 *
 *	struct bs_explain *e = bs_explain_alloc();
 *	bs_explain_begin(e, "kern.log");
 *	bs_explain_feed(e, buf, len);		// as often as the input comes
 *	bs_explain_end(e);
 *	struct bs_results *res = bs_explain_analyze(e, NULL);
 *	bs_explain_render_text(res, NULL, stdout);
 *	bs_results_free(res);
 *	bs_explain_free(e);
 *
 * status: the memory state of this machine (or of a snapshot directory);
 * gfp: what one GFP mask asks of the allocator on one kernel.
 */
#ifndef BUDDYSCOPE_H
#define BUDDYSCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BUDDYSCOPE_VERSION "0.1.0"

/* ---- explain: kernel logs in, grouped and analysed failures out ---- */

struct bs_explain;
struct bs_results;

struct bs_whatif_setting;

struct bs_analyze_opts {
	const char *kernel;		/* decode every report as this kernel version, or NULL */
	const struct bs_whatif_setting *whatif;	/* --what-if settings to replay (NULL: none) */
	int nr_whatif;
};

struct bs_render_opts {
	bool verbose;			/* arithmetic for every zone, full traces */
	const char *kernel;		/* as given to the analysis, or NULL */
	int width;			/* text: fold lines to this many columns; 0: 80, < 0: never */
	bool color;			/* text: ANSI colour for FAIL, ok and the verdict */
	bool brief;			/* text: the headline and the table of groups alone */
};

/* A new run, or NULL (errno ENOMEM). */
struct bs_explain *bs_explain_alloc(void);
void bs_explain_free(struct bs_explain *e);

/* Start the input named @source (for the sightings); 0, or -1 with errno ENOMEM. */
int bs_explain_begin(struct bs_explain *e, const char *source);

/* Feed the next @len bytes of the input, in chunks of any size. */
void bs_explain_feed(struct bs_explain *e, const char *buf, size_t len);

/* End the input: reports still open are closed. */
void bs_explain_end(struct bs_explain *e);

/*
 * Analyse every group of @e once (@o NULL: each report's own kernel).
 * NULL with errno ENOMEM; a group whose own analysis fails is a failed
 * result, rendered as such.  @e must outlive the results.
 */
struct bs_results *bs_explain_analyze(const struct bs_explain *e, const struct bs_analyze_opts *o);
void bs_results_free(struct bs_results *res);

/* Distinct failures analysed. */
size_t bs_results_count(const struct bs_results *res);

/* Render the results as text for people, or as JSON (docs/json.md); @o may be NULL.  0 or -1. */
int bs_explain_render_text(const struct bs_results *res, const struct bs_render_opts *o, FILE *out);
int bs_explain_render_json(const struct bs_results *res, const struct bs_render_opts *o, FILE *out);

/* ---- status: the memory state, live or from a snapshot directory ---- */

struct bs_status;

struct bs_status_opts {
	const char *root;		/* NULL or "/" for the live system, else a snapshot directory */
	const char *kernel;		/* override the release read, or NULL */
	int node;			/* zonelist node for the top-level classes */
	const char *gfp;		/* a GFP mask to answer for, or NULL */
	unsigned order;			/* its order */
	bool no_pagetypeinfo;		/* leave /proc/pagetypeinfo unread: the kernel walks every
					   free list under the zone lock to print it (tens of ms on
					   a large machine), too dear for every scrape */
};

/* A zeroed status, or NULL (errno ENOMEM). */
struct bs_status *bs_status_alloc(void);
void bs_status_free(struct bs_status *s);

/* Read the files under @o->root; 0, or -1 (errno) when nothing could be read. */
int bs_status_read(struct bs_status *s, const struct bs_status_opts *o);

/* Analyse what was read; 0, or -1 (errno EINVAL: an invalid --gfp) with the reason in bs_status_error(). */
int bs_status_analyze(struct bs_status *s, const struct bs_status_opts *o);

/* Why the last bs_status_analyze() of @s failed, or NULL when it did not. */
const char *bs_status_error(const struct bs_status *s);

/* Render as text or JSON (docs/status.md); 0 or -1. */
int bs_status_render_text(const struct bs_status *s, FILE *out);
int bs_status_render_json(const struct bs_status *s, FILE *out);

/* ---- gfp: one GFP mask on one kernel ---- */

struct bs_gfp_answer;

#define BS_GFP_QUERY_MAX_CONFIGS 8

struct bs_gfp_query {
	const char *mask;		/* "0x104050", "GFP_NOFS|__GFP_COMP", a mix */
	const char *kernel;		/* a version string, or NULL: the newest table */
	const char *configs[BS_GFP_QUERY_MAX_CONFIGS];	/* "CONFIG_LOCKDEP=y", ... */
	int nr_configs;
	unsigned order;			/* the order the request is for */
	bool order_given;		/* false: the renderers answer compaction per order class */
};

/* An empty answer, or NULL (errno ENOMEM). */
struct bs_gfp_answer *bs_gfp_answer_alloc(void);
void bs_gfp_answer_free(struct bs_gfp_answer *a);

/* Answer @q into @a; 0, or -1 (errno EINVAL) with the reason in bs_gfp_answer_error() (bad version, mask or config). */
int bs_gfp_answer(const struct bs_gfp_query *q, struct bs_gfp_answer *a);

/* Why the last bs_gfp_answer() into @a failed, or NULL when it did not. */
const char *bs_gfp_answer_error(const struct bs_gfp_answer *a);

/* The mask's value, and its decode as that kernel prints it ("GFP_NOFS|__GFP_COMP"). */
uint64_t bs_gfp_answer_mask(const struct bs_gfp_answer *a);
const char *bs_gfp_answer_decoded(const struct bs_gfp_answer *a);

/* The answer as `buddyscope gfp` prints it: text, or one JSON object. */
void bs_gfp_print_text(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *a);
void bs_gfp_print_json(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *a);

#endif
