/* SPDX-License-Identifier: MIT */
/*
 * prom.h - a writer of the Prometheus text exposition format (version
 * 0.0.4): one "# HELP" and "# TYPE" per family, then its samples, label
 * values and help text escaped as the format says.
 *
 * The writer checks what a scraper would reject: metric and label names
 * outside [a-zA-Z_:][a-zA-Z0-9_:]* (labels: no ':'), a family declared
 * twice, a sample of another family than the one open.  The first such
 * mistake (or write error) is remembered and reported by bs_prom_end();
 * the faulty line is not written, so the exposition stays parseable.
 */
#ifndef BS_RENDER_PROM_H
#define BS_RENDER_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BS_PROM_MAX_FAMILIES	128	/* distinct families one exposition may declare */

enum bs_prom_type {
	BS_PROM_GAUGE,
	BS_PROM_COUNTER,
	BS_PROM_UNTYPED,
	BS_PROM_HISTOGRAM,
};

struct bs_prom_label {
	const char *name;
	const char *value;
};

struct bs_prom {
	FILE *out;
	char family[128];		/* the family open, "" none */
	enum bs_prom_type type;
	const char *seen[BS_PROM_MAX_FAMILIES];	/* families declared (the callers' constant names) */
	int nr_seen;
	int err;			/* first error: an errno value, 0 none */
	char err_what[160];		/* what was wrong, for the message */
};

/* Start an exposition on @out. */
void bs_prom_init(struct bs_prom *w, FILE *out);

/*
 * Open family @name of @type with @help (one line; escaped).  @name must
 * stay valid until bs_prom_end() (a string constant).  Returns 0, or -1
 * (remembered) when the name is invalid or the family was declared already.
 */
int bs_prom_family(struct bs_prom *w, const char *name, enum bs_prom_type type, const char *help);

/*
 * One sample of the open family: @labels[0..@n) then the value, written
 * exactly (integers) or with the fewest digits that read back the same (NaN, +Inf and -Inf
 * as the format spells them).  Returns 0 or -1 (remembered).
 */
int bs_prom_sample_int(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, int64_t v);
int bs_prom_sample_uint(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, uint64_t v);
int bs_prom_sample_double(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, double v);

/*
 * One histogram of the open family (BS_PROM_HISTOGRAM): a _bucket sample
 * per upper bound @le[0..@nr) with the cumulative count @cum[i] of
 * observations <= le[i], the +Inf bucket (@count), then _sum and _count,
 * each with @labels (which must not include "le").  Returns 0 or -1.
 */
int bs_prom_histogram(struct bs_prom *w, const struct bs_prom_label *labels, size_t n,
		      const double *le, const uint64_t *cum, size_t nr, uint64_t count, double sum);

/* Whether @name is a valid metric name (@label false) or label name (@label true). */
bool bs_prom_name_ok(const char *name, bool label);

/*
 * Finish: 0 when every line was written, else -1 with errno the first
 * error (EINVAL for a misuse, described by bs_prom_error(), or the write's).
 */
int bs_prom_end(struct bs_prom *w);

/* What the first error was, in words ("" when none). */
const char *bs_prom_error(const struct bs_prom *w);

#endif
