// SPDX-License-Identifier: MIT
/*
 * needle_set.c - the first occurrence of each of a few fixed strings in a
 * line, in one pass (see needle_set.h).
 *
 * A 256-bit set holds a hash of each needle's first three bytes; the pass
 * looks up the hash of each byte triple of the line and compares the
 * needles only where the set says one may start.  Report lines are short
 * (under 200 bytes), so building the set per call costs less than one
 * memmem() set-up.
 */
#include "needle_set.h"

#include <stdint.h>
#include <string.h>

static inline unsigned int triple_hash(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return (u[0] * 961u + u[1] * 31u + u[2]) & 255u;
}

size_t bs_needles_first(const char *t, size_t len, const struct bs_needle *nd, size_t n, const char **hit)
{
	uint64_t set[4] = { 0 }, left = 0;
	size_t found = 0, shortest = SIZE_MAX;

	for (size_t k = 0; k < n; k++) {
		unsigned int h = triple_hash(nd[k].s);

		hit[k] = NULL;
		set[h >> 6] |= 1ull << (h & 63);
		left |= 1ull << k;
		if (nd[k].len < shortest)
			shortest = nd[k].len;
	}
	if (len < shortest)
		return 0;
	for (size_t i = 0; i + shortest <= len && left; i++) {
		unsigned int h = triple_hash(t + i);

		if (!(set[h >> 6] >> (h & 63) & 1))
			continue;
		for (uint64_t m = left; m; m &= m - 1) {
			unsigned int k = (unsigned int)__builtin_ctzll(m);

			if (nd[k].s[0] == t[i] && nd[k].s[1] == t[i + 1] && nd[k].s[2] == t[i + 2] && len - i >= nd[k].len &&
			    !memcmp(t + i, nd[k].s, nd[k].len)) {
				hit[k] = t + i;
				left &= ~(1ull << k);
				found++;
			}
		}
	}
	return found;
}
