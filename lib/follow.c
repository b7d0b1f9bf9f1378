// SPDX-License-Identifier: MIT
/*
 * follow.c - the kernel log followed as it grows (follow.h): the poll
 * loop over /dev/kmsg, feeding explain's report reader record by record.
 */
#include "follow.h"
#include "follow_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* /dev/kmsg hands out one record per read(2) and refuses buffers smaller than it (8 KiB at most). */
#define FOLLOW_BUF	(32 * 1024)
#define FILE_POLL_MS	200	/* a regular file is always "readable": look again this often */

struct bs_follow {
	int fd;
	struct bs_jfollow *jf;		/* a journal (its fd is jf's, not ours to close) */
	bool is_file;			/* a regular file: EOF means nothing new yet */
	bool pending;			/* records fed since the last flush */
	int64_t last_data;		/* CLOCK_MONOTONIC ms of the last record */
	struct bs_explain *e;
	bs_explain_report_fn fn;
	void *ctx;
	struct bs_follow_stats st;
	char buf[FOLLOW_BUF];
};

static void on_report(const struct bs_group *g, void *ctx)
{
	struct bs_follow *f = ctx;

	f->st.reports++;
	f->fn(g, f->ctx);
}

struct bs_follow *bs_follow_open(const char *path, bool from_start, bs_explain_report_fn fn, void *ctx)
{
	struct bs_follow *f = calloc(1, sizeof(*f));
	struct stat st;
	int e;

	if (!f)
		return NULL;
	f->fn = fn;
	f->ctx = ctx;
	f->fd = open(path ? path : "/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (f->fd < 0)
		goto error;
	f->is_file = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
	/* /dev/kmsg's SEEK_END is "the next record written"; a file's is its end */
	if (!from_start && lseek(f->fd, 0, SEEK_END) < 0)
		goto error;
	f->e = bs_explain_alloc();
	if (!f->e)
		goto error;
	bs_explain_set_report_fn(f->e, on_report, f);
	if (bs_explain_begin(f->e, path ? path : "/dev/kmsg") < 0)
		goto error;
	return f;
error:
	e = errno;
	bs_follow_close(f);
	errno = e;
	return NULL;
}

static int64_t now_ms(void);

/* One journal entry, as a dmesg line, into the reader. */
static void feed_line(const char *line, size_t len, void *ctx)
{
	struct bs_follow *f = ctx;

	f->st.records++;
	bs_explain_feed(f->e, line, len);
	f->pending = true;
	f->last_data = now_ms();
}

struct bs_follow *bs_follow_open_journal(enum bs_journal_where where, const char *path, bool user_lines,
					 bs_explain_report_fn fn, void *ctx, char *err, size_t errlen)
{
	struct bs_follow *f = calloc(1, sizeof(*f));

	if (!f) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	f->fd = -1;
	f->fn = fn;
	f->ctx = ctx;
	f->jf = bs_jfollow_open(where, path, user_lines, err, errlen);
	if (!f->jf)
		goto error;
	f->fd = bs_jfollow_fd(f->jf);
	if (f->fd < 0) {
		snprintf(err, errlen, "the journal gives no descriptor to wait on: %s", strerror(errno));
		goto error;
	}
	f->e = bs_explain_alloc();
	if (f->e)
		bs_explain_set_report_fn(f->e, on_report, f);
	if (!f->e || bs_explain_begin(f->e, path ? path : "journal") < 0) {
		snprintf(err, errlen, "%s", strerror(errno ? errno : ENOMEM));
		goto error;
	}
	return f;
error:
	f->fd = -1;	/* the journal's, closed with it */
	bs_follow_close(f);
	return NULL;
}

void bs_follow_set_user_lines(struct bs_follow *f, bool on)
{
	bs_explain_set_user_lines(f->e, on);
}

int bs_follow_read(struct bs_follow *f)
{
	if (f->jf)
		return bs_jfollow_read(f->jf, feed_line, f) < 0 ? -1 : 0;
	for (;;) {
		ssize_t n = read(f->fd, f->buf, sizeof(f->buf) - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			/* the ring buffer overwrote records before we got to them: go on with the next */
			f->st.lost++;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		f->st.records++;
		/* a /dev/kmsg record ends in '\n'; make sure the reader sees the line end */
		if (!f->is_file && f->buf[n - 1] != '\n')
			f->buf[n++] = '\n';
		bs_explain_feed(f->e, f->buf, (size_t)n);
		f->pending = true;
		f->last_data = now_ms();
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bs_follow_run(struct bs_follow *f, int stop_fd)
{
	for (;;) {
		struct pollfd p[2] = { { f->fd, POLLIN, 0 }, { stop_fd, POLLIN, 0 } };
		int timeout = -1, n;
		int64_t quiet;

		if (f->jf)
			timeout = FILE_POLL_MS;	/* a journal on a file system without inotify changes silently */
		/* poll() calls a regular file always readable: read it, then wait on the stop fd alone */
		if (f->is_file) {
			if (bs_follow_read(f) < 0)
				return -1;
			p[0].fd = -1;
			timeout = FILE_POLL_MS;
		}
		if (f->pending) {
			quiet = now_ms() - f->last_data;
			if (quiet >= BS_FOLLOW_QUIET_MS) {
				bs_explain_flush(f->e);
				f->pending = false;
			} else if (timeout < 0 || timeout > BS_FOLLOW_QUIET_MS - quiet) {
				timeout = (int)(BS_FOLLOW_QUIET_MS - quiet);
			}
		}
		n = poll(p, stop_fd >= 0 ? 2 : 1, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (stop_fd >= 0 && p[1].revents)
			return 0;
		/* the journal's inotify descriptor wakes for a write; read anyway when the wait timed out */
		if ((f->jf || (p[0].revents & (POLLIN | POLLERR | POLLHUP))) && bs_follow_read(f) < 0)
			return -1;
	}
}

void bs_follow_get_stats(const struct bs_follow *f, struct bs_follow_stats *st)
{
	*st = f->st;
}

void bs_follow_close(struct bs_follow *f)
{
	if (!f)
		return;
	if (f->jf)
		bs_jfollow_close(f->jf);
	else if (f->fd >= 0)
		close(f->fd);
	bs_explain_free(f->e);
	free(f);
}
