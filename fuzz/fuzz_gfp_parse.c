// SPDX-License-Identifier: MIT
/*
 * fuzz_gfp_parse.c - libFuzzer target for GFP mask parsing and printing.
 *
 * Input layout: 1 byte picks the table (any table or variant), the rest is
 * a mask expression ("GFP_NOFS|__GFP_COMP", "0x104050", garbage).
 *
 * Properties checked, for every table:
 *  - bs_gfp_parse() either fails with a message or yields a mask;
 *  - whatever it yields, bs_gfp_format() of that mask parses back to the
 *    same mask (names round-trip, unknown bits print as hex);
 *  - bs_gfp_split() accounts for every bit: flags | unknown == mask;
 *  - formatting into short buffers keeps the snprintf contract.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/gfp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct bs_gfp_table *pick(uint8_t b)
{
	size_t n, total = 0;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);

	for (size_t i = 0; i < n; i++)
		total += 1 + all[i]->nr_variants;
	b %= total;
	for (size_t i = 0; i < n; i++) {
		if (b == 0)
			return all[i];
		b--;
		if (b < all[i]->nr_variants)
			return all[i]->variants[b];
		b -= all[i]->nr_variants;
	}
	return all[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bs_gfp_table *t;
	char *expr, err[128], buf[1024], small[9];
	const char *names[64];
	uint64_t mask = 0, back = 0, unknown = 0, sum = 0;
	size_t n;
	int len;

	if (size < 1)
		return 0;
	t = pick(data[0]);
	expr = malloc(size);
	if (!expr)
		return 0;
	memcpy(expr, data + 1, size - 1);
	expr[size - 1] = '\0';
	if (bs_gfp_parse(t, expr, &mask, err, sizeof(err)) != 0) {
		if (!err[0])
			abort();	/* a failure always says why */
		free(expr);
		return 0;
	}
	free(expr);
	len = bs_gfp_format(t, mask, buf, sizeof(buf));
	if (len < 0 || (size_t)len >= sizeof(buf))
		abort();
	if (mask && bs_gfp_parse(t, buf, &back, err, sizeof(err)) != 0)
		abort();
	if (mask && back != mask)
		abort();
	if (bs_gfp_format(t, mask, small, sizeof(small)) != len || strlen(small) > 8)
		abort();
	if (strncmp(small, buf, strlen(small)))
		abort();
	n = bs_gfp_split(t, mask, names, 64, &unknown);
	for (size_t i = 0; i < n && i < 64; i++) {
		uint64_t m;

		if (bs_gfp_flag_lookup(t, names[i], &m) < 0)
			abort();	/* split named a flag the table does not have */
		sum |= m;
	}
	if ((sum | unknown) != mask || (sum & unknown))
		abort();
	return 0;
}
