/* SPDX-License-Identifier: MIT */
/*
 * gfp_out.h - render one GFP answer (bs_gfp_answer(), gfp_query.h) as
 * the text or the JSON `buddyscope gfp` prints.
 */
#ifndef BS_RENDER_GFP_OUT_H
#define BS_RENDER_GFP_OUT_H

#include <stdio.h>

#include "kernel/gfp_query.h"

/* The answer @a to query @q as text to @out. */
void bs_gfp_print_text(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *a);

/* The answer @a to query @q as one JSON object (and a newline) to @out. */
void bs_gfp_print_json(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *a);

#endif
