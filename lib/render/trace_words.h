/* SPDX-License-Identifier: MIT */
/*
 * trace_words.h - the words of trace's notes: a note is a code and its
 * values (struct bs_trace_note, trace.h); these give its stable id and
 * its sentence, for the text and JSON renderers and the CLI.
 */
#ifndef BS_RENDER_TRACE_WORDS_H
#define BS_RENDER_TRACE_WORDS_H

#include <stddef.h>

#include "trace.h"

/* The note's stable id ("no_event", "overflow", ...), or "unknown". */
const char *bs_trace_note_id(const struct bs_trace_note *n);

/* The note's sentence into @buf (@len bytes, cut if longer); returns @buf. */
char *bs_trace_note_text(const struct bs_trace_note *n, char *buf, size_t len);

#endif
