/* SPDX-License-Identifier: MIT */
/*
 * fileio.h - whole files in and out of a directory tree: what snapshot,
 * status --root, trace --record and trace --replay all do with the
 * layouts that mirror /proc, /sys and tracefs.
 */
#ifndef BS_FILEIO_H
#define BS_FILEIO_H

#include <stddef.h>

/*
 * The whole file @path, read with read(2) until EOF (proc files have no
 * size), NUL-terminated; *@len its length.  NULL with errno on failure.
 * The caller frees it.
 */
char *bs_read_whole(const char *path, size_t *len);

/*
 * bs_read_whole() of @dir/@rel; when @max is not 0, a file longer than
 * @max bytes is refused with EFBIG before it is read.
 */
char *bs_read_at(const char *dir, const char *rel, size_t max, size_t *len);

/* mkdir -p @dir/@rel.  0, or -1 with errno. */
int bs_mkdir_at(const char *dir, const char *rel);

/* Write @buf whole as @dir/@rel, creating the directories above it.  0, or -1 with errno. */
int bs_write_at(const char *dir, const char *rel, const char *buf, size_t len);

/*
 * The kernel's log from /dev/kmsg, one record per line as /dev/kmsg hands
 * them out ("6,1234,5678,-;text"), read without blocking up to the newest
 * record; records overwritten while reading (EPIPE) are lost, the rest is
 * kept.  NULL with errno when /dev/kmsg cannot be opened or read.
 */
char *bs_read_kmsg(size_t *len);

#endif
