// SPDX-License-Identifier: MIT
/*
 * kmsg_share.c - which open report a line belongs to when reports are
 * printed at once without printk caller ids: each line is classified by
 * what it adds, and goes to the report at that point of its sequence.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/kmsg_internal.h"

/*
 * Sharing lines among reports printed at once without caller ids
 *
 * Each line is classified by what it adds to a report; a report fits it
 * when it is at that point of its sequence and lacks that datum (a second
 * "Node 0 DMA free:" line, a second "active_anon:" or a frame already in
 * the trace belongs to the other report).  Among the reports that fit, the
 * CPU line goes to the one whose comm it names, the others to the one
 * whose turn it is: the one that took the line before when the last two
 * lines went to one report (a report printed inside another comes in a
 * block), the other one when they alternated (two CPUs printing line by
 * line), else the oldest.  The data settle most lines anyway: the second
 * "active_anon:" is the other one's.
 */
enum datum {
	D_ANY,
	D_CPU,
	D_FRAME,
	D_MEMINFO,
	D_COUNTER,
	D_ZONE,
	D_RESERVE,
	D_BUDDY,
	D_TAIL,
	D_OOM,
};

struct line_datum {
	enum datum d;
	int node;
	char zone[16];
	char name[32];
	const char *comm;	/* D_CPU: "Comm: x" */
	size_t comm_len;
	bool in_trace;		/* D_FRAME: some report's trace has begun, so a frame continues one */
};

/* Frames a call trace ends with: after them, a trace takes no more. */
static bool is_bottom_frame(const char *f)
{
	static const char *const bottoms[] = {
		"ret_from_fork", "ret_from_fork_asm", "entry_SYSCALL_64_after_hwframe",
		"entry_SYSCALL_64_fastpath", "system_call_fastpath", "secondary_startup_64",
		"secondary_startup_64_no_verify", "start_kernel", "ret_fast_syscall", "kernel_thread_helper",
		"child_rip", "sysenter_do_call", "syscall_call", "el0t_64_sync", "ret_from_syscall",
	};

	/* every line of two interleaved reports asks this of every frame: the first byte rules out most */
	for (size_t i = 0; i < sizeof(bottoms) / sizeof(bottoms[0]); i++)
		if (f[0] == bottoms[i][0] && !strcmp(f, bottoms[i]))
			return true;
	return false;
}

/* The trace reached its outermost frame (unreliable "? " frames may follow). */
bool kmsg_trace_done(const struct bs_report *r)
{
	for (int i = r->nr_frames - 1; i >= 0; i--)
		if (is_bottom_frame(r->frames[i].func))
			return true;
	return false;
}

static void classify(const char *t, size_t len, struct line_datum *d)
{
	struct bs_scan sc = bs_scan_init(t, len);
	struct bs_frame f;
	int node;
	size_t n;

	memset(d, 0, sizeof(*d));
	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "CPU: ") || bs_scan_lit(&sc, "Pid: ")) {
		const char *c = bs_scan_find(&sc, "Comm: "), *e;

		d->d = D_CPU;
		if (!c)
			c = bs_scan_find(&sc, "comm: ");
		if (c) {
			c += 6;
			e = bs_find(c, (size_t)(sc.end - c), " Tainted", 8);
			if (!e)
				e = bs_find(c, (size_t)(sc.end - c), " Not tainted", 12);
			d->comm = c;
			d->comm_len = (size_t)((e ? e : sc.end) - c);
		}
		return;
	}
	if (bs_scan_lit(&sc, "Mem-Info:") || bs_scan_lit(&sc, "Mem-info:")) {
		d->d = D_MEMINFO;
		return;
	}
	if (bs_scan_lit(&sc, "lowmem_reserve[]:")) {
		d->d = D_RESERVE;
		return;
	}
	sc = bs_scan_init(t, len);
	bs_scan_skip_space(&sc);
	kmsg_scan_node(&sc, &node);
	{
		n = kmsg_scan_zone_name(&sc, ' ');
		if (n && bs_scan_left(&sc) > n + 5 && !memcmp(sc.p + n + 1, "free:", 5)) {
			d->d = D_ZONE;
			d->node = node;
			bs_copy(d->zone, sizeof(d->zone), sc.p, n);
			return;
		}
		n = kmsg_scan_zone_name(&sc, ':');
		if (n) {
			d->d = D_BUDDY;
			d->node = node;
			bs_copy(d->zone, sizeof(d->zone), sc.p, n);
			return;
		}
	}
	/* in the order kmsg_take_line() tries them, so the name is the one kept */
	if (kmsg_parse_arm_frame(sc.p, bs_scan_left(&sc), &f) || kmsg_parse_frame(t, len, &f)) {
		d->d = f.unreliable ? D_ANY : D_FRAME;
		bs_copy(d->name, sizeof(d->name), f.func, strlen(f.func));
		return;
	}
	sc = bs_scan_init(t, len);
	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "[") && (bs_scan_skip_space(&sc), bs_scan_left(&sc)) && *sc.p >= '0' && *sc.p <= '9') {
		d->d = D_OOM;	/* a task-table row */
		return;
	}
	if (bs_scan_lit(&sc, "Tasks state") || bs_scan_lit(&sc, "memory: usage") || bs_scan_lit(&sc, "memory+swap:") ||
	    bs_scan_lit(&sc, "kmem: usage") || bs_scan_lit(&sc, "Memory cgroup") || bs_scan_lit(&sc, "oom-kill:") ||
	    bs_scan_lit(&sc, "Out of memory") || bs_scan_lit(&sc, "Killed process") || bs_scan_lit(&sc, "Task in ")) {
		d->d = D_OOM;
		return;
	}
	if ((bs_scan_left(&sc) && *sc.p >= '0' && *sc.p <= '9') || bs_scan_lit(&sc, "Free swap") ||
	    bs_scan_lit(&sc, "Total swap") || bs_scan_find(&sc, "hugepages_total=")) {
		const char *sp = memchr(sc.p, ' ', bs_scan_left(&sc));

		/* "12 total pagecache pages", "4 pages RAM"; hex stack words are not */
		if (!sp || (bs_scan_left(&sc) && (*sc.p < '0' || *sc.p > '9')) || memmem(sp, (size_t)(sc.end - sp), "page", 4) ||
		    bs_scan_find(&sc, "hugepages_total="))
			d->d = D_TAIL;
		return;
	}
	{
		const char *k = sc.p;

		while (sc.p < sc.end && kmsg_is_symchar(*sc.p))
			sc.p++;
		if (sc.p > k && bs_scan_left(&sc) > 1 && *sc.p == ':' && sc.p[1] >= '0' && sc.p[1] <= '9') {
			d->d = D_COUNTER;
			bs_copy(d->name, sizeof(d->name), k, (size_t)(sc.p - k));
		}
	}
}

/* Does report @s fit a line of datum @d?  2: certainly (its comm), 1: it may, 0: no. */
static int fits(struct slot *s, const struct line_datum *d)
{
	struct bs_report *r = &s->rep;
	bool mi = kmsg_has_meminfo_kind(r->kind);
	struct bs_zone *z;

	switch (d->d) {
	case D_ANY:
		return 1;
	case D_CPU:
		if (r->pid >= 0)
			return 0;
		return d->comm && strlen(r->comm) == d->comm_len && !memcmp(r->comm, d->comm, d->comm_len) ? 2 : 1;
	case D_FRAME:
		if (s->phase != PH_HEAD || kmsg_trace_done(r) || (!s->trace && d->in_trace))
			return 0;
		for (int i = 0; i < r->nr_frames; i++)
			if (!r->frames[i].unreliable && !strcmp(r->frames[i].func, d->name))
				return 0;
		return 1;
	case D_MEMINFO:
		return mi && s->phase == PH_HEAD && !r->has_meminfo;
	case D_COUNTER:
		return mi && s->phase == PH_MEMINFO && bs_report_counter(r, d->name) < 0;
	case D_ZONE:
		z = bs_report_zone(r, d->node, d->zone);
		return mi && (s->phase == PH_MEMINFO || s->phase == PH_ZONES) && (!z || !z->has);
	case D_RESERVE:
		return mi && s->phase == PH_ZONES && r->nr_zones && r->zones[r->nr_zones - 1].nr_lowmem_reserve < 0;
	case D_BUDDY:
		z = bs_report_zone(r, d->node, d->zone);
		return mi && (s->phase == PH_MEMINFO || s->phase == PH_ZONES) && (!z || !z->buddy.present);
	case D_TAIL:
		return mi && (s->phase == PH_ZONES || s->phase == PH_TOTALS);
	case D_OOM:
		return r->kind == BS_KIND_OOM || r->kind == BS_KIND_MEMCG_OOM;
	}
	return 1;
}

/* Of the keyless open reports, the one a line without caller id belongs to. */
static struct slot *share_line(struct bs_kmsg_parser *p, const char *t, size_t len)
{
	struct slot *best = NULL, *cands[MAX_OPEN];
	struct slot *next = p->last_taker;
	struct line_datum d;
	int nc = 0, strength = 0;

	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && p->slots[i].key == -1 && !p->slots[i].lingering)
			cands[nc++] = &p->slots[i];
	/* one report open, and maybe an OOM report waiting for its reaper line */
	if (nc < 2)
		return nc ? cands[0] : NULL;
	classify(t, len, &d);
	/*
	 * The last two lines went to two reports: they alternate, the other
	 * one's turn.  Not for the CPU line after two headers: a header
	 * printed again at once is printk recursion (the console driver
	 * failing an allocation), and the stack is the inner, last one's.
	 */
	if (p->prev_taker && p->prev_taker != p->last_taker && p->prev_taker->open && d.d != D_CPU)
		next = p->prev_taker;
	for (int i = 0; i < nc; i++)
		d.in_trace |= cands[i]->trace && cands[i]->phase == PH_HEAD;
	for (int i = 0; i < nc; i++) {
		int f = fits(cands[i], &d);

		if (f > strength) {
			strength = f;
			best = NULL;
		}
		if (!f || f < strength)
			continue;
		if (!best || cands[i] == next ||
		    (best != next && cands[i]->rep.first_line < best->rep.first_line))
			best = cands[i];
	}
	if (!best && p->last_taker && p->last_taker->open)
		best = p->last_taker;
	return best;
}

/* The slot a line of caller @key continues, or NULL. */
struct slot *kmsg_slot_for_line(struct bs_kmsg_parser *p, long key, const char *t, size_t len)
{
	struct slot *s = key == -1 ? NULL : kmsg_slot_find(p, key);

	if (!s && key != -1)
		s = kmsg_slot_find(p, -1);
	if (!s && key == -1) {
		s = share_line(p, t, len);
		if (!s)
			s = kmsg_slot_latest(p);	/* a line without caller id: the newest open report */
	}
	return s;
}
