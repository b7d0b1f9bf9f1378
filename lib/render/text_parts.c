// SPDX-License-Identifier: MIT
/*
 * text_parts.c - text pieces shared by the report kinds (see text_parts.h).
 */
#include <inttypes.h>

#include "render/text_parts.h"

void bs_text_zone_cell(FILE *out, int width, const struct bs_zone *z, enum bs_zone_field f)
{
	if (z->has & (1ull << f))
		fprintf(out, " %*" PRIu64, width, z->kb[f]);
	else
		fprintf(out, " %*s", width, "-");
}

void bs_text_evidence(FILE *out, const char (*evidence)[BS_TEXT_LEN], int n)
{
	if (!n)
		return;
	fprintf(out, "Evidence:\n");
	for (int i = 0; i < n; i++)
		fprintf(out, "  - %s\n", evidence[i]);
}

void bs_text_advice(FILE *out, const struct bs_advice *advice, int n)
{
	if (!n)
		return;
	fprintf(out, "Advice:\n");
	for (int i = 0; i < n; i++)
		fprintf(out, "  %d. %s\n     why: %s\n", advice[i].rank, advice[i].what, advice[i].why);
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
