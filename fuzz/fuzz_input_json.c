// SPDX-License-Identifier: MIT
/*
 * fuzz_input_json.c - libFuzzer target for the JSON record reader
 * (journalctl -o json/json-seq/json-pretty, dmesg --json).  The first byte
 * sets the chunk size; the entries must not depend on it, and every entry
 * handed out must be a whole one (message within its bounds).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/jsonrec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sum {
	uint64_t h, n, bad;
};

static void on_rec(const struct bs_jrecord *r, void *ctx)
{
	struct sum *s = ctx;

	for (size_t i = 0; i < r->msg_len; i++)
		s->h = (s->h ^ (unsigned char)r->msg[i]) * 0x100000001b3ULL;
	s->h ^= r->mono_usec + r->real_usec + (uint64_t)r->has_mono_sec;
	s->n++;
}

static struct sum run(const char *p, size_t n, size_t chunk)
{
	struct sum s = { 0xcbf29ce484222325ULL, 0, 0 };
	uint64_t rec;
	struct bs_jsonrec *j = bs_jsonrec_alloc(on_rec, &s);

	if (!j)
		abort();
	for (size_t i = 0; i < n; i += chunk)
		bs_jsonrec_feed(j, p + i, n - i < chunk ? n - i : chunk);
	bs_jsonrec_finish(j);
	bs_jsonrec_stats(j, &rec, &s.bad);
	bs_jsonrec_free(j);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sum whole, cut;

	if (size < 1)
		return 0;
	whole = run((const char *)data + 1, size - 1, size);
	cut = run((const char *)data + 1, size - 1, (size_t)data[0] % 64 + 1);
	/*
	 * json-c resumes mid-token, so a well-formed stream gives the same
	 * entries in chunks; after a bad object, where the skip to the next
	 * line starts depends on where json-c saw the error, so only memory
	 * safety is asked there.
	 */
	if (!whole.bad && !cut.bad && (whole.n != cut.n || whole.h != cut.h))
		abort();
	return 0;
}
