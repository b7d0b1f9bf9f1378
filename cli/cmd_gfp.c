// SPDX-License-Identifier: MIT
/*
 * cmd_gfp.c - `buddyscope gfp MASK`: decode a GFP mask (or encode a
 * symbolic one) for one kernel version, and say what it asks of the page
 * allocator there.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"
#include "jsonw.h"

#define MAX_FLAGS 64

struct gfp_opts {
	bool json;
	const char *kernel;
	const char *configs[8];
	int nr_configs;
	unsigned order;
	bool order_given;		/* --order was on the command line */
};

/* the order classes the slow path treats differently */
enum { CLASS_ORDER0, CLASS_SMALL, CLASS_COSTLY, NR_CLASSES };

static const struct {
	const char *label;		/* text */
	const char *orders;		/* JSON */
	unsigned order;			/* a representative order */
} order_classes[NR_CLASSES] = {
	{ "order 0", "0", 0 },
	{ "orders 1-3", "1-3", 1 },
	{ "orders 4+ (costly)", "4+", 4 },
};

struct compact_answer {
	bool allowed;
	bool first;			/* tried before direct reclaim */
	const char *why_not;
};

/* everything the renderers print, computed once */
struct gfp_result {
	const char *input;
	bool symbolic;			/* the input had names in it */
	uint64_t mask;
	struct bs_kver kv;
	bool have_kv;			/* --kernel given */
	const struct bs_gfp_table *t;
	bool exact;
	char decoded[512];		/* %pGg-style decode */
	char traced[512];		/* what the tracepoints print */
	const char *flags[MAX_FLAGS];
	size_t nr_flags;
	uint64_t unknown;
	struct bs_gfp_meaning m;
	const struct bs_rules *r;
	bool rules_hold;		/* the era's own range holds the version */
	char rules_range[48];
	struct compact_answer compact;	/* at the --order given */
	struct compact_answer compact_class[NR_CLASSES];
	const struct bs_gfp_table *older, *newer;	/* neighbouring tables */
	bool oom;
	const char *oom_why;
	bool loops;
	const char *loops_why;
	unsigned alloc_flags;
};

static const char gfp_usage[] =
	"usage: buddyscope gfp [OPTIONS] MASK\n"
	"\n"
	"Decode a GFP mask the way the kernel prints it (%pGg: composites first),\n"
	"list its single flags and say what it means for an allocation on that\n"
	"kernel.  MASK is a number (0x104050), or names (GFP_NOFS|__GFP_COMP), or a\n"
	"mix; names are encoded to the mask of that kernel.  Unknown bits are shown.\n"
	"\n"
	"options:\n"
	"  --kernel VER      the kernel (3.10.0-514.el7.x86_64, 4.19.0-6-amd64, 6.1.55);\n"
	"                    default: the newest table\n"
	"  --order N         the allocation order the request is for; without it,\n"
	"                    compaction is answered per order class (0, 1-3, costly)\n"
	"                    and retry/OOM for order 0\n"
	"  --config OPT=y|n  the kernel was built with OPT (CONFIG_LOCKDEP=y, ...) where\n"
	"                    the headers make a bit depend on it; repeatable\n"
	"  --json            machine-readable output\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 ok, 2 usage error (bad mask, unknown flag, bad version)\n"
	"\n"
	"examples:\n"
	"  buddyscope gfp 0x104050 --kernel 3.10.0-514.el7.x86_64 --order 5\n"
	"  buddyscope gfp 'GFP_NOFS|__GFP_COMP' --kernel 6.1.0-13-cloud-amd64\n"
	"  buddyscope gfp 0x6040c0 --kernel 4.19.0-6-amd64 --json\n";

static bool looks_numeric(const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return s[2] != '\0' && strspn(s + 2, "0123456789abcdefABCDEF") == strlen(s + 2);
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* the default table with OPT=v tokens of @o replaced, as a variant name */
static const struct bs_gfp_table *pick_variant(const struct bs_gfp_table *t, const struct gfp_opts *o)
{
	char want[256], tok[64];
	const char *p = t->configs;
	size_t pos = 0;
	int used = 0;

	want[0] = '\0';
	while (*p) {
		size_t n = strcspn(p, " ");
		const char *val = NULL;

		snprintf(tok, sizeof(tok), "%.*s", (int)n, p);
		for (int i = 0; i < o->nr_configs; i++) {
			size_t k = strcspn(o->configs[i], "=");

			if (k && !strncmp(o->configs[i], tok, k) && tok[k] == '=') {
				val = o->configs[i];
				used++;
			}
		}
		pos += (size_t)snprintf(want + pos, pos < sizeof(want) ? sizeof(want) - pos : 0, "%s%s",
					pos ? " " : "", val ? val : tok);
		p += n;
		while (*p == ' ')
			p++;
	}
	if (used != o->nr_configs || pos >= sizeof(want)) {
		bs_err("invalid --config: on %s only %s change GFP values", t->id,
		       t->relevant_configs && *t->relevant_configs ? t->relevant_configs : "no options");
		return NULL;
	}
	t = bs_gfp_table_variant(t, want);
	if (!t)
		bs_err("invalid --config: no table for \"%s\"", want);
	return t;
}

static const struct bs_gfp_table *newest_table(void)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	const struct bs_gfp_table *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (all[i]->distro == BS_DISTRO_NONE &&
		    (!best || bs_kver_code(all[i]->major, all[i]->minor, all[i]->sublevel) >
			      bs_kver_code(best->major, best->minor, best->sublevel)))
			best = all[i];
	return best ? best : all[n - 1];
}

/* may this mask compact at @order on the era, and does it do so before reclaim */
static void compact_at(struct gfp_result *res, unsigned order, struct compact_answer *a)
{
	a->allowed = bs_rules_may_compact(res->r, res->t, res->mask, order, &a->why_not);
	a->first = a->allowed && bs_rules_compacts_first(res->r, res->t, res->mask, order);
}

static int compute(struct gfp_result *res, const struct gfp_opts *o)
{
	char err[256];

	if (o->kernel) {
		if (bs_kver_parse(o->kernel, strlen(o->kernel), &res->kv) < 0) {
			bs_err("invalid kernel version \"%s\": expected e.g. 3.10.0-514.el7.x86_64 or 6.1.55",
			       o->kernel);
			return -1;
		}
		res->have_kv = true;
		res->t = bs_kver_gfp_table(&res->kv, &res->exact);
	} else {
		res->t = newest_table();
		res->exact = true;
		memset(&res->kv, 0, sizeof(res->kv));
		res->kv.major = res->t->major;
		res->kv.minor = res->t->minor;
		res->kv.sublevel = res->t->sublevel;
		res->kv.distro = BS_DISTRO_NONE;
		res->kv.distro_release = res->kv.distro_major = -1;
	}
	if (!res->t) {
		bs_err("no GFP table for kernel \"%s\"", o->kernel);
		return -1;
	}
	if (o->nr_configs) {
		res->t = pick_variant(res->t, o);
		if (!res->t)
			return -1;
	}
	res->symbolic = !looks_numeric(res->input);
	if (bs_gfp_parse(res->t, res->input, &res->mask, err, sizeof(err)) < 0) {
		bs_err("invalid mask \"%s\": %s", res->input, err);
		return -1;
	}
	bs_gfp_format(res->t, res->mask, res->decoded, sizeof(res->decoded));
	if (res->t->nr_trace_names)
		bs_gfp_format_trace(res->t, res->mask, res->traced, sizeof(res->traced));
	res->nr_flags = bs_gfp_split(res->t, res->mask, res->flags, MAX_FLAGS, &res->unknown);
	if (res->nr_flags > MAX_FLAGS)
		res->nr_flags = MAX_FLAGS;
	bs_gfp_meaning(res->t, res->mask, &res->m);

	res->r = bs_rules_for(&res->kv);
	res->rules_hold = bs_rules_holds(res->r, &res->kv);
	bs_rules_range(res->r, res->rules_range, sizeof(res->rules_range));
	compact_at(res, o->order, &res->compact);
	for (int c = 0; c < NR_CLASSES; c++)
		compact_at(res, order_classes[c].order, &res->compact_class[c]);
	if (res->unknown)
		bs_gfp_neighbours(res->t, &res->older, &res->newer);
	res->oom = bs_rules_may_oom(res->r, res->t, res->mask, o->order, &res->oom_why);
	res->loops = bs_rules_loops_forever(res->r, res->t, res->mask, o->order, &res->loops_why);
	res->alloc_flags = bs_rules_gfp_to_alloc_flags(res->r, res->t, res->mask, o->order, NULL,
						       BS_ALLOC_WMARK_MIN);
	return 0;
}

/* why the table is not exactly this kernel's ("" when it is) */
static const char *inexact_why(const struct gfp_result *res)
{
	if (res->exact)
		return "";
	if (res->kv.distro == BS_DISTRO_RHEL && res->t->distro == BS_DISTRO_RHEL)
		return " (release not read: the nearest release range; not exact)";
	if (res->t->major == res->kv.major && res->t->minor == res->kv.minor)
		return " (stable release unknown or not read: not exact)";
	return " (series not read: the layout in force for it; not exact)";
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

static void print_compact_answer(const char *label, const struct compact_answer *a)
{
	if (a->allowed)
		printf("%s: yes, %s direct reclaim\n", label, a->first ? "before and after" : "after");
	else
		printf("%s: no - %s\n", label, a->why_not ? a->why_not : "not allowed");
}

/* at the --order given, or for each order class when none was */
static void print_compaction(const struct gfp_result *res, const struct gfp_opts *o)
{
	char label[32];

	if (o->order_given) {
		snprintf(label, sizeof(label), "order %u", o->order);
		printf("  compaction     ");
		print_compact_answer(label, &res->compact);
		return;
	}
	for (int c = 0; c < NR_CLASSES; c++) {
		printf(c ? "                 " : "  compaction     ");
		print_compact_answer(order_classes[c].label, &res->compact_class[c]);
	}
}

/* what the tables read before and after this kernel call the @bits */
static void print_neighbour_names(const struct gfp_result *res)
{
	const struct bs_gfp_table *nb[2] = { res->older, res->newer };

	for (int b = 0; b < 64; b++) {
		uint64_t bit = 1ull << b;

		if (!(res->unknown & bit))
			continue;
		for (int i = 0; i < 2; i++) {
			const char *names[4];
			uint64_t left;
			size_t n;

			if (!nb[i])
				continue;
			n = bs_gfp_split(nb[i], bit, names, 4, &left);
			if (n && !left)
				printf("           %#llx is %s on %s\n", (unsigned long long)bit, names[0], nb[i]->id);
			else
				printf("           %#llx is no flag on %s either\n", (unsigned long long)bit, nb[i]->id);
		}
	}
}

static void print_rules_era(const struct gfp_result *res, const struct gfp_opts *o)
{
	printf("  rules era      %s (%s; %s)\n", res->r->id, res->rules_range,
	       res->r->derived ? "derived from a neighbouring tree, see docs/rules.md" :
				 "read in that range's kernel source");
	if (res->have_kv && !res->rules_hold)
		printf("                 %s is outside every era read: the nearest era's rules are "
		       "assumed\n", o->kernel);
	if (res->have_kv && res->rules_hold && res->kv.sublevel < 0 &&
	    res->r->distro == BS_DISTRO_NONE) {
		struct bs_kver late = res->kv;

		late.sublevel = 999;
		if (bs_rules_for(&late) != res->r)
			printf("                 the stable release is unknown: taken as %d.%d.0; later "
			       "%d.%d.y releases follow era %s\n", res->kv.major, res->kv.minor,
			       res->kv.major, res->kv.minor, bs_rules_for(&late)->id);
	}
}

static void print_text(const struct gfp_result *res, const struct gfp_opts *o)
{
	const struct bs_gfp_table *t = res->t;
	const struct bs_gfp_meaning *m = &res->m;
	bool any = false;

	printf("mask       0x%llx", (unsigned long long)res->mask);
	if (res->symbolic)
		printf("  (= %s)", res->input);
	printf("\n");
	if (res->have_kv)
		printf("kernel     %s -> table %s%s\n", o->kernel, t->id, inexact_why(res));
	else
		printf("kernel     %s (the newest table; pass --kernel VER for another)\n", t->id);
	printf("source     %s %s\n", t->tree, t->tag);
	printf("build      %s%s\n", t->variant ? t->variant : t->configs,
	       t->variant ? " (--config)" : " (a distribution x86_64 build)");
	if (t->has_name_table)
		printf("prints as  %s\n", *res->decoded ? res->decoded : "(nothing: mode:0x0())");
	else
		printf("decoded    %s\n           (this kernel prints only the hex; its tracepoints print %s)\n",
		       *res->decoded ? res->decoded : "(no flags)", res->traced);
	printf("flags     ");
	for (size_t i = 0; i < res->nr_flags; i++)
		printf(" %s%s", i ? "| " : "", res->flags[i]);
	if (!res->nr_flags)
		printf(" (none)");
	printf("\n");
	for (size_t i = 0; i < res->nr_flags; i++) {
		for (size_t j = 0; j < t->nr_flags; j++)
			if (!strcmp(t->flags[j].name, res->flags[i]) && t->flags[j].config)
				printf("           %s: its bit depends on %s\n", res->flags[i], t->flags[j].config);
	}
	if (res->unknown) {
		printf("unknown    %#llx: no flag of this kernel has these bits", (unsigned long long)res->unknown);
		for (size_t v = 0; v < t->nr_variants; v++) {
			const char *names[8];
			uint64_t left;
			size_t n = bs_gfp_split(t->variants[v], res->unknown, names, 8, &left);

			if (n && !left) {
				printf("; with %s: %s", t->variants[v]->variant, names[0]);
				break;
			}
		}
		printf("\n");
		print_neighbour_names(res);
	}

	printf("\nwhat it means on this kernel\n");
	printf("  may sleep      %s%s\n", yesno(m->direct_reclaim),
	       m->direct_reclaim ? (m->wait_era ? " (__GFP_WAIT): may reclaim directly" :
				    " (__GFP_DIRECT_RECLAIM): may reclaim directly") :
	       ": atomic; fails rather than reclaim");
	printf("  wakes kswapd   %s\n", yesno(m->wake_kswapd));
	printf("  starts IO      %s\n", m->io ? "yes (__GFP_IO)" : "no: reclaim may not write pages (GFP_NOIO)");
	printf("  enters FS      %s\n", m->fs ? "yes (__GFP_FS)" : "no: reclaim may not call into filesystems");
	if (res->r)
		print_compaction(res, o);
	printf("  retry/fail     ");
	if (m->nofail)
		printf("__GFP_NOFAIL: never fails, loops until it succeeds\n");
	else if (m->noretry)
		printf("__GFP_NORETRY: one round of reclaim/compaction, then fails; never OOM-kills\n");
	else if (m->retry_mayfail)
		printf("__GFP_RETRY_MAYFAIL: retries while reclaim makes progress, then fails; never OOM-kills\n");
	else if (m->repeat)
		printf("__GFP_REPEAT: costly orders keep retrying while reclaim makes progress, may still fail\n");
	else if (!m->direct_reclaim)
		printf("fails at once when the free lists (and the reserves below) cannot serve it\n");
	else
		printf("default\n");
	if (res->r) {
		printf("                 order %u: %s%s%s\n", o->order,
		       res->loops ? "loops rather than fail" : "may fail",
		       res->loops_why ? " - " : "", res->loops_why ? res->loops_why : "");
		printf("                 OOM killer: %s%s%s\n", res->oom ? "may be invoked" : "not invoked",
		       res->oom_why ? " - " : "", res->oom_why ? res->oom_why : "");
	}
	printf("  reserves      ");
	for (size_t i = 0; i < sizeof(alloc_names) / sizeof(alloc_names[0]); i++) {
		if (!(res->alloc_flags & alloc_names[i].bit) || alloc_names[i].bit == BS_ALLOC_CPUSET ||
		    alloc_names[i].bit == BS_ALLOC_KSWAPD || alloc_names[i].bit == BS_ALLOC_CMA)
			continue;
		printf("%s %s (%s)\n", any ? "                " : "", alloc_names[i].name, alloc_names[i].what);
		any = true;
	}
	if (!any)
		printf(" none beyond the min watermark%s\n",
		       m->nomemalloc ? " (__GFP_NOMEMALLOC: never the emergency reserves)" : "");
	printf("  zone           %s\n", m->zone ? m->zone :
	       "invalid zone modifier mix (GFP_ZONE_BAD: the kernel BUGs with CONFIG_DEBUG_VM)");
	printf("  migratetype    %s\n", m->migratetype ? m->migratetype :
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
		printf("  also          ");
		for (int i = 0; i < n; i++)
			printf(" %s%s", also[i], i + 1 < n ? ";" : "");
		printf("\n");
	}
	if (res->r)
		print_rules_era(res, o);
}

static void json_compact(struct bs_jsonw *w, const char *orders, unsigned order,
			 const struct compact_answer *a)
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

static void json_neighbours(struct bs_jsonw *w, const struct gfp_result *res)
{
	const struct bs_gfp_table *nb[2] = { res->older, res->newer };
	char hex[32];

	bs_jsonw_name(w, "unknown_bits_elsewhere");
	bs_jsonw_start_array(w);
	for (int b = 0; b < 64; b++) {
		uint64_t bit = 1ull << b;

		if (!(res->unknown & bit))
			continue;
		for (int i = 0; i < 2; i++) {
			const char *names[4];
			uint64_t left;
			size_t n;

			if (!nb[i])
				continue;
			n = bs_gfp_split(nb[i], bit, names, 4, &left);
			bs_jsonw_start_object(w);
			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)bit);
			bs_jsonw_string_field(w, "bit", hex);
			bs_jsonw_string_field(w, "table", nb[i]->id);
			bs_jsonw_name(w, "name");
			if (n && !left)
				bs_jsonw_string(w, names[0]);
			else
				bs_jsonw_null(w);
			bs_jsonw_end_object(w);
		}
	}
	bs_jsonw_end_array(w);
}

static void print_json(const struct gfp_result *res, const struct gfp_opts *o)
{
	struct bs_jsonw w;
	const struct bs_gfp_table *t = res->t;
	const struct bs_gfp_meaning *m = &res->m;
	char hex[32];

	bs_jsonw_init(&w, stdout, true);
	bs_jsonw_start_object(&w);
	bs_jsonw_string_field(&w, "input", res->input);
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
		bs_jsonw_string(&w, o->kernel);
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
	json_compact(&w, NULL, o->order, &res->compact);
	bs_jsonw_name(&w, "compact_by_order");
	bs_jsonw_start_array(&w);
	for (int c = 0; c < NR_CLASSES; c++)
		json_compact(&w, order_classes[c].orders, order_classes[c].order, &res->compact_class[c]);
	bs_jsonw_end_array(&w);
	bs_jsonw_u64_field(&w, "order", o->order);
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
	fputc('\n', stdout);
}

int cmd_gfp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "order", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gfp_opts o = { 0 };
	struct gfp_result *res;
	uint64_t v;
	int c, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'k': o.kernel = optarg; break;
		case 'o':
			if (bs_parse_u64("order", optarg, 0, 15, &v) < 0)
				return BS_EXIT_USAGE;
			o.order = (unsigned)v;
			o.order_given = true;
			break;
		case 'c':
			if (o.nr_configs >= (int)(sizeof(o.configs) / sizeof(o.configs[0])) ||
			    strncmp(optarg, "CONFIG_", 7) != 0 ||
			    (!strstr(optarg, "=y") && !strstr(optarg, "=n"))) {
				bs_err("invalid --config \"%s\": expected CONFIG_NAME=y or CONFIG_NAME=n", optarg);
				return BS_EXIT_USAGE;
			}
			o.configs[o.nr_configs++] = optarg;
			break;
		case 'h':
			fputs(gfp_usage, stdout);
			return BS_EXIT_OK;
		default:
			fputs(gfp_usage, stderr);
			return BS_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		bs_err(optind >= argc ? "missing MASK" : "one MASK only (quote 'A | B' when it has spaces)");
		fputs(gfp_usage, stderr);
		return BS_EXIT_USAGE;
	}
	res = calloc(1, sizeof(*res));
	if (!res) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	res->input = argv[optind];
	if (compute(res, &o) < 0) {
		free(res);
		return BS_EXIT_USAGE;
	}
	if (o.json)
		print_json(res, &o);
	else
		print_text(res, &o);
	free(res);
	code = BS_EXIT_OK;
	return code;
}
