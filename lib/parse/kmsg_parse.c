// SPDX-License-Identifier: MIT
/*
 * kmsg_parse.c - the kernel-message state machine: open report slots (one
 * per printk caller id), taking each line into the report it belongs to,
 * closing reports, and the parser's public entry points (kmsg_parse.h).
 * The lines themselves are read by alloc_header.c and meminfo_lines.c,
 * the other kinds opened by kmsg_openers.c, lines shared among keyless
 * reports by kmsg_share.c, prefixes and broken lines by kmsg_join.c.
 *
 * A page allocation failure report, line by line.
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
#include <stdlib.h>
#include <string.h>

#include "needle_set.h"
#include "parse/kmsg_internal.h"

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

bool kmsg_has_meminfo_kind(enum bs_report_kind k)
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

void kmsg_slot_close(struct bs_kmsg_parser *p, struct slot *s)
{
	struct bs_report *r = &s->rep;

	if (!s->open)
		return;
	kmsg_mark_lost(p, r);
	if (r->kind == BS_KIND_OOM || r->kind == BS_KIND_MEMCG_OOM) {
		bs_oom_finish(r);
		if (!r->oom.has_victim && !r->oom.no_killable)
			r->gaps |= BS_GAP_CUT;
		if (!r->nr_frames)
			r->gaps |= BS_GAP_NO_TRACE;
		if (r->pid < 0)
			r->gaps |= BS_GAP_NO_HEADER_CPU;
	}
	if (!kmsg_has_meminfo_kind(r->kind)) {
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
	if (!r->nr_frames && !r->nr_addr_frames && has_trace_kind(r->kind))
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

struct slot *kmsg_slot_find(struct bs_kmsg_parser *p, long key)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && p->slots[i].key == key)
			return &p->slots[i];
	return NULL;
}

struct slot *kmsg_slot_latest(struct bs_kmsg_parser *p)
{
	struct slot *best = NULL;

	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open && (!best || p->slots[i].rep.first_line > best->rep.first_line))
			best = &p->slots[i];
	return best;
}


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
	if (s->taken > 2 && s->phase == PH_HEAD && !(kmsg_has_meminfo_kind(r->kind) && !kmsg_trace_done(r) && s->trace))
		return true;
	if (kmsg_has_meminfo_kind(r->kind)) {
		/* a whole trace and no Mem-Info: show_mem() was rate-limited or lost */
		return (!r->has_meminfo && kmsg_trace_done(r)) || kmsg_zones_complete(r);
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
				kmsg_slot_close(p, &p->slots[i]);
	} else if ((s = kmsg_slot_find(p, key)) != NULL) {
		kmsg_slot_close(p, s);
		return s;
	}
	for (int i = 0; i < MAX_OPEN; i++) {
		if (!p->slots[i].open)
			return &p->slots[i];
		if (p->slots[i].rep.first_line < oldest->rep.first_line)
			oldest = &p->slots[i];
	}
	kmsg_slot_close(p, oldest);
	return oldest;
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


/* The line belongs to the open report @s: take what it says.  False if foreign. */
bool kmsg_take_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
{
	struct bs_report *r = &s->rep;
	struct bs_frame f;
	struct bs_zone *z = NULL;
	struct bs_scan sc = bs_scan_init(t, len);
	bool last;

	bs_scan_skip_space(&sc);
	if (r->pid < 0 && kmsg_parse_cpu_line(sc.p, bs_scan_left(&sc), r))
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
		if (kmsg_parse_cpuset_line(sc.p, bs_scan_left(&sc), r))
			return true;
		if (bs_scan_lit(&sc, "Mem-Info:") || bs_scan_lit(&sc, "Mem-info:")) {
			s->phase = PH_MEMINFO;
			r->has_meminfo = true;
			return true;
		}
		if (kmsg_parse_arm_frame(sc.p, bs_scan_left(&sc), &f) || kmsg_parse_frame(t, len, &f)) {
			note_frame(s, &f);
			return true;
		}
		if (s->trace) {
			int a = kmsg_trace_addr_line(sc.p, bs_scan_left(&sc));

			r->nr_addr_frames += a == 1;
			if (a)
				return true;
		}
		/* excerpts may lack "Mem-Info:": zone and buddy lines speak for themselves */
	}
	if (kmsg_parse_lowmem_reserve(t, len, r->nr_zones ? &r->zones[r->nr_zones - 1] : NULL)) {
		s->zone_cont = false;
		return true;
	}
	if (kmsg_parse_zone_line(sc.p, bs_scan_left(&sc), r, &z)) {
		s->phase = PH_ZONES;
		s->zone_cont = true;
		return true;
	}
	if (s->buddy_cont) {
		int zi = s->buddy_cont - 1;

		s->buddy_cont = 0;
		if (kmsg_continue_buddy(sc.p, bs_scan_left(&sc), r, zi, &s->wrap)) {
			if (!r->zones[zi].buddy.has_total)
				s->buddy_cont = zi + 1;
			return true;
		}
	}
	{
		int zi = -1;
		bool complete;

		if (kmsg_parse_buddy_line(sc.p, bs_scan_left(&sc), r, &zi, &complete, &s->wrap)) {
			s->phase = PH_ZONES;
			s->zone_cont = false;
			if (!complete && zi >= 0)
				s->buddy_cont = zi + 1;
			return true;
		}
	}
	if (kmsg_parse_totals(sc.p, bs_scan_left(&sc), r, &last)) {
		if (r->pages_ram || s->phase == PH_TOTALS)
			s->phase = PH_TOTALS;
		if (last && r->kind != BS_KIND_OOM)
			kmsg_slot_close(p, s);
		return true;
	}
	if (bs_scan_left(&sc) && (*sc.p == 'N' || *sc.p == 'h') && bs_scan_find(&sc, "hugepages_total=")) {
		r->hugepage_lines++;
		return true;
	}
	if (s->phase == PH_MEMINFO && kmsg_parse_counters(sc.p, bs_scan_left(&sc), r))
		return true;
	if (bs_scan_left(&sc) > 5 && *sc.p == 'N' && kmsg_parse_node_line(sc.p, bs_scan_left(&sc), r))
		return true;
	/* a zone line split by an interrupting printk continues here */
	if (s->zone_cont && r->nr_zones && memchr(sc.p, ':', bs_scan_left(&sc)) &&
	    memmem(sc.p, bs_scan_left(&sc), "kB", 2)) {
		struct bs_scan zs = sc;

		kmsg_parse_zone_fields(&zs, &r->zones[r->nr_zones - 1]);
		return true;
	}
	return kmsg_is_noise(t, len);
}

/*
 * Lines that open another kind of report: whatever follows them (their
 * own Mem-Info above all) is not ours.  The OOM killer's report is the
 * usual neighbour: "x invoked oom-killer:", then a full show_mem().
 */
static bool starts_other_report(const char *t, size_t len)
{
	static const struct bs_needle starts[] = {
		BS_NEEDLE(" invoked oom-killer:"),
		BS_NEEDLE("Out of memory: Kill"),
		BS_NEEDLE("Out of memory: Killed"),
		BS_NEEDLE("[ cut here ]"),
		BS_NEEDLE("blocked for more than"),
		BS_NEEDLE("Kernel panic - not syncing"),
		BS_NEEDLE("BUG: unable to handle"),
		BS_NEEDLE("possible memory allocation deadlock"),
	};
	const char *hit[sizeof(starts) / sizeof(starts[0])];

	/* asked of every foreign line: one pass for all of them */
	return bs_needles_first(t, len, starts, sizeof(starts) / sizeof(starts[0]), hit) != 0;
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
	bool framed;
	int lead = kmsg_lead_blank(l->text, l->len);

	if (!l->kernel) {
		/* other programs' syslog lines never belong to a kernel report */
		kmsg_release_held(p);
		return;
	}
	framed = kmsg_normalize(p, &v);
	if (p->held) {
		/*
		 * The rest of a broken line has no stamp nor prefix, and does not
		 * start like a line of its own (a util-linux dmesg continuation
		 * of a multi-line record does, indented; so do the bare lines of
		 * a file that mixes wrappers).
		 */
		/* a KERN_CONT piece stored as a record of its own, with its own frame */
		if ((framed || p->held_bare) && v.len && pr_cont_record(p, &v))
			return;
		if (!framed && !p->held_bare && v.len && p->held_line.len + v.len + 1 < sizeof(p->held_text) &&
		    bs_join_continues(p->held_line.text, p->held_line.len, v.text, v.len)) {
			kmsg_join_line(p, &v, lead);
			return;
		}
		kmsg_release_held(p);
	}
	/*
	 * Every framed line is held: with the needle filter on, only needle
	 * lines come here between reports, and holding one costs reading
	 * the next line too, which is what a header broken in two needs.
	 */
	if ((framed || kmsg_bare_pr_cont_head(&v)) && v.len && v.len < LINE_COPY) {
		p->held_line = v;
		memcpy(p->held_text, v.text, v.len);
		p->held_line.text = p->held_text;
		p->held_raw_len = v.raw_len;
		p->held = true;
		p->held_bare = !framed;
		return;
	}
	kmsg_parse_line(p, &v);
}

/* Open a slot for a report that starts at @l, closing what that caller had open. */
struct slot *kmsg_slot_open(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
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


/* A line @s could not take: does it end @s? */
static void foreign_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
{
	struct bs_report *r = &s->rep;
	unsigned limit;

	if (s->lingering) {
		if (++s->foreign > LINGER_LIMIT)
			kmsg_slot_close(p, s);
		return;
	}
	if (starts_other_report(t, len) || (s->phase == PH_TOTALS && r->kind != BS_KIND_OOM)) {
		kmsg_slot_close(p, s);
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
		limit = kmsg_zones_complete(r) ? FOREIGN_LIMIT_DONE : MEMSTATE_FOREIGN_LIMIT;
		break;
	default:
		limit = kmsg_zones_complete(r) && r->kind != BS_KIND_OOM ? FOREIGN_LIMIT_DONE : FOREIGN_LIMIT;
		break;
	}
	if (++s->foreign > limit)
		kmsg_slot_close(p, s);
}

/*
 * What the openers look for, found in one pass per line: a line with none
 * of them opens no report of another kind (kmsg_other_header(): every
 * string bs_kinds_probe() and bs_event_probe() need holds "lloc" or
 * " blocked for more than ", and bs_oom_is_header() needs its own).
 */
enum { OPEN_VMALLOC_ERROR, OPEN_LLOC, OPEN_BLOCKED, OPEN_OOM, OPEN_N };
static const struct bs_needle opener_needles[OPEN_N] = {
	[OPEN_VMALLOC_ERROR] = BS_NEEDLE("vmalloc error: "),
	[OPEN_LLOC] = BS_NEEDLE("lloc"),
	[OPEN_BLOCKED] = BS_NEEDLE(" blocked for more than "),
	[OPEN_OOM] = BS_NEEDLE(" invoked oom-killer: "),
};

void kmsg_parse_line(struct bs_kmsg_parser *p, const struct bs_line *l)
{
	long key = line_key(l);
	struct slot *s;
	unsigned n;
	const char *t = l->text;
	size_t len = l->len;
	const char *open[OPEN_N];
	bool opener = bs_needles_first(t, len, opener_needles, OPEN_N, open) != 0;

	/* The cheap test first: most lines of a big log are neither. */
	if (has_failure_word(t, len) || open[OPEN_VMALLOC_ERROR]) {
		struct header h;

		if (kmsg_parse_header(t, len, &h) || kmsg_parse_vmalloc_header(t, len, &h)) {
			struct bs_report *r;

			uint64_t vmap_size;
			bool vmap = kmsg_absorb_vmap(p, key, &vmap_size);

			s = kmsg_slot_open(p, l, key);
			r = &s->rep;
			kmsg_report_init(r, l, &h);
			r->ev.vmap_size = vmap_size;
			r->ev.has_vmap_size = vmap;
			r->suppressed = p->pending_suppressed;
			p->pending_suppressed = 0;
			kmsg_vmalloc_text_adopt(p, r, l->lineno);
			return;
		}
		if (len >= 27 && !memcmp(t, "vmalloc: allocation failure", 27)) {
			kmsg_vmalloc_text_push(p, t, len, l->lineno);
			return;
		}
	}
	if (len > 20 && !memcmp(t + len - 20, "callbacks suppressed", 20) && parse_suppressed(t, len, &n)) {
		p->pending_suppressed += n;
		return;
	}
	if (opener && kmsg_other_header(p, l, key))
		return;
	if (len > 12 && kmsg_reaper_line(p, t, len))
		return;
	s = kmsg_slot_for_line(p, key, t, len);
	if (s && kmsg_take_kind_line(p, s, t, len)) {
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
	if (kmsg_headless_oom(p, l, key))
		return;
	if (kmsg_memstate_fragment(p, l, key))
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
	/* the header test in kmsg_parse_line() and parse_suppressed() look for these */
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
		/* a logger that lost lines: journald's "Missed N kernel messages", printk's "** N
		   printk messages dropped **" (lost_lines.c): the reports around it are incomplete */
		" messages",
	};

	_Static_assert(sizeof(needles) / sizeof(needles[0]) <= BS_LINEREADER_NEEDLES_MAX,
		       "the reader's filter takes at most BS_LINEREADER_NEEDLES_MAX needles");
	*n = sizeof(needles) / sizeof(needles[0]);
	return needles;
}

void bs_kmsg_parser_finish(struct bs_kmsg_parser *p)
{
	kmsg_release_held(p);
	for (int i = 0; i < MAX_OPEN; i++)
		kmsg_slot_close(p, &p->slots[i]);
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
