/* SPDX-License-Identifier: MIT */
/*
 * wmark_steps.h - the words of the replayed watermark arithmetic: the
 * analysis keeps each step as an op and its numbers (struct
 * bs_wmark_step); this turns one into its sentence (text) or into an
 * object with its id, numbers and sentence (JSON).
 */
#ifndef BS_RENDER_WMARK_STEPS_H
#define BS_RENDER_WMARK_STEPS_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "render/jsonw.h"

/* The step's stable id ("order0_check", "order_loop", ...), or "unknown". */
const char *bs_wmark_step_id(const struct bs_wmark_step *s);

/*
 * The sentence of step @s of replayed zone @z into @buf (@len bytes, cut
 * if longer), e.g. "o=3: - 990 blocks x 8 pages = 1673 <= min>>4 3208
 * (12832 kB): FAIL".  Returns @buf.
 */
char *bs_wmark_step_text(const struct bs_zone_replay *z, const struct bs_wmark_step *s, char *buf, size_t len);

/* "steps": [ {id, the op's numbers, text}, ... ] of @z (docs/json.md). */
void bs_json_wmark_steps(struct bs_jsonw *w, const struct bs_zone_replay *z);

#endif
