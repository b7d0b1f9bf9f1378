/* SPDX-License-Identifier: MIT */
/*
 * src.h - byte sources that stack: a file descriptor, a decompressor
 * reading another source, a thread reading another source ahead.  Each
 * can be peeked at (the first bytes tell what the stream holds) without
 * losing what was peeked.  A source that fails part-way first hands out
 * every byte it decoded before the damage, then fails.
 */
#ifndef BS_INPUT_SRC_H
#define BS_INPUT_SRC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "input.h"

struct bs_src;

/* What every source implements. */
struct bs_src_ops {
	/* Up to @cap bytes into @buf: > 0 bytes, 0 at the end, -1 on failure (bs_src.err set). */
	ssize_t (*read)(struct bs_src *s, char *buf, size_t cap);
	void (*free)(struct bs_src *s);
};

struct bs_src {
	const struct bs_src_ops *ops;
	char *peek;		/* bytes read ahead by bs_src_peek() and not yet handed out */
	size_t peek_len, peek_off, peek_cap;
	uint64_t out;		/* bytes handed out so far */
	char err[200];		/* why the last read failed */
};

/* A source reading @fd, which it does not close.  NULL with errno ENOMEM. */
struct bs_src *bs_src_fd(int fd);

/* Bytes read from the fd of @s, a bs_src_fd() source. */
uint64_t bs_src_fd_bytes(const struct bs_src *s);

/*
 * A source decompressing what @inner holds with @codec (not
 * BS_CODEC_NONE); it owns @inner.  Concatenated streams (gzip members,
 * xz streams, zstd frames, bzip2 streams) are read one after the other.
 * NULL with errno ENOMEM (then @inner is freed).
 */
struct bs_src *bs_src_decoder(enum bs_input_codec codec, struct bs_src *inner);

/*
 * A source that reads @inner ahead in a thread of its own, a few MiB at
 * most, so that decompressing and parsing run on two cores as `zcat |
 * grep` does.  It owns @inner.  NULL with errno (then @inner is freed).
 */
struct bs_src *bs_src_thread(struct bs_src *inner);

/* Up to @cap bytes: > 0, 0 at the end, -1 on failure (bs_src_error()). */
ssize_t bs_src_read(struct bs_src *s, char *buf, size_t cap);

/*
 * The next @want bytes, or fewer at the end, without consuming them:
 * *@p and *@n.  0, or -1 when nothing could be read (bs_src_error()).
 */
int bs_src_peek(struct bs_src *s, size_t want, const char **p, size_t *n);

const char *bs_src_error(const struct bs_src *s);
void bs_src_free(struct bs_src *s);

/* For implementations: @s's base fields set up around @ops. */
void bs_src_init(struct bs_src *s, const struct bs_src_ops *ops);

#endif
