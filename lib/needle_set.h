/* SPDX-License-Identifier: MIT */
/*
 * needle_set.h - where each of a few fixed strings first occurs in a line,
 * found in one pass over the line instead of one memmem() per string.
 *
 * Report lines are tested against lists of fixed strings (the header
 * shapes, the short reports' openers); glibc's memmem() sets up its search
 * anew for each string and each line, which on a report-dense log cost
 * more than reading the log.  One pass with a filter on the strings'
 * first three bytes finds them all at once.
 */
#ifndef BS_NEEDLE_SET_H
#define BS_NEEDLE_SET_H

#include <stddef.h>

/* One string; BS_NEEDLE("text") fills both from a literal. */
struct bs_needle {
	const char *s;
	size_t len;		/* >= 3 */
};

#define BS_NEEDLE(lit) { "" lit, sizeof(lit) - 1 }
#define BS_NEEDLES_MAX 64

/*
 * bs_needles_first - hit[k] = memmem(@t, @len, nd[k].s, nd[k].len) for
 * every k < @n (@n <= BS_NEEDLES_MAX, every len >= 3), in one pass
 *
 * RETURN VALUE: how many of the needles occur.
 */
size_t bs_needles_first(const char *t, size_t len, const struct bs_needle *nd, size_t n, const char **hit);

#endif
