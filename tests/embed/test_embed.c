// SPDX-License-Identifier: MIT
/*
 * test_embed.c - a program embedding the library the way an outside one
 * would: built with -Iinclude only (no lib/ header is reachable) and
 * linked with libbuddyscope.a.  It explains a log, reads a snapshot's
 * memory state and decodes a GFP mask through <buddyscope.h> alone,
 * with opaque types, and checks what comes back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <buddyscope.h>

#ifdef BS_REPORT_H
#error "a private header of lib/ was reached: the public header must stand alone"
#endif

static const char *srcdir(void)
{
	const char *s = getenv("BS_SRCDIR");

	return s && *s ? s : ".";
}

static char *read_all(const char *rel, size_t *len)
{
	char path[512];
	char *buf = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The README's example: the CentOS 7 ceph order-5 failure is fragmentation. */
static void test_explain(void **state)
{
	struct bs_analyze_opts ao = { .kernel = "3.10.0-514.el7.x86_64" };
	struct bs_render_opts ro = { .verbose = true, .kernel = ao.kernel };
	struct bs_explain *e = bs_explain_alloc();
	struct bs_results *res;
	char *text = NULL, *buf;
	size_t len, tlen = 0;
	FILE *out;

	(void)state;
	assert_non_null(e);
	buf = read_all("examples/ceph-centos7.log", &len);
	assert_int_equal(bs_explain_begin(e, "ceph-centos7.log"), 0);
	for (size_t off = 0; off < len; off += 1000)	/* any chunk size */
		bs_explain_feed(e, buf + off, len - off < 1000 ? len - off : 1000);
	bs_explain_end(e);
	res = bs_explain_analyze(e, &ao);
	assert_non_null(res);
	assert_int_equal(bs_results_count(res), 1);
	out = open_memstream(&text, &tlen);
	assert_non_null(out);
	assert_int_equal(bs_explain_render_text(res, &ro, out), 0);
	assert_int_equal(bs_explain_render_json(res, NULL, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text, "fragmentation"));
	assert_non_null(strstr(text, "\"cause\": \"fragmentation\""));
	assert_non_null(strstr(text, "o=3: - 990 blocks x 8 pages = 1673 <= min>>4 3208 (12832 kB): FAIL"));
	free(text);
	free(buf);
	bs_results_free(res);
	bs_explain_free(e);
}

/* A snapshot directory's memory state, read and rendered. */
static void test_status(void **state)
{
	char root[512], *text = NULL;
	struct bs_status_opts o = { 0 };
	struct bs_status *s = bs_status_alloc();
	size_t tlen = 0;
	FILE *out;

	(void)state;
	assert_non_null(s);
	snprintf(root, sizeof(root), "%s/tests/fixtures/proc/x86_64-6.18-firecracker", srcdir());
	o.root = root;
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o), 0);
	out = open_memstream(&text, &tlen);
	assert_non_null(out);
	assert_int_equal(bs_status_render_json(s, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text, "\"zones\""));
	assert_non_null(strstr(text, "6.18"));
	free(text);
	assert_null(bs_status_error(s));
	/* an invalid --gfp: -1, and the reason */
	o.gfp = "GFP_KERNEL|__GFP_NOPE";
	assert_int_equal(bs_status_analyze(s, &o), -1);
	assert_non_null(bs_status_error(s));
	assert_non_null(strstr(bs_status_error(s), "__GFP_NOPE"));
	bs_status_free(s);
}

/* The seed's mask on its kernel, decoded as that kernel prints it. */
static void test_gfp(void **state)
{
	struct bs_gfp_query q = { .mask = "0x104050", .kernel = "3.10.0-514.el7.x86_64", .order = 5,
				  .order_given = true };
	struct bs_gfp_answer *a = bs_gfp_answer_alloc();
	char *text = NULL;
	size_t tlen = 0;
	FILE *out;

	(void)state;
	assert_non_null(a);
	assert_int_equal(bs_gfp_answer(&q, a), 0);
	assert_int_equal(bs_gfp_answer_mask(a), 0x104050);
	assert_string_equal(bs_gfp_answer_decoded(a), "GFP_NOFS|__GFP_COMP|__GFP_KMEMCG");
	out = open_memstream(&text, &tlen);
	assert_non_null(out);
	bs_gfp_print_text(out, &q, a);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(text, "compaction     order 5: no"));
	free(text);
	assert_null(bs_gfp_answer_error(a));
	q.mask = "__GFP_NO_SUCH_FLAG";
	assert_int_equal(bs_gfp_answer(&q, a), -1);
	/* the reason, through the public header alone */
	assert_non_null(bs_gfp_answer_error(a));
	assert_non_null(strstr(bs_gfp_answer_error(a), "__GFP_NO_SUCH_FLAG"));
	bs_gfp_answer_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_gfp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
