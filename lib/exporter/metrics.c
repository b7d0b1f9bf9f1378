// SPDX-License-Identifier: MIT
/*
 * metrics.c - one scrape: status's model of the running kernel (read and
 * analysed now, under the exporter's root), PSI, and the kernel-log
 * counters, written as Prometheus families.  Names follow Prometheus
 * practice: base units (_bytes), _total for counters, ratios 0..1.
 * Labels keep node_exporter's meaning where both speak of the same thing
 * (node, zone as in node_buddyinfo_blocks) and never reuse a name it
 * gives another meaning: the order is "order" (node_exporter says
 * "size"), the migratetype "migratetype" (not "type").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "exporter.h"
#include "exporter/exporter_internal.h"
#include "proc/fileio.h"

#define NR_LABELS 4

/* Labels of one sample, with room for the numbers they print. */
struct labels {
	struct bs_prom_label l[NR_LABELS];
	size_t n;
	char node[16], order[16];
};

static void zone_labels(struct labels *lb, const struct bs_proc_zone *pz)
{
	snprintf(lb->node, sizeof(lb->node), "%d", pz->node);
	lb->l[0] = (struct bs_prom_label){ "node", lb->node };
	lb->l[1] = (struct bs_prom_label){ "zone", pz->name };
	lb->n = 2;
}

static void add_label(struct labels *lb, const char *name, const char *value)
{
	if (lb->n < NR_LABELS)
		lb->l[lb->n++] = (struct bs_prom_label){ name, value };
}

static void add_order(struct labels *lb, int order)
{
	snprintf(lb->order, sizeof(lb->order), "%d", order);
	add_label(lb, "order", lb->order);
}

static void info(struct bs_prom *w, const struct bs_status *s, bool migratetype)
{
	struct bs_prom_label l[2] = { { "version", BUDDYSCOPE_VERSION }, { "release", s->release } };
	static const struct {
		const char *file;
		size_t off;
	} files[] = {
		{ "buddyinfo", offsetof(struct bs_status, has_buddyinfo) },
		{ "zoneinfo", offsetof(struct bs_status, has_zoneinfo) },
		{ "vmstat", offsetof(struct bs_status, has_vmstat) },
		{ "meminfo", offsetof(struct bs_status, has_meminfo) },
	};

	bs_prom_family(w, "buddyscope_build_info", BS_PROM_GAUGE,
		       "Always 1: the buddyscope version and the kernel release read from /proc");
	bs_prom_sample_int(w, l, s->release[0] ? 2 : 1, 1);
	bs_prom_family(w, "buddyscope_proc_file_readable", BS_PROM_GAUGE,
		       "1 when the /proc file could be read at this scrape, 0 when not (its metrics are then absent); "
		       "pagetypeinfo is read only with --migratetype");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct bs_prom_label f = { "file", files[i].file };

		bs_prom_sample_int(w, &f, 1, *(const bool *)((const char *)s + files[i].off));
	}
	if (migratetype) {
		struct bs_prom_label f = { "file", "pagetypeinfo" };

		bs_prom_sample_int(w, &f, 1, s->has_pagetypeinfo);
	}
}

/* Per zone: free, managed and the three marks, in bytes (zoneinfo). */
static void zone_sizes(struct bs_prom *w, const struct bs_status *s)
{
	static const char *const marks[] = { "min", "low", "high" };
	const uint64_t page = s->page_kb * 1024;
	struct labels lb;

	bs_prom_family(w, "buddyscope_zone_free_bytes", BS_PROM_GAUGE,
		       "Free memory of the zone (/proc/zoneinfo \"pages free\", else the buddy lists' sum)");
	for (int i = 0; i < s->nr_z; i++) {
		zone_labels(&lb, s->z[i].pz);
		bs_prom_sample_uint(w, lb.l, lb.n, (uint64_t)s->z[i].free_pages * page);
	}
	bs_prom_family(w, "buddyscope_zone_managed_bytes", BS_PROM_GAUGE,
		       "Memory the page allocator manages in the zone (/proc/zoneinfo \"managed\")");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		if (!(pz->has & BS_PZ_MANAGED))
			continue;
		zone_labels(&lb, pz);
		bs_prom_sample_uint(w, lb.l, lb.n, pz->managed * page);
	}
	bs_prom_family(w, "buddyscope_zone_watermark_bytes", BS_PROM_GAUGE,
		       "The zone's watermarks (/proc/zoneinfo min, low, high; boost not included)");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;
		const uint64_t v[] = { pz->min, pz->low, pz->high };
		const unsigned bit[] = { BS_PZ_MIN, BS_PZ_LOW, BS_PZ_HIGH };

		for (int m = 0; m < 3; m++) {
			if (!(pz->has & bit[m]))
				continue;
			zone_labels(&lb, pz);
			add_label(&lb, "mark", marks[m]);
			bs_prom_sample_uint(w, lb.l, lb.n, v[m] * page);
		}
	}
}

/* Per zone and order: free blocks, and the kernel's two indices. */
static void zone_orders(struct bs_prom *w, const struct bs_status *s)
{
	struct labels lb;

	bs_prom_family(w, "buddyscope_zone_free_blocks", BS_PROM_GAUGE,
		       "Free blocks of 2^order pages on the zone's free lists (/proc/buddyinfo)");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		for (int o = 0; pz->has_buddy && o < pz->nr_orders; o++) {
			zone_labels(&lb, pz);
			add_order(&lb, o);
			bs_prom_sample_uint(w, lb.l, lb.n, pz->nr_free[o]);
		}
	}
	bs_prom_family(w, "buddyscope_zone_fragmentation_index", BS_PROM_GAUGE,
		       "The kernel's fragmentation index for an order-N request (mm/vmstat.c): towards 0 a "
		       "failure would be for lack of memory, towards 1 for fragmentation; -1 when a block "
		       "of that order is free");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];

		for (int o = 0; z->pz->has_buddy && o < z->pz->nr_orders; o++) {
			zone_labels(&lb, z->pz);
			add_order(&lb, o);
			bs_prom_sample_double(w, lb.l, lb.n, z->frag_index[o] / 1000.0);
		}
	}
	bs_prom_family(w, "buddyscope_zone_unusable_free_ratio", BS_PROM_GAUGE,
		       "Share of the zone's free memory in blocks smaller than the order (the kernel's "
		       "unusable free index, mm/vmstat.c), 0..1");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];

		for (int o = 0; z->pz->has_buddy && o < z->pz->nr_orders; o++) {
			zone_labels(&lb, z->pz);
			add_order(&lb, o);
			bs_prom_sample_double(w, lb.l, lb.n, z->unusable_index[o] / 1000.0);
		}
	}
}

/* --migratetype: /proc/pagetypeinfo's table, one series per zone, order and migratetype. */
static void zone_types(struct bs_prom *w, const struct bs_status *s)
{
	struct labels lb;

	bs_prom_family(w, "buddyscope_zone_free_blocks_by_migratetype", BS_PROM_GAUGE,
		       "Free blocks of 2^order pages per migratetype (/proc/pagetypeinfo; a count the "
		       "kernel capped at 100000 is exported as 100000)");
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_proc_zone *pz = s->z[i].pz;

		for (int m = 0; pz->has_types && m < s->pz.nr_mt; m++) {
			for (int o = 0; o < s->pz.nr_type_orders && o < BS_MAX_ORDERS; o++) {
				zone_labels(&lb, pz);
				add_order(&lb, o);
				add_label(&lb, "migratetype", s->pz.mt_names[m]);
				bs_prom_sample_uint(w, lb.l, lb.n, pz->type_free[m][o]);
			}
		}
	}
}

/*
 * Per node, class and mark: the highest order status's watermark check
 * passes in that node's own zones.  Without __GFP_THISNODE a request
 * falls back to every node, so the machine's answer is the max over nodes.
 */
static void headroom(struct bs_prom *w, const struct bs_status *s)
{
	static const char *const marks[] = { "low", "min" };
	int nodes[BS_PROC_MAX_ZONES], nr_nodes = 0;
	struct labels lb;

	for (int i = 0; i < s->nr_z; i++) {
		int n = s->z[i].pz->node, j;

		for (j = 0; j < nr_nodes && nodes[j] != n; j++)
			;
		if (j == nr_nodes)
			nodes[nr_nodes++] = n;
	}
	bs_prom_family(w, "buddyscope_alloc_highest_order", BS_PROM_GAUGE,
		       "Highest order a request of the GFP class would get from the node's zones now, under the "
		       "running kernel's watermark check: mark=low the first attempt, mark=min after waking "
		       "kswapd with the class's reserves; -1 when none");
	if (!s->has_zoneinfo)
		return;	/* no marks: no check to replay */
	for (int c = 0; c < BS_NR_CLASSES; c++) {
		if (!s->cls[c].known)
			continue;
		for (int j = 0; j < nr_nodes; j++) {
			for (int m = 0; m < 2; m++) {
				int best = -1;

				for (int i = 0; i < s->nr_z; i++) {
					const struct bs_status_cls *zc = &s->z[i].cls[c];
					int h = m ? zc->highest_min : zc->highest_low;

					if (s->z[i].pz->node == nodes[j] && zc->eligible && h > best)
						best = h;
				}
				snprintf(lb.node, sizeof(lb.node), "%d", nodes[j]);
				lb.n = 0;
				add_label(&lb, "node", lb.node);
				add_label(&lb, "gfp", s->cls[c].name);
				add_label(&lb, "mark", marks[m]);
				bs_prom_sample_int(w, lb.l, lb.n, best);
			}
		}
	}
}

/* Reclaim and compaction counters as status reads them: "kswapd_runs (pageoutrun)" -> buddyscope_vmstat_kswapd_runs_total. */
static void activity(struct bs_prom *w, const struct bs_status *s, char (*names)[96])
{
	for (int i = 0; i < s->act.n; i++) {
		const char *name = s->act.c[i].name;
		size_t len = strcspn(name, " ");
		char help[160];

		if (!s->act.c[i].present)
			continue;
		snprintf(names[i], sizeof(names[i]), "buddyscope_vmstat_%.*s_total", (int)len, name);
		snprintf(help, sizeof(help), "/proc/vmstat %s since boot", name);
		bs_prom_family(w, names[i], BS_PROM_COUNTER, help);
		bs_prom_sample_uint(w, NULL, 0, s->act.c[i].value);
	}
}

static void pressure(struct bs_prom *w, const char *root)
{
	size_t len;
	char *buf = bs_read_at(root, "proc/pressure/memory", 64 * 1024, &len);
	struct bs_psi p;
	struct bs_prom_label some = { "pressure", "some" }, full = { "pressure", "full" };

	bs_prom_family(w, "buddyscope_memory_pressure_readable", BS_PROM_GAUGE,
		       "1 when /proc/pressure/memory (PSI, 4.20 on, CONFIG_PSI) could be read");
	bs_prom_sample_int(w, NULL, 0, buf != NULL);
	if (!buf)
		return;
	bs_psi_parse(buf, len, &p);
	free(buf);
	bs_prom_family(w, "buddyscope_memory_pressure_seconds_total", BS_PROM_COUNTER,
		       "Time tasks stalled on memory (PSI): some = at least one task, full = all non-idle tasks");
	if (p.has_some)
		bs_prom_sample_double(w, &some, 1, p.some_total_us / 1e6);
	if (p.has_full)
		bs_prom_sample_double(w, &full, 1, p.full_total_us / 1e6);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int bs_exporter_write(const struct bs_exporter_opts *o, FILE *out, char *err, size_t errlen)
{
	/* pagetypeinfo only when its table is asked for: it holds the zone locks while printed */
	struct bs_status_opts so = { .root = o->root, .no_pagetypeinfo = !o->migratetype };
	struct bs_status *s = bs_status_alloc();
	char (*names)[96] = calloc(16, sizeof(*names));	/* the vmstat families' names live until the end */
	double t0 = now_seconds();
	struct bs_prom w;
	int rc = -1;

	if (!s || !names) {
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		goto out;
	}
	bs_prom_init(&w, out);
	/* nothing readable is no error: the families say what was missing */
	bs_status_read(s, &so);
	if (bs_status_analyze(s, &so, err, errlen) < 0)
		goto out;
	info(&w, s, o->migratetype);
	zone_sizes(&w, s);
	zone_orders(&w, s);
	if (o->migratetype)
		zone_types(&w, s);
	headroom(&w, s);
	activity(&w, s, names);
	pressure(&w, s->root);
	if (o->reports)
		bs_report_counter_write(o->reports, &w);
	bs_prom_family(&w, "buddyscope_scrape_duration_seconds", BS_PROM_GAUGE,
		       "Time this scrape took to read /proc and compute");
	bs_prom_sample_double(&w, NULL, 0, now_seconds() - t0);
	rc = bs_prom_end(&w);
	if (rc < 0)
		snprintf(err, errlen, "%s", w.err == EINVAL ? bs_prom_error(&w) : strerror(errno));
out:
	bs_status_free(s);
	free(names);
	return rc;
}
