// SPDX-License-Identifier: MIT
/*
 * fuzz_input_detect.c - libFuzzer target for format detection and the
 * decompressing sources: the input is detected, decompressed when it
 * has a compressor's magic (damaged streams are what a fuzzer makes), and
 * the whole of it read through explain as bs_input_read() would.  The
 * first byte picks the codec whose magic is put in front, so that every
 * decoder sees fuzzed streams.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "explain.h"
#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const magic[] = { "", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "\xfd" "7zXZ\0",
					     "\x28\xb5\x2f\xfd", "BZh91AY&SY" };
	static const size_t magic_len[] = { 0, 10, 6, 4, 10 };
	struct bs_input_opts o = { 0 };
	struct bs_explain *e;
	char path[64];
	int fd, m;

	if (size < 1 || size > (1 << 20))
		return 0;
	m = data[0] % 5;
	(void)bs_input_detect_format((const char *)data + 1, size - 1);
	(void)bs_input_detect_codec(data + 1, size - 1);
	fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return 0;
	if (write(fd, magic[m], magic_len[m]) != (ssize_t)magic_len[m] ||
	    write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	e = bs_explain_alloc();
	if (e) {
		size_t n;
		const struct bs_input_info *in;

		bs_input_read(e, path, &o);
		in = bs_explain_inputs(e, &n);
		if (n != 1 || (in[0].error[0] == '\0') != (!in[0].unreadable && !in[0].damaged))
			abort();
		bs_explain_free(e);
	}
	close(fd);
	return 0;
}
