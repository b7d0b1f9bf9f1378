// SPDX-License-Identifier: MIT
/*
 * test_needle_set.c - the searches of report lines find what memmem()
 * finds: bs_needles_first() needle by needle, on lines short enough for
 * the SIMD filter and on longer ones (the portable filter), with more
 * needles than the filter has bits; bs_find() (textscan.h) one by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "needle_set.h"
#include "textscan.h"

static const struct bs_needle needles[] = {
	BS_NEEDLE(" failure: order:"), BS_NEEDLE(" failure. order:"), BS_NEEDLE(" invoked oom-killer:"),
	BS_NEEDLE(": vmalloc"), BS_NEEDLE("SLUB: Unable"), BS_NEEDLE("XFS: "), BS_NEEDLE("XFS ("),
	BS_NEEDLE("Mem-Info:"), BS_NEEDLE("lloc"), BS_NEEDLE("oom"), BS_NEEDLE("aaa"), BS_NEEDLE("aab"),
	BS_NEEDLE("   "), BS_NEEDLE("  a"),	/* bs_find() looks for the first byte that is not a blank */
};
#define N (sizeof(needles) / sizeof(needles[0]))

/* Every needle's hit is memmem()'s, and the count is the needles found. */
static void check(const char *t, size_t len)
{
	const char *hit[N];
	size_t found = bs_needles_first(t, len, needles, N, hit), want = 0;

	for (size_t k = 0; k < N; k++) {
		const char *m = memmem(t, len, needles[k].s, needles[k].len);

		assert_ptr_equal(hit[k], m);
		assert_ptr_equal(bs_find(t, len, needles[k].s, needles[k].len), m);
		want += m != NULL;
	}
	assert_int_equal(found, want);
}

static void test_fixed_lines(void **state)
{
	static const char *const lines[] = {
		"", "oo", "oom", "kworker/0:1: page allocation failure: order:4, mode:0x40d0",
		"[  12.345678] sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"Node 0 DMA32 free:3452kB min:5560kB low:6948kB high:8340kB active_anon:0kB",
		"XFS (sda1): possible memory allocation deadlock in kmem_alloc (mode:0x250)",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",	/* overlapping starts */
		"ends in a needle cut short: SLUB: Unabl",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		check(lines[i], strlen(lines[i]));
}

/* The hit is inside the line, never in the bytes after it. */
static void test_no_hit_past_the_end(void **state)
{
	const char *s = "a line, then oom";

	(void)state;
	check(s, strlen(s) - 1);
	check(s, strlen(s) - 2);
}

/* Random lines of a small alphabet, with needles dropped in: short (SIMD) and long (portable). */
static void test_random_lines(void **state)
{
	static const char alpha[] = "ao:. lXFSm-I";
	char buf[2048];
	unsigned int seed = 12345;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rand_r(&seed) % (round % 10 ? 200 : 1500));

		for (size_t i = 0; i < len; i++)
			buf[i] = alpha[rand_r(&seed) % (sizeof(alpha) - 1)];
		for (int d = rand_r(&seed) % 3; d > 0; d--) {
			const struct bs_needle *nd = &needles[rand_r(&seed) % N];

			if (len >= nd->len)
				memcpy(buf + rand_r(&seed) % (len - nd->len + 1), nd->s, nd->len);
		}
		check(buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_lines),
		cmocka_unit_test(test_no_hit_past_the_end),
		cmocka_unit_test(test_random_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
