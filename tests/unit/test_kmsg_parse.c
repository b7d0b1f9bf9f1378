// SPDX-License-Identifier: MIT
/*
 * test_kmsg_parse.c - the report parser against real published reports.
 *
 * Each tests/fixtures/reports/NAME.log is a real report; NAME.facts holds
 * what a person read off it.  Every fact key is either checked here or
 * listed in not_checked[] with the reason, so no fact is silently
 * skipped.  One cmocka test per fixture.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "facts.h"
#include "parse/kmsg_parse.h"

#define MAX_REPORTS 16

struct parsed {
	struct bs_report r[MAX_REPORTS];
	int n;
	const char *kind;	/* the facts' "kind": only reports of it are kept */
	int per_kind[BS_KIND_NR];
};

/* The kind a facts file describes: its "kind:" up to the first space. */
static bool kind_wanted(const char *facts_kind, enum bs_report_kind k)
{
	const char *name = bs_report_kind_name(k);
	size_t n = strlen(name);

	if (!facts_kind)
		return k == BS_KIND_PAGE_ALLOC_FAILURE;
	/* "oom" describes global and memcg OOM reports alike: the facts say which */
	if (!strncmp(facts_kind, "oom", 3) || !strncmp(facts_kind, "memcg_oom", 9))
		return k == BS_KIND_OOM || k == BS_KIND_MEMCG_OOM;
	if (!strncmp(facts_kind, name, n) && (!facts_kind[n] || facts_kind[n] == ' '))
		return true;
	/* a kind of its own only in prose ("vmemmap_alloc_failure"): warn_alloc() all the same */
	for (int i = 0; i < BS_KIND_NR; i++) {
		const char *o = bs_report_kind_name((enum bs_report_kind)i);

		if (!strncmp(facts_kind, o, strlen(o)) && (!facts_kind[strlen(o)] || facts_kind[strlen(o)] == ' '))
			return false;
	}
	return k == BS_KIND_PAGE_ALLOC_FAILURE;
}

static void collect(const struct bs_report *r, void *ctx)
{
	struct parsed *p = ctx;

	p->per_kind[r->kind]++;
	if (!kind_wanted(p->kind, r->kind))
		return;
	if (p->n < MAX_REPORTS)
		p->r[p->n] = *r;
	p->n++;
}

/* Keys the facts files carry that this test does not check, and why. */
static const char *const not_checked[] = {
	"source", "arch", "notes", "context", "kind",	/* prose for people */
	"path",			/* prose; the path classes are checked in test_analysis */
	"hugepages",		/* counted, not kept field by field */
	"snapshot_owner", "snapshot.zones",	/* whose Mem-Info it is: checked through "zones" */
	"oom.1", "oom.2", "oom.3", "oom.4",	/* prose about the OOM reports of a failure's fixture */
	"buddy_block_sizes_kb",	/* checked through buddy_block_kb and orders */
	"pages_cma_reserved", "pages_highmem",	/* totals we do not keep */
	"report.2.header_only", "report.2.truncated", "report.3.truncated",	/* prose */
	"tainted",		/* checked below as squeezed letters */
	"first_site_module",	/* checked with first_site */
	"node.0.all_unreclaimable",	/* per-node lines are not kept yet */
	"uid",			/* the 6.13+ UID of the CPU line is read past, not kept */
	"workqueue",		/* "Workqueue:" lines are read past, not kept */
	"driver",		/* the driver line after a CMA failure is not part of cma_alloc()'s report */
	"cma_largest_free_pages",	/* a vendor kernel's map summary we do not keep */
	"free_total_kb",	/* 2.4's "Free pages:" total: memory states are read from zone lines */
};

/*
 * Facts the parser does not meet yet, each a real shape it should learn.
 * They are printed on every run, so they are not forgotten.
 */
static const struct {
	const char *fixture, *key, *why;
} known_gaps[] = {
	{ "syzbot-interleaved-pr_cont-4.19-fragment", "cpuset", "pr_cont pieces of another CPU's line" },
	{ "syzbot-interleaved-pr_cont-4.19-fragment", "mems_allowed", "pr_cont pieces of another CPU's line" },
	{ "syzbot-interleaved-pr_cont-4.19-fragment", "buddy.0.DMA", "buddy tokens scattered over lines" },
	{ "syzbot-interleaved-pr_cont-4.19-fragment", "buddy_block_kb", "buddy tokens scattered over lines" },
	/* the vmalloc header's CPU line, trace and Mem-Info come after another CPU's whole OOM report */
	{ "x86_64-vmalloc-oom-interleaved-4.13", "pid", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "cpu", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "kernel", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "zones", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "first_site", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "zone.*", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "buddy*", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "meminfo.*", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "orders", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "free_swap_kb", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "total_swap_kb", "report body printed after another report" },
	{ "x86_64-vmalloc-oom-interleaved-4.13", "pages_*", "report body printed after another report" },
	/* the kinds are parsed now; what is left of these fixtures is another helper's shape or a model difference */
	{ "x86_64-radeon-pfns-busy-quoted-4.9", "kernel", "the version is from ver_linux in the mail, not in the log lines" },
	{ "arm-imx6ul-cma-csi-console-5.11", "size", "the buffer size is the driver's line, not cma_alloc()'s" },
	{ "android-vendor-prefix-cma-enomem-4.x", "comm", "Samsung \"[cpu: comm: pid]\" printk prefix not read" },
	{ "android-vendor-prefix-cma-enomem-4.x", "pid", "Samsung \"[cpu: comm: pid]\" printk prefix not read" },
	{ "android-vendor-prefix-cma-enomem-4.x", "cpu", "Samsung \"[cpu: comm: pid]\" printk prefix not read" },
	{ "android-vendor-prefix-cma-enomem-4.x", "cma_free_pages", "the area map comes after commit-message prose, which ends the report" },
	{ "android-vendor-prefix-cma-enomem-4.x", "cma_total_pages", "the area map comes after commit-message prose, which ends the report" },
	{ "x86_64-sysrq-show-memory-numa4-termwrap-5.19", "buddy*", "buddy lines wrapped by an 80-column terminal mid-token" },
	{ "x86_64-sysrq-show-memory-numa4-termwrap-5.19", "orders", "buddy lines wrapped by an 80-column terminal mid-token" },
	/* each vmap line is a report of its own here (grouped by explain); the facts count one with the body after the third */
	{ "x86_64-vmap-module-udevd-quoted-5.19", "reports", "each vmap line is its own report; explain groups them" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "vmap_failures", "each vmap line is its own report; explain groups them" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "kernel", "the CPU line and trace after the vmap lines (no vmalloc header) belong to no report" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "comm", "the CPU line and trace after the vmap lines (no vmalloc header) belong to no report" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "pid", "the CPU line and trace after the vmap lines (no vmalloc header) belong to no report" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "cpu", "the CPU line and trace after the vmap lines (no vmalloc header) belong to no report" },
	{ "x86_64-vmap-module-udevd-quoted-5.19", "first_site", "the CPU line and trace after the vmap lines (no vmalloc header) belong to no report" },
	{ "i686-syslog-sysrq-show-memory-wrapped-2.4", "*", "2.4's SysRq-m dump (\"Zone:DMA freepages:\", unnamed buddy lines) is not read" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "kernel", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "pid", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "cpu", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "cpuset", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "mems_allowed", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "first_site", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "zones", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "zone.*", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "buddy*", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "orders", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "meminfo.*", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "free_swap_kb", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "total_swap_kb", "the stall's body comes after the OOM report printed inside it" },
	{ "x86_64-page-alloc-stall-oom-interleaved-4.10", "pages_*", "the stall's body comes after the OOM report printed inside it" },
	/* ARM's unwinder names a frame's caller after "from": on the last line kept, only there */
	{ "arm-bcm2711-vmap-repeated-5.4-partial", "first_site", "caller named only after \"from\" on the last line" },
	/* syslog lines hard-wrapped at ~100 columns, then quoted: the pieces are separate lines */
	{ "arm-rpi3-alloc-stall-4.14-quoted-partial", "kernel", "CPU line wrapped before the version" },
	{ "arm-rpi3-alloc-stall-4.14-quoted-partial", "first_site", "ARM frames wrapped mid-name (\"(sh\" / \"ow_stack\")" },
	/* memory.oom.group: one OOM report followed by one kill line per task of the group */
	{ "x86_64-aks-memcg-v2-oomgroup-syslog-5.15", "reports", "memory.oom.group kill lines counted as reports" },
	{ "x86_64-aks-memcg-v2-oomgroup-syslog-5.15", "reports.memcg_oom", "memory.oom.group kill lines counted as reports" },
	{ "x86_64-aks-memcg-v2-oomgroup-syslog-5.15", "oom.task_memcg", "a 150-character memcg path is cut short" },
	/* no report found: every fact of the fixture ("*") is a gap until this is met */
	{ "arm64-tx2-kdump-dma-order6-quoted-5.7", "*", "header hard-wrapped after \"order:6,\" under a \">>>>> \" quote: not found" },
	/* kill lines then a Mem-Info under "> | ", no header */
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "zones", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "zone.*", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "buddy*", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "orders", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "meminfo.*", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "total_pagecache", "headerless fragment: Mem-Info after the kill line is not attached" },
	{ "x86_64-slub-partial-rt-oom-fragment-quoted-5.14", "pages_*", "headerless fragment: Mem-Info after the kill line is not attached" },
	/* OOM header wrapped by the mail client after the gfp_mask */
	{ "x86_64-fedora-swapoff-oom-quoted-wrapped-4.16", "nodemask", "header continuation line (\">> nodemask=(null), order=0, ...\") not joined" },
	{ "x86_64-fedora-swapoff-oom-quoted-wrapped-4.16", "oom.oom_score_adj", "header continuation line not joined" },
	{ "x86_64-fedora-swapoff-oom-quoted-wrapped-4.16", "free_swap_kb", "negative \"Free swap  = -245804kB\" (swapoff in progress) read as 0" },
	/* four-space Markdown indent before a syslog line with the dmesg stamp */
	{ "x86_64-do-vps-oom-indented-syslog-3.13", "oom.top_task*", "four-space indent before the syslog prefix: body lines not read" },
	{ "x86_64-do-vps-oom-indented-syslog-3.13", "mems_allowed", "four-space indent before the syslog prefix: body lines not read" },
	{ "x86_64-do-vps-oom-indented-syslog-3.13", "victim.pid", "four-space indent: the kill line is not read" },
	{ "x86_64-steamdeck-dma32-order7-nostamp-6.11", "driver_site", "the DMA API frames (__dma_direct_alloc_pages, dma_direct_alloc) are taken as the driver site" },
	/* no report found: every fact of the fixture ("*") is a gap until this is met */
	{ "arm64-rhel8-qede-kdump-order6-indented-4.18", "*", "one-space commit-message indent and header hard-wrapped after \"order:6,\": not found" },
	/* no report found: every fact of the fixture ("*") is a gap until this is met */
	{ "unknown-k8s-memcg-v1-devkmsg-fragment-unknown", "*", "raw /dev/kmsg records (\"6,seq,usec,-;\") of a headerless memcg v1 fragment: not found" },
	{ "x86_64-rhel8-memsw-limit-three-memcg-annotated-4.18", "kernel", "RHEL CPU line \"Kdump: loaded Tainted: G W O K --------- -  - 4.18...\": version after the RHEL dashes not read" },
	{ "x86_64-rhel8-memsw-limit-three-memcg-annotated-4.18", "memcg.path", "a 180-character memcg path is cut short" },
	/* s390 of 2.6.28: CPU line without PID and Comm, pid on a "Process NAME (pid: N, task: ...)" line */
	{ "s390x-crst-order2-oom-quoted-cut-2.6.28", "kernel", "s390 CPU line \"CPU: 0 Not tainted 2.6.28 #1\" (no PID/Comm) not read" },
	{ "s390x-crst-order2-oom-quoted-cut-2.6.28", "pid", "pid printed only on the s390 \"Process basename (pid: 30555, ...)\" line" },
	{ "arm64-ampere-kdump-dma-order1-snipped-quoted-5.8", "first_site", "the trace after the author's \"<..snip..>\" line is not attached to the header" },
	/* a previous report's lone kill line, then "<immediately after>", then the report */
	{ "x86_64-memcg-below-limit-quoted4-5.6", "comm", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "cpu", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "kernel", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "memcg.failcnt", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "memcg.limit_kb", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "memcg.usage_kb", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "mode", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "mode_symbolic", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "oom.oom_score_adj", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "pid", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "reports", "the previous report's lone kill line is made a report of its own and comes first" },
	{ "x86_64-memcg-below-limit-quoted4-5.6", "victim.pid", "the previous report's lone kill line is made a report of its own and comes first" },
	/* dmesg -e (--reltime): "[Jul25 00:43]" and "[  +0.000011]" delta stamps */
	{ "x86_64-sle-dma-pool-order10-callerid-elided-5.14", "first_site", "alloc_page_interleave (mm/mempolicy.c's page-allocator front end) is taken as the site" },
	/* no report found: every fact of the fixture ("*") is a gap until this is met */
	{ "mips-mt7621-two-cpus-interleaved-atomic-4.14", "*", "two CPUs interleaved inside lines: the header arrives in pr_cont pieces between another CPU's stack words" },
	/*
	 * Kinds the parser does not know yet: nothing is parsed, so every fact
	 * ("*") is a gap until it learns them (issue 17, "Kinds not yet known").
	 */
	{ "arm64-vmemmap-order9-hotplug-5.4", "*", "warn_alloc header with no \"comm: \" before the text is not recognised" },
	{ "x86_64-xfs-vmalloc-partial-quoted-4.10", "allocated", "the part a partial vmalloc got (\"allocated X of Y\") is not kept" },
	{ "ppc64-fadump-vmalloc-hash-4.6", "*", "4.4-4.8 vmalloc text on its own line is not joined to the page allocation failure header after it" },
	{ "arm-brcmstb-vmalloc-module-highmem-4.1", "*", "4.1 vmalloc text on its own line is not joined to the page allocation failure header after it" },
	{ "arm64-vmalloc-vm_struct-wrapped-header-6.1", "*", "vmalloc header hard-wrapped before \"mode:\" and indented one space is not recognised" },
	/* the stall is not parsed, the OOM report inside it is: only reports.oom is checked */
	{ "arm64-android-kswapd-no-watermarks-escaped-4.14", "first_site", "arm64 __dump_stack frame (before warn_alloc) taken as the allocation site" },
	{ "arm64-android-kswapd-no-watermarks-escaped-4.14", "meminfo.*", "Mem-Info counters joined by literal \\x0a escapes on one line" },
	/* the header is read; "> " plus one more space of indent hides the body that follows */
	{ "arm64-64k-vmalloc-vm_struct-module-quoted-6.2", "kernel", "\">  \" quote prefix with an extra space loses the CPU line" },
	{ "arm64-64k-vmalloc-vm_struct-module-quoted-6.2", "pid", "\">  \" quote prefix with an extra space loses the CPU line" },
	{ "arm64-64k-vmalloc-vm_struct-module-quoted-6.2", "cpu", "\">  \" quote prefix with an extra space loses the CPU line" },
	{ "arm64-64k-vmalloc-vm_struct-module-quoted-6.2", "first_site", "\">  \" quote prefix with an extra space loses the call trace" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "report_kind", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "kernel", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "comm", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "pid", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "cpu", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "stall_ms", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "order", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "mode", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "mode_symbolic", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "nodemask", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
	{ "x86_64-page-alloc-stall-snipped-quoted-4.9", "report.2.*", "the stall body sits among the poster's snipped OOM kill lines: not yet met" },
};

static bool is_known_gap(const char *fixture, const char *key)
{
	for (size_t i = 0; i < sizeof(known_gaps) / sizeof(known_gaps[0]); i++) {
		size_t kl = strlen(known_gaps[i].key);
		/* "zone.*" stands for every key that starts with "zone." */
		bool match = known_gaps[i].key[kl - 1] == '*' ? !strncmp(known_gaps[i].key, key, kl - 1)
							      : !strcmp(known_gaps[i].key, key);

		if (!strcmp(known_gaps[i].fixture, fixture) && match) {
			print_message("KNOWN GAP %s: %s: %s\n", fixture, key, known_gaps[i].why);
			return true;
		}
	}
	return false;
}

static bool is_not_checked(const char *key)
{
	for (size_t i = 0; i < sizeof(not_checked) / sizeof(not_checked[0]); i++)
		if (!strcmp(not_checked[i], key))
			return true;
	return false;
}

static uint64_t num(const char *v)
{
	return strtoull(v, NULL, 0);
}

static int failures;

static void bad(const char *fixture, const char *key, const char *want, const char *got)
{
	print_error("%s: %s: want \"%s\", parsed \"%s\"\n", fixture, key, want, got);
	failures++;
}

static void check_str(const char *fx, const char *key, const char *want, const char *got)
{
	if (strcmp(want, got))
		bad(fx, key, want, got);
}

static void check_num(const char *fx, const char *key, const char *want, uint64_t got)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, got);
	if (num(want) != got)
		bad(fx, key, want, buf);
}

/* "osdmap_set_max_osd [libceph]" or "unknown (...)" against the analysis */
static void check_site(const char *fx, const char *key, const char *want, const struct bs_frame *f)
{
	char got[160];

	if (!strncmp(want, "unknown", 7)) {
		if (f)
			bad(fx, key, want, f->func);
		return;
	}
	if (!f) {
		bad(fx, key, want, "(none)");
		return;
	}
	snprintf(got, sizeof(got), "%s%s%s%s", f->func, f->module[0] ? " [" : "", f->module, f->module[0] ? "]" : "");
	/* a facts value may add a remark after the site: compare the site part */
	if (strncmp(want, got, strlen(got)) || (want[strlen(got)] && want[strlen(got)] != ' '))
		bad(fx, key, want, got);
}

static struct bs_zone *zone_of(struct bs_report *r, const char *spec, const char **field)
{
	/* spec = "0.Normal.free_kb" */
	char name[32];
	int node;
	const char *dot;

	if (sscanf(spec, "%d.", &node) != 1)
		return NULL;
	dot = strchr(spec, '.');
	if (!dot)
		return NULL;
	snprintf(name, sizeof(name), "%s", dot + 1);
	if (strchr(name, '.')) {
		*strchr(name, '.') = '\0';
		*field = strchr(dot + 1, '.') + 1;
	} else {
		*field = "";
	}
	return bs_report_zone(r, node, name);
}

static void check_zone_field(const char *fx, const char *key, const char *want, struct bs_report *r)
{
	const char *field;
	struct bs_zone *z = zone_of(r, key + 5, &field);

	if (!z) {
		bad(fx, key, want, "(no such zone)");
		return;
	}
	if (!strcmp(field, "lowmem_reserve")) {
		char got[256] = "";
		size_t n = 0;

		for (int i = 0; i < z->nr_lowmem_reserve; i++)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%" PRIu64, i ? " " : "", z->lowmem_reserve[i]);
		check_str(fx, key, want, got);
		return;
	}
	for (int f = 0; f < BS_ZF_NR; f++) {
		char fname[48];

		snprintf(fname, sizeof(fname), "%s_kb", bs_zone_field_name((enum bs_zone_field)f));
		if (!strcmp(fname, field) || !strcmp(bs_zone_field_name((enum bs_zone_field)f), field)) {
			if (!(z->has & (1ull << f)))
				bad(fx, key, want, "(not parsed)");
			else
				check_num(fx, key, want, z->kb[f]);
			return;
		}
	}
	if (!strcmp(field, "all_unreclaimable")) {
		check_str(fx, key, want, z->all_unreclaimable == 1 ? "yes" : z->all_unreclaimable == 0 ? "no" : "-");
		return;
	}
	bad(fx, key, want, "(test does not know this zone field)");
}

/* Letters as the facts write them: "-" for none. */
static void letters(unsigned t, char *buf)
{
	bs_mt_letters(t, buf);
	if (!buf[0])
		strcpy(buf, "-");
}

/* Letters compared as sets: "UEM" == "UME". */
static bool same_letters(const char *a, const char *b)
{
	if (strlen(a) != strlen(b))
		return false;
	for (; *a; a++)
		if (!strchr(b, *a))
			return false;
	return true;
}

static void check_buddy(const char *fx, const char *key, const char *want, struct bs_report *r)
{
	const char *field;
	const char *spec = strchr(key, '.');
	char name[64];
	int node;
	struct bs_zone *z;
	char got[512] = "";
	size_t n = 0;

	if (!spec || sscanf(spec + 1, "%d.%63s", &node, name) != 2) {
		bad(fx, key, want, "(bad key)");
		return;
	}
	(void)field;
	z = bs_report_zone(r, node, name);
	if (!z || !z->buddy.present) {
		bad(fx, key, want, "(no buddy line)");
		return;
	}
	if (!strncmp(key, "buddy_total.", 12)) {
		check_num(fx, key, want, z->buddy.total_kb);
	} else if (!strncmp(key, "buddy_types.", 12)) {
		char wbuf[1024], *save = NULL, *tok;
		int o = 0;

		snprintf(wbuf, sizeof(wbuf), "%s", want);
		for (tok = strtok_r(wbuf, " ", &save); tok; tok = strtok_r(NULL, " ", &save), o++) {
			char l[8];

			letters(o < z->buddy.nr_orders ? z->buddy.types[o] : 0, l);
			if (!same_letters(tok, l)) {
				char what[64];

				snprintf(what, sizeof(what), "%s[order %d]", key, o);
				bad(fx, what, tok, l);
			}
		}
	} else {
		for (int o = 0; o < z->buddy.nr_orders; o++)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%" PRIu64, o ? " " : "", z->buddy.nr_free[o]);
		check_str(fx, key, want, got);
	}
}

/* "3 0:DMA 0:DMA32 0:Normal": the zones that had a zone line */
static void check_zones(const char *fx, const char *want, struct bs_report *r)
{
	char got[512], list[480] = "";
	size_t n = 0;
	int count = 0;

	for (int i = 0; i < r->nr_zones; i++) {
		if (!r->zones[i].has)
			continue;
		count++;
		n += (size_t)snprintf(list + n, sizeof(list) - n, " %d:%s", r->zones[i].node, r->zones[i].name);
	}
	snprintf(got, sizeof(got), "%d%s", count, list);
	check_str(fx, "zones", want, got);
}

static void squeeze(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++)
		if (*s != ' ')
			out[n++] = *s;
	out[n] = '\0';
}

/* A fact's value without the remark a person may add: "0 (fragment: ...)" -> "0". */
static const char *plain(const char *want, char *buf, size_t len)
{
	const char *p = strstr(want, " (");

	if (!strcmp(want, "none"))
		return "";
	if (!p)
		return want;
	snprintf(buf, len, "%.*s", (int)(p - want), want);
	return buf;
}

static void check_bool(const char *fx, const char *key, const char *want, bool got)
{
	check_str(fx, key, want, got ? "yes" : "no");
}

static void check_int(const char *fx, const char *key, const char *want, long long got)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", got);
	check_str(fx, key, want, buf);
}

/* "3589018 php-fpm 1814349": the K-th largest-rss row of the task table. */
static void check_top_task(const char *fx, const char *key, const char *want, const struct bs_report *r, int k)
{
	char got[128];

	if (k < 1 || k > r->oom.nr_tasks) {
		bad(fx, key, want, "(no such row)");
		return;
	}
	snprintf(got, sizeof(got), "%lld %s %lld", (long long)r->oom.tasks[k - 1].v[BS_TC_PID],
		 r->oom.tasks[k - 1].comm, (long long)r->oom.tasks[k - 1].v[BS_TC_RSS]);
	check_str(fx, key, want, got);
}

/* "7": column @col (dump_tasks() header name) of the K-th largest-rss row. */
static void check_top_task_col(const char *fx, const char *key, const char *want, const struct bs_report *r,
			       int k, const char *col)
{
	for (int c = 0; c < BS_TC_NR; c++)
		if (!strcmp(col, bs_task_col_name((enum bs_task_col)c))) {
			if (k < 1 || k > r->oom.nr_tasks || !(r->oom.columns & (1u << c)))
				bad(fx, key, want, "(no such row or column)");
			else
				check_int(fx, key, want, (int)r->oom.tasks[k - 1].v[c]);
			return;
		}
	bad(fx, key, want, "(unknown column)");
}

/* "pid uid tgid ... name": the task table's columns in the order the header printed them. */
static void check_task_columns(const char *fx, const char *key, const char *want, const struct bs_report *r)
{
	char got[256] = "";

	for (int i = 0; i < r->oom.nr_cols; i++) {
		strcat(got, i ? " " : "");
		strcat(got, bs_task_col_name((enum bs_task_col)r->oom.col_order[i]));
	}
	check_str(fx, key, want, got);
}

/* Facts of the other report kinds (OOM, memcg, XFS, SLUB, vmalloc, hung task); false if none. */
static bool check_kind_fact(const char *fx, const char *key, const char *field, const char *want,
			    const struct bs_report *r)
{
	const struct bs_oom *o = &r->oom;
	char col[32];
	int k;

	if (!strcmp(field, "report_kind"))
		check_str(fx, key, want, bs_report_kind_name(r->kind));
	else if (!strcmp(field, "oom.order"))
		check_int(fx, key, want, o->order);
	else if (!strcmp(field, "oom.oom_score_adj"))
		check_int(fx, key, want, o->has_oom_score_adj ? o->oom_score_adj : -9999);
	else if (!strcmp(field, "oom.constraint"))
		check_str(fx, key, want, o->constraint);
	else if (!strcmp(field, "oom.kill_message"))
		check_str(fx, key, want, o->kill_message);
	else if (!strcmp(field, "oom.oom_memcg"))
		check_str(fx, key, want, o->oom_memcg);
	else if (!strcmp(field, "oom.task_memcg"))
		check_str(fx, key, want, o->task_memcg);
	else if (!strcmp(field, "oom.tasks"))
		check_num(fx, key, want, o->tasks_seen);
	else if (!strcmp(field, "oom.sum_rss_pages"))
		check_num(fx, key, want, o->sum_rss);
	else if (!strcmp(field, "oom.sum_swapents_pages"))
		check_num(fx, key, want, o->sum_swapents);
	else if (sscanf(field, "oom.top_task.%d.%31s", &k, col) == 2)
		check_top_task_col(fx, key, want, r, k, col);
	else if (!strcmp(field, "oom.columns"))
		check_task_columns(fx, key, want, r);
	else if (sscanf(field, "oom.top_task.%d", &k) == 1)
		check_top_task(fx, key, want, r, k);
	else if (!strcmp(field, "victim.pid"))
		check_int(fx, key, want, o->has_victim ? o->victim_pid : -1);
	else if (!strcmp(field, "victim.comm"))
		check_str(fx, key, want, o->victim_comm);
	else if (!strcmp(field, "victim.score")) {
		if (!o->has_victim_score)
			check_str(fx, key, want[0] ? want : "none", "none");
		else
			check_num(fx, key, want, o->victim_score);
	}
	else if (!strcmp(field, "victim.total_vm_kb"))
		check_num(fx, key, want, o->victim_total_vm_kb);
	else if (!strcmp(field, "victim.anon_rss_kb"))
		check_num(fx, key, want, o->victim_anon_rss_kb);
	else if (!strcmp(field, "victim.file_rss_kb"))
		check_num(fx, key, want, o->victim_file_rss_kb);
	else if (!strcmp(field, "victim.shmem_rss_kb"))
		check_num(fx, key, want, o->victim_shmem_rss_kb);
	else if (!strcmp(field, "victim.pgtables_kb"))
		check_num(fx, key, want, o->victim_pgtables_kb);
	else if (!strcmp(field, "victim.uid"))
		check_int(fx, key, want, o->victim_uid);
	else if (!strcmp(field, "reaped"))
		check_bool(fx, key, want, o->reaped);
	else if (!strcmp(field, "reaped.anon_rss_kb"))
		check_num(fx, key, want, o->reaped_anon_kb);
	else if (!strcmp(field, "memcg.usage_kb"))
		check_num(fx, key, want, o->mem.usage_kb);
	else if (!strcmp(field, "memcg.limit_kb"))
		check_num(fx, key, want, o->mem.limit_kb);
	else if (!strcmp(field, "memcg.failcnt"))
		check_num(fx, key, want, o->mem.failcnt);
	else if (!strcmp(field, "memcg.swap_usage_kb"))
		check_num(fx, key, want, o->swap.usage_kb);
	else if (!strcmp(field, "memcg.swap_limit_kb"))
		check_num(fx, key, want, o->swap.limit_kb);
	else if (!strcmp(field, "memcg.path"))
		check_str(fx, key, want, o->memcg_path);
	else if (!strcmp(field, "swap_cache_pages"))
		check_num(fx, key, want, r->swap_cache_pages);
	else if (!strcmp(field, "total_pagecache"))
		check_num(fx, key, want, r->total_pagecache);
	else if (!strcmp(field, "event.size"))
		check_num(fx, key, want, r->ev.size);
	else if (!strcmp(field, "event.func"))
		check_str(fx, key, want, r->ev.func);
	else if (!strcmp(field, "hung.seconds"))
		check_num(fx, key, want, r->ev.blocked_seconds);
	else if (!strcmp(field, "vmalloc_size"))
		check_num(fx, key, want, r->ev.size);
	else if (!strcmp(field, "stall_ms"))
		check_num(fx, key, want, r->ev.has_stall_ms ? r->ev.stall_ms : ~0ull);
	else if (!strcmp(field, "vmap_size"))
		check_num(fx, key, want, r->ev.has_vmap_size ? r->ev.vmap_size : ~0ull);
	else if (!strcmp(field, "cma_pages"))
		check_num(fx, key, want, r->ev.has_cma_pages ? r->ev.cma_pages : ~0ull);
	else if (!strcmp(field, "cma_ret"))
		check_int(fx, key, want, r->ev.has_cma_ret ? r->ev.cma_ret : 9999);
	else if (!strcmp(field, "cma_area"))
		check_str(fx, key, !strcmp(want, "none") ? "" : want, r->ev.cma_name);
	else if (!strcmp(field, "busy_ranges"))
		check_num(fx, key, want, r->ev.busy_ranges);
	else if (!strcmp(field, "busy_first")) {
		char got[64] = "(none)";

		/* "[2f100, 2f20a)" as printed */
		if (r->ev.has_busy_range)
			snprintf(got, sizeof(got), "[%" PRIx64 ", %" PRIx64 ")", r->ev.busy_start, r->ev.busy_end);
		check_str(fx, key, want, got);
	} else if (!strcmp(field, "trigger")) {
		/* "sysrq m, typed at ...": the facts may say more than the id */
		if (!strcmp(want, "none") ? r->ev.trigger[0] != '\0'
					  : !r->ev.trigger[0] || strncmp(want, r->ev.trigger, strlen(r->ev.trigger)))
			bad(fx, key, want, r->ev.trigger);
	} else if (!strcmp(field, "count_pages"))	/* the other gatherers' name for cma_pages */
		check_num(fx, key, want, r->ev.has_cma_pages ? r->ev.cma_pages : ~0ull);
	else if (!strcmp(field, "errno")) {
		if (!strncmp(want, "unknown", 7))
			check_str(fx, key, "absent", r->ev.has_cma_ret ? "printed" : "absent");
		else
			check_int(fx, key, want, r->ev.has_cma_ret ? r->ev.cma_ret : 9999);
	} else if (!strcmp(field, "cma_free_pages"))
		check_num(fx, key, want, r->ev.has_cma_free ? r->ev.cma_free_pages : ~0ull);
	else if (!strcmp(field, "cma_total_pages"))
		check_num(fx, key, want, r->ev.has_cma_free ? r->ev.cma_total_pages : ~0ull);
	else if (!strcmp(field, "pfns_busy"))
		check_num(fx, key, want, r->ev.busy_ranges);
	else if (!strcmp(field, "first_range")) {
		char got[64] = "(none)";

		/* "83f0a9 83f0aa": the first busy range's start and end */
		if (r->ev.has_busy_range)
			snprintf(got, sizeof(got), "%" PRIx64 " %" PRIx64, r->ev.busy_start, r->ev.busy_end);
		check_str(fx, key, want, got);
	} else if (!strcmp(field, "size") && (r->kind == BS_KIND_NOMMU_FAILURE || r->kind == BS_KIND_VMAP_FAILURE))
		check_num(fx, key, want, r->kind == BS_KIND_NOMMU_FAILURE ? (r->ev.has_size ? r->ev.size : ~0ull)
									    : (r->ev.has_vmap_size ? r->ev.vmap_size : ~0ull));
	else if (!strcmp(field, "nommu_length"))
		check_num(fx, key, want, r->ev.has_size ? r->ev.size : ~0ull);
	else if (!strcmp(field, "vmalloc_reason")) {
		if (!strstr(r->ev.text, want))
			bad(fx, key, want, r->ev.text);
	} else if (!strcmp(field, "vmalloc_message")) {
		char got[256];

		/* 3.x printed the vmalloc text on its own line before the plain header */
		if (!strncmp(r->ev.text, "vmalloc", 7))
			snprintf(got, sizeof(got), "%s", r->ev.text);
		else
			snprintf(got, sizeof(got), "%s: %s", r->header_what, r->ev.text);
		check_str(fx, key, want, got);
	} else
		return false;
	return true;
}

/* Facts for report K (1-based) keyed "report.K.field". */
static void check_report_fact(const char *fx, const char *key, const char *field, const char *raw,
			      struct bs_report *r)
{
	struct bs_analysis a;
	char pb[1024];
	const char *want = !strcmp(field, "first_site") || !strcmp(field, "driver_site") ||
			   !strncmp(field, "buddy", 5) || !strcmp(field, "kernel") ? raw : plain(raw, pb, sizeof(pb));

	if (!strcmp(field, "comm"))
		check_str(fx, key, want, r->comm);
	else if (!strcmp(field, "pid") || !strcmp(field, "cpu")) {
		int got = !strcmp(field, "pid") ? r->pid : r->cpu;

		if (!strncmp(want, "unknown", 7)) {
			if (got >= 0)
				bad(fx, key, want, "a number");
		} else {
			check_num(fx, key, want, (uint64_t)(int64_t)got);
		}
	}
	else if (!strcmp(field, "order"))
		check_num(fx, key, want, r->order);
	else if (!strcmp(field, "mode"))
		check_num(fx, key, want, r->mode);
	else if (!strcmp(field, "mode_symbolic"))
		check_str(fx, key, !strcmp(want, "none") ? "" : want, r->mode_symbolic);
	else if (!strcmp(field, "nodemask"))
		check_str(fx, key, want, r->nodemask);
	else if (!strcmp(field, "cpuset"))
		check_str(fx, key, want, r->cpuset);
	else if (!strcmp(field, "mems_allowed"))
		check_str(fx, key, want, r->mems_allowed);
	else if (!strcmp(field, "suppressed"))
		check_num(fx, key, want, r->suppressed);
	else if (!strcmp(field, "kernel")) {
		if (!strcmp(want, "unknown") || !strncmp(want, "unknown ", 8)) {
			if (r->has_version)
				bad(fx, key, want, r->version_text);
		} else if (strncmp(r->version_text, want, strlen(want)) && strncmp(want, r->version_text, strlen(r->version_text) ? strlen(r->version_text) : 1)) {
			bad(fx, key, want, r->version_text);
		}
	} else if (!strcmp(field, "tainted")) {
		char w[64], g[64];

		squeeze(!strcmp(want, "Not tainted") || !strcmp(want, "none") ? "" : want, w, sizeof(w));
		squeeze(r->taint, g, sizeof(g));
		check_str(fx, key, w, g);
	} else if (!strcmp(field, "first_site") || !strcmp(field, "driver_site")) {
		memset(&a, 0, sizeof(a));
		bs_analyze_site(r, &a);
		check_site(fx, key, want, !strcmp(field, "first_site") ? a.alloc_site : a.site);
	} else if (!strcmp(field, "zones")) {
		check_zones(fx, want, r);
	} else if (!strncmp(field, "zone.", 5)) {
		check_zone_field(fx, field, want, r);
	} else if (!strcmp(field, "buddy_types")) {
		/* "none": the kernel printed no migratetype letters on any buddy line */
		bool any = false;

		for (int i = 0; i < r->nr_zones; i++)
			any |= r->zones[i].buddy.has_types;
		check_str(fx, key, !strncmp(raw, "none", 4) ? "none" : raw, any ? "letters" : "none");
	} else if (!strncmp(field, "buddy", 5) && strcmp(field, "buddy_block_kb")) {
		check_buddy(fx, field, want, r);
	} else if (!strcmp(field, "buddy_block_kb")) {
		check_num(fx, key, want, bs_report_page_kb(r));
	} else if (!strcmp(field, "orders")) {
		int orders = 0;

		for (int i = 0; i < r->nr_zones; i++)
			if (r->zones[i].buddy.present)
				orders = r->zones[i].buddy.nr_orders;
		check_num(fx, key, want, (uint64_t)orders);
	} else if (!strcmp(field, "free_swap_kb")) {
		check_num(fx, key, want, r->free_swap_kb);
	} else if (!strcmp(field, "total_swap_kb")) {
		check_num(fx, key, want, r->total_swap_kb);
	} else if (!strcmp(field, "pages_ram")) {
		check_num(fx, key, want, r->pages_ram);
	} else if (!strcmp(field, "pages_reserved")) {
		check_num(fx, key, want, r->pages_reserved);
	} else if (!strcmp(field, "kernel_release_real")) {
		char got[48];

		snprintf(got, sizeof(got), "%d.%d.%d", r->kver.major, r->kver.minor, r->kver.sublevel);
		check_str(fx, key, want, r->has_version ? got : "(no version)");
	} else if (!strncmp(field, "meminfo.", 8)) {
		int64_t v = bs_report_counter(r, field + 8);

		if (v < 0)
			bad(fx, key, want, "(not parsed)");
		else
			check_num(fx, key, want, (uint64_t)v);
	} else if (check_kind_fact(fx, key, field, want, r)) {
		;
	} else if (!is_not_checked(key) && !is_not_checked(field)) {
		bad(fx, key, want, "(no check for this fact: add one or list it in not_checked)");
	}
}

static void test_fixture(void **state)
{
	const char *base = *state;
	char path[512];
	struct facts *fs = calloc(1, sizeof(*fs));
	struct parsed *p = calloc(1, sizeof(*p));
	char *buf;
	size_t len = 0;
	int want_reports;

	assert_non_null(fs);
	assert_non_null(p);
	snprintf(path, sizeof(path), "%s/tests/fixtures/reports/%s.facts", srcdir(), base);
	assert_int_equal(facts_load(path, fs), 0);
	snprintf(path, sizeof(path), "%s/tests/fixtures/reports/%s.log", srcdir(), base);
	buf = slurp(path, &len);
	assert_non_null(buf);
	p->kind = facts_get(fs, "kind");
	assert_true(bs_kmsg_parse_buffer(base, buf, len, collect, p) >= 0);
	free(buf);

	failures = 0;
	want_reports = (int)num(facts_get(fs, "reports") ? facts_get(fs, "reports") : "1");
	/* a kind the parser does not know yet finds no report: a known gap, printed, never silent */
	if (p->n != want_reports && !is_known_gap(base, "reports")) {
		char got[16];

		snprintf(got, sizeof(got), "%d", p->n);
		bad(base, "reports", facts_get(fs, "reports") ? facts_get(fs, "reports") : "1", got);
	}
	for (int i = 0; i < fs->n; i++) {
		const char *key = fs->f[i].key, *want = fs->f[i].value;
		int k;
		char field[128];

		if (!strcmp(key, "reports") || is_not_checked(key) || is_known_gap(base, key))
			continue;
		if (!strncmp(key, "reports.", 8)) {
			/* "reports.oom: 4": reports of that kind in the whole file */
			int found = 0;

			for (int kk = 0; kk < BS_KIND_NR; kk++)
				if (!strcmp(bs_report_kind_name((enum bs_report_kind)kk), key + 8))
					found = p->per_kind[kk] + 1;
			if (!found)
				bad(base, key, want, "(no such kind)");
			else
				check_num(base, key, want, (uint64_t)(found - 1));
			continue;
		}
		if (p->n == 0) {
			/* nothing parsed to check this fact against: every such fact fails or is a listed gap */
			bad(base, key, want, "(no report of this kind parsed)");
			continue;
		}
		if (facts_get(fs, "snapshot_owner") &&
		    (!strncmp(key, "zone.", 5) || !strncmp(key, "buddy", 5) || !strncmp(key, "meminfo.", 8) ||
		     strstr(key, "swap") || !strncmp(key, "pages_", 6) || !strcmp(key, "orders"))) {
			/* these facts describe a neighbouring report's Mem-Info, which the
			   parser must not take as this report's own: checked via "zones" */
			continue;
		}
		if (sscanf(key, "report.%d.%127s", &k, field) == 2) {
			if (k < 1 || k > p->n || k > MAX_REPORTS)
				bad(base, key, want, "(no such report)");
			else
				check_report_fact(base, key, field, want, &p->r[k - 1]);
			continue;
		}
		check_report_fact(base, key, key, want, &p->r[0]);
	}
	free(fs);
	free(p);
	assert_int_equal(failures, 0);
}

int main(void)
{
	char dir[512];
	DIR *d;
	struct dirent *de;
	struct CMUnitTest tests[256];
	char names[256][128];
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/reports", srcdir());
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 7 || strcmp(de->d_name + l - 6, ".facts"))
			continue;
		if (n == sizeof(tests) / sizeof(tests[0])) {
			/* a fixture beyond the table would go unchecked: refuse to run instead */
			fprintf(stderr, "more than %zu fixtures in %s: raise the table size\n", n, dir);
			closedir(d);
			return 1;
		}
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)(l - 6), de->d_name);
		tests[n] = (struct CMUnitTest){ names[n], test_fixture, NULL, NULL, names[n] };
		n++;
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "no fixtures in %s\n", dir);
		return 1;
	}
	return _cmocka_run_group_tests("kmsg_parse_fixtures", tests, n, NULL, NULL);
}
