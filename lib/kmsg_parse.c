// SPDX-License-Identifier: MIT
/*
 * kmsg_parse.c - the page allocation failure report, line by line.
 *
 * What the kernel prints, in order (mm/page_alloc.c warn_alloc() or
 * warn_alloc_failed(), lib/dump_stack.c, mm/show_mem.c show_free_areas()):
 *
 *   kworker/31:0: page allocation failure: order:5, mode:0x104050
 *   CPU: 31 PID: 635928 Comm: kworker/31:0 Tainted: G  3.10.0-514.el7.x86_64 #1
 *   Call Trace: / frames
 *   Mem-Info: / counters / [Node N per-node line]
 *   Node 0 DMA free:15864kB min:48kB ...      one per populated zone,
 *    lowmem_reserve[]: 0 1700 64161 64161      each followed by this
 *   Node 0 DMA: 0*4kB 1*8kB (U) ... = 15864kB one per zone
 *   Node 0 hugepages_total=0 ...
 *   N total pagecache pages ... N pages reserved
 *
 * Kernels without CONFIG_NUMA leave out the "Node N " prefix; 2.6.x says
 * "page allocation failure. order:" and "Pid: N, comm: x".
 */
#include "kmsg_parse.h"

#include <stdlib.h>
#include <string.h>

#include "linejoin.h"
#include "oom_parse.h"
#include "parse/parse_kinds.h"
#include "prefix.h"
#include "textscan.h"

/*
 * A report gives up after this many foreign lines in a row; once every
 * zone has its buddy line only the swap and totals lines can follow, so
 * a few foreign lines end it (reports cut before their totals are common).
 */
#define FOREIGN_LIMIT 200
#define FOREIGN_LIMIT_DONE 4
#define MAX_OPEN 8
/* An OOM report stays open this many lines after its kill line, for oom_reaper's. */
#define LINGER_LIMIT 64
/* A hung-task report has no end line: its trace ends it. */
#define HUNG_FOREIGN_LIMIT 40
/* A "Mem-Info:" this many lines after a warn_alloc() report that closed without one is likely its. */
#define ORPHAN_MEMINFO_LINES 400
/* A memory-state dump without a header gives up sooner. */
#define MEMSTATE_FOREIGN_LIMIT 20
#define LINE_COPY 4096

/* Where a wrapped buddy line was cut: at its "=", or inside "10*|32768kB". */
struct buddy_wrap {
	bool want_total;
	bool have_count;
	uint64_t count;
};

enum phase {
	PH_HEAD,	/* header seen, before Mem-Info */
	PH_MEMINFO,	/* counters after "Mem-Info:" */
	PH_ZONES,	/* zone, lowmem_reserve and buddy lines */
	PH_TOTALS,	/* after "pages RAM": only totals may follow */
};

struct slot {
	bool open;
	long key;		/* printk caller id, or -1 */
	enum phase phase;
	unsigned foreign;	/* foreign lines in a row */
	bool in_irq;
	bool zone_cont;		/* last line was a zone line: continuation possible */
	int buddy_cont;		/* zone index + 1 of a buddy line cut short, or 0 */
	struct buddy_wrap wrap;	/* where that line was cut */
	bool lingering;		/* OOM: victim seen, waiting for the oom_reaper line */
	unsigned taken;		/* lines taken, for sharing lines among keyless reports */
	bool trace;		/* its call trace has begun */
	struct bs_report rep;
};

struct bs_kmsg_parser {
	bs_report_fn fn;
	void *ctx;
	unsigned pending_suppressed;
	struct bs_kmsg_leftovers left;	/* what no delivered report carries */
	char pending_vmalloc[160];	/* 3.x: the vmalloc text printed before a plain header */
	/* the last warn_alloc() report closed without its Mem-Info: a "Mem-Info:" soon after is likely its */
	bool orphan;
	enum bs_report_kind orphan_kind;
	uint64_t orphan_line, orphan_closed;
	struct slot slots[MAX_OPEN];
	struct bs_report scratch;	/* one-line reports (XFS) are built here */

	/*
	 * Mail clients and terminals break long lines, and the rest arrives
	 * without the stamp or prefix: a stamped line of a report is held
	 * until the next line says whether it goes on (see join_line()).
	 */
	bool held;
	struct bs_line held_line;
	char held_text[2 * LINE_COPY];
	char join_scratch[2 * LINE_COPY + 1];
	size_t held_raw_len;	/* physical length of the held line's last piece */
	size_t hard_width;	/* the input is cut at this column (a terminal copy), 0 unknown */
	size_t cut_len;		/* length of the first broken line */
	unsigned cut_same;	/* broken lines since of the same length */
	bool cut_mixed;		/* broken lines of different lengths seen */

	/* the prefix learned from the last header line (prefix.h) */
	struct bs_prefix prefix;
	struct slot *last_taker;	/* the report that took the last line */
	struct slot *prev_taker;	/* and the line before it */
};

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

/* The known zone name the scan starts with, followed by @next; its length. */
static size_t scan_zone_name(const struct bs_scan *sc, char next)
{
	size_t best = 0;

	for (size_t i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++) {
		size_t n = strlen(zone_names[i]);

		if (bs_scan_left(sc) > n && !memcmp(sc->p, zone_names[i], n) &&
		    sc->p[n] == next && n > best)
			best = n;
	}
	return best;
}

struct bs_kmsg_parser *bs_kmsg_parser_alloc(bs_report_fn fn, void *ctx)
{
	struct bs_kmsg_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->fn = fn;
	p->ctx = ctx;
	return p;
}

void bs_kmsg_parser_free(struct bs_kmsg_parser *p)
{
	free(p);
}

static bool has_meminfo_kind(enum bs_report_kind k)
{
	return k == BS_KIND_PAGE_ALLOC_FAILURE || k == BS_KIND_VMALLOC_FAILURE || k == BS_KIND_OOM ||
	       k == BS_KIND_ALLOC_STALL || k == BS_KIND_VMEMMAP_FAILURE || k == BS_KIND_NOMMU_FAILURE ||
	       k == BS_KIND_MEMORY_STATE;
}

/* A dump printed without dump_stack(): nommu's and show_mem()'s have no CPU line and no trace. */
static bool has_trace_kind(enum bs_report_kind k)
{
	return k != BS_KIND_NOMMU_FAILURE && k != BS_KIND_MEMORY_STATE;
}

/* What a short report lacks; the long ones go on to the Mem-Info checks. */
static void short_report_gaps(struct slot *s)
{
	struct bs_report *r = &s->rep;

	if (r->kind == BS_KIND_SLUB_FAILURE && !r->ev.has_slub_cache)
		r->gaps |= BS_GAP_CUT;
	if ((r->kind == BS_KIND_HUNG_TASK || r->kind == BS_KIND_ZFS_KMEM_DEADLOCK) && !r->nr_frames)
		r->gaps |= BS_GAP_NO_TRACE;
}

static void slot_close(struct bs_kmsg_parser *p, struct slot *s)
{
	struct bs_report *r = &s->rep;

	if (!s->open)
		return;
	if (r->kind == BS_KIND_OOM || r->kind == BS_KIND_MEMCG_OOM) {
		bs_oom_finish(r);
		if (!r->oom.has_victim && !r->oom.no_killable)
			r->gaps |= BS_GAP_CUT;
		if (!r->nr_frames)
			r->gaps |= BS_GAP_NO_TRACE;
		if (r->pid < 0)
			r->gaps |= BS_GAP_NO_HEADER_CPU;
	}
	if (!has_meminfo_kind(r->kind)) {
		short_report_gaps(s);
		s->open = false;
		s->lingering = false;
		p->fn(r, p->ctx);
		return;
	}
	if (r->kind == BS_KIND_MEMORY_STATE && !r->nr_zones && !r->nr_counters) {
		/* "Mem-Info:" or "Show Memory" and nothing after it: no state to show */
		s->open = false;
		return;
	}
	if (!r->has_meminfo && r->kind != BS_KIND_MEMORY_STATE)
		r->gaps |= BS_GAP_NO_MEMINFO;
	if (!r->has_meminfo && has_trace_kind(r->kind) && r->kind != BS_KIND_OOM) {
		p->orphan = true;
		p->orphan_kind = r->kind;
		p->orphan_line = r->first_line;
		p->orphan_closed = r->last_line;
	}
	if (!r->nr_zones)
		r->gaps |= BS_GAP_NO_ZONES;
	if (!r->nr_frames && has_trace_kind(r->kind))
		r->gaps |= BS_GAP_NO_TRACE;
	if (r->pid < 0 && has_trace_kind(r->kind))
		r->gaps |= BS_GAP_NO_HEADER_CPU;
	for (int i = 0; i < r->nr_zones; i++) {
		const struct bs_zone *z = &r->zones[i];

		if (!z->buddy.present)
			r->gaps |= BS_GAP_NO_BUDDY;
		else if (!z->buddy.has_total)
			r->gaps |= BS_GAP_BUDDY_CUT;
		if (z->nr_lowmem_reserve < 0)
			r->gaps |= BS_GAP_NO_RESERVE;
		if (!(z->has & (1ull << BS_ZF_FREE)) || !(z->has & (1ull << BS_ZF_MIN)))
			r->gaps |= BS_GAP_ZONE_FIELDS;
	}
	if (s->phase != PH_TOTALS && r->kind != BS_KIND_OOM)
		r->gaps |= BS_GAP_CUT;
	s->open = false;
	s->lingering = false;
	p->fn(r, p->ctx);
}

static struct slot *slot_find(struct bs_kmsg_parser *p, long key)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && p->slots[i].key == key)
			return &p->slots[i];
	return NULL;
}

static struct slot *slot_latest(struct bs_kmsg_parser *p)
{
	struct slot *best = NULL;

	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && (!best || p->slots[i].rep.first_line > best->rep.first_line))
			best = &p->slots[i];
	return best;
}

static bool zones_complete(const struct bs_report *r);
static bool trace_done(const struct bs_report *r);

/*
 * Has report @s got all it is likely to get, so that a new report with
 * no caller id means it is over?  Otherwise it stays open next to the
 * new one: another CPU's report may have begun in the middle of it.
 */
static bool slot_done(const struct slot *s)
{
	const struct bs_report *r = &s->rep;

	if (s->lingering || s->phase == PH_TOTALS)
		return true;
	/*
	 * Only a report that has shown no more than its header, or is in
	 * the middle of its Mem-Info, is waited for: any other one was cut
	 * (most often by the rate limit), and closing it keeps the order.
	 */
	if (s->taken > 2 && s->phase == PH_HEAD && !(has_meminfo_kind(r->kind) && !trace_done(r) && s->trace))
		return true;
	if (has_meminfo_kind(r->kind)) {
		/* a whole trace and no Mem-Info: show_mem() was rate-limited or lost */
		return (!r->has_meminfo && trace_done(r)) || zones_complete(r);
	}
	if (r->kind == BS_KIND_SLUB_FAILURE)
		return r->ev.has_slub_cache;
	return r->nr_frames > 0;
}

static struct slot *slot_new(struct bs_kmsg_parser *p, long key)
{
	struct slot *s, *oldest = &p->slots[0];

	if (key == -1) {
		for (int i = 0; i < MAX_OPEN; i++)
			if (p->slots[i].open && p->slots[i].key == -1 && slot_done(&p->slots[i]))
				slot_close(p, &p->slots[i]);
	} else if ((s = slot_find(p, key)) != NULL) {
		slot_close(p, s);
		return s;
	}
	for (int i = 0; i < MAX_OPEN; i++) {
		if (!p->slots[i].open)
			return &p->slots[i];
		if (p->slots[i].rep.first_line < oldest->rep.first_line)
			oldest = &p->slots[i];
	}
	slot_close(p, oldest);
	return oldest;
}

/*
 * The header: "<comm>: page allocation failure: order:5, mode:0x104050"
 * with, from 4.9 on, "(GFP_NOFS|__GFP_COMP)" after the mode, from 4.12
 * ", nodemask=(null)", from 4.19 or so ",cpuset=/,mems_allowed=0".
 * Returns false if the line is not one.
 */
/*
 * What the header line says.  It is parsed on its own first: most lines
 * with " failure" in them are not headers, and only a real one may close
 * the slot it takes and have a report set up.
 */
struct header {
	char comm[BS_NAME_LEN];
	char header_what[40];
	unsigned order;
	uint64_t mode;
	char mode_symbolic[256];
	bool has_symbolic;
	char nodemask[64];
	char cpuset[128];
	char mems_allowed[64];
	bool dot_form;
	/* vmalloc's warn_alloc() text */
	enum bs_report_kind kind;
	bool has_order;
	char vm_text[160];
	uint64_t vm_size, vm_allocated;
	bool has_vm_size, has_vm_allocated;
};

/* report_init() copies these whole: the sizes must agree with report.h */
_Static_assert(sizeof(((struct header *)0)->comm) == sizeof(((struct bs_report *)0)->comm), "comm");
_Static_assert(sizeof(((struct header *)0)->mode_symbolic) == sizeof(((struct bs_report *)0)->mode_symbolic),
	       "mode_symbolic");
_Static_assert(sizeof(((struct header *)0)->header_what) == sizeof(((struct bs_report *)0)->header_what),
	       "header_what");
_Static_assert(sizeof(((struct header *)0)->nodemask) == sizeof(((struct bs_report *)0)->nodemask), "nodemask");
_Static_assert(sizeof(((struct header *)0)->cpuset) == sizeof(((struct bs_report *)0)->cpuset), "cpuset");
_Static_assert(sizeof(((struct header *)0)->mems_allowed) == sizeof(((struct bs_report *)0)->mems_allowed),
	       "mems_allowed");

static void header_comm(const char *t, const char *m, struct header *h);
static void parse_mode_tail(struct bs_scan *scp, struct header *h);

static bool parse_header(const char *t, size_t len, struct header *h)
{
	/*
	 * warn_alloc() prints "<comm>: <what> order:N, mode:..." where <what>
	 * is "page allocation failure" or, from mm/sparse-vmemmap.c, "vmemmap
	 * alloc failure"; 2.6.x wrote "failure. order:".
	 */
	static const char colon_form[] = " failure: order:";
	static const char dot_form[] = " failure. order:";
	const char *m = memmem(t, len, colon_form, sizeof(colon_form) - 1);
	struct bs_scan sc;
	uint64_t v;

	memset(h, 0, sizeof(*h));
	if (!m) {
		m = memmem(t, len, dot_form, sizeof(dot_form) - 1);
		if (!m)
			return false;
		h->dot_form = true;
	}
	sc = bs_scan_init(m + sizeof(colon_form) - 1, len - (size_t)(m - t) - (sizeof(colon_form) - 1));
	/* back from " failure" over the words of <what> to the ": " after the comm */
	{
		const char *w = memmem(t, (size_t)(m - t) + 1, ": ", 2), *last = NULL;

		while (w) {
			last = w;
			w = memmem(w + 2, (size_t)(m - (w + 2)) + 1, ": ", 2);
		}
		if (!last)
			return false;
		bs_copy(h->header_what, sizeof(h->header_what), last + 2, (size_t)(m + 8 - (last + 2)));
		m = last;
	}
	if (!bs_scan_u64(&sc, &v) || v > 64)
		return false;
	h->order = (unsigned)v;
	h->has_order = true;
	if (!bs_scan_lit(&sc, ", mode:") ||
	    !bs_scan_mode(&sc, &h->mode, h->mode_symbolic, sizeof(h->mode_symbolic), &h->has_symbolic))
		return false;
	header_comm(t, m, h);
	parse_mode_tail(&sc, h);
	return true;
}

/*
 * The comm ends at @m; whatever precedes it on the line (quote marks, a
 * stamp the reader did not know) ends at the last space.
 */
static void header_comm(const char *t, const char *m, struct header *h)
{
	const char *c = m;

	while (c > t && c[-1] != ' ' && c[-1] != ']' && c[-1] != '|')
		c--;
	bs_copy(h->comm, sizeof(h->comm), c, (size_t)(m - c));
}

/* After the mode and its decode: ", nodemask=..", ",cpuset=..", ",mems_allowed=..". */
static void parse_mode_tail(struct bs_scan *scp, struct header *h)
{
	struct bs_scan sc = *scp;

	if (bs_scan_lit(&sc, ", nodemask=")) {
		const char *s = sc.p;

		while (sc.p < sc.end && *sc.p != ',' && *sc.p != ' ')
			sc.p++;
		bs_copy(h->nodemask, sizeof(h->nodemask), s, (size_t)(sc.p - s));
	}
	if (bs_scan_lit(&sc, ",cpuset=")) {
		const char *s = sc.p;
		const char *e = bs_scan_find(&sc, ",mems_allowed=");

		sc.p = e ? e : sc.end;
		bs_copy(h->cpuset, sizeof(h->cpuset), s, (size_t)(sc.p - s));
	}
	if (bs_scan_lit(&sc, ",mems_allowed="))
		bs_copy(h->mems_allowed, sizeof(h->mems_allowed), sc.p, bs_scan_left(&sc));
	*scp = sc;
}

/*
 * mm/vmalloc.c through warn_alloc(): "insmod: vmalloc: allocation failure,
 * allocated 3725393920 of 3791654912 bytes, mode:0x14000c0(GFP_KERNEL),
 * nodemask=(null)" (4.9 on), "dhcpcd: vmalloc error: size 4096,
 * vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), ..." (5.13 on;
 * "page order N" in one of its texts).  3.x printed the vmalloc text on
 * a line of its own before a plain page allocation failure header: that
 * stays a page allocation failure.
 */
static bool parse_vmalloc_header(const char *t, size_t len, struct header *h)
{
	const char *m = memmem(t, len, "vmalloc: allocation failure", 27);
	const char *mode, *c;
	struct bs_scan sc;
	uint64_t v;

	if (!m)
		m = memmem(t, len, "vmalloc error: ", 15);
	if (!m || m - t < 2 || memcmp(m - 2, ": ", 2))
		return false;
	mode = memmem(m, len - (size_t)(m - t), ", mode:0x", 9);
	if (!mode)
		return false;
	memset(h, 0, sizeof(*h));
	h->kind = BS_KIND_VMALLOC_FAILURE;
	header_comm(t, m - 2, h);
	c = memchr(m, ':', (size_t)(mode - m));
	bs_copy(h->header_what, sizeof(h->header_what), m, c ? (size_t)(c - m) : 7);
	c = c ? c + 1 : m;
	while (c < mode && *c == ' ')
		c++;
	bs_copy(h->vm_text, sizeof(h->vm_text), c, (size_t)(mode - c));
	sc = bs_scan_init(c, (size_t)(mode - c));
	if (bs_scan_lit(&sc, "size ") && bs_scan_u64(&sc, &v)) {
		h->vm_size = v;
		h->has_vm_size = true;
	} else if (bs_scan_lit(&sc, "allocation failure: ") && bs_scan_u64(&sc, &v) && bs_scan_lit(&sc, " bytes")) {
		/* 3.x to 5.12: "vmalloc: allocation failure: 425984 bytes" */
		h->vm_size = v;
		h->has_vm_size = true;
	}
	{
		const char *a = bs_scan_find(&sc, "allocated ");
		const char *o = bs_scan_find(&sc, "page order ");
		struct bs_scan as;

		if (a) {
			as = bs_scan_init(a + 10, (size_t)(mode - (a + 10)));
			if (bs_scan_u64(&as, &v) && bs_scan_lit(&as, " of ")) {
				h->vm_allocated = v;
				h->has_vm_allocated = true;
				if (bs_scan_u64(&as, &v)) {
					h->vm_size = v;
					h->has_vm_size = true;
				}
			}
		}
		if (o) {
			as = bs_scan_init(o + 11, (size_t)(mode - (o + 11)));
			if (bs_scan_u64(&as, &v) && v <= 64) {
				h->order = (unsigned)v;
				h->has_order = true;
			}
		}
	}
	sc = bs_scan_init(mode + 7, len - (size_t)(mode + 7 - t));
	if (!bs_scan_mode(&sc, &h->mode, h->mode_symbolic, sizeof(h->mode_symbolic), &h->has_symbolic))
		return false;
	parse_mode_tail(&sc, h);
	return true;
}

/* Where and when: what every kind of report starts with. */
static void report_init_base(struct bs_report *r, const struct bs_line *l)
{
	memset(r, 0, sizeof(*r));
	bs_copy(r->source, sizeof(r->source), l->source ? l->source : "-",
		l->source ? strlen(l->source) : 1);
	r->first_line = r->last_line = l->lineno;
	r->mono = l->mono;
	r->has_mono = l->has_mono;
	r->wall = l->wall;
	r->has_wall = l->has_wall;
	r->year_from_caller = l->has_wall && l->year_from_caller;
	r->wall_utc = l->has_wall && l->wall_utc;
	r->cpu = r->pid = -1;
	r->oom.victim_uid = -1;
	r->ev.node = -1;
	for (int i = 0; i < BS_MAX_ZONES; i++)
		r->zones[i].all_unreclaimable = -1;
	if (l->truncated || l->binary)
		r->gaps |= BS_GAP_DAMAGED;
}

static void report_init(struct bs_report *r, const struct bs_line *l, const struct header *h)
{
	report_init_base(r, l);
	memcpy(r->comm, h->comm, sizeof(r->comm));
	memcpy(r->header_what, h->header_what, sizeof(r->header_what));
	r->order = h->order;
	r->mode = h->mode;
	memcpy(r->mode_symbolic, h->mode_symbolic, sizeof(r->mode_symbolic));
	r->has_symbolic = h->has_symbolic;
	memcpy(r->nodemask, h->nodemask, sizeof(r->nodemask));
	memcpy(r->cpuset, h->cpuset, sizeof(r->cpuset));
	memcpy(r->mems_allowed, h->mems_allowed, sizeof(r->mems_allowed));
	r->dot_form = h->dot_form;
	r->kind = h->kind;
	r->has_mode = true;
	r->has_order = h->has_order;
	/* mm/sparse-vmemmap.c's warn_alloc() text: a kind of its own (parse_kinds.h) */
	if (r->kind == BS_KIND_PAGE_ALLOC_FAILURE && !strncmp(r->header_what, "vmemmap", 7))
		r->kind = BS_KIND_VMEMMAP_FAILURE;
	bs_copy(r->ev.text, sizeof(r->ev.text), h->vm_text, strlen(h->vm_text));
	r->ev.size = h->vm_size;
	r->ev.has_size = h->has_vm_size;
	r->ev.vmalloc_allocated = h->vm_allocated;
	r->ev.has_vmalloc_allocated = h->has_vm_allocated;
}

/* "Tainted: G        W  O      3.10.0-514.el7.x86_64 #1": taint letters, then version. */
static void parse_taint_version(struct bs_scan *sc, struct bs_report *r)
{
	size_t n = 0;

	bs_scan_skip_space(sc);
	if (bs_scan_lit(sc, "Not tainted")) {
		r->taint[0] = '\0';
	} else if (bs_scan_lit(sc, "Tainted:")) {
		/*
		 * taint letters are capitals and spaces; RHEL adds its kABI
		 * marks ("------------", "--------- -  -"); the version starts
		 * with a digit
		 */
		while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '-' || (*sc->p >= 'A' && *sc->p <= 'Z'))) {
			if (*sc->p != ' ' && *sc->p != '-' && n + 1 < sizeof(r->taint))
				r->taint[n++] = *sc->p;
			sc->p++;
		}
		r->taint[n] = '\0';
	} else {
		return;
	}
	bs_scan_skip_space(sc);
	if (bs_scan_left(sc) && *sc->p >= '0' && *sc->p <= '9') {
		bs_copy(r->version_text, sizeof(r->version_text), sc->p, bs_scan_left(sc));
		if (bs_kver_parse(sc->p, bs_scan_left(sc), &r->kver) == 0)
			r->has_version = true;
	}
}

/* "CPU: 31 PID: 635928 Comm: kworker/31:0 Tainted: ..." or 2.6 "Pid: 1, comm: x Not tainted ..." */
static bool parse_cpu_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	char comm[BS_NAME_LEN];

	if (bs_scan_lit(&sc, "CPU: ")) {
		if (!bs_scan_u64(&sc, &v))
			return false;
		r->cpu = (int)(v > 1000000 ? -1 : (long)v);
		bs_scan_skip_space(&sc);
		/* 6.13 on: "CPU: 4 UID: 0 PID: 156 ..." */
		if (bs_scan_lit(&sc, "UID: ")) {
			bs_scan_u64(&sc, &v);
			bs_scan_skip_space(&sc);
		}
		if (!bs_scan_lit(&sc, "PID: ") || !bs_scan_u64(&sc, &v))
			return false;
		r->pid = (int)(v > 0x7fffffff ? -1 : (long)v);
		bs_scan_skip_space(&sc);
		if (bs_scan_lit(&sc, "Comm: ")) {
			/* comm may hold spaces; it ends before " Tainted:" / " Not tainted" */
			const char *e = bs_scan_find(&sc, " Tainted:");
			const char *e2 = bs_scan_find(&sc, " Not tainted");

			const char *kd;

			if (!e || (e2 && e2 < e))
				e = e2;
			if (!e)
				e = sc.end;
			/* RHEL with kdump armed: "Comm: swapper/21 Kdump: loaded Tainted: ..." */
			kd = bs_scan_find(&sc, " Kdump: ");
			bs_copy(comm, sizeof(comm), sc.p, (size_t)((kd && kd < e ? kd : e) - sc.p));
			/* the header's comm ends at a space: "DOM Worker: page allocation ..." kept "Worker" */
			if (!r->comm[0] || (strlen(comm) > strlen(r->comm) + 1 &&
					    !strcmp(comm + strlen(comm) - strlen(r->comm), r->comm) &&
					    comm[strlen(comm) - strlen(r->comm) - 1] == ' '))
				bs_copy(r->comm, sizeof(r->comm), comm, strlen(comm));
			sc.p = e;
		}
		parse_taint_version(&sc, r);
		return true;
	}
	if (bs_scan_lit(&sc, "Pid: ")) {
		if (!bs_scan_u64(&sc, &v))
			return false;
		r->pid = (int)(v > 0x7fffffff ? -1 : (long)v);
		if (bs_scan_lit(&sc, ", comm: ")) {
			const char *e = bs_scan_find(&sc, " Tainted:");
			const char *e2 = bs_scan_find(&sc, " Not tainted");

			if (!e || (e2 && e2 < e))
				e = e2;
			if (e)
				sc.p = e;
		}
		parse_taint_version(&sc, r);
		return true;
	}
	return false;
}

static bool is_symchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '$';
}

/*
 * One call-trace frame, in any of the shapes the kernels print:
 *   [<ffffffff81686b13>] dump_stack+0x19/0x1b
 *   [<ffffffffa07eebe6>] ? osdmap_set_max_osd+0x76/0x1d0 [libceph]
 *    dump_stack_lvl+0x44/0x5c
 *   [<c001b6a8>] (unwind_backtrace+0x0/0xf0) from [<c00a1a8c>] (show_stack+0x10/0x14)
 *   [<ffff000008088c68>] dump_backtrace+0x0/0x1b8 (arm64)
 */
static bool parse_frame(const char *t, size_t len, struct bs_frame *f)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	bool paren = false;
	const char *s;

	memset(f, 0, sizeof(*f));
	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "[<")) {
		if (!bs_scan_hex(&sc, false, &v) || !bs_scan_lit(&sc, ">]"))
			return false;
		bs_scan_skip_space(&sc);
	} else if (bs_scan_lit(&sc, "[")) {
		/* powerpc: "[stack pointer] [pc] .func+0x../0x.." */
		if (!bs_scan_hex(&sc, false, &v) || !bs_scan_lit(&sc, "] ["))
			return false;
		if (!bs_scan_hex(&sc, false, &v) || !bs_scan_lit(&sc, "]"))
			return false;
		bs_scan_skip_space(&sc);
		bs_scan_lit(&sc, ".");
	}
	if (bs_scan_lit(&sc, "? ")) {
		f->unreliable = true;
		bs_scan_skip_space(&sc);
	}
	if (bs_scan_lit(&sc, "("))
		paren = true;
	s = sc.p;
	while (sc.p < sc.end && is_symchar(*sc.p))
		sc.p++;
	if (sc.p == s || bs_scan_left(&sc) < 3 || memcmp(sc.p, "+0x", 3))
		return false;
	bs_copy(f->func, sizeof(f->func), s, (size_t)(sc.p - s));
	sc.p++;
	if (!bs_scan_hex(&sc, true, &f->off))
		return false;
	if (bs_scan_lit(&sc, "/")) {
		if (!bs_scan_hex(&sc, true, &f->size))
			return false;
	}
	if (paren)
		return true;
	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "[")) {
		s = sc.p;
		while (sc.p < sc.end && *sc.p != ']' && *sc.p != ' ')
			sc.p++;
		bs_copy(f->module, sizeof(f->module), s, (size_t)(sc.p - s));
	}
	return true;
}

/* Scale a printed size to kB: "48kB", "0KB" (reserved_highatomic), "2MB". */
static uint64_t scale_kb(struct bs_scan *sc, uint64_t v)
{
	if (bs_scan_lit(sc, "kB") || bs_scan_lit(sc, "KB"))
		return v;
	if (bs_scan_lit(sc, "MB"))
		return v << 10;
	if (bs_scan_lit(sc, "GB"))
		return v << 20;
	return v;
}

/* "key:123kB key2:4kB all_unreclaimable? no" tokens into @z. */
static void parse_zone_fields(struct bs_scan *sc, struct bs_zone *z)
{
	while (bs_scan_left(sc)) {
		const char *k;
		size_t klen;
		uint64_t v;

		bs_scan_skip_space(sc);
		k = sc->p;
		while (sc->p < sc->end && *sc->p != ':' && *sc->p != ' ' && *sc->p != '?')
			sc->p++;
		klen = (size_t)(sc->p - k);
		if (bs_scan_lit(sc, "? ")) {
			if (klen == 17 && !memcmp(k, "all_unreclaimable", 17))
				z->all_unreclaimable = bs_scan_lit(sc, "yes") ? 1 : 0;
			continue;
		}
		if (!bs_scan_lit(sc, ":")) {
			while (sc->p < sc->end && *sc->p != ' ')
				sc->p++;
			continue;
		}
		if (!bs_scan_u64(sc, &v))
			continue;
		v = scale_kb(sc, v);
		for (int f = 0; f < BS_ZF_NR; f++) {
			const char *name = bs_zone_field_name((enum bs_zone_field)f);

			if (strlen(name) == klen && !memcmp(name, k, klen)) {
				z->kb[f] = v;
				z->has |= 1ull << f;
				break;
			}
		}
	}
}

/* "Node 0 " prefix (absent without CONFIG_NUMA): node number or 0. */
static bool scan_node(struct bs_scan *sc, int *node)
{
	uint64_t v;

	if (!bs_scan_lit(sc, "Node ")) {
		*node = 0;
		return false;
	}
	if (!bs_scan_u64(sc, &v) || !bs_scan_lit(sc, " "))
		return false;
	*node = (int)(v > 4096 ? 4096 : v);
	return true;
}

static struct bs_zone *zone_get(struct bs_report *r, int node, const char *name, bool create)
{
	struct bs_zone *z = bs_report_zone(r, node, name);

	if (z || !create)
		return z;
	if (r->nr_zones >= BS_MAX_ZONES) {
		r->gaps |= BS_GAP_TOO_MANY;
		return NULL;
	}
	z = &r->zones[r->nr_zones++];
	z->node = node;
	bs_copy(z->name, sizeof(z->name), name, strlen(name));
	z->nr_lowmem_reserve = -1;
	return z;
}

/* "Node 0 Normal free:272880kB min:..." */
static bool parse_zone_line(const char *t, size_t len, struct bs_report *r, struct bs_zone **out)
{
	struct bs_scan sc = bs_scan_init(t, len);
	int node;
	size_t n;
	char name[16];
	struct bs_zone *z;

	if (!scan_node(&sc, &node) && sc.p != t)
		return false;
	n = scan_zone_name(&sc, ' ');
	if (!n)
		return false;
	bs_copy(name, sizeof(name), sc.p, n);
	sc.p += n + 1;
	if (bs_scan_left(&sc) < 5 || memcmp(sc.p, "free:", 5))
		return false;
	z = zone_get(r, node, name, true);
	if (!z)
		return true;
	parse_zone_fields(&sc, z);
	*out = z;
	return true;
}

/*
 * The tokens of a buddy line: "241701*4kB (UEM)" per order, then
 * "= 3323044kB".  Lines that were wrapped (mail, narrow consoles) go on in
 * the next line, so this takes tokens from any line into @b and says
 * whether the total was reached (*@want_total: "=" seen, number not yet).
 */
static bool buddy_tokens(struct bs_scan *sc, struct bs_buddy *b, struct bs_report *r, struct buddy_wrap *w)
{
	for (;;) {
		uint64_t cnt, sz;

		bs_scan_skip_space(sc);
		if (w->want_total || bs_scan_lit(sc, "=")) {
			bs_scan_skip_space(sc);
			w->want_total = true;
			if (!bs_scan_left(sc))
				return false;
			if (bs_scan_u64(sc, &b->total_kb)) {
				b->total_kb = scale_kb(sc, b->total_kb);
				b->has_total = true;
			}
			w->want_total = false;
			return true;
		}
		if (!w->have_count && bs_scan_lit(sc, "(")) {
			unsigned m = 0;

			while (sc->p < sc->end && *sc->p != ')') {
				/* enum order: U E M before 4.4, U M E after (see report.h) */
				if (*sc->p == 'E' && (m & BS_MT_M))
					r->mt_order = 1;
				else if (*sc->p == 'M' && (m & BS_MT_E))
					r->mt_order = -1;
				m |= bs_mt_from_letter(*sc->p++);
			}
			bs_scan_lit(sc, ")");
			if (b->nr_orders > 0) {
				b->types[b->nr_orders - 1] = m;
				b->has_types = true;
			}
			continue;
		}
		if (w->have_count) {
			cnt = w->count;
			w->have_count = false;
		} else {
			if (!bs_scan_u64(sc, &cnt) || !bs_scan_lit(sc, "*"))
				return false;
			if (!bs_scan_left(sc)) {
				/* cut between "10*" and "32768kB" */
				w->have_count = true;
				w->count = cnt;
				return false;
			}
		}
		if (!bs_scan_u64(sc, &sz))
			return false;
		sz = scale_kb(sc, sz);
		if (b->nr_orders >= BS_MAX_ORDERS) {
			r->gaps |= BS_GAP_TOO_MANY;
			return false;
		}
		b->block_kb[b->nr_orders] = sz;
		b->nr_free[b->nr_orders] = cnt;
		b->nr_orders++;
	}
}

/* "Node 1 Normal: 241701*4kB (UEM) ... = 3323044kB"; *@zi = the zone's index. */
static bool parse_buddy_line(const char *t, size_t len, struct bs_report *r, int *zi, bool *complete,
			     struct buddy_wrap *w)
{
	struct bs_scan sc = bs_scan_init(t, len);
	int node;
	size_t n;
	char name[16];
	struct bs_zone *z;
	struct bs_buddy b;

	if (!scan_node(&sc, &node) && sc.p != t)
		return false;
	n = scan_zone_name(&sc, ':');
	if (!n)
		return false;
	bs_copy(name, sizeof(name), sc.p, n);
	sc.p += n + 1;
	memset(&b, 0, sizeof(b));
	memset(w, 0, sizeof(*w));
	*complete = buddy_tokens(&sc, &b, r, w);
	if (!b.nr_orders)
		return false;
	b.present = true;
	z = zone_get(r, node, name, true);
	if (!z)
		return true;
	z->buddy = b;
	*zi = (int)(z - r->zones);
	return true;
}

/* A wrapped buddy line going on: "(R) 1*128kB (R) ...", "32768kB (MR) = ..." or "853192kB". */
static bool continue_buddy(const char *t, size_t len, struct bs_report *r, int zi, struct buddy_wrap *w)
{
	struct bs_scan sc = bs_scan_init(t, len);
	struct bs_buddy *b = &r->zones[zi].buddy;
	int before = b->nr_orders;
	bool had_total = b->has_total;

	bs_scan_skip_space(&sc);
	if (!bs_scan_left(&sc) || !(*sc.p == '(' || *sc.p == '=' || (*sc.p >= '0' && *sc.p <= '9')))
		return false;
	if (*sc.p != '(' && *sc.p != '=' && !w->want_total && !w->have_count &&
	    !memchr(sc.p, '*', bs_scan_left(&sc)))
		return false;
	buddy_tokens(&sc, b, r, w);
	return b->nr_orders > before || b->has_total != had_total || w->want_total || w->have_count;
}

/* " lowmem_reserve[]: 0 1700 64161 64161" applies to the last zone line. */
static bool parse_lowmem_reserve(const char *t, size_t len, struct bs_zone *z)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	int n = 0;

	bs_scan_skip_space(&sc);
	if (!bs_scan_lit(&sc, "lowmem_reserve[]:"))
		return false;
	if (!z)
		return true;
	for (;;) {
		bs_scan_skip_space(&sc);
		if (!bs_scan_u64(&sc, &v))
			break;
		if (n < BS_MAX_NR_ZONE_IDX)
			z->lowmem_reserve[n++] = v;
	}
	z->nr_lowmem_reserve = n;
	return true;
}

/* Mem-Info counters: "active_anon:13891624 inactive_anon:358552 isolated_anon:0" */
static bool parse_counters(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = bs_scan_init(t, len);
	bool any = false;

	while (bs_scan_left(&sc)) {
		const char *k;
		uint64_t v;

		bs_scan_skip_space(&sc);
		k = sc.p;
		while (sc.p < sc.end && is_symchar(*sc.p))
			sc.p++;
		if (sc.p == k || !bs_scan_lit(&sc, ":") || !bs_scan_u64(&sc, &v))
			return any;
		if (r->nr_counters < BS_MAX_COUNTERS) {
			struct bs_counter *c = &r->counters[r->nr_counters++];

			bs_copy(c->name, sizeof(c->name), k, (size_t)(sc.p - k));
			/* the name ended at ':'; strip it and the digits we copied */
			c->name[strcspn(c->name, ":")] = '\0';
			c->value = v;
		}
		any = true;
		if (bs_scan_left(&sc) && *sc.p != ' ')
			return any;
	}
	return any;
}

/* Totals after the buddy lines; true if the line is one. */
static bool parse_totals(const char *t, size_t len, struct bs_report *r, bool *last)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;

	*last = false;
	if (bs_scan_lit(&sc, "Free swap")) {
		bs_scan_skip_space(&sc);
		bs_scan_lit(&sc, "=");
		bs_scan_skip_space(&sc);
		if (bs_scan_u64(&sc, &v)) {
			r->free_swap_kb = scale_kb(&sc, v);
			r->totals_has |= 1u << BS_T_FREE_SWAP;
		}
		r->has_swap = true;
		return true;
	}
	if (bs_scan_lit(&sc, "Total swap")) {
		bs_scan_skip_space(&sc);
		bs_scan_lit(&sc, "=");
		bs_scan_skip_space(&sc);
		if (bs_scan_u64(&sc, &v)) {
			r->total_swap_kb = scale_kb(&sc, v);
			r->totals_has |= 1u << BS_T_TOTAL_SWAP;
		}
		r->has_swap = true;
		return true;
	}
	if (bs_scan_lit(&sc, "Swap cache stats:"))
		return true;
	if (!bs_scan_u64(&sc, &v))
		return false;
	if (bs_scan_lit(&sc, " total pagecache pages")) {
		r->total_pagecache = v;
		r->totals_has |= 1u << BS_T_PAGECACHE;
	} else if (bs_scan_lit(&sc, " pages in swap cache")) {
		r->swap_cache_pages = v;
		r->totals_has |= 1u << BS_T_SWAP_CACHE;
	} else if (bs_scan_lit(&sc, " pages RAM") || bs_scan_lit(&sc, " pages of RAM")) {
		r->pages_ram = v;
		r->totals_has |= 1u << BS_T_PAGES_RAM;
	} else if (bs_scan_lit(&sc, " pages HighMem/MovableOnly") || bs_scan_lit(&sc, " pages HighMem")) {
		r->pages_highmem_movable = v;
		r->totals_has |= 1u << BS_T_HIGHMEM_MOVABLE;
	} else if (bs_scan_lit(&sc, " pages reserved") || bs_scan_lit(&sc, " reserved pages")) {
		r->pages_reserved = v;
		r->totals_has |= 1u << BS_T_RESERVED;
	} else if (bs_scan_lit(&sc, " pages cma reserved") || bs_scan_lit(&sc, " pages hwpoisoned") ||
		 bs_scan_lit(&sc, " free pages") || bs_scan_lit(&sc, " slab pages") ||
		 bs_scan_lit(&sc, " pages swap cached") ||
		 bs_scan_lit(&sc, " pages shared") || bs_scan_lit(&sc, " pages non-shared") ||
		 bs_scan_lit(&sc, " pages pagetables"))
		;
	else
		return false;
	*last = bs_scan_left(&sc) == 0 && memmem(t, len, "hwpoisoned", 10) != NULL;
	return true;
}

/* Lines of a report we recognise but keep nothing of. */
static bool is_noise(const char *t, size_t len)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	int words = 0;

	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "Hardware name:") || bs_scan_lit(&sc, "Workqueue:") ||
	    bs_scan_lit(&sc, "Call Trace:") || bs_scan_lit(&sc, "Call trace:") ||
	    bs_scan_lit(&sc, "Backtrace:") || bs_scan_lit(&sc, "Stack:") ||
	    bs_scan_lit(&sc, "\"echo 0 >") || bs_scan_lit(&sc, "Modules linked in") ||
	    bs_scan_lit(&sc, "Node ") || bs_scan_lit(&sc, "Exception stack") ||
	    bs_scan_lit(&sc, "RIP:") || bs_scan_lit(&sc, "RSP:") || bs_scan_lit(&sc, "RAX:") ||
	    bs_scan_lit(&sc, "RDX:") || bs_scan_lit(&sc, "RBP:") || bs_scan_lit(&sc, "R10:") ||
	    bs_scan_lit(&sc, "R13:") || bs_scan_lit(&sc, "Code:") || bs_scan_lit(&sc, "show_mem:") ||
	    bs_scan_lit(&sc, "cpuset=") || bs_scan_lit(&sc, "warn_alloc_show_mem"))
		return true;
	/* stack dump words of old kernels: "0000000000104050 000000009a44a60e ..." */
	sc = bs_scan_init(t, len);
	for (;;) {
		const char *s;

		bs_scan_skip_space(&sc);
		if (!bs_scan_left(&sc))
			break;
		s = sc.p;
		if (!bs_scan_hex(&sc, false, &v) || (sc.p - s) < 8 ||
		    (bs_scan_left(&sc) && *sc.p != ' '))
			return false;
		words++;
	}
	return words > 0;
}

/*
 * "dd cpuset=/ mems_allowed=0-1": cpuset_print_current_mems_allowed() on
 * its own line, before ",cpuset=" joined the header (4.19).
 */
static bool parse_cpuset_line(const char *t, size_t len, struct bs_report *r)
{
	const char *c = memchr(t, '=', len) ? memmem(t, len, " cpuset=", 8) : NULL;
	const char *m;
	size_t clen;

	if (!c || (size_t)(c - t) != strlen(r->comm) || memcmp(t, r->comm, (size_t)(c - t)))
		return false;
	c += 8;
	m = memmem(c, len - (size_t)(c - t), " mems_allowed=", 14);
	clen = m ? (size_t)(m - c) : len - (size_t)(c - t);
	bs_copy(r->cpuset, sizeof(r->cpuset), c, clen);
	if (m)
		bs_copy(r->mems_allowed, sizeof(r->mems_allowed), m + 14, len - (size_t)(m + 14 - t));
	r->cpuset_own_line = true;
	return true;
}

/* Every zone line has its buddy line: the dump is over but for totals. */
static bool zones_complete(const struct bs_report *r)
{
	if (!r->nr_zones)
		return false;
	for (int i = 0; i < r->nr_zones; i++)
		if (!r->zones[i].buddy.present || !r->zones[i].has)
			return false;
	return true;
}

static void note_frame(struct slot *s, const struct bs_frame *f)
{
	struct bs_report *r = &s->rep;

	s->trace = true;
	if (r->nr_frames >= BS_MAX_FRAMES) {
		r->gaps |= BS_GAP_TOO_MANY;
		return;
	}
	r->frames[r->nr_frames] = *f;
	r->frames[r->nr_frames].in_irq = s->in_irq;
	if (s->in_irq)
		r->irq_context = true;
	if (!r->printer[0] && (!strcmp(f->func, "warn_alloc") || !strcmp(f->func, "warn_alloc_failed")))
		bs_copy(r->printer, sizeof(r->printer), f->func, strlen(f->func));
	r->nr_frames++;
}

/*
 * 5.x on, the ARM unwinder prints no addresses: "callee from caller+0x18/0x1c",
 * "callee [mod] from caller+0x38/0x1ec [mod]".  Keep the callee.
 */
static bool parse_arm_from_frame(const char *t, size_t len, struct bs_frame *f)
{
	const char *end = t + len, *s = t, *e, *from, *caller;

	while (s < end && *s == ' ')
		s++;
	for (e = s; e < end && is_symchar(*e); e++)
		;
	from = memmem(e, (size_t)(end - e), " from ", 6);
	if (e == s || !from)
		return false;
	/* only a module may stand between the callee and " from " */
	if (from != e && !(e[0] == ' ' && e[1] == '[' && from[-1] == ']'))
		return false;
	caller = from + 6;
	while (caller < end && is_symchar(*caller))
		caller++;
	if (end - caller < 3 || memcmp(caller, "+0x", 3))
		return false;
	memset(f, 0, sizeof(*f));
	bs_copy(f->func, sizeof(f->func), s, (size_t)(e - s));
	if (from != e)
		bs_copy(f->module, sizeof(f->module), e + 2, (size_t)(from - 1 - (e + 2)));
	return true;
}

/*
 * ARM prints "[<a>] (callee+0x10/0x14) from [<b>] (caller+0x..)", newer
 * ones "[<a>] (callee) from [<b>] (caller+0x.. [mod])": keep the callee,
 * with its module when printed; offsets may be missing.
 */
static bool parse_arm_frame(const char *t, size_t len, struct bs_frame *f)
{
	const char *from = memchr(t, ')', len) ? memmem(t, len, ") from [<", 9) : NULL;
	const char *open, *s, *e;

	if (!from)
		return parse_arm_from_frame(t, len, f);
	open = memchr(t, '(', (size_t)(from - t));
	if (!open)
		return false;
	memset(f, 0, sizeof(*f));
	s = open + 1;
	for (e = s; e < from && is_symchar(*e); e++)
		;
	if (e == s)
		return false;
	bs_copy(f->func, sizeof(f->func), s, (size_t)(e - s));
	s = memchr(e, '[', (size_t)(from - e));
	if (s) {
		const char *me = memchr(s, ']', (size_t)(from - s));

		if (me)
			bs_copy(f->module, sizeof(f->module), s + 1, (size_t)(me - s - 1));
	}
	return true;
}

/* The line belongs to the open report @s: take what it says.  False if foreign. */
static bool take_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
{
	struct bs_report *r = &s->rep;
	struct bs_frame f;
	struct bs_zone *z = NULL;
	struct bs_scan sc = bs_scan_init(t, len);
	bool last;

	bs_scan_skip_space(&sc);
	if (r->pid < 0 && parse_cpu_line(sc.p, bs_scan_left(&sc), r))
		return true;
	if (bs_scan_lit(&sc, "<IRQ>")) {
		s->in_irq = true;
		return true;
	}
	if (bs_scan_lit(&sc, "</IRQ>") || bs_scan_lit(&sc, "<EOI>") || bs_scan_lit(&sc, "<TASK>") ||
	    bs_scan_lit(&sc, "</TASK>") || bs_scan_lit(&sc, "<NMI>") || bs_scan_lit(&sc, "</NMI>")) {
		s->in_irq = false;
		return true;
	}
	if (bs_scan_lit(&sc, "Hardware name: ")) {
		bs_copy(r->hardware, sizeof(r->hardware), sc.p, bs_scan_left(&sc));
		return true;
	}
	if (s->phase == PH_MEMINFO && !r->has_meminfo &&
	    (bs_scan_lit(&sc, "Mem-Info:") || bs_scan_lit(&sc, "Mem-info:"))) {
		r->has_meminfo = true;	/* nommu on 6.x: show_mem() after the counters' phase began */
		return true;
	}
	if (s->phase == PH_HEAD && (bs_scan_lit(&sc, "Call Trace:") || bs_scan_lit(&sc, "Call trace:") ||
				    bs_scan_lit(&sc, "Backtrace:"))) {
		s->trace = true;
		return true;
	}
	if (s->phase == PH_HEAD) {
		if (parse_cpuset_line(sc.p, bs_scan_left(&sc), r))
			return true;
		if (bs_scan_lit(&sc, "Mem-Info:") || bs_scan_lit(&sc, "Mem-info:")) {
			s->phase = PH_MEMINFO;
			r->has_meminfo = true;
			return true;
		}
		if (parse_arm_frame(sc.p, bs_scan_left(&sc), &f) || parse_frame(t, len, &f)) {
			note_frame(s, &f);
			return true;
		}
		/* excerpts may lack "Mem-Info:": zone and buddy lines speak for themselves */
	}
	if (parse_lowmem_reserve(t, len, r->nr_zones ? &r->zones[r->nr_zones - 1] : NULL)) {
		s->zone_cont = false;
		return true;
	}
	if (parse_zone_line(sc.p, bs_scan_left(&sc), r, &z)) {
		s->phase = PH_ZONES;
		s->zone_cont = true;
		return true;
	}
	if (s->buddy_cont) {
		int zi = s->buddy_cont - 1;

		s->buddy_cont = 0;
		if (continue_buddy(sc.p, bs_scan_left(&sc), r, zi, &s->wrap)) {
			if (!r->zones[zi].buddy.has_total)
				s->buddy_cont = zi + 1;
			return true;
		}
	}
	{
		int zi = -1;
		bool complete;

		if (parse_buddy_line(sc.p, bs_scan_left(&sc), r, &zi, &complete, &s->wrap)) {
			s->phase = PH_ZONES;
			s->zone_cont = false;
			if (!complete && zi >= 0)
				s->buddy_cont = zi + 1;
			return true;
		}
	}
	if (parse_totals(sc.p, bs_scan_left(&sc), r, &last)) {
		if (r->pages_ram || s->phase == PH_TOTALS)
			s->phase = PH_TOTALS;
		if (last && r->kind != BS_KIND_OOM)
			slot_close(p, s);
		return true;
	}
	if (bs_scan_left(&sc) && (*sc.p == 'N' || *sc.p == 'h') && bs_scan_find(&sc, "hugepages_total=")) {
		r->hugepage_lines++;
		return true;
	}
	if (s->phase == PH_MEMINFO && parse_counters(sc.p, bs_scan_left(&sc), r))
		return true;
	/* a zone line split by an interrupting printk continues here */
	if (s->zone_cont && r->nr_zones && memchr(sc.p, ':', bs_scan_left(&sc)) &&
	    memmem(sc.p, bs_scan_left(&sc), "kB", 2)) {
		struct bs_scan zs = sc;

		parse_zone_fields(&zs, &r->zones[r->nr_zones - 1]);
		return true;
	}
	return is_noise(t, len);
}

/*
 * Lines that open another kind of report: whatever follows them (their
 * own Mem-Info above all) is not ours.  The OOM killer's report is the
 * usual neighbour: "x invoked oom-killer:", then a full show_mem().
 */
static bool starts_other_report(const char *t, size_t len)
{
	static const char *const starts[] = {
		" invoked oom-killer:",
		"Out of memory: Kill",
		"Out of memory: Killed",
		"[ cut here ]",
		"blocked for more than",
		"Kernel panic - not syncing",
		"BUG: unable to handle",
		"possible memory allocation deadlock",
	};

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (memmem(t, len, starts[i], strlen(starts[i])))
			return true;
	return false;
}

/*
 * " failure" somewhere in the line: the header test of every line inside
 * a report, so a plain scan for 'f' rather than memmem()'s set-up.
 */
static bool has_failure_word(const char *t, size_t len)
{
	const char *p = t + 1, *end = t + len;

	while (p + 7 <= end && (p = memchr(p, 'f', (size_t)(end - p - 6))) != NULL) {
		if (p[-1] == ' ' && !memcmp(p, "failure", 7))
			return true;
		p++;
	}
	return false;
}

static long line_key(const struct bs_line *l)
{
	if (l->caller_tid >= 0)
		return l->caller_tid;
	if (l->caller_cpu >= 0)
		return 0x40000000L + l->caller_cpu;
	return -1;
}

/* "warn_alloc: 12 callbacks suppressed" (warn_alloc_failed on 3.x) */
static bool parse_suppressed(const char *t, size_t len, unsigned *n)
{
	const char *m = memmem(t, len, " callbacks suppressed", 21);
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;

	if (!m)
		return false;
	if (!bs_scan_lit(&sc, "warn_alloc: ") && !bs_scan_lit(&sc, "warn_alloc_failed: ") &&
	    !bs_scan_lit(&sc, "__alloc_pages_slowpath: "))
		return false;
	if (!bs_scan_u64(&sc, &v) || sc.p != m)
		return false;
	*n = (unsigned)(v > 0xffffffffu ? 0xffffffffu : v);
	return true;
}

static void parse_line(struct bs_kmsg_parser *p, const struct bs_line *l);

static void release_held(struct bs_kmsg_parser *p)
{
	if (p->held) {
		p->held = false;
		parse_line(p, &p->held_line);
	}
}

/*
 * normalize - strip the prefix the line reader did not know, and blanks
 *
 * A header line teaches the prefix before its message (prefix.h); lines
 * of the same shape lose it, and say so: they are framed like a stamped
 * line, which matters for telling them from the broken-off rest of a line.
 * A stamp inside the stripped prefix is kept.  RETURN VALUE: whether the
 * line is framed (stamped by its wrapper, or prefixed like the header).
 */
static bool normalize(struct bs_kmsg_parser *p, struct bs_line *v)
{
	const char *t0 = v->text;
	size_t k = p->prefix.n ? bs_prefix_match(&p->prefix, v->text, v->len) : 0;
	bool framed = v->has_wall || v->has_mono || k > 0;
	long ms;

	v->text += k;
	v->len -= k;
	ms = bs_prefix_message_start(v->text, v->len);
	if (ms > 0) {
		if (bs_prefix_learn(&p->prefix, t0, k + (size_t)ms))
			framed = true;
		v->text += ms;
		v->len -= (size_t)ms;
		k += (size_t)ms;
	} else if (ms == 0 && k == 0) {
		/* a header with nothing before it: the next prefix is its own */
		memset(&p->prefix, 0, sizeof(p->prefix));
	}
	if (k && !v->has_mono && bs_prefix_mono(t0, k, &v->mono))
		v->has_mono = true;
	while (v->len && (*v->text == ' ' || *v->text == '\t')) {
		v->text++;
		v->len--;
	}
	return framed;
}

/*
 * join_line - @v goes on the held line: append it, with a space or not
 *
 * A space or blank at the break says the break was at a space.
 * Otherwise the kernel's token grammar decides (linejoin.h), and what it
 * decides teaches the input's wrap style: a cut mid-token at column W
 * means a terminal copy, whose lines of exactly W bytes are all cut.
 */
static void join_line(struct bs_kmsg_parser *p, const struct bs_line *v, bool lead_blank)
{
	struct bs_line *h = &p->held_line;
	bool trail = h->len && (h->text[h->len - 1] == ' ' || h->text[h->len - 1] == '\t');
	bool space = true;

	while (h->len && (h->text[h->len - 1] == ' ' || h->text[h->len - 1] == '\t'))
		h->len--;
	if (!trail && !lead_blank && h->len && v->len) {
		switch (bs_join_decide(h->text, h->len, v->text, v->len, p->join_scratch)) {
		case BS_JOIN_DIRECT:
			space = false;
			p->hard_width = p->held_raw_len;
			break;
		case BS_JOIN_SPACE:
			p->hard_width = 0;
			break;
		case BS_JOIN_UNSURE:
			space = !(p->hard_width && p->held_raw_len == p->hard_width);
			break;
		}
		/*
		 * Broken lines all of one length: a terminal's column, whatever
		 * the grammar could not say.  Mail breaks lines at spaces, at
		 * varying lengths, and one such is enough to rule it out.
		 */
		if (!p->cut_len) {
			p->cut_len = p->held_raw_len;
		} else if (p->held_raw_len != p->cut_len) {
			p->cut_mixed = true;
		} else if (++p->cut_same >= 2 && !p->cut_mixed && !p->hard_width) {
			p->hard_width = p->cut_len;
		}
	}
	if (space && h->len)
		p->held_text[h->len++] = ' ';
	memcpy(p->held_text + h->len, v->text, v->len);
	h->len += v->len;
	p->held_raw_len = v->raw_len;
	if (v->truncated || v->binary) {
		h->truncated |= v->truncated;
		h->binary |= v->binary;
	}
}

/*
 * pr_cont_record - @v, a record of its own, is a KERN_CONT piece of the
 * held line (linejoin.h: bs_join_pr_cont): append it and keep holding.
 */
static bool pr_cont_record(struct bs_kmsg_parser *p, const struct bs_line *v)
{
	struct bs_line *h = &p->held_line;
	bool space;

	if (h->len + v->len + 1 >= sizeof(p->held_text) ||
	    !bs_join_pr_cont(h->text, h->len, v->text, v->len, &space))
		return false;
	while (h->len && (h->text[h->len - 1] == ' ' || h->text[h->len - 1] == '\t'))
		h->len--;
	if (space)
		p->held_text[h->len++] = ' ';
	memcpy(p->held_text + h->len, v->text, v->len);
	h->len += v->len;
	return true;
}

void bs_kmsg_parser_line(struct bs_kmsg_parser *p, const struct bs_line *l)
{
	struct bs_line v = *l;
	bool framed, lead_blank = l->len && (l->text[0] == ' ' || l->text[0] == '\t');

	if (!l->kernel) {
		/* other programs' syslog lines never belong to a kernel report */
		release_held(p);
		return;
	}
	framed = normalize(p, &v);
	if (p->held) {
		/*
		 * The rest of a broken line has no stamp nor prefix, and does not
		 * start like a line of its own (a util-linux dmesg continuation
		 * of a multi-line record does, indented; so do the bare lines of
		 * a file that mixes wrappers).
		 */
		/* a KERN_CONT piece stored as a record of its own, with its own frame */
		if (framed && v.len && pr_cont_record(p, &v))
			return;
		if (!framed && v.len && p->held_line.len + v.len + 1 < sizeof(p->held_text) &&
		    bs_join_continues(p->held_line.text, p->held_line.len, v.text, v.len)) {
			join_line(p, &v, lead_blank);
			return;
		}
		release_held(p);
	}
	/*
	 * Every framed line is held: with the needle filter on, only needle
	 * lines come here between reports, and holding one costs reading
	 * the next line too, which is what a header broken in two needs.
	 */
	if (framed && v.len && v.len < LINE_COPY) {
		p->held_line = v;
		memcpy(p->held_text, v.text, v.len);
		p->held_line.text = p->held_text;
		p->held_raw_len = v.raw_len;
		p->held = true;
		return;
	}
	parse_line(p, &v);
}

/* Open a slot for a report that starts at @l, closing what that caller had open. */
static struct slot *slot_open(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct slot *s = slot_new(p, key);

	s->open = true;
	s->key = key;
	s->phase = PH_HEAD;
	s->foreign = 0;
	s->in_irq = false;
	s->zone_cont = false;
	s->buddy_cont = 0;
	s->lingering = false;
	s->taken = 1;
	s->trace = false;
	p->prev_taker = p->last_taker;
	p->last_taker = s;
	memset(&s->wrap, 0, sizeof(s->wrap));
	(void)l;
	return s;
}

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

	for (size_t i = 0; i < sizeof(bottoms) / sizeof(bottoms[0]); i++)
		if (!strcmp(f, bottoms[i]))
			return true;
	return false;
}

/* The trace reached its outermost frame (unreliable "? " frames may follow). */
static bool trace_done(const struct bs_report *r)
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
			e = memmem(c, (size_t)(sc.end - c), " Tainted", 8);
			if (!e)
				e = memmem(c, (size_t)(sc.end - c), " Not tainted", 12);
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
	scan_node(&sc, &node);
	{
		n = scan_zone_name(&sc, ' ');
		if (n && bs_scan_left(&sc) > n + 5 && !memcmp(sc.p + n + 1, "free:", 5)) {
			d->d = D_ZONE;
			d->node = node;
			bs_copy(d->zone, sizeof(d->zone), sc.p, n);
			return;
		}
		n = scan_zone_name(&sc, ':');
		if (n) {
			d->d = D_BUDDY;
			d->node = node;
			bs_copy(d->zone, sizeof(d->zone), sc.p, n);
			return;
		}
	}
	/* in the order take_line() tries them, so the name is the one kept */
	if (parse_arm_frame(sc.p, bs_scan_left(&sc), &f) || parse_frame(t, len, &f)) {
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

		while (sc.p < sc.end && is_symchar(*sc.p))
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
	bool mi = has_meminfo_kind(r->kind);
	struct bs_zone *z;

	switch (d->d) {
	case D_ANY:
		return 1;
	case D_CPU:
		if (r->pid >= 0)
			return 0;
		return d->comm && strlen(r->comm) == d->comm_len && !memcmp(r->comm, d->comm, d->comm_len) ? 2 : 1;
	case D_FRAME:
		if (s->phase != PH_HEAD || trace_done(r) || (!s->trace && d->in_trace))
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
static struct slot *slot_for_line(struct bs_kmsg_parser *p, long key, const char *t, size_t len)
{
	struct slot *s = key == -1 ? NULL : slot_find(p, key);

	if (!s && key != -1)
		s = slot_find(p, -1);
	if (!s && key == -1) {
		s = share_line(p, t, len);
		if (!s)
			s = slot_latest(p);	/* a line without caller id: the newest open report */
	}
	return s;
}

/*
 * "oom_reaper: reaped process N (x), now anon-rss:.." comes from the reaper
 * thread (another caller id) after the report: it goes to the open OOM
 * report whose victim is N.  True when the line was one.
 */
static bool reaper_line(struct bs_kmsg_parser *p, const char *t, size_t len)
{
	int pid = bs_oom_reaper_pid(t, len);

	if (pid < 0)
		return false;
	for (int i = 0; i < MAX_OPEN; i++) {
		struct slot *s = &p->slots[i];

		if (s->open && s->rep.kind == BS_KIND_OOM && s->rep.oom.has_victim && s->rep.oom.victim_pid == pid) {
			bs_oom_take_reaper(t, len, &s->rep);
			slot_close(p, s);
			return true;
		}
	}
	/* its kill report was delivered already, or is not in the input */
	p->left.reaper_unmatched++;
	return true;
}

/* A one-line report already built in p->scratch: closes what the caller had open, then is delivered. */
static void one_line_report_built(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct slot *s = key == -1 ? NULL : slot_for_line(p, key, l->text, l->len);

	/* without a caller id it may sit in the middle of another CPU's report */
	if (s && !s->lingering)
		slot_close(p, s);
	p->fn(&p->scratch, p->ctx);
}

/* A report of one line (XFS): closes what the caller had open, then is delivered. */
static void one_line_report(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct slot *s = key == -1 ? NULL : slot_for_line(p, key, l->text, l->len);
	struct bs_report *r = &p->scratch;

	/* without a caller id it may sit in the middle of another CPU's report */
	if (s && !s->lingering)
		slot_close(p, s);
	report_init_base(r, l);
	bs_event_parse_xfs(l->text, l->len, r);
	p->fn(r, p->ctx);
}

/* The open report of kind @k (any caller), or NULL. */
static struct slot *slot_of_kind(struct bs_kmsg_parser *p, enum bs_report_kind k)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && p->slots[i].rep.kind == k)
			return &p->slots[i];
	return NULL;
}

/*
 * A kind of parse_kinds.c?  Then open it.  Its lines before it join it:
 * busy ranges before a cma_alloc failure are that failure's story.
 */
static bool kinds_header(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct bs_report *r = &p->scratch;
	enum bs_kind_body body;
	enum bs_report_kind k;
	struct slot *s, *busy;

	if (!bs_kinds_probe(l->text, l->len))
		return false;
	/* most lines the probe lets by are no header: try before setting up the (large) report */
	if (bs_kinds_header(l->text, l->len, r, &body) == BS_KIND_NR)
		return false;
	report_init_base(r, l);
	k = bs_kinds_header(l->text, l->len, r, &body);
	r->kind = k;
	if (k == BS_KIND_CONTIG_BUSY && (busy = slot_of_kind(p, BS_KIND_CONTIG_BUSY)) != NULL) {
		/* the next range of the same search: one report for the run */
		busy->rep.ev.busy_ranges++;
		busy->rep.last_line = l->lineno;
		busy->foreign = 0;
		return true;
	}
	busy = k == BS_KIND_CMA_FAILURE ? slot_of_kind(p, BS_KIND_CONTIG_BUSY) : NULL;
	if (busy) {
		r->ev.busy_ranges = busy->rep.ev.busy_ranges;
		r->ev.busy_start = busy->rep.ev.busy_start;
		r->ev.busy_end = busy->rep.ev.busy_end;
		r->ev.has_busy_range = busy->rep.ev.has_busy_range;
		r->first_line = busy->rep.first_line;
		busy->open = false;
	}
	if (body == BS_BODY_NONE && k != BS_KIND_VMAP_FAILURE) {
		one_line_report_built(p, l, key);
		return true;
	}
	s = slot_open(p, l, key);
	memcpy(&s->rep, r, sizeof(*r));
	if (body == BS_BODY_MEMINFO)
		s->phase = PH_MEMINFO;	/* show_free_areas() prints the counters at once */
	return true;
}

/*
 * "vmap allocation for size N failed" just before a vmalloc report of the
 * same caller is that report's first line: its size (*@size) goes to the
 * new report, and the line is no report of its own.
 */
static bool absorb_vmap(struct bs_kmsg_parser *p, long key, uint64_t *size)
{
	struct slot *v = slot_find(p, key);

	*size = 0;
	if (!v || v->rep.kind != BS_KIND_VMAP_FAILURE)
		return false;
	*size = v->rep.ev.vmap_size;
	v->open = false;
	return true;
}

/*
 * A Mem-Info, zone or buddy line that no open report took, or SysRq-m's
 * "Show Memory": a memory state of its own (parse_kinds.h).
 */
static bool memstate_fragment(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	const char *trigger;
	struct slot *s;

	if (!bs_memstate_start(l->text, l->len, &trigger))
		return false;
	s = slot_open(p, l, key);
	report_init_base(&s->rep, l);
	s->rep.kind = BS_KIND_MEMORY_STATE;
	bs_copy_str(s->rep.ev.trigger, sizeof(s->rep.ev.trigger), trigger);
	if (!strcmp(trigger, "sysrq"))
		return true;
	if (!strcmp(trigger, "show_mem")) {
		s->phase = PH_MEMINFO;
		s->rep.has_meminfo = true;
		/*
		 * Another report printed between a warn_alloc() header and its
		 * Mem-Info cuts them apart: say whose it likely is, rather than
		 * call it a state of its own.
		 */
		if (p->orphan && l->lineno - p->orphan_closed <= ORPHAN_MEMINFO_LINES) {
			bs_copy_str(s->rep.ev.trigger, sizeof(s->rep.ev.trigger), "report_body");
			s->rep.ev.orphan_kind = p->orphan_kind;
			s->rep.ev.orphan_line = p->orphan_line;
		}
		p->orphan = false;
		return true;
	}
	take_line(p, s, l->text, l->len);
	return true;
}

/* Does @l start a report of a kind other than the page allocation failure?  Then open it. */
static bool other_header(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	const char *t = l->text;
	size_t len = l->len;
	enum bs_report_kind k;
	struct slot *s;

	if (kinds_header(p, l, key))
		return true;
	if (bs_oom_is_header(t, len)) {
		s = slot_open(p, l, key);
		report_init_base(&s->rep, l);
		s->rep.kind = BS_KIND_OOM;
		bs_oom_parse_header(t, len, &s->rep);
		return true;
	}
	k = bs_event_probe(t, len);
	if (k == BS_KIND_NR)
		return false;
	if (k == BS_KIND_XFS_KMEM_DEADLOCK) {
		one_line_report(p, l, key);
		return true;
	}
	/* SPL calls dump_stack() after its line: the CPU line and trace follow */
	s = slot_open(p, l, key);
	report_init_base(&s->rep, l);
	if (k == BS_KIND_SLUB_FAILURE)
		bs_event_parse_slub(t, len, &s->rep);
	else if (k == BS_KIND_ZFS_KMEM_DEADLOCK)
		bs_event_parse_zfs(t, len, &s->rep);
	else
		bs_event_parse_hung(t, len, &s->rep);
	return true;
}

/* The line belongs to open report @s?  Per kind, then the shared lines. */
static bool take_kind_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
{
	struct bs_report *r = &s->rep;

	switch (r->kind) {
	case BS_KIND_OOM:
	case BS_KIND_MEMCG_OOM:
		if (s->lingering)
			return false;
		switch (bs_oom_take_line(t, len, r)) {
		case BS_OOM_VICTIM:
			s->lingering = true;
			s->foreign = 0;
			return true;
		case BS_OOM_TAKEN:
			return true;
		default:
			return take_line(p, s, t, len);
		}
	case BS_KIND_SLUB_FAILURE:
		return bs_event_take_slub_line(t, len, r);
	case BS_KIND_CMA_FAILURE:
	case BS_KIND_CONTIG_BUSY:
		return bs_kinds_take_tail(t, len, r);
	case BS_KIND_VMAP_FAILURE:
		return false;	/* one line; a vmalloc report may take it over (absorb_vmap()) */
	case BS_KIND_ALLOC_STALL:
	case BS_KIND_VMEMMAP_FAILURE:
		/* a header cut after "order:N," goes on with "mode:0x.." */
		return bs_kinds_take_mode_line(t, len, r) || take_line(p, s, t, len);
	case BS_KIND_HUNG_TASK:
		return bs_event_take_hung_line(t, len, r) || take_line(p, s, t, len);
	default:
		return take_line(p, s, t, len);
	}
}

/*
 * An OOM kill or constraint line with no OOM report open for it: the
 * report's start was cut off (or lost to the rate limit of dump_header()).
 * It still counts: a report with the victim and without the header.
 */
static bool headless_oom(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct bs_scan sc = bs_scan_init(l->text, l->len);
	struct bs_report *r;
	struct slot *s;
	enum bs_oom_line res;

	bs_scan_skip_space(&sc);
	if (!bs_scan_lit(&sc, "oom-kill:constraint=") && !bs_scan_find(&sc, " process "))
		return false;
	sc = bs_scan_init(l->text, l->len);
	bs_scan_skip_space(&sc);
	if (!bs_scan_lit(&sc, "oom-kill:") && !bs_scan_lit(&sc, "Out of memory") &&
	    !bs_scan_lit(&sc, "Memory cgroup out of memory") && !bs_scan_lit(&sc, "Killed process "))
		return false;
	s = slot_open(p, l, key);
	r = &s->rep;
	report_init_base(r, l);
	r->kind = BS_KIND_OOM;
	r->oom.order = 0;
	res = bs_oom_take_line(l->text, l->len, r);
	if (res == BS_OOM_FOREIGN) {
		s->open = false;
		return false;
	}
	r->gaps |= BS_GAP_CUT;
	s->phase = PH_TOTALS;
	s->lingering = res == BS_OOM_VICTIM;
	return true;
}

/* A line @s could not take: does it end @s? */
static void foreign_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
{
	struct bs_report *r = &s->rep;
	unsigned limit;

	if (s->lingering) {
		if (++s->foreign > LINGER_LIMIT)
			slot_close(p, s);
		return;
	}
	if (starts_other_report(t, len) || (s->phase == PH_TOTALS && r->kind != BS_KIND_OOM)) {
		slot_close(p, s);
		return;
	}
	/* a blank line holds nothing the report could lack */
	for (size_t i = 0; i < len; i++)
		if (t[i] != ' ' && t[i] != '\t') {
			r->interleaved++;
			break;
		}
	switch (r->kind) {
	case BS_KIND_SLUB_FAILURE:
		limit = r->ev.has_slub_cache ? 0 : FOREIGN_LIMIT_DONE;
		break;
	case BS_KIND_HUNG_TASK:
	case BS_KIND_ZFS_KMEM_DEADLOCK:
		limit = r->nr_frames ? FOREIGN_LIMIT_DONE : HUNG_FOREIGN_LIMIT;
		break;
	case BS_KIND_VMAP_FAILURE:
	case BS_KIND_CMA_FAILURE:
	case BS_KIND_CONTIG_BUSY:
		limit = 0;	/* their own lines follow at once or not at all */
		break;
	case BS_KIND_MEMORY_STATE:
		/* no header vouches for it: a few foreign lines end a dump pasted alone */
		limit = zones_complete(r) ? FOREIGN_LIMIT_DONE : MEMSTATE_FOREIGN_LIMIT;
		break;
	default:
		limit = zones_complete(r) && r->kind != BS_KIND_OOM ? FOREIGN_LIMIT_DONE : FOREIGN_LIMIT;
		break;
	}
	if (++s->foreign > limit)
		slot_close(p, s);
}

static void parse_line(struct bs_kmsg_parser *p, const struct bs_line *l)
{
	long key = line_key(l);
	struct slot *s;
	unsigned n;
	const char *t = l->text;
	size_t len = l->len;

	/* The cheap test first: most lines of a big log are neither. */
	if (has_failure_word(t, len) || memmem(t, len, "vmalloc error: ", 15)) {
		struct header h;

		if (parse_header(t, len, &h) || parse_vmalloc_header(t, len, &h)) {
			_Static_assert(sizeof(p->pending_vmalloc) == sizeof(((struct bs_event *)0)->text), "text");
			struct bs_report *r;

			uint64_t vmap_size;
			bool vmap = absorb_vmap(p, key, &vmap_size);

			s = slot_open(p, l, key);
			r = &s->rep;
			report_init(r, l, &h);
			r->ev.vmap_size = vmap_size;
			r->ev.has_vmap_size = vmap;
			r->suppressed = p->pending_suppressed;
			p->pending_suppressed = 0;
			if (p->pending_vmalloc[0] && !r->ev.text[0])
				memcpy(r->ev.text, p->pending_vmalloc, sizeof(r->ev.text));
			p->pending_vmalloc[0] = '\0';
			return;
		}
		if (len >= 27 && !memcmp(t, "vmalloc: allocation failure", 27)) {
			bs_copy(p->pending_vmalloc, sizeof(p->pending_vmalloc), t, len);
			return;
		}
	}
	if (len > 20 && !memcmp(t + len - 20, "callbacks suppressed", 20) && parse_suppressed(t, len, &n)) {
		p->pending_suppressed += n;
		return;
	}
	if (other_header(p, l, key))
		return;
	if (len > 12 && reaper_line(p, t, len))
		return;
	s = slot_for_line(p, key, t, len);
	if (s && take_kind_line(p, s, t, len)) {
		p->prev_taker = p->last_taker;
		p->last_taker = s;
		s->taken++;
		if (s->open) {
			if (!s->lingering)
				s->rep.last_line = l->lineno;
			s->foreign = 0;
			if (l->truncated || l->binary)
				s->rep.gaps |= BS_GAP_DAMAGED;
		}
		return;
	}
	if (headless_oom(p, l, key))
		return;
	if (memstate_fragment(p, l, key))
		return;
	if (s)
		foreign_line(p, s, t, len);
}

bool bs_kmsg_parser_busy(const struct bs_kmsg_parser *p)
{
	if (p->held)
		return true;
	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open)
			return true;
	return false;
}

const char *const *bs_kmsg_needles(size_t *n)
{
	/* the header test in parse_line() and parse_suppressed() look for these */
	/*
	 * Teddy has 8 buckets: past 8 needles two share one and the search
	 * slows (19 needles cost twice the time of 8 on the bench log), so
	 * each needle covers as many first lines as it can.
	 */
	static const char *const needles[] = {
		" failure",			/* page allocation failure, vmalloc: allocation failure, vmemmap */
		"callbacks suppressed",
		/* " invoked oom-killer:", "oom-kill:constraint=", "oom_reaper: " (counted even
		   when its report has closed) */
		"oom",
		/* XFS/SPL "memory allocation deadlock", "SLUB: Unable to allocate", "page
		   allocation stalls for" (4.9-4.14), "vmap allocation for size", nommu's
		   "Allocation of length" */
		"llocat",
		"blocked for more than",	/* hung task */
		"ut of memory",			/* a kill line whose report was cut off */
		"vmalloc error",		/* 5.13 on: no " failure" in it */
		"cma_alloc",
		"PFNs busy",			/* alloc_contig_range() */
		/* a memory state with no failure header: SysRq-m, show_mem(), a pasted fragment */
		"Show Memory",
		"Mem-",				/* "Mem-Info:", 2.6's "Mem-info:" */
		" free:",			/* a zone line pasted alone ("DMA32 free:..") */
		/*
		 * a buddy line pasted alone, or stored one KERN_CONT piece a
		 * record: every page size's first orders hold "4kB" (4, 64,
		 * 16+64, 8+64 kB), and so does any record of such a line that
		 * reaches order 2 to 4
		 */
		"4kB",
	};

	_Static_assert(sizeof(needles) / sizeof(needles[0]) <= BS_LINEREADER_NEEDLES_MAX,
		       "the reader's filter takes at most BS_LINEREADER_NEEDLES_MAX needles");
	*n = sizeof(needles) / sizeof(needles[0]);
	return needles;
}

void bs_kmsg_parser_finish(struct bs_kmsg_parser *p)
{
	release_held(p);
	for (int i = 0; i < MAX_OPEN; i++)
		slot_close(p, &p->slots[i]);
	/* a rate-limit count after the last report belongs to reports never printed */
	p->left.suppressed += p->pending_suppressed;
	p->pending_suppressed = 0;
}

void bs_kmsg_parser_take_leftovers(struct bs_kmsg_parser *p, struct bs_kmsg_leftovers *lo)
{
	*lo = p->left;
	memset(&p->left, 0, sizeof(p->left));
}

static void buffer_line(const struct bs_line *l, void *ctx)
{
	bs_kmsg_parser_line(ctx, l);
}

struct count_ctx {
	bs_report_fn fn;
	void *ctx;
	int n;
};

static void count_report(const struct bs_report *r, void *ctx)
{
	struct count_ctx *cc = ctx;

	cc->n++;
	cc->fn(r, cc->ctx);
}

int bs_kmsg_parse_buffer(const char *source, const char *buf, size_t len,
			 bs_report_fn fn, void *ctx)
{
	struct count_ctx cc = { fn, ctx, 0 };
	struct bs_kmsg_parser *p = bs_kmsg_parser_alloc(count_report, &cc);
	struct bs_linereader *lr;

	if (!p)
		return -1;
	lr = bs_linereader_alloc(source, buffer_line, p);
	if (!lr) {
		bs_kmsg_parser_free(p);
		return -1;
	}
	bs_linereader_feed(lr, buf, len);
	bs_linereader_finish(lr);
	bs_kmsg_parser_finish(p);
	bs_linereader_free(lr);
	bs_kmsg_parser_free(p);
	return cc.n;
}
