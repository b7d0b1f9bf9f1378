// SPDX-License-Identifier: MIT
/*
 * fuzz_kmsg_parse.c - the report parser and the whole analysis on
 * arbitrary input: no crash, no sanitizer report, and every report it
 * delivers is analysable and keeps its invariants.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "kmsg_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bs_kmsg_parse_buffer("fuzz", (const char *)data, size, check, NULL);
	return 0;
}
