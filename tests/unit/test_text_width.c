// SPDX-License-Identifier: MIT
/*
 * test_text_width.c - explain's default text fits a terminal: for every
 * report fixture, no line of the text renderer's output (default options)
 * is wider than 80 columns; with a width of 100 none is wider than 100;
 * with -v's "never fold" the lines are the renderer's own; a group that
 * explain --follow prints alone is folded like the list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>

#include "analysis/results.h"
#include "explain.h"
#include "facts.h"
#include "render/text_fit.h"

/* The widest line of @text, in columns (UTF-8 continuation bytes take none). */
static int widest(const char *text, size_t len, size_t *at)
{
	int w = 0, max = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			w = 0;
			continue;
		}
		if (((unsigned char)text[i] & 0xc0) != 0x80 && ++w > max) {
			max = w;
			*at = i;
		}
	}
	return max;
}

static char *render(const char *path, const struct bs_render_opts *o, size_t *out_len)
{
	size_t len = 0;
	char *log = slurp(path, &len), *buf = NULL;
	struct bs_explain *e = bs_explain_alloc();
	struct bs_results *res;
	FILE *f;

	assert_non_null(log);
	assert_non_null(e);
	assert_int_equal(bs_explain_begin(e, path), 0);
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	res = bs_explain_analyze(e, NULL);
	assert_non_null(res);
	f = open_memstream(&buf, out_len);
	assert_non_null(f);
	assert_int_equal(bs_explain_render_text(res, o, f), 0);
	fclose(f);
	bs_results_free(res);
	bs_explain_free(e);
	free(log);
	return buf;
}

/* Every *.log of tests/fixtures/reports rendered with @o is at most @cols wide; returns how many. */
static int all_fit(const struct bs_render_opts *o, int cols)
{
	char dir[512], path[1024];
	struct dirent *d;
	DIR *dp;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/reports", srcdir());
	dp = opendir(dir);
	assert_non_null(dp);
	while ((d = readdir(dp))) {
		size_t l = strlen(d->d_name), len, at = 0;
		char *text;
		int w;

		if (l < 5 || strcmp(d->d_name + l - 4, ".log"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		text = render(path, o, &len);
		w = widest(text, len, &at);
		if (w > cols) {
			size_t s = at;

			while (s > 0 && text[s - 1] != '\n')
				s--;
			fail_msg("%s: a line of %d columns: %.*s", d->d_name, w, (int)(at - s + 1), text + s);
		}
		free(text);
		n++;
	}
	closedir(dp);
	return n;
}

static void test_default_fits_80(void **state)
{
	struct bs_render_opts o = { .verbose = false };

	(void)state;
	/* the fixtures are there: a test over none would prove nothing */
	assert_true(all_fit(&o, 80) >= 50);
}

static void test_wider_terminal(void **state)
{
	struct bs_render_opts o = { .width = 100 };

	(void)state;
	assert_true(all_fit(&o, 100) >= 50);
}

/* Folding changes where lines break, never what they say. */
static void test_fold_keeps_words(void **state)
{
	char path[512];
	struct bs_render_opts wide = { .width = -1 }, narrow = { .width = 0 };
	size_t l1, l2, i = 0, j = 0;
	char *a, *b;

	(void)state;
	snprintf(path, sizeof(path), "%s/examples/ceph-centos7.log", srcdir());
	a = render(path, &wide, &l1);
	b = render(path, &narrow, &l2);
	/* the same characters once runs of white space are squeezed */
	while (i < l1 && j < l2) {
		if (isspace((unsigned char)a[i]) && isspace((unsigned char)b[j])) {
			while (i < l1 && isspace((unsigned char)a[i]))
				i++;
			while (j < l2 && isspace((unsigned char)b[j]))
				j++;
			continue;
		}
		if (a[i] != b[j])
			fail_msg("folded text differs at %zu: %.40s / %.40s", i, a + i, b + j);
		i++;
		j++;
	}
	assert_true(i == l1 && j == l2);
	free(a);
	free(b);
}

/* Colour: FAIL red, a whole-word ok green, the verdict's cause bold red; "okay" stays as it is. */
static void test_colour(void **state)
{
	static const char text[] = "Verdict:   fragmentation (confidence medium)\n  zone FAIL ok okay\n";
	struct bs_text_fit fit = { 80, true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(bs_text_fit_write(text, sizeof(text) - 1, &fit, f), 0);
	fclose(f);
	assert_string_equal(buf, "Verdict:   \033[1;31mfragmentation\033[0m (confidence medium)\n"
				 "  zone \033[1;31mFAIL\033[0m \033[32mok\033[0m okay\n");
	free(buf);
}

/* explain --follow prints each group as it completes: folded to the terminal like the list. */
static void test_follow_group_fits(void **state)
{
	char path[512], *log, *buf;
	struct bs_render_opts narrow = { .width = 0 }, wide = { .width = -1 }, colour = { .width = 0, .color = true };
	const struct bs_render_opts *opts[] = { &narrow, &wide, &colour };
	struct bs_explain *e = bs_explain_alloc();
	size_t len = 0, blen, at;
	int w[3];

	(void)state;
	snprintf(path, sizeof(path), "%s/examples/ceph-centos7.log", srcdir());
	log = slurp(path, &len);
	assert_non_null(log);
	assert_non_null(e);
	assert_int_equal(bs_explain_begin(e, path), 0);
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	assert_non_null(bs_explain_group(e, 0));
	for (int i = 0; i < 3; i++) {
		FILE *f;

		buf = NULL;
		f = open_memstream(&buf, &blen);
		assert_non_null(f);
		assert_int_equal(bs_explain_render_group_text(bs_explain_group(e, 0), opts[i], f), 0);
		fclose(f);
		w[i] = widest(buf, blen, &at);
		assert_non_null(strstr(buf, "fragmentation"));
		if (i == 2)
			assert_non_null(strstr(buf, "\033[1;31mfragmentation\033[0m"));
		else
			assert_null(strchr(buf, '\033'));
		free(buf);
	}
	assert_true(w[0] <= 80);
	/* never folded, the same group has longer lines: the 80 above is the folding's */
	assert_true(w[1] > 80);
	bs_explain_free(e);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_fits_80),
		cmocka_unit_test(test_wider_terminal),
		cmocka_unit_test(test_fold_keeps_words),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_follow_group_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
