// SPDX-License-Identifier: MIT
/*
 * test_html.c - the HTML renderer: escaping, sizes for people, and whole
 * pages of hostile logs (task names, cgroup paths and module names that
 * are markup) in which every tag is one the renderer wrote itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>

#include "analysis/results.h"
#include "explain.h"
#include "facts.h"
#include "render/html.h"
#include "render/svg.h"

/* What @fn wrote to a memory stream, NUL-terminated; the caller frees it. */
static char *capture_escape(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	bs_html_escape(f, s);
	fclose(f);
	return buf;
}

static void test_escape_specials(void **state)
{
	char *out = capture_escape("<img src=x onerror=\"alert('1')\">&amp;");

	(void)state;
	assert_string_equal(out, "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;amp;");
	free(out);
}

static void test_escape_controls(void **state)
{
	char *out = capture_escape("a\x01" "b\x7f" "c\td\n\xc3\xa9");

	(void)state;
	/* controls are not allowed in a document; tab, newline and UTF-8 pass */
	assert_string_equal(out, "a&#xfffd;b&#xfffd;c\td\n\xc3\xa9");
	free(out);
}

static void test_size_text(void **state)
{
	char b[24];

	(void)state;
	assert_string_equal(bs_size_text(b, sizeof(b), 812), "812 kB");
	assert_string_equal(bs_size_text(b, sizeof(b), 1024), "1.00 MiB");
	assert_string_equal(bs_size_text(b, sizeof(b), 15872), "15.5 MiB");
	assert_string_equal(bs_size_text(b, sizeof(b), 3315332), "3.16 GiB");
	assert_string_equal(bs_size_text(b, sizeof(b), 209715200), "200 GiB");
}

static void test_nice_max(void **state)
{
	(void)state;
	assert_true(bs_svg_nice_max(0) == 1);
	assert_true(bs_svg_nice_max(3) == 5);
	assert_true(bs_svg_nice_max(10) == 10);
	assert_true(bs_svg_nice_max(11) == 20);
	assert_true(bs_svg_nice_max(828802) == 1000000);
}

/* The page of the log at @rel (from the source tree), NUL-terminated. */
static char *page_of(const char *rel)
{
	char path[512], *log, *buf = NULL;
	size_t len = 0, blen = 0;
	struct bs_explain *e = bs_explain_alloc();
	struct bs_results *res;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	log = slurp(path, &len);
	assert_non_null(log);
	assert_non_null(e);
	assert_int_equal(bs_explain_begin(e, rel), 0);
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	res = bs_explain_analyze(e, NULL);
	assert_non_null(res);
	f = open_memstream(&buf, &blen);
	assert_non_null(f);
	assert_int_equal(bs_explain_render_html(res, NULL, f), 0);
	fclose(f);
	bs_results_free(res);
	bs_explain_free(e);
	free(log);
	return buf;
}

/* The tags the renderer writes; anything else in a page came from its input. */
static const char *const own_tags[] = {
	"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div", "strong",
	"span", "br", "dl", "dt", "dd", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a",
	"section", "figure", "figcaption", "details", "summary", "pre", "svg", "rect", "line", "circle", "text",
	"polyline", "script", NULL,
};

static bool own_tag(const char *p)
{
	char name[16];
	size_t n = 0;

	if (*p == '/')
		p++;
	while ((isalnum((unsigned char)*p) || *p == '!') && n < sizeof(name) - 1)
		name[n++] = *p++;
	name[n] = '\0';
	for (int i = 0; own_tags[i]; i++)
		if (!strcmp(own_tags[i], name))
			return true;
	return false;
}

static void test_hostile_names_page(void **state)
{
	char *page = page_of("tests/fixtures/made/hostile/hostile-names.log");
	int scripts = 0;

	(void)state;
	/* the log's markup is there, as text */
	assert_non_null(strstr(page, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(page, "[&lt;svg/onload=alert(2)&gt;]"));
	assert_non_null(strstr(page, "/k8s/&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"));
	assert_non_null(strstr(page, "&lt;iframe src=//evil&gt;"));
	assert_non_null(strstr(page, "&lt;b onmouseover=&#39;alert(4)&#39;&gt;bash"));
	/* and never as markup: every tag is the renderer's own, one script (the table sorter) */
	for (const char *p = strchr(page, '<'); p; p = strchr(p + 1, '<')) {
		const char *end = strchr(p, '>');

		if (!own_tag(p + 1))
			fail_msg("foreign tag at: %.60s", p);
		/* no event handler attribute in any tag: the renderer writes none */
		assert_non_null(end);
		for (const char *q = p; q < end; q++)
			if (isspace((unsigned char)q[0]) && q[1] == 'o' && q[2] == 'n')
				fail_msg("handler attribute in: %.*s", (int)(end - p + 1), p);
		scripts += !strncmp(p, "<script", 7);
	}
	assert_int_equal(scripts, 1);
	free(page);
}

/* The example's page: the verdict and every chart the issue asks for, by id. */
static void test_example_page(void **state)
{
	char *page = page_of("examples/ceph-centos7.log");

	(void)state;
	assert_non_null(strstr(page, "<strong class=\"cause\">fragmentation</strong>"));
	assert_non_null(strstr(page, "id=\"marks-1-3\""));
	assert_non_null(strstr(page, "id=\"orders-1-3\""));
	assert_non_null(strstr(page, "id=\"steps-1\""));
	/*
	 * the step chart's points are the replay's own steps, each with the
	 * sentence the text and JSON print: the order-0 check, then o=0..3,
	 * failing at o=3 with 1673 pages left <= 3208
	 */
	{
		const char *svg = strstr(page, "id=\"steps-1\""), *end = svg ? strstr(svg, "</svg>") : NULL;
		static const char *const tips[] = {
			"<title>order-0 check: 828802 &gt; min 51331 + lowmem_reserve 0: ok</title>",
			"<title>o=0: - 241701 blocks x 1 pages = 587101 &gt; min&gt;&gt;1 25665: ok</title>",
			"<title>o=3: - 990 blocks x 8 pages = 1673 &lt;= min&gt;&gt;4 3208 (12832 kB): FAIL</title>",
		};
		int points = 0;

		assert_non_null(end);
		for (size_t i = 0; i < sizeof(tips) / sizeof(tips[0]); i++) {
			const char *t = strstr(svg, tips[i]);

			assert_true(t && t < end);
		}
		for (const char *p = strstr(svg, "<circle"); p && p < end; p = strstr(p + 1, "<circle"))
			points++;
		assert_int_equal(points, 5);
	}
	/* nothing outside the page */
	assert_null(strstr(page, "<link"));
	assert_null(strstr(page, "src="));
	assert_null(strstr(page, "url("));
	assert_null(strstr(page, "@import"));
	free(page);
}

/*
 * A buddy line's letters stack the orders chart: an order that printed one
 * letter is that migratetype (CMA, faded: this request may not use it),
 * one that printed several is one piece named for what they are to the
 * request; the requested order is marked.
 */
static void test_buddy_by_migratetype(void **state)
{
	char *page = page_of("tests/fixtures/reports/arm-rpi4-oom-cma-dma-fragment-6.x-partial.log");
	const char *svg = strstr(page, "id=\"orders-1-0\""), *end = svg ? strstr(svg, "</svg>") : NULL;
	const char *cma = svg ? strstr(svg, "class=\"mt-C unusable\"><title>order 10, CMA (C): 125 blocks, 500 MiB; "
				   "this request may not use them") : NULL;
	const char *mixed = svg ? strstr(svg, "class=\"mt-mixed\"><title>order 1, usable and unusable lists (UEC): "
				     "161 blocks") : NULL;

	(void)state;
	assert_non_null(end);
	assert_true(cma && cma < end);
	assert_true(mixed && mixed < end);
	assert_non_null(strstr(svg, "CMA (not usable)"));
	free(page);
	/* a 3.10 failure: MIGRATE_RESERVE blocks apart, the requested order marked */
	page = page_of("tests/fixtures/reports/arm-imx6-cma-vmalloc-3.10.log");
	svg = strstr(page, "id=\"orders-1-0\"");
	end = svg ? strstr(svg, "</svg>") : NULL;
	assert_non_null(end);
	cma = strstr(svg, "class=\"mt-R unusable\"><title>order 5, Reserve (R): 1 block, 128 kB; this request may not use");
	assert_true(cma && cma < end);
	mixed = strstr(svg, "class=\"req-order\"");
	assert_true(mixed && mixed < end);
	assert_non_null(strstr(svg, "order &gt;= 0 requested"));
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_specials),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_size_text),
		cmocka_unit_test(test_nice_max),
		cmocka_unit_test(test_hostile_names_page),
		cmocka_unit_test(test_example_page),
		cmocka_unit_test(test_buddy_by_migratetype),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
