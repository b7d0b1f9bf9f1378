// SPDX-License-Identifier: MIT
/*
 * dedup.c - one fingerprint per report, and the set of those read.
 */
#include "dedup.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a over @len bytes, continuing @h. */
static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t bs_dedup_fingerprint(const struct bs_report *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int64_t stamp;

	/*
	 * The wall second is what every syslog copy shares (a journal or a
	 * kern.log written with printk times may add the boot stamp, a plain
	 * one not): prefer it, and the boot stamp in microseconds without one.
	 */
	if (r->has_wall)
		stamp = r->wall;
	else if (r->has_mono)
		stamp = (int64_t)(r->mono * 1e6 + 0.5);
	else
		return 0;
	h = fnv(h, &r->has_wall, sizeof(r->has_wall));
	h = fnv(h, &stamp, sizeof(stamp));
	h = fnv(h, &r->kind, sizeof(r->kind));
	h = fnv(h, &r->order, sizeof(r->order));
	h = fnv(h, &r->mode, sizeof(r->mode));
	h = fnv(h, &r->pid, sizeof(r->pid));
	h = fnv(h, r->comm, strnlen(r->comm, sizeof(r->comm)));
	/* two hosts that failed in the same second are two reports */
	h = fnv(h, r->host, strnlen(r->host, sizeof(r->host)));
	if (r->nr_frames)
		h = fnv(h, r->frames[0].func, strnlen(r->frames[0].func, sizeof(r->frames[0].func)));
	return h ? h : 1;
}

/* Double the table; false when memory ran out (the old table is kept). */
static bool grow(struct bs_dedup *d)
{
	size_t cap = d->cap ? d->cap * 2 : 1024;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *owner = calloc(cap, sizeof(*owner));

	if (!keys || !owner) {
		free(keys);
		free(owner);
		return false;
	}
	for (size_t i = 0; i < d->cap; i++) {
		size_t j;

		if (!d->keys[i])
			continue;
		for (j = d->keys[i] & (cap - 1); keys[j]; j = (j + 1) & (cap - 1))
			;
		keys[j] = d->keys[i];
		owner[j] = d->owner[i];
	}
	free(d->keys);
	free(d->owner);
	d->keys = keys;
	d->owner = owner;
	d->cap = cap;
	return true;
}

bool bs_dedup_check(struct bs_dedup *d, uint64_t fp, uint32_t input)
{
	size_t j;

	if (!fp)
		return false;
	for (j = d->cap ? fp & (d->cap - 1) : 0; d->cap && d->keys[j]; j = (j + 1) & (d->cap - 1)) {
		/* the input it was first read from decides: a repeat within one input is a new report */
		if (d->keys[j] == fp && d->owner[j] != input)
			return true;
		if (d->keys[j] == fp)
			return false;
	}
	if (d->n >= BS_DEDUP_MAX || (2 * (d->n + 1) > d->cap && !grow(d)))
		return false;
	for (j = fp & (d->cap - 1); d->keys[j]; j = (j + 1) & (d->cap - 1))
		;
	d->keys[j] = fp;
	d->owner[j] = input;
	d->n++;
	return false;
}

void bs_dedup_release(struct bs_dedup *d)
{
	free(d->keys);
	free(d->owner);
	memset(d, 0, sizeof(*d));
}
