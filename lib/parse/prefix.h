/* SPDX-License-Identifier: MIT */
/*
 * prefix.h - learn the unknown prefix a report's header line carries and
 * strip the same shape from the lines that follow.
 *
 * The line reader (logline.h) removes the wrappers it knows.  Real posted
 * reports carry many more: Android's "<6>[ 1234.567890] [1:  kswapd0:
 * 123] ", logcat's "01-02 03:04:05.678     0     0 I kernel  : ",
 * MediaTek's "[ 1234.567890] (2)[123:comm]", serial-console stamps before
 * the dmesg one, "kernel: ", indentation.  No list of recognisers can be
 * complete, but a report's header line says where its message starts (the
 * comm before ": page allocation failure", " invoked oom-killer:", ...),
 * so whatever stands before it is the prefix.  Its shape (digits of any
 * length, space runs of any width, bracketed fields of any content, one
 * level letter) then matches the prefix of every line the same tool wrote,
 * whatever the stamps, CPUs, pids and comms in it.
 */
#ifndef BS_PREFIX_H
#define BS_PREFIX_H

#include <stdbool.h>
#include <stddef.h>

#define BS_PREFIX_MAX_ELEMS 48

/* A learned prefix shape; all zero is "no prefix". */
struct bs_prefix {
	unsigned char kind[BS_PREFIX_MAX_ELEMS];
	unsigned char arg[BS_PREFIX_MAX_ELEMS];	/* the byte of a literal, the closing
						   bracket of a group */
	unsigned char key[BS_PREFIX_MAX_ELEMS];	/* a group: a byte its content must hold, or 0 */
	int n;
};

/*
 * bs_prefix_message_start - where the kernel message of a report header
 * line starts, after whatever prefix stands before it
 *
 * RETURN VALUE: the offset, 0 when nothing precedes the message, or -1
 * when @t holds no header this knows.
 */
long bs_prefix_message_start(const char *t, size_t len);

/*
 * bs_prefix_learn - the shape of @t[0..@len)
 *
 * RETURN VALUE: false (and @p emptied) when @len is 0 or the text is too
 * long or too varied to be a prefix.
 */
bool bs_prefix_learn(struct bs_prefix *p, const char *t, size_t len);

/* Bytes at the start of @t that the shape @p matches, 0 if it does not match. */
size_t bs_prefix_match(const struct bs_prefix *p, const char *t, size_t len);

/*
 * A dmesg stamp "[  123.456789]" inside a stripped prefix: its seconds in
 * *@mono.  False when there is none.
 */
bool bs_prefix_mono(const char *t, size_t len, double *mono);

#endif
