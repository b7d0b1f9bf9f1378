// SPDX-License-Identifier: MIT
/*
 * gfp.c - decode, encode and print GFP masks with one kernel's tables.
 *
 * The tables (lib/knowledge/gfp_*.c) are generated from each kernel's own
 * headers; this file only walks them.  The one algorithm copied in spirit
 * from the kernel is the name walk of lib/vsprintf.c format_flags() (and its
 * twin trace_print_flags_seq() for the tracepoints):
 *
 *	for each {mask, name} in table order, while bits remain:
 *		if every bit of mask is still set: print name, clear mask
 *	print what is left as 0x...
 *
 * Worked example on 4.19: 0x6040c0 is __GFP_IO 0x40 | __GFP_FS 0x80 |
 * __GFP_COMP 0x4000 | __GFP_DIRECT_RECLAIM 0x200000 | __GFP_KSWAPD_RECLAIM
 * 0x400000.  GFP_TRANSHUGE .. GFP_USER need bits it lacks (__GFP_HARDWALL
 * 0x20000, ...), GFP_KERNEL_ACCOUNT needs __GFP_ACCOUNT 0x100000, GFP_KERNEL
 * = 0x6000c0 matches and leaves 0x4000, which __GFP_COMP takes: the kernel
 * prints "GFP_KERNEL|__GFP_COMP".
 *
 * Reproduced on purpose: an entry whose mask is 0 in a build "matches"
 * whenever bits are still left when the walk reaches it and is printed, as
 * the kernel does.  Leftover bits print as one lowercase 0x number.
 */
#include "kernel/gfp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* lib/knowledge/gfp_index.c */
extern const struct bs_gfp_table *const bs_gfp_knowledge[];
extern const size_t bs_gfp_knowledge_count;

const struct bs_gfp_table *const *bs_gfp_tables(size_t *n)
{
	*n = bs_gfp_knowledge_count;
	return bs_gfp_knowledge;
}

static long table_code(const struct bs_gfp_table *t)
{
	return bs_kver_code(t->major, t->minor, t->sublevel);
}

const struct bs_gfp_table *bs_gfp_newest_table(void)
{
	const struct bs_gfp_table *best = NULL;

	for (size_t i = 0; i < bs_gfp_knowledge_count; i++) {
		const struct bs_gfp_table *t = bs_gfp_knowledge[i];

		if (t->distro == BS_DISTRO_NONE && (!best || table_code(t) > table_code(best)))
			best = t;
	}
	return best ? best : bs_gfp_knowledge[bs_gfp_knowledge_count - 1];
}

void bs_gfp_neighbours(const struct bs_gfp_table *t, const struct bs_gfp_table **older,
		       const struct bs_gfp_table **newer)
{
	long code;

	*older = *newer = NULL;
	if (!t)
		return;
	if (t->base)
		t = t->base;
	code = table_code(t);
	for (size_t i = 0; i < bs_gfp_knowledge_count; i++) {
		const struct bs_gfp_table *c = bs_gfp_knowledge[i];
		long cc = table_code(c);

		if (c == t || c->distro != BS_DISTRO_NONE)
			continue;
		if ((cc < code || (cc == code && t->distro != BS_DISTRO_NONE)) &&
		    (!*older || cc > table_code(*older)))
			*older = c;
		if (cc > code && (!*newer || cc < table_code(*newer)))
			*newer = c;
	}
}

const struct bs_gfp_table *bs_gfp_table_by_id(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < bs_gfp_knowledge_count; i++)
		if (!strcmp(bs_gfp_knowledge[i]->id, id))
			return bs_gfp_knowledge[i];
	return NULL;
}

const struct bs_gfp_table *bs_gfp_table_variant(const struct bs_gfp_table *t, const char *configs)
{
	const struct bs_gfp_table *base;

	if (!t || !configs)
		return NULL;
	base = t->base ? t->base : t;
	if (!strcmp(configs, base->configs))
		return base;
	for (size_t i = 0; i < base->nr_variants; i++)
		if (!strcmp(base->variants[i]->variant, configs))
			return base->variants[i];
	return NULL;
}

static const struct bs_gfp_flag *find_flag(const struct bs_gfp_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_flags; i++)
		if (!strcmp(t->flags[i].name, name))
			return &t->flags[i];
	return NULL;
}

int bs_gfp_flag_lookup(const struct bs_gfp_table *t, const char *name, uint64_t *mask)
{
	const struct bs_gfp_flag *f;

	if (!t || !name || !mask) {
		errno = EINVAL;
		return -1;
	}
	f = find_flag(t, name);
	if (!f) {
		errno = ENOENT;
		return -1;
	}
	*mask = f->mask;
	return 0;
}

uint64_t bs_gfp_known_bits(const struct bs_gfp_table *t)
{
	uint64_t all = 0;

	for (size_t i = 0; t && i < t->nr_flags; i++)
		all |= t->flags[i].mask;
	return all;
}

/* snprintf into buf+*pos, keeping the would-be length in *pos */
static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < len ? buf + *pos : NULL, *pos < len ? len - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
}

/*
 * The single-flag spelling of a pre-4.5 tracepoint name: "GFP_COMP" is
 * __GFP_COMP when this kernel has such a flag with the same mask.
 */
static const char *proper_name(const struct bs_gfp_table *t, const struct bs_gfp_name *n)
{
	char full[64];
	const struct bs_gfp_flag *f;

	if (strncmp(n->name, "GFP_", 4) != 0 || strlen(n->name) + 3 > sizeof(full))
		return n->name;
	snprintf(full, sizeof(full), "__%s", n->name);
	f = find_flag(t, full);
	if (f && f->mask == n->mask)
		return f->name;
	return n->name;
}

/* The kernel's format_flags() walk; @spell maps old trace spellings. */
static int walk(const struct bs_gfp_table *t, const struct bs_gfp_name *names, size_t nr,
		bool spell, uint64_t mask, char *buf, size_t len)
{
	size_t pos = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; mask && i < nr; i++) {
		uint64_t m = names[i].mask;

		if ((mask & m) != m)
			continue;
		put(buf, len, &pos, "%s", spell ? proper_name(t, &names[i]) : names[i].name);
		mask &= ~m;
		if (mask)
			put(buf, len, &pos, "|");
	}
	/*
	 * Before 4.5 the kernel printed no decode, and the tracepoint list
	 * leaves out bits such as __GFP_HIGHMEM and __GFP_DMA: name what this
	 * kernel defines rather than show it as hex.
	 */
	for (size_t i = 0; spell && mask && i < t->nr_flags; i++) {
		uint64_t m = t->flags[i].mask;

		if (!m || (mask & m) != m || t->flags[i].alias_of)
			continue;
		put(buf, len, &pos, "%s", t->flags[i].name);
		mask &= ~m;
		if (mask)
			put(buf, len, &pos, "|");
	}
	if (mask)
		put(buf, len, &pos, "%#llx", (unsigned long long)mask);
	return pos > (size_t)0x7fffffff ? 0x7fffffff : (int)pos;
}

int bs_gfp_format(const struct bs_gfp_table *t, uint64_t mask, char *buf, size_t len)
{
	if (!t) {
		errno = EINVAL;
		if (len)
			buf[0] = '\0';
		return -1;
	}
	if (t->has_name_table)
		return walk(t, t->names, t->nr_names, false, mask, buf, len);
	return walk(t, t->trace_names, t->nr_trace_names, true, mask, buf, len);
}

int bs_gfp_format_trace(const struct bs_gfp_table *t, uint64_t mask, char *buf, size_t len)
{
	size_t pos = 0;

	if (!t || !t->nr_trace_names) {
		errno = EINVAL;
		if (len)
			buf[0] = '\0';
		return -1;
	}
	if (!mask) {
		put(buf, len, &pos, "%s", t->trace_zero ? t->trace_zero : "none");
		return (int)pos;
	}
	return walk(t, t->trace_names, t->nr_trace_names, false, mask, buf, len);
}

size_t bs_gfp_split(const struct bs_gfp_table *t, uint64_t mask,
		    const char **names, size_t max, uint64_t *unknown)
{
	size_t n = 0;
	uint64_t left = mask;

	for (size_t i = 0; t && i < t->nr_flags; i++) {
		const struct bs_gfp_flag *f = &t->flags[i];

		if (f->alias_of || !f->mask || (mask & f->mask) != f->mask)
			continue;
		if (n < max)
			names[n] = f->name;
		n++;
		left &= ~f->mask;
	}
	if (unknown)
		*unknown = left;
	return n;
}

static const struct bs_gfp_name *find_name(const struct bs_gfp_name *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* the mask of @name in @t: a flag, composite or table name; false if none */
static bool lookup(const struct bs_gfp_table *t, const char *name, uint64_t *mask)
{
	const struct bs_gfp_flag *f = find_flag(t, name);
	const struct bs_gfp_name *c;

	if (f) {
		*mask = f->mask;
		return true;
	}
	c = find_name(t->composites, t->nr_composites, name);
	if (!c)
		c = find_name(t->names, t->nr_names, name);
	if (!c && t->has_name_table == false)
		c = find_name(t->trace_names, t->nr_trace_names, name);
	if (c) {
		*mask = c->mask;
		return true;
	}
	return false;
}

int bs_gfp_composite_lookup(const struct bs_gfp_table *t, const char *name, uint64_t *mask)
{
	const struct bs_gfp_name *c;

	if (!t || !name || !mask) {
		errno = EINVAL;
		return -1;
	}
	c = find_name(t->composites, t->nr_composites, name);
	if (!c) {
		errno = ENOENT;
		return -1;
	}
	*mask = c->mask;
	return 0;
}

bool bs_gfp_is_absent(const struct bs_gfp_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->nr_absent; i++)
		if (!strcmp(t->absent[i], name))
			return true;
	return false;
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* one token: a number, a name, or a name missing its leading "__" */
/*
 * A number token: hex, as the kernel prints masks ("mode:0x104050"), with
 * or without its 0x; decimal only when asked for with 0d ("0d3264").
 * 0 and *@v, or -1 when @tok is not entirely such a number.
 */
static int parse_number(const char *tok, uint64_t *v)
{
	const char *p = tok;
	unsigned base = 16;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X' || p[1] == 'd' || p[1] == 'D')) {
		base = p[1] == 'd' || p[1] == 'D' ? 10 : 16;
		p += 2;
	}
	if (!*p)
		return -1;
	*v = 0;
	for (; *p; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			return -1;
		if (*v > (UINT64_MAX - d) / base)
			return -1;
		*v = *v * base + d;
	}
	return 0;
}

static int parse_token(const struct bs_gfp_table *t, const char *tok, uint64_t *mask,
		       char *err, size_t errlen)
{
	char name[128];		/* "__GFP_" + a token of at most 95 bytes */
	uint64_t v = 0;

	if (tok[0] >= '0' && tok[0] <= '9') {
		if (parse_number(tok, &v) < 0) {
			seterr(err, errlen, "invalid number \"%s\" (hex, as the kernel prints masks; "
			       "0d for decimal)", tok);
			return -1;
		}
		*mask |= v;
		return 0;
	}
	if (lookup(t, tok, &v)) {
		*mask |= v;
		return 0;
	}
	/* "GFP_COMP" as the old tracepoints spell it, or "COMP" alone */
	if (strncmp(tok, "__", 2) != 0) {
		snprintf(name, sizeof(name), "__%s", tok);
		if (lookup(t, name, &v)) {
			*mask |= v;
			return 0;
		}
		snprintf(name, sizeof(name), "__GFP_%s", tok);
		if (strncmp(tok, "GFP_", 4) != 0 && lookup(t, name, &v)) {
			*mask |= v;
			return 0;
		}
	}
	/* "c0": hex without its 0x, since no flag name is all hex digits */
	if (parse_number(tok, &v) == 0) {
		*mask |= v;
		return 0;
	}
	if (bs_gfp_is_absent(t, tok))
		seterr(err, errlen, "\"%s\" is compiled out of the default %s build (%s)", tok, t->id,
		       t->relevant_configs && *t->relevant_configs ? t->relevant_configs : "config");
	else
		seterr(err, errlen, "unknown flag \"%s\" on %s", tok, t->id);
	return -1;
}

int bs_gfp_parse(const struct bs_gfp_table *t, const char *expr, uint64_t *mask,
		 char *err, size_t errlen)
{
	char tok[96];
	const char *p = expr;
	uint64_t m = 0;
	int ntok = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!t || !expr || !mask) {
		seterr(err, errlen, "nothing to parse");
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		size_t n = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		while (*p && *p != '|' && *p != ' ' && *p != '\t') {
			if (n + 1 >= sizeof(tok)) {
				seterr(err, errlen, "token too long at \"%.20s...\"", p - n);
				errno = EINVAL;
				return -1;
			}
			tok[n++] = *p++;
		}
		tok[n] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!n) {
			seterr(err, errlen, "empty flag in \"%s\"", expr);
			errno = EINVAL;
			return -1;
		}
		if (parse_token(t, tok, &m, err, errlen) < 0) {
			errno = EINVAL;
			return -1;
		}
		ntok++;
		if (!*p)
			break;
		if (*p != '|') {
			seterr(err, errlen, "expected '|' after \"%s\"", tok);
			errno = EINVAL;
			return -1;
		}
		p++;
	}
	*mask = m;
	return ntok ? 0 : -1;
}

/*
 * Each semantic flag and the names kernels gave its bit, preferred first:
 * the only place a flag is looked up by name to learn what a mask means.
 */
static const char *const sem_names[BS_GFP_NR_SEM][3] = {
	[BS_GFP_DMA]		= { "__GFP_DMA" },
	[BS_GFP_HIGHMEM]	= { "__GFP_HIGHMEM" },
	[BS_GFP_DMA32]		= { "__GFP_DMA32" },
	[BS_GFP_MOVABLE]	= { "__GFP_MOVABLE" },
	[BS_GFP_RECLAIMABLE]	= { "__GFP_RECLAIMABLE" },
	[BS_GFP_HIGH]		= { "__GFP_HIGH" },
	[BS_GFP_IO]		= { "__GFP_IO" },
	[BS_GFP_FS]		= { "__GFP_FS" },
	/* d0164adc89f6 (4.4) split __GFP_WAIT into direct and kswapd reclaim */
	[BS_GFP_DIRECT_RECLAIM]	= { "__GFP_DIRECT_RECLAIM", "__GFP_WAIT" },
	[BS_GFP_KSWAPD_RECLAIM]	= { "__GFP_KSWAPD_RECLAIM" },
	[BS_GFP_NO_KSWAPD]	= { "__GFP_NO_KSWAPD" },
	[BS_GFP_ATOMIC]		= { "__GFP_ATOMIC" },
	[BS_GFP_MEMALLOC]	= { "__GFP_MEMALLOC" },
	[BS_GFP_NOMEMALLOC]	= { "__GFP_NOMEMALLOC" },
	[BS_GFP_NOWARN]		= { "__GFP_NOWARN" },
	[BS_GFP_NORETRY]	= { "__GFP_NORETRY" },
	[BS_GFP_REPEAT]		= { "__GFP_REPEAT" },
	[BS_GFP_RETRY_MAYFAIL]	= { "__GFP_RETRY_MAYFAIL" },
	[BS_GFP_NOFAIL]		= { "__GFP_NOFAIL" },
	[BS_GFP_COMP]		= { "__GFP_COMP" },
	[BS_GFP_ZERO]		= { "__GFP_ZERO" },
	[BS_GFP_THISNODE]	= { "__GFP_THISNODE" },
	[BS_GFP_HARDWALL]	= { "__GFP_HARDWALL" },
	/* RHEL 7.8 renamed __GFP_KMEMCG; upstream replaced it in 4.5 */
	[BS_GFP_ACCOUNT]	= { "__GFP_ACCOUNT", "__GFP_KMEMCG" },
	[BS_GFP_WRITE]		= { "__GFP_WRITE" },
};

/* The bit of @f in @t (the first spelling this kernel has), 0 when none. */
static uint64_t sem_bit(const struct bs_gfp_table *t, enum bs_gfp_sem f, bool *waitname)
{
	for (int i = 0; i < 3 && sem_names[f][i]; i++) {
		const struct bs_gfp_flag *fl = find_flag(t, sem_names[f][i]);

		if (fl && fl->mask) {
			if (waitname)
				*waitname = i > 0;
			return fl->mask;
		}
	}
	return 0;
}

/*
 * GFP_ZONE_TABLE (include/linux/gfp.h, 2.6.31 on), indexed by the four
 * zone modifiers DMA 1, HIGHMEM 2, DMA32 4, MOVABLE 8; -1 marks the
 * GFP_ZONE_BAD entries, which the table leaves 0 (see bs_gfp_decoded).
 */
static const signed char zone_table[16] = {
	BS_ZONE_NORMAL, BS_ZONE_DMA, BS_ZONE_HIGHMEM, -1,
	BS_ZONE_DMA32, -1, -1, -1,
	BS_ZONE_NORMAL, BS_ZONE_DMA, BS_ZONE_MOVABLE, -1,
	BS_ZONE_DMA32, -1, -1, -1,
};

void bs_gfp_decode(const struct bs_gfp_table *t, uint64_t mask, struct bs_gfp_decoded *d)
{
	unsigned zbits = 0;
	int z;

	memset(d, 0, sizeof(*d));
	d->mask = mask;
	d->unknown = mask;
	if (!t) {
		d->zone = BS_ZONE_NORMAL;
		return;
	}
	for (int f = 0; f < BS_GFP_NR_SEM; f++) {
		bool other = false;
		uint64_t m = sem_bit(t, (enum bs_gfp_sem)f, &other);

		if (!m)
			continue;
		d->defined |= 1u << f;
		if ((mask & m) == m)
			d->set |= 1u << f;
		if (f == BS_GFP_DIRECT_RECLAIM)
			d->wait_era = other;
	}
	d->unknown = mask & ~bs_gfp_known_bits(t);
	d->may_sleep = bs_gfp_is(d, BS_GFP_DIRECT_RECLAIM);
	/* 4.4 on: its own bit; 2.6.38 .. 4.3: unless __GFP_NO_KSWAPD; 2.6.32: always */
	if (bs_gfp_defines(d, BS_GFP_KSWAPD_RECLAIM))
		d->wakes_kswapd = bs_gfp_is(d, BS_GFP_KSWAPD_RECLAIM);
	else
		d->wakes_kswapd = !bs_gfp_is(d, BS_GFP_NO_KSWAPD);

	zbits = (bs_gfp_is(d, BS_GFP_DMA) ? 1u : 0) | (bs_gfp_is(d, BS_GFP_HIGHMEM) ? 2u : 0) |
		(bs_gfp_is(d, BS_GFP_DMA32) ? 4u : 0) | (bs_gfp_is(d, BS_GFP_MOVABLE) ? 8u : 0);
	z = zone_table[zbits];
	d->zone_bad = z < 0;
	d->zone = z < 0 ? BS_ZONE_DMA : (enum bs_gfp_zone_type)z;

	if (bs_gfp_is(d, BS_GFP_MOVABLE) && bs_gfp_is(d, BS_GFP_RECLAIMABLE))
		d->migratetype = BS_MT_INVALID;
	else if (bs_gfp_is(d, BS_GFP_MOVABLE))
		d->migratetype = BS_MT_MOVABLE;
	else if (bs_gfp_is(d, BS_GFP_RECLAIMABLE))
		d->migratetype = BS_MT_RECLAIMABLE;
	else
		d->migratetype = BS_MT_UNMOVABLE;
}

const char *bs_gfp_zone_name(enum bs_gfp_zone_type z)
{
	static const char *const names[BS_NR_ZONE_TYPES] = {
		"DMA", "DMA32", "Normal", "HighMem", "Movable",
	};

	return (unsigned)z < BS_NR_ZONE_TYPES ? names[z] : "?";
}

enum bs_gfp_zone_type bs_gfp_zone_in(const struct bs_gfp_decoded *d, unsigned have)
{
	if (d->zone_bad) {
		for (int z = 0; z < BS_NR_ZONE_TYPES; z++)
			if (have & (1u << z))
				return (enum bs_gfp_zone_type)z;
		return BS_ZONE_NORMAL;
	}
	if (d->zone == BS_ZONE_NORMAL || (have & (1u << d->zone)))
		return d->zone;
	return BS_ZONE_NORMAL;
}

const char *bs_gfp_zone(const struct bs_gfp_table *t, uint64_t mask, bool highmem)
{
	struct bs_gfp_decoded d;

	bs_gfp_decode(t, mask, &d);
	if (d.zone_bad)
		return NULL;
	return bs_gfp_zone_name(bs_gfp_zone_in(&d, BS_ZONES_X86_64 | (highmem ? 1u << BS_ZONE_HIGHMEM : 0)));
}

static const char *mt_name(enum bs_gfp_migratetype mt)
{
	return mt == BS_MT_MOVABLE ? "Movable" : mt == BS_MT_RECLAIMABLE ? "Reclaimable" :
	       mt == BS_MT_UNMOVABLE ? "Unmovable" : NULL;
}

const char *bs_gfp_migratetype(const struct bs_gfp_table *t, uint64_t mask)
{
	struct bs_gfp_decoded d;

	bs_gfp_decode(t, mask, &d);
	return mt_name(d.migratetype);
}

void bs_gfp_meaning(const struct bs_gfp_table *t, uint64_t mask, struct bs_gfp_meaning *m)
{
	struct bs_gfp_decoded d;

	memset(m, 0, sizeof(*m));
	if (!t)
		return;
	bs_gfp_decode(t, mask, &d);
	m->wait_era = d.wait_era;
	m->direct_reclaim = d.may_sleep;
	m->wake_kswapd = d.wakes_kswapd;
	m->io = bs_gfp_is(&d, BS_GFP_IO);
	m->fs = bs_gfp_is(&d, BS_GFP_FS);
	m->high = bs_gfp_is(&d, BS_GFP_HIGH);
	m->atomic = bs_gfp_is(&d, BS_GFP_ATOMIC);
	m->memalloc = bs_gfp_is(&d, BS_GFP_MEMALLOC);
	m->nomemalloc = bs_gfp_is(&d, BS_GFP_NOMEMALLOC);
	m->noretry = bs_gfp_is(&d, BS_GFP_NORETRY);
	m->repeat = bs_gfp_is(&d, BS_GFP_REPEAT);
	m->retry_mayfail = bs_gfp_is(&d, BS_GFP_RETRY_MAYFAIL);
	m->nofail = bs_gfp_is(&d, BS_GFP_NOFAIL);
	m->nowarn = bs_gfp_is(&d, BS_GFP_NOWARN);
	m->comp = bs_gfp_is(&d, BS_GFP_COMP);
	m->zero = bs_gfp_is(&d, BS_GFP_ZERO);
	m->thisnode = bs_gfp_is(&d, BS_GFP_THISNODE);
	m->hardwall = bs_gfp_is(&d, BS_GFP_HARDWALL);
	m->account = bs_gfp_is(&d, BS_GFP_ACCOUNT);
	m->zone = d.zone_bad ? NULL : bs_gfp_zone_name(bs_gfp_zone_in(&d, BS_ZONES_X86_64));
	m->migratetype = mt_name(d.migratetype);
	m->unknown = d.unknown;
}

/*
 * The first series an upstream table is taken to describe: its own, or the
 * earlier one its .since_* names.  Between two sampled series the layout in
 * force is the one of the newest table whose first series is not newer.
 */
static long table_floor(const struct bs_gfp_table *t)
{
	if (t->since_major > 0)
		return bs_kver_code(t->since_major, t->since_minor, 0);
	return bs_kver_code(t->major, t->minor, t->major == 2 ? t->sublevel : 0);
}

static bool in_stable_range(const struct bs_gfp_table *t, int sublevel)
{
	if (t->stable_from < 0)
		return true;
	return sublevel >= t->stable_from && sublevel <= t->stable_to;
}

/* how far RHEL release @rel lies outside the release range of @t */
static long release_gap(const struct bs_gfp_table *t, int rel)
{
	if (rel < t->distro_from)
		return (long)t->distro_from - rel;
	if (rel > t->distro_to)
		return (long)rel - t->distro_to;
	return 0;
}

/*
 * Which table for which version.  Tables are samples: a kernel of a series
 * that was not sampled has the layout of the newest table whose first
 * series (table_floor()) is not newer than it - GFP bits change at a
 * release and stay - and versions older than every table take the oldest.
 */
const struct bs_gfp_table *bs_kver_gfp_table(const struct bs_kver *v, bool *exact)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	const struct bs_gfp_table *best = NULL;
	long want;

	if (exact)
		*exact = false;
	if (!v || v->major <= 0 || !n)
		return NULL;

	/* distro tables keyed by release range */
	if (v->distro != BS_DISTRO_NONE) {
		for (size_t i = 0; i < n; i++) {
			const struct bs_gfp_table *t = all[i];

			if (t->distro != v->distro || t->distro == BS_DISTRO_NONE)
				continue;
			if (t->major != v->major || t->minor != v->minor || t->distro_major != v->distro_major)
				continue;
			if (v->distro_release >= t->distro_from && v->distro_release <= t->distro_to) {
				if (exact)
					*exact = true;
				return t;
			}
			/* a release between the ranges read: the nearest range */
			if (!best || release_gap(t, v->distro_release) < release_gap(best, v->distro_release))
				best = t;
		}
		if (best)
			return best;
	}
	/* upstream tables of the same series */
	for (size_t i = 0; i < n; i++) {
		const struct bs_gfp_table *t = all[i];

		if (t->distro != BS_DISTRO_NONE || t->major != v->major || t->minor != v->minor)
			continue;
		if (v->major == 2 && t->sublevel != v->sublevel)
			continue;	/* 2.6.x: the third number is the series */
		if (v->sublevel >= 0 && in_stable_range(t, v->sublevel)) {
			if (exact)
				*exact = true;
			return t;
		}
		/* sublevel unknown or between ranges: the latest stable releases */
		if (!best || t->stable_from > best->stable_from)
			best = t;
	}
	if (best)
		return best;
	/* the layout in force before: the newest table not newer than @v */
	want = bs_kver_code(v->major, v->minor, v->major == 2 ? v->sublevel : 0);
	for (size_t i = 0; i < n; i++) {
		const struct bs_gfp_table *t = all[i];

		if (t->distro != BS_DISTRO_NONE || table_floor(t) > want)
			continue;
		if (!best || table_floor(t) > table_floor(best) ||
		    (table_floor(t) == table_floor(best) && t->sublevel > best->sublevel))
			best = t;
	}
	if (best)
		return best;
	for (size_t i = 0; i < n; i++)	/* older than every sample: the oldest */
		if (all[i]->distro == BS_DISTRO_NONE && (!best || table_floor(all[i]) < table_floor(best)))
			best = all[i];
	return best ? best : all[0];
}
