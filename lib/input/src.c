// SPDX-License-Identifier: MIT
/*
 * src.c - the byte-source base (peek and read), the file descriptor
 * source, and the read-ahead thread.
 */
#include "src.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bs_src_init(struct bs_src *s, const struct bs_src_ops *ops)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
}

ssize_t bs_src_read(struct bs_src *s, char *buf, size_t cap)
{
	ssize_t n;

	if (s->peek_off < s->peek_len) {
		size_t k = s->peek_len - s->peek_off;

		if (k > cap)
			k = cap;
		memcpy(buf, s->peek + s->peek_off, k);
		s->peek_off += k;
		s->out += k;
		return (ssize_t)k;
	}
	n = s->ops->read(s, buf, cap);
	if (n > 0)
		s->out += (uint64_t)n;
	return n;
}

int bs_src_peek(struct bs_src *s, size_t want, const char **p, size_t *n)
{
	if (s->peek_off) {
		memmove(s->peek, s->peek + s->peek_off, s->peek_len - s->peek_off);
		s->peek_len -= s->peek_off;
		s->peek_off = 0;
	}
	if (s->peek_cap < want) {
		char *b = realloc(s->peek, want);

		if (!b) {
			snprintf(s->err, sizeof(s->err), "%s", strerror(ENOMEM));
			return -1;
		}
		s->peek = b;
		s->peek_cap = want;
	}
	while (s->peek_len < want) {
		ssize_t r = s->ops->read(s, s->peek + s->peek_len, want - s->peek_len);

		if (r < 0 && !s->peek_len)
			return -1;
		if (r <= 0)
			break;	/* a failure after some bytes is met again by the next read */
		s->peek_len += (size_t)r;
	}
	*p = s->peek;
	*n = s->peek_len;
	return 0;
}

const char *bs_src_error(const struct bs_src *s)
{
	return s->err;
}

void bs_src_free(struct bs_src *s)
{
	if (!s)
		return;
	free(s->peek);
	s->ops->free(s);
}

/* The file descriptor source. */
struct fd_src {
	struct bs_src base;
	int fd;
	uint64_t bytes;
};

static ssize_t fd_read(struct bs_src *s, char *buf, size_t cap)
{
	struct fd_src *f = (struct fd_src *)s;

	for (;;) {
		ssize_t n = read(f->fd, buf, cap);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(s->err, sizeof(s->err), "read failed after %llu bytes: %s",
				 (unsigned long long)f->bytes, strerror(errno));
			return -1;
		}
		f->bytes += (uint64_t)n;
		return n;
	}
}

static void fd_free(struct bs_src *s)
{
	free(s);
}

static const struct bs_src_ops fd_ops = { fd_read, fd_free };

struct bs_src *bs_src_fd(int fd)
{
	struct fd_src *f = malloc(sizeof(*f));

	if (!f)
		return NULL;
	bs_src_init(&f->base, &fd_ops);
	f->fd = fd;
	f->bytes = 0;
	return &f->base;
}

uint64_t bs_src_fd_bytes(const struct bs_src *s)
{
	return s->ops == &fd_ops ? ((const struct fd_src *)s)->bytes : 0;
}

/*
 * The read-ahead thread: a ring of NBUF buffers of BUFSZ bytes.  The
 * thread fills them from the inner source in order; the reader empties
 * them in order.  The thread stops at the inner source's end or failure
 * (kept for the reader, after the bytes before it), or when the reader
 * frees the source.
 */
#define NBUF 4
#define BUFSZ (1 << 20)

struct thread_src {
	struct bs_src base;
	struct bs_src *inner;
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *buf[NBUF];
	size_t len[NBUF];
	size_t head, tail;	/* buffers filled: tail - head; the reader takes head */
	size_t off;		/* bytes of buf[head % NBUF] already handed out */
	bool done, failed, stop;
	char err[200];
};

static void *thread_main(void *arg)
{
	struct thread_src *t = arg;

	for (;;) {
		ssize_t n;
		size_t slot;

		pthread_mutex_lock(&t->lock);
		while (t->tail - t->head == NBUF && !t->stop)
			pthread_cond_wait(&t->cond, &t->lock);
		slot = t->tail % NBUF;
		if (t->stop) {
			pthread_mutex_unlock(&t->lock);
			return NULL;
		}
		pthread_mutex_unlock(&t->lock);
		/* only this thread touches a slot between head + NBUF and tail */
		n = bs_src_read(t->inner, t->buf[slot], BUFSZ);
		pthread_mutex_lock(&t->lock);
		if (n > 0) {
			t->len[slot] = (size_t)n;
			t->tail++;
		} else {
			if (n < 0) {
				t->failed = true;
				snprintf(t->err, sizeof(t->err), "%s", bs_src_error(t->inner));
			}
			t->done = true;
		}
		pthread_cond_broadcast(&t->cond);
		pthread_mutex_unlock(&t->lock);
		if (n <= 0)
			return NULL;
	}
}

static ssize_t thread_read(struct bs_src *s, char *buf, size_t cap)
{
	struct thread_src *t = (struct thread_src *)s;
	ssize_t ret;

	pthread_mutex_lock(&t->lock);
	while (t->tail == t->head && !t->done)
		pthread_cond_wait(&t->cond, &t->lock);
	if (t->tail == t->head) {
		ret = t->failed ? -1 : 0;
		if (t->failed)
			snprintf(s->err, sizeof(s->err), "%s", t->err);
	} else {
		size_t slot = t->head % NBUF, k = t->len[slot] - t->off;

		pthread_mutex_unlock(&t->lock);
		if (k > cap)
			k = cap;
		memcpy(buf, t->buf[slot] + t->off, k);
		pthread_mutex_lock(&t->lock);
		t->off += k;
		if (t->off == t->len[slot]) {
			t->off = 0;
			t->head++;
			pthread_cond_broadcast(&t->cond);
		}
		ret = (ssize_t)k;
	}
	pthread_mutex_unlock(&t->lock);
	return ret;
}

static void thread_free(struct bs_src *s)
{
	struct thread_src *t = (struct thread_src *)s;

	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->tid, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	for (int i = 0; i < NBUF; i++)
		free(t->buf[i]);
	bs_src_free(t->inner);
	free(t);
}

static const struct bs_src_ops thread_ops = { thread_read, thread_free };

struct bs_src *bs_src_thread(struct bs_src *inner)
{
	struct thread_src *t = calloc(1, sizeof(*t));
	int err = ENOMEM;

	if (!t)
		goto error;
	bs_src_init(&t->base, &thread_ops);
	t->inner = inner;
	for (int i = 0; i < NBUF; i++)
		if (!(t->buf[i] = malloc(BUFSZ)))
			goto error;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	err = pthread_create(&t->tid, NULL, thread_main, t);
	if (err) {
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->cond);
		goto error;
	}
	return &t->base;
error:
	if (t)
		for (int i = 0; i < NBUF; i++)
			free(t->buf[i]);
	free(t);
	bs_src_free(inner);
	errno = err;
	return NULL;
}
