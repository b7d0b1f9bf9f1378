// SPDX-License-Identifier: MIT
/*
 * rawcopy.c - the lab guest's copier for tracefs trace_pipe_raw files.
 *
 *   rawcopy SRC DST
 *
 * Copies SRC to DST until SRC has nothing more to give.  trace_pipe_raw
 * blocks once empty unless opened O_NONBLOCK, which busybox cannot do; this
 * reads it the way trace-cmd does, page by page, and stops at EAGAIN.
 * Built static by run.sh, so the guest needs no libraries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Writes all of buf; returns 0, or -1 with errno set. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char page[65536];
	int in, out;

	if (argc != 3) {
		fprintf(stderr, "usage: rawcopy SRC DST\n");
		return 2;
	}
	in = open(argv[1], O_RDONLY | O_NONBLOCK);
	if (in < 0) {
		fprintf(stderr, "rawcopy: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		fprintf(stderr, "rawcopy: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = read(in, page, sizeof(page));

		if (n == 0 || (n < 0 && errno == EAGAIN))
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "rawcopy: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		if (write_all(out, page, (size_t)n) < 0) {
			fprintf(stderr, "rawcopy: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
	}
	return close(out) < 0 ? 1 : 0;
}
