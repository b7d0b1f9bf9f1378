// SPDX-License-Identifier: MIT
/*
 * meminfo_lines.c - the show_mem() part of a report, each line parsed
 * from its text alone: Mem-Info counters, "Node 0 Normal free:..." zone
 * lines, lowmem_reserve[], buddy lines (with where a wrapped one was
 * cut), the totals after them, and the lines recognised but not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/kmsg_internal.h"

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

/* The known zone name the scan starts with, followed by @next; its length. */
size_t kmsg_scan_zone_name(const struct bs_scan *sc, char next)
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
void kmsg_parse_zone_fields(struct bs_scan *sc, struct bs_zone *z)
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
bool kmsg_scan_node(struct bs_scan *sc, int *node)
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
bool kmsg_parse_zone_line(const char *t, size_t len, struct bs_report *r, struct bs_zone **out)
{
	struct bs_scan sc = bs_scan_init(t, len);
	int node;
	size_t n;
	char name[16];
	struct bs_zone *z;

	if (!kmsg_scan_node(&sc, &node) && sc.p != t)
		return false;
	n = kmsg_scan_zone_name(&sc, ' ');
	if (!n)
		return false;
	bs_copy(name, sizeof(name), sc.p, n);
	sc.p += n + 1;
	if (bs_scan_left(&sc) < 5 || memcmp(sc.p, "free:", 5))
		return false;
	z = zone_get(r, node, name, true);
	if (!z)
		return true;
	kmsg_parse_zone_fields(&sc, z);
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
bool kmsg_parse_buddy_line(const char *t, size_t len, struct bs_report *r, int *zi, bool *complete,
			     struct buddy_wrap *w)
{
	struct bs_scan sc = bs_scan_init(t, len);
	int node;
	size_t n;
	char name[16];
	struct bs_zone *z;
	struct bs_buddy b;

	if (!kmsg_scan_node(&sc, &node) && sc.p != t)
		return false;
	n = kmsg_scan_zone_name(&sc, ':');
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
bool kmsg_continue_buddy(const char *t, size_t len, struct bs_report *r, int zi, struct buddy_wrap *w)
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
bool kmsg_parse_lowmem_reserve(const char *t, size_t len, struct bs_zone *z)
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
bool kmsg_parse_counters(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = bs_scan_init(t, len);
	bool any = false;

	while (bs_scan_left(&sc)) {
		const char *k;
		uint64_t v;

		bs_scan_skip_space(&sc);
		k = sc.p;
		while (sc.p < sc.end && kmsg_is_symchar(*sc.p))
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

/*
 * The per-node line show_free_areas() prints since 4.8 moved the LRU
 * lists to the node (599d0c954f91): "Node 0 active_anon:2624456kB
 * inactive_anon:... all_unreclaimable? no".  Its counters are the zones'
 * sums and are not kept; that it was printed dates the dump.
 */
bool kmsg_parse_node_line(const char *t, size_t len, struct bs_report *r)
{
	struct bs_scan sc = bs_scan_init(t, len);
	int node;

	if (!kmsg_scan_node(&sc, &node) || !bs_scan_lit(&sc, "active_anon:"))
		return false;
	r->has_node_line = true;
	return true;
}

/* Totals after the buddy lines; true if the line is one. */
bool kmsg_parse_totals(const char *t, size_t len, struct bs_report *r, bool *last)
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
bool kmsg_is_noise(const char *t, size_t len)
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


/* Every zone line has its buddy line: the dump is over but for totals. */
bool kmsg_zones_complete(const struct bs_report *r)
{
	if (!r->nr_zones)
		return false;
	for (int i = 0; i < r->nr_zones; i++)
		if (!r->zones[i].buddy.present || !r->zones[i].has)
			return false;
	return true;
}
