// SPDX-License-Identifier: MIT
/*
 * alloc_header.c - the first lines of a page allocation failure report,
 * each parsed from its text alone: the header ("comm: page allocation
 * failure: order:5, mode:0x104050" and vmalloc's), the CPU/Tainted line,
 * the cpuset line, and call-trace frames in every shape the kernels
 * print (x86 "func+0x1/0x2 [mod]", ARM "(callee) from (caller)").
 */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "parse/kmsg_internal.h"

/*
 * The header: "<comm>: page allocation failure: order:5, mode:0x104050"
 * with, from 4.9 on, "(GFP_NOFS|__GFP_COMP)" after the mode, from 4.12
 * ", nodemask=(null)", from 4.19 or so ",cpuset=/,mems_allowed=0".
 * Returns false if the line is not one.
 */

static void header_comm(const char *t, const char *m, struct header *h);
static void parse_mode_tail(struct bs_scan *scp, struct header *h);

bool kmsg_parse_header(const char *t, size_t len, struct header *h)
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
 * a line of its own before a plain page allocation failure header
 * (kmsg_adopt_vmalloc_text()).
 */
bool kmsg_parse_vmalloc_header(const char *t, size_t len, struct header *h)
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

/*
 * kmsg_adopt_vmalloc_text - @r, a plain page allocation failure header,
 * follows the line @text ("vmalloc: allocation failure: 0 bytes",
 * "vmalloc: allocation failure, allocated 4097114112 of 17179934720
 * bytes"): before 4.9, warn_alloc_failed() printed __vmalloc_area_node()'s
 * text on a line of its own, then the header.  The report is the
 * vmalloc failure, with the size and the part allocated the text gives.
 */
void kmsg_adopt_vmalloc_text(struct bs_report *r, const char *text)
{
	const char *c = strchr(text, ':');
	struct bs_scan sc;
	uint64_t v;

	if (!c || r->kind != BS_KIND_PAGE_ALLOC_FAILURE)
		return;
	r->kind = BS_KIND_VMALLOC_FAILURE;
	bs_copy(r->header_what, sizeof(r->header_what), text, (size_t)(c - text));
	for (c++; *c == ' '; c++)
		;
	bs_copy(r->ev.text, sizeof(r->ev.text), c, strlen(c));
	sc = bs_scan_init(c, strlen(c));
	if (bs_scan_lit(&sc, "allocation failure: ") && bs_scan_u64(&sc, &v) && bs_scan_lit(&sc, " bytes")) {
		r->ev.size = v;
		r->ev.has_size = true;
	} else if (bs_scan_lit(&sc, "allocation failure, allocated ") && bs_scan_u64(&sc, &v) &&
		   bs_scan_lit(&sc, " of ")) {
		r->ev.vmalloc_allocated = v;
		r->ev.has_vmalloc_allocated = true;
		if (bs_scan_u64(&sc, &v)) {
			r->ev.size = v;
			r->ev.has_size = true;
		}
	}
}

/* Where and when: what every kind of report starts with. */
void kmsg_report_init_base(struct bs_report *r, const struct bs_line *l)
{
	memset(r, 0, sizeof(*r));
	bs_copy(r->source, sizeof(r->source), l->source ? l->source : "-",
		l->source ? strlen(l->source) : 1);
	r->first_line = r->last_line = l->lineno;
	if (l->host)
		bs_copy(r->host, sizeof(r->host), l->host, l->host_len);
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

void kmsg_report_init(struct bs_report *r, const struct bs_line *l, const struct header *h)
{
	kmsg_report_init_base(r, l);
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
bool kmsg_parse_cpu_line(const char *t, size_t len, struct bs_report *r)
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

bool kmsg_is_symchar(char c)
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
bool kmsg_parse_frame(const char *t, size_t len, struct bs_frame *f)
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
	while (sc.p < sc.end && kmsg_is_symchar(*sc.p))
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


/*
 * "dd cpuset=/ mems_allowed=0-1": cpuset_print_current_mems_allowed() on
 * its own line, before ",cpuset=" joined the header (4.19).
 */
bool kmsg_parse_cpuset_line(const char *t, size_t len, struct bs_report *r)
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


/*
 * 5.x on, the ARM unwinder prints no addresses: "callee from caller+0x18/0x1c",
 * "callee [mod] from caller+0x38/0x1ec [mod]".  Keep the callee.
 */
static bool parse_arm_from_frame(const char *t, size_t len, struct bs_frame *f)
{
	const char *end = t + len, *s = t, *e, *from, *caller;

	while (s < end && *s == ' ')
		s++;
	for (e = s; e < end && kmsg_is_symchar(*e); e++)
		;
	from = memmem(e, (size_t)(end - e), " from ", 6);
	if (e == s || !from)
		return false;
	/* only a module may stand between the callee and " from " */
	if (from != e && !(e[0] == ' ' && e[1] == '[' && from[-1] == ']'))
		return false;
	caller = from + 6;
	while (caller < end && kmsg_is_symchar(*caller))
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
 * kmsg_trace_addr_line - a trace line that names no function: the old ARM
 * unwinder of a kernel without kallsyms, "Function entered at [<c0011e48>]
 * from [<c03b1630>]" (arch/arm/kernel/traps.c's dump_backtrace_entry()
 * before 3.x printed symbols), or the saved registers it prints after a
 * frame, " r6:c03ddfa4 r5:000000d0 r4:00000001".
 *
 * RETURN VALUE: 1 for a frame, 2 for a register line, 0 for neither.
 */
int kmsg_trace_addr_line(const char *t, size_t len)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	int regs = 0;

	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "Function entered at [<"))
		return memmem(sc.p, bs_scan_left(&sc), "] from [<", 9) ? 1 : 0;
	/* "r10:c0a1b2c3" tokens, and nothing else */
	while (bs_scan_left(&sc)) {
		const char *tok = sc.p;

		if (!bs_scan_lit(&sc, "r") && !bs_scan_lit(&sc, "fp") && !bs_scan_lit(&sc, "ip") &&
		    !bs_scan_lit(&sc, "sl"))
			return 0;
		if (sc.p == tok + 1 && !bs_scan_u64(&sc, &v))
			return 0;
		if (!bs_scan_lit(&sc, ":"))
			return 0;
		tok = sc.p;
		while (sc.p < sc.end && isxdigit((unsigned char)*sc.p))
			sc.p++;
		if (sc.p - tok != 8)
			return 0;
		regs++;
		bs_scan_skip_space(&sc);
	}
	return regs ? 2 : 0;
}

/*
 * ARM prints "[<a>] (callee+0x10/0x14) from [<b>] (caller+0x..)", newer
 * ones "[<a>] (callee) from [<b>] (caller+0x.. [mod])": keep the callee,
 * with its module when printed; offsets may be missing.
 */
bool kmsg_parse_arm_frame(const char *t, size_t len, struct bs_frame *f)
{
	const char *from = memchr(t, ')', len) ? bs_find(t, len, ") from [<", 9) : NULL;
	const char *open, *s, *e;

	if (!from)
		return parse_arm_from_frame(t, len, f);
	open = memchr(t, '(', (size_t)(from - t));
	if (!open)
		return false;
	memset(f, 0, sizeof(*f));
	s = open + 1;
	for (e = s; e < from && kmsg_is_symchar(*e); e++)
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
