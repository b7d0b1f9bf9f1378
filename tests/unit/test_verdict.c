// SPDX-License-Identifier: MIT
/*
 * test_verdict.c - the verdict's two halves (the memory state, what the
 * request could do), the slow-path rules of bs_rule_changes[], the OOM
 * verdicts on the zone replay, and --what-if, on real reports from
 * tests/fixtures/reports (their .facts files describe them).  Where a
 * rule needs a mask the report does not have, the report's own zones are
 * analysed again with another mask of the same kernel's table.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/analysis.h"
#include "analysis/whatif.h"
#include "facts.h"
#include "parse/kmsg_parse.h"
#include "analysis/oom.h"

struct one {
	struct bs_report r;
	int n;
};

static void keep_first(const struct bs_report *r, void *ctx)
{
	struct one *o = ctx;

	if (!o->n)
		o->r = *r;
	o->n++;
}

static struct one *parse_text(const char *name, const char *buf, size_t len)
{
	struct one *o = calloc(1, sizeof(*o));

	assert_non_null(o);
	assert_true(bs_kmsg_parse_buffer(name, buf, len, keep_first, o) >= 1);
	return o;
}

static char *fixture_text(const char *name, size_t *len)
{
	char path[512];
	char *buf;

	snprintf(path, sizeof(path), "%s/tests/fixtures/reports/%s", srcdir(), name);
	buf = slurp(path, len);
	assert_non_null(buf);
	return buf;
}

static struct one *parse_fixture(const char *name)
{
	size_t len;
	char *buf = fixture_text(name, &len);
	struct one *o = parse_text(name, buf, len);

	free(buf);
	return o;
}

static struct bs_analysis *analyze(const struct bs_report *r, const struct bs_analyze_opts *opts)
{
	struct bs_analysis *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	assert_int_equal(bs_analyze(r, opts, a), 0);
	return a;
}

static void release(struct bs_analysis *a)
{
	bs_analysis_release(a);
	free(a);
}

/* The evidence item with @id, or NULL. */
static const struct bs_fact *fact(const struct bs_fact *f, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (f[i].id && !strcmp(f[i].id, id))
			return &f[i];
	return NULL;
}

static long long number(const struct bs_fact *f, const char *name)
{
	assert_non_null(f);
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->name[i], name))
			return f->v[i];
	fail_msg("%s has no number %s", f->id, name);
	return 0;
}

static const struct bs_advice *advice(const struct bs_analysis *a, const char *id)
{
	for (int i = 0; i < a->nr_advice; i++)
		if (a->advice[i].fact.id && !strcmp(a->advice[i].fact.id, id))
			return &a->advice[i];
	return NULL;
}

static uint64_t flag(const struct bs_analysis *a, const char *name)
{
	uint64_t m = 0;

	if (bs_gfp_composite_lookup(a->gfp, name, &m) < 0)
		assert_int_equal(bs_gfp_flag_lookup(a->gfp, name, &m), 0);
	return m;
}

/*
 * The ceph virtio 5.4 GFP_ATOMIC order-0 failure: the same zones asked by
 * a GFP_KERNEL request give the same cause, low_memory, with DMA and
 * DMA32 above their own min and kept by lowmem_reserve in both; only the
 * request half differs.
 */
static void test_same_state_same_cause(void **state)
{
	struct one *o = parse_fixture("x86_64-ceph-virtio-atomic-dmesg-T-wrapped-5.4.log");
	struct bs_analysis *atomic = analyze(&o->r, NULL), *kernel;
	struct bs_report r2 = o->r;
	const struct bs_fact *f;

	(void)state;
	r2.mode = flag(atomic, "GFP_KERNEL");
	kernel = analyze(&r2, NULL);
	assert_int_equal(atomic->cause, BS_CAUSE_LOW_MEMORY);
	assert_int_equal(kernel->cause, BS_CAUSE_LOW_MEMORY);
	assert_false(atomic->slow.can_direct_reclaim);
	assert_true(kernel->slow.can_direct_reclaim);
	assert_int_equal(atomic->nr_reserve_blocked, 2);
	assert_int_equal(kernel->nr_reserve_blocked, 2);
	/* Node 0 DMA: 3977 pages left against an effective min of 6 and lowmem_reserve[Normal] 15930 */
	f = fact(atomic->evidence_fact, atomic->nr_evidence, "zone_lowmem_reserve_kept");
	assert_int_equal(number(f, "node"), 0);
	assert_int_equal(number(f, "free_pages"), 3977);
	assert_int_equal(number(f, "lowmem_reserve_pages"), 15930);
	assert_non_null(strstr(atomic->slow.summary, "could not sleep"));
	assert_non_null(strstr(kernel->slow.summary, "could reclaim directly"));
	release(atomic);
	release(kernel);
	free(o);
}

/*
 * The Steam Deck 6.11 order-7 __GFP_DMA32 failure: DMA32 passes the
 * order-0 check (2322 > 2066 pages) and has no order-7 block.  The summary
 * says so instead of "no zone above its watermark"; GFP_ATOMIC on the same
 * zones gives the same cause.
 */
static void test_fragmentation_says_order0_passed(void **state)
{
	struct one *o = parse_fixture("x86_64-steamdeck-dma32-order7-nostamp-6.11.log");
	struct bs_analysis *a = analyze(&o->r, NULL), *atomic;
	struct bs_report r2 = o->r;

	(void)state;
	assert_int_equal(a->cause, BS_CAUSE_FRAGMENTATION);
	assert_non_null(strstr(a->summary, "passed the order-0 check"));
	assert_null(strstr(a->summary, "no zone above"));
	assert_non_null(fact(a->evidence_fact, a->nr_evidence, "zone_no_block"));
	r2.mode = flag(a, "GFP_ATOMIC") | flag(a, "__GFP_DMA32");
	atomic = analyze(&r2, NULL);
	assert_int_equal(atomic->cause, BS_CAUSE_FRAGMENTATION);
	assert_false(atomic->slow.can_direct_reclaim);
	release(a);
	release(atomic);
	free(o);
}

/*
 * kswapd on Android 4.14 (PF_MEMALLOC, ALLOC_NO_WATERMARKS): every free
 * block sat on highatomic lists, so even without watermarks nothing was
 * usable.  With __GFP_NOMEMALLOC the watermarks apply again and the same
 * zones read as low memory with the highatomic reserve subtracted.
 */
static void test_pf_memalloc_kswapd(void **state)
{
	struct one *o = parse_fixture("arm64-android-kswapd-no-watermarks-escaped-4.14.log");
	struct bs_analysis *a = analyze(&o->r, NULL), *nomem;
	struct bs_report r2 = o->r;
	const struct bs_fact *f;

	(void)state;
	assert_true(a->slow.pf_memalloc);
	assert_true(a->slow.no_watermarks);
	assert_false(a->slow.can_direct_reclaim);
	assert_false(a->slow.may_oom);
	assert_int_equal(a->cause, BS_CAUSE_HIGHATOMIC_ONLY);
	f = fact(a->evidence_fact, a->nr_evidence, "no_watermarks_no_block");
	assert_int_equal(number(f, "free_kb"), 14232);
	assert_int_equal(number(f, "highatomic_blocks"), 1);
	r2.mode |= flag(a, "__GFP_NOMEMALLOC");
	nomem = analyze(&r2, NULL);
	assert_true(nomem->slow.pf_memalloc);
	assert_true(nomem->slow.nomemalloc);
	assert_false(nomem->slow.no_watermarks);
	assert_int_equal(nomem->cause, BS_CAUSE_LOW_MEMORY);
	release(a);
	release(nomem);
	free(o);
}

/* The 6.19 btrfs kswapd report carries __GFP_NOMEMALLOC itself: no reserves, no reclaim. */
static void test_pf_memalloc_nomemalloc_real(void **state)
{
	struct one *o = parse_fixture("x86_64-kswapd-nofs-sheaves-quoted-6.19.log");
	struct bs_analysis *a = analyze(&o->r, NULL);

	(void)state;
	assert_true(a->slow.pf_memalloc);
	assert_true(a->slow.nomemalloc);
	assert_false(a->slow.no_watermarks);
	assert_int_equal(a->cause, BS_CAUSE_LOW_MEMORY);
	assert_non_null(strstr(a->slow.loops_why, "min mark"));
	release(a);
	free(o);
}

/*
 * __alloc_pages_may_oom(): a request whose highest zone is below Normal
 * never kills (2.6.35 on).  The TX2 5.7 report's zones with a sleeping
 * order-1 mask: __GFP_DMA cannot OOM, the same mask without it can.
 */
static void test_lowmem_never_ooms(void **state)
{
	struct one *o = parse_fixture("arm64-tx2-kdump-dma-order6-quoted-5.7.log");
	struct bs_analysis *a = analyze(&o->r, NULL), *dma, *normal;
	struct bs_report r2 = o->r;

	(void)state;
	r2.order = 1;
	r2.mode = flag(a, "GFP_KERNEL") | flag(a, "__GFP_DMA");
	dma = analyze(&r2, NULL);
	assert_true(dma->slow.lowmem_only);
	assert_false(dma->slow.may_oom);
	assert_non_null(strstr(dma->slow.oom_why_not, "below Normal"));
	assert_non_null(fact(dma->evidence_fact, dma->nr_evidence, "lowmem_no_oom"));
	r2.mode = flag(a, "GFP_KERNEL");
	normal = analyze(&r2, NULL);
	assert_false(normal->slow.lowmem_only);
	assert_true(normal->slow.may_oom);
	assert_true(bs_rules_has_change(a->rules, &a->kver, BS_CHANGE_OOM_LOWMEM));
	release(a);
	release(dma);
	release(normal);
	free(o);
}

/*
 * Costly orders skip the OOM killer before __GFP_FS is looked at: the
 * RHEL 7 seed (GFP_NOFS order 5) no longer says "counts that as progress
 * and retries" beside "may fail: costly order".
 */
static void test_no_contradiction_costly_nofs(void **state)
{
	struct one *o = parse_fixture("seed-ceph-centos7.log");
	struct bs_analysis *a = analyze(&o->r, NULL);

	(void)state;
	assert_false(a->slow.may_oom);
	assert_false(a->slow.loops);
	assert_null(strstr(a->slow.oom_why_not, "retries"));
	assert_null(strstr(a->slow.summary, "counts that as progress"));
	release(a);
	free(o);
}

/*
 * compaction_suitable(): fragmentation_index() worked by hand, and the
 * rule's eras.  Ten free order-0 pages asked for order 2: 1000 - (1000 +
 * 10 * 1000 / 4) / 10 = 650; a free order-2 block: -1000; nothing free: 0.
 */
static void test_fragindex_and_compaction_rules(void **state)
{
	const uint64_t scattered[4] = { 10, 0, 0, 0 }, block[4] = { 0, 0, 5, 0 }, none[4] = { 0 };
	struct bs_kver v48 = { .major = 4, .minor = 8 }, v49 = { .major = 4, .minor = 9 };
	struct bs_kver v410 = { .major = 4, .minor = 10 }, v411 = { .major = 4, .minor = 11 };
	const struct bs_rules *r48 = bs_rules_for(&v48), *r411 = bs_rules_for(&v411);
	const struct bs_gfp_table *t = bs_gfp_table_by_id("4.10");
	uint64_t nofs = 0;
	const char *why = NULL;

	(void)state;
	assert_int_equal(bs_fragmentation_index(scattered, 4, 2), 650);
	assert_int_equal(bs_fragmentation_index(block, 4, 1), -1000);
	assert_int_equal(bs_fragmentation_index(none, 4, 2), 0);
	assert_false(bs_rules_has_change(r48, &v48, BS_CHANGE_FRAGINDEX_COSTLY));
	assert_true(bs_rules_has_change(r48, &v49, BS_CHANGE_FRAGINDEX_COSTLY));
	/* 73e64c51afc5 (4.11): GFP_NOFS may compact */
	assert_non_null(t);
	assert_int_equal(bs_gfp_composite_lookup(t, "GFP_NOFS", &nofs), 0);
	assert_false(bs_rules_may_compact(bs_rules_for(&v410), t, nofs, 3, &why));
	assert_non_null(strstr(why, "__GFP_FS"));
	assert_true(bs_rules_may_compact(r411, t, nofs, 3, &why));
	assert_true(bs_rules_has_change(r411, &v411, BS_CHANGE_NOFS_COMPACT));
	assert_false(bs_rules_has_change(r411, &v410, BS_CHANGE_NOFS_COMPACT));
}

/*
 * The Atlantic 6.7 order-5 report: compaction_suitable() skips a zone
 * whose free pages are not above its mark + 2 << 5, and the evidence
 * carries both numbers.
 */
static void test_compaction_skipped_for_watermark(void **state)
{
	struct one *o = parse_fixture("x86_64-atlantic-order5-6.7.log");
	struct bs_analysis *a = analyze(&o->r, NULL);
	const struct bs_fact *f = fact(a->evidence_fact, a->nr_evidence, "compaction_skipped_watermark");

	(void)state;
	assert_true(a->slow.compact_unsuitable > 0);
	assert_true(number(f, "free_pages") <= number(f, "need_pages"));
	release(a);
	free(o);
}

static struct bs_oom_analysis *oom_of(const struct bs_report *r, struct bs_analysis **a)
{
	struct bs_oom_analysis *o = calloc(1, sizeof(*o));

	*a = calloc(1, sizeof(**a));
	assert_non_null(o);
	assert_non_null(*a);
	assert_int_equal(bs_oom_analyze(r, NULL, *a, o), 0);
	return o;
}

/* The arm64 64K CMA OOM: 523776 of 613120 kB free was CMA, 89344 kB left against min 91584. */
static void test_oom_cma(void **state)
{
	struct one *r = parse_fixture("arm64-64k-cma-oom-panic-wrapped-5.4.log");
	struct bs_analysis *a;
	struct bs_oom_analysis *o = oom_of(&r->r, &a);
	const struct bs_fact *f = fact(o->evidence_fact, o->nr_evidence, "oom_free_is_cma");

	(void)state;
	assert_int_equal(o->cause, BS_OOM_CAUSE_CMA);
	assert_int_equal(number(f, "free_kb"), 613120);
	assert_int_equal(number(f, "free_cma_kb"), 523776);
	assert_int_equal(number(f, "min_kb"), 91584);
	assert_null(strstr(o->summary, "truly ran out"));
	release(a);
	free(o);
	free(r);
}

/* RHEL 8 memsw-limited memcg: memory at 97% of its limit, memory+swap at 100%: memsw is what was hit. */
static void test_oom_memsw(void **state)
{
	struct one *r = parse_fixture("x86_64-rhel8-memsw-limit-three-memcg-annotated-4.18.log");
	struct bs_analysis *a;
	struct bs_oom_analysis *o = oom_of(&r->r, &a);

	(void)state;
	assert_int_equal(o->cause, BS_OOM_CAUSE_MEMCG_LIMIT);
	assert_non_null(strstr(o->summary, "memory+swap limit"));
	assert_non_null(strstr(o->summary, "35651584"));
	/* the mode is decoded for a memcg OOM too */
	assert_ptr_equal(o->a, a);
	assert_non_null(strstr(a->mode_decoded, "GFP_HIGHUSER_MOVABLE"));
	release(a);
	free(o);
	free(r);
}

/*
 * The RHEL 7 OOMAnalyser report: Node 1 Normal passes min by 3992 kB,
 * below its low mark, with swap full: still a probable leak, with the
 * borderline said.  The 4.19 two-OOM log's second report passes its low
 * mark: the numbers do not show memory running out.
 */
static void test_oom_zone_passes(void **state)
{
	struct one *r = parse_fixture("oomanalyser-rhel7-3.10.log");
	struct bs_analysis *a, *a2;
	struct bs_oom_analysis *o = oom_of(&r->r, &a), *o2;
	const struct bs_fact *f = fact(o->evidence_fact, o->nr_evidence, "oom_zone_passes_narrowly");
	size_t len;
	char *buf = fixture_text("x86_64-two-oom-second-unneeded-4.19.log", &len);
	const char *second = strstr(buf, "\n[  703.203016]");
	struct one *r2;

	(void)state;
	assert_int_equal(o->cause, BS_OOM_CAUSE_LEAK);
	assert_int_equal(number(f, "free_kb"), 49436);
	assert_int_equal(number(f, "min_kb"), 45444);
	assert_non_null(second);
	r2 = parse_text("second", second + 1, len - (size_t)(second + 1 - buf));
	o2 = oom_of(&r2->r, &a2);
	assert_int_equal(o2->cause, BS_OOM_CAUSE_UNKNOWN);
	assert_non_null(fact(o2->evidence_fact, o2->nr_evidence, "oom_zone_passes"));
	assert_null(strstr(o2->summary, "truly ran out"));
	release(a);
	release(a2);
	free(o);
	free(o2);
	free(r);
	free(r2);
	free(buf);
}

/*
 * "Out of memory and no killable processes" in place of the kill lines of
 * the 4.19 two-OOM log's first report (the line out_of_memory() prints
 * when it chose no victim).
 */
static void test_oom_no_killable(void **state)
{
	size_t len;
	char *buf = fixture_text("x86_64-two-oom-second-unneeded-4.19.log", &len);
	char *cut = strstr(buf, "[  703.190058] Out of memory: Kill process");
	struct one *r;
	struct bs_analysis *a;
	struct bs_oom_analysis *o;

	(void)state;
	assert_non_null(cut);
	strcpy(cut, "[  703.190058] Out of memory and no killable processes...\n");
	r = parse_text("no-killable", buf, strlen(buf));
	o = oom_of(&r->r, &a);
	assert_int_equal(o->cause, BS_OOM_CAUSE_NO_KILLABLE);
	assert_non_null(fact(o->evidence_fact, o->nr_evidence, "oom_no_killable"));
	release(a);
	free(o);
	free(r);
	free(buf);
}

/* A pagefault OOM prints gfp_mask=0x0: the 4.19 report with that mask says what it means. */
static void test_oom_pagefault(void **state)
{
	size_t len;
	char *buf = fixture_text("x86_64-two-oom-second-unneeded-4.19.log", &len);
	char *m = strstr(buf, "gfp_mask=0x6280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)");
	struct one *r;
	struct bs_analysis *a;
	struct bs_oom_analysis *o;

	(void)state;
	assert_non_null(m);
	memcpy(m, "gfp_mask=0x0(                                    )", 51);
	r = parse_text("pagefault", buf, len);
	assert_true(r->r.has_mode);
	assert_int_equal(r->r.mode, 0);
	o = oom_of(&r->r, &a);
	assert_non_null(fact(o->evidence_fact, o->nr_evidence, "oom_pagefault"));
	release(a);
	free(o);
	free(r);
	free(buf);
}

/* Fedora 4.16 swapoff OOM: 472832 kB unevictable of 1834460 kB RAM is weighed. */
static void test_oom_unevictable(void **state)
{
	struct one *r = parse_fixture("x86_64-fedora-swapoff-oom-quoted-wrapped-4.16.log");
	struct bs_analysis *a;
	struct bs_oom_analysis *o = oom_of(&r->r, &a);
	const struct bs_fact *f = fact(o->evidence_fact, o->nr_evidence, "oom_unevictable");

	(void)state;
	assert_int_equal(number(f, "unevictable_kb"), 472832);
	assert_int_equal(number(f, "ram_kb"), 1834460);
	release(a);
	free(o);
	free(r);
}

static struct bs_whatif_setting setting(const char *arg)
{
	struct bs_whatif_setting s;
	char err[160];

	assert_int_equal(bs_whatif_parse(arg, &s, err, sizeof(err)), 0);
	return s;
}

/*
 * --what-if on the ceph 5.4 atomic failure.  The mins 64, 14596, 77492 kB
 * of DMA, DMA32, Normal (managed 15908, 3588072, 12793540 kB): DMA and
 * DMA32 agree on pages_min 16676 (66704 kB); Normal's min holds a
 * watermark_boost.  Replayed at 66704 the marks come back as printed and
 * the request still fails; far lower it passes.
 */
static void test_whatif_min_free_kbytes(void **state)
{
	struct one *o = parse_fixture("x86_64-ceph-virtio-atomic-dmesg-T-wrapped-5.4.log");
	struct bs_whatif_setting s[3] = { setting("vm.min_free_kbytes=66704"), setting("vm.min_free_kbytes=4096"),
					  setting("vm.lowmem_reserve_ratio=1033 256 32 0 0") };
	struct bs_analyze_opts opts = { NULL, s, 3 };
	struct bs_analysis *a = analyze(&o->r, &opts);
	const struct bs_whatif_result *same, *low, *ratio;
	const struct bs_advice *ad;

	(void)state;
	assert_non_null(a->whatif);
	assert_int_equal(a->whatif->min_free_kbytes, 66704);
	assert_true(a->whatif->min_free_exact);
	assert_int_equal(a->whatif->nr, 3);
	same = &a->whatif->r[0];
	low = &a->whatif->r[1];
	ratio = &a->whatif->r[2];
	assert_true(same->computed);
	assert_false(same->request_succeeds);
	assert_int_equal(same->zones[1].min_kb, 14596);	/* DMA32 as printed */
	assert_int_equal(same->zones[2].min_kb, 77492);	/* Normal, boost kept */
	assert_true(low->request_succeeds);
	/* DMA's entry 1033 > the advice's threshold 1032: lowmem_reserve[Normal] 16391628 kB / 4 / 1033 */
	assert_true(ratio->request_succeeds);
	assert_true(ratio->zones[0].watermark_ok);
	ad = advice(a, "tune_lowmem_reserve_ratio");
	assert_non_null(ad);
	assert_int_equal(number(&ad->fact, "ratio_threshold"), 1032);
	ad = advice(a, "tune_min_free_kbytes");
	assert_non_null(ad);
	assert_int_equal(number(&ad->fact, "current_kb"), 66704);
	assert_int_equal(number(&ad->fact, "request_succeeds"), 0);
	assert_true(number(&ad->fact, "passes_at_or_below_kb") < 66704);
	release(a);
	free(o);
}

/* The first @from in @buf (a heap string with room for @to) replaced by @to. */
static char *replace_first(char *buf, const char *from, const char *to)
{
	char *at = strstr(buf, from);
	size_t fl = strlen(from), tl = strlen(to);
	char *out;

	assert_non_null(at);
	out = malloc(strlen(buf) - fl + tl + 1);
	assert_non_null(out);
	memcpy(out, buf, (size_t)(at - buf));
	strcpy(out + (at - buf), to);
	strcat(out, at + fl);
	free(buf);
	return out;
}

/* The advice id given for the btrfs 5.19 large-kmalloc failure after @from -> @to in its text. */
static bool large_kmalloc_advice(const char *fixture, const char *from, const char *to, const char *id,
				 long long scoped)
{
	size_t len;
	char *buf = fixture_text(fixture, &len);
	struct one *o;
	struct bs_analysis *a;
	const struct bs_advice *ad;
	bool found;

	if (from)
		buf = replace_first(buf, from, to);
	o = parse_text(fixture, buf, strlen(buf));
	a = analyze(&o->r, NULL);
	ad = advice(a, id);
	found = ad != NULL;
	if (ad && scoped >= 0)
		assert_int_equal(number(&ad->fact, "scoped"), scoped);
	/* one of the four at most: they answer the same question */
	assert_int_equal(!!advice(a, "caller_kvmalloc") + !!advice(a, "caller_kvmalloc_scoped") +
			 !!advice(a, "caller_vmalloc_fallback"), found);
	release(a);
	free(o);
	free(buf);
	return found;
}

/*
 * kvmalloc() is advised only where it would fall back to vmalloc: never for
 * a request that may not sleep, for a GFP_NOFS mask only from 5.17, and
 * not at all before 4.12 (the fallback by hand instead).
 */
static void test_large_kmalloc_advice_per_context(void **state)
{
	static const char btrfs[] = "x86_64-btrfs-nofs-debian-5.19.log";

	(void)state;
	assert_true(large_kmalloc_advice(btrfs, NULL, NULL, "caller_kvmalloc", -1));
	assert_true(large_kmalloc_advice(btrfs, "5.19.0-1-amd64 #1  Debian 5.19.6-1", "5.10.0-1-amd64 #1  Debian 5.10.6-1",
					 "caller_kvmalloc_scoped", -1));
	assert_false(large_kmalloc_advice(btrfs, "mode:0x40c40(GFP_NOFS|__GFP_COMP)", "mode:0x40800(GFP_NOWAIT|__GFP_COMP)",
					  "caller_kvmalloc", -1));
	assert_true(large_kmalloc_advice("seed-ceph-centos7.log", NULL, NULL, "caller_vmalloc_fallback", 1));
}

/* rule=4.4 on the 3.10 seed: the 4.4+ check passes Node 1 Normal, as order_loop_would_pass says. */
static void test_whatif_rule(void **state)
{
	struct one *o = parse_fixture("seed-ceph-centos7.log");
	struct bs_whatif_setting s[2] = { setting("rule=4.4"), setting("compact") };
	struct bs_analyze_opts opts = { "3.10.0-514.el7.x86_64", s, 2 };
	struct bs_analysis *a = analyze(&o->r, &opts);

	(void)state;
	assert_int_equal(a->order_loop_would_pass, 1);
	assert_true(a->whatif->r[0].computed);
	assert_true(a->whatif->r[0].request_succeeds);
	/* GFP_NOFS on 3.10 may not compact: compaction by itself cannot save it */
	assert_true(a->whatif->r[1].computed);
	assert_false(a->whatif->r[1].request_succeeds);
	release(a);
	free(o);
}

static void test_whatif_parse_errors(void **state)
{
	struct bs_whatif_setting s;
	char err[160];

	(void)state;
	assert_int_equal(bs_whatif_parse("vm.min_free_kbytes=12abc", &s, err, sizeof(err)), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(err, "vm.min_free_kbytes"));
	assert_int_equal(bs_whatif_parse("rule=9.99-nonsense", &s, err, sizeof(err)), 0);
	assert_int_equal(bs_whatif_parse("rule=", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("vm.swappiness=10", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("vm.lowmem_reserve_ratio=", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("vm.extfrag_threshold=1001", &s, err, sizeof(err)), -1);
	assert_int_equal(bs_whatif_parse("compact", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, BS_WI_COMPACT);
	assert_int_equal(bs_whatif_parse("vm.lowmem_reserve_ratio=256 256 32 0 0", &s, err, sizeof(err)), 0);
	assert_int_equal(s.nr_ratio, 5);
	assert_int_equal(s.ratio[2], 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_state_same_cause),
		cmocka_unit_test(test_fragmentation_says_order0_passed),
		cmocka_unit_test(test_pf_memalloc_kswapd),
		cmocka_unit_test(test_pf_memalloc_nomemalloc_real),
		cmocka_unit_test(test_lowmem_never_ooms),
		cmocka_unit_test(test_no_contradiction_costly_nofs),
		cmocka_unit_test(test_fragindex_and_compaction_rules),
		cmocka_unit_test(test_compaction_skipped_for_watermark),
		cmocka_unit_test(test_oom_cma),
		cmocka_unit_test(test_oom_memsw),
		cmocka_unit_test(test_oom_zone_passes),
		cmocka_unit_test(test_oom_no_killable),
		cmocka_unit_test(test_oom_pagefault),
		cmocka_unit_test(test_oom_unevictable),
		cmocka_unit_test(test_whatif_min_free_kbytes),
		cmocka_unit_test(test_whatif_rule),
		cmocka_unit_test(test_large_kmalloc_advice_per_context),
		cmocka_unit_test(test_whatif_parse_errors),
	};

	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
