// SPDX-License-Identifier: MIT
/*
 * kmsg_openers.c - the kernel-message state machine's kinds beyond the
 * page allocation failure: opening a report of a parse_kinds.c kind or
 * an OOM report, one-line reports (XFS), the lines of an open report of
 * another kind, oom_reaper's line, headless OOM kills, and Mem-Info or
 * zone lines no report owns (memory states).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/kmsg_internal.h"

/*
 * "oom_reaper: reaped process N (x), now anon-rss:.." comes from the reaper
 * thread (another caller id) after the report: it goes to the open OOM
 * report whose victim is N.  True when the line was one.
 */
bool kmsg_reaper_line(struct bs_kmsg_parser *p, const char *t, size_t len)
{
	int pid = bs_oom_reaper_pid(t, len);

	if (pid < 0)
		return false;
	for (int i = 0; i < MAX_OPEN; i++) {
		struct slot *s = &p->slots[i];

		if (s->open && s->rep.kind == BS_KIND_OOM && s->rep.oom.has_victim && s->rep.oom.victim_pid == pid) {
			bs_oom_take_reaper(t, len, &s->rep);
			kmsg_slot_close(p, s);
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
	struct slot *s = key == -1 ? NULL : kmsg_slot_for_line(p, key, l->text, l->len);

	/* without a caller id it may sit in the middle of another CPU's report */
	if (s && !s->lingering)
		kmsg_slot_close(p, s);
	p->fn(&p->scratch, p->ctx);
}

/* A report of one line (XFS): closes what the caller had open, then is delivered. */
static void one_line_report(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	struct slot *s = key == -1 ? NULL : kmsg_slot_for_line(p, key, l->text, l->len);
	struct bs_report *r = &p->scratch;

	/* without a caller id it may sit in the middle of another CPU's report */
	if (s && !s->lingering)
		kmsg_slot_close(p, s);
	kmsg_report_init_base(r, l);
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
	kmsg_report_init_base(r, l);
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
	s = kmsg_slot_open(p, l, key);
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
bool kmsg_absorb_vmap(struct bs_kmsg_parser *p, long key, uint64_t *size)
{
	struct slot *v = kmsg_slot_find(p, key);

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
bool kmsg_memstate_fragment(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	const char *trigger;
	struct slot *s;

	if (!bs_memstate_start(l->text, l->len, &trigger))
		return false;
	s = kmsg_slot_open(p, l, key);
	kmsg_report_init_base(&s->rep, l);
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
	kmsg_take_line(p, s, l->text, l->len);
	return true;
}

/* Does @l start a report of a kind other than the page allocation failure?  Then open it. */
bool kmsg_other_header(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
{
	const char *t = l->text;
	size_t len = l->len;
	enum bs_report_kind k;
	struct slot *s;

	if (kinds_header(p, l, key))
		return true;
	if (bs_oom_is_header(t, len)) {
		s = kmsg_slot_open(p, l, key);
		kmsg_report_init_base(&s->rep, l);
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
	s = kmsg_slot_open(p, l, key);
	kmsg_report_init_base(&s->rep, l);
	if (k == BS_KIND_SLUB_FAILURE)
		bs_event_parse_slub(t, len, &s->rep);
	else if (k == BS_KIND_ZFS_KMEM_DEADLOCK)
		bs_event_parse_zfs(t, len, &s->rep);
	else
		bs_event_parse_hung(t, len, &s->rep);
	return true;
}

/* The line belongs to open report @s?  Per kind, then the shared lines. */
bool kmsg_take_kind_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len)
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
			return kmsg_take_line(p, s, t, len);
		}
	case BS_KIND_SLUB_FAILURE:
		return bs_event_take_slub_line(t, len, r);
	case BS_KIND_CMA_FAILURE:
	case BS_KIND_CONTIG_BUSY:
		return bs_kinds_take_tail(t, len, r);
	case BS_KIND_VMAP_FAILURE:
		return false;	/* one line; a vmalloc report may take it over (kmsg_absorb_vmap()) */
	case BS_KIND_ALLOC_STALL:
	case BS_KIND_VMEMMAP_FAILURE:
		/* a header cut after "order:N," goes on with "mode:0x.." */
		return bs_kinds_take_mode_line(t, len, r) || kmsg_take_line(p, s, t, len);
	case BS_KIND_HUNG_TASK:
		return bs_event_take_hung_line(t, len, r) || kmsg_take_line(p, s, t, len);
	default:
		return kmsg_take_line(p, s, t, len);
	}
}

/*
 * An OOM kill or constraint line with no OOM report open for it: the
 * report's start was cut off (or lost to the rate limit of dump_header()).
 * It still counts: a report with the victim and without the header.
 */
bool kmsg_headless_oom(struct bs_kmsg_parser *p, const struct bs_line *l, long key)
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
	s = kmsg_slot_open(p, l, key);
	r = &s->rep;
	kmsg_report_init_base(r, l);
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

/*
 * Before 4.9, warn_alloc_failed() printed vmalloc's text ("vmalloc:
 * allocation failure: 0 bytes") on a line of its own, then the plain page
 * allocation failure header: keep the text for the header.  Two are kept,
 * oldest first, so two CPUs printing text, text, header, header pair up.
 */
void kmsg_vmalloc_text_push(struct bs_kmsg_parser *p, const char *t, size_t len, uint64_t lineno)
{
	_Static_assert(sizeof(p->pending_vmalloc[0]) == sizeof(((struct bs_event *)0)->text), "text");

	if (p->nr_pending_vmalloc == 2) {
		memcpy(p->pending_vmalloc[0], p->pending_vmalloc[1], sizeof(p->pending_vmalloc[0]));
		p->pending_vmalloc_line[0] = p->pending_vmalloc_line[1];
		p->nr_pending_vmalloc = 1;
	}
	bs_copy(p->pending_vmalloc[p->nr_pending_vmalloc], sizeof(p->pending_vmalloc[0]), t, len);
	p->pending_vmalloc_line[p->nr_pending_vmalloc++] = lineno;
}

/*
 * A plain header at @lineno takes the oldest kept text printed just
 * before it (a quote mark, a blank line or the other CPU's line may
 * stand between); texts further back belong to no header and are dropped.
 */
void kmsg_vmalloc_text_adopt(struct bs_kmsg_parser *p, struct bs_report *r, uint64_t lineno)
{
	while (p->nr_pending_vmalloc) {
		bool near = lineno - p->pending_vmalloc_line[0] <= 4;

		if (near && !r->ev.text[0])
			kmsg_adopt_vmalloc_text(r, p->pending_vmalloc[0]);
		memmove(p->pending_vmalloc[0], p->pending_vmalloc[1], sizeof(p->pending_vmalloc[0]));
		p->pending_vmalloc_line[0] = p->pending_vmalloc_line[1];
		p->nr_pending_vmalloc--;
		if (near)
			return;
	}
}
