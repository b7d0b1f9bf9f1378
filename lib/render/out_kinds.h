/* SPDX-License-Identifier: MIT */
/*
 * out_kinds.h - rendering of the kinds of parse_kinds.h, called by
 * out_text.c and out_json.c: the memory state (memory_state and
 * nommu_failure reports) and the fields the other new kinds add.
 */
#ifndef BS_OUT_KINDS_H
#define BS_OUT_KINDS_H

#include <stdio.h>

#include "render/jsonw.h"
#include "analysis/memstate.h"
#include "parse/report.h"

/* The "== ... ==" line of a memory_state or nommu report. */
void bs_memstate_text_head(FILE *out, const struct bs_report *r);

/* Verdict, kernel, zones, classes, evidence and advice of @m. */
void bs_memstate_text_body(FILE *out, const struct bs_memstate *m);

/* The fields of @m inside an event object already opened. */
void bs_memstate_json_body(struct bs_jsonw *w, const struct bs_memstate *m);

/* The fields kind @r->kind adds to its event object (stall_ms, vmap_size, cma_*, ...); none for others. */
void bs_kinds_json_fields(struct bs_jsonw *w, const struct bs_report *r);

#endif
