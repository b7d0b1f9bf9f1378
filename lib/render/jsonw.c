// SPDX-License-Identifier: MIT
#include "render/jsonw.h"

#include <inttypes.h>
#include <math.h>

void bs_jsonw_init(struct bs_jsonw *w, FILE *f, bool pretty)
{
	w->f = f;
	w->depth = 0;
	w->first[0] = true;
	w->after_name = false;
	w->pretty = pretty;
}

static void indent(struct bs_jsonw *w)
{
	if (!w->pretty)
		return;
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Before any value or name: a comma between siblings, a newline when pretty. */
static void element(struct bs_jsonw *w)
{
	if (w->after_name) {
		w->after_name = false;
		return;
	}
	if (w->depth && !w->first[w->depth])
		fputc(',', w->f);
	if (w->depth)
		indent(w);
	w->first[w->depth] = false;
}

static void put_string(struct bs_jsonw *w, const char *s)
{
	fputc('"', w->f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", w->f); break;
		case '\\': fputs("\\\\", w->f); break;
		case '\n': fputs("\\n", w->f); break;
		case '\r': fputs("\\r", w->f); break;
		case '\t': fputs("\\t", w->f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(w->f, "\\u%04x", c);
			else if (c >= 0x80)
				fputc('?', w->f);	/* keep the output valid UTF-8 whatever the log held */
			else
				fputc(c, w->f);
		}
	}
	fputc('"', w->f);
}

void bs_jsonw_name(struct bs_jsonw *w, const char *name)
{
	element(w);
	put_string(w, name);
	fputs(w->pretty ? ": " : ":", w->f);
	w->after_name = true;
}

void bs_jsonw_string(struct bs_jsonw *w, const char *s)
{
	element(w);
	put_string(w, s ? s : "");
}

void bs_jsonw_start_object(struct bs_jsonw *w)
{
	element(w);
	fputc('{', w->f);
	if (w->depth + 1 < BS_JSONW_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

void bs_jsonw_end_object(struct bs_jsonw *w)
{
	bool empty = w->first[w->depth];

	if (w->depth)
		w->depth--;
	if (!empty)
		indent(w);
	fputc('}', w->f);
	if (!w->depth && w->pretty)
		fputc('\n', w->f);
}

void bs_jsonw_start_array(struct bs_jsonw *w)
{
	element(w);
	fputc('[', w->f);
	if (w->depth + 1 < BS_JSONW_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

void bs_jsonw_end_array(struct bs_jsonw *w)
{
	bool empty = w->first[w->depth];

	if (w->depth)
		w->depth--;
	if (!empty)
		indent(w);
	fputc(']', w->f);
}

void bs_jsonw_u64(struct bs_jsonw *w, uint64_t v)
{
	element(w);
	fprintf(w->f, "%" PRIu64, v);
}

void bs_jsonw_i64(struct bs_jsonw *w, int64_t v)
{
	element(w);
	fprintf(w->f, "%" PRId64, v);
}

void bs_jsonw_double(struct bs_jsonw *w, double v)
{
	element(w);
	if (isfinite(v))
		fprintf(w->f, "%.6f", v);
	else
		fputs("null", w->f);
}

void bs_jsonw_bool(struct bs_jsonw *w, bool v)
{
	element(w);
	fputs(v ? "true" : "false", w->f);
}

void bs_jsonw_null(struct bs_jsonw *w)
{
	element(w);
	fputs("null", w->f);
}

void bs_jsonw_string_field(struct bs_jsonw *w, const char *name, const char *s)
{
	bs_jsonw_name(w, name);
	bs_jsonw_string(w, s);
}

void bs_jsonw_u64_field(struct bs_jsonw *w, const char *name, uint64_t v)
{
	bs_jsonw_name(w, name);
	bs_jsonw_u64(w, v);
}

void bs_jsonw_i64_field(struct bs_jsonw *w, const char *name, int64_t v)
{
	bs_jsonw_name(w, name);
	bs_jsonw_i64(w, v);
}

void bs_jsonw_bool_field(struct bs_jsonw *w, const char *name, bool v)
{
	bs_jsonw_name(w, name);
	bs_jsonw_bool(w, v);
}

void bs_jsonw_u64_known_field(struct bs_jsonw *w, const char *name, bool known, uint64_t v)
{
	bs_jsonw_name(w, name);
	if (known)
		bs_jsonw_u64(w, v);
	else
		bs_jsonw_null(w);
}

void bs_jsonw_i64_known_field(struct bs_jsonw *w, const char *name, bool known, int64_t v)
{
	bs_jsonw_name(w, name);
	if (known)
		bs_jsonw_i64(w, v);
	else
		bs_jsonw_null(w);
}

void bs_jsonw_bool_known_field(struct bs_jsonw *w, const char *name, bool known, bool v)
{
	bs_jsonw_name(w, name);
	if (known)
		bs_jsonw_bool(w, v);
	else
		bs_jsonw_null(w);
}
