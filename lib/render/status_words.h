/* SPDX-License-Identifier: MIT */
/*
 * status_words.h - the words of status's findings: the analysis keeps each
 * warning, each missing file and the verdict as a kind and its numbers
 * (analysis/status.h); these turn them into sentences for the text, JSON
 * and HTML renderers, and name the numbers for JSON.
 */
#ifndef BS_RENDER_STATUS_WORDS_H
#define BS_RENDER_STATUS_WORDS_H

#include <stddef.h>

#include "analysis/status.h"
#include "render/jsonw.h"

/* The warning's stable id ("below_min", "dirty", "thp_fragmentation", ...). */
const char *bs_status_warning_id(const struct bs_status_warning *w);

/* The warning's sentence into @buf (@len bytes, cut if longer); returns @buf. */
char *bs_status_warning_text(const struct bs_status_warning *w, char *buf, size_t len);

/* The setting that changes it, with the value where computed, into @buf; returns @buf. */
char *bs_status_warning_change(const struct bs_status_warning *w, char *buf, size_t len);

/* The warning's where and numbers as JSON fields of the object open in @jw (docs/status.md). */
void bs_json_status_warning_fields(struct bs_jsonw *jw, const struct bs_status_warning *w);

/* What could not be read, as an id ("unreadable", "lines_not_understood", "osrelease") and a sentence. */
const char *bs_status_missing_id(const struct bs_status_missing *m);
char *bs_status_missing_text(const struct bs_status_missing *m, char *buf, size_t len);

/* The verdict of @s as its id ("healthy", "warnings", ...) and its sentence. */
const char *bs_status_verdict_id(const struct bs_status *s);
char *bs_status_verdict_text(const struct bs_status *s, char *buf, size_t len);

#endif
