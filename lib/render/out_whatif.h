/* SPDX-License-Identifier: MIT */
/*
 * out_whatif.h - the parts of a page allocation failure added by the
 * request model and `--what-if`: what the request could do for itself
 * (verdict.request) and the replays under other settings, in JSON and text.
 */
#ifndef BS_RENDER_OUT_WHATIF_H
#define BS_RENDER_OUT_WHATIF_H

#include <stdio.h>

#include "analysis/analysis.h"
#include "render/jsonw.h"

/* "request": { reclaim, compact, ..., summary } inside the verdict object. */
void bs_json_request(struct bs_jsonw *w, const struct bs_analysis *a);

/* "what_if_base": {...}, "what_if": [...] when --what-if was given; nothing otherwise. */
void bs_json_whatif(struct bs_jsonw *w, const struct bs_analysis *a);

/*
 * The slow path's first steps for the request, in words, one line that
 * the text and HTML renderers share: "wake kswapd yes, direct reclaim
 * no, direct compaction no (why)".
 */
void bs_slowpath_steps(const struct bs_slowpath *s, char *buf, size_t len);

/* "Could do:" line(s) for the text verdict. */
void bs_text_request(FILE *out, const struct bs_analysis *a);

/* The before/after table of --what-if; nothing when none was asked. */
void bs_text_whatif(FILE *out, const struct bs_analysis *a);

#endif
