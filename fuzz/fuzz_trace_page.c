// SPDX-License-Identifier: MIT
/*
 * fuzz_trace_page.c - libFuzzer target for the trace decoder and the text
 * parsers of a recording.
 *
 * Input layout: byte 0 picks the parser: 0 a ring-buffer page decoded with
 * the header_page and mm_page_alloc format of the bundled 6.18 recording,
 * 1 an event format file, 2 vmstat text, 3 kallsyms text.  Properties: no
 * crash, no leak, and bs_trace_finish() accepts whatever was decoded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

static const char page_alloc[] =
	"name: mm_page_alloc\nID: 620\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int order;\toffset:16;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned long gfp_flags;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int migratetype;\toffset:32;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"pfn=0x%lx order=%d gfp_flags=%s\", REC->pfn, REC->order, "
	"__print_flags(REC->gfp_flags, \"|\", {0x400, \"__GFP_DIRECT_RECLAIM\"})\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_trace *t;
	struct bs_trace_decoder *d;
	char *copy;

	if (size < 1)
		return 0;
	t = bs_trace_alloc(NULL);
	d = t ? bs_trace_decoder_alloc(t) : NULL;
	copy = malloc(size > 4096 ? size : 4096);
	if (!t || !d || !copy)
		goto out;
	memset(copy, 0, size > 4096 ? size : 4096);
	memcpy(copy, data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		if (bs_trace_decoder_header(d, header_page, sizeof(header_page) - 1) != 0 ||
		    bs_trace_decoder_format(d, "kmem", page_alloc, sizeof(page_alloc) - 1) != 0)
			abort();
		bs_trace_decoder_page(d, 0, copy, 4096);
		break;
	case 1:
		bs_trace_decoder_format(d, "kmem", copy, size - 1);
		break;
	case 2:
		bs_trace_set_vmstat(t, data[0] & 4, copy, size - 1);
		break;
	case 3:
		bs_trace_add_kallsyms(t, copy, size - 1);
		break;
	}
	bs_trace_finish(t);
out:
	free(copy);
	bs_trace_decoder_free(d);
	bs_trace_free(t);
	return 0;
}
