// SPDX-License-Identifier: MIT
/*
 * trace_stats.c - the events of a run, paired and counted.
 *
 * Pairing follows the kernel's nesting: a task is in at most one direct
 * reclaim (mm_vmscan_direct_reclaim_begin .. _end, both fired by
 * do_try_to_free_pages()'s caller in the allocating task) and in at most
 * one zone compaction (mm_compaction_begin .. _end around compact_zone())
 * at a time, so "the open begin of this pid" is the begin an end closes.
 * Events are sorted by timestamp first: a task that migrates between CPUs
 * has its begin and end on different per-CPU buffers.
 *
 * Compaction runs count as direct when the task asked for them through
 * try_to_compact_pages() (mm_compaction_try_to_compact_pages) since its
 * last failure or reclaim; kcompactd and proactive or /proc-triggered
 * compaction land in "other".
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel_era.h"
#include "kernel/kversion.h"
#include "proc/proc_files.h"
#include "textscan.h"
#include "trace/trace_internal.h"

/* --- small growable arrays ---------------------------------------------- */

/* Make room for one more element of @size in *@v; -1 on ENOMEM. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*v, ncap * size);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	*v = p;
	*cap = ncap;
	return 0;
}

/* --- the run ------------------------------------------------------------ */

struct bs_trace *bs_trace_alloc(const struct bs_trace_opts *opts)
{
	struct bs_trace *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (opts)
		t->opts = *opts;
	if (t->opts.comm) {
		bs_copy_str(t->comm_filter, sizeof(t->comm_filter), t->opts.comm);
		t->opts.comm = t->comm_filter;
	}
	for (int k = 0; k < BS_TEV_NR_KINDS; k++)
		t->available[k] = -1;
	bs_copy_str(t->source, sizeof(t->source), "replay");
	return t;
}

void bs_trace_free(struct bs_trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr_notes; i++)
		free(t->notes[i]);
	for (size_t i = 0; i < t->nr_kgfp; i++)
		free(t->kgfp[i].printed);
	for (size_t i = 0; i < t->nr_ksyms; i++)
		free(t->ksyms[i].name);
	for (size_t i = 0; i < t->nr_gfp_mismatch; i++)
		free(t->gfp_mismatch[i]);
	for (int s = 0; s < BS_NR_STALLS; s++)
		free(t->stall[s].by_comm);
	free(t->gfp_mismatch);
	free(t->notes);
	free(t->evs);
	free(t->last_by_cpu);
	free(t->ips);
	free(t->stacks);
	free(t->addrs);
	free(t->comms);
	free(t->kgfp);
	free(t->ksyms);
	free(t->vmstat);
	free(t->sites);
	free(t);
}

void bs_trace_note(struct bs_trace *t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	for (size_t i = 0; i < t->nr_notes; i++)
		if (!strcmp(t->notes[i], s)) {	/* say each thing once */
			free(s);
			return;
		}
	if (grow((void **)&t->notes, &t->cap_notes, t->nr_notes, sizeof(*t->notes)) < 0) {
		free(s);
		return;
	}
	t->notes[t->nr_notes++] = s;
}

size_t bs_trace_nr_notes(const struct bs_trace *t)
{
	return t->nr_notes;
}

const char *bs_trace_note_at(const struct bs_trace *t, size_t i)
{
	return i < t->nr_notes ? t->notes[i] : NULL;
}

void bs_trace_set_partial(struct bs_trace *t)
{
	t->partial = true;
}

bool bs_trace_partial(const struct bs_trace *t)
{
	return t->partial;
}

int bs_trace_set_kernel(struct bs_trace *t, const char *release)
{
	struct bs_kernel_era era;
	struct bs_kver v;

	if (bs_kver_parse(release, strlen(release), &v) != 0 || bs_kernel_era(&v, &era) != 0)
		return -1;
	bs_copy_str(t->release, sizeof(t->release), v.release[0] ? v.release : release);
	t->gfp = era.gfp;
	t->gfp_exact = era.gfp_exact;
	t->gfp_inferred = false;
	return 0;
}

const struct bs_gfp_table *bs_trace_gfp_table(const struct bs_trace *t)
{
	return t->gfp;
}

void bs_trace_set_source(struct bs_trace *t, const char *source, double seconds)
{
	bs_copy_str(t->source, sizeof(t->source), source);
	t->seconds = seconds;
}

void bs_trace_set_available(struct bs_trace *t, enum bs_tev_kind kind, bool available)
{
	if (kind < BS_TEV_NR_KINDS)
		t->available[kind] = available;
}

int bs_trace_add(struct bs_trace *t, const struct bs_tev *ev)
{
	if (grow((void **)&t->evs, &t->cap_evs, t->nr_evs, sizeof(*t->evs)) < 0)
		return -1;
	t->evs[t->nr_evs++] = *ev;
	if (ev->cpu >= t->nr_cpus) {
		size_t n = (size_t)ev->cpu + 1;
		size_t *p = realloc(t->last_by_cpu, n * sizeof(*p));

		if (!p)
			return -1;
		memset(p + t->nr_cpus, 0, (n - t->nr_cpus) * sizeof(*p));
		t->last_by_cpu = p;
		t->nr_cpus = n;
	}
	t->last_by_cpu[ev->cpu] = t->nr_evs;
	return 0;
}

/* The index + 1 of a stack equal to @ips, or 0. */
static uint32_t find_stack(const struct bs_trace *t, const uint64_t *ips, size_t n)
{
	for (size_t i = 0; i < t->nr_stacks; i++)
		if (t->stacks[i].n == n && !memcmp(t->ips + t->stacks[i].off, ips, n * sizeof(*ips)))
			return (uint32_t)i + 1;
	return 0;
}

int bs_trace_add_stack(struct bs_trace *t, unsigned cpu, const uint64_t *ips, size_t n)
{
	uint32_t id;

	/* the stack follows its event on the same CPU; anything else is a
	 * stack of an event trace did not keep (a success filtered late) */
	if (cpu >= t->nr_cpus || !t->last_by_cpu[cpu])
		return 0;
	id = find_stack(t, ips, n);
	if (!id) {
		while (t->nr_ips + n > t->cap_ips) {
			size_t ncap = t->cap_ips ? t->cap_ips * 2 : 256;
			uint64_t *p = realloc(t->ips, ncap * sizeof(*p));

			if (!p)
				return -1;
			t->ips = p;
			t->cap_ips = ncap;
		}
		if (grow((void **)&t->stacks, &t->cap_stacks, t->nr_stacks, sizeof(*t->stacks)) < 0)
			return -1;
		memcpy(t->ips + t->nr_ips, ips, n * sizeof(*ips));
		t->stacks[t->nr_stacks].off = (uint32_t)t->nr_ips;
		t->stacks[t->nr_stacks].n = (uint32_t)n;
		t->nr_ips += n;
		id = (uint32_t)++t->nr_stacks;
	}
	if (!t->evs[t->last_by_cpu[cpu] - 1].stack)
		t->evs[t->last_by_cpu[cpu] - 1].stack = id;
	return 0;
}

/* --- pid -> comm --------------------------------------------------------- */

static struct bs_comm *comm_slot(const struct bs_trace *t, int pid)
{
	size_t i;

	if (!t->cap_comms)
		return NULL;
	for (i = (size_t)pid * 2654435761u % t->cap_comms;; i = (i + 1) % t->cap_comms)
		if (t->comms[i].pid == pid || t->comms[i].pid == 0)
			return &t->comms[i];
}

bool bs_trace_parse_cmdline(const char *line, int *pid, char *comm, size_t size)
{
	struct bs_scan sc = bs_scan_init(line, strcspn(line, "\n"));
	uint64_t v;

	bs_scan_skip_space(&sc);
	if (!bs_scan_u64(&sc, &v) || v > INT_MAX)
		return false;
	if (!bs_scan_left(&sc) || (*sc.p != ' ' && *sc.p != '\t'))
		return false;
	bs_scan_skip_space(&sc);
	if (!bs_scan_left(&sc))
		return false;
	*pid = (int)v;
	bs_copy(comm, size, sc.p, bs_scan_left(&sc));
	return true;
}

int bs_trace_add_comm(struct bs_trace *t, int pid, const char *comm)
{
	struct bs_comm *c;

	if (pid <= 0 || !comm)
		return 0;
	if (2 * (t->nr_comms + 1) > t->cap_comms) {
		struct bs_comm *old = t->comms;
		size_t ocap = t->cap_comms;

		t->cap_comms = ocap ? ocap * 2 : 64;
		t->comms = calloc(t->cap_comms, sizeof(*t->comms));
		if (!t->comms) {
			t->comms = old;
			t->cap_comms = ocap;
			return -1;
		}
		for (size_t i = 0; i < ocap; i++)
			if (old[i].pid)
				*comm_slot(t, old[i].pid) = old[i];
		free(old);
	}
	c = comm_slot(t, pid);
	if (!c->pid)
		t->nr_comms++;
	c->pid = pid;
	bs_copy_str(c->comm, sizeof(c->comm), comm);
	return 0;
}

const char *bs_trace_comm(const struct bs_trace *t, int pid)
{
	const struct bs_comm *c = comm_slot(t, pid);

	if (pid == 0)
		return "<idle>";
	return c && c->pid == pid ? c->comm : NULL;
}

int bs_trace_add_kernel_gfp(struct bs_trace *t, uint64_t mask, const char *printed)
{
	for (size_t i = 0; i < t->nr_kgfp; i++)
		if (t->kgfp[i].mask == mask)
			return 0;
	if (grow((void **)&t->kgfp, &t->cap_kgfp, t->nr_kgfp, sizeof(*t->kgfp)) < 0)
		return -1;
	t->kgfp[t->nr_kgfp].mask = mask;
	t->kgfp[t->nr_kgfp].printed = strdup(printed);
	if (!t->kgfp[t->nr_kgfp].printed)
		return -1;
	t->nr_kgfp++;
	return 0;
}

int bs_trace_add_status_name(struct bs_trace *t, int value, const char *name)
{
	for (size_t i = 0; i < t->nr_status_names; i++)
		if (t->status_names[i].value == value)
			return 0;
	if (t->nr_status_names >= sizeof(t->status_names) / sizeof(t->status_names[0]))
		return -1;
	t->status_names[t->nr_status_names].value = value;
	bs_copy_str(t->status_names[t->nr_status_names].name, sizeof(t->status_names[0].name), name);
	t->nr_status_names++;
	return 0;
}

const char *bs_trace_status_name(const struct bs_trace *t, int value)
{
	for (size_t i = 0; i < t->nr_status_names; i++)
		if (t->status_names[i].value == value)
			return t->status_names[i].name;
	return NULL;
}

/* --- kernel symbols for stacks ----------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

const uint64_t *bs_trace_stack_addrs(struct bs_trace *t, size_t *n)
{
	size_t k = 0;
	uint64_t *p = realloc(t->addrs, (t->nr_ips ? t->nr_ips : 1) * sizeof(*p));

	*n = 0;
	if (!p)
		return NULL;
	t->addrs = p;
	if (t->nr_ips) {
		memcpy(p, t->ips, t->nr_ips * sizeof(*p));
		qsort(p, t->nr_ips, sizeof(*p), cmp_u64);
	}
	for (size_t i = 0; i < t->nr_ips; i++)
		if (!k || p[k - 1] != p[i])
			p[k++] = p[i];
	t->nr_addrs = k;
	*n = k;
	return p;
}

/* Whether the symbol at @addr is the nearest one below some stack address:
 * lines are in address order, so only the symbol just below each address
 * matters.  Decided after sorting; here keep text-section symbols only. */
static bool text_symbol(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

static int cmp_ksym(const void *a, const void *b)
{
	const struct bs_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Keep only the symbol right below each stack address. */
static void ksyms_prune(struct bs_trace *t)
{
	size_t n = 0, naddr;
	const uint64_t *addrs = bs_trace_stack_addrs(t, &naddr);
	size_t a = 0;

	if (t->nr_ksyms)
		qsort(t->ksyms, t->nr_ksyms, sizeof(*t->ksyms), cmp_ksym);
	for (size_t i = 0; i < t->nr_ksyms; i++) {
		uint64_t next = i + 1 < t->nr_ksyms ? t->ksyms[i + 1].addr : ~0ull;
		bool keep = false;

		while (addrs && a < naddr && addrs[a] < t->ksyms[i].addr)
			a++;
		if (addrs && a < naddr && addrs[a] >= t->ksyms[i].addr && addrs[a] < next)
			keep = true;
		if (keep)
			t->ksyms[n++] = t->ksyms[i];
		else
			free(t->ksyms[i].name);
	}
	t->nr_ksyms = n;
}

/* Parse one kallsyms line "ffffffff81000000 T _stext [mod]" into @s. */
static bool parse_ksym(const char *line, size_t len, struct bs_ksym *s)
{
	char buf[512], type, name[256], mod[128];
	struct bs_scan sc;
	uint64_t addr;
	int n;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	mod[0] = '\0';
	/* the address by the saturating scanner: sscanf("%llx") may not overflow */
	sc = bs_scan_init(buf, len);
	bs_scan_skip_space(&sc);
	if (!bs_scan_hex(&sc, false, &addr) || addr == UINT64_MAX)
		return false;
	n = 1 + sscanf(sc.p, " %c %255s %127s", &type, name, mod);
	if (n < 3 || !text_symbol(type) || addr == 0)
		return false;
	s->addr = addr;
	if (asprintf(&s->name, n == 4 ? "%s %s" : "%s", name, mod) < 0)
		return false;
	return true;
}

int bs_trace_add_kallsyms(struct bs_trace *t, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct bs_ksym s;

		if (parse_ksym(p, l, &s)) {
			if (grow((void **)&t->ksyms, &t->cap_ksyms, t->nr_ksyms, sizeof(*t->ksyms)) < 0) {
				free(s.name);
				return -1;
			}
			t->ksyms[t->nr_ksyms++] = s;
		}
		p += l + 1;
	}
	ksyms_prune(t);
	return 0;
}

int bs_trace_write_kallsyms(struct bs_trace *t, FILE *f)
{
	for (size_t i = 0; i < t->nr_ksyms; i++) {
		const char *sp = strchr(t->ksyms[i].name, ' ');

		if (sp)
			fprintf(f, "%016llx t %.*s\t%s\n", (unsigned long long)t->ksyms[i].addr,
				(int)(sp - t->ksyms[i].name), t->ksyms[i].name, sp + 1);
		else
			fprintf(f, "%016llx t %s\n", (unsigned long long)t->ksyms[i].addr, t->ksyms[i].name);
	}
	return ferror(f) ? -1 : 0;
}

bool bs_trace_symbolize(const struct bs_trace *t, uint64_t addr, char *buf, size_t len)
{
	size_t lo = 0, hi = t->nr_ksyms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0) {
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
		return false;
	}
	snprintf(buf, len, "%s+0x%llx", t->ksyms[lo - 1].name,
		 (unsigned long long)(addr - t->ksyms[lo - 1].addr));
	return true;
}

/* --- /proc/vmstat ---------------------------------------------------------- */

/* The counters about reclaim, compaction and high-order failures. */
static bool vmstat_wanted(const char *name)
{
	static const char *const prefixes[] = {
		"compact_", "allocstall", "pgscan_", "pgsteal_", "pageoutrun", "kswapd_",
		"pgmigrate_", "thp_fault_", "thp_collapse_alloc", "htlb_buddy_alloc_",
		"oom_kill", "drop_", "pgalloc_", "nr_free_pages",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static struct bs_vmstat_item *vmstat_item(struct bs_trace *t, const char *name)
{
	for (size_t i = 0; i < t->nr_vmstat; i++)
		if (!strcmp(t->vmstat[i].name, name))
			return &t->vmstat[i];
	if (grow((void **)&t->vmstat, &t->cap_vmstat, t->nr_vmstat, sizeof(*t->vmstat)) < 0)
		return NULL;
	memset(&t->vmstat[t->nr_vmstat], 0, sizeof(*t->vmstat));
	bs_copy_str(t->vmstat[t->nr_vmstat].name, sizeof(t->vmstat[0].name), name);
	return &t->vmstat[t->nr_vmstat++];
}

int bs_trace_set_vmstat(struct bs_trace *t, bool end, const char *text, size_t len)
{
	struct bs_proc_kv *kv = calloc(1, sizeof(*kv));
	int bad, rc = 0;

	if (!kv)
		return -1;
	bad = bs_proc_parse_kv(kv, text, len);
	for (int i = 0; i < kv->n && !rc; i++) {
		struct bs_vmstat_item *it;

		if (!vmstat_wanted(kv->e[i].name))
			continue;
		it = vmstat_item(t, kv->e[i].name);
		if (!it) {
			rc = -1;
		} else if (end) {
			it->end = kv->e[i].value;
			it->have_end = true;
		} else {
			it->start = kv->e[i].value;
			it->have_start = true;
		}
	}
	free(kv);
	if (bad)
		bs_trace_note(t, "vmstat.%s: %d unreadable line%s ignored", end ? "end" : "start",
			      bad, bad == 1 ? "" : "s");
	return rc;
}

/* --- analysis ------------------------------------------------------------ */

unsigned bs_trace_bucket(uint64_t us)
{
	unsigned b = 0;

	while (us > 1 && b < BS_TRACE_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	return b;
}

const char *bs_trace_migratetype_name(int mt)
{
	/* enum migratetype of include/linux/mmzone.h since v4.4 (commit
	 * 016c13daa5c9 moved Movable before Reclaimable; 0aaa29a56e4f added
	 * HighAtomic); 4 is CMA or Isolate depending on CONFIG_CMA */
	static const char *const names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic" };

	return mt >= 0 && mt < 4 ? names[mt] : NULL;
}

static void lat_add(struct bs_lat *l, uint64_t ns, uint64_t pages)
{
	l->count++;
	l->total_ns += ns;
	if (ns > l->max_ns)
		l->max_ns = ns;
	l->pages += pages;
	l->hist[bs_trace_bucket(ns / 1000)]++;
}

static int stall_add(struct bs_trace *t, struct bs_stall *s, int pid, int order, uint64_t ns, uint64_t pages)
{
	const char *comm = bs_trace_comm(t, pid);
	char unknown[BS_TRACE_COMM];
	size_t i;

	if (!comm) {
		snprintf(unknown, sizeof(unknown), "pid %d", pid);
		comm = unknown;
	}
	lat_add(&s->all, ns, pages);
	lat_add(&s->by_order[order >= 0 && order < BS_TRACE_ORDERS ? order : BS_TRACE_ORDERS], ns, pages);
	for (i = 0; i < s->nr_comm; i++)
		if (!strcmp(s->by_comm[i].comm, comm))
			break;
	if (i == s->nr_comm) {
		if (grow((void **)&s->by_comm, &s->cap_comm, s->nr_comm, sizeof(*s->by_comm)) < 0)
			return -1;
		memset(&s->by_comm[i], 0, sizeof(s->by_comm[i]));
		bs_copy_str(s->by_comm[i].comm, sizeof(s->by_comm[i].comm), comm);
		s->nr_comm++;
	}
	lat_add(&s->by_comm[i].lat, ns, pages);
	return 0;
}

/* Per-task state while walking the events in time order. */
struct task_state {
	int pid;			/* 0: empty */
	uint64_t dr_ts, memcg_ts, cmp_ts;	/* open begins, 0 none */
	int dr_order, memcg_order, try_order;
	bool in_try;
};

struct tasks {
	struct task_state *v;
	size_t cap;
};

static struct task_state *task_get(struct tasks *ts, int pid)
{
	size_t i;

	if (!ts->cap)
		return NULL;
	for (i = (size_t)pid * 2654435761u % ts->cap;; i = (i + 1) % ts->cap) {
		if (ts->v[i].pid == pid)
			return &ts->v[i];
		if (ts->v[i].pid == 0) {
			ts->v[i].pid = pid;
			return &ts->v[i];
		}
	}
}

/* Does @ev pass the user's filters?  The kernel applied them already on a
 * live run; a recording may have been made without them. */
static bool wanted(const struct bs_trace *t, const struct bs_tev *ev)
{
	bool task_ctx = ev->kind != BS_TEV_KSWAPD_WAKE && ev->kind != BS_TEV_KSWAPD_SLEEP &&
			ev->kind != BS_TEV_KCOMPACTD_WAKE;
	const char *comm;

	if (ev->order >= 0 && (unsigned)ev->order < t->opts.min_order)
		return false;
	if (!task_ctx)
		return true;
	if (t->opts.pid > 0 && ev->pid != t->opts.pid)
		return false;
	if (t->opts.comm) {
		comm = bs_trace_comm(t, ev->pid);
		if (!comm || strcmp(comm, t->opts.comm))
			return false;
	}
	return true;
}

/* Allocator-internal frames skipped to find who asked ("_noprof" and not). */
static bool allocator_frame(const char *sym)
{
	static const char *const inner[] = {
		"__alloc_pages", "alloc_pages", "__alloc_frozen_pages", "alloc_frozen_pages",
		"__folio_alloc", "folio_alloc", "__get_free_pages", "get_free_pages",
		"alloc_slab_page", "allocate_slab", "new_slab", "___slab_alloc", "__slab_alloc",
		"vma_alloc_folio", "alloc_pages_mpol", "__alloc_pages_slowpath",
		"alloc_pages_bulk", "__alloc_pages_bulk", "get_page_from_freelist",
		"__kmalloc_large", "___kmalloc_large", "kmalloc_large", "alloc_pages_exact",
	};

	for (size_t i = 0; i < sizeof(inner) / sizeof(inner[0]); i++) {
		size_t n = strlen(inner[i]);

		if (!strncmp(sym, inner[i], n) && (sym[n] == '+' || sym[n] == '_' || sym[n] == '\0'))
			return true;
	}
	return false;
}

/* The first frame of stack @id past the allocator, as "sym+0xoff". */
static void site_of(const struct bs_trace *t, uint32_t id, char *buf, size_t len)
{
	const struct bs_stack *s;

	buf[0] = '\0';
	if (!id || !t->nr_ksyms)
		return;
	s = &t->stacks[id - 1];
	for (uint32_t i = 0; i < s->n; i++) {
		if (!bs_trace_symbolize(t, t->ips[s->off + i], buf, len))
			continue;
		if (!allocator_frame(buf))
			return;
	}
	buf[0] = '\0';
}

static int add_failure(struct bs_trace *t, const struct bs_tev *ev)
{
	char where[128];
	struct bs_site *s = NULL;
	const char *comm = bs_trace_comm(t, ev->pid);
	size_t i;

	site_of(t, ev->stack, where, sizeof(where));
	for (i = 0; i < t->nr_sites; i++) {
		s = &t->sites[i];
		if (s->order == ev->order && s->gfp == ev->gfp && s->migratetype == ev->a &&
		    !strcmp(s->where, where) && (where[0] || s->stack == ev->stack))
			break;
	}
	if (i == t->nr_sites) {
		if (grow((void **)&t->sites, &t->cap_sites, t->nr_sites, sizeof(*t->sites)) < 0)
			return -1;
		s = &t->sites[t->nr_sites++];
		memset(s, 0, sizeof(*s));
		s->order = ev->order;
		s->gfp = ev->gfp;
		s->migratetype = ev->a;
		s->stack = ev->stack;
		s->first_ts = ev->ts;
		bs_copy_str(s->where, sizeof(s->where), where);
	}
	s->count++;
	s->last_ts = ev->ts;
	if (!s->stack)
		s->stack = ev->stack;
	for (i = 0; i < BS_TRACE_SITE_PROCS; i++) {
		if (s->procs[i].count && s->procs[i].pid == ev->pid) {
			s->procs[i].count++;
			return 0;
		}
		if (!s->procs[i].count) {
			s->procs[i].pid = ev->pid;
			s->procs[i].count = 1;
			bs_copy_str(s->procs[i].comm, sizeof(s->procs[i].comm), comm ? comm : "?");
			return 0;
		}
	}
	s->other_procs++;
	return 0;
}

static void count_outcome(struct bs_trace *t, int status)
{
	size_t i;

	for (i = 0; i < t->nr_outcomes; i++)
		if (t->outcomes[i].value == status)
			break;
	if (i == t->nr_outcomes) {
		const char *name = bs_trace_status_name(t, status);

		if (i >= sizeof(t->outcomes) / sizeof(t->outcomes[0]))
			return;
		t->outcomes[i].value = status;
		if (name)
			bs_copy_str(t->outcomes[i].name, sizeof(t->outcomes[i].name), name);
		else
			snprintf(t->outcomes[i].name, sizeof(t->outcomes[i].name), "status %d", status);
		t->nr_outcomes++;
	}
	t->outcomes[i].count++;
}

static int order_slot(int order)
{
	return order >= 0 && order < BS_TRACE_ORDERS ? order : BS_TRACE_ORDERS;
}

/* One event, in time order, against the open state of its task. */
static int step(struct bs_trace *t, struct task_state *ts, uint64_t *kswapd_ts, size_t nr_nodes,
		const struct bs_tev *ev)
{
	int rc = 0;

	switch (ev->kind) {
	case BS_TEV_PAGE_ALLOC:
		t->failures++;
		ts->in_try = false;
		return add_failure(t, ev);
	case BS_TEV_DR_BEGIN:
		ts->dr_ts = ev->ts;
		ts->dr_order = ev->order;
		ts->in_try = false;
		break;
	case BS_TEV_DR_END:
		if (ts->dr_ts)
			rc = stall_add(t, &t->stall[BS_STALL_DIRECT_RECLAIM], ev->pid, ts->dr_order,
				       ev->ts - ts->dr_ts, ev->val);
		ts->dr_ts = 0;
		break;
	case BS_TEV_MEMCG_BEGIN:
		ts->memcg_ts = ev->ts;
		ts->memcg_order = ev->order;
		break;
	case BS_TEV_MEMCG_END:
		if (ts->memcg_ts)
			rc = stall_add(t, &t->stall[BS_STALL_MEMCG_RECLAIM], ev->pid, ts->memcg_order,
				       ev->ts - ts->memcg_ts, ev->val);
		ts->memcg_ts = 0;
		break;
	case BS_TEV_COMPACT_TRY:
		t->compact_tries[order_slot(ev->order)]++;
		ts->in_try = true;
		ts->try_order = ev->order;
		break;
	case BS_TEV_COMPACT_BEGIN:
		ts->cmp_ts = ev->ts;
		break;
	case BS_TEV_COMPACT_END:
		if (ts->cmp_ts)
			rc = stall_add(t, &t->stall[ts->in_try ? BS_STALL_DIRECT_COMPACT : BS_STALL_OTHER_COMPACT],
				       ev->pid, ts->in_try ? ts->try_order : -1, ev->ts - ts->cmp_ts, 0);
		ts->cmp_ts = 0;
		if (t->available[BS_TEV_COMPACT_END] == 1 && t->nr_status_names)
			count_outcome(t, ev->a);
		break;
	case BS_TEV_COMPACT_DEFERRED:
		t->deferred++;
		break;
	case BS_TEV_COMPACT_DEFER:
		t->defer_grown++;
		break;
	case BS_TEV_COMPACT_DEFER_RESET:
		t->defer_reset++;
		break;
	case BS_TEV_EXTFRAG:
		t->extfrag++;
		t->extfrag_fragmenting += ev->val & 1;
		t->extfrag_owned += (ev->val >> 1) & 1;
		if (ev->c >= 0 && ev->c < BS_TRACE_MT && ev->b >= 0 && ev->b < BS_TRACE_MT)
			t->extfrag_pairs[ev->c][ev->b]++;
		break;
	case BS_TEV_WAKEUP_KSWAPD:
		t->kswapd_wakeups_by_order[order_slot(ev->order)]++;
		break;
	case BS_TEV_KSWAPD_WAKE:
		if (ev->a >= 0 && (size_t)ev->a < nr_nodes)
			kswapd_ts[ev->a] = ev->ts;
		break;
	case BS_TEV_KSWAPD_SLEEP:
		if (ev->a >= 0 && (size_t)ev->a < nr_nodes && kswapd_ts[ev->a]) {
			rc = stall_add(t, &t->stall[BS_STALL_KSWAPD], ev->pid, -1, ev->ts - kswapd_ts[ev->a], 0);
			kswapd_ts[ev->a] = 0;
		}
		break;
	case BS_TEV_KCOMPACTD_WAKE:
		t->kcompactd_wakes++;
		break;
	}
	return rc;
}

static int cmp_tev(const void *a, const void *b)
{
	const struct bs_tev *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/* Pick a GFP table when the kernel is unknown: the newest whose tracepoint
 * names reproduce every mask the kernel printed. */
static void infer_gfp_table(struct bs_trace *t)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	char buf[512];

	for (size_t i = n; i-- > 0;) {
		size_t j;

		for (j = 0; j < t->nr_kgfp; j++) {
			if (bs_gfp_format_trace(all[i], t->kgfp[j].mask, buf, sizeof(buf)) < 0 ||
			    strcmp(buf, t->kgfp[j].printed))
				break;
		}
		if (j == t->nr_kgfp) {
			t->gfp = all[i];
			t->gfp_inferred = true;
			if (t->nr_kgfp)
				bs_trace_note(t, "kernel release unknown: GFP table %s reproduces all %zu masks the kernel printed",
					      all[i]->id, t->nr_kgfp);
			else
				bs_trace_note(t, "kernel release unknown and no mask printed: GFP table %s (the newest) assumed",
					      all[i]->id);
			return;
		}
	}
	t->gfp = all[n - 1];
	t->gfp_inferred = true;
	bs_trace_note(t, "kernel release unknown and no GFP table reproduces the kernel's prints: %s assumed",
		      all[n - 1]->id);
}

/* The kernel printed its own decode of every failed mask: compare. */
static void check_gfp_table(struct bs_trace *t)
{
	char buf[512];

	for (size_t j = 0; j < t->nr_kgfp; j++) {
		char **p;

		if (bs_gfp_format_trace(t->gfp, t->kgfp[j].mask, buf, sizeof(buf)) >= 0 &&
		    !strcmp(buf, t->kgfp[j].printed))
			continue;
		p = realloc(t->gfp_mismatch, (t->nr_gfp_mismatch + 1) * sizeof(*p));
		if (!p)
			return;
		t->gfp_mismatch = p;
		if (asprintf(&p[t->nr_gfp_mismatch], "0x%llx: kernel printed %s, table %s says %s",
			     (unsigned long long)t->kgfp[j].mask, t->kgfp[j].printed, t->gfp->id, buf) < 0)
			return;
		t->nr_gfp_mismatch++;
	}
}

int bs_trace_finish(struct bs_trace *t)
{
	struct tasks ts = { 0 };
	uint64_t kswapd_ts[64] = { 0 };
	int rc = 0;

	if (t->finished)
		return 0;
	t->finished = true;
	if (t->nr_evs)
		qsort(t->evs, t->nr_evs, sizeof(*t->evs), cmp_tev);
	if (t->nr_evs)
		t->span_ns = t->evs[t->nr_evs - 1].ts - t->evs[0].ts;
	ts.cap = 64;
	while (ts.cap < 4 * t->nr_evs && ts.cap < (1u << 22))
		ts.cap *= 2;
	ts.v = calloc(ts.cap, sizeof(*ts.v));
	if (!ts.v)
		return -1;
	for (size_t i = 0; i < t->nr_evs && rc == 0; i++) {
		const struct bs_tev *ev = &t->evs[i];

		if (!wanted(t, ev))
			continue;
		t->counts[ev->kind]++;
		rc = step(t, task_get(&ts, ev->pid), kswapd_ts, 64, ev);
	}
	for (size_t i = 0; i < ts.cap; i++) {
		if (!ts.v[i].pid)
			continue;
		t->stall[BS_STALL_DIRECT_RECLAIM].unpaired += ts.v[i].dr_ts != 0;
		t->stall[BS_STALL_MEMCG_RECLAIM].unpaired += ts.v[i].memcg_ts != 0;
		t->stall[ts.v[i].in_try ? BS_STALL_DIRECT_COMPACT : BS_STALL_OTHER_COMPACT].unpaired +=
			ts.v[i].cmp_ts != 0;
	}
	free(ts.v);
	if (!t->gfp)
		infer_gfp_table(t);
	check_gfp_table(t);
	return rc;
}

uint64_t bs_trace_nr_failures(const struct bs_trace *t)
{
	return t->failures;
}
