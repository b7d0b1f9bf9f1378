// SPDX-License-Identifier: MIT
/*
 * report_counter.c - memory-failure reports counted by kind, order and
 * GFP class as the kernel log delivers them (the exporter's follower
 * thread adds, scrapes read), and their exposition.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"
#include "exporter/exporter_internal.h"
#include "analysis/status.h"

/* Order labels: 0..BS_MAX_ORDERS-1, then one for larger orders; "none" for kinds without one. */
#define ORDER_OTHER	BS_MAX_ORDERS
#define ORDER_NONE	(BS_MAX_ORDERS + 1)
#define NR_ORDER_SLOTS	(BS_MAX_ORDERS + 2)
#define GFP_NONE	(BS_REPORT_GFP_OTHER + 1)
#define NR_GFP_SLOTS	(BS_REPORT_GFP_OTHER + 2)

struct bs_report_counter {
	pthread_mutex_t lock;
	uint64_t n[BS_KIND_NR][NR_ORDER_SLOTS][NR_GFP_SLOTS];
	uint64_t suppressed;		/* "callbacks suppressed" counts the reports carried */
	bool log_up;
	uint64_t lost;
};

struct bs_report_counter *bs_report_counter_alloc(void)
{
	struct bs_report_counter *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void bs_report_counter_free(struct bs_report_counter *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The order a report asked for, or ORDER_NONE. */
static int order_slot(const struct bs_report *r)
{
	long o = -1;

	if (r->kind == BS_KIND_OOM || r->kind == BS_KIND_MEMCG_OOM)
		o = r->oom.order;
	else if (r->has_order || r->kind == BS_KIND_PAGE_ALLOC_FAILURE)
		o = (long)r->order;
	if (o < 0)
		return ORDER_NONE;
	return o < BS_MAX_ORDERS ? (int)o : ORDER_OTHER;
}

/* The modifier bits of @t (exporter.h): they do not change the class. */
static uint64_t modifiers(const struct bs_gfp_table *t)
{
	static const char *const names[] = {
		"__GFP_COMP", "__GFP_NOWARN", "__GFP_ZERO", "__GFP_NORETRY", "__GFP_RETRY_MAYFAIL",
		"__GFP_REPEAT", "__GFP_NOFAIL", "__GFP_ACCOUNT", "__GFP_NOMEMALLOC", "__GFP_NOTRACK",
	};
	uint64_t all = 0, m;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bs_gfp_flag_lookup(t, names[i], &m) == 0)
			all |= m;
	return all;
}

/* The class slot of the report's mode, decoded with the table of the kernel that printed it. */
static int gfp_slot(const struct bs_report *r)
{
	struct bs_analyze_opts ao = { NULL };
	struct bs_analysis *a;
	int slot = BS_REPORT_GFP_OTHER;
	uint64_t mods, mask;

	if (!r->has_mode && r->kind != BS_KIND_PAGE_ALLOC_FAILURE)
		return GFP_NONE;
	a = calloc(1, sizeof(*a));
	if (!a)
		return BS_REPORT_GFP_OTHER;
	a->rep = r;
	bs_analyze_era(r, &ao, a);
	if (a->gfp) {
		mods = modifiers(a->gfp);
		for (int c = 0; c < BS_NR_CLASSES; c++) {
			if (bs_gfp_composite_lookup(a->gfp, bs_status_class_name((enum bs_status_class)c), &mask) == 0 &&
			    (mask & ~mods) == (r->mode & ~mods)) {
				slot = c;
				break;
			}
		}
	}
	free(a);
	return slot;
}

void bs_report_counter_add(const struct bs_group *g, void *counter)
{
	struct bs_report_counter *c = counter;
	int o = order_slot(g->rep), k = (int)g->rep->kind, gs = gfp_slot(g->rep);

	if (k < 0 || k >= BS_KIND_NR)
		return;
	pthread_mutex_lock(&c->lock);
	c->n[k][o][gs]++;
	c->suppressed += g->suppressed;
	pthread_mutex_unlock(&c->lock);
}

void bs_report_counter_set_log(struct bs_report_counter *c, bool up, uint64_t lost)
{
	pthread_mutex_lock(&c->lock);
	c->log_up = up;
	c->lost = lost;
	pthread_mutex_unlock(&c->lock);
}

int bs_report_counter_write(struct bs_report_counter *c, struct bs_prom *w)
{
	struct bs_report_counter *snap = malloc(sizeof(*snap));
	char order[16];

	if (!snap)
		return -1;
	/* copy under the lock, write without it: a slow scraper never holds up the follower */
	pthread_mutex_lock(&c->lock);
	memcpy(snap->n, c->n, sizeof(snap->n));
	snap->suppressed = c->suppressed;
	snap->log_up = c->log_up;
	snap->lost = c->lost;
	pthread_mutex_unlock(&c->lock);

	bs_prom_family(w, "buddyscope_kernel_log_up", BS_PROM_GAUGE,
		       "1 when the kernel log (/dev/kmsg) is being read for reports, 0 when it could not be opened");
	bs_prom_sample_int(w, NULL, 0, snap->log_up);
	bs_prom_family(w, "buddyscope_kernel_log_records_lost_total", BS_PROM_COUNTER,
		       "Times the kernel ring buffer overwrote records before the exporter read them");
	bs_prom_sample_uint(w, NULL, 0, snap->lost);
	bs_prom_family(w, "buddyscope_kernel_reports_total", BS_PROM_COUNTER,
		       "Memory-failure reports read from the kernel log since the exporter started, by kind "
		       "(as explain names them), order and GFP class of the request where the report has them");
	for (int k = 0; k < BS_KIND_NR; k++) {
		for (int o = 0; o < NR_ORDER_SLOTS; o++) {
			for (int gs = 0; gs < NR_GFP_SLOTS; gs++) {
				struct bs_prom_label l[3];
				size_t n = 0;

				if (!snap->n[k][o][gs])
					continue;
				l[n++] = (struct bs_prom_label){ "kind", bs_report_kind_name((enum bs_report_kind)k) };
				if (o != ORDER_NONE) {
					if (o == ORDER_OTHER)
						snprintf(order, sizeof(order), "%d+", BS_MAX_ORDERS);
					else
						snprintf(order, sizeof(order), "%d", o);
					l[n++] = (struct bs_prom_label){ "order", order };
				}
				if (gs != GFP_NONE)
					l[n++] = (struct bs_prom_label){
						"gfp", gs == BS_REPORT_GFP_OTHER ? "other"
										 : bs_status_class_name((enum bs_status_class)gs) };
				bs_prom_sample_uint(w, l, n, snap->n[k][o][gs]);
			}
		}
	}
	/* every kind from the start, at 0: increase() then sees a kind's first report */
	bs_prom_family(w, "buddyscope_kernel_reports_by_kind_total", BS_PROM_COUNTER,
		       "The same reports by kind alone, every kind present from the start");
	for (int k = 0; k < BS_KIND_NR; k++) {
		struct bs_prom_label l = { "kind", bs_report_kind_name((enum bs_report_kind)k) };
		uint64_t sum = 0;

		for (int o = 0; o < NR_ORDER_SLOTS; o++)
			for (int gs = 0; gs < NR_GFP_SLOTS; gs++)
				sum += snap->n[k][o][gs];
		bs_prom_sample_uint(w, &l, 1, sum);
	}
	bs_prom_family(w, "buddyscope_kernel_reports_suppressed_total", BS_PROM_COUNTER,
		       "Reports the kernel's rate limit suppressed (\"callbacks suppressed\") before the counted ones");
	bs_prom_sample_uint(w, NULL, 0, snap->suppressed);
	free(snap);
	return 0;
}
