// SPDX-License-Identifier: MIT
/*
 * trace_words.c - trace's notes in words (trace_words.h): one table of
 * ids, one sentence per code, from the values the run kept.
 */
#include <stdio.h>
#include <string.h>

#include "render/trace_words.h"

static const char *const ids[BS_TN_NR] = {
	[BS_TN_MOUNTED] = "tracefs_mounted",
	[BS_TN_STALE_REMOVED] = "stale_instance_removed",
	[BS_TN_STALE_KEPT] = "stale_instance_kept",
	[BS_TN_RECORD_MKDIR] = "record_mkdir",
	[BS_TN_RECORD_WRITE] = "record_write",
	[BS_TN_NO_EVENT] = "no_event",
	[BS_TN_BAD_FORMAT] = "bad_format",
	[BS_TN_FILTER_REFUSED] = "filter_refused",
	[BS_TN_ENABLE_FAILED] = "enable_failed",
	[BS_TN_VMSTAT_READ] = "vmstat_unreadable",
	[BS_TN_RECORD_CPU] = "record_cpu",
	[BS_TN_BUFFER_SIZE] = "buffer_size",
	[BS_TN_NO_STACKS] = "no_stacks",
	[BS_TN_INSTANCE_KEPT] = "instance_kept",
	[BS_TN_UNMOUNT] = "unmount_failed",
	[BS_TN_PIPE_READ] = "pipe_read",
	[BS_TN_KALLSYMS] = "kallsyms_unreadable",
	[BS_TN_NO_FIELD] = "no_field",
	[BS_TN_NO_PFN] = "no_pfn",
	[BS_TN_SHORT_PAGE] = "short_page",
	[BS_TN_BAD_PAGE] = "bad_page",
	[BS_TN_OVERFLOW] = "overflow",
	[BS_TN_DAMAGED_EVENT] = "damaged_event",
	[BS_TN_REPLAY_FORMAT] = "replay_format",
	[BS_TN_REPLAY_READ] = "replay_read",
	[BS_TN_REPLAY_TAIL] = "replay_tail",
	[BS_TN_BAD_KERNEL] = "bad_kernel",
	[BS_TN_BAD_OSRELEASE] = "bad_osrelease",
	[BS_TN_REPLAY_NO_EVENTS] = "replay_no_events",
	[BS_TN_VMSTAT_LINES] = "vmstat_lines",
	[BS_TN_GFP_REPRODUCES] = "gfp_reproduces",
	[BS_TN_GFP_NEWEST] = "gfp_newest",
	[BS_TN_GFP_NONE] = "gfp_none",
};

const char *bs_trace_note_id(const struct bs_trace_note *n)
{
	return n->code < BS_TN_NR && ids[n->code] ? ids[n->code] : "unknown";
}

char *bs_trace_note_text(const struct bs_trace_note *n, char *buf, size_t len)
{
	const char *s0 = n->s[0], *s1 = n->s[1], *s2 = n->s[2], *e = strerror(n->err);
	long long n0 = n->n[0], n1 = n->n[1];

	switch ((enum bs_trace_note_code)n->code) {
	case BS_TN_MOUNTED:
		snprintf(buf, len, "tracefs was not mounted: mounted on %s for this run, unmounted after", s0);
		break;
	case BS_TN_STALE_REMOVED:
		snprintf(buf, len, "removed instance %s left by a killed run", s0);
		break;
	case BS_TN_STALE_KEPT:
		snprintf(buf, len, "instance %s of a dead run could not be removed: %s", s0, e);
		break;
	case BS_TN_RECORD_MKDIR:
		snprintf(buf, len, "record: mkdir %s: %s", s0, e);
		break;
	case BS_TN_RECORD_WRITE:
		snprintf(buf, len, "record: write %s: %s", s0, e);
		break;
	case BS_TN_NO_EVENT:
		snprintf(buf, len, "%s:%s does not exist on this kernel: no %s", s0, s1, s2);
		break;
	case BS_TN_BAD_FORMAT:
		snprintf(buf, len, "%s:%s: its format does not parse: no %s", s0, s1, s2);
		break;
	case BS_TN_FILTER_REFUSED:
		snprintf(buf, len, "%s:%s: the kernel refused the filter \"%s\" (%s): filtered here instead", s0, s1,
			 s2, e);
		break;
	case BS_TN_ENABLE_FAILED:
		snprintf(buf, len, "%s:%s: cannot be enabled (%s): no %s", s0, s1, e, s2);
		break;
	case BS_TN_VMSTAT_READ:
		snprintf(buf, len, "read /proc/vmstat: %s", e);
		break;
	case BS_TN_RECORD_CPU:
		snprintf(buf, len, "record: cpu%lld: %s", n0, e);
		break;
	case BS_TN_BUFFER_SIZE:
		snprintf(buf, len, "could not size the instance's buffers to %lld KiB per CPU", n0);
		break;
	case BS_TN_NO_STACKS:
		snprintf(buf, len, "kernel stacks are not available: %s", e);
		break;
	case BS_TN_INSTANCE_KEPT:
		snprintf(buf, len, "could not remove tracefs instance %s: %s; the next run removes it", s0, e);
		break;
	case BS_TN_UNMOUNT:
		snprintf(buf, len, "could not unmount %s: %s", s0, e);
		break;
	case BS_TN_PIPE_READ:
		snprintf(buf, len, "cpu%lld: read trace_pipe_raw: %s", n0, e);
		break;
	case BS_TN_KALLSYMS:
		snprintf(buf, len, "read /proc/kallsyms: %s: stacks stay numeric", e);
		break;
	case BS_TN_NO_FIELD:
		snprintf(buf, len, "%s:%s has no field \"%s\" on this kernel: not used", s0, s1, s2);
		break;
	case BS_TN_NO_PFN:
		snprintf(buf, len, "kmem:mm_page_alloc has neither pfn nor page: failures cannot be told apart");
		break;
	case BS_TN_SHORT_PAGE:
		snprintf(buf, len, "cpu%lld: a short ring-buffer page (%lld bytes): skipped", n0, n1);
		break;
	case BS_TN_BAD_PAGE:
		snprintf(buf, len, "cpu%lld: a malformed ring-buffer page: skipped", n0);
		break;
	case BS_TN_OVERFLOW:
		snprintf(buf, len, "cpu%lld: the ring buffer overflowed and lost %s events", n0,
			 n1 ? "some" : "an unknown number of");
		break;
	case BS_TN_DAMAGED_EVENT:
		snprintf(buf, len, "cpu%lld: a ring-buffer page with a damaged event: rest of the page skipped", n0);
		break;
	case BS_TN_REPLAY_FORMAT:
		snprintf(buf, len, "%s: does not parse as an event format", s0);
		break;
	case BS_TN_REPLAY_READ:
		snprintf(buf, len, "%s: %s", s0, e);
		break;
	case BS_TN_REPLAY_TAIL:
		snprintf(buf, len, "%s: %lld bytes is not a whole number of %lld-byte pages; the tail is ignored", s0,
			 n0, n1);
		break;
	case BS_TN_BAD_KERNEL:
		snprintf(buf, len, "kernel \"%s\": not a version; the GFP table is inferred", s0);
		break;
	case BS_TN_BAD_OSRELEASE:
		snprintf(buf, len, "osrelease \"%s\": not a version; the GFP table is inferred", s0);
		break;
	case BS_TN_REPLAY_NO_EVENTS:
		snprintf(buf, len, "%s: %s: no events", s0, e);
		break;
	case BS_TN_VMSTAT_LINES:
		snprintf(buf, len, "vmstat.%s: %lld unreadable line%s ignored", n0 ? "end" : "start", n1,
			 n1 == 1 ? "" : "s");
		break;
	case BS_TN_GFP_REPRODUCES:
		snprintf(buf, len, "kernel release unknown: GFP table %s reproduces all %lld masks the kernel printed",
			 s0, n0);
		break;
	case BS_TN_GFP_NEWEST:
		snprintf(buf, len, "kernel release unknown and no mask printed: GFP table %s (the newest) assumed", s0);
		break;
	case BS_TN_GFP_NONE:
		snprintf(buf, len, "kernel release unknown and no GFP table reproduces the kernel's prints: %s assumed",
			 s0);
		break;
	default:
		snprintf(buf, len, "unknown note %u", n->code);
		break;
	}
	return buf;
}
