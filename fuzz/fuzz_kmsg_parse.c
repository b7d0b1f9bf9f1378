// SPDX-License-Identifier: MIT
/*
 * fuzz_kmsg_parse.c - the report parser and the whole analysis on
 * arbitrary input: no crash, no sanitizer report, and every report it
 * delivers is analysable and keeps its invariants; the same input behind
 * an Android-style prefix on most lines, for the prefix learner and the
 * line joiner.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/event.h"
#include "parse/kmsg_parse.h"
#include "analysis/memstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The kinds of parse_kinds.c: their meaning and the memory-state analysis keep their invariants. */
static void kinds(const struct bs_report *r)
{
	static struct bs_memstate m;
	struct bs_event_meaning em;

	bs_event_explain(r, NULL, &em);
	if (!memchr(em.mechanism, '\0', sizeof(em.mechanism)) || !memchr(em.fixes, '\0', sizeof(em.fixes)))
		abort();
	if (r->kind == BS_KIND_CONTIG_BUSY && !r->ev.busy_ranges)
		abort();
	if (r->kind != BS_KIND_MEMORY_STATE && r->kind != BS_KIND_NOMMU_FAILURE)
		return;
	if (r->kind == BS_KIND_MEMORY_STATE && !r->nr_zones && !r->nr_counters)
		abort();	/* an empty dump is never delivered */
	if (bs_memstate_analyze(r, NULL, &m) == 0) {
		if (m.nr_zones != r->nr_zones || m.nr_evidence > BS_MAX_EVIDENCE || m.nr_advice > BS_MAX_ADVICE)
			abort();
		for (int c = 0; c < BS_NR_CLASSES; c++)
			if (m.cls[c].highest_min >= BS_MAX_ORDERS || m.cls[c].highest_low >= BS_MAX_ORDERS)
				abort();
	}
}

static void check(const struct bs_report *r, void *ctx)
{
	static struct bs_analysis a;

	(void)ctx;
	if (r->nr_zones < 0 || r->nr_zones > BS_MAX_ZONES || r->nr_frames > BS_MAX_FRAMES)
		abort();
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].buddy.nr_orders > BS_MAX_ORDERS)
			abort();
	if (bs_analyze(r, NULL, &a) != 0)
		abort();
	if (a.nr_zones != r->nr_zones || a.nr_advice > BS_MAX_ADVICE)
		abort();
	kinds(r);
}

/*
 * The input again with every line behind an Android-style prefix, so the
 * prefix learner, the stripping and the line joiner see every shape too.
 */
static void prefixed(const uint8_t *data, size_t size)
{
	static const char pre[] = "<6>[ 1234.567890] [1:  kswapd0:  123] ";
	size_t lines = 1, n = 0;
	char *buf;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	buf = malloc(size + lines * (sizeof(pre) - 1));
	if (!buf)
		return;
	memcpy(buf, pre, sizeof(pre) - 1);
	n = sizeof(pre) - 1;
	for (size_t i = 0; i < size; i++) {
		buf[n++] = (char)data[i];
		if (data[i] == '\n' && (i % 3)) {
			/* every third line unprefixed: the rest of a broken line */
			memcpy(buf + n, pre, sizeof(pre) - 1);
			n += sizeof(pre) - 1;
		}
	}
	bs_kmsg_parse_buffer("fuzz", buf, n, check, NULL);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bs_kmsg_parse_buffer("fuzz", (const char *)data, size, check, NULL);
	prefixed(data, size);
	return 0;
}
