// SPDX-License-Identifier: MIT
/*
 * trace_replay.c - a recording in the trace recording layout (see
 * docs/trace.md) into a bs_trace: no root, no tracefs, any machine.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"
#include "trace_internal.h"

#define MAX_FILE (256u << 20)	/* no single recorded file is larger */

/* The whole of @dir/@rel in a NUL-terminated buffer; NULL with errno. */
static char *slurp(const char *dir, const char *rel, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, rel) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t r;

		if (n + 4097 > cap) {
			char *p;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_FILE + 4097u) {
				errno = EFBIG;
				goto error;
			}
			p = realloc(buf, cap);
			if (!p)
				goto error;
			buf = p;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto error;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
error:
	close(fd);
	free(buf);
	return NULL;
}

/* saved_cmdlines lines: "<pid> <comm>". */
static void load_cmdlines(struct bs_trace *t, const char *text)
{
	const char *p = text;

	while (*p) {
		char comm[64];
		int pid;

		if (sscanf(p, "%d %63[^\n]", &pid, comm) == 2)
			bs_trace_add_comm(t, pid, comm);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
}

/* Every events/<system>/<event>/format: 0 when at least one known event parsed. */
static int load_formats(struct bs_trace *t, struct bs_trace_decoder *d, const char *dir)
{
	char path[4096];
	DIR *sys;
	struct dirent *s;
	int known = 0;

	snprintf(path, sizeof(path), "%s/events", dir);
	sys = opendir(path);
	if (!sys)
		return -1;
	while ((s = readdir(sys))) {
		DIR *evd;
		struct dirent *e;

		if (s->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", dir, s->d_name);
		evd = opendir(path);
		if (!evd)
			continue;
		while ((e = readdir(evd))) {
			char rel[600];
			size_t len;
			char *buf;

			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "events/%s/%s/format", s->d_name, e->d_name);
			buf = slurp(dir, rel, &len);
			if (!buf)
				continue;
			if (bs_trace_decoder_format(d, s->d_name, buf, len) != 0) {
				bs_trace_note(t, "%s: does not parse as an event format", rel);
				bs_trace_set_partial(t);
			} else {
				known++;
			}
			free(buf);
		}
		closedir(evd);
	}
	closedir(sys);
	return known ? 0 : -1;
}

static void replay_cpu(struct bs_trace *t, struct bs_trace_decoder *d, const char *dir, const char *cpu)
{
	char rel[300];
	size_t len, psz = bs_trace_decoder_page_size(d);
	char *buf;
	unsigned n;

	if (sscanf(cpu, "cpu%u", &n) != 1)
		return;
	snprintf(rel, sizeof(rel), "per_cpu/%s/trace_pipe_raw", cpu);
	buf = slurp(dir, rel, &len);
	if (!buf) {
		bs_trace_note(t, "%s: %s", rel, strerror(errno));
		bs_trace_set_partial(t);
		return;
	}
	if (len % psz) {
		bs_trace_note(t, "%s: %zu bytes is not a whole number of %zu-byte pages; the tail is ignored",
			      rel, len, psz);
		bs_trace_set_partial(t);
	}
	for (size_t off = 0; off + psz <= len; off += psz)
		bs_trace_decoder_page(d, n, buf + off, psz);
	free(buf);
}

static void replay_optional(struct bs_trace *t, const char *dir, const char *kernel)
{
	size_t len;
	char *buf;

	if ((buf = slurp(dir, "saved_cmdlines", &len))) {
		load_cmdlines(t, buf);
		free(buf);
	}
	if ((buf = slurp(dir, "vmstat.start", &len))) {
		bs_trace_set_vmstat(t, false, buf, len);
		free(buf);
	}
	if ((buf = slurp(dir, "vmstat.end", &len))) {
		bs_trace_set_vmstat(t, true, buf, len);
		free(buf);
	}
	if (kernel) {
		if (bs_trace_set_kernel(t, kernel) != 0)
			bs_trace_note(t, "kernel \"%s\": not a version; the GFP table is inferred", kernel);
	} else if ((buf = slurp(dir, "osrelease", &len))) {
		buf[strcspn(buf, "\n")] = '\0';
		if (bs_trace_set_kernel(t, buf) != 0)
			bs_trace_note(t, "osrelease \"%s\": not a version; the GFP table is inferred", buf);
		free(buf);
	}
}

int bs_trace_replay_dir(struct bs_trace *t, const char *dir, const char *kernel, char *err, size_t errlen)
{
	struct bs_trace_decoder *d;
	char path[4096];
	size_t len;
	char *buf;
	DIR *pc;
	struct dirent *e;

	buf = slurp(dir, "header_page", &len);
	if (!buf) {
		snprintf(err, errlen, "read %s/header_page: %s", dir, strerror(errno));
		return -1;
	}
	d = bs_trace_decoder_alloc(t);
	if (!d || bs_trace_decoder_header(d, buf, len) != 0) {
		snprintf(err, errlen, "%s/header_page: not a ring-buffer header", dir);
		free(buf);
		bs_trace_decoder_free(d);
		errno = EINVAL;
		return -1;
	}
	free(buf);
	replay_optional(t, dir, kernel);
	if (load_formats(t, d, dir) != 0) {
		snprintf(err, errlen, "%s/events: no event format trace knows", dir);
		bs_trace_decoder_free(d);
		errno = ENOENT;
		return -1;
	}
	for (int k = 0; k < BS_TEV_NR_KINDS; k++)
		if (t->available[k] != 1)
			bs_trace_set_available(t, k, false);
	snprintf(path, sizeof(path), "%s/per_cpu", dir);
	pc = opendir(path);
	if (!pc) {
		bs_trace_note(t, "%s: %s: no events", path, strerror(errno));
		bs_trace_set_partial(t);
	}
	while (pc && (e = readdir(pc)))
		if (!strncmp(e->d_name, "cpu", 3))
			replay_cpu(t, d, dir, e->d_name);
	if (pc)
		closedir(pc);
	if ((buf = slurp(dir, "kallsyms", &len))) {
		bs_trace_add_kallsyms(t, buf, len);
		free(buf);
	}
	bs_trace_decoder_free(d);
	return 0;
}
