// SPDX-License-Identifier: MIT
/*
 * test_input.c - explain's input layer without files: format detection
 * from the first bytes, the JSON record reader (journalctl json, json-seq,
 * json-pretty, byte-array messages, dmesg --json, bad objects), the export
 * reader (text and binary fields, any chunking), the verbose reader, the
 * line a journal entry becomes, journalctl time specifications, the
 * decompressing source over a damaged stream, and the fingerprints that
 * count one report read from two inputs once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input/dedup.h"
#include "input/export.h"
#include "input/input.h"
#include "input/jsonrec.h"
#include "input/record.h"
#include "input/src.h"
#include "input/verbose.h"

/* The entries a reader handed out, as "mono|real|host|transport|message" lines. */
struct got {
	char text[8192];
	int n;
};

static void collect(const struct bs_jrecord *r, void *ctx)
{
	struct got *g = ctx;
	size_t len = strlen(g->text);

	snprintf(g->text + len, sizeof(g->text) - len, "%lld|%lld|%s|%s|%.*s\n",
		 r->has_mono ? (long long)r->mono_usec : r->has_mono_sec ? (long long)(r->mono_sec * 1e6 + 0.5) : -1LL,
		 r->has_real ? (long long)r->real_usec : -1LL, r->host ? r->host : "-",
		 r->transport ? r->transport : "-", (int)r->msg_len, r->msg);
	g->n++;
}

static void detect_codecs(void **state)
{
	(void)state;
	assert_int_equal(bs_input_detect_codec("\x1f\x8b\x08\x00", 4), BS_CODEC_GZIP);
	assert_int_equal(bs_input_detect_codec("\xfd" "7zXZ\0\0\x04", 8), BS_CODEC_XZ);
	assert_int_equal(bs_input_detect_codec("\x28\xb5\x2f\xfd\x24", 5), BS_CODEC_ZSTD);
	assert_int_equal(bs_input_detect_codec("BZh91AY&SY", 10), BS_CODEC_BZIP2);
	/* a log that starts with "BZh" is no bzip2 stream */
	assert_int_equal(bs_input_detect_codec("BZh9 is a word", 14), BS_CODEC_NONE);
	assert_int_equal(bs_input_detect_codec("\x1f", 1), BS_CODEC_NONE);
	assert_int_equal(bs_input_detect_codec("[    1.0] x", 11), BS_CODEC_NONE);
}

static void detect_formats(void **state)
{
	static const char verbose[] =
		"Sat 2023-04-29 13:54:31.000000 UTC [s=a9;i=1;b=01;m=12ac2534e;t=5fa79edca53c0;x=d7]\n"
		"    _TRANSPORT=kernel\n";

	(void)state;
	assert_int_equal(bs_input_detect_format("LPKSHHRH\0\0\0\0", 12), BS_FORMAT_JOURNAL);
	assert_int_equal(bs_input_detect_format("{\"MESSAGE\":\"x\"}\n", 16), BS_FORMAT_JSON);
	assert_int_equal(bs_input_detect_format("\x1e{\"__CURSOR\":\"s\"}\n", 18), BS_FORMAT_JSON);
	assert_int_equal(bs_input_detect_format("{\n\t\"__CURSOR\" : \"s\"\n}\n", 22), BS_FORMAT_JSON);
	assert_int_equal(bs_input_detect_format("{\n   \"dmesg\": [\n", 16), BS_FORMAT_DMESG_JSON);
	assert_int_equal(bs_input_detect_format("__CURSOR=s=1\n__REALTIME_TIMESTAMP=1\n", 36), BS_FORMAT_EXPORT);
	assert_int_equal(bs_input_detect_format(verbose, sizeof(verbose) - 1), BS_FORMAT_VERBOSE);
	assert_int_equal(bs_input_detect_format("-- Journal begins --\n{\"MESSAGE\":\"x\"}\n", 36), BS_FORMAT_JSON);
	assert_int_equal(bs_input_detect_format("[ 1.000] Mem-Info:\n", 19), BS_FORMAT_TEXT);
	/* one KEY=value line is a text log, not an export stream */
	assert_int_equal(bs_input_detect_format("TZ=UTC\nApr 29 kernel: x\n", 24), BS_FORMAT_TEXT);
	/* a brace that opens no JSON object is text */
	assert_int_equal(bs_input_detect_format("{ vendor blob }\n", 16), BS_FORMAT_TEXT);
	assert_int_equal(bs_input_detect_format("\x01\x02\x00\x03\x04", 5), BS_FORMAT_BINARY);
	assert_string_equal(bs_input_format_name(BS_FORMAT_DMESG_JSON), "dmesg-json");
	assert_string_equal(bs_input_codec_name(BS_CODEC_ZSTD), "zstd");
}

/* Feed @s to a JSON reader in chunks of @chunk bytes. */
static void json_read(const char *s, size_t len, size_t chunk, struct got *g, uint64_t *bad)
{
	struct bs_jsonrec *j = bs_jsonrec_alloc(collect, g);
	uint64_t rec;

	assert_non_null(j);
	for (size_t i = 0; i < len; i += chunk)
		bs_jsonrec_feed(j, s + i, len - i < chunk ? len - i : chunk);
	bs_jsonrec_finish(j);
	bs_jsonrec_stats(j, &rec, bad);
	assert_int_equal(rec, (uint64_t)g->n);
	bs_jsonrec_free(j);
}

static void json_records(void **state)
{
	/* json, a json-seq record, a pretty one, a byte-array message, a field set twice, a bad line */
	static const char in[] =
		"{\"MESSAGE\":\"a b\",\"__MONOTONIC_TIMESTAMP\":\"5012345678\",\"__REALTIME_TIMESTAMP\":\"1682776471000000\","
		"\"_HOSTNAME\":\"h\",\"_TRANSPORT\":\"kernel\"}\n"
		"\x1e{\"MESSAGE\":\"seq\",\"_TRANSPORT\":\"syslog\"}\n"
		"{\n\t\"MESSAGE\" : \"pretty\",\n\t\"__MONOTONIC_TIMESTAMP\" : \"7\"\n}\n"
		"{\"MESSAGE\":[104,105,10,33]}\n"
		"{\"MESSAGE\":[\"first\",\"second\"]}\n"
		"{\"MESSAGE\":\"cut\" garbage\n"
		"{\"MESSAGE\":\"after\"}\n";
	static const char want[] =
		"5012345678|1682776471000000|h|kernel|a b\n"
		"-1|-1|-|syslog|seq\n"
		"7|-1|-|-|pretty\n"
		"-1|-1|-|-|hi\n!\n"
		"-1|-1|-|-|first\n"
		"-1|-1|-|-|after\n";
	size_t chunks[] = { 1, 3, 7, sizeof(in) };

	(void)state;
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		struct got g = { "", 0 };
		uint64_t bad;

		json_read(in, sizeof(in) - 1, chunks[c], &g, &bad);
		assert_string_equal(g.text, want);
		assert_int_equal(bad, 1);
	}
}

static void json_dmesg(void **state)
{
	static const char in[] =
		"{\n   \"dmesg\": [\n      {\"pri\": 4, \"time\":   652.272622, \"msg\": \"sh invoked oom-killer\"},\n"
		"      {\"pri\": 4, \"time\": 653.5, \"msg\": \"Mem-Info:\"},\n      {\"pri\": 4}\n   ]\n}\n";
	struct got g = { "", 0 };
	uint64_t bad;

	(void)state;
	json_read(in, sizeof(in) - 1, 5, &g, &bad);
	assert_string_equal(g.text, "652272622|-1|-|-|sh invoked oom-killer\n653500000|-1|-|-|Mem-Info:\n");
	assert_int_equal(bad, 1);
}

static void export_records(void **state)
{
	/* a text MESSAGE, a binary one holding a newline and a '=', a binary field not kept, a bad line */
	static const char in[] =
		"__CURSOR=s=1\n__REALTIME_TIMESTAMP=1682776471000000\n__MONOTONIC_TIMESTAMP=5012345678\n"
		"_TRANSPORT=kernel\nMESSAGE=first line\n\n"
		"__MONOTONIC_TIMESTAMP=9\nOTHER\n\x03\0\0\0\0\0\0\0xyz\nMESSAGE\n\x05\0\0\0\0\0\0\0a\nb=c\n_HOSTNAME=h\n\n"
		"bad key!\nMESSAGE=last\n";
	size_t chunks[] = { 1, 2, 5, sizeof(in) };

	(void)state;
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		struct got g = { "", 0 };
		struct bs_export *x = bs_export_alloc(collect, &g);
		uint64_t rec, bad;

		assert_non_null(x);
		for (size_t i = 0; i < sizeof(in) - 1; i += chunks[c])
			bs_export_feed(x, in + i, sizeof(in) - 1 - i < chunks[c] ? sizeof(in) - 1 - i : chunks[c]);
		bs_export_finish(x);
		bs_export_stats(x, &rec, &bad);
		assert_int_equal(rec, 3);
		assert_int_equal(bad, 1);
		/* the binary message keeps its newline and its '=' */
		assert_string_equal(g.text, "5012345678|1682776471000000|-|kernel|first line\n9|-1|h|-|a\nb=c\n-1|-1|-|-|last\n");
		bs_export_free(x);
	}
}

static void verbose_records(void **state)
{
	static const char in[] =
		"-- Journal begins at Sat 2023-04-29 --\n"
		"Sat 2023-04-29 13:54:31.000000 UTC [s=a9;i=1;b=01;m=12ac2534e;t=5fa79edca53c0;x=d7]\n"
		"    _TRANSPORT=kernel\n    _HOSTNAME=node7\n    MESSAGE=two\n            lines\n    PRIORITY=4\n"
		"Sat 2023-04-29 13:54:32.000000 UTC [s=a9;i=2;b=01;m=10;t=20;x=d8]\n"
		"    MESSAGE=next\n";
	struct got g = { "", 0 };
	struct bs_verbose *v = bs_verbose_alloc(collect, &g);
	uint64_t rec, bad;

	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < sizeof(in) - 1; i += 4)
		bs_verbose_feed(v, in + i, sizeof(in) - 1 - i < 4 ? sizeof(in) - 1 - i : 4);
	bs_verbose_finish(v);
	bs_verbose_stats(v, &rec, &bad);
	assert_int_equal(rec, 2);
	assert_int_equal(bad, 0);
	/* m=12ac2534e is 5012345678 us, t=5fa79edca53c0 is 1682776471000000 us */
	assert_string_equal(g.text, "5012345678|1682776471000000|node7|kernel|two\nlines\n16|32|-|-|next\n");
	bs_verbose_free(v);
}

static void parse_times(void **state)
{
	const int64_t now = 1700000000LL * 1000000;	/* 2023-11-14 22:13:20 UTC */
	int64_t t;

	(void)state;
	setenv("TZ", "UTC", 1);
	assert_int_equal(bs_input_parse_time("2023-04-29 13:54:31", now, &t), 0);
	assert_int_equal(t, 1682776471LL * 1000000);
	assert_int_equal(bs_input_parse_time("2023-04-29", now, &t), 0);
	assert_int_equal(t, 1682726400LL * 1000000);
	assert_int_equal(bs_input_parse_time("2023-04-29 13:54 UTC", now, &t), 0);
	assert_int_equal(t, 1682776440LL * 1000000);
	assert_int_equal(bs_input_parse_time("today", now, &t), 0);
	assert_int_equal(t, 1699920000LL * 1000000);
	assert_int_equal(bs_input_parse_time("yesterday", now, &t), 0);
	assert_int_equal(t, 1699833600LL * 1000000);
	assert_int_equal(bs_input_parse_time("-1h", now, &t), 0);
	assert_int_equal(t, now - 3600LL * 1000000);
	assert_int_equal(bs_input_parse_time("-2d 3h", now, &t), 0);
	assert_int_equal(t, now - (2 * 86400LL + 3 * 3600) * 1000000);
	assert_int_equal(bs_input_parse_time("+30min", now, &t), 0);
	assert_int_equal(t, now + 1800LL * 1000000);
	assert_int_equal(bs_input_parse_time("@1682776471", now, &t), 0);
	assert_int_equal(t, 1682776471LL * 1000000);
	assert_int_equal(bs_input_parse_time("10:00", now, &t), 0);
	assert_int_equal(t, (1699920000LL + 36000) * 1000000);
	assert_int_equal(bs_input_parse_time("next tuesday", now, &t), -1);
	assert_int_equal(bs_input_parse_time("2023-13-01", now, &t), -1);
	assert_int_equal(bs_input_parse_time("-1 fortnight", now, &t), -1);
}

/* A gzip stream of @len bytes of @text, cut to @keep bytes, read through the decoder. */
static void gzip_damage(void **state)
{
	char text[20000], comp[30000], out[65536];
	uLongf clen = sizeof(comp);
	z_stream z = { 0 };
	int fds[2];
	struct bs_src *s;
	ssize_t n;
	size_t got = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + (i * 7919 % 26));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)text;
	z.avail_in = sizeof(text);
	z.next_out = (Bytef *)comp;
	z.avail_out = sizeof(comp);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	clen = sizeof(comp) - z.avail_out;
	deflateEnd(&z);
	/* cut the stream before its trailer: truncated, after the bytes decoded */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], comp, clen - 4), (ssize_t)(clen - 4));
	close(fds[1]);
	s = bs_src_decoder(BS_CODEC_GZIP, bs_src_fd(fds[0]));
	assert_non_null(s);
	while ((n = bs_src_read(s, out + got, sizeof(out) - got)) > 0)
		got += (size_t)n;
	assert_int_equal(n, -1);
	assert_int_equal(got, sizeof(text));
	assert_memory_equal(out, text, sizeof(text));
	assert_non_null(strstr(bs_src_error(s), "gzip data truncated after 20000 decoded bytes"));
	bs_src_free(s);
	close(fds[0]);
}

static void jrecord_line(void **state)
{
	/* the line a journal entry becomes carries its UTC wall and boot stamps */
	struct bs_jrecord r = { .msg = "x", .msg_len = 1, .has_msg = true, .has_mono = true, .mono_usec = 5012345678,
				.has_real = true, .real_usec = 1682776471000123, .host = "a b", .transport = "kernel" };
	struct bs_jrecord user = r;

	(void)state;
	user.transport = "stdout";
	assert_true(bs_jrecord_is_kernel(&r));
	assert_false(bs_jrecord_is_kernel(&user));
}

static void dedup_fingerprints(void **state)
{
	struct bs_report *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct bs_dedup d = { 0 };

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	a->kind = b->kind = BS_KIND_PAGE_ALLOC_FAILURE;
	a->order = b->order = 5;
	a->has_wall = b->has_wall = true;
	a->wall = b->wall = 1682776471;
	strcpy(a->comm, "kworker/31:0");
	strcpy(b->comm, "kworker/31:0");
	/* same report in input 0 and input 1: the second is a duplicate */
	assert_false(bs_dedup_check(&d, bs_dedup_fingerprint(a), 0));
	assert_true(bs_dedup_check(&d, bs_dedup_fingerprint(b), 1));
	/* repeated inside input 0 it is not */
	assert_false(bs_dedup_check(&d, bs_dedup_fingerprint(b), 0));
	/* another second is another report */
	b->wall++;
	assert_false(bs_dedup_check(&d, bs_dedup_fingerprint(b), 1));
	/* no stamp: never a duplicate */
	a->has_wall = false;
	assert_int_equal(bs_dedup_fingerprint(a), 0);
	assert_false(bs_dedup_check(&d, 0, 1));
	bs_dedup_release(&d);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detect_codecs),
		cmocka_unit_test(detect_formats),
		cmocka_unit_test(json_records),
		cmocka_unit_test(json_dmesg),
		cmocka_unit_test(export_records),
		cmocka_unit_test(verbose_records),
		cmocka_unit_test(parse_times),
		cmocka_unit_test(gzip_damage),
		cmocka_unit_test(jrecord_line),
		cmocka_unit_test(dedup_fingerprints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
