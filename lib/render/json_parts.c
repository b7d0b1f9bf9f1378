// SPDX-License-Identifier: MIT
/*
 * json_parts.c - JSON pieces shared by the report kinds (see json_parts.h).
 */
#include "render/json_parts.h"

void bs_json_strings(struct bs_jsonw *w, const char *name, const char (*s)[BS_TEXT_LEN], int n)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_array(w);
	for (int i = 0; i < n; i++)
		bs_jsonw_string(w, s[i]);
	bs_jsonw_end_array(w);
}

/* "id": "..." or null, "numbers": { name: value, ... } */
static void fact_fields(struct bs_jsonw *w, const struct bs_fact *f)
{
	bs_jsonw_name(w, "id");
	if (f && f->id)
		bs_jsonw_string(w, f->id);
	else
		bs_jsonw_null(w);
	bs_jsonw_name(w, "numbers");
	bs_jsonw_start_object(w);
	for (int i = 0; f && i < f->n; i++)
		bs_jsonw_i64_field(w, f->name[i], f->v[i]);
	bs_jsonw_end_object(w);
}

void bs_json_evidence(struct bs_jsonw *w, const char (*text)[BS_TEXT_LEN], const struct bs_fact *facts, int n)
{
	bs_jsonw_name(w, "evidence");
	bs_jsonw_start_array(w);
	for (int i = 0; i < n; i++) {
		bs_jsonw_start_object(w);
		fact_fields(w, &facts[i]);
		bs_jsonw_string_field(w, "text", text[i]);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

void bs_json_advice(struct bs_jsonw *w, const struct bs_advice *advice, int n)
{
	bs_jsonw_name(w, "advice");
	bs_jsonw_start_array(w);
	for (int i = 0; i < n; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_i64_field(w, "rank", advice[i].rank);
		fact_fields(w, &advice[i].fact);
		bs_jsonw_string_field(w, "what", advice[i].what);
		bs_jsonw_string_field(w, "why", advice[i].why);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

void bs_json_migratetypes(struct bs_jsonw *w, const struct bs_buddy *b)
{
	bs_jsonw_name(w, "migratetypes");
	if (!b->present || !b->has_types) {
		bs_jsonw_null(w);
		return;
	}
	bs_jsonw_start_array(w);
	for (int o = 0; o < b->nr_orders; o++) {
		char t[8];

		bs_mt_letters(b->types[o], t);
		bs_jsonw_string(w, t);
	}
	bs_jsonw_end_array(w);
}

void bs_json_diags(struct bs_jsonw *w, const char *name, const struct bs_diag_list *l)
{
	bs_jsonw_name(w, name);
	bs_jsonw_start_array(w);
	for (int i = 0; i < l->nr; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "severity", bs_diag_severity_name(l->items[i].severity));
		bs_jsonw_string_field(w, "code", bs_diag_code_name(l->items[i].code));
		bs_jsonw_string_field(w, "message", l->items[i].message);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}
