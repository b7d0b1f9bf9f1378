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

#include "proc/fileio.h"
#include "textscan.h"
#include "trace.h"
#include "trace/trace_internal.h"
#include "trace/trace_lib.h"

#define MAX_FILE (256u << 20)	/* no single recorded file is larger */

/* saved_cmdlines lines: "<pid> <comm>". */
static void load_cmdlines(struct bs_trace *t, const char *text)
{
	const char *p = text;

	while (*p) {
		char comm[64];
		int pid;

		if (bs_trace_parse_cmdline(p, &pid, comm, sizeof(comm)))
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
			buf = bs_read_at(dir, rel, MAX_FILE, &len);
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
	struct bs_scan sc = bs_scan_init(cpu, strlen(cpu));
	uint64_t v;
	unsigned n;

	/* "cpuN": a number past any CPU is another directory, not a wrapped CPU */
	if (!bs_scan_lit(&sc, "cpu") || !bs_scan_u64(&sc, &v) || bs_scan_left(&sc) || v > UINT16_MAX)
		return;
	n = (unsigned)v;
	snprintf(rel, sizeof(rel), "per_cpu/%s/trace_pipe_raw", cpu);
	buf = bs_read_at(dir, rel, MAX_FILE, &len);
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

	if ((buf = bs_read_at(dir, "saved_cmdlines", MAX_FILE, &len))) {
		load_cmdlines(t, buf);
		free(buf);
	}
	if ((buf = bs_read_at(dir, "vmstat.start", MAX_FILE, &len))) {
		bs_trace_set_vmstat(t, false, buf, len);
		free(buf);
	}
	if ((buf = bs_read_at(dir, "vmstat.end", MAX_FILE, &len))) {
		bs_trace_set_vmstat(t, true, buf, len);
		free(buf);
	}
	if (kernel) {
		if (bs_trace_set_kernel(t, kernel) != 0)
			bs_trace_note(t, "kernel \"%s\": not a version; the GFP table is inferred", kernel);
	} else if ((buf = bs_read_at(dir, "osrelease", MAX_FILE, &len))) {
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

	buf = bs_read_at(dir, "header_page", MAX_FILE, &len);
	if (!buf) {
		snprintf(err, errlen, "read %s/header_page: %s", dir, strerror(errno));
		return -1;
	}
	d = bs_trace_decoder_alloc(t);
	if (!d && errno == ELIBACC) {
		bs_tracelib_check(false, err, errlen);
		free(buf);
		errno = ELIBACC;
		return -1;
	}
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
	if ((buf = bs_read_at(dir, "kallsyms", MAX_FILE, &len))) {
		bs_trace_add_kallsyms(t, buf, len);
		free(buf);
	}
	bs_trace_decoder_free(d);
	return 0;
}
