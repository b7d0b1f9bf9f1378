/* SPDX-License-Identifier: MIT */
/*
 * json_parts.h - pieces of report JSON that several kinds share: string
 * lists, ranked advice and a buddy line's migratetype letters.  One writer
 * each, so every kind spells them the same way (docs/json.md).
 */
#ifndef BS_RENDER_JSON_PARTS_H
#define BS_RENDER_JSON_PARTS_H

#include "analysis/analysis.h"
#include "diag.h"
#include "render/jsonw.h"
#include "parse/report.h"

/* "name": [ s[0], ... s[n-1] ] */
void bs_json_strings(struct bs_jsonw *w, const char *name, const char (*s)[BS_TEXT_LEN], int n);

/* "evidence": [ {"id": id or null, "numbers": {...}, "text": ...}, ... ] */
void bs_json_evidence(struct bs_jsonw *w, const char (*text)[BS_TEXT_LEN], const struct bs_fact *facts, int n);

/* "advice": [ {rank, what, why}, ... ] */
void bs_json_advice(struct bs_jsonw *w, const struct bs_advice *advice, int n);

/* "migratetypes": the letters per order, or null when the line printed none (or is absent). */
void bs_json_migratetypes(struct bs_jsonw *w, const struct bs_buddy *b);

/* "name": [ {severity, code, message}, ... ] of @l (docs/json.md). */
void bs_json_diags(struct bs_jsonw *w, const char *name, const struct bs_diag_list *l);

#endif
