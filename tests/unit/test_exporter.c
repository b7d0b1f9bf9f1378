// SPDX-License-Identifier: MIT
/*
 * test_exporter.c - the exporter's parsers and writer: the exposition
 * writer (lib/render/prom.c) against the text format's rules, the web
 * config (lib/exporter/web_config.c) against the exporter-toolkit files
 * users have, bcrypt checked through libcrypt, and PSI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <crypt.h>
#include <math.h>

#include "exporter.h"
#include "exporter/web_config.h"
#include "render/prom.h"

/* Everything the writer wrote, NUL-terminated; *@rc what bs_prom_end() returned. */
struct out {
	char *buf;
	size_t len;
	FILE *f;
	struct bs_prom w;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	bs_prom_init(&o->w, o->f);
}

static int out_close(struct out *o)
{
	int rc = bs_prom_end(&o->w);

	fclose(o->f);
	return rc;
}

static void test_prom_families_and_escapes(void **state)
{
	struct out o;
	struct bs_prom_label l[] = { { "zone", "Nor\"mal\\x\ny" }, { "order", "3" } };

	(void)state;
	out_open(&o);
	assert_int_equal(bs_prom_family(&o.w, "bs_free_bytes", BS_PROM_GAUGE, "Free\\memory\nnext"), 0);
	assert_int_equal(bs_prom_sample_uint(&o.w, l, 2, 18446744073709551615ull), 0);
	assert_int_equal(bs_prom_family(&o.w, "bs_reports_total", BS_PROM_COUNTER, "Reports"), 0);
	assert_int_equal(bs_prom_sample_int(&o.w, NULL, 0, -1), 0);
	assert_int_equal(out_close(&o), 0);
	assert_string_equal(o.buf,
			    "# HELP bs_free_bytes Free\\\\memory\\nnext\n"
			    "# TYPE bs_free_bytes gauge\n"
			    "bs_free_bytes{zone=\"Nor\\\"mal\\\\x\\ny\",order=\"3\"} 18446744073709551615\n"
			    "# HELP bs_reports_total Reports\n"
			    "# TYPE bs_reports_total counter\n"
			    "bs_reports_total -1\n");
	free(o.buf);
}

static void test_prom_doubles(void **state)
{
	struct out o;

	(void)state;
	out_open(&o);
	bs_prom_family(&o.w, "r", BS_PROM_GAUGE, "");
	bs_prom_sample_double(&o.w, NULL, 0, 0.066);
	bs_prom_sample_double(&o.w, NULL, 0, 0.1 + 0.2);
	bs_prom_sample_double(&o.w, NULL, 0, NAN);
	bs_prom_sample_double(&o.w, NULL, 0, -INFINITY);
	assert_int_equal(out_close(&o), 0);
	/* the shortest digits that read back: 0.066, but 0.30000000000000004 stays exact */
	assert_string_equal(o.buf, "# HELP r \n# TYPE r gauge\nr 0.066\nr 0.30000000000000004\nr NaN\nr -Inf\n");
	free(o.buf);
}

static void test_prom_refuses_misuse(void **state)
{
	static const char *const bad_metric[] = { "", "1abc", "a-b", "a b", "é" };
	static const char *const bad_label[] = { "__name", "a:b", "0x", "" };
	struct out o;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_metric) / sizeof(bad_metric[0]); i++) {
		out_open(&o);
		assert_int_equal(bs_prom_family(&o.w, bad_metric[i], BS_PROM_GAUGE, ""), -1);
		assert_int_equal(out_close(&o), -1);
		assert_int_equal(o.len, 0);	/* nothing half-written */
		free(o.buf);
	}
	for (size_t i = 0; i < sizeof(bad_label) / sizeof(bad_label[0]); i++) {
		struct bs_prom_label l = { bad_label[i], "v" };

		out_open(&o);
		bs_prom_family(&o.w, "m", BS_PROM_GAUGE, "");
		assert_int_equal(bs_prom_sample_int(&o.w, &l, 1, 1), -1);
		assert_int_equal(out_close(&o), -1);
		assert_null(strstr(o.buf, "\nm"));
		free(o.buf);
	}
	assert_true(bs_prom_name_ok("ns:sub_total", false));
	assert_false(bs_prom_name_ok("ns:sub", true));

	/* a family twice, a sample before any family, a label twice */
	out_open(&o);
	assert_int_equal(bs_prom_sample_int(&o.w, NULL, 0, 1), -1);
	assert_int_equal(out_close(&o), -1);
	assert_non_null(strstr(bs_prom_error(&o.w), "outside a family"));
	free(o.buf);
	out_open(&o);
	bs_prom_family(&o.w, "m", BS_PROM_GAUGE, "");
	assert_int_equal(bs_prom_family(&o.w, "m", BS_PROM_GAUGE, ""), -1);
	assert_int_equal(out_close(&o), -1);
	assert_non_null(strstr(bs_prom_error(&o.w), "declared twice"));
	free(o.buf);
	out_open(&o);
	{
		struct bs_prom_label twice[] = { { "a", "1" }, { "a", "2" } };

		bs_prom_family(&o.w, "m", BS_PROM_GAUGE, "");
		assert_int_equal(bs_prom_sample_int(&o.w, twice, 2, 1), -1);
	}
	assert_int_equal(out_close(&o), -1);
	free(o.buf);
}

/* A histogram: _bucket per bound with "le" last, +Inf = _count, then _sum and _count. */
static void test_prom_histogram(void **state)
{
	static const double le[] = { 0.00005, 0.5, 1 };
	static const uint64_t cum[] = { 1, 3, 3 };
	struct bs_prom_label l = { "stall", "direct_reclaim" }, bad = { "le", "1" };
	struct out o;

	(void)state;
	out_open(&o);
	assert_int_equal(bs_prom_family(&o.w, "bs_stall_seconds", BS_PROM_HISTOGRAM, "Stalls"), 0);
	assert_int_equal(bs_prom_histogram(&o.w, &l, 1, le, cum, 3, 4, 2.25), 0);
	assert_int_equal(out_close(&o), 0);
	assert_string_equal(o.buf,
			    "# HELP bs_stall_seconds Stalls\n"
			    "# TYPE bs_stall_seconds histogram\n"
			    "bs_stall_seconds_bucket{stall=\"direct_reclaim\",le=\"5e-05\"} 1\n"
			    "bs_stall_seconds_bucket{stall=\"direct_reclaim\",le=\"0.5\"} 3\n"
			    "bs_stall_seconds_bucket{stall=\"direct_reclaim\",le=\"1\"} 3\n"
			    "bs_stall_seconds_bucket{stall=\"direct_reclaim\",le=\"+Inf\"} 4\n"
			    "bs_stall_seconds_sum{stall=\"direct_reclaim\"} 2.25\n"
			    "bs_stall_seconds_count{stall=\"direct_reclaim\"} 4\n");
	free(o.buf);

	/* a plain sample in a histogram, a histogram in a gauge, "le" given by the caller: refused */
	out_open(&o);
	bs_prom_family(&o.w, "h", BS_PROM_HISTOGRAM, "");
	assert_int_equal(bs_prom_sample_int(&o.w, NULL, 0, 1), -1);
	assert_int_equal(out_close(&o), -1);
	free(o.buf);
	out_open(&o);
	bs_prom_family(&o.w, "g", BS_PROM_GAUGE, "");
	assert_int_equal(bs_prom_histogram(&o.w, NULL, 0, le, cum, 3, 4, 1), -1);
	assert_int_equal(out_close(&o), -1);
	free(o.buf);
	out_open(&o);
	bs_prom_family(&o.w, "h", BS_PROM_HISTOGRAM, "");
	assert_int_equal(bs_prom_histogram(&o.w, &bad, 1, le, cum, 3, 4, 1), -1);
	assert_int_equal(out_close(&o), -1);
	free(o.buf);
}

/* A bcrypt hash of @pw made here with libcrypt, cost 4 (fast) */
static void make_hash(const char *pw, char *out, size_t len)
{
	char salt[64];
	const char *s = crypt_gensalt_rn("$2y$", 4, NULL, 0, salt, sizeof(salt));
	const char *h;

	assert_non_null(s);
	h = crypt(pw, s);
	assert_non_null(h);
	assert_int_equal(strlen(h), 60);
	snprintf(out, len, "%s", h);
}

static void test_web_config_full(void **state)
{
	struct bs_web_config *c = malloc(sizeof(*c));
	char hash[128], yaml[512], err[256];

	(void)state;
	make_hash("s3cret", hash, sizeof(hash));
	snprintf(yaml, sizeof(yaml),
		 "# exporter-toolkit web config\n"
		 "tls_server_config:\n"
		 "  cert_file: server.crt\n"
		 "  key_file: /etc/ssl/private/server.key\n"
		 "basic_auth_users:\n"
		 "  prom: '%s'\n"
		 "  \"second\": %s\n", hash, hash);
	assert_int_equal(bs_web_config_parse(yaml, strlen(yaml), "/etc/buddyscope", c, err, sizeof(err)), 0);
	assert_true(c->tls);
	assert_string_equal(c->cert_file, "/etc/buddyscope/server.crt");
	assert_string_equal(c->key_file, "/etc/ssl/private/server.key");
	assert_int_equal(c->nr_users, 2);
	assert_true(bs_web_config_check(c, "prom", "s3cret"));
	assert_false(bs_web_config_check(c, "prom", "s3cret "));
	assert_false(bs_web_config_check(c, "prom", ""));
	assert_false(bs_web_config_check(c, "nobody", "s3cret"));
	assert_true(bs_web_config_check(c, "second", "s3cret"));
	free(c);
}

static void test_web_config_empty_and_users_only(void **state)
{
	struct bs_web_config *c = malloc(sizeof(*c));
	char err[256];
	const char *users = "basic_auth_users:\n  a: $2b$04$abcdefghijklmnopqrstuu7bX5iCbCW3QLgjzXgrbZEddiNrhvKlu\n";

	(void)state;
	assert_int_equal(bs_web_config_parse("", 0, NULL, c, err, sizeof(err)), 0);
	assert_false(c->tls);
	assert_int_equal(c->nr_users, 0);
	assert_int_equal(bs_web_config_parse("---\n", 4, NULL, c, err, sizeof(err)), 0);
	assert_int_equal(bs_web_config_parse(users, strlen(users), NULL, c, err, sizeof(err)), 0);
	assert_false(c->tls);
	assert_int_equal(c->nr_users, 1);
	free(c);
}

/* Each file is refused, with the reason (and line) in the message. */
static void test_web_config_refusals(void **state)
{
	static const struct {
		const char *yaml, *says;
	} cases[] = {
		{ "tls_server_config:\n  cert_file: a.crt\n", "go together" },
		{ "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n",
		  "line 4: tls_server_config.client_auth_type: not supported" },
		{ "http_server_config:\n  http2: false\n", "http_server_config: not supported" },
		{ "basic_auth_users:\n  bob: plaintext\n", "not a bcrypt hash" },
		{ "basic_auth_users:\n  bob: $1$abc$def\n", "not a bcrypt hash" },
		{ "basic_auth_users: [a, b]\n", "expected a mapping" },
		{ "- a\n- b\n", "expected a mapping at the top" },
		{ "tls_server_config: {cert_file: [x], key_file: y}\n", "expected a file name" },
		{ "basic_auth_users:\n  a: \"$2y$04$abcdefghijklmnopqrstuu7bX5iCbCW3QLgjzXgrbZEddiNrhvKlu\"\n"
		  "  a: \"$2y$04$abcdefghijklmnopqrstuu7bX5iCbCW3QLgjzXgrbZEddiNrhvKlu\"\n", "given twice" },
		{ "tls_server_config:\n  cert_file: 'unterminated\n", "line" },
		{ "tsl_server_config: {}\n", "tsl_server_config: not supported" },
	};
	struct bs_web_config *c = malloc(sizeof(*c));
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(bs_web_config_parse(cases[i].yaml, strlen(cases[i].yaml), NULL, c, err, sizeof(err)), -1);
		if (!strstr(err, cases[i].says))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err, cases[i].says);
		assert_false(c->tls);
		assert_int_equal(c->nr_users, 0);
	}
	free(c);
}

static void test_psi(void **state)
{
	const char good[] = "some avg10=0.00 avg60=0.12 avg300=0.50 total=48969664\n"
			    "full avg10=0.00 avg60=0.00 avg300=0.10 total=14639546\n";
	const char old[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n";	/* no full line (before 5.13 on some configs) */
	const char bad[] = "some avg10=0.00 total=12x\nnonsense\n";
	struct bs_psi p;

	(void)state;
	assert_int_equal(bs_psi_parse(good, strlen(good), &p), 0);
	assert_true(p.has_some && p.has_full);
	assert_int_equal(p.some_total_us, 48969664);
	assert_int_equal(p.full_total_us, 14639546);
	assert_int_equal(bs_psi_parse(old, strlen(old), &p), 0);
	assert_true(p.has_some);
	assert_false(p.has_full);
	assert_int_equal(bs_psi_parse(bad, strlen(bad), &p), 2);
	assert_false(p.has_some);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prom_families_and_escapes),
		cmocka_unit_test(test_prom_doubles),
		cmocka_unit_test(test_prom_refuses_misuse),
		cmocka_unit_test(test_prom_histogram),
		cmocka_unit_test(test_web_config_full),
		cmocka_unit_test(test_web_config_empty_and_users_only),
		cmocka_unit_test(test_web_config_refusals),
		cmocka_unit_test(test_psi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
