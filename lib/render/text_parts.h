/* SPDX-License-Identifier: MIT */
/*
 * text_parts.h - pieces of report text that several kinds share: a zone
 * field's cell, the evidence list and the ranked advice.  One writer each,
 * so every kind prints them alike.
 */
#ifndef BS_RENDER_TEXT_PARTS_H
#define BS_RENDER_TEXT_PARTS_H

#include <stdio.h>

#include "analysis/analysis.h"
#include "diag.h"
#include "parse/report.h"

/* " %*kB" of field @f, or "-" when the report did not print it. */
void bs_text_zone_cell(FILE *out, int width, const struct bs_zone *z, enum bs_zone_field f);

/* "Evidence:" and one "  - line" each; nothing when @n is 0. */
void bs_text_evidence(FILE *out, const char (*evidence)[BS_TEXT_LEN], int n);

/* "Advice:" and "  N. what / why: ..." each; nothing when @n is 0. */
void bs_text_advice(FILE *out, const struct bs_advice *advice, int n);

/* "Note:      message" per diagnostic of @l, but those of code @skip (said otherwise); then what was dropped. */
void bs_text_diags(FILE *out, const struct bs_diag_list *l, enum bs_diag_code skip);

struct bs_results;

/*
 * "Groups:" and one line per group: number, count, kind, task, order,
 * mode, cause; long names cut with '~' so a row stays one line.
 */
void bs_text_group_table(FILE *out, const struct bs_results *res);

#endif
