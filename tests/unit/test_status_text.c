// SPDX-License-Identifier: MIT
/*
 * test_status_text.c - status's text fits a terminal: for every proc
 * fixture, the default rendering (80 columns) has no line wider than 80,
 * the per-order tables are cut into slices of orders rather than run off
 * the edge, and a wider terminal gets each table whole on one row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "analysis/status.h"

#define FIX "tests/fixtures/proc/"

/* Status of fixture @name rendered for a @width-column terminal; the caller frees it. */
static char *render(const char *name, int width)
{
	struct bs_status *s = bs_status_alloc();
	char root[512], *buf = NULL;
	struct bs_status_opts o = { .root = root };
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	snprintf(root, sizeof(root), FIX "%s", name);
	assert_non_null(s);
	assert_non_null(f);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o), 0);
	assert_int_equal(bs_status_render_terminal(s, width, false, f), 0);
	fclose(f);
	bs_status_free(s);
	return buf;
}

/* The widest line of @text in characters (UTF-8 continuation bytes not counted). */
static int widest(const char *text)
{
	int max = 0, w = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			w = 0;
			continue;
		}
		if (((unsigned char)*p & 0xc0) != 0x80 && ++w > max)
			max = w;
	}
	return max;
}

/* Lines of @text that start with @prefix. */
static int lines_starting(const char *text, const char *prefix)
{
	int n = 0;

	for (const char *p = text; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		n += !strncmp(p, prefix, strlen(prefix));
	}
	return n;
}

static void test_every_fixture_fits_80(void **state)
{
	DIR *d = opendir(FIX);
	struct dirent *e;
	int checked = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char *text;

		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		text = render(e->d_name, 0);
		if (widest(text) > 80)
			fail_msg("%s: a line of %d columns:\n%s", e->d_name, widest(text), text);
		free(text);
		checked++;
	}
	closedir(d);
	/* the fixtures tests/fixtures/proc/SOURCES.md lists: none may be skipped unnoticed */
	assert_true(checked >= 10);
}

static void test_orders_sliced_then_whole(void **state)
{
	char *narrow = render("x86_64-6.18-fragmented", 0), *wide = render("x86_64-6.18-fragmented", 200);

	(void)state;
	/* three zones of 11 orders: two slices each at 80 columns, one at 200 */
	assert_int_equal(lines_starting(narrow, "    order "), 6);
	assert_int_equal(lines_starting(wide, "    order "), 3);
	assert_non_null(strstr(narrow, "\n    order             6      7      8      9     10\n"));
	/* the grid's note stays in its row when it fits, becomes a footnote when it does not */
	assert_non_null(strstr(narrow, "*: no compaction for this class"));
	assert_non_null(strstr(wide, "8/8  (no compaction)"));
	assert_true(widest(wide) > 80);
	free(narrow);
	free(wide);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture_fits_80),
		cmocka_unit_test(test_orders_sliced_then_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
