// SPDX-License-Identifier: MIT
/*
 * proc_zones.c - /proc/buddyinfo, /proc/zoneinfo and /proc/pagetypeinfo
 * parsed into one set of zones.
 *
 * Shapes (mm/vmstat.c, frag_show_print, zoneinfo_show_print,
 * pagetypeinfo_showfree_print, pagetypeinfo_showblockcount_print):
 *   buddyinfo     "Node 0, zone   Normal    124    486 ..." (populated zones)
 *   zoneinfo      "Node 0, zone   Normal" then indented "key value" lines:
 *                 "pages free N", min/low/high, boost (5.0), promo (6.x),
 *                 spanned/present/managed, cma, "protection: (0, 0, ...)",
 *                 zone counters (nr_free_cma, ...), a "per-node stats"
 *                 block under the node's first zone (4.8 on), pagesets.
 *                 From 4.12 (b2bd8598195f) unpopulated zones are listed too,
 *                 so the position of a zone is its ZONE_* index.
 *   pagetypeinfo  "Page block order: 9", "Pages per block: 512",
 *                 "Free pages count per migrate type at order 0 1 ...",
 *                 "Node 0, zone Normal, type Movable 0 1 ..." where a count
 *                 of more than 100000 prints as ">100000" (5.9 on,
 *                 93b3a674485f), then "Number of blocks type Unmovable ..."
 *                 with one row per zone, and with CONFIG_PAGE_OWNER a
 *                 "Number of mixed blocks" table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proc/proc_files.h"
#include "textscan.h"

void bs_proc_zones_init(struct bs_proc_zones *z)
{
	memset(z, 0, sizeof(*z));
	z->pageblock_order = -1;
}

/* Count one unreadable line, and describe the first few. */
static void bad(struct bs_proc_zones *z, const char *what, int lineno, const char *line, size_t len)
{
	z->bad_lines++;
	if (z->diags.nr >= BS_PROC_MAX_NOTES)
		return;
	if (len > 60)
		len = 60;
	bs_diag_add(&z->diags, BS_DIAG_WARNING, BS_DIAG_NOT_UNDERSTOOD, "%s line %d not understood: \"%.*s\"", what,
		    lineno, (int)len, line);
}

const struct bs_proc_zone *bs_proc_zone_find(const struct bs_proc_zones *z, int node, const char *name)
{
	for (int i = 0; i < z->nr; i++)
		if (z->zone[i].node == node && !strcmp(z->zone[i].name, name))
			return &z->zone[i];
	return NULL;
}

/* The zone (@node, @name), added when new; NULL past BS_PROC_MAX_ZONES. */
static struct bs_proc_zone *zone_get(struct bs_proc_zones *z, int node, const char *name, size_t nlen)
{
	char key[16];
	struct bs_proc_zone *pz;

	bs_copy(key, sizeof(key), name, nlen);
	pz = (struct bs_proc_zone *)bs_proc_zone_find(z, node, key);
	if (pz)
		return pz;
	if (z->nr >= BS_PROC_MAX_ZONES) {
		z->dropped++;
		return NULL;
	}
	pz = &z->zone[z->nr++];
	memset(pz, 0, sizeof(*pz));
	pz->node = node;
	pz->zoneinfo_pos = -1;
	memcpy(pz->name, key, sizeof(key));
	return pz;
}

/*
 * A page or block count: at most 2^40 (4 EiB of 4 kB pages), so that the
 * arithmetic on it cannot overflow; a larger number is not a count.
 */
#define MAX_COUNT (1ull << 40)

static bool scan_count(struct bs_scan *sc, uint64_t *v)
{
	const char *p = sc->p;

	if (!bs_scan_u64(sc, v))
		return false;
	if (*v > MAX_COUNT) {
		sc->p = p;
		return false;
	}
	return true;
}

/* A word (run of non-blank, non-comma characters). */
static bool scan_word(struct bs_scan *sc, const char **w, size_t *n)
{
	const char *p = sc->p;

	bs_scan_skip_space(sc);
	p = sc->p;
	while (sc->p < sc->end && *sc->p != ' ' && *sc->p != '\t' && *sc->p != ',')
		sc->p++;
	*w = p;
	*n = (size_t)(sc->p - p);
	return *n > 0;
}

/* "Node N, zone NAME" at the start of a line: node and name. */
static bool scan_node_zone(struct bs_scan *sc, int *node, const char **name, size_t *nlen)
{
	uint64_t v;

	if (!bs_scan_lit(sc, "Node"))
		return false;
	bs_scan_skip_space(sc);
	if (!bs_scan_u64(sc, &v) || v > 1u << 20 || !bs_scan_lit(sc, ","))
		return false;
	bs_scan_skip_space(sc);
	if (!bs_scan_lit(sc, "zone"))
		return false;
	if (!scan_word(sc, name, nlen) || *nlen >= 16)
		return false;
	*node = (int)v;
	return true;
}

/* A cursor over the lines of a buffer. */
struct lines {
	const char *p, *end;
	int no;				/* 1-based number of the line last returned */
};

static struct lines lines_init(const char *buf, size_t len)
{
	struct lines l = { buf, buf + len, 0 };
	return l;
}

/* The next line (without its newline) into @line/@len; false at the end. */
static bool next_line(struct lines *l, const char **line, size_t *len)
{
	const char *eol;

	if (l->p >= l->end)
		return false;
	eol = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (!eol)
		eol = l->end;
	*line = l->p;
	*len = (size_t)(eol - l->p);
	l->p = eol < l->end ? eol + 1 : l->end;
	l->no++;
	return true;
}

/* Only blanks (or nothing) left on the line? */
static bool at_end(struct bs_scan *sc)
{
	bs_scan_skip_space(sc);
	return sc->p >= sc->end;
}

int bs_proc_parse_buddyinfo(struct bs_proc_zones *z, const char *buf, size_t len)
{
	struct lines ls = lines_init(buf, len);
	const char *line;
	size_t llen;
	int before = z->bad_lines;

	while (next_line(&ls, &line, &llen)) {
		struct bs_scan sc = bs_scan_init(line, llen);
		struct bs_proc_zone *pz;
		const char *name;
		size_t nlen;
		int node, n = 0;
		uint64_t v, counts[BS_MAX_ORDERS];

		if (at_end(&sc))
			continue;
		sc = bs_scan_init(line, llen);
		if (!scan_node_zone(&sc, &node, &name, &nlen)) {
			bad(z, "buddyinfo", ls.no, line, llen);
			continue;
		}
		for (;;) {
			bs_scan_skip_space(&sc);
			if (!scan_count(&sc, &v))
				break;
			if (n < BS_MAX_ORDERS)
				counts[n++] = v;
		}
		if (!at_end(&sc) || !n) {
			bad(z, "buddyinfo", ls.no, line, llen);
			continue;
		}
		pz = zone_get(z, node, name, nlen);
		if (!pz)
			continue;
		pz->has_buddy = true;
		pz->nr_orders = n;
		memcpy(pz->nr_free, counts, sizeof(counts[0]) * (size_t)n);
	}
	return z->bad_lines - before;
}

/* "protection: (0, 3019, 6475)" after the key. */
static bool parse_protection(struct bs_scan *sc, struct bs_proc_zone *pz)
{
	int n = 0;
	uint64_t v;

	bs_scan_skip_space(sc);
	if (!bs_scan_lit(sc, "("))
		return false;
	for (;;) {
		bs_scan_skip_space(sc);
		if (!scan_count(sc, &v))
			return false;
		if (n < BS_MAX_NR_ZONE_IDX)
			pz->protection[n++] = v;
		bs_scan_skip_space(sc);
		if (bs_scan_lit(sc, ")"))
			break;
		if (!bs_scan_lit(sc, ","))
			return false;
	}
	pz->nr_protection = n;
	pz->has |= BS_PZ_PROTECTION;
	return at_end(sc);
}

/* zoneinfo keys we keep, and where. */
static uint64_t *zone_field(struct bs_proc_zone *pz, const char *k, size_t n, unsigned *bit)
{
	static const struct {
		const char *key;
		unsigned bit;
		size_t off;
	} fields[] = {
		{ "min", BS_PZ_MIN, offsetof(struct bs_proc_zone, min) },
		{ "low", BS_PZ_LOW, offsetof(struct bs_proc_zone, low) },
		{ "high", BS_PZ_HIGH, offsetof(struct bs_proc_zone, high) },
		{ "boost", BS_PZ_BOOST, offsetof(struct bs_proc_zone, boost) },
		{ "promo", BS_PZ_PROMO, offsetof(struct bs_proc_zone, promo) },
		{ "spanned", BS_PZ_SPANNED, offsetof(struct bs_proc_zone, spanned) },
		{ "present", BS_PZ_PRESENT, offsetof(struct bs_proc_zone, present) },
		{ "managed", BS_PZ_MANAGED, offsetof(struct bs_proc_zone, managed) },
		{ "cma", BS_PZ_CMA, offsetof(struct bs_proc_zone, cma) },
		{ "nr_free_cma", BS_PZ_FREE_CMA, offsetof(struct bs_proc_zone, free_cma) },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].key) == n && !memcmp(fields[i].key, k, n)) {
			*bit = fields[i].bit;
			return (uint64_t *)((char *)pz + fields[i].off);
		}
	return NULL;
}

/*
 * One indented zoneinfo line of zone @pz.  False for a line that has a key
 * we keep but a value we cannot read, or a value with no key at all (RHEL
 * 8.0's 4.18 prints one among the per-node stats); other keys are the
 * kernel's many counters, left alone on purpose.
 */
static bool zoneinfo_line(struct bs_proc_zone *pz, struct bs_scan *sc)
{
	const char *k;
	size_t n;
	uint64_t v, *field;
	unsigned bit;

	if (bs_scan_lit(sc, "pages free")) {
		bs_scan_skip_space(sc);
		if (!scan_count(sc, &v) || !at_end(sc))
			return false;
		pz->free = v;
		pz->has |= BS_PZ_FREE;
		return true;
	}
	if (bs_scan_lit(sc, "protection:"))
		return parse_protection(sc, pz);
	if (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9')
		return false;	/* a value without its name */
	if (!scan_word(sc, &k, &n))
		return true;
	field = zone_field(pz, k, n, &bit);
	if (!field)
		return true;
	bs_scan_skip_space(sc);
	if (!scan_count(sc, &v) || !at_end(sc))
		return false;
	*field = v;
	pz->has |= bit;
	return true;
}

int bs_proc_parse_zoneinfo(struct bs_proc_zones *z, const char *buf, size_t len)
{
	struct lines ls = lines_init(buf, len);
	const char *line;
	size_t llen;
	int before = z->bad_lines, node_pos = 0, last_node = -1;
	struct bs_proc_zone *pz = NULL;
	bool in_zone = false;

	while (next_line(&ls, &line, &llen)) {
		struct bs_scan sc = bs_scan_init(line, llen);
		const char *name;
		size_t nlen;
		int node;

		if (at_end(&sc))
			continue;
		sc = bs_scan_init(line, llen);
		if (line[0] != ' ' && line[0] != '\t') {
			if (!scan_node_zone(&sc, &node, &name, &nlen) || !at_end(&sc)) {
				bad(z, "zoneinfo", ls.no, line, llen);
				in_zone = false;
				pz = NULL;
				continue;
			}
			if (node != last_node)
				node_pos = 0;
			last_node = node;
			pz = zone_get(z, node, name, nlen);
			in_zone = true;
			if (pz)
				pz->zoneinfo_pos = node_pos;
			node_pos++;
			continue;
		}
		if (!in_zone) {
			bad(z, "zoneinfo", ls.no, line, llen);
			continue;
		}
		bs_scan_skip_space(&sc);
		if (pz && !zoneinfo_line(pz, &sc))
			bad(z, "zoneinfo", ls.no, line, llen);
	}
	return z->bad_lines - before;
}

unsigned bs_proc_mt_bit(const char *name)
{
	static const struct {
		const char *name;
		unsigned bit;
	} mts[] = {
		{ "Unmovable", BS_MT_U }, { "Movable", BS_MT_M }, { "Reclaimable", BS_MT_E },
		{ "HighAtomic", BS_MT_H }, { "Reserve", BS_MT_R }, { "CMA", BS_MT_C },
		{ "Isolate", BS_MT_I },
	};

	for (size_t i = 0; i < sizeof(mts) / sizeof(mts[0]); i++)
		if (!strcmp(mts[i].name, name))
			return mts[i].bit;
	return 0;
}

/* Index of migratetype @name (len @n) in the header's list, added when new; -1 when full. */
static int mt_index(struct bs_proc_zones *z, const char *name, size_t n)
{
	char key[16];

	bs_copy(key, sizeof(key), name, n);
	for (int i = 0; i < z->nr_mt; i++)
		if (!strcmp(z->mt_names[i], key))
			return i;
	if (z->nr_mt >= BS_PROC_MAX_MT)
		return -1;
	memcpy(z->mt_names[z->nr_mt], key, sizeof(key));
	return z->nr_mt++;
}

/* "Node 0, zone Normal, type Movable 0 >100000 ..." */
static bool pagetype_free_row(struct bs_proc_zones *z, struct bs_scan *sc)
{
	const char *name, *mt;
	size_t nlen, mtlen;
	int node, m, o = 0;
	struct bs_proc_zone *pz;
	uint64_t v;

	if (!scan_node_zone(sc, &node, &name, &nlen) || !bs_scan_lit(sc, ","))
		return false;
	bs_scan_skip_space(sc);
	if (!bs_scan_lit(sc, "type") || !scan_word(sc, &mt, &mtlen))
		return false;
	m = mt_index(z, mt, mtlen);
	pz = zone_get(z, node, name, nlen);
	if (m < 0 || !pz)
		return true;	/* kept as much as we can hold */
	for (;;) {
		bool capped;

		bs_scan_skip_space(sc);
		capped = bs_scan_lit(sc, ">");
		if (!scan_count(sc, &v))
			break;
		if (o < BS_MAX_ORDERS) {
			pz->type_free[m][o] = v;
			pz->capped[m][o] = capped;
		}
		o++;
	}
	pz->has_types = true;
	return o > 0 && at_end(sc);
}

/* "Node 0, zone Normal 59 1591 78 0 0" under "Number of blocks type ...". */
static bool pagetype_block_row(struct bs_proc_zones *z, struct bs_scan *sc, const int *cols, int nr_cols)
{
	const char *name;
	size_t nlen;
	int node, c = 0;
	struct bs_proc_zone *pz;
	uint64_t v, vals[BS_PROC_MAX_MT * 2];

	if (!scan_node_zone(sc, &node, &name, &nlen))
		return false;
	for (;;) {
		bs_scan_skip_space(sc);
		if (!scan_count(sc, &v))
			break;
		if (c < (int)(sizeof(vals) / sizeof(vals[0])))
			vals[c] = v;
		c++;
	}
	if (!at_end(sc) || c != nr_cols)
		return false;
	pz = zone_get(z, node, name, nlen);
	if (!pz)
		return true;
	for (int i = 0; i < nr_cols; i++)
		if (cols[i] >= 0)
			pz->blocks[cols[i]] = vals[i];
	pz->has_blocks = true;
	return true;
}

/* A header "Free pages count per migrate type at order 0 1 ..." or "Number of blocks type A B ...". */
static bool pagetype_header(struct bs_proc_zones *z, struct bs_scan *sc, int *section, int *cols, int *nr_cols)
{
	uint64_t v;
	bool mixed;

	if (bs_scan_lit(sc, "Free pages count per migrate type at order")) {
		int n = 0;

		for (;;) {
			bs_scan_skip_space(sc);
			if (!scan_count(sc, &v))
				break;
			n++;
		}
		z->nr_type_orders = n > BS_MAX_ORDERS ? BS_MAX_ORDERS : n;
		*section = 1;
		return true;
	}
	mixed = bs_scan_lit(sc, "Number of mixed blocks");
	if (mixed || bs_scan_lit(sc, "Number of blocks type")) {
		const char *w;
		size_t n;

		*nr_cols = 0;
		while (scan_word(sc, &w, &n) && *nr_cols < BS_PROC_MAX_MT * 2)
			cols[(*nr_cols)++] = mixed ? -1 : mt_index(z, w, n);
		*section = mixed ? 3 : 2;
		return true;
	}
	if (bs_scan_lit(sc, "Page block order:")) {
		bs_scan_skip_space(sc);
		if (scan_count(sc, &v) && v < 64)
			z->pageblock_order = (int)v;
		return true;
	}
	return bs_scan_lit(sc, "Pages per block:");
}

int bs_proc_parse_pagetypeinfo(struct bs_proc_zones *z, const char *buf, size_t len)
{
	struct lines ls = lines_init(buf, len);
	const char *line;
	size_t llen;
	int before = z->bad_lines, section = 0, nr_cols = 0;
	int cols[BS_PROC_MAX_MT * 2];

	while (next_line(&ls, &line, &llen)) {
		struct bs_scan sc = bs_scan_init(line, llen);
		bool ok;

		if (at_end(&sc))
			continue;
		sc = bs_scan_init(line, llen);
		if (pagetype_header(z, &sc, &section, cols, &nr_cols))
			continue;
		sc = bs_scan_init(line, llen);
		if (section == 1)
			ok = pagetype_free_row(z, &sc);
		else if (section == 2 || section == 3)
			ok = pagetype_block_row(z, &sc, cols, nr_cols);
		else
			ok = false;
		if (!ok)
			bad(z, "pagetypeinfo", ls.no, line, llen);
	}
	return z->bad_lines - before;
}
