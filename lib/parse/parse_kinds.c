// SPDX-License-Identifier: MIT
/*
 * parse_kinds.c - first lines of the allocation-stall, vmemmap, vmap-area,
 * CMA, contiguous-range and nommu reports, and the start of a memory-state
 * dump without a failure header.  The kernel texts and their versions are
 * listed in parse_kinds.h.
 */
#include "parse/parse_kinds.h"

#include <string.h>

#include "textscan.h"

/* The comm before @m (": " precedes @m), from the last space or bracket on. */
static void comm_before(const char *t, const char *m, struct bs_report *r)
{
	const char *c = m;

	while (c > t && c[-1] != ' ' && c[-1] != ']' && c[-1] != '|')
		c--;
	bs_copy(r->comm, sizeof(r->comm), c, (size_t)(m - c));
}

/* ", nodemask=(null)" and the 4.19+ ",cpuset=/,mems_allowed=0" after a mode. */
static void mode_tail(struct bs_scan *sc, struct bs_report *r)
{
	if (bs_scan_lit(sc, ", nodemask=")) {
		const char *s = sc->p;

		while (sc->p < sc->end && *sc->p != ',' && *sc->p != ' ')
			sc->p++;
		bs_copy(r->nodemask, sizeof(r->nodemask), s, (size_t)(sc->p - s));
	}
	if (bs_scan_lit(sc, ",cpuset=")) {
		const char *s = sc->p, *e = bs_scan_find(sc, ",mems_allowed=");

		sc->p = e ? e : sc->end;
		bs_copy(r->cpuset, sizeof(r->cpuset), s, (size_t)(sc->p - s));
	}
	if (bs_scan_lit(sc, ",mems_allowed="))
		bs_copy(r->mems_allowed, sizeof(r->mems_allowed), sc->p, bs_scan_left(sc));
}

/* "mode:0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=(null)" */
static bool take_mode(struct bs_scan *sc, struct bs_report *r)
{
	if (!bs_scan_lit(sc, "mode:") ||
	    !bs_scan_mode(sc, &r->mode, r->mode_symbolic, sizeof(r->mode_symbolic), &r->has_symbolic))
		return false;
	r->has_mode = true;
	mode_tail(sc, r);
	return true;
}

bool bs_kinds_take_mode_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = bs_scan_init(t, len);

	if (r->has_mode)
		return false;
	bs_scan_skip_space(&sc);
	return take_mode(&sc, r);
}

/* "python3: page allocation stalls for 10060ms, order:1, mode:0x15080c0(...), nodemask=(null)" */
static bool stall_header(const char *t, size_t len, struct bs_report *r)
{
	static const char what[] = "page allocation stalls for ";
	const char *m = bs_find(t, len, what, sizeof(what) - 1);
	struct bs_scan sc;
	uint64_t v;

	if (!m || m - t < 2 || memcmp(m - 2, ": ", 2))
		return false;
	sc = bs_scan_init(m + sizeof(what) - 1, len - (size_t)(m - t) - (sizeof(what) - 1));
	if (!bs_scan_u64(&sc, &v) || !bs_scan_lit(&sc, "ms, order:"))
		return false;
	r->ev.stall_ms = v;
	r->ev.has_stall_ms = true;
	if (!bs_scan_u64(&sc, &v) || v > 64)
		return false;
	r->order = (unsigned)v;
	r->has_order = true;
	comm_before(t, m - 2, r);
	bs_copy_str(r->header_what, sizeof(r->header_what), "page allocation stalls");
	bs_scan_lit(&sc, ",");
	bs_scan_skip_space(&sc);
	take_mode(&sc, r);	/* absent when the line was cut after "order:N," */
	return true;
}

/* "vmap allocation for size 430080 failed: use vmalloc=<size> to increase size" */
static bool vmap_line(const char *t, size_t len, struct bs_report *r)
{
	static const char what[] = "vmap allocation for size ";
	const char *m = bs_find(t, len, what, sizeof(what) - 1);
	struct bs_scan sc;

	if (!m)
		return false;
	sc = bs_scan_init(m + sizeof(what) - 1, len - (size_t)(m - t) - (sizeof(what) - 1));
	if (!bs_scan_u64(&sc, &r->ev.vmap_size) || !bs_scan_lit(&sc, " failed"))
		return false;
	r->ev.has_vmap_size = true;
	bs_copy_str(r->header_what, sizeof(r->header_what), "vmap allocation failed");
	return true;
}

/*
 * "cma: cma_alloc: alloc failed, req-size: 2040 pages, ret: -12" and
 * 5.12's "cma: cma_alloc: linux,cma: alloc failed, ...".
 */
static bool cma_line(const char *t, size_t len, struct bs_report *r)
{
	const char *m = memmem(t, len, "cma_alloc: ", 11), *f;
	struct bs_scan sc;
	uint64_t v;

	if (!m)
		return false;
	f = memmem(m, len - (size_t)(m - t), "alloc failed", 12);
	if (!f)
		return false;
	if (f - (m + 11) > 2 && !memcmp(f - 2, ": ", 2))
		bs_copy(r->ev.cma_name, sizeof(r->ev.cma_name), m + 11, (size_t)(f - 2 - (m + 11)));
	sc = bs_scan_init(f, len - (size_t)(f - t));
	if (bs_scan_find(&sc, "req-size: ")) {
		sc.p = bs_scan_find(&sc, "req-size: ") + 10;
		if (bs_scan_u64(&sc, &v)) {
			r->ev.cma_pages = v;
			r->ev.has_cma_pages = true;
		}
	}
	if (bs_scan_find(&sc, "ret: -")) {
		sc.p = bs_scan_find(&sc, "ret: -") + 6;
		if (bs_scan_u64(&sc, &v) && v < 4096) {
			r->ev.cma_ret = -(int)v;
			r->ev.has_cma_ret = true;
		}
	}
	bs_copy_str(r->header_what, sizeof(r->header_what), "cma_alloc failed");
	return true;
}

/* "alloc_contig_range: [2f100, 2f20a) PFNs busy" (or "..._noprof: [..") */
static bool busy_range(const char *t, size_t len, uint64_t *start, uint64_t *end)
{
	const char *m = memmem(t, len, ") PFNs busy", 11), *o;
	struct bs_scan sc;

	if (!m)
		return false;
	o = NULL;
	for (const char *p = m; p > t; p--)
		if (p[-1] == '[') {
			o = p;
			break;
		}
	if (!o)
		return false;
	sc = bs_scan_init(o, (size_t)(m - o));
	return bs_scan_hex(&sc, false, start) && bs_scan_lit(&sc, ", ") && bs_scan_hex(&sc, false, end) &&
	       sc.p == m && *end >= *start;
}

static bool busy_line(const char *t, size_t len, struct bs_report *r)
{
	uint64_t s, e;

	if (!memmem(t, len, "alloc_contig_range", 18) || !busy_range(t, len, &s, &e))
		return false;
	r->ev.busy_ranges = 1;
	r->ev.busy_start = s;
	r->ev.busy_end = e;
	r->ev.has_busy_range = true;
	bs_copy_str(r->header_what, sizeof(r->header_what), "PFNs busy");
	return true;
}

/* "Allocation of length 1052672 from process 143 (mplayer) failed" */
static bool nommu_line(const char *t, size_t len, struct bs_report *r)
{
	static const char what[] = "Allocation of length ";
	const char *m = bs_find(t, len, what, sizeof(what) - 1);
	struct bs_scan sc;
	uint64_t v;

	if (!m)
		return false;
	sc = bs_scan_init(m + sizeof(what) - 1, len - (size_t)(m - t) - (sizeof(what) - 1));
	if (!bs_scan_u64(&sc, &r->ev.size) || !bs_scan_lit(&sc, " from process ") || !bs_scan_u64(&sc, &v))
		return false;
	r->ev.has_size = true;
	r->pid = (int)(v > 0x7fffffff ? -1 : (long)v);
	if (bs_scan_lit(&sc, " (")) {
		const char *c = sc.p, *e = bs_scan_find(&sc, ") failed");

		if (e)
			bs_copy(r->comm, sizeof(r->comm), c, (size_t)(e - c));
	}
	bs_copy_str(r->header_what, sizeof(r->header_what), "nommu allocation failed");
	return true;
}

enum bs_report_kind bs_kinds_header(const char *t, size_t len, struct bs_report *r, enum bs_kind_body *body)
{
	*body = BS_BODY_NONE;
	/* one cheap test for all: every first line below holds one of these letters' words */
	if (!memchr(t, 'a', len) && !memchr(t, 'A', len))
		return BS_KIND_NR;
	if (stall_header(t, len, r)) {
		*body = BS_BODY_WARN_ALLOC;
		return BS_KIND_ALLOC_STALL;
	}
	if (vmap_line(t, len, r))
		return BS_KIND_VMAP_FAILURE;
	if (cma_line(t, len, r)) {
		*body = BS_BODY_TAIL;
		return BS_KIND_CMA_FAILURE;
	}
	if (busy_line(t, len, r)) {
		*body = BS_BODY_TAIL;
		return BS_KIND_CONTIG_BUSY;
	}
	if (nommu_line(t, len, r)) {
		*body = BS_BODY_MEMINFO;
		return BS_KIND_NOMMU_FAILURE;
	}
	return BS_KIND_NR;
}

/* "3@125+20@172+" : a piece of the area map and nothing else (a wrapped line). */
static bool map_piece(const char *t, size_t len)
{
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;
	int n = 0;

	bs_scan_skip_space(&sc);
	while (bs_scan_u64(&sc, &v) && bs_scan_lit(&sc, "@") && bs_scan_u64(&sc, &v)) {
		n++;
		if (!bs_scan_lit(&sc, "+"))
			break;
	}
	return n > 0 && (!bs_scan_left(&sc) || !memcmp(sc.p, "=> ", bs_scan_left(&sc) < 3 ? bs_scan_left(&sc) : 3));
}

/*
 * cma_debug_show_areas() (CONFIG_CMA_DEBUG): "number of available pages:
 * 3@125+...=> 1523 free of 16384 total pages", one pr_cont() line that a
 * console or mail may wrap over several.
 */
static bool cma_area_line(const char *t, size_t len, struct bs_report *r)
{
	const char *m = memmem(t, len, "=> ", 3);
	struct bs_scan sc;
	uint64_t fr, tot;

	if (memmem(t, len, "available pages", 15))
		r->ev.cma_map_open = true;
	else if (!r->ev.cma_map_open || !map_piece(t, len))
		return false;
	if (!m)
		return true;
	r->ev.cma_map_open = false;
	sc = bs_scan_init(m + 3, len - (size_t)(m + 3 - t));
	if (bs_scan_u64(&sc, &fr) && bs_scan_lit(&sc, " free of ") && bs_scan_u64(&sc, &tot)) {
		r->ev.cma_free_pages = fr;
		r->ev.cma_total_pages = tot;
		r->ev.has_cma_free = true;
	}
	return true;
}

bool bs_kinds_take_tail(const char *t, size_t len, struct bs_report *r)
{
	uint64_t s, e;

	if (r->kind == BS_KIND_CMA_FAILURE)
		return !r->ev.has_cma_free && cma_area_line(t, len, r);
	if (r->kind == BS_KIND_CONTIG_BUSY && memmem(t, len, "alloc_contig_range", 18) && busy_range(t, len, &s, &e)) {
		r->ev.busy_ranges++;
		return true;
	}
	return false;
}

/* "Node 0 DMA32 free:" / "Normal free:" / "Node 1 Normal: 3*4kB" after an optional "Node N ". */
static bool zone_or_buddy_start(const char *t, size_t len)
{
	static const char *const zones[] = { "DMA32", "DMA", "Normal", "HighMem", "Movable", "Device" };
	struct bs_scan sc = bs_scan_init(t, len);
	uint64_t v;

	bs_scan_skip_space(&sc);
	if (bs_scan_lit(&sc, "Node ") && !(bs_scan_u64(&sc, &v) && bs_scan_lit(&sc, " ")))
		return false;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		struct bs_scan z = sc;

		if (!bs_scan_lit(&z, zones[i]))
			continue;
		if (bs_scan_lit(&z, " free:"))
			return bs_scan_u64(&z, &v);
		if (bs_scan_lit(&z, ": ")) {
			bs_scan_skip_space(&z);
			return bs_scan_u64(&z, &v) && bs_scan_lit(&z, "*");
		}
	}
	return false;
}

bool bs_memstate_start(const char *t, size_t len, const char **trigger)
{
	struct bs_scan sc = bs_scan_init(t, len);

	bs_scan_skip_space(&sc);
	/* sysrq's line ends with its action: "sysrq: Show Memory", "SysRq : Show Memory" */
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\r'))
		len--;
	if (len >= 11 && !memcmp(t + len - 11, "Show Memory", 11) &&
	    (memmem(t, len, "sysrq", 5) || memmem(t, len, "SysRq", 5))) {
		*trigger = "sysrq";
		return true;
	}
	if (bs_scan_lit(&sc, "Mem-Info:") || bs_scan_lit(&sc, "Mem-info:")) {
		*trigger = "show_mem";
		return true;
	}
	*trigger = "";
	return zone_or_buddy_start(sc.p, bs_scan_left(&sc));
}

bool bs_kinds_probe(const char *t, size_t len)
{
	/*
	 * Every line of a report goes through this: one scan, not one per
	 * kind.  "lloc" is in "allocation stalls", "vmap allocation",
	 * "cma_alloc", "alloc_contig_range" and "Allocation of length".
	 */
	return memmem(t, len, "lloc", 4) != NULL;
}
