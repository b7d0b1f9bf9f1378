// SPDX-License-Identifier: MIT
/*
 * gfp_query.c - one GFP mask on one kernel, answered once for the `gfp`
 * command's renderers: which table and era, the decode, the flags, and
 * the era's rules applied to it.
 */
#include "kernel/gfp_query.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel_era.h"

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	errno = EINVAL;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

unsigned bs_order_class_order(enum bs_order_class c)
{
	static const unsigned order[BS_NR_ORDER_CLASSES] = { 0, 1, 4 };

	return (unsigned)c < BS_NR_ORDER_CLASSES ? order[c] : 0;
}

/* the mask as the kernel prints it, hex with or without 0x: nothing to echo */
static bool looks_numeric(const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	return *s && strspn(s, "0123456789abcdefABCDEF") == strlen(s);
}

/* the default table with OPT=v tokens of @q replaced, as a variant name */
static const struct bs_gfp_table *pick_variant(const struct bs_gfp_table *t, const struct bs_gfp_query *q,
					       char *err, size_t errlen)
{
	char want[256], tok[64];
	const char *p = t->configs;
	size_t pos = 0;
	int used = 0;

	want[0] = '\0';
	while (*p) {
		size_t n = strcspn(p, " ");
		const char *val = NULL;

		snprintf(tok, sizeof(tok), "%.*s", (int)n, p);
		for (int i = 0; i < q->nr_configs; i++) {
			size_t k = strcspn(q->configs[i], "=");

			if (k && !strncmp(q->configs[i], tok, k) && tok[k] == '=') {
				val = q->configs[i];
				used++;
			}
		}
		pos += (size_t)snprintf(want + pos, pos < sizeof(want) ? sizeof(want) - pos : 0, "%s%s",
					pos ? " " : "", val ? val : tok);
		p += n;
		while (*p == ' ')
			p++;
	}
	if (used != q->nr_configs || pos >= sizeof(want)) {
		seterr(err, errlen, "invalid --config: on %s only %s change GFP values", t->id,
		       t->relevant_configs && *t->relevant_configs ? t->relevant_configs : "no options");
		return NULL;
	}
	t = bs_gfp_table_variant(t, want);
	if (!t)
		seterr(err, errlen, "invalid --config: no table for \"%s\"", want);
	return t;
}

/* may this mask compact at @order on the era, and does it do so before reclaim */
static void compact_at(struct bs_gfp_answer *a, unsigned order, struct bs_gfp_compact_answer *c)
{
	c->allowed = bs_rules_may_compact(a->r, a->t, a->mask, order, &c->why_not);
	c->first = c->allowed && bs_rules_compacts_first(a->r, a->t, a->mask, order);
}

static enum bs_gfp_inexact inexact(const struct bs_gfp_answer *a)
{
	if (a->exact)
		return BS_GFP_EXACT;
	if (a->kv.distro == BS_DISTRO_RHEL && a->t->distro == BS_DISTRO_RHEL)
		return BS_GFP_NEAREST_RELEASE;
	if (a->t->major == a->kv.major && a->t->minor == a->kv.minor)
		return BS_GFP_STABLE_UNKNOWN;
	return BS_GFP_SERIES_NOT_READ;
}

/* the option each flag's bit depends on, and a build that names the unknown bits */
static void flag_notes(struct bs_gfp_answer *a)
{
	const struct bs_gfp_table *t = a->t;

	for (size_t i = 0; i < a->nr_flags; i++) {
		a->flag_config[i] = NULL;
		for (size_t j = 0; j < t->nr_flags; j++)
			if (!strcmp(t->flags[j].name, a->flags[i]) && t->flags[j].config)
				a->flag_config[i] = t->flags[j].config;
	}
	for (size_t v = 0; a->unknown && v < t->nr_variants; v++) {
		const char *names[8];
		uint64_t left;
		size_t n = bs_gfp_split(t->variants[v], a->unknown, names, 8, &left);

		if (n && !left) {
			a->unknown_variant = t->variants[v];
			a->unknown_variant_flag = names[0];
			break;
		}
	}
}

/* what the tables read before and after this kernel call each unknown bit */
static void elsewhere(struct bs_gfp_answer *a)
{
	const struct bs_gfp_table *nb[2];

	if (!a->unknown)
		return;
	bs_gfp_neighbours(a->t, &nb[0], &nb[1]);
	for (int b = 0; b < 64; b++) {
		uint64_t bit = 1ull << b;

		if (!(a->unknown & bit))
			continue;
		for (int i = 0; i < 2; i++) {
			struct bs_gfp_elsewhere *e;
			const char *names[4];
			uint64_t left;
			size_t n;

			if (!nb[i] || a->nr_elsewhere >= BS_GFP_QUERY_MAX_ELSEWHERE)
				continue;
			n = bs_gfp_split(nb[i], bit, names, 4, &left);
			e = &a->elsewhere[a->nr_elsewhere++];
			e->bit = bit;
			e->table = nb[i];
			e->name = n && !left ? names[0] : NULL;
		}
	}
}

/* stable release unknown: the era later releases of the series follow, if another */
static const struct bs_rules *late_rules(const struct bs_gfp_answer *a)
{
	struct bs_kver late = a->kv;

	if (!a->have_kv || !a->rules_hold || a->kv.sublevel >= 0 || a->r->distro != BS_DISTRO_NONE)
		return NULL;
	late.sublevel = 999;
	return bs_rules_for(&late) != a->r ? bs_rules_for(&late) : NULL;
}

int bs_gfp_answer(const struct bs_gfp_query *q, struct bs_gfp_answer *a, char *err, size_t errlen)
{
	struct bs_kernel_era era;
	char perr[256];

	memset(a, 0, sizeof(*a));
	if (err && errlen)
		err[0] = '\0';
	if (!q || !q->mask) {
		seterr(err, errlen, "no mask");
		return -1;
	}
	if (q->kernel) {
		if (bs_kver_parse(q->kernel, strlen(q->kernel), &a->kv) < 0 || bs_kernel_era(&a->kv, &era) < 0) {
			seterr(err, errlen, "invalid kernel version \"%s\": expected e.g. 3.10.0-514.el7.x86_64 or 6.1.55",
			       q->kernel);
			return -1;
		}
		a->have_kv = true;
		a->t = era.gfp;
		a->exact = era.gfp_exact;
	} else {
		/* the newest table, as the version its headers were read at */
		a->t = bs_gfp_newest_table();
		a->exact = true;
		a->kv.major = a->t->major;
		a->kv.minor = a->t->minor;
		a->kv.sublevel = a->t->sublevel;
		a->kv.distro = BS_DISTRO_NONE;
		a->kv.distro_release = a->kv.distro_major = -1;
		bs_kernel_era(&a->kv, &era);
	}
	a->r = era.rules;
	a->rules_hold = era.rules_hold;
	if (q->nr_configs) {
		a->t = pick_variant(a->t, q, err, errlen);
		if (!a->t)
			return -1;
	}
	a->symbolic = !looks_numeric(q->mask);
	if (bs_gfp_parse(a->t, q->mask, &a->mask, perr, sizeof(perr)) < 0) {
		seterr(err, errlen, "invalid mask \"%s\": %s", q->mask, perr);
		return -1;
	}
	a->inexact = inexact(a);
	bs_gfp_format(a->t, a->mask, a->decoded, sizeof(a->decoded));
	if (a->t->nr_trace_names)
		bs_gfp_format_trace(a->t, a->mask, a->traced, sizeof(a->traced));
	a->nr_flags = bs_gfp_split(a->t, a->mask, a->flags, BS_GFP_QUERY_MAX_FLAGS, &a->unknown);
	if (a->nr_flags > BS_GFP_QUERY_MAX_FLAGS)
		a->nr_flags = BS_GFP_QUERY_MAX_FLAGS;
	flag_notes(a);
	elsewhere(a);
	bs_gfp_meaning(a->t, a->mask, &a->m);

	bs_rules_range(a->r, a->rules_range, sizeof(a->rules_range));
	a->rules_late = late_rules(a);
	compact_at(a, q->order, &a->compact);
	for (int c = 0; c < BS_NR_ORDER_CLASSES; c++)
		compact_at(a, bs_order_class_order((enum bs_order_class)c), &a->compact_class[c]);
	a->oom = bs_rules_may_oom(a->r, a->t, a->mask, q->order, &a->oom_why);
	a->loops = bs_rules_loops_forever(a->r, a->t, a->mask, q->order, &a->loops_why);
	a->alloc_flags = bs_rules_gfp_to_alloc_flags(a->r, a->t, a->mask, q->order, NULL, BS_ALLOC_WMARK_MIN);
	return 0;
}

struct bs_gfp_answer *bs_gfp_answer_alloc(void)
{
	return calloc(1, sizeof(struct bs_gfp_answer));
}

void bs_gfp_answer_free(struct bs_gfp_answer *a)
{
	free(a);
}

uint64_t bs_gfp_answer_mask(const struct bs_gfp_answer *a)
{
	return a->mask;
}

const char *bs_gfp_answer_decoded(const struct bs_gfp_answer *a)
{
	return a->decoded;
}
