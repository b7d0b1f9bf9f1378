// SPDX-License-Identifier: MIT
/*
 * test_gfp_live.c - the running kernel as an oracle for its GFP table.
 *
 * tracefs' events/kmem/mm_page_alloc/format ends in the kernel's own
 * show_gfp_flags() list: every name with its mask as a C expression the
 * kernel already reduced to numbers ("( gfp_t)((((1UL))) << (10))").  This
 * test evaluates those expressions and compares name, order and value with
 * the table bs_kver_gfp_table() picks for `uname -r`.
 *
 * Needs root when tracefs is not mounted: it then mounts it on
 * /sys/kernel/tracing and unmounts it afterwards, leaving the machine as
 * it was.  When it cannot read the format it says why, loudly, and skips.
 */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernel/gfp.h"
#include "kernel/kversion.h"

#define FORMAT "events/kmem/mm_page_alloc/format"
#define MAX_ENTRIES 128

struct entry {
	uint64_t mask;
	char name[64];
};

/* --- a tiny evaluator for the integer expressions of a print fmt --------- */

struct ev {
	const char *p;
	bool bad;
};

static void ws(struct ev *e)
{
	while (isspace((unsigned char)*e->p))
		e->p++;
}

static uint64_t expr_or(struct ev *e);

static uint64_t primary(struct ev *e)
{
	uint64_t v = 0;

	ws(e);
	if (*e->p == '~') {
		e->p++;
		return ~primary(e);
	}
	if (*e->p == '(') {
		const char *q = e->p + 1;

		while (isspace((unsigned char)*q))
			q++;
		if (isalpha((unsigned char)*q) || *q == '_') {
			/* a cast: "( unsigned long)", "( gfp_t)" */
			while (*q && *q != ')')
				q++;
			if (*q != ')') {
				e->bad = true;
				return 0;
			}
			e->p = q + 1;
			return primary(e);
		}
		e->p++;
		v = expr_or(e);
		ws(e);
		if (*e->p != ')') {
			e->bad = true;
			return 0;
		}
		e->p++;
		return v;
	}
	if (isdigit((unsigned char)*e->p)) {
		char *end;

		errno = 0;
		v = strtoull(e->p, &end, 0);
		if (errno || end == e->p) {
			e->bad = true;
			return 0;
		}
		e->p = end;
		while (*e->p == 'u' || *e->p == 'U' || *e->p == 'l' || *e->p == 'L')
			e->p++;
		return v;
	}
	e->bad = true;
	return 0;
}

static uint64_t expr_shift(struct ev *e)
{
	uint64_t v = primary(e);

	for (;;) {
		ws(e);
		if (e->p[0] == '<' && e->p[1] == '<') {
			uint64_t s;

			e->p += 2;
			s = primary(e);
			v = s < 64 ? v << s : 0;
		} else if (e->p[0] == '>' && e->p[1] == '>') {
			uint64_t s;

			e->p += 2;
			s = primary(e);
			v = s < 64 ? v >> s : 0;
		} else {
			return v;
		}
	}
}

static uint64_t expr_and(struct ev *e)
{
	uint64_t v = expr_shift(e);

	for (;;) {
		ws(e);
		if (*e->p != '&' || e->p[1] == '&')
			return v;
		e->p++;
		v &= expr_shift(e);
	}
}

static uint64_t expr_or(struct ev *e)
{
	uint64_t v = expr_and(e);

	for (;;) {
		ws(e);
		if (*e->p != '|' || e->p[1] == '|')
			return v;
		e->p++;
		v |= expr_and(e);
	}
}

static void test_evaluator(void **state)
{
	struct ev e = { "(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) & ~(( gfp_t)0x400)", false };

	(void)state;
	assert_int_equal(expr_or(&e), 0x800);
	assert_false(e.bad);
	e.p = "1 <<";
	e.bad = false;
	expr_or(&e);
	assert_true(e.bad);
}

/* --- reading the format -------------------------------------------------- */

/*
 * Parse the {mask, "name"} list of __print_flags(REC->gfp_flags, "|", ...)
 * in @fmt.  Returns the number of entries, -1 when the list is not there.
 */
static int parse_flags(const char *fmt, struct entry *out, int max)
{
	const char *p = strstr(fmt, "__print_flags(REC->gfp_flags, \"|\",");
	int n = 0;

	if (!p)
		return -1;
	p += strlen("__print_flags(REC->gfp_flags, \"|\",");
	for (;;) {
		struct ev e;
		const char *q;

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p != '{')
			break;
		e.p = p + 1;
		e.bad = false;
		out[n].mask = expr_or(&e);
		if (e.bad)
			return -1;
		ws(&e);
		if (*e.p != ',')
			return -1;
		q = e.p + 1;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '"')
			break;		/* the { 0, ((void *)0) } terminator */
		q++;
		{
			size_t k = strcspn(q, "\"");

			if (k >= sizeof(out[n].name))
				return -1;
			memcpy(out[n].name, q, k);
			out[n].name[k] = '\0';
			q += k + 1;
		}
		while (*q && *q != '}')
			q++;
		if (*q != '}')
			return -1;
		p = q + 1;
		if (++n == max)
			return -1;
	}
	return n;
}

struct live {
	char *fmt;
	char why[512];
	bool mounted_here;
	char mnt[64];
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int setup(void **state)
{
	static struct live L;
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];

	memset(&L, 0, sizeof(L));
	*state = &L;
	for (size_t i = 0; i < 2 && !L.fmt; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], FORMAT);
		L.fmt = slurp(path);
	}
	if (L.fmt)
		return 0;
	/* not mounted: mount it where it belongs, and take it away afterwards */
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) != 0) {
		snprintf(L.why, sizeof(L.why), "tracefs is not mounted and mounting it on /sys/kernel/tracing "
			 "failed: %s%s", strerror(errno), geteuid() ? " (not root)" : "");
		return 0;
	}
	L.mounted_here = true;
	snprintf(L.mnt, sizeof(L.mnt), "/sys/kernel/tracing");
	snprintf(path, sizeof(path), "%s/%s", L.mnt, FORMAT);
	L.fmt = slurp(path);
	if (!L.fmt)
		snprintf(L.why, sizeof(L.why), "cannot read %s: %s", path, strerror(errno));
	return 0;
}

static int teardown(void **state)
{
	struct live *L = *state;

	free(L->fmt);
	if (L->mounted_here && umount(L->mnt) != 0)
		fprintf(stderr, "test_gfp_live: could not unmount %s again: %s\n", L->mnt, strerror(errno));
	return 0;
}

static bool same(const struct entry *e, int n, const struct bs_gfp_table *t)
{
	if ((size_t)n != t->nr_trace_names)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].name, t->trace_names[i].name) || e[i].mask != t->trace_names[i].mask)
			return false;
	return true;
}

static void test_running_kernel(void **state)
{
	struct live *L = *state;
	struct entry e[MAX_ENTRIES];
	struct utsname u;
	struct bs_kver v;
	const struct bs_gfp_table *t, *hit = NULL;
	bool exact;
	int n;

	if (!L->fmt) {
		printf("SKIP test_gfp_live: %s\n", L->why);
		fprintf(stderr, "\n*** SKIP test_gfp_live: %s ***\n\n", L->why);
		skip();
	}
	n = parse_flags(L->fmt, e, MAX_ENTRIES);
	if (n <= 0)
		fail_msg("no gfp_flags __print_flags list in %s", FORMAT);
	assert_int_equal(uname(&u), 0);
	assert_int_equal(bs_kver_parse(u.release, strlen(u.release), &v), 0);
	t = bs_kver_gfp_table(&v, &exact);
	assert_non_null(t);
	printf("live: kernel %s -> table %s%s; tracefs lists %d GFP names\n", u.release, t->id,
	       exact ? "" : " (not exact)", n);
	if (same(e, n, t))
		hit = t;
	for (size_t i = 0; !hit && i < t->nr_variants; i++)
		if (same(e, n, t->variants[i]))
			hit = t->variants[i];
	if (!hit) {
		for (int i = 0; i < n; i++) {
			const char *tn = (size_t)i < t->nr_trace_names ? t->trace_names[i].name : "-";
			uint64_t tm = (size_t)i < t->nr_trace_names ? t->trace_names[i].mask : 0;

			printf("  %2d kernel %-24s %#10llx   table %-24s %#10llx%s\n", i, e[i].name,
			       (unsigned long long)e[i].mask, tn, (unsigned long long)tm,
			       strcmp(tn, e[i].name) || tm != e[i].mask ? "  <--" : "");
		}
		if (!exact) {
			printf("SKIP test_gfp_live: no table for %s exactly; the nearest (%s) differs\n",
			       u.release, t->id);
			skip();
		}
		fail_msg("the running kernel's GFP names differ from table %s and all its variants", t->id);
	}
	printf("live: matches table %s, build %s\n", hit->id, hit->variant ? hit->variant : hit->configs);
	/* and every single flag the kernel names sits on the table's bit */
	for (int i = 0; i < n; i++)
		if (!strncmp(e[i].name, "__GFP_", 6) && e[i].mask && !(e[i].mask & (e[i].mask - 1))) {
			uint64_t m = 0;

			assert_int_equal(bs_gfp_flag_lookup(hit, e[i].name, &m), 0);
			assert_int_equal(m, e[i].mask);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evaluator),
		cmocka_unit_test(test_running_kernel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
