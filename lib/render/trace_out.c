// SPDX-License-Identifier: MIT
/*
 * trace_out.c - a finished run as text for people and JSON for machines
 * (schema in docs/trace.md).  Both walk the same results; nothing here
 * computes anything the other could not print.
 */
#include <stdio.h>
#include <string.h>

#include "render/jsonw.h"
#include "trace/trace_internal.h"

static const char *const stall_names[BS_NR_STALLS] = {
	[BS_STALL_DIRECT_RECLAIM] = "direct_reclaim",
	[BS_STALL_MEMCG_RECLAIM] = "memcg_reclaim",
	[BS_STALL_DIRECT_COMPACT] = "direct_compaction",
	[BS_STALL_OTHER_COMPACT] = "other_compaction",
	[BS_STALL_KSWAPD] = "kswapd_awake",
};

static const char *const stall_titles[BS_NR_STALLS] = {
	[BS_STALL_DIRECT_RECLAIM] = "Direct reclaim stalls (allocating tasks reclaiming themselves)",
	[BS_STALL_MEMCG_RECLAIM] = "Memcg reclaim stalls (tasks over their cgroup's memory.max/high)",
	[BS_STALL_DIRECT_COMPACT] = "Direct compaction runs (per zone, after try_to_compact_pages)",
	[BS_STALL_OTHER_COMPACT] = "Other compaction runs (kcompactd, proactive, /proc/sys/vm/compact_memory)",
	[BS_STALL_KSWAPD] = "kswapd awake (wake to sleep, per node)",
};

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void gfp_text(const struct bs_trace *t, uint64_t mask, char *buf, size_t len)
{
	if (!t->gfp || bs_gfp_format(t->gfp, mask, buf, len) < 0 || !buf[0])
		snprintf(buf, len, "0x%llx", (unsigned long long)mask);
}

static void mt_text(int mt, char *buf, size_t len)
{
	const char *n = bs_trace_migratetype_name(mt);

	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "type%d", mt);
}

/* --- text ------------------------------------------------------------- */

static void print_hist(FILE *f, const struct bs_lat *l, const char *indent)
{
	int last = -1, first = -1;
	uint64_t max = 0;

	for (int i = 0; i < BS_TRACE_BUCKETS; i++)
		if (l->hist[i]) {
			if (first < 0)
				first = i;
			last = i;
			if (l->hist[i] > max)
				max = l->hist[i];
		}
	if (last < 0)
		return;
	fprintf(f, "%s%21s : %-8s %s\n", indent, "usecs", "count", "distribution");
	for (int i = first; i <= last; i++) {
		uint64_t lo = i ? 1ull << i : 0, hi = i ? (2ull << i) - 1 : 1;
		int stars = (int)(l->hist[i] * 40 / max);
		char range[32];

		snprintf(range, sizeof(range), "%llu -> %llu", (unsigned long long)lo, (unsigned long long)hi);
		fprintf(f, "%s%21s : %-8llu |%-40.*s|\n", indent, range, (unsigned long long)l->hist[i],
			stars, "****************************************");
	}
}

static void print_lat_row(FILE *f, const char *name, const struct bs_lat *l, bool pages)
{
	fprintf(f, "    %-16s %7llu %11.3f %10.3f %10.3f", name, (unsigned long long)l->count,
		ms(l->total_ns), l->count ? ms(l->total_ns) / (double)l->count : 0.0, ms(l->max_ns));
	if (pages)
		fprintf(f, " %10llu", (unsigned long long)l->pages);
	fputc('\n', f);
}

static void print_stall(FILE *f, const struct bs_trace *t, int k, bool verbose)
{
	const struct bs_stall *s = &t->stall[k];
	bool pages = k == BS_STALL_DIRECT_RECLAIM || k == BS_STALL_MEMCG_RECLAIM;
	char name[32];

	fprintf(f, "\n%s: %llu", stall_titles[k], (unsigned long long)s->all.count);
	if (s->all.count)
		fprintf(f, ", %.3f ms in all, max %.3f ms", ms(s->all.total_ns), ms(s->all.max_ns));
	if (pages && s->all.count)
		fprintf(f, ", %llu pages reclaimed", (unsigned long long)s->all.pages);
	if (s->unpaired)
		fprintf(f, " (%llu still running at the end)", (unsigned long long)s->unpaired);
	fputc('\n', f);
	if (!s->all.count)
		return;
	print_hist(f, &s->all, "  ");
	fprintf(f, "    %-16s %7s %11s %10s %10s%s\n", "process", "count", "total_ms", "avg_ms", "max_ms",
		pages ? "      pages" : "");
	for (size_t i = 0; i < s->nr_comm; i++) {
		print_lat_row(f, s->by_comm[i].comm, &s->by_comm[i].lat, pages);
		if (verbose)
			print_hist(f, &s->by_comm[i].lat, "      ");
	}
	if (k == BS_STALL_KSWAPD || k == BS_STALL_OTHER_COMPACT)
		return;
	fprintf(f, "    %-16s %7s %11s %10s %10s%s\n", "order", "count", "total_ms", "avg_ms", "max_ms",
		pages ? "      pages" : "");
	for (int o = 0; o <= BS_TRACE_ORDERS; o++) {
		if (!s->by_order[o].count)
			continue;
		if (o == BS_TRACE_ORDERS)
			snprintf(name, sizeof(name), "unknown");
		else
			snprintf(name, sizeof(name), "%d", o);
		print_lat_row(f, name, &s->by_order[o], pages);
		if (verbose)
			print_hist(f, &s->by_order[o], "      ");
	}
}

static void print_stack(FILE *f, const struct bs_trace *t, uint32_t id)
{
	const struct bs_stack *s;
	char sym[160];

	if (!id)
		return;
	s = &t->stacks[id - 1];
	for (uint32_t i = 0; i < s->n; i++) {
		bs_trace_symbolize(t, t->ips[s->off + i], sym, sizeof(sym));
		fprintf(f, "        %s\n", sym);
	}
}

static void print_failures(FILE *f, const struct bs_trace *t)
{
	char g[512], mt[16];

	fprintf(f, "\nFailed page allocations: %llu", (unsigned long long)t->failures);
	if (t->failures)
		fprintf(f, " at %zu site%s", t->nr_sites, t->nr_sites == 1 ? "" : "s");
	fputc('\n', f);
	for (size_t i = 0; i < t->nr_sites; i++) {
		const struct bs_site *s = &t->sites[i];

		gfp_text(t, s->gfp, g, sizeof(g));
		mt_text(s->migratetype, mt, sizeof(mt));
		fprintf(f, "  %llu x order %d, %s, mode:0x%llx(%s)%s%s\n", (unsigned long long)s->count, s->order,
			mt, (unsigned long long)s->gfp, g, s->where[0] ? " from " : "", s->where);
		fprintf(f, "      by");
		for (int p = 0; p < BS_TRACE_SITE_PROCS && s->procs[p].count; p++)
			fprintf(f, " %s[%d] x%llu", s->procs[p].comm, s->procs[p].pid,
				(unsigned long long)s->procs[p].count);
		if (s->other_procs)
			fprintf(f, " and %llu more", (unsigned long long)s->other_procs);
		fputc('\n', f);
		print_stack(f, t, s->stack);
	}
	for (size_t i = 0; i < t->nr_gfp_mismatch; i++)
		fprintf(f, "  GFP decode differs from the kernel's own: %s\n", t->gfp_mismatch[i]);
}

static void print_compaction(FILE *f, const struct bs_trace *t)
{
	uint64_t tries = 0;

	for (int o = 0; o <= BS_TRACE_ORDERS; o++)
		tries += t->compact_tries[o];
	fprintf(f, "\nCompaction: %llu direct attempts (try_to_compact_pages)", (unsigned long long)tries);
	for (int o = 0; o < BS_TRACE_ORDERS; o++)
		if (t->compact_tries[o])
			fprintf(f, "%s order %d: %llu", o ? "," : "", o, (unsigned long long)t->compact_tries[o]);
	fprintf(f, "\n  zone runs by outcome (mm_compaction_end):");
	if (!t->nr_outcomes)
		fprintf(f, " none");
	for (size_t i = 0; i < t->nr_outcomes; i++)
		fprintf(f, " %s %llu", t->outcomes[i].name, (unsigned long long)t->outcomes[i].count);
	fprintf(f, "\n  deferred (zone skipped while deferred): %llu; deferral grown after failure: %llu; "
		"reset after success: %llu; kcompactd wakes: %llu\n", (unsigned long long)t->deferred,
		(unsigned long long)t->defer_grown, (unsigned long long)t->defer_reset,
		(unsigned long long)t->kcompactd_wakes);
}

static void print_extfrag(FILE *f, const struct bs_trace *t)
{
	char a[16], b[16];

	fprintf(f, "\nFragmentation events (mm_page_alloc_extfrag): %llu fallbacks, %llu fragmenting "
		"(fallback_order < pageblock_order), %llu took the pageblock over\n",
		(unsigned long long)t->extfrag, (unsigned long long)t->extfrag_fragmenting,
		(unsigned long long)t->extfrag_owned);
	for (int i = 0; i < BS_TRACE_MT; i++)
		for (int j = 0; j < BS_TRACE_MT; j++) {
			if (!t->extfrag_pairs[i][j])
				continue;
			mt_text(i, a, sizeof(a));
			mt_text(j, b, sizeof(b));
			fprintf(f, "  %-11s from %-11s pageblocks: %llu\n", a, b,
				(unsigned long long)t->extfrag_pairs[i][j]);
		}
}

static void print_kswapd(FILE *f, const struct bs_trace *t)
{
	uint64_t wakeups = 0;

	for (int o = 0; o <= BS_TRACE_ORDERS; o++)
		wakeups += t->kswapd_wakeups_by_order[o];
	fprintf(f, "\nkswapd: %llu wakeup requests from allocations", (unsigned long long)wakeups);
	for (int o = 0; o < BS_TRACE_ORDERS; o++)
		if (t->kswapd_wakeups_by_order[o])
			fprintf(f, "%s order %d: %llu", o ? "," : " (", o,
				(unsigned long long)t->kswapd_wakeups_by_order[o]);
	fprintf(f, "%s; %llu wakes, %llu sleeps\n", wakeups && !t->kswapd_wakeups_by_order[0] ? ")" :
		wakeups ? ")" : "", (unsigned long long)t->counts[BS_TEV_KSWAPD_WAKE],
		(unsigned long long)t->counts[BS_TEV_KSWAPD_SLEEP]);
}

static void print_vmstat(FILE *f, const struct bs_trace *t)
{
	bool any = false;

	for (size_t i = 0; i < t->nr_vmstat; i++) {
		const struct bs_vmstat_item *v = &t->vmstat[i];

		if (!v->have_start || !v->have_end || v->start == v->end)
			continue;
		if (!any)
			fprintf(f, "\n/proc/vmstat, start -> end (changed counters):\n");
		any = true;
		fprintf(f, "  %-32s %14llu -> %14llu  %+lld\n", v->name, (unsigned long long)v->start,
			(unsigned long long)v->end, (long long)(v->end - v->start));
	}
	if (!any && t->nr_vmstat)
		fprintf(f, "\n/proc/vmstat: no reclaim or compaction counter changed\n");
}

void bs_trace_print_text(FILE *f, const struct bs_trace *t, bool verbose)
{
	int avail = 0;

	for (int k = 0; k < BS_TEV_NR_KINDS; k++)
		avail += t->available[k] == 1;
	fprintf(f, "buddyscope trace (%s", t->source);
	if (t->seconds > 0)
		fprintf(f, ", %.1f s", t->seconds);
	else
		fprintf(f, ", %.3f s of events", (double)t->span_ns / 1e9);
	fprintf(f, "): kernel %s, GFP table %s%s; %d of %d tracepoints\n", t->release[0] ? t->release : "unknown",
		t->gfp ? t->gfp->id : "none", t->gfp_inferred ? " (inferred)" : t->gfp_exact ? "" : " (nearest)",
		avail, BS_TEV_NR_KINDS);
	for (size_t i = 0; i < t->nr_notes; i++)
		fprintf(f, "  note: %s\n", t->notes[i]);
	print_failures(f, t);
	for (int k = 0; k < BS_NR_STALLS; k++)
		print_stall(f, t, k, verbose);
	print_compaction(f, t);
	print_extfrag(f, t);
	print_kswapd(f, t);
	print_vmstat(f, t);
}

/* --- JSON ------------------------------------------------------------ */

static void json_hist(struct bs_jsonw *w, const struct bs_lat *l)
{
	bs_jsonw_name(w, "hist_usecs");
	bs_jsonw_start_array(w);
	for (int i = 0; i < BS_TRACE_BUCKETS; i++) {
		if (!l->hist[i])
			continue;
		bs_jsonw_start_object(w);
		bs_jsonw_u64_field(w, "from", i ? 1ull << i : 0);
		bs_jsonw_u64_field(w, "to", i ? (2ull << i) - 1 : 1);
		bs_jsonw_u64_field(w, "count", l->hist[i]);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

static void json_lat(struct bs_jsonw *w, const struct bs_lat *l)
{
	bs_jsonw_u64_field(w, "count", l->count);
	bs_jsonw_u64_field(w, "total_us", l->total_ns / 1000);
	bs_jsonw_u64_field(w, "max_us", l->max_ns / 1000);
	bs_jsonw_u64_field(w, "pages_reclaimed", l->pages);
	json_hist(w, l);
}

static void json_stall(struct bs_jsonw *w, const struct bs_stall *s)
{
	bs_jsonw_start_object(w);
	json_lat(w, &s->all);
	bs_jsonw_u64_field(w, "unpaired", s->unpaired);
	bs_jsonw_name(w, "by_process");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < s->nr_comm; i++) {
		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "comm", s->by_comm[i].comm);
		json_lat(w, &s->by_comm[i].lat);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
	bs_jsonw_name(w, "by_order");
	bs_jsonw_start_array(w);
	for (int o = 0; o <= BS_TRACE_ORDERS; o++) {
		if (!s->by_order[o].count)
			continue;
		bs_jsonw_start_object(w);
		bs_jsonw_name(w, "order");
		if (o == BS_TRACE_ORDERS)
			bs_jsonw_null(w);
		else
			bs_jsonw_i64(w, o);
		json_lat(w, &s->by_order[o]);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
}

static void json_stack(struct bs_jsonw *w, const struct bs_trace *t, uint32_t id)
{
	char sym[160];

	bs_jsonw_name(w, "stack");
	bs_jsonw_start_array(w);
	if (id)
		for (uint32_t i = 0; i < t->stacks[id - 1].n; i++) {
			bs_trace_symbolize(t, t->ips[t->stacks[id - 1].off + i], sym, sizeof(sym));
			bs_jsonw_string(w, sym);
		}
	bs_jsonw_end_array(w);
}

static void json_site(struct bs_jsonw *w, const struct bs_trace *t, const struct bs_site *s)
{
	const char *names[64];
	char g[512], mt[16];
	size_t n = t->gfp ? bs_gfp_split(t->gfp, s->gfp, names, 64, NULL) : 0;

	bs_jsonw_start_object(w);
	bs_jsonw_u64_field(w, "count", s->count);
	bs_jsonw_i64_field(w, "order", s->order);
	bs_jsonw_name(w, "gfp");
	bs_jsonw_start_object(w);
	snprintf(g, sizeof(g), "0x%llx", (unsigned long long)s->gfp);
	bs_jsonw_string_field(w, "mask", g);
	gfp_text(t, s->gfp, g, sizeof(g));
	bs_jsonw_string_field(w, "text", g);
	bs_jsonw_name(w, "flags");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < n && i < 64; i++)
		bs_jsonw_string(w, names[i]);
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
	mt_text(s->migratetype, mt, sizeof(mt));
	bs_jsonw_string_field(w, "migratetype", mt);
	bs_jsonw_name(w, "site");
	if (s->where[0])
		bs_jsonw_string(w, s->where);
	else
		bs_jsonw_null(w);
	bs_jsonw_name(w, "processes");
	bs_jsonw_start_array(w);
	for (int p = 0; p < BS_TRACE_SITE_PROCS && s->procs[p].count; p++) {
		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "comm", s->procs[p].comm);
		bs_jsonw_i64_field(w, "pid", s->procs[p].pid);
		bs_jsonw_u64_field(w, "count", s->procs[p].count);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
	bs_jsonw_u64_field(w, "other_processes", s->other_procs);
	json_stack(w, t, s->stack);
	bs_jsonw_end_object(w);
}

static void json_events(struct bs_jsonw *w, const struct bs_trace *t)
{
	char name[96];

	bs_jsonw_name(w, "events");
	bs_jsonw_start_object(w);
	for (int k = 0; k < BS_TEV_NR_KINDS; k++) {
		const struct bs_tev_info *in = bs_tev_info(k);

		snprintf(name, sizeof(name), "%s:%s", in->system, in->name);
		bs_jsonw_name(w, name);
		bs_jsonw_start_object(w);
		bs_jsonw_bool_field(w, "available", t->available[k] == 1);
		bs_jsonw_u64_field(w, "count", t->counts[k]);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_object(w);
}

static void json_compaction(struct bs_jsonw *w, const struct bs_trace *t)
{
	bs_jsonw_name(w, "compaction");
	bs_jsonw_start_object(w);
	bs_jsonw_name(w, "attempts_by_order");
	bs_jsonw_start_object(w);
	for (int o = 0; o < BS_TRACE_ORDERS; o++)
		if (t->compact_tries[o]) {
			char k[16];

			snprintf(k, sizeof(k), "%d", o);
			bs_jsonw_u64_field(w, k, t->compact_tries[o]);
		}
	bs_jsonw_end_object(w);
	bs_jsonw_name(w, "outcomes");
	bs_jsonw_start_object(w);
	for (size_t i = 0; i < t->nr_outcomes; i++)
		bs_jsonw_u64_field(w, t->outcomes[i].name, t->outcomes[i].count);
	bs_jsonw_end_object(w);
	bs_jsonw_u64_field(w, "deferred", t->deferred);
	bs_jsonw_u64_field(w, "defer_compaction", t->defer_grown);
	bs_jsonw_u64_field(w, "defer_reset", t->defer_reset);
	bs_jsonw_u64_field(w, "kcompactd_wakes", t->kcompactd_wakes);
	bs_jsonw_end_object(w);
}

static void json_extfrag(struct bs_jsonw *w, const struct bs_trace *t)
{
	char a[16], b[16];

	bs_jsonw_name(w, "extfrag");
	bs_jsonw_start_object(w);
	bs_jsonw_u64_field(w, "count", t->extfrag);
	bs_jsonw_u64_field(w, "fragmenting", t->extfrag_fragmenting);
	bs_jsonw_u64_field(w, "change_ownership", t->extfrag_owned);
	bs_jsonw_name(w, "fallbacks");
	bs_jsonw_start_array(w);
	for (int i = 0; i < BS_TRACE_MT; i++)
		for (int j = 0; j < BS_TRACE_MT; j++) {
			if (!t->extfrag_pairs[i][j])
				continue;
			mt_text(i, a, sizeof(a));
			mt_text(j, b, sizeof(b));
			bs_jsonw_start_object(w);
			bs_jsonw_string_field(w, "alloc_migratetype", a);
			bs_jsonw_string_field(w, "fallback_migratetype", b);
			bs_jsonw_u64_field(w, "count", t->extfrag_pairs[i][j]);
			bs_jsonw_end_object(w);
		}
	bs_jsonw_end_array(w);
	bs_jsonw_end_object(w);
}

static void json_kswapd(struct bs_jsonw *w, const struct bs_trace *t)
{
	bs_jsonw_name(w, "kswapd");
	bs_jsonw_start_object(w);
	bs_jsonw_u64_field(w, "wakes", t->counts[BS_TEV_KSWAPD_WAKE]);
	bs_jsonw_u64_field(w, "sleeps", t->counts[BS_TEV_KSWAPD_SLEEP]);
	bs_jsonw_name(w, "wakeup_requests_by_order");
	bs_jsonw_start_object(w);
	for (int o = 0; o < BS_TRACE_ORDERS; o++)
		if (t->kswapd_wakeups_by_order[o]) {
			char k[16];

			snprintf(k, sizeof(k), "%d", o);
			bs_jsonw_u64_field(w, k, t->kswapd_wakeups_by_order[o]);
		}
	bs_jsonw_end_object(w);
	bs_jsonw_end_object(w);
}

static void json_vmstat(struct bs_jsonw *w, const struct bs_trace *t)
{
	bs_jsonw_name(w, "vmstat");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < t->nr_vmstat; i++) {
		const struct bs_vmstat_item *v = &t->vmstat[i];

		bs_jsonw_start_object(w);
		bs_jsonw_string_field(w, "name", v->name);
		bs_jsonw_name(w, "start");
		if (v->have_start)
			bs_jsonw_u64(w, v->start);
		else
			bs_jsonw_null(w);
		bs_jsonw_name(w, "end");
		if (v->have_end)
			bs_jsonw_u64(w, v->end);
		else
			bs_jsonw_null(w);
		bs_jsonw_name(w, "delta");
		if (v->have_start && v->have_end)
			bs_jsonw_i64(w, (int64_t)(v->end - v->start));
		else
			bs_jsonw_null(w);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

void bs_trace_print_json(FILE *f, const struct bs_trace *t)
{
	struct bs_jsonw w;

	bs_jsonw_init(&w, f, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "source", t->source);
	bs_jsonw_name(&w, "kernel");
	if (t->release[0])
		bs_jsonw_string(&w, t->release);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "gfp_table");
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "id", t->gfp ? t->gfp->id : "");
	bs_jsonw_bool_field(&w, "exact", t->gfp_exact && !t->gfp_inferred);
	bs_jsonw_bool_field(&w, "inferred", t->gfp_inferred);
	bs_jsonw_name(&w, "mismatches");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < t->nr_gfp_mismatch; i++)
		bs_jsonw_string(&w, t->gfp_mismatch[i]);
	bs_jsonw_end_array(&w);
	bs_jsonw_end_object(&w);
	bs_jsonw_u64_field(&w, "duration_ms", (uint64_t)(t->seconds * 1000));
	bs_jsonw_u64_field(&w, "span_us", t->span_ns / 1000);
	bs_jsonw_bool_field(&w, "partial", t->partial);
	bs_jsonw_name(&w, "notes");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < t->nr_notes; i++)
		bs_jsonw_string(&w, t->notes[i]);
	bs_jsonw_end_array(&w);
	json_events(&w, t);
	bs_jsonw_name(&w, "failed_allocations");
	bs_jsonw_start_object(&w);
	bs_jsonw_u64_field(&w, "count", t->failures);
	bs_jsonw_name(&w, "sites");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < t->nr_sites; i++)
		json_site(&w, t, &t->sites[i]);
	bs_jsonw_end_array(&w);
	bs_jsonw_end_object(&w);
	bs_jsonw_name(&w, "stalls");
	bs_jsonw_start_object(&w);
	for (int k = 0; k < BS_NR_STALLS; k++) {
		bs_jsonw_name(&w, stall_names[k]);
		json_stall(&w, &t->stall[k]);
	}
	bs_jsonw_end_object(&w);
	json_compaction(&w, t);
	json_extfrag(&w, t);
	json_kswapd(&w, t);
	json_vmstat(&w, t);
	bs_jsonw_end_object(&w);
	fputc('\n', f);
}
