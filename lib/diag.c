// SPDX-License-Identifier: MIT
/*
 * diag.c - the diagnostics list (diag.h): add without allocating, and the
 * stable names of codes and severities.
 */
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

void bs_diag_add(struct bs_diag_list *l, enum bs_diag_severity sev, enum bs_diag_code code, const char *fmt, ...)
{
	struct bs_diag *d;
	va_list ap;

	if (l->nr >= BS_DIAG_MAX) {
		l->dropped++;
		return;
	}
	d = &l->items[l->nr++];
	d->severity = sev;
	d->code = code;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}

const char *bs_diag_first_error(const struct bs_diag_list *l)
{
	for (int i = 0; i < l->nr; i++)
		if (l->items[i].severity == BS_DIAG_ERROR)
			return l->items[i].message;
	return NULL;
}

const char *bs_diag_code_name(enum bs_diag_code c)
{
	static const char *const names[BS_DIAG_NR_CODES] = {
		[BS_DIAG_OUT_OF_MEMORY] = "out_of_memory",
		[BS_DIAG_LIMIT] = "limit",
		[BS_DIAG_UNREADABLE] = "unreadable",
		[BS_DIAG_UNWRITABLE] = "unwritable",
		[BS_DIAG_NOT_UNDERSTOOD] = "not_understood",
		[BS_DIAG_UNSTABLE] = "unstable",
		[BS_DIAG_INVALID] = "invalid",
		[BS_DIAG_LOST_LINES] = "lost_lines",
	};

	return (unsigned)c < BS_DIAG_NR_CODES && names[c] ? names[c] : "unknown";
}

const char *bs_diag_severity_name(enum bs_diag_severity s)
{
	switch (s) {
	case BS_DIAG_NOTE:
		return "note";
	case BS_DIAG_WARNING:
		return "warning";
	case BS_DIAG_ERROR:
		return "error";
	}
	return "unknown";
}
