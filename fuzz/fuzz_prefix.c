// SPDX-License-Identifier: MIT
/*
 * fuzz_prefix.c - libFuzzer target for the prefix learner (prefix.h) and
 * the line joiner (linejoin.h).
 *
 * Input layout: 1 byte splits the rest into a header line and a second
 * line.  The header's message start must lie inside it; the shape learned
 * from its prefix must match that prefix itself, wholly, and match no more
 * than any line holds; a mono stamp found must be finite and not negative;
 * joining the two lines must decide one of the three ways, and whether
 * the second goes on the first must not read out of bounds.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/linejoin.h"
#include "parse/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a, *b;
	size_t alen, blen;
	struct bs_prefix p;
	long ms;
	double mono;
	char *scratch;
	enum bs_join j;

	if (size < 1 || size > 65536)
		return 0;
	alen = data[0] % (size);
	a = (const char *)data + 1;
	if (alen > size - 1)
		alen = size - 1;
	b = a + alen;
	blen = size - 1 - alen;

	ms = bs_prefix_message_start(a, alen);
	if (ms < -1 || ms > (long)alen)
		abort();
	if (ms > 0 && bs_prefix_learn(&p, a, (size_t)ms)) {
		/* the prefix a shape was learned from is matched by it, wholly */
		if (bs_prefix_match(&p, a, (size_t)ms) != (size_t)ms)
			abort();
		if (bs_prefix_match(&p, b, blen) > blen)
			abort();
	}
	if (bs_prefix_learn(&p, a, alen) && bs_prefix_match(&p, b, blen) > blen)
		abort();
	if (bs_prefix_mono(a, alen, &mono) && (!isfinite(mono) || mono < 0))
		abort();

	scratch = malloc(alen + blen + 1);
	if (!scratch)
		return 0;
	j = bs_join_decide(a, alen, b, blen, scratch);
	if (j != BS_JOIN_UNSURE && j != BS_JOIN_SPACE && j != BS_JOIN_DIRECT)
		abort();
	free(scratch);
	(void)bs_join_continues(a, alen, b, blen);
	(void)bs_join_is_line_start(b, blen);
	return 0;
}
