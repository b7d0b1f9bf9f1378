// SPDX-License-Identifier: MIT
/*
 * trace_metrics.c - `exporter --trace`: the allocator's tracepoints read
 * from trace.h's live session and folded into counters and latency
 * histograms as they arrive, so that a run of months keeps a few
 * kilobytes, not every event.
 *
 * Pairing follows trace_stats.c's step(): a stall is an end event of a
 * task that began one (direct_reclaim_begin/end, memcg_reclaim_begin/end,
 * compaction_begin/end after try_to_compact_pages in the same task, which
 * makes it direct compaction rather than kcompactd's or proactive work).
 * Each batch is put in time order before pairing; a begin read in one
 * batch pairs with its end read in the next through the task table.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exporter.h"
#include "exporter/exporter_internal.h"
#include "trace.h"
#include "render/trace_words.h"

/*
 * Histogram upper bounds in seconds.  A healthy direct reclaim takes tens
 * of microseconds; what users feel starts at milliseconds and what pages
 * someone is seconds: 50 us to 10 s in 1-2.5-5 steps covers both ends
 * with 17 buckets, and stays below Prometheus' usual series budget.
 */
static const double stall_le[] = {
	0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
	0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};
#define NR_LE (sizeof(stall_le) / sizeof(stall_le[0]))

enum xstall { X_DIRECT_RECLAIM, X_MEMCG_RECLAIM, X_DIRECT_COMPACTION, NR_XSTALL };

static const char *const xstall_name[NR_XSTALL] = {
	[X_DIRECT_RECLAIM] = "direct_reclaim",
	[X_MEMCG_RECLAIM] = "memcg_reclaim",
	[X_DIRECT_COMPACTION] = "direct_compaction",
};

#define NR_ORDER_SLOTS 17		/* orders 0..15, then "16+" (bs_tev's order is a kernel int) */
#define NR_GFP_SLOTS (BS_REPORT_GFP_OTHER + 1)
#define TASK_IDLE_NS (60ull * 1000000000ull)	/* a task silent this long forgets its try_to_compact */
#define GFP_CACHE 16

struct hist {
	uint64_t bucket[NR_LE];		/* observations in (le[i-1], le[i]]; cumulated when written */
	uint64_t count;
	uint64_t sum_ns;
};

/* What one task has open; pid 0 marks a free slot. */
struct task {
	int pid;
	bool in_try;			/* between try_to_compact_pages and the end of that attempt */
	uint64_t dr_ts, memcg_ts, cmp_ts, last_ts;
};

struct counts {
	uint64_t failed[NR_ORDER_SLOTS][NR_GFP_SLOTS];
	uint64_t extfrag[2];		/* [fragmenting] */
	uint64_t deferred;
	uint64_t overflows;
	struct hist stall[NR_XSTALL];
};

struct bs_exporter_trace {
	pthread_mutex_t lock;		/* the session, the tables and the counts */
	struct bs_trace *t;
	struct bs_trace_session *s;
	struct task *tasks;		/* open addressing on pid, cap a power of two */
	size_t nr_tasks, cap_tasks;
	struct { uint64_t mask; int cls; } gfp_cache[GFP_CACHE];
	size_t nr_gfp_cache;
	struct counts c;
};

/* --- tasks ---------------------------------------------------------------- */

static size_t task_hash(int pid, size_t cap)
{
	return ((size_t)pid * 2654435761u) & (cap - 1);
}

static bool task_busy(const struct task *k, uint64_t now)
{
	return k->dr_ts || k->memcg_ts || k->cmp_ts || (k->in_try && now - k->last_ts < TASK_IDLE_NS);
}

/* Rehash into @cap slots, keeping only tasks with something open at @now. */
static int tasks_rebuild(struct bs_exporter_trace *x, size_t cap, uint64_t now)
{
	struct task *nt = calloc(cap, sizeof(*nt));

	if (!nt)
		return -1;
	x->nr_tasks = 0;
	for (size_t i = 0; i < x->cap_tasks; i++) {
		const struct task *k = &x->tasks[i];
		size_t j;

		if (!k->pid || !task_busy(k, now))
			continue;
		for (j = task_hash(k->pid, cap); nt[j].pid; j = (j + 1) & (cap - 1))
			;
		nt[j] = *k;
		x->nr_tasks++;
	}
	free(x->tasks);
	x->tasks = nt;
	x->cap_tasks = cap;
	return 0;
}

/* The state of @pid, made when new; NULL when out of memory. */
static struct task *task_get(struct bs_exporter_trace *x, int pid, uint64_t now)
{
	size_t j;

	if (2 * (x->nr_tasks + 1) > x->cap_tasks) {
		size_t cap = x->cap_tasks ? x->cap_tasks : 256;

		/* forget idle tasks first; grow only when the busy ones fill half */
		if (tasks_rebuild(x, cap, now) < 0)
			return NULL;
		if (2 * (x->nr_tasks + 1) > x->cap_tasks && tasks_rebuild(x, 2 * cap, now) < 0)
			return NULL;
	}
	for (j = task_hash(pid, x->cap_tasks); x->tasks[j].pid; j = (j + 1) & (x->cap_tasks - 1))
		if (x->tasks[j].pid == pid)
			return &x->tasks[j];
	x->tasks[j].pid = pid;
	x->nr_tasks++;
	return &x->tasks[j];
}

/* --- events ---------------------------------------------------------------- */

static void observe(struct hist *h, uint64_t ns)
{
	double s = (double)ns / 1e9;
	size_t i;

	for (i = 0; i < NR_LE && s > stall_le[i]; i++)
		;
	if (i < NR_LE)
		h->bucket[i]++;
	h->count++;
	h->sum_ns += ns;
}

/* The class of a failed mask; the last few masks remembered (a burst repeats one). */
static int gfp_class(struct bs_exporter_trace *x, uint64_t mask)
{
	size_t i;
	int cls;

	for (i = 0; i < x->nr_gfp_cache; i++)
		if (x->gfp_cache[i].mask == mask)
			return x->gfp_cache[i].cls;
	cls = bs_report_gfp_class(bs_trace_gfp_table(x->t), mask);
	i = x->nr_gfp_cache < GFP_CACHE ? x->nr_gfp_cache++ : mask % GFP_CACHE;
	x->gfp_cache[i].mask = mask;
	x->gfp_cache[i].cls = cls;
	return cls;
}

static void stall_end(struct counts *c, enum xstall which, uint64_t *begin, uint64_t ts)
{
	if (*begin && ts >= *begin)
		observe(&c->stall[which], ts - *begin);
	*begin = 0;
}

/* One event against its task's open state (trace_stats.c's step(), counted). */
static void step(struct bs_exporter_trace *x, const struct bs_tev *ev)
{
	struct counts *c = &x->c;
	struct task *k;

	switch (ev->kind) {
	case BS_TEV_EXTFRAG:
		c->extfrag[ev->val & 1]++;
		return;
	case BS_TEV_COMPACT_DEFERRED:
		c->deferred++;
		return;
	case BS_TEV_PAGE_ALLOC:
		c->failed[ev->order >= 0 && ev->order < NR_ORDER_SLOTS - 1 ? ev->order : NR_ORDER_SLOTS - 1]
			 [gfp_class(x, ev->gfp)]++;
		break;
	case BS_TEV_DR_BEGIN: case BS_TEV_DR_END: case BS_TEV_MEMCG_BEGIN: case BS_TEV_MEMCG_END:
	case BS_TEV_COMPACT_TRY: case BS_TEV_COMPACT_BEGIN: case BS_TEV_COMPACT_END:
		break;
	default:
		return;		/* kswapd's and kcompactd's own work: not an allocation's stall */
	}
	k = task_get(x, ev->pid, ev->ts);
	if (!k)
		return;
	k->last_ts = ev->ts;
	switch (ev->kind) {
	case BS_TEV_PAGE_ALLOC:
		k->in_try = false;
		break;
	case BS_TEV_DR_BEGIN:
		k->dr_ts = ev->ts;
		k->in_try = false;
		break;
	case BS_TEV_DR_END:
		stall_end(c, X_DIRECT_RECLAIM, &k->dr_ts, ev->ts);
		break;
	case BS_TEV_MEMCG_BEGIN:
		k->memcg_ts = ev->ts;
		break;
	case BS_TEV_MEMCG_END:
		stall_end(c, X_MEMCG_RECLAIM, &k->memcg_ts, ev->ts);
		break;
	case BS_TEV_COMPACT_TRY:
		k->in_try = true;
		break;
	case BS_TEV_COMPACT_BEGIN:
		k->cmp_ts = ev->ts;
		break;
	case BS_TEV_COMPACT_END:
		if (k->in_try)
			stall_end(c, X_DIRECT_COMPACTION, &k->cmp_ts, ev->ts);
		k->cmp_ts = 0;
		break;
	}
}

static int cmp_ts(const void *a, const void *b)
{
	const struct bs_tev *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/* Read every ready page and fold its events in; the lock is held. */
static void drain(struct bs_exporter_trace *x)
{
	struct bs_tev *ev;
	size_t n;

	bs_trace_session_drain(x->s);
	ev = bs_trace_take_events(x->t, &n);
	if (n)
		qsort(ev, n, sizeof(*ev), cmp_ts);
	for (size_t i = 0; i < n; i++)
		step(x, &ev[i]);
	bs_trace_clear_events(x->t);
	x->c.overflows = bs_trace_nr_overflows(x->t);
}

/* --- the session ------------------------------------------------------------ */

struct bs_exporter_trace *bs_exporter_trace_open(char *err, size_t errlen)
{
	struct bs_trace_opts opts = { .consume = true };
	struct bs_exporter_trace *x;

	err[0] = '\0';
	if (geteuid() != 0) {
		snprintf(err, errlen, "--trace needs root: it creates a tracefs instance (and removes it on exit)");
		errno = EPERM;
		return NULL;
	}
	x = calloc(1, sizeof(*x));
	if (!x || pthread_mutex_init(&x->lock, NULL)) {
		snprintf(err, errlen, "out of memory");
		free(x);
		errno = ENOMEM;
		return NULL;
	}
	x->t = bs_trace_alloc(&opts);
	if (!x->t) {
		snprintf(err, errlen, "out of memory");
		bs_exporter_trace_close(x);
		errno = ENOMEM;
		return NULL;
	}
	bs_trace_set_source(x->t, "live", 0);
	x->s = bs_trace_session_open(x->t, NULL, err, errlen);
	if (!x->s) {
		int e = errno;

		bs_exporter_trace_close(x);
		errno = e;
		return NULL;
	}
	return x;
}

char *bs_exporter_trace_note_at(struct bs_exporter_trace *x, size_t i, char *buf, size_t len)
{
	const struct bs_trace_note *note;
	char *text = NULL;

	pthread_mutex_lock(&x->lock);
	note = bs_trace_note_at(x->t, i);
	if (note)
		text = bs_trace_note_text(note, buf, len);
	pthread_mutex_unlock(&x->lock);
	return text;
}

int bs_exporter_trace_run(struct bs_exporter_trace *x, int stop_fd)
{
	struct pollfd p = { .fd = stop_fd, .events = POLLIN };

	for (;;) {
		int r = poll(&p, 1, 1000);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r > 0)
			return 0;	/* told to stop (or the other end is gone) */
		pthread_mutex_lock(&x->lock);
		drain(x);
		pthread_mutex_unlock(&x->lock);
	}
}

int bs_exporter_trace_close(struct bs_exporter_trace *x)
{
	int rc = 0;

	if (!x)
		return 0;
	if (x->s)
		rc = bs_trace_session_close(x->s);
	bs_trace_free(x->t);
	free(x->tasks);
	pthread_mutex_destroy(&x->lock);
	free(x);
	return rc;
}

/* --- exposition ----------------------------------------------------------------- */

static void write_failed(const struct counts *c, struct bs_prom *w)
{
	uint64_t all = 0;
	char order[16];

	bs_prom_family(w, "buddyscope_trace_alloc_failures_total", BS_PROM_COUNTER,
		       "Page allocations that returned no page (kmem:mm_page_alloc), silent ones included, "
		       "since the exporter started, by order and GFP class of the request");
	for (int o = 0; o < NR_ORDER_SLOTS; o++)
		for (int g = 0; g < NR_GFP_SLOTS; g++) {
			struct bs_prom_label l[2] = { { "order", order }, { "gfp", bs_report_gfp_class_name(g) } };

			if (!c->failed[o][g])
				continue;
			if (o == NR_ORDER_SLOTS - 1)
				snprintf(order, sizeof(order), "%d+", o);
			else
				snprintf(order, sizeof(order), "%d", o);
			bs_prom_sample_uint(w, l, 2, c->failed[o][g]);
			all += c->failed[o][g];
		}
	/* present from the start: increase() sees the first failure */
	bs_prom_family(w, "buddyscope_trace_alloc_failures_all_total", BS_PROM_COUNTER,
		       "The same failed allocations, whatever their order and class");
	bs_prom_sample_uint(w, NULL, 0, all);
}

static void write_stalls(const struct counts *c, struct bs_prom *w)
{
	bs_prom_family(w, "buddyscope_trace_stall_seconds", BS_PROM_HISTOGRAM,
		       "How long allocating tasks stalled in direct reclaim, memcg limit reclaim and "
		       "direct compaction (tracepoint begin to end, per task)");
	for (int s = 0; s < NR_XSTALL; s++) {
		struct bs_prom_label l = { "stall", xstall_name[s] };
		uint64_t cum[NR_LE], run = 0;

		for (size_t i = 0; i < NR_LE; i++)
			cum[i] = run += c->stall[s].bucket[i];
		bs_prom_histogram(w, &l, 1, stall_le, cum, NR_LE, c->stall[s].count, (double)c->stall[s].sum_ns / 1e9);
	}
}

int bs_exporter_trace_write(struct bs_exporter_trace *x, struct bs_prom *w)
{
	struct counts *c = malloc(sizeof(*c));

	if (!c)
		return -1;
	/* read what is pending, copy under the lock, write without it */
	pthread_mutex_lock(&x->lock);
	drain(x);
	*c = x->c;
	pthread_mutex_unlock(&x->lock);

	bs_prom_family(w, "buddyscope_trace_up", BS_PROM_GAUGE,
		       "1 while the allocator's tracepoints are read (--trace)");
	bs_prom_sample_int(w, NULL, 0, 1);
	bs_prom_family(w, "buddyscope_trace_buffer_overflows_total", BS_PROM_COUNTER,
		       "Ring-buffer pages that said events were lost before the exporter read them");
	bs_prom_sample_uint(w, NULL, 0, c->overflows);
	write_failed(c, w);
	write_stalls(c, w);
	bs_prom_family(w, "buddyscope_trace_extfrag_fallbacks_total", BS_PROM_COUNTER,
		       "Allocations that fell back to another migratetype's free block "
		       "(kmem:mm_page_alloc_extfrag); fragmenting=\"true\" when the block was smaller than a pageblock");
	bs_prom_sample_uint(w, &(struct bs_prom_label){ "fragmenting", "false" }, 1, c->extfrag[0]);
	bs_prom_sample_uint(w, &(struct bs_prom_label){ "fragmenting", "true" }, 1, c->extfrag[1]);
	bs_prom_family(w, "buddyscope_trace_compaction_deferred_total", BS_PROM_COUNTER,
		       "Direct compaction attempts skipped because earlier ones failed (compaction:mm_compaction_deferred)");
	bs_prom_sample_uint(w, NULL, 0, c->deferred);
	free(c);
	return 0;
}
