// SPDX-License-Identifier: MIT
/*
 * follow_journal.c - the journal side of `explain --follow --journal`
 * (follow_journal.h): sd-journal's own change notification (its inotify
 * descriptor and sd_journal_process()), so new entries are read when
 * journald (or systemd-journal-remote) writes them, files rotated and
 * added included.  lib/input/journal.c reads a journal once; this file
 * keeps one open.
 */
#include "follow_journal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#define LINE_MAX_BYTES	8192	/* a printk record is at most 1 KiB of text; longer entries are cut */

struct bs_jfollow {
	sd_journal *j;
	bool user_lines;
	char line[LINE_MAX_BYTES + 64];
};

static int add_match(sd_journal *j, const char *m)
{
	return sd_journal_add_match(j, m, 0);
}

/*
 * sd-journal opens a directory without journal files as an empty journal
 * that may fill later; a follower would then wait forever on a typo.  A
 * directory (or OS tree) that has no journal directory is refused.
 */
static int check_where(enum bs_journal_where where, const char *path, char *err, size_t errlen)
{
	static const char *const in_root[] = { "var/log/journal", "run/log/journal" };
	struct stat st;
	char sub[4096];

	if (where != BS_JOURNAL_DIR && where != BS_JOURNAL_ROOT)
		return 0;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s", stat(path, &st) < 0 ? strerror(errno) : "not a directory");
		return -1;
	}
	if (where == BS_JOURNAL_DIR)
		return 0;
	for (size_t i = 0; i < sizeof(in_root) / sizeof(in_root[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, in_root[i]);
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	snprintf(err, errlen, "no journal there (neither var/log/journal nor run/log/journal)");
	return -1;
}

struct bs_jfollow *bs_jfollow_open(enum bs_journal_where where, const char *path, bool user_lines,
				   char *err, size_t errlen)
{
	struct bs_jfollow *f = calloc(1, sizeof(*f));
	const char *paths[2] = { path, NULL };
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	if (check_where(where, path, err, errlen) < 0) {
		free(f);
		return NULL;
	}
	f->user_lines = user_lines;
	switch (where) {
	case BS_JOURNAL_FILE: rc = sd_journal_open_files(&f->j, paths, 0); break;
	case BS_JOURNAL_DIR: rc = sd_journal_open_directory(&f->j, path, 0); break;
	case BS_JOURNAL_ROOT: rc = sd_journal_open_directory(&f->j, path, SD_JOURNAL_OS_ROOT); break;
	default: rc = sd_journal_open(&f->j, SD_JOURNAL_LOCAL_ONLY); break;
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot open the journal: %s", strerror(-rc));
		free(f);
		return NULL;
	}
	rc = add_match(f->j, "_TRANSPORT=kernel");
	if (rc >= 0 && where == BS_JOURNAL_LOCAL) {
		/* this machine: from this boot on, as /dev/kmsg's ring buffer would hold */
		sd_id128_t boot;
		char m[9 + SD_ID128_STRING_MAX];

		rc = sd_id128_get_boot(&boot);
		if (rc >= 0) {
			snprintf(m, sizeof(m), "_BOOT_ID=" SD_ID128_FORMAT_STR, SD_ID128_FORMAT_VAL(boot));
			rc = add_match(f->j, m);
		}
	}
	if (rc >= 0)
		rc = sd_journal_seek_head(f->j);
	if (rc < 0) {
		snprintf(err, errlen, "cannot position the journal: %s", strerror(-rc));
		bs_jfollow_close(f);
		return NULL;
	}
	return f;
}

int bs_jfollow_fd(struct bs_jfollow *f)
{
	int fd = sd_journal_get_fd(f->j);

	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

/* The entry as a dmesg line, the printk stamp first; 0 when it is to be skipped. */
static size_t entry_line(struct bs_jfollow *f)
{
	char fac[8], src[24];
	const void *data;
	size_t len, n;
	uint64_t usec = 0;
	sd_id128_t boot;

	/* records user space wrote to /dev/kmsg keep their facility (user, daemon...); the kernel's is 0 */
	if (!f->user_lines && bs_journal_field(f->j, "SYSLOG_FACILITY", fac, sizeof(fac)) && strcmp(fac, "0"))
		return 0;
	if (sd_journal_get_data(f->j, "MESSAGE", &data, &len) < 0 || len < 8)
		return 0;
	data = (const char *)data + 8;
	len -= 8;
	if (len > LINE_MAX_BYTES)
		len = LINE_MAX_BYTES;
	/* journald stores the printk time as _SOURCE_MONOTONIC_TIMESTAMP; else the entry's own */
	if (bs_journal_field(f->j, "_SOURCE_MONOTONIC_TIMESTAMP", src, sizeof(src)))
		usec = strtoull(src, NULL, 10);
	else if (sd_journal_get_monotonic_usec(f->j, &usec, &boot) < 0)
		usec = 0;
	n = (size_t)snprintf(f->line, sizeof(f->line), "[%5" PRIu64 ".%06" PRIu64 "] ", usec / 1000000,
			     usec % 1000000);
	memcpy(f->line + n, data, len);
	n += len;
	f->line[n++] = '\n';
	return n;
}

int bs_jfollow_read(struct bs_jfollow *f, bs_jfollow_line_fn fn, void *ctx)
{
	int rc, count = 0;

	/* acknowledge the wakeup: picks up appended, rotated and new files */
	sd_journal_process(f->j);
	while ((rc = sd_journal_next(f->j)) > 0) {
		size_t n = entry_line(f);

		if (n) {
			fn(f->line, n, ctx);
			count++;
		}
	}
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return count;
}

void bs_jfollow_close(struct bs_jfollow *f)
{
	if (!f)
		return;
	sd_journal_close(f->j);
	free(f);
}
