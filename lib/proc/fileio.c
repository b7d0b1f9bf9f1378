// SPDX-License-Identifier: MIT
/*
 * fileio.c - whole files in and out of a directory tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/fileio.h"

/* @dir/@rel into @path; -1 with ENAMETOOLONG when it does not fit. */
static int join(char path[PATH_MAX], const char *dir, const char *rel)
{
	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, rel) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Read @fd to EOF into a NUL-terminated buffer.  NULL with errno. */
static char *read_fd(int fd, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		ssize_t r;

		if (cap - n < 2) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (r == 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		n += (size_t)r;
	}
	free(buf);
	if (!errno)
		errno = ENOMEM;
	return NULL;
}

/* read_fd() of @path, refusing a regular file longer than @max (0: no limit). */
static char *read_path(const char *path, size_t max, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return NULL;
	if (max && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	errno = 0;
	buf = read_fd(fd, len);
	e = errno;
	close(fd);
	errno = e;
	return buf;
}

char *bs_read_whole(const char *path, size_t *len)
{
	return read_path(path, 0, len);
}

char *bs_read_at(const char *dir, const char *rel, size_t max, size_t *len)
{
	char path[PATH_MAX];

	return join(path, dir, rel) ? NULL : read_path(path, max, len);
}

/* mkdir of every directory above the last '/' of @path (and @path itself when @leaf). */
static int make_dirs(char *path, int leaf)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return leaf && mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int bs_mkdir_at(const char *dir, const char *rel)
{
	char path[PATH_MAX];

	return join(path, dir, rel) ? -1 : make_dirs(path, 1);
}

int bs_write_at(const char *dir, const char *rel, const char *buf, size_t len)
{
	char path[PATH_MAX];
	int fd, e;

	if (join(path, dir, rel) || make_dirs(path, 0))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return close(fd);
}

char *bs_read_kmsg(size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), e = 0;

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		ssize_t r;

		/* a record is at most a few KiB; keep room for a whole one and its '\n' */
		if (cap - n < 16384) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				e = ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (r < 0 && errno != EAGAIN)
			e = errno;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (buf[n - 1] != '\n')
			buf[n++] = '\n';
	}
	close(fd);
	if (!buf || e) {
		free(buf);
		errno = buf ? e : ENOMEM;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
