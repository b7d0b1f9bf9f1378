// SPDX-License-Identifier: MIT
/*
 * fuzz_kversion.c - libFuzzer target for kernel version strings.
 *
 * The input is a version line as a log might print it, not NUL-terminated
 * (the parser must not read past the length: ASan catches it).
 *
 * Properties checked:
 *  - a parsed version has a plausible major (2-9) and minor, a NUL-ended
 *    raw and release, and a release that occurs in the input;
 *  - parsing the release alone gives the same series;
 *  - bs_kver_gfp_table() never returns NULL for a parsed version.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/gfp.h"
#include "kernel/kversion.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_kver v, w;
	char *copy;

	/* an exact-size heap copy: any read past @size is caught */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (bs_kver_parse(copy, size, &v) != 0) {
		free(copy);
		return 0;
	}
	if (v.major < 2 || v.major > 9 || v.minor < 0 || v.minor > 999)
		abort();
	if (strnlen(v.raw, sizeof(v.raw)) == sizeof(v.raw) ||
	    strnlen(v.release, sizeof(v.release)) == sizeof(v.release))
		abort();
	if (!memmem(copy, size, v.release, strlen(v.release)))
		abort();
	if (bs_kver_parse(v.release, strlen(v.release), &w) != 0 || w.major != v.major || w.minor != v.minor)
		abort();
	if (!bs_kver_gfp_table(&v, NULL))
		abort();
	free(copy);
	return 0;
}
