/* SPDX-License-Identifier: MIT */
/*
 * diag.h - the library's one diagnostics list: what a module could not
 * do or read, kept for the caller to show, with a severity, a stable code
 * and a message.  Functions still return 0 / -1 with errno, or NULL; the
 * list carries what went wrong while the job went on (an unreadable file,
 * a line not understood, a report not kept for lack of memory).
 *
 * The list is a fixed array inside the result that owns it: adding to it
 * never allocates, so running out of memory can itself be reported.  A
 * full list counts what it dropped.
 */
#ifndef BS_DIAG_H
#define BS_DIAG_H

#include <stdint.h>

#define BS_DIAG_MAX	32
#define BS_DIAG_LEN	256

enum bs_diag_severity {
	BS_DIAG_NOTE,			/* said for completeness; the result is whole */
	BS_DIAG_WARNING,		/* part of the input or output is missing */
	BS_DIAG_ERROR,			/* a part of the job could not be done */
};

enum bs_diag_code {
	BS_DIAG_OUT_OF_MEMORY,		/* ENOMEM: something was not kept */
	BS_DIAG_LIMIT,			/* more than a fixed limit: the rest counted only */
	BS_DIAG_UNREADABLE,		/* a file that should be there could not be read */
	BS_DIAG_UNWRITABLE,		/* a file could not be written */
	BS_DIAG_NOT_UNDERSTOOD,		/* a line of a file was not understood */
	BS_DIAG_UNSTABLE,		/* files read together changed in between */
	BS_DIAG_INVALID,		/* a value the caller gave is not valid: a version, a mask, a flag */
	BS_DIAG_LOST_LINES,		/* the logger says it lost lines of the input */
	BS_DIAG_NR_CODES
};

struct bs_diag {
	enum bs_diag_severity severity;
	enum bs_diag_code code;
	char message[BS_DIAG_LEN];	/* "/proc/vmstat: Permission denied (root only)" */
};

struct bs_diag_list {
	struct bs_diag items[BS_DIAG_MAX];
	int nr;
	uint64_t dropped;		/* added while the list was full */
};

/* Add a diagnostic to @l; a full list counts it in @l->dropped instead. */
void bs_diag_add(struct bs_diag_list *l, enum bs_diag_severity sev, enum bs_diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The message of the first error in @l (why the job stopped), or NULL when there is none. */
const char *bs_diag_first_error(const struct bs_diag_list *l);

/* "out_of_memory", "limit", ...: the code's stable name (JSON). */
const char *bs_diag_code_name(enum bs_diag_code c);

/* "note", "warning", "error". */
const char *bs_diag_severity_name(enum bs_diag_severity s);

#endif
