/* SPDX-License-Identifier: MIT */
/*
 * export.h - journal entries from the journal export format (journalctl
 * -o export, the input of systemd-journal-remote): each entry is a run of
 * fields ended by an empty line; a field is "NAME=value\n", or, when the
 * value may hold any byte, "NAME\n", its length as 64-bit little-endian,
 * the bytes and "\n".  Only the fields explain needs are kept (MESSAGE,
 * the two timestamps, _HOSTNAME, _TRANSPORT), each up to BS_LINE_MAX
 * bytes, so memory stays bounded whatever the stream holds.
 */
#ifndef BS_INPUT_EXPORT_H
#define BS_INPUT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct bs_export;

/* A reader calling @fn for every entry.  NULL with errno ENOMEM. */
struct bs_export *bs_export_alloc(bs_jrecord_fn fn, void *ctx);
void bs_export_feed(struct bs_export *x, const char *buf, size_t len);
/* End of input: an entry not ended by its empty line is handed out too. */
void bs_export_finish(struct bs_export *x);
/* Entries handed out, and malformed fields skipped. */
void bs_export_stats(const struct bs_export *x, uint64_t *records, uint64_t *bad);
void bs_export_free(struct bs_export *x);

#endif
