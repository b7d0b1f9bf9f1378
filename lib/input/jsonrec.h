/* SPDX-License-Identifier: MIT */
/*
 * jsonrec.h - journal entries from JSON: journalctl -o json (one object a
 * line), json-seq (RFC 7464: each object after a 0x1e), json-pretty
 * (objects over several lines), and util-linux dmesg --json (one object
 * {"dmesg":[{"pri":6,"time":12.345678,"msg":"..."}, ...]}).  Parsed by
 * json-c as the bytes stream past, one object at a time; an object that
 * does not parse is counted and skipped to the next line.
 */
#ifndef BS_INPUT_JSONREC_H
#define BS_INPUT_JSONREC_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* The largest object kept while it is parsed; past it the object is dropped as bad. */
#define BS_JSONREC_OBJECT_MAX (256u << 20)

struct bs_jsonrec;

/*
 * A reader calling @fn for every entry: a journal object, or each element
 * of a dmesg --json array.  MESSAGE may be a string, an array of bytes
 * (journalctl's form for binary data) or a list of either (a field set
 * twice: the first is taken); __MONOTONIC_TIMESTAMP and
 * __REALTIME_TIMESTAMP are decimal strings of microseconds.
 * RETURN VALUE: the reader, or NULL with errno ENOMEM.
 */
struct bs_jsonrec *bs_jsonrec_alloc(bs_jrecord_fn fn, void *ctx);
void bs_jsonrec_feed(struct bs_jsonrec *j, const char *buf, size_t len);
/* End of input: an object left open is counted bad. */
void bs_jsonrec_finish(struct bs_jsonrec *j);
/* Entries handed out, and objects that did not parse or were no entry. */
void bs_jsonrec_stats(const struct bs_jsonrec *j, uint64_t *records, uint64_t *bad);
void bs_jsonrec_free(struct bs_jsonrec *j);

#endif
