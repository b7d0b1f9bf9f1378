// SPDX-License-Identifier: MIT
/*
 * status_words.c - the sentences of status's warnings, missing files and
 * verdict (status_words.h), from the kinds and numbers the analysis keeps
 * (analysis/status_warn.c, proc/status_read.c).  One table names each
 * warning kind's id and numbers for JSON; one function per kind says it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proc/proc_layout.h"
#include "render/status_words.h"

static const struct {
	const char *id;
	const char *n[4];		/* JSON names of n[0..3]; NULL: unused */
} kinds[BS_SW_NR] = {
	[BS_SW_BELOW_MIN] = { "below_min", { "free", "min" } },
	[BS_SW_BELOW_LOW] = { "below_low", { "free", "low" } },
	[BS_SW_WATERMARK_BOOST] = { "watermark_boost", { "boost" } },
	[BS_SW_FRAGMENTATION] = { "fragmentation", { "free", "fragmentation_index" } },
	[BS_SW_THP_FRAGMENTATION] = { "thp_fragmentation", { "free", "fragmentation_index" } },
	[BS_SW_NOFS_NO_COMPACTION] = { "nofs_no_compaction", { NULL } },
	[BS_SW_CMA_FREE] = { "cma_free", { "free_cma", "free", "min" } },
	[BS_SW_HIGHATOMIC] = { "highatomic", { "highatomic", "free" } },
	[BS_SW_DIRTY_OVER_BG] = { "dirty", { "percent", "dirty", "dirtyable", "background_limit" } },
	[BS_SW_DIRTY_NO_BG] = { "dirty", { "percent", "dirty", "dirtyable", "background_limit" } },
	[BS_SW_COMPACTION_FAILING] = { "compaction_failing", { "compact_fail", "compact_stall" } },
	[BS_SW_DIRECT_RECLAIM] = { "direct_reclaim", { "allocstall" } },
	[BS_SW_THP_FALLBACK] = { "thp_fallback", { "percent", "thp_fault_fallback", "thp_faults" } },
};

const char *bs_status_warning_id(const struct bs_status_warning *w)
{
	return w->kind < BS_SW_NR && kinds[w->kind].id ? kinds[w->kind].id : "unknown";
}

static const char *since(const struct bs_status_warning *w)
{
	return w->flag ? "in the interval" : "since boot";
}

char *bs_status_warning_text(const struct bs_status_warning *w, char *buf, size_t len)
{
	char fi[16];
	const long long *n = w->n;

	switch ((enum bs_status_warn_kind)w->kind) {
	case BS_SW_BELOW_MIN:
		snprintf(buf, len, "Node %d %s is at or below its min mark (free %lld <= min %lld pages): %s; only "
			 "__GFP_HIGH and atomic requests' reserves reach below it", w->node, w->zone, n[0], n[1],
			 w->flag ? "sleeping requests fall back to the next zone of their zonelist, which still passes"
				 : "sleeping requests enter direct reclaim");
		break;
	case BS_SW_BELOW_LOW:
		snprintf(buf, len, "Node %d %s is below its low mark (free %lld <= low %lld pages): %s", w->node, w->zone,
			 n[0], n[1],
			 w->flag ? "order-0 requests are served from the next zone of their zonelist (its low mark plus "
				   "lowmem_reserve) without waking kswapd, until that zone fails too"
				 : "the next allocation wakes kswapd, which reclaims it up to its high mark");
		break;
	case BS_SW_WATERMARK_BOOST:
		snprintf(buf, len, "Node %d %s has its marks boosted by %lld pages: an allocation fell back to another "
			 "migratetype's pageblock, so kswapd reclaims (and kcompactd compacts) beyond the high mark",
			 w->node, w->zone, n[0]);
		break;
	case BS_SW_FRAGMENTATION:
	case BS_SW_THP_FRAGMENTATION:
		bs_index_format((int)n[1], fi, sizeof(fi));
		snprintf(buf, len, "order %s%d %s allocations (%s) in Node %d %s need compaction: %lld pages free, but "
			 "no free block of order >= %d on a list they may use (fragmentation index at order %d: %s)",
			 w->kind == BS_SW_THP_FRAGMENTATION ? "" : ">= ", w->order, w->word, w->cls, w->node, w->zone,
			 n[0], w->order, w->order, fi);
		break;
	case BS_SW_NOFS_NO_COMPACTION:
		snprintf(buf, len, "GFP_NOFS requests above order %d will fail on this kernel unless reclaim happens to "
			 "free a block: it does not compact for them (%s)", w->order, w->word ? w->word : "no __GFP_FS");
		break;
	case BS_SW_CMA_FREE:
		snprintf(buf, len, "Node %d %s: %lld of %lld free pages are CMA, usable only by movable allocations: "
			 "unmovable requests see %lld free against min %lld", w->node, w->zone, n[0], n[1], n[1] - n[0],
			 n[2]);
		break;
	case BS_SW_HIGHATOMIC:
		snprintf(buf, len, "Node %d %s: %lld of %lld free pages sit in the highatomic reserve, which only "
			 "high-order atomic requests may take", w->node, w->zone, n[0], n[1]);
		break;
	case BS_SW_DIRTY_OVER_BG:
		snprintf(buf, len, "dirty pages are %lld%% of free + file (%lld of %lld dirtyable pages), over the "
			 "background limit of %lld: the flusher is writing, and reclaim will cause IO bursts",
			 n[0], n[1], n[2], n[3]);
		break;
	case BS_SW_DIRTY_NO_BG:
		snprintf(buf, len, "dirty pages are %lld%% of free + file (%lld of %lld dirtyable pages) and no "
			 "background writeback runs before %lld: reclaim will meet dirty pages and cause IO bursts",
			 n[0], n[1], n[2], n[3]);
		break;
	case BS_SW_COMPACTION_FAILING:
		snprintf(buf, len, "direct compaction failed %lld of %lld stalls %s: free memory is fragmented by "
			 "unmovable pages", n[0], n[1], since(w));
		break;
	case BS_SW_DIRECT_RECLAIM:
		snprintf(buf, len, "%lld direct reclaim stalls in %.0f s: allocations are waiting for reclaim", n[0],
			 w->interval);
		break;
	case BS_SW_THP_FALLBACK:
		snprintf(buf, len, "%lld%% of THP faults fell back to small pages %s (%lld of %lld)", n[0], since(w),
			 n[1], n[2]);
		break;
	default:
		snprintf(buf, len, "unknown warning %u", w->kind);
		break;
	}
	return buf;
}

/* THP defrag @mode: what faults do, and what would change it. */
static const char *defrag_words(const char *mode)
{
	if (!strcmp(mode, "always"))
		return "every THP fault stalls in direct compaction";
	if (!strcmp(mode, "madvise"))
		return "only MADV_HUGEPAGE regions compact, other faults take small pages; "
		       "defrag=defer+madvise would wake kcompactd for them";
	if (!strcmp(mode, "defer"))
		return "faults wake kcompactd and take small pages";
	if (!strcmp(mode, "defer+madvise"))
		return "MADV_HUGEPAGE regions compact, others wake kcompactd";
	return "no THP fault compacts or wakes kcompactd; defrag=defer would";
}

/* The change of a kind that computes none. */
static const char *fixed_change(const struct bs_status_warning *w)
{
	switch ((enum bs_status_warn_kind)w->kind) {
	case BS_SW_WATERMARK_BOOST:
		return "vm.watermark_boost_factor=0 stops boosting (kswapd then reclaims less, fragmentation is left "
		       "to compaction)";
	case BS_SW_NOFS_NO_COMPACTION:
		return "no sysctl changes the gate; vm.min_free_kbytes and vm.compaction_proactiveness keep more large "
		       "free blocks";
	case BS_SW_CMA_FREE:
		return "cma= on the kernel command line (a smaller CMA area), or fewer movable users";
	case BS_SW_HIGHATOMIC:
		return "nothing to set: the reserve is at most 1% of the zone and is released under pressure "
		       "(unreserve_highatomic_pageblock)";
	case BS_SW_COMPACTION_FAILING:
		return "vm.compaction_proactiveness, vm.extfrag_threshold; fewer unmovable allocations";
	case BS_SW_DIRECT_RECLAIM:
		return "vm.min_free_kbytes, vm.watermark_scale_factor (kswapd starts earlier)";
	case BS_SW_THP_FALLBACK:
		return "/sys/kernel/mm/transparent_hugepage/defrag, vm.compaction_proactiveness";
	default:
		return "-";
	}
}

char *bs_status_warning_change(const struct bs_status_warning *w, char *buf, size_t len)
{
	const long long *c = w->c;

	switch ((enum bs_status_change)w->change) {
	case BS_SC_FIXED:
		snprintf(buf, len, "%s", fixed_change(w));
		break;
	case BS_SC_MARKS_UNKNOWN:
		snprintf(buf, len, "%s; vm.min_free_kbytes and vm.watermark_scale_factor set the marks",
			 w->flag2 ? "kswapd is reclaiming: find who holds the memory" : "find who holds the memory");
		break;
	case BS_SC_MARKS_NO_WSF:
		snprintf(buf, len, "find who holds the memory; the marks here are this zone's share of "
			 "vm.min_free_kbytes=%lld (min %lld pages) plus min/4 gaps", c[0], c[1]);
		break;
	case BS_SC_MARKS_WSF:
		snprintf(buf, len, "find who holds the memory; here min %lld pages is this zone's share of "
			 "vm.min_free_kbytes=%lld, low and high are %lld pages apart (vm.watermark_scale_factor=%lld: "
			 "managed x %lld / 10000); vm.watermark_scale_factor=%lld would wake kswapd at %lld free pages",
			 c[0], c[1], c[2], c[3], c[3], c[3] * 2, c[4]);
		break;
	case BS_SC_COMPACT_SKIPS:
		snprintf(buf, len, "compaction skips this zone at order %lld (fragmentation index %lld <= "
			 "vm.extfrag_threshold=%lld): the kernel reclaims instead; vm.extfrag_threshold=%lld or lower "
			 "would let it compact", c[0], c[1], c[2], c[3]);
		break;
	case BS_SC_COMPACT_THP:
		snprintf(buf, len, "THP defrag is \"%s\": %s; vm.compaction_proactiveness (kcompactd keeps free blocks "
			 "large); echo 1 > /proc/sys/vm/compact_memory now", w->mode, defrag_words(w->mode));
		break;
	case BS_SC_COMPACT_GENERIC:
		snprintf(buf, len, "%svm.compaction_proactiveness (raise it: kcompactd keeps free blocks large); "
			 "echo 1 > /proc/sys/vm/compact_memory now",
			 w->flag2 ? "compaction runs for it (index above vm.extfrag_threshold); " : "");
		break;
	case BS_SC_DIRTY_THROTTLE:
		snprintf(buf, len, "vm.dirty_background_ratio / vm.dirty_ratio (or the _bytes forms): writers are "
			 "throttled from %lld dirty pages, halfway to the limit of %lld", c[0], c[1]);
		break;
	case BS_SC_DIRTY_RATIO:
		snprintf(buf, len, "vm.dirty_background_ratio=%lld or lower would start writeback now (background "
			 "limit %lld pages, dirty limit %lld: vm.dirty_ratio)", c[0], c[1], c[2]);
		break;
	default:
		snprintf(buf, len, "-");
		break;
	}
	return buf;
}

void bs_json_status_warning_fields(struct bs_jsonw *jw, const struct bs_status_warning *w)
{
	if (w->zone) {
		bs_jsonw_i64_field(jw, "node", w->node);
		bs_jsonw_string_field(jw, "zone", w->zone);
	}
	if (w->cls)
		bs_jsonw_string_field(jw, "class", w->cls);
	if (w->order >= 0)
		bs_jsonw_i64_field(jw, "order", w->order);
	bs_jsonw_name(jw, "numbers");
	bs_jsonw_start_object(jw);
	for (int i = 0; w->kind < BS_SW_NR && i < 4 && kinds[w->kind].n[i]; i++)
		bs_jsonw_i64_field(jw, kinds[w->kind].n[i], w->n[i]);
	bs_jsonw_end_object(jw);
}

const char *bs_status_missing_id(const struct bs_status_missing *m)
{
	switch ((enum bs_status_missing_kind)m->kind) {
	case BS_SM_UNREADABLE: return "unreadable";
	case BS_SM_LINES: return "lines_not_understood";
	case BS_SM_OSRELEASE: return "osrelease";
	}
	return "unknown";
}

/* What status loses without file @f. */
static const char *cost(enum bs_layout_file f, bool again)
{
	switch (f) {
	case BS_LF_BUDDYINFO:
		return "free blocks per order unknown";
	case BS_LF_ZONEINFO:
		return "watermarks and lowmem_reserve unknown: no allocation check";
	case BS_LF_PAGETYPEINFO:
		return "free blocks per migratetype and the highatomic reserve unknown; every free block is taken as "
		       "usable by every class";
	case BS_LF_VMSTAT:
		return again ? "no rates" : "no reclaim or compaction activity";
	case BS_LF_MEMINFO:
		return "page size assumed 4 kB";
	default:
		return "not used";
	}
}

char *bs_status_missing_text(const struct bs_status_missing *m, char *buf, size_t len)
{
	enum bs_layout_file f = (enum bs_layout_file)m->file;
	bool zone_file = f == BS_LF_BUDDYINFO || f == BS_LF_ZONEINFO || f == BS_LF_PAGETYPEINFO;

	switch ((enum bs_status_missing_kind)m->kind) {
	case BS_SM_UNREADABLE:
		snprintf(buf, len, "/%s: %s%s: %s", bs_layout_path(f), strerror(m->err),
			 m->err == EACCES ? " (root only)" : "", cost(f, m->again));
		break;
	case BS_SM_LINES:
		snprintf(buf, len, "/%s: %d line(s) not understood%s", bs_layout_path(f), m->count,
			 zone_file ? " (see the notes)" : "");
		break;
	case BS_SM_OSRELEASE:
		snprintf(buf, len, "/proc/sys/kernel/osrelease: %s: the kernel's rules are guessed", strerror(m->err));
		break;
	default:
		snprintf(buf, len, "unknown");
		break;
	}
	return buf;
}

const char *bs_status_verdict_id(const struct bs_status *s)
{
	static const char *const id[] = {
		[BS_SV_NO_ZONES] = "no_zones", [BS_SV_NO_ZONEINFO] = "no_zoneinfo", [BS_SV_SHORT] = "short",
		[BS_SV_NO_BUDDYINFO] = "no_buddyinfo", [BS_SV_WARNINGS] = "warnings", [BS_SV_HEALTHY] = "healthy",
	};

	return (unsigned)s->verdict < sizeof(id) / sizeof(id[0]) ? id[s->verdict] : "unknown";
}

char *bs_status_verdict_text(const struct bs_status *s, char *buf, size_t len)
{
	const struct bs_status_class_result *k = &s->cls[BS_CLASS_KERNEL];

	switch (s->verdict) {
	case BS_SV_NO_ZONES:
		snprintf(buf, len, "no zones could be read");
		break;
	case BS_SV_NO_ZONEINFO:
		snprintf(buf, len, "no watermarks (zoneinfo missing): whether allocations succeed cannot be checked; "
			 "the free blocks and the fragmentation indices stand");
		break;
	case BS_SV_SHORT:
		snprintf(buf, len, "even order-0 GFP_KERNEL allocations miss the low mark: the machine is short of "
			 "memory%s", k->known && k->highest_min < 0 ? ", and fail at the min mark too: direct reclaim" : "");
		break;
	case BS_SV_NO_BUDDYINFO:
		snprintf(buf, len, "%d warning(s); order-0 GFP_KERNEL allocations %s the low mark; higher orders "
			 "cannot be checked without /proc/buddyinfo", s->nr_warn, k->highest_low >= 0 ? "pass" : "miss");
		break;
	case BS_SV_WARNINGS:
		snprintf(buf, len, "%d warning(s); GFP_KERNEL succeeds up to order %d now, %d after waking kswapd",
			 s->nr_warn, k->highest_low, k->highest_min);
		break;
	case BS_SV_HEALTHY:
		snprintf(buf, len, "healthy: GFP_KERNEL succeeds up to order %d without reclaim", k->highest_low);
		break;
	}
	return buf;
}
