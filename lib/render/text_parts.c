// SPDX-License-Identifier: MIT
/*
 * text_parts.c - text pieces shared by the report kinds (see text_parts.h).
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "analysis/results.h"

#include "render/html.h"
#include "render/text_parts.h"

void bs_text_zone_cell(FILE *out, int width, const struct bs_zone *z, enum bs_zone_field f)
{
	if (z->has & (1ull << f))
		fprintf(out, " %*" PRIu64, width, z->kb[f]);
	else
		fprintf(out, " %*s", width, "-");
}

/* A number of kB at @p (digits, then " kB" and no more letters): its value and length, or 0. */
static size_t kb_at(const char *p, uint64_t *kb)
{
	size_t n = 0;
	uint64_t v = 0;

	while (isdigit((unsigned char)p[n]) && n < 19)
		v = v * 10 + (uint64_t)(p[n++] - '0');
	if (!n || isdigit((unsigned char)p[n]) || strncmp(p + n, " kB", 3) || isalnum((unsigned char)p[n + 3]))
		return 0;
	*kb = v;
	return n + 3;
}

void bs_text_sized(FILE *out, const char *s, bool exact)
{
	char sz[24];

	if (exact) {
		fputs(s, out);
		return;
	}
	for (const char *p = s; *p;) {
		uint64_t kb;
		/* a number starts after a space or punctuation, not inside "0x1f" or "1.5" */
		size_t n = (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '.')) ? kb_at(p, &kb) : 0;

		if (n && kb >= 1024) {
			fputs(bs_size_text(sz, sizeof(sz), kb), out);
			p += n;
		} else {
			fputc(*p++, out);
		}
	}
}

void bs_text_evidence(FILE *out, const char (*evidence)[BS_TEXT_LEN], int n, bool exact)
{
	if (!n)
		return;
	fprintf(out, "Evidence:\n");
	for (int i = 0; i < n; i++) {
		fputs("  - ", out);
		bs_text_sized(out, evidence[i], exact);
		fputc('\n', out);
	}
}

void bs_text_advice(FILE *out, const struct bs_advice *advice, int n, bool exact)
{
	if (!n)
		return;
	fprintf(out, "Advice:\n");
	for (int i = 0; i < n; i++) {
		fprintf(out, "  %d. ", advice[i].rank);
		bs_text_sized(out, advice[i].what, exact);
		fputs("\n     why: ", out);
		bs_text_sized(out, advice[i].why, exact);
		fputc('\n', out);
	}
}

void bs_text_diags(FILE *out, const struct bs_diag_list *l, enum bs_diag_code skip)
{
	static const char *const label[] = { "Note:     ", "Warning:  ", "Error:    " };

	for (int i = 0; i < l->nr; i++)
		if (l->items[i].code != skip)
			fprintf(out, "%s %s\n", label[l->items[i].severity], l->items[i].message);
	if (l->dropped)
		fprintf(out, "Note:      %" PRIu64 " further diagnostic(s) not kept\n", l->dropped);
}

/* @s in @w columns, cut with '~' when longer: a table row stays one line. */
static void cell(FILE *out, const char *s, int w)
{
	if ((int)strlen(s) > w)
		fprintf(out, " %.*s~", w - 1, s);
	else
		fprintf(out, " %-*s", w, s);
}

void bs_text_group_table(FILE *out, const struct bs_results *res)
{
	size_t n = bs_results_count(res);

	fprintf(out, "\nGroups:\n  %2s %4s %-18s %-15s %5s %-10s %s\n", "#", "seen", "kind", "task", "order", "mode",
		"cause");
	for (size_t i = 0; i < n; i++) {
		const struct bs_result *r = bs_results_get(res, i);
		const struct bs_report *rep = r->group->rep;
		char order[16] = "-", mode[24] = "-";

		if (rep->has_order && (rep->kind == BS_KIND_OOM || rep->kind == BS_KIND_MEMCG_OOM))
			snprintf(order, sizeof(order), "%d", rep->oom.order);
		else if (rep->has_order)
			snprintf(order, sizeof(order), "%u", rep->order);
		if (rep->has_mode)
			snprintf(mode, sizeof(mode), "0x%" PRIx64, rep->mode);
		fprintf(out, "  %2zu %4" PRIu64, i + 1, r->group->count);
		cell(out, bs_report_kind_name(rep->kind), 18);
		cell(out, rep->comm[0] ? rep->comm : "-", 15);
		fprintf(out, " %5s", order);
		cell(out, mode, 10);
		fprintf(out, " %s\n", bs_result_cause(r));
	}
}
