/* SPDX-License-Identifier: MIT */
/*
 * verbose.h - journal entries from journalctl -o verbose: a header line
 * per entry, "Sat 2023-04-29 13:54:31.000000 UTC [s=...;i=...;b=...;
 * m=12ac2534e;t=5fa79edca53c0;x=...]" (m= and t= are the monotonic and
 * realtime stamps in hexadecimal microseconds), then one "    NAME=value"
 * line per field; a value with newlines goes on over lines indented past
 * its "NAME=".
 */
#ifndef BS_INPUT_VERBOSE_H
#define BS_INPUT_VERBOSE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct bs_verbose;

/* A reader calling @fn for every entry.  NULL with errno ENOMEM. */
struct bs_verbose *bs_verbose_alloc(bs_jrecord_fn fn, void *ctx);
void bs_verbose_feed(struct bs_verbose *v, const char *buf, size_t len);
void bs_verbose_finish(struct bs_verbose *v);
/* Entries handed out, and lines that fit no entry. */
void bs_verbose_stats(const struct bs_verbose *v, uint64_t *records, uint64_t *bad);
void bs_verbose_free(struct bs_verbose *v);

#endif
