// SPDX-License-Identifier: MIT
/*
 * gfp_out.c - the words and the JSON of one GFP answer (gfp_query.h):
 * what `buddyscope gfp` prints.  Walks a struct bs_gfp_answer; computes
 * nothing.
 */
#include <stdio.h>

#include "render/jsonw.h"
#include "render/gfp_out.h"

/* how each order class is named: words in text, an id in JSON */
static const struct {
	const char *label;
	const char *orders;
} order_classes[BS_NR_ORDER_CLASSES] = {
	{ "order 0", "0" },
	{ "orders 1-3", "1-3" },
	{ "orders 4+ (costly)", "4+" },
};

/* why the table is not exactly this kernel's ("" when it is) */
static const char *inexact_why(const struct bs_gfp_answer *a)
{
	switch (a->inexact) {
	case BS_GFP_EXACT:
		break;
	case BS_GFP_NEAREST_RELEASE:
		return " (release not read: the nearest release range; not exact)";
	case BS_GFP_STABLE_UNKNOWN:
		return " (stable release unknown or not read: not exact)";
	case BS_GFP_SERIES_NOT_READ:
		return " (series not read: the layout in force for it; not exact)";
	}
	return "";
}

/* the alloc_flags the slow path gets, in the kernel's names */
static const struct {
	unsigned bit;
	const char *name;
	const char *what;
} alloc_names[] = {
	{ BS_ALLOC_HIGH, "ALLOC_HIGH", "min watermark halved (__GFP_HIGH)" },
	{ BS_ALLOC_MIN_RESERVE, "ALLOC_MIN_RESERVE", "min watermark halved" },
	{ BS_ALLOC_HARDER, "ALLOC_HARDER", "min lowered by a further quarter, highatomic reserve usable" },
	{ BS_ALLOC_NON_BLOCK, "ALLOC_NON_BLOCK", "cannot sleep: highatomic pages count as free; "
	  "with ALLOC_MIN_RESERVE a further quarter off min" },
	{ BS_ALLOC_HIGHATOMIC, "ALLOC_HIGHATOMIC", "may take the highatomic reserve" },
	{ BS_ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS", "ignores the watermarks (memory reserves)" },
	{ BS_ALLOC_OOM, "ALLOC_OOM", "OOM victim: part of the reserves" },
	{ BS_ALLOC_CMA, "ALLOC_CMA", "may use free CMA pages" },
	{ BS_ALLOC_CPUSET, "ALLOC_CPUSET", "honours cpuset mems" },
	{ BS_ALLOC_KSWAPD, "ALLOC_KSWAPD", "wakes kswapd" },
};

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static void print_compact_answer(FILE *out, const char *label, const struct bs_gfp_compact_answer *a)
{
	if (a->allowed)
		fprintf(out, "%s: yes, %s direct reclaim\n", label, a->first ? "before and after" : "after");
	else
		fprintf(out, "%s: no - %s\n", label, a->why_not ? a->why_not : "not allowed");
}

/* at the --order given, or for each order class when none was */
static void print_compaction(FILE *out, const struct bs_gfp_answer *res, const struct bs_gfp_query *q)
{
	char label[32];

	if (q->order_given) {
		snprintf(label, sizeof(label), "order %u", q->order);
		fprintf(out, "  compaction     ");
		print_compact_answer(out, label, &res->compact);
		return;
	}
	for (int c = 0; c < BS_NR_ORDER_CLASSES; c++) {
		fprintf(out, c ? "                 " : "  compaction     ");
		print_compact_answer(out, order_classes[c].label, &res->compact_class[c]);
	}
}

/* what the tables read before and after this kernel call the unknown bits */
static void print_neighbour_names(FILE *out, const struct bs_gfp_answer *res)
{
	for (size_t i = 0; i < res->nr_elsewhere; i++) {
		const struct bs_gfp_elsewhere *e = &res->elsewhere[i];

		if (e->name)
			fprintf(out, "           %#llx is %s on %s\n", (unsigned long long)e->bit, e->name, e->table->id);
		else
			fprintf(out, "           %#llx is no flag on %s either\n", (unsigned long long)e->bit, e->table->id);
	}
}

static void print_rules_era(FILE *out, const struct bs_gfp_answer *res, const struct bs_gfp_query *q)
{
	fprintf(out, "  rules era      %s (%s; %s)\n", res->r->id, res->rules_range,
	       res->r->derived ? "derived from a neighbouring tree, see docs/rules.md" :
				 "read in that range's kernel source");
	if (res->have_kv && !res->rules_hold)
		fprintf(out, "                 %s is outside every era read: the nearest era's rules are "
		       "assumed\n", q->kernel);
	if (res->rules_late)
		fprintf(out, "                 the stable release is unknown: taken as %d.%d.0; later "
		       "%d.%d.y releases follow era %s\n", res->kv.major, res->kv.minor,
		       res->kv.major, res->kv.minor, res->rules_late->id);
}

void bs_gfp_print_text(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *res)
{
	const struct bs_gfp_table *t = res->t;
	const struct bs_gfp_meaning *m = &res->m;
	bool any = false;

	fprintf(out, "mask       0x%llx", (unsigned long long)res->mask);
	if (res->symbolic)
		fprintf(out, "  (= %s)", q->mask);
	fprintf(out, "\n");
	if (res->have_kv)
		fprintf(out, "kernel     %s -> table %s%s\n", q->kernel, t->id, inexact_why(res));
	else
		fprintf(out, "kernel     %s (the newest table; pass --kernel VER for another)\n", t->id);
	fprintf(out, "source     %s %s\n", t->tree, t->tag);
	fprintf(out, "build      %s%s\n", t->variant ? t->variant : t->configs,
	       t->variant ? " (--config)" : " (a distribution x86_64 build)");
	if (t->has_name_table)
		fprintf(out, "prints as  %s\n", *res->decoded ? res->decoded : "(nothing: mode:0x0())");
	else
		fprintf(out, "decoded    %s\n           (this kernel prints only the hex; its tracepoints print %s)\n",
		       *res->decoded ? res->decoded : "(no flags)", res->traced);
	fprintf(out, "flags     ");
	for (size_t i = 0; i < res->nr_flags; i++)
		fprintf(out, " %s%s", i ? "| " : "", res->flags[i]);
	if (!res->nr_flags)
		fprintf(out, " (none)");
	fprintf(out, "\n");
	for (size_t i = 0; i < res->nr_flags; i++)
		if (res->flag_config[i])
			fprintf(out, "           %s: its bit depends on %s\n", res->flags[i], res->flag_config[i]);
	if (res->unknown) {
		fprintf(out, "unknown    %#llx: no flag of this kernel has these bits", (unsigned long long)res->unknown);
		if (res->unknown_variant)
			fprintf(out, "; with %s: %s", res->unknown_variant->variant, res->unknown_variant_flag);
		fprintf(out, "\n");
		print_neighbour_names(out, res);
	}

	fprintf(out, "\nwhat it means on this kernel\n");
	fprintf(out, "  may sleep      %s%s\n", yesno(m->direct_reclaim),
	       m->direct_reclaim ? (m->wait_era ? " (__GFP_WAIT): may reclaim directly" :
				    " (__GFP_DIRECT_RECLAIM): may reclaim directly") :
	       ": atomic; fails rather than reclaim");
	fprintf(out, "  wakes kswapd   %s\n", yesno(m->wake_kswapd));
	fprintf(out, "  starts IO      %s\n", m->io ? "yes (__GFP_IO)" : "no: reclaim may not write pages (GFP_NOIO)");
	fprintf(out, "  enters FS      %s\n", m->fs ? "yes (__GFP_FS)" : "no: reclaim may not call into filesystems");
	if (res->r)
		print_compaction(out, res, q);
	fprintf(out, "  retry/fail     ");
	if (m->nofail)
		fprintf(out, "__GFP_NOFAIL: never fails, loops until it succeeds\n");
	else if (m->noretry)
		fprintf(out, "__GFP_NORETRY: one round of reclaim/compaction, then fails; never OOM-kills\n");
	else if (m->retry_mayfail)
		fprintf(out, "__GFP_RETRY_MAYFAIL: retries while reclaim makes progress, then fails; never OOM-kills\n");
	else if (m->repeat)
		fprintf(out, "__GFP_REPEAT: costly orders keep retrying while reclaim makes progress, may still fail\n");
	else if (!m->direct_reclaim)
		fprintf(out, "fails at once when the free lists (and the reserves below) cannot serve it\n");
	else
		fprintf(out, "default\n");
	if (res->r) {
		fprintf(out, "                 order %u: %s%s%s\n", q->order,
		       res->loops ? "loops rather than fail" : "may fail",
		       res->loops_why ? " - " : "", res->loops_why ? res->loops_why : "");
		fprintf(out, "                 OOM killer: %s%s%s\n", res->oom ? "may be invoked" : "not invoked",
		       res->oom_why ? " - " : "", res->oom_why ? res->oom_why : "");
	}
	fprintf(out, "  reserves      ");
	for (size_t i = 0; i < sizeof(alloc_names) / sizeof(alloc_names[0]); i++) {
		if (!(res->alloc_flags & alloc_names[i].bit) || alloc_names[i].bit == BS_ALLOC_CPUSET ||
		    alloc_names[i].bit == BS_ALLOC_KSWAPD || alloc_names[i].bit == BS_ALLOC_CMA)
			continue;
		fprintf(out, "%s %s (%s)\n", any ? "                " : "", alloc_names[i].name, alloc_names[i].what);
		any = true;
	}
	if (!any)
		fprintf(out, " none beyond the min watermark%s\n",
		       m->nomemalloc ? " (__GFP_NOMEMALLOC: never the emergency reserves)" : "");
	fprintf(out, "  zone           %s\n", m->zone ? m->zone :
	       "invalid zone modifier mix (GFP_ZONE_BAD: the kernel BUGs with CONFIG_DEBUG_VM)");
	fprintf(out, "  migratetype    %s\n", m->migratetype ? m->migratetype :
	       "invalid: both __GFP_MOVABLE and __GFP_RECLAIMABLE");
	if (m->comp || m->zero || m->account || m->thisnode || m->hardwall || m->nowarn) {
		const char *also[6];
		int n = 0;

		if (m->comp)
			also[n++] = "compound page (__GFP_COMP)";
		if (m->zero)
			also[n++] = "zeroed (__GFP_ZERO)";
		if (m->account)
			also[n++] = "charged to the memory cgroup (__GFP_ACCOUNT)";
		if (m->thisnode)
			also[n++] = "this node only (__GFP_THISNODE)";
		if (m->hardwall)
			also[n++] = "cpuset hardwall (__GFP_HARDWALL)";
		if (m->nowarn)
			also[n++] = "no failure warning (__GFP_NOWARN)";
		fprintf(out, "  also          ");
		for (int i = 0; i < n; i++)
			fprintf(out, " %s%s", also[i], i + 1 < n ? ";" : "");
		fprintf(out, "\n");
	}
	if (res->r)
		print_rules_era(out, res, q);
}

static void json_compact(struct bs_jsonw *w, const char *orders, unsigned order,
			 const struct bs_gfp_compact_answer *a)
{
	bs_jsonw_start_object(w);
	if (orders)
		bs_jsonw_string_field(w, "orders", orders);
	else
		bs_jsonw_u64_field(w, "order", order);
	bs_jsonw_bool_field(w, "allowed", a->allowed);
	bs_jsonw_bool_field(w, "before_reclaim", a->first);
	bs_jsonw_name(w, "why_not");
	if (a->why_not)
		bs_jsonw_string(w, a->why_not);
	else
		bs_jsonw_null(w);
	bs_jsonw_end_object(w);
}

static void json_neighbours(struct bs_jsonw *w, const struct bs_gfp_answer *res)
{
	char hex[32];

	bs_jsonw_name(w, "unknown_bits_elsewhere");
	bs_jsonw_start_array(w);
	for (size_t i = 0; i < res->nr_elsewhere; i++) {
		const struct bs_gfp_elsewhere *e = &res->elsewhere[i];

		bs_jsonw_start_object(w);
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)e->bit);
		bs_jsonw_string_field(w, "bit", hex);
		bs_jsonw_string_field(w, "table", e->table->id);
		bs_jsonw_name(w, "name");
		if (e->name)
			bs_jsonw_string(w, e->name);
		else
			bs_jsonw_null(w);
		bs_jsonw_end_object(w);
	}
	bs_jsonw_end_array(w);
}

void bs_gfp_print_json(FILE *out, const struct bs_gfp_query *q, const struct bs_gfp_answer *res)
{
	struct bs_jsonw w;
	const struct bs_gfp_table *t = res->t;
	const struct bs_gfp_meaning *m = &res->m;
	char hex[32];

	bs_jsonw_init(&w, out, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "input", q->mask);
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)res->mask);
	bs_jsonw_string_field(&w, "mask", hex);
	bs_jsonw_u64_field(&w, "mask_value", res->mask);
	bs_jsonw_string_field(&w, "composite", res->decoded);
	bs_jsonw_name(&w, "kernel_prints");
	if (t->has_name_table)
		bs_jsonw_string(&w, res->decoded);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "trace_prints");
	if (t->nr_trace_names)
		bs_jsonw_string(&w, res->traced);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "flags");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < res->nr_flags; i++)
		bs_jsonw_string(&w, res->flags[i]);
	bs_jsonw_end_array(&w);
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)res->unknown);
	bs_jsonw_string_field(&w, "unknown_bits", hex);
	json_neighbours(&w, res);

	bs_jsonw_string_field(&w, "kernel_era", t->id);
	bs_jsonw_name(&w, "kernel");
	if (res->have_kv)
		bs_jsonw_string(&w, q->kernel);
	else
		bs_jsonw_null(&w);
	bs_jsonw_bool_field(&w, "kernel_default", !res->have_kv);
	bs_jsonw_bool_field(&w, "exact", res->exact);
	bs_jsonw_name(&w, "table");
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "id", t->id);
	bs_jsonw_string_field(&w, "tree", t->tree);
	bs_jsonw_string_field(&w, "tag", t->tag);
	bs_jsonw_string_field(&w, "commit", t->commit);
	bs_jsonw_string_field(&w, "files", t->files);
	bs_jsonw_string_field(&w, "configs", t->variant ? t->variant : t->configs);
	bs_jsonw_end_object(&w);

	bs_jsonw_name(&w, "meaning");
	bs_jsonw_start_object(&w);
	bs_jsonw_bool_field(&w, "may_sleep", m->direct_reclaim);
	bs_jsonw_bool_field(&w, "direct_reclaim", m->direct_reclaim);
	bs_jsonw_bool_field(&w, "wake_kswapd", m->wake_kswapd);
	bs_jsonw_bool_field(&w, "io", m->io);
	bs_jsonw_bool_field(&w, "fs", m->fs);
	bs_jsonw_name(&w, "compact");
	json_compact(&w, NULL, q->order, &res->compact);
	bs_jsonw_name(&w, "compact_by_order");
	bs_jsonw_start_array(&w);
	for (int c = 0; c < BS_NR_ORDER_CLASSES; c++)
		json_compact(&w, order_classes[c].orders, bs_order_class_order((enum bs_order_class)c),
			     &res->compact_class[c]);
	bs_jsonw_end_array(&w);
	bs_jsonw_u64_field(&w, "order", q->order);
	bs_jsonw_bool_field(&w, "loops_rather_than_fail", res->loops);
	bs_jsonw_bool_field(&w, "may_oom_kill", res->oom);
	bs_jsonw_bool_field(&w, "noretry", m->noretry);
	bs_jsonw_bool_field(&w, "repeat", m->repeat);
	bs_jsonw_bool_field(&w, "retry_mayfail", m->retry_mayfail);
	bs_jsonw_bool_field(&w, "nofail", m->nofail);
	bs_jsonw_name(&w, "reserves");
	bs_jsonw_start_array(&w);
	for (size_t i = 0; i < sizeof(alloc_names) / sizeof(alloc_names[0]); i++)
		if (res->alloc_flags & alloc_names[i].bit)
			bs_jsonw_string(&w, alloc_names[i].name);
	bs_jsonw_end_array(&w);
	bs_jsonw_name(&w, "zone");
	if (m->zone)
		bs_jsonw_string(&w, m->zone);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "migratetype");
	if (m->migratetype)
		bs_jsonw_string(&w, m->migratetype);
	else
		bs_jsonw_null(&w);
	bs_jsonw_name(&w, "rules_era");
	if (res->r)
		bs_jsonw_string(&w, res->r->id);
	else
		bs_jsonw_null(&w);
	if (res->r) {
		bs_jsonw_string_field(&w, "rules_range", res->rules_range);
		bs_jsonw_bool_field(&w, "rules_derived", res->r->derived);
		bs_jsonw_bool_field(&w, "rules_assumed", res->have_kv && !res->rules_hold);
	}
	bs_jsonw_end_object(&w);
	bs_jsonw_end_object(&w);
	fputc('\n', out);
}

