// SPDX-License-Identifier: MIT
/*
 * prom.c - the Prometheus text exposition writer (prom.h): names checked,
 * label values and help escaped, families kept contiguous.
 */
#include "render/prom.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void bs_prom_init(struct bs_prom *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static int fail(struct bs_prom *w, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct bs_prom *w, int err, const char *fmt, ...)
{
	va_list ap;

	if (!w->err) {
		w->err = err;
		va_start(ap, fmt);
		vsnprintf(w->err_what, sizeof(w->err_what), fmt, ap);
		va_end(ap);
	}
	errno = err;
	return -1;
}

bool bs_prom_name_ok(const char *name, bool label)
{
	if (!name || !*name || (*name >= '0' && *name <= '9'))
		return false;
	/* "__" starts the names Prometheus reserves for itself */
	if (label && name[0] == '_' && name[1] == '_')
		return false;
	for (const char *p = name; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			  *p == '_' || (*p == ':' && !label);

		if (!ok)
			return false;
	}
	return true;
}

/* HELP text: backslash and newline escaped. */
static void put_help(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
}

/* A label value: backslash, double quote and newline escaped. */
static void put_value(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out), fputc(*s, out);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
}

int bs_prom_family(struct bs_prom *w, const char *name, enum bs_prom_type type, const char *help)
{
	static const char *const types[] = {
		[BS_PROM_GAUGE] = "gauge", [BS_PROM_COUNTER] = "counter", [BS_PROM_UNTYPED] = "untyped",
		[BS_PROM_HISTOGRAM] = "histogram",
	};

	if (!bs_prom_name_ok(name, false) || strlen(name) >= sizeof(w->family))
		return fail(w, EINVAL, "invalid metric name \"%s\"", name ? name : "(null)");
	if ((unsigned)type > BS_PROM_HISTOGRAM)
		return fail(w, EINVAL, "%s: invalid type", name);
	for (int i = 0; i < w->nr_seen; i++)
		if (!strcmp(w->seen[i], name))
			return fail(w, EINVAL, "family %s declared twice", name);
	if (w->nr_seen >= BS_PROM_MAX_FAMILIES)
		return fail(w, ENOSPC, "more than %d families", BS_PROM_MAX_FAMILIES);
	w->seen[w->nr_seen++] = name;
	strcpy(w->family, name);
	w->type = type;
	fprintf(w->out, "# HELP %s ", name);
	put_help(w->out, help ? help : "");
	fprintf(w->out, "\n# TYPE %s %s\n", name, types[type]);
	return 0;
}

/* The name (with @suffix) and labels of a sample, once they are known to be valid. */
static int head_suffix(struct bs_prom *w, const char *suffix, const struct bs_prom_label *labels, size_t n)
{
	if (!w->family[0])
		return fail(w, EINVAL, "sample outside a family");
	if ((w->type == BS_PROM_HISTOGRAM) != (suffix[0] != '\0'))
		return fail(w, EINVAL, "%s: %s", w->family,
			    suffix[0] ? "a histogram sample in another type's family" : "a plain sample in a histogram");
	for (size_t i = 0; i < n; i++) {
		if (!bs_prom_name_ok(labels[i].name, true) || !labels[i].value)
			return fail(w, EINVAL, "%s: invalid label \"%s\"", w->family,
				    labels[i].name ? labels[i].name : "(null)");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(labels[i].name, labels[j].name))
				return fail(w, EINVAL, "%s: label %s given twice", w->family, labels[i].name);
	}
	fputs(w->family, w->out);
	fputs(suffix, w->out);
	for (size_t i = 0; i < n; i++) {
		fprintf(w->out, "%s%s=\"", i ? "," : "{", labels[i].name);
		put_value(w->out, labels[i].value);
		fputc('"', w->out);
	}
	if (n)
		fputc('}', w->out);
	return 0;
}

static int head(struct bs_prom *w, const struct bs_prom_label *labels, size_t n)
{
	return head_suffix(w, "", labels, n);
}

int bs_prom_sample_int(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, int64_t v)
{
	if (head(w, labels, n) < 0)
		return -1;
	fprintf(w->out, " %" PRId64 "\n", v);
	return 0;
}

int bs_prom_sample_uint(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, uint64_t v)
{
	if (head(w, labels, n) < 0)
		return -1;
	fprintf(w->out, " %" PRIu64 "\n", v);
	return 0;
}

/* The fewest digits (15 or 17) that read back as @v: 0.066, not 0.066000000000000003. */
static const char *shortest(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, len, "%.17g", v);
	return buf;
}

int bs_prom_sample_double(struct bs_prom *w, const struct bs_prom_label *labels, size_t n, double v)
{
	char buf[40];

	if (head(w, labels, n) < 0)
		return -1;
	if (isnan(v))
		fputs(" NaN\n", w->out);
	else if (isinf(v))
		fputs(v > 0 ? " +Inf\n" : " -Inf\n", w->out);
	else
		fprintf(w->out, " %s\n", shortest(v, buf, sizeof(buf)));
	return 0;
}

int bs_prom_histogram(struct bs_prom *w, const struct bs_prom_label *labels, size_t n,
		      const double *le, const uint64_t *cum, size_t nr, uint64_t count, double sum)
{
	struct bs_prom_label l[16];
	char bound[40];

	if (n >= sizeof(l) / sizeof(l[0]))
		return fail(w, EINVAL, "%s: too many labels", w->family);
	for (size_t i = 0; i < n; i++) {
		if (labels[i].name && !strcmp(labels[i].name, "le"))
			return fail(w, EINVAL, "%s: \"le\" is the histogram's own label", w->family);
		l[i] = labels[i];
	}
	l[n].name = "le";
	for (size_t i = 0; i <= nr; i++) {
		l[n].value = i < nr ? shortest(le[i], bound, sizeof(bound)) : "+Inf";
		if (head_suffix(w, "_bucket", l, n + 1) < 0)
			return -1;
		fprintf(w->out, " %" PRIu64 "\n", i < nr ? cum[i] : count);
	}
	if (head_suffix(w, "_sum", labels, n) < 0)
		return -1;
	fprintf(w->out, " %s\n", shortest(sum, bound, sizeof(bound)));
	if (head_suffix(w, "_count", labels, n) < 0)
		return -1;
	fprintf(w->out, " %" PRIu64 "\n", count);
	return 0;
}

int bs_prom_end(struct bs_prom *w)
{
	if (!w->err && (fflush(w->out) == EOF || ferror(w->out)))
		fail(w, errno ? errno : EIO, "write failed");
	if (w->err) {
		errno = w->err;
		return -1;
	}
	return 0;
}

const char *bs_prom_error(const struct bs_prom *w)
{
	return w->err_what;
}
