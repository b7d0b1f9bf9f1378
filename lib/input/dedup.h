/* SPDX-License-Identifier: MIT */
/*
 * dedup.h - the same report read from two inputs is one report: syslog
 * daemons write a kernel message to kern.log and to syslog (or messages),
 * and a sosreport holds both.  A report is known by a fingerprint of its
 * stamp and its header (kind, order, mode, task, pid, first frame); the
 * set remembers which input each fingerprint came from, so a report that
 * repeats inside one input (the same failure twice in a second) still
 * counts twice.
 */
#ifndef BS_INPUT_DEDUP_H
#define BS_INPUT_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/report.h"

/* Fingerprints kept at most; reports past them are never called duplicates. */
#define BS_DEDUP_MAX (1u << 20)

struct bs_dedup {
	uint64_t *keys;		/* 0: empty slot */
	uint32_t *owner;	/* the input the fingerprint was first read from */
	size_t cap, n;
};

/*
 * The fingerprint of @r, or 0 when it has no stamp to tell two sightings
 * apart (such reports are never duplicates).
 */
uint64_t bs_dedup_fingerprint(const struct bs_report *r);

/*
 * bs_dedup_check - was @fp already read from another input than @input?
 * Remembers @fp for @input when it is new.  Out of memory or full, it
 * answers false (counting a report twice is better than losing one).
 */
bool bs_dedup_check(struct bs_dedup *d, uint64_t fp, uint32_t input);

void bs_dedup_release(struct bs_dedup *d);

#endif
