// SPDX-License-Identifier: MIT
/*
 * archive.c - a snapshot archive as an input (snapshot -o FILE.tar.gz):
 * the kernel log it saved (the member "dmesg"), read with the snapshot's
 * own time (the member "time") as the reference, since the archive's
 * mtime is when it was copied, not when the log was taken.  Listed in
 * explain's inputs like every other input, with its errors.
 */
#include "read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc/snapshot_archive.h"

/* DIR/time as snapshot writes it ("2026-01-31T12:00:00Z"), in seconds; false when it is not that. */
static bool parse_taken(const char *s, int64_t *when)
{
	struct tm tm = { 0 };
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);

	if (!end || (*end && *end != '\n'))
		return false;
	*when = (int64_t)timegm(&tm);
	return true;
}

static int archive_error(struct bs_explain *e, const char *name, const char *parent, const char *why)
{
	struct bs_input_info *in = bs_explain_input_add(e, name);

	if (in) {
		in->unreadable = true;
		snprintf(in->kind, sizeof(in->kind), "snapshot");
		snprintf(in->parent, sizeof(in->parent), "%s", parent ? parent : "");
		snprintf(in->error, sizeof(in->error), "%s", why);
	}
	return -1;
}

int bs_input_read_archive(struct bs_explain *e, const char *path, const char *parent, const struct bs_input_opts *o)
{
	char name[4096], *log, *taken;
	size_t len, tlen;
	int64_t when;
	bool have_when;
	struct bs_input_info *in;

	snprintf(name, sizeof(name), "%s:dmesg", path);
	log = bs_snapshot_archive_read(path, "dmesg", &len);
	if (!log)
		return archive_error(e, name, parent, errno == ENOENT ? "a snapshot archive without a kernel log (dmesg)"
								      : strerror(errno));
	taken = bs_snapshot_archive_read(path, "time", &tlen);
	have_when = taken && parse_taken(taken, &when);
	free(taken);
	/* snapshots older than the time member: the archive file's own time, as for any file */
	if (have_when && o->on_time) {
		o->on_time(e, when, o->ctx);
	} else if (o->on_open) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		o->on_open(e, fd, o->ctx);
		if (fd >= 0)
			close(fd);
	}
	if (bs_explain_begin(e, name) < 0) {
		free(log);
		return archive_error(e, name, parent, strerror(ENOMEM));
	}
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	free(log);
	in = bs_explain_input_last(e);
	if (in) {
		snprintf(in->kind, sizeof(in->kind), "snapshot");
		snprintf(in->parent, sizeof(in->parent), "%s", parent ? parent : "");
		in->bytes = len;
	}
	return 0;
}
