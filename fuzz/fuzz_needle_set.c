// SPDX-License-Identifier: MIT
/*
 * fuzz_needle_set.c - libFuzzer target for bs_needles_first() (needle_set.h).
 *
 * Input layout: the first byte gives how many needles (1 to 12) and the
 * next bytes their lengths (3 to 18); the needles are cut from the bytes
 * after that, and the rest is the line.  Every hit must be memmem()'s.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needle_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_needle nd[12];
	const char *hit[12];
	size_t n, off, found, want = 0;

	if (size < 2)
		return 0;
	n = 1 + data[0] % 12;
	off = 1 + n;
	if (size < off)
		return 0;
	for (size_t k = 0; k < n; k++) {
		size_t len = 3 + data[1 + k] % 16;

		if (size - off < len)
			return 0;
		nd[k].s = (const char *)data + off;
		nd[k].len = len;
		off += len;
	}
	found = bs_needles_first((const char *)data + off, size - off, nd, n, hit);
	for (size_t k = 0; k < n; k++) {
		const char *m = memmem(data + off, size - off, nd[k].s, nd[k].len);

		if (hit[k] != m)
			abort();
		want += m != NULL;
	}
	if (found != want)
		abort();
	return 0;
}
