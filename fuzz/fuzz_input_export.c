// SPDX-License-Identifier: MIT
/*
 * fuzz_input_export.c - libFuzzer target for the journal export reader
 * and the journalctl -o verbose reader.  The first byte sets the chunk
 * size; both readers must give the same entries however the stream is cut.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "input/export.h"
#include "input/verbose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sum {
	uint64_t h, n;
};

static void on_rec(const struct bs_jrecord *r, void *ctx)
{
	struct sum *s = ctx;

	if (r->msg_len > BS_LINE_MAX)
		abort();
	for (size_t i = 0; i < r->msg_len; i++)
		s->h = (s->h ^ (unsigned char)r->msg[i]) * 0x100000001b3ULL;
	for (const char *p = r->host; p && *p; p++)
		s->h = (s->h ^ (unsigned char)*p) * 0x100000001b3ULL;
	s->h ^= r->mono_usec + 3 * r->real_usec;
	s->n++;
}

static struct sum run(const char *p, size_t n, size_t chunk, int verbose)
{
	struct sum s = { 0xcbf29ce484222325ULL, 0 };
	struct bs_export *x = verbose ? NULL : bs_export_alloc(on_rec, &s);
	struct bs_verbose *v = verbose ? bs_verbose_alloc(on_rec, &s) : NULL;

	if (!x && !v)
		abort();
	for (size_t i = 0; i < n; i += chunk) {
		size_t k = n - i < chunk ? n - i : chunk;

		if (x)
			bs_export_feed(x, p + i, k);
		else
			bs_verbose_feed(v, p + i, k);
	}
	if (x) {
		bs_export_finish(x);
		bs_export_free(x);
	} else {
		bs_verbose_finish(v);
		bs_verbose_free(v);
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	for (int verbose = 0; verbose < 2; verbose++) {
		struct sum whole = run((const char *)data + 1, size - 1, size, verbose);
		struct sum cut = run((const char *)data + 1, size - 1, (size_t)data[0] % 32 + 1, verbose);

		if (whole.n != cut.n || whole.h != cut.h)
			abort();
	}
	return 0;
}
