// SPDX-License-Identifier: MIT
/*
 * oom_parse.c - the OOM killer's own lines, and the short reports.
 *
 * What mm/oom_kill.c and mm/memcontrol.c print around the shared
 * dump_stack()/show_mem() part, over the years (the fixtures under
 * tests/fixtures/reports/ show each shape; docs/json.md cites the files):
 *
 *   sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0
 *       (2.6.32: "oom_adj=N"; 4.5 adds "(%pGg)"; 4.7 ", nodemask=..";
 *        order=-1 for sysrq and memory.oom_control)
 *   memory: usage 31211520kB, limit 31211520kB, failcnt 83420   (memcg)
 *   memory+swap: / kmem: / swap: usage ...                      (memcg)
 *   Task in /a killed as a result of limit of /b                (memcg, < 4.19)
 *   Memory cgroup stats for /a: cache:0KB rss:..                (v1, one line)
 *   Memory cgroup stats for /a:  then "anon 3115..." lines      (v2)
 *   Tasks state (memory values in pages):                       (4.19 on)
 *   [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name
 *   [  390]     0   390    39012     6739      78       51             0 systemd-journal
 *   oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,...  (4.19 on)
 *   Out of memory: Kill process 6576 (mysqld) score 651 or sacrifice child  (< 5.1)
 *   Killed process 6576 (mysqld) total-vm:..kB, anon-rss:..kB, file-rss:..kB, shmem-rss:..kB
 *   Out of memory: Killed process 651 (x) total-vm:..kB, ..., UID:0 pgtables:104kB oom_score_adj:0  (5.1 on)
 *   oom_reaper: reaped process 2458 (tuned), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
 */
#include "parse/oom_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textscan.h"

static const char oom_needle[] = " invoked oom-killer: ";

bool bs_oom_is_header(const char *t, size_t len)
{
	return memmem(t, len, oom_needle, sizeof(oom_needle) - 1) != NULL;
}

/* Skip leading blanks: wrappers differ in the indentation they keep. */
static struct bs_scan trimmed(const char *t, size_t len)
{
	struct bs_scan sc = bs_scan_init(t, len);

	bs_scan_skip_space(&sc);
	return sc;
}

/* A signed decimal ("-1000"). */
static bool scan_i64(struct bs_scan *sc, int64_t *v)
{
	bool neg = bs_scan_lit(sc, "-");
	uint64_t u;

	if (!bs_scan_u64(sc, &u) || u > INT64_MAX)
		return false;
	*v = neg ? -(int64_t)u : (int64_t)u;
	return true;
}

/* The value after "@key" up to the next ',' (or the end): copied into @buf. */
static bool field_after(const char *t, size_t len, const char *key, char *buf, size_t size)
{
	const char *k = memmem(t, len, key, strlen(key));
	const char *v, *e, *end = t + len;

	if (!k)
		return false;
	v = k + strlen(key);
	e = memchr(v, ',', (size_t)(end - v));
	bs_copy(buf, size, v, (size_t)((e ? e : end) - v));
	return true;
}

void bs_oom_parse_header(const char *t, size_t len, struct bs_report *r)
{
	const char *m = memmem(t, len, oom_needle, sizeof(oom_needle) - 1);
	struct bs_scan sc;
	const char *o;
	int64_t v;

	r->oom.order = 0;
	if (!m)
		return;
	/* only the comm before the needle: blanks alone must not run past its own space */
	sc = bs_scan_init(t, (size_t)(m - t));
	bs_scan_skip_space(&sc);
	/* the comm may hold spaces ("VM Monitoring Task"): everything before */
	bs_copy(r->comm, sizeof(r->comm), sc.p, (size_t)(m - sc.p));
	sc = bs_scan_init(m + sizeof(oom_needle) - 1, len - (size_t)(m - t) - (sizeof(oom_needle) - 1));
	if (bs_scan_lit(&sc, "gfp_mask=") &&
	    bs_scan_mode(&sc, &r->mode, r->mode_symbolic, sizeof(r->mode_symbolic), &r->has_symbolic))
		r->has_mode = true;
	/* nodemask may hold commas ("0,2"): it ends where ", order=" begins */
	if (bs_scan_lit(&sc, ", nodemask=")) {
		const char *e = bs_scan_find(&sc, "order=");

		if (e) {
			const char *s = sc.p;

			while (e > s && (e[-1] == ' ' || e[-1] == ','))
				e--;
			bs_copy(r->nodemask, sizeof(r->nodemask), s, (size_t)(e - s));
		}
	}
	o = bs_scan_find(&sc, "order=");
	if (o) {
		struct bs_scan os = bs_scan_init(o + 6, (size_t)(sc.end - (o + 6)));

		if (scan_i64(&os, &v) && v >= -1 && v < 64) {
			r->oom.order = (int)v;
			r->has_order = true;
			r->order = v > 0 ? (unsigned)v : 0;
		}
	}
	/* 2.6.32 printed oom_adj (-17..15); 2.6.36 on oom_score_adj (-1000..1000) */
	o = bs_scan_find(&sc, "oom_score_adj=");
	if (!o)
		o = bs_scan_find(&sc, "oom_adj=");
	if (o) {
		const char *eq = memchr(o, '=', (size_t)(sc.end - o));
		struct bs_scan os = bs_scan_init(eq + 1, (size_t)(sc.end - eq - 1));

		if (scan_i64(&os, &v) && v >= -1000 && v <= 1000) {
			r->oom.oom_score_adj = (int)v;
			r->oom.has_oom_score_adj = true;
		}
	}
}

/*
 * "memory: usage 31211520kB, limit 31211520kB, failcnt 83420".  A line cut
 * after its usage keeps the usage; what it did not print stays absent.
 */
static bool parse_memcg_counter(struct bs_scan sc, struct bs_memcg_counter *c)
{
	uint64_t v;

	if (!bs_scan_lit(&sc, " usage ") || !bs_scan_u64(&sc, &v))
		return false;
	c->usage_kb = v;
	c->present = true;
	bs_scan_lit(&sc, "kB");
	if (!bs_scan_lit(&sc, ", limit ") || !bs_scan_u64(&sc, &v))
		return true;
	c->limit_kb = v;
	c->has_limit = true;
	bs_scan_lit(&sc, "kB");
	if (bs_scan_lit(&sc, ", failcnt ") && bs_scan_u64(&sc, &v)) {
		c->failcnt = v;
		c->has_failcnt = true;
	}
	return true;
}

static void memcg_stat(struct bs_report *r, const char *name, size_t nlen, uint64_t v)
{
	struct bs_oom *o = &r->oom;
	struct bs_counter *c;

	if (o->nr_memcg_stats >= BS_MAX_MEMCG_STATS)
		return;
	c = &o->memcg_stats[o->nr_memcg_stats++];
	bs_copy(c->name, sizeof(c->name), name, nlen);
	c->value = v;
}

/* v1 "Memory cgroup stats for /a: cache:0KB rss:1234KB ..." after the colon */
static void parse_memcg_v1_stats(struct bs_scan sc, struct bs_report *r)
{
	while (bs_scan_left(&sc)) {
		const char *k, *ke;
		uint64_t v;

		bs_scan_skip_space(&sc);
		k = sc.p;
		while (sc.p < sc.end && *sc.p != ':' && *sc.p != ' ')
			sc.p++;
		ke = sc.p;
		if (ke == k || !bs_scan_lit(&sc, ":") || !bs_scan_u64(&sc, &v))
			return;
		memcg_stat(r, k, (size_t)(ke - k), v);
		if (!bs_scan_lit(&sc, "KB"))
			bs_scan_lit(&sc, "kB");
	}
}

/* v2 "anon 31154200576" lines, each alone (only right after the stats header). */
static bool parse_memcg_v2_stat(struct bs_scan sc, struct bs_report *r)
{
	const char *k = sc.p, *ke;
	uint64_t v;

	while (sc.p < sc.end && ((*sc.p >= 'a' && *sc.p <= 'z') || *sc.p == '_'))
		sc.p++;
	ke = sc.p;
	if (ke == k || !bs_scan_lit(&sc, " ") || !bs_scan_u64(&sc, &v) || bs_scan_left(&sc))
		return false;
	memcg_stat(r, k, (size_t)(ke - k), v);
	r->oom.memcg_stats_bytes = true;
	return true;
}

/* "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name" */
static bool parse_task_header(struct bs_scan sc, struct bs_report *r)
{
	unsigned cols = 0;

	if (!bs_scan_lit(&sc, "["))
		return false;
	bs_scan_skip_space(&sc);
	if (!bs_scan_lit(&sc, "pid"))
		return false;
	bs_scan_skip_space(&sc);
	if (!bs_scan_lit(&sc, "]"))
		return false;
	cols |= 1u << BS_TC_PID;
	r->oom.nr_cols = 0;
	r->oom.col_order[r->oom.nr_cols++] = BS_TC_PID;
	while (bs_scan_left(&sc)) {
		const char *k;

		bs_scan_skip_space(&sc);
		k = sc.p;
		while (sc.p < sc.end && *sc.p != ' ')
			sc.p++;
		for (int c = 0; c < BS_TC_NR; c++) {
			const char *n = bs_task_col_name((enum bs_task_col)c);

			if (strlen(n) == (size_t)(sc.p - k) && !memcmp(n, k, (size_t)(sc.p - k)) &&
			    !(cols & (1u << c)) && r->oom.nr_cols < BS_TC_NR) {
				cols |= 1u << c;
				r->oom.col_order[r->oom.nr_cols++] = (unsigned char)c;
			}
		}
	}
	r->oom.columns = cols;
	r->oom.has_tasks = true;
	return true;
}

static void add_name(struct bs_oom *o, const struct bs_task *t)
{
	struct bs_task_name *n = NULL;

	for (int i = 0; i < o->nr_names; i++)
		if (!strcmp(o->names[i].comm, t->comm)) {
			n = &o->names[i];
			break;
		}
	if (!n) {
		if (o->nr_names >= BS_MAX_TASK_NAMES) {
			o->names_dropped++;
			return;
		}
		n = &o->names[o->nr_names++];
		memcpy(n->comm, t->comm, sizeof(n->comm));
	}
	n->count++;
	n->rss += (uint64_t)(t->v[BS_TC_RSS] > 0 ? t->v[BS_TC_RSS] : 0);
	n->swapents += (uint64_t)(t->v[BS_TC_SWAPENTS] > 0 ? t->v[BS_TC_SWAPENTS] : 0);
}

/* Keep the BS_MAX_TASKS rows with the largest rss: replace the smallest. */
static void keep_task(struct bs_oom *o, const struct bs_task *t)
{
	int min = 0;

	if (o->nr_tasks < BS_MAX_TASKS) {
		o->tasks[o->nr_tasks++] = *t;
		return;
	}
	for (int i = 1; i < o->nr_tasks; i++)
		if (o->tasks[i].v[BS_TC_RSS] < o->tasks[min].v[BS_TC_RSS])
			min = i;
	if (t->v[BS_TC_RSS] > o->tasks[min].v[BS_TC_RSS])
		o->tasks[min] = *t;
}

/* "[  390]     0   390    39012     6739      78       51             0 systemd-journal" */
static bool parse_task_row(struct bs_scan sc, struct bs_report *r)
{
	struct bs_oom *o = &r->oom;
	struct bs_task t;
	int64_t v;

	if (!o->has_tasks || !bs_scan_lit(&sc, "["))
		return false;
	memset(&t, 0, sizeof(t));
	for (int c = 0; c < BS_TC_NR; c++)
		t.v[c] = -1;
	bs_scan_skip_space(&sc);
	if (!scan_i64(&sc, &v) || !bs_scan_lit(&sc, "]"))
		return false;
	t.v[BS_TC_PID] = v;
	for (int i = 1; i < o->nr_cols; i++) {
		int c = o->col_order[i];

		bs_scan_skip_space(&sc);
		if (c == BS_TC_NAME) {
			bs_copy(t.comm, sizeof(t.comm), sc.p, bs_scan_left(&sc));
			break;
		}
		if (!scan_i64(&sc, &v))
			return false;
		t.v[c] = v;
	}
	o->tasks_seen++;
	o->sum_rss += (uint64_t)(t.v[BS_TC_RSS] > 0 ? t.v[BS_TC_RSS] : 0);
	o->sum_swapents += (uint64_t)(t.v[BS_TC_SWAPENTS] > 0 ? t.v[BS_TC_SWAPENTS] : 0);
	if (t.v[BS_TC_PGTABLES_BYTES] > 0)
		o->sum_pgtables += (uint64_t)t.v[BS_TC_PGTABLES_BYTES];
	else if (t.v[BS_TC_NR_PTES] > 0)
		o->sum_pgtables += (uint64_t)t.v[BS_TC_NR_PTES];
	/* 4.x counts the PMD tables apart; they are page-table pages too */
	if (t.v[BS_TC_PGTABLES_BYTES] < 0 && t.v[BS_TC_NR_PMDS] > 0)
		o->sum_pgtables += (uint64_t)t.v[BS_TC_NR_PMDS];
	add_name(o, &t);
	keep_task(o, &t);
	return true;
}

/* "(comm)" starting at @sc, comm ending at the last ")" before @stop. */
static bool scan_paren_comm(struct bs_scan *sc, const char *stop, char *buf, size_t size)
{
	const char *e;

	if (!bs_scan_lit(sc, "("))
		return false;
	e = bs_scan_find(sc, stop);
	if (!e)
		e = memrchr(sc->p, ')', bs_scan_left(sc));
	if (!e)
		return false;
	bs_copy(buf, size, sc->p, (size_t)(e - sc->p));
	sc->p = e;
	return bs_scan_lit(sc, ")");
}

/* "key:NkB" after the victim's comm, wherever it sits on the line. */
static bool kb_after(const struct bs_scan *sc, const char *key, uint64_t *v)
{
	const char *k = bs_scan_find(sc, key);
	struct bs_scan ks;

	if (!k)
		return false;
	ks = bs_scan_init(k + strlen(key), (size_t)(sc->end - (k + strlen(key))));
	return bs_scan_u64(&ks, v);
}

/* "Killed process 6576 (mysqld) total-vm:33914892kB, anon-rss:..., UID:0 pgtables:104kB oom_score_adj:0" */
static bool parse_killed(struct bs_scan sc, struct bs_report *r)
{
	struct bs_oom *o = &r->oom;
	uint64_t v;
	int64_t i;

	if (!bs_scan_lit(&sc, "Killed process ") || !bs_scan_u64(&sc, &v))
		return false;
	o->victim_pid = (int)(v > 0x7fffffff ? -1 : (long)v);
	/* RHEL 6 kernels: "Killed process 20557, UID 188, (haproxy) total-vm:.." */
	if (bs_scan_lit(&sc, ", UID ") && bs_scan_u64(&sc, &v) && bs_scan_lit(&sc, ","))
		o->victim_uid = (int)(v > 0x7fffffff ? -1 : (long)v);
	bs_scan_skip_space(&sc);
	if (!scan_paren_comm(&sc, ") total-vm:", o->victim_comm, sizeof(o->victim_comm)))
		scan_paren_comm(&sc, ") vsz:", o->victim_comm, sizeof(o->victim_comm));
	o->has_victim = true;
	/* 2.6.3x printed "vsz:" for total-vm */
	o->has_victim_total_vm = kb_after(&sc, "total-vm:", &o->victim_total_vm_kb) ||
				 kb_after(&sc, "vsz:", &o->victim_total_vm_kb);
	o->has_victim_anon_rss = kb_after(&sc, "anon-rss:", &o->victim_anon_rss_kb);
	o->has_victim_file_rss = kb_after(&sc, "file-rss:", &o->victim_file_rss_kb);
	o->has_victim_shmem_rss = kb_after(&sc, "shmem-rss:", &o->victim_shmem_rss_kb);
	o->has_victim_pgtables = kb_after(&sc, "pgtables:", &o->victim_pgtables_kb);
	if (kb_after(&sc, "UID:", &v))
		o->victim_uid = (int)(v > 0x7fffffff ? -1 : (long)v);
	{
		const char *k = bs_scan_find(&sc, "oom_score_adj:");

		if (k) {
			struct bs_scan ks = bs_scan_init(k + 14, (size_t)(sc.end - (k + 14)));

			if (scan_i64(&ks, &i) && i >= -1000 && i <= 1000) {
				o->victim_oom_score_adj = (int)i;
				o->has_victim_oom_score_adj = true;
			}
		}
	}
	return true;
}

/* "Out of memory: Kill process 6576 (mysqld) score 651 or sacrifice child" (2.6: "kill process .. or a child") */
static bool parse_kill(struct bs_scan sc, struct bs_report *r)
{
	struct bs_oom *o = &r->oom;
	const char *c = memmem(sc.p, bs_scan_left(&sc), ": ", 2);
	struct bs_scan ks;
	uint64_t v;

	if (!c)
		return false;
	ks = bs_scan_init(c + 2, (size_t)(sc.end - (c + 2)));
	if (bs_scan_find(&ks, "Killed process ") == ks.p) {
		bs_copy(o->kill_message, sizeof(o->kill_message), sc.p, (size_t)(c - sc.p));
		return parse_killed(ks, r);
	}
	if (!bs_scan_lit(&ks, "Kill process ") && !bs_scan_lit(&ks, "kill process "))
		return false;
	bs_copy(o->kill_message, sizeof(o->kill_message), sc.p, (size_t)(c - sc.p));
	if (!bs_scan_u64(&ks, &v))
		return true;
	o->victim_pid = (int)(v > 0x7fffffff ? -1 : (long)v);
	bs_scan_skip_space(&ks);
	scan_paren_comm(&ks, ") score ", o->victim_comm, sizeof(o->victim_comm));
	if (bs_scan_lit(&ks, " score ") && bs_scan_u64(&ks, &v)) {
		o->victim_score = v;
		o->has_victim_score = true;
	}
	return true;
}

/* "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=..,mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=x,pid=N,uid=N" */
static void parse_constraint(const char *t, size_t len, struct bs_report *r)
{
	struct bs_oom *o = &r->oom;
	char buf[32];
	struct bs_scan sc;
	uint64_t v;

	field_after(t, len, "constraint=", o->constraint, sizeof(o->constraint));
	field_after(t, len, ",oom_memcg=", o->oom_memcg, sizeof(o->oom_memcg));
	field_after(t, len, ",task_memcg=", o->task_memcg, sizeof(o->task_memcg));
	o->global_oom = memmem(t, len, ",global_oom", 11) != NULL;
	if (!r->cpuset[0])
		field_after(t, len, ",cpuset=", r->cpuset, sizeof(r->cpuset));
	if (!r->mems_allowed[0])
		field_after(t, len, ",mems_allowed=", r->mems_allowed, sizeof(r->mems_allowed));
	if (!o->victim_comm[0])
		field_after(t, len, ",task=", o->victim_comm, sizeof(o->victim_comm));
	/* not atoi(): a pid past INT_MAX is no pid, not a wrapped one */
	if (field_after(t, len, ",pid=", buf, sizeof(buf)) && !o->victim_pid) {
		sc = bs_scan_init(buf, strlen(buf));
		if (bs_scan_u64(&sc, &v) && v <= 0x7fffffff)
			o->victim_pid = (int)v;
	}
}

enum bs_oom_line bs_oom_take_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = trimmed(t, len);
	struct bs_oom *o = &r->oom;
	const char *x;

	if (!bs_scan_left(&sc))
		return BS_OOM_FOREIGN;
	switch (*sc.p) {
	case '[':
		return parse_task_header(sc, r) || parse_task_row(sc, r) ? BS_OOM_TAKEN : BS_OOM_FOREIGN;
	case 'o':
		if (bs_scan_lit(&sc, "oom-kill:")) {
			parse_constraint(sc.p, bs_scan_left(&sc), r);
			return BS_OOM_TAKEN;
		}
		break;
	case 'm':
		if (bs_scan_lit(&sc, "memory+swap:"))
			return parse_memcg_counter(sc, &o->memsw) ? BS_OOM_TAKEN : BS_OOM_FOREIGN;
		if (bs_scan_lit(&sc, "memory:"))
			return parse_memcg_counter(sc, &o->mem) ? BS_OOM_TAKEN : BS_OOM_FOREIGN;
		break;
	case 'k':
		if (bs_scan_lit(&sc, "kmem:"))
			return parse_memcg_counter(sc, &o->kmem) ? BS_OOM_TAKEN : BS_OOM_FOREIGN;
		break;
	case 's':
		if (bs_scan_lit(&sc, "swap:"))
			return parse_memcg_counter(sc, &o->swap) ? BS_OOM_TAKEN : BS_OOM_FOREIGN;
		break;
	case 'T':
		if (bs_scan_lit(&sc, "Tasks state"))
			return BS_OOM_TAKEN;
		if (bs_scan_lit(&sc, "Task in ")) {
			/* "Task in /a killed as a result of limit of /b" */
			const char *k = bs_scan_find(&sc, " killed as a result of limit of ");

			if (k) {
				bs_copy(o->memcg_path, sizeof(o->memcg_path), sc.p, (size_t)(k - sc.p));
				k += 32;
				bs_copy(o->memcg_limit_of, sizeof(o->memcg_limit_of), k, (size_t)(sc.end - k));
			}
			return BS_OOM_TAKEN;
		}
		break;
	case 'M':
		if (bs_scan_lit(&sc, "Memory cgroup stats for ")) {
			const char *c = bs_scan_find(&sc, ":");

			if (c) {
				bs_copy(o->memcg_path, sizeof(o->memcg_path), sc.p, (size_t)(c - sc.p));
				sc.p = c + 1;
				parse_memcg_v1_stats(sc, r);
			}
			return BS_OOM_TAKEN;
		}
		break;
	case 'C':
		if (bs_scan_lit(&sc, "COMPACTION is disabled"))
			return BS_OOM_TAKEN;
		break;
	case 'K':
		if (parse_killed(sc, r))
			return BS_OOM_VICTIM;
		break;
	default:
		break;
	}
	if (*sc.p == 'O' || *sc.p == 'M') {
		if (bs_scan_find(&sc, "Out of memory and no killable processes")) {
			o->no_killable = true;
			return BS_OOM_VICTIM;
		}
		x = bs_scan_find(&sc, "ut of memory");
		if (x && x < sc.p + 16 && parse_kill(sc, r))
			return o->has_victim_total_vm || o->has_victim_anon_rss || o->has_victim_file_rss ? BS_OOM_VICTIM
													: BS_OOM_TAKEN;
	}
	/* cgroup v2 stats: one "name value" per line under the stats header */
	if (o->memcg_path[0] && !o->has_tasks && parse_memcg_v2_stat(sc, r))
		return BS_OOM_TAKEN;
	return BS_OOM_FOREIGN;
}

int bs_oom_reaper_pid(const char *t, size_t len)
{
	struct bs_scan sc = trimmed(t, len);
	uint64_t v;

	if (!bs_scan_lit(&sc, "oom_reaper: "))
		return -1;
	if (!bs_scan_lit(&sc, "reaped process ") && !bs_scan_lit(&sc, "unable to reap pid:"))
		return -1;
	if (!bs_scan_u64(&sc, &v) || v > 0x7fffffff)
		return -1;
	return (int)v;
}

void bs_oom_take_reaper(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = trimmed(t, len);
	struct bs_oom *o = &r->oom;

	if (bs_scan_find(&sc, "unable to reap")) {
		o->reap_failed = true;
		return;
	}
	o->reaped = true;
	kb_after(&sc, "anon-rss:", &o->reaped_anon_kb);
	kb_after(&sc, "file-rss:", &o->reaped_file_kb);
	kb_after(&sc, "shmem-rss:", &o->reaped_shmem_kb);
}

static int by_rss(const void *a, const void *b)
{
	const struct bs_task *x = a, *y = b;

	if (x->v[BS_TC_RSS] != y->v[BS_TC_RSS])
		return x->v[BS_TC_RSS] < y->v[BS_TC_RSS] ? 1 : -1;
	return x->v[BS_TC_PID] < y->v[BS_TC_PID] ? -1 : x->v[BS_TC_PID] > y->v[BS_TC_PID];
}

static bool trace_has(const struct bs_report *r, const char *func)
{
	for (int i = 0; i < r->nr_frames; i++)
		if (!strcmp(r->frames[i].func, func))
			return true;
	return false;
}

void bs_oom_finish(struct bs_report *r)
{
	struct bs_oom *o = &r->oom;

	qsort(o->tasks, (size_t)o->nr_tasks, sizeof(o->tasks[0]), by_rss);
	/*
	 * A memcg OOM says so in its constraint (4.19 on), its kill message
	 * ("Memory cgroup out of memory"), its "memory: usage" line or its
	 * trace (mem_cgroup_out_of_memory); any one is enough.
	 */
	if (!strcmp(o->constraint, "CONSTRAINT_MEMCG") || !strncmp(o->kill_message, "Memory cgroup", 13) ||
	    o->mem.present || trace_has(r, "mem_cgroup_out_of_memory"))
		r->kind = BS_KIND_MEMCG_OOM;
}

/*
 * The short reports
 */

enum bs_report_kind bs_event_probe(const char *t, size_t len)
{
	/* the cheap test first: all of them hold "emory", "SLUB" or "blocked" */
	if (memmem(t, len, "emory allocation deadlock", 25)) {
		if (memmem(t, len, "Possible memory allocation deadlock: size=", 42))
			return BS_KIND_ZFS_KMEM_DEADLOCK;
		if (memmem(t, len, "XFS", 3))
			return BS_KIND_XFS_KMEM_DEADLOCK;
		return BS_KIND_NR;
	}
	if (memmem(t, len, "SLUB: Unable to allocate memory on node ", 40))
		return BS_KIND_SLUB_FAILURE;
	if (memmem(t, len, " blocked for more than ", 23) && memmem(t, len, "task ", 5))
		return BS_KIND_HUNG_TASK;
	return BS_KIND_NR;
}

/* "(mode:0x250)" into the report's mode. */
static void scan_paren_mode(const struct bs_scan *sc, struct bs_report *r)
{
	const char *m = bs_scan_find(sc, "mode:");
	struct bs_scan ms;

	if (!m)
		return;
	ms = bs_scan_init(m + 5, (size_t)(sc->end - (m + 5)));
	if (bs_scan_hex(&ms, true, &r->mode))
		r->has_mode = true;
}

/*
 * fs/xfs/kmem.c: "XFS: possible memory allocation deadlock in kmem_alloc
 * (mode:0x250)" (3.x), then "XFS: qemu-kvm(1234) possible memory
 * allocation deadlock size 65728 in kmem_alloc (mode:0x2400240)" (4.x on).
 */
bool bs_event_parse_xfs(const char *t, size_t len, struct bs_report *r)
{
	const char *d = memmem(t, len, "possible memory allocation deadlock", 35);
	const char *x = memmem(t, len, "XFS", 3);
	struct bs_scan sc;
	uint64_t v;

	if (!d || !x || x > d)
		return false;
	r->kind = BS_KIND_XFS_KMEM_DEADLOCK;
	/* "comm(pid) " between "XFS: " and the message */
	{
		const char *c = memmem(x, (size_t)(d - x), ": ", 2);

		if (c && d - (c + 2) > 3 && d[-1] == ' ' && d[-2] == ')') {
			const char *open = memrchr(c + 2, '(', (size_t)(d - 2 - (c + 2)));

			if (open) {
				struct bs_scan ps = bs_scan_init(open + 1, (size_t)(d - 2 - (open + 1)));

				bs_copy(r->comm, sizeof(r->comm), c + 2, (size_t)(open - (c + 2)));
				if (bs_scan_u64(&ps, &v) && v <= 0x7fffffff)
					r->pid = (int)v;
			}
		}
	}
	sc = bs_scan_init(d + 35, len - (size_t)(d + 35 - t));
	if (bs_scan_lit(&sc, " size ") && bs_scan_u64(&sc, &v)) {
		r->ev.size = v;
		r->ev.has_size = true;
	}
	if (bs_scan_lit(&sc, " in ")) {
		const char *s = sc.p;

		while (sc.p < sc.end && *sc.p != ' ')
			sc.p++;
		bs_copy(r->ev.func, sizeof(r->ev.func), s, (size_t)(sc.p - s));
	}
	scan_paren_mode(&sc, r);
	return true;
}

/* SPL module/spl/spl-kmem.c: "Possible memory allocation deadlock: size=32784 lflags=0x1404200" */
bool bs_event_parse_zfs(const char *t, size_t len, struct bs_report *r)
{
	const char *d = memmem(t, len, "Possible memory allocation deadlock: size=", 42);
	struct bs_scan sc;
	uint64_t v;

	if (!d)
		return false;
	r->kind = BS_KIND_ZFS_KMEM_DEADLOCK;
	sc = bs_scan_init(d + 42, len - (size_t)(d + 42 - t));
	if (bs_scan_u64(&sc, &v)) {
		r->ev.size = v;
		r->ev.has_size = true;
	}
	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "lflags=") && bs_scan_hex(&sc, true, &r->mode))
		r->has_mode = true;
	bs_copy(r->ev.func, sizeof(r->ev.func), "spl_kmem_alloc", 14);
	return true;
}

/* kernel/hung_task.c: "INFO: task qemu-system-x86:6902 blocked for more than 120 seconds." */
bool bs_event_parse_hung(const char *t, size_t len, struct bs_report *r)
{
	const char *b = memmem(t, len, " blocked for more than ", 23);
	const char *k = b ? memmem(t, (size_t)(b - t), "task ", 5) : NULL;
	const char *colon;
	struct bs_scan sc;
	uint64_t v;

	if (!k)
		return false;
	r->kind = BS_KIND_HUNG_TASK;
	k += 5;
	/* the comm may hold ':' ("kworker/u8:2"): the pid follows the last one */
	colon = memrchr(k, ':', (size_t)(b - k));
	if (colon) {
		sc = bs_scan_init(colon + 1, (size_t)(b - colon - 1));
		bs_copy(r->comm, sizeof(r->comm), k, (size_t)(colon - k));
		if (bs_scan_u64(&sc, &v) && v <= 0x7fffffff)
			r->pid = (int)v;
	}
	sc = bs_scan_init(b + 23, len - (size_t)(b + 23 - t));
	if (bs_scan_u64(&sc, &v)) {
		r->ev.blocked_seconds = v;
		r->ev.has_blocked_seconds = true;
	}
	return true;
}

/* mm/slub.c: "SLUB: Unable to allocate memory on node -1, gfp=0x20(GFP_ATOMIC)" or "(gfp=0x20)" */
bool bs_event_parse_slub(const char *t, size_t len, struct bs_report *r)
{
	static const char hd[] = "SLUB: Unable to allocate memory on node ";
	const char *h = memmem(t, len, hd, sizeof(hd) - 1);
	struct bs_scan sc;
	int64_t node;

	if (!h)
		return false;
	r->kind = BS_KIND_SLUB_FAILURE;
	sc = bs_scan_init(h + sizeof(hd) - 1, len - (size_t)(h + sizeof(hd) - 1 - t));
	r->ev.node = scan_i64(&sc, &node) && node >= -1 && node < 65536 ? (int)node : -1;
	if ((bs_scan_lit(&sc, ", gfp=") || bs_scan_lit(&sc, " (gfp=")) &&
	    bs_scan_mode(&sc, &r->mode, r->mode_symbolic, sizeof(r->mode_symbolic), &r->has_symbolic))
		r->has_mode = true;
	return true;
}

static bool scan_field_u64(struct bs_scan *sc, const char *key, uint64_t *v)
{
	const char *k = bs_scan_find(sc, key);
	struct bs_scan ks;

	if (!k)
		return false;
	ks = bs_scan_init(k + strlen(key), (size_t)(sc->end - (k + strlen(key))));
	if (!bs_scan_u64(&ks, v))
		return false;
	sc->p = ks.p;
	return true;
}

/* "name: N" in @sc into *@v, setting bit @f of *@has when it was printed. */
static void slub_field(struct bs_scan *sc, const char *key, uint64_t *v, unsigned *has, enum bs_slub_field f)
{
	if (scan_field_u64(sc, key, v))
		*has |= 1u << f;
}

bool bs_event_take_slub_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = trimmed(t, len);
	struct bs_event *ev = &r->ev;
	uint64_t v;

	if (bs_scan_lit(&sc, "cache: ")) {
		const char *c = memchr(sc.p, ',', bs_scan_left(&sc));

		bs_copy(ev->func, sizeof(ev->func), sc.p, c ? (size_t)(c - sc.p) : bs_scan_left(&sc));
		if (scan_field_u64(&sc, "object size: ", &v)) {
			ev->size = v;
			ev->has_size = true;
		}
		slub_field(&sc, "buffer size: ", &ev->slub_buffer_size, &ev->slub_has, BS_SLUB_BUFFER_SIZE);
		if (scan_field_u64(&sc, "default order: ", &v)) {
			ev->slub_default_order = (unsigned)(v > 64 ? 64 : v);
			ev->slub_has |= 1u << BS_SLUB_DEFAULT_ORDER;
		}
		if (scan_field_u64(&sc, "min order: ", &v)) {
			ev->slub_min_order = (unsigned)(v > 64 ? 64 : v);
			ev->slub_has |= 1u << BS_SLUB_MIN_ORDER;
		}
		ev->has_slub_cache = true;
		return true;
	}
	if (bs_scan_lit(&sc, "node ") && bs_scan_find(&sc, ": slabs: ")) {
		const unsigned sums = 1u << BS_SLUB_SLABS | 1u << BS_SLUB_OBJS | 1u << BS_SLUB_FREE;
		uint64_t slabs = 0, objs = 0, fr = 0;
		unsigned has = 0;

		slub_field(&sc, "slabs: ", &slabs, &has, BS_SLUB_SLABS);
		slub_field(&sc, "objs: ", &objs, &has, BS_SLUB_OBJS);
		slub_field(&sc, "free: ", &fr, &has, BS_SLUB_FREE);
		/* a sum is known only while every node line printed its part */
		if (!ev->has_slub_nodes)
			ev->slub_has |= has;
		else
			ev->slub_has &= has | ~sums;
		ev->slub_slabs += slabs;
		ev->slub_objs += objs;
		ev->slub_free += fr;
		ev->has_slub_nodes = true;
		return true;
	}
	return bs_scan_find(&sc, "debugging increased min order") != NULL;
}

/*
 * sched_show_task(): "task:qemu state:D stack:0 pid:6902 ppid:1 flags:0x0"
 * (5.10 on) or "qemu-system-x86 D ffff88105065e800     0  6902      1 0x00000080".
 */
bool bs_event_take_hung_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = trimmed(t, len);
	size_t n = strlen(r->comm);

	if (bs_scan_lit(&sc, "task:")) {
		const char *s = bs_scan_find(&sc, " state:");

		if (s && s + 7 < sc.end) {
			r->ev.state[0] = s[7];
			r->ev.state[1] = '\0';
		}
		return true;
	}
	if (n && bs_scan_left(&sc) > n + 2 && !memcmp(sc.p, r->comm, n) && sc.p[n] == ' ') {
		sc.p += n;
		bs_scan_skip_space(&sc);
		if (bs_scan_left(&sc) >= 2 && sc.p[1] == ' ' && sc.p[0] >= 'A' && sc.p[0] <= 'Z') {
			r->ev.state[0] = sc.p[0];
			r->ev.state[1] = '\0';
			return true;
		}
	}
	/* "      Not tainted 5.10.0 #1" / "      Tainted: G  O  5.x" between header and trace */
	return bs_scan_lit(&sc, "Not tainted") || bs_scan_lit(&sc, "Tainted:");
}
