/* SPDX-License-Identifier: MIT */
/*
 * record.h - one journal entry, whatever it was read from (a journal
 * file, journalctl -o json, export or verbose, dmesg --json), and how it
 * becomes the line explain reads: "2023-04-29T13:54:31.000000+00:00 HOST
 * kernel: [ 5012.345678] MESSAGE", a syslog line with the printk stamp
 * inside, which the line reader already takes apart (wall time in UTC,
 * boot time, message).
 */
#ifndef BS_INPUT_RECORD_H
#define BS_INPUT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain.h"

struct bs_jrecord {
	const char *msg;		/* MESSAGE; may hold '\n' (one line each) and any byte */
	size_t msg_len;
	bool has_msg;
	bool has_mono, has_real;
	uint64_t mono_usec;		/* __MONOTONIC_TIMESTAMP: microseconds since boot */
	uint64_t real_usec;		/* __REALTIME_TIMESTAMP: microseconds since the epoch, UTC */
	double mono_sec;		/* dmesg --json "time": seconds since boot */
	bool has_mono_sec;
	const char *host;		/* _HOSTNAME, NUL-terminated, or NULL */
	const char *transport;		/* _TRANSPORT, NUL-terminated, or NULL (then the entry counts as the kernel's) */
};

/* Called for every record a reader finds. */
typedef void (*bs_jrecord_fn)(const struct bs_jrecord *r, void *ctx);

/* The entry is the kernel's: _TRANSPORT is "kernel" or absent. */
bool bs_jrecord_is_kernel(const struct bs_jrecord *r);

/* Longest line bs_jrecord_feed() writes (stamp, host, message cut to BS_LINE_MAX). */
#define BS_JRECORD_LINE_MAX (BS_LINE_MAX + 256)

/*
 * Hand @r to @e as dmesg lines, one per line of its message, each with
 * @r's stamps; @scratch holds BS_JRECORD_LINE_MAX bytes.  An entry that is
 * not the kernel's is passed over.  Returns true when it was fed.
 */
bool bs_jrecord_feed(struct bs_explain *e, const struct bs_jrecord *r, char *scratch);

#endif
