/* SPDX-License-Identifier: MIT */
/*
 * input.h - what explain reads, whatever happened to it on the way: plain
 * text, text compressed with gzip, xz, zstd or bzip2 (logrotate's
 * kern.log.2.gz), systemd journal files and directories, every
 * journalctl -o rendering (json, json-seq, json-pretty, export, verbose;
 * the short ones and cat are text), util-linux dmesg --json, and the
 * directories of sosreport, supportconfig or a plain /var/log copy.
 *
 * Every format is told by content, never by file name.  Compressed data is
 * decompressed as it streams (memory stays bounded), and what was decoded
 * before damage is still analysed.  Journal records are handed to explain
 * as dmesg lines stamped with their monotonic time and their UTC wall time.
 * Each input read is listed in explain's input list (explain.h) with what
 * was detected, how much was read and what went wrong.
 */
#ifndef BS_INPUT_H
#define BS_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explain.h"

/* Compression of a byte stream, from its magic bytes. */
enum bs_input_codec {
	BS_CODEC_NONE,
	BS_CODEC_GZIP,		/* 1f 8b (zlib); concatenated members too */
	BS_CODEC_XZ,		/* fd 37 7a 58 5a 00 (liblzma) */
	BS_CODEC_ZSTD,		/* 28 b5 2f fd (libzstd) */
	BS_CODEC_BZIP2,		/* "BZh" + block size digit (libbz2) */
	BS_CODEC_NR,
};

/* What the (decompressed) bytes hold. */
enum bs_input_format {
	BS_FORMAT_TEXT,		/* log lines: dmesg, syslog, journalctl short*, cat, ... */
	BS_FORMAT_JSON,		/* journalctl -o json, json-seq or json-pretty */
	BS_FORMAT_DMESG_JSON,	/* util-linux dmesg --json: {"dmesg":[{"pri":..,"time":..,"msg":..}]} */
	BS_FORMAT_EXPORT,	/* journalctl -o export, the binary-safe stream */
	BS_FORMAT_VERBOSE,	/* journalctl -o verbose */
	BS_FORMAT_JOURNAL,	/* a journal file ("LPKSHHRH"), read through sd-journal */
	BS_FORMAT_BINARY,	/* none of these and not text: not read */
	BS_FORMAT_NR,
};

/* The codec whose magic @buf (@len bytes, the start of a stream) begins with; BS_CODEC_NONE if none. */
enum bs_input_codec bs_input_detect_codec(const void *buf, size_t len);

/*
 * The format of a stream that starts with @buf (@len bytes: up to the
 * first 64 KiB; fewer only at the end of the stream).  Text is the
 * answer whenever nothing else fits and the bytes are mostly printable.
 */
enum bs_input_format bs_input_detect_format(const char *buf, size_t len);

/* "gzip", "xz", ...; "text", "json", "journal", ... */
const char *bs_input_codec_name(enum bs_input_codec c);
const char *bs_input_format_name(enum bs_input_format f);

/*
 * Which journal entries to read (journalctl's --boot, --since, --until).
 * @boot: NULL for every boot; "0" the last boot of the journal (the
 * current one on this machine), "-1" the one before, "1" the first,
 * "2" the second...; or a 32-digit boot ID.
 */
struct bs_journal_filter {
	const char *boot;
	bool has_since, has_until;
	int64_t since_usec, until_usec;	/* realtime, microseconds since the epoch */
};

/*
 * Called before each input is begun, with its file descriptor (-1 for a
 * journal or /dev/kmsg) so that the caller can set the reference time
 * and year (bs_explain_set_reference, bs_explain_set_year).
 */
typedef void (*bs_input_open_fn)(struct bs_explain *e, int fd, void *ctx);

/*
 * Called instead of on_open before an input that says when it was taken
 * (a snapshot archive's time), with that time in seconds since the epoch.
 */
typedef void (*bs_input_time_fn)(struct bs_explain *e, int64_t when, void *ctx);

struct bs_input_opts {
	struct bs_journal_filter journal;
	bs_input_open_fn on_open;
	bs_input_time_fn on_time;	/* NULL: on_open with the file, as for any input */
	void *ctx;
	bool threaded;		/* decompress in a thread of its own (see decode.h) */
};

/*
 * bs_input_read - read @path into @e: a file, "-" for standard input, a
 * snapshot archive (snapshot -o FILE.tar.gz: its kernel log), or a
 * directory (sosreport, supportconfig, a journal directory, or any
 * directory of logs).  Every input read or failed is added to @e's input
 * list (bs_explain_inputs()) with its error, if any.
 *
 * RETURN VALUE: 0 when everything was read whole, -1 when some input could
 * not be read or was damaged (the list says which and why).
 */
int bs_input_read(struct bs_explain *e, const char *path, const struct bs_input_opts *o);

/*
 * bs_input_read_journal - this machine's kernel messages from the systemd
 * journal (_TRANSPORT=kernel), or those of the OS tree at @root (its
 * /var/log/journal and /run/log/journal) when @root is not NULL.
 *
 * RETURN VALUE: 0, or -1 when the journal could not be opened or read.
 */
int bs_input_read_journal(struct bs_explain *e, const char *root, const struct bs_input_opts *o);

/*
 * bs_input_parse_time - a journalctl time specification as microseconds
 * since the epoch: "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD HH:MM",
 * "YYYY-MM-DD", "HH:MM[:SS]" (today), each optionally followed by " UTC";
 * "now", "today", "yesterday", "tomorrow"; "@SECONDS"; and relative
 * times "-1h", "+30min", "-2d 3h" (units us, ms, s, min, h, d, w, M, y in
 * their journalctl spellings).  Calendar times are local time (the C
 * library's TZ) unless "UTC" follows.  @now_usec is the current time: the
 * library reads no clock.
 *
 * RETURN VALUE: 0, or -1 with errno EINVAL when @s is none of these.
 */
int bs_input_parse_time(const char *s, int64_t now_usec, int64_t *usec);

#endif
