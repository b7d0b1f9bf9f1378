/* SPDX-License-Identifier: MIT */
/*
 * jsonw.h - a streaming JSON writer: it takes care of commas, quoting and
 * nesting, so renderers only say what goes where.  Writes to a FILE the
 * application owns; output errors show up in ferror() of that FILE.
 */
#ifndef BS_JSONW_H
#define BS_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BS_JSONW_DEPTH 32

struct bs_jsonw {
	FILE *f;
	int depth;
	bool first[BS_JSONW_DEPTH];	/* no element written yet at this depth */
	bool after_name;		/* a "name": was written; its value comes next */
	bool pretty;
};

void bs_jsonw_init(struct bs_jsonw *w, FILE *f, bool pretty);
void bs_jsonw_name(struct bs_jsonw *w, const char *name);
void bs_jsonw_start_object(struct bs_jsonw *w);
void bs_jsonw_end_object(struct bs_jsonw *w);
void bs_jsonw_start_array(struct bs_jsonw *w);
void bs_jsonw_end_array(struct bs_jsonw *w);
void bs_jsonw_string(struct bs_jsonw *w, const char *s);
void bs_jsonw_u64(struct bs_jsonw *w, uint64_t v);
void bs_jsonw_i64(struct bs_jsonw *w, int64_t v);
void bs_jsonw_double(struct bs_jsonw *w, double v);
void bs_jsonw_bool(struct bs_jsonw *w, bool v);
void bs_jsonw_null(struct bs_jsonw *w);

/* "name": value shorthands */
void bs_jsonw_string_field(struct bs_jsonw *w, const char *name, const char *s);
void bs_jsonw_u64_field(struct bs_jsonw *w, const char *name, uint64_t v);
void bs_jsonw_i64_field(struct bs_jsonw *w, const char *name, int64_t v);
void bs_jsonw_bool_field(struct bs_jsonw *w, const char *name, bool v);

/* "name": v when @known, else "name": null: a number the input did not print is absent, never 0 */
void bs_jsonw_u64_known_field(struct bs_jsonw *w, const char *name, bool known, uint64_t v);
void bs_jsonw_i64_known_field(struct bs_jsonw *w, const char *name, bool known, int64_t v);
void bs_jsonw_bool_known_field(struct bs_jsonw *w, const char *name, bool known, bool v);

#endif
