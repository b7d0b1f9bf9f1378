// SPDX-License-Identifier: MIT
/*
 * snapshot.c - copy the proc/sys files and the kernel log into a
 * directory in the snapshot layout (docs/status.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proc/fileio.h"
#include "proc/proc_layout.h"
#include "proc/snapshot.h"

/* Write @buf as @dir/@rel, creating directories. */
static int save(const char *dir, const char *rel, const char *buf, size_t len, struct bs_snapshot_result *r)
{
	if (bs_write_at(dir, rel, buf, len) < 0) {
		bs_diag_add(&r->diags, BS_DIAG_ERROR, BS_DIAG_UNWRITABLE, "%s/%s: cannot write: %s", dir, rel, strerror(errno));
		r->failed++;
		return -1;
	}
	r->saved++;
	return 0;
}

/* Copy @root/@rel to @dir/@rel; a file this kernel does not have is skipped quietly. */
static void copy_one(const char *root, const char *dir, const char *rel, struct bs_snapshot_result *r)
{
	size_t len;
	char *buf = bs_read_at(root, rel, 0, &len);

	if (!buf) {
		if (errno != ENOENT) {
			bs_diag_add(&r->diags, BS_DIAG_WARNING, BS_DIAG_UNREADABLE, "/%s: %s%s", rel, strerror(errno), errno == EACCES ? " (root only)" : "");
			r->failed++;
		}
		return;
	}
	save(dir, rel, buf, len, r);
	free(buf);
}

/*
 * buddyinfo and debugfs' two indices of the same free lists: read
 * buddyinfo, the indices, buddyinfo again, and keep the set once both
 * buddyinfo reads agree (the lists move all the time on a busy machine).
 * After 5 tries the last set is kept and the note says so.
 */
static void copy_buddy_and_indices(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	const char *const idx[] = { bs_layout_path(BS_LF_EXTFRAG_INDEX), bs_layout_path(BS_LF_UNUSABLE_INDEX) };
	const char *buddyinfo = bs_layout_path(BS_LF_BUDDYINFO);
	char *before = NULL, *text[2] = { NULL, NULL };
	size_t blen = 0, tlen[2] = { 0, 0 };
	bool stable = false;
	int tries;

	for (tries = 0; tries < 5 && !stable; tries++) {
		char *after;
		size_t alen;

		free(before);
		for (int i = 0; i < 2; i++)
			free(text[i]);
		before = bs_read_at(root, buddyinfo, 0, &blen);
		for (int i = 0; i < 2; i++)
			text[i] = bs_read_at(root, idx[i], 0, &tlen[i]);
		if (!before || !text[0] || !text[1])
			break;	/* no debugfs: buddyinfo alone needs no agreement */
		after = bs_read_at(root, buddyinfo, 0, &alen);
		stable = after && alen == blen && !memcmp(after, before, blen);
		free(after);
	}
	if (before)
		save(dir, buddyinfo, before, blen, r);
	else if (errno != ENOENT) {
		bs_diag_add(&r->diags, BS_DIAG_WARNING, BS_DIAG_UNREADABLE, "/proc/buddyinfo: %s", strerror(errno));
		r->failed++;
	}
	for (int i = 0; i < 2; i++)
		if (text[i])
			save(dir, idx[i], text[i], tlen[i], r);
	if (before && text[0] && text[1] && !stable)
		bs_diag_add(&r->diags, BS_DIAG_NOTE, BS_DIAG_UNSTABLE, "/proc/buddyinfo changed while debugfs' indices were read (%d tries): they may differ", tries);
	free(before);
	for (int i = 0; i < 2; i++)
		free(text[i]);
}

/* Copy the readable regular files of @root/@rel, @depth levels down. */
static void copy_dir(const char *root, const char *dir, const char *rel, int depth, struct bs_snapshot_result *r)
{
	char in[2048], sub[1024];
	struct dirent *de;
	DIR *d;

	snprintf(in, sizeof(in), "%s/%s", root, rel);
	d = opendir(in);
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", rel, de->d_name) >= sizeof(sub))
			continue;
		if ((size_t)snprintf(in, sizeof(in), "%s/%s", root, sub) >= sizeof(in) || stat(in, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0)
			copy_dir(root, dir, sub, depth - 1, r);
		else if (S_ISREG(st.st_mode) && (st.st_mode & S_IRUSR))
			copy_one(root, dir, sub, r);	/* write-only knobs (compact_memory) have no read bit */
	}
	closedir(d);
}

/* Each node's distance row and CPU list: the zonelists' node order. */
static void copy_nodes(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	size_t nr_leaves;
	const char *const *leaves = bs_layout_node_leaves(&nr_leaves);
	const char *nodes = bs_layout_dir(BS_LD_NODES);
	char in[1024], rel[128];
	struct dirent *de;
	DIR *d;

	snprintf(in, sizeof(in), "%s/%s", root, nodes);
	d = opendir(in);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "node", 4) || !strchr("0123456789", de->d_name[4]) || !de->d_name[4])
			continue;
		for (size_t i = 0; i < nr_leaves; i++) {
			if ((size_t)snprintf(rel, sizeof(rel), "%s/%s/%s", nodes, de->d_name, leaves[i]) >=
			    sizeof(rel))
				continue;
			copy_one(root, dir, rel, r);
		}
	}
	closedir(d);
}

static void save_log(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	size_t len;
	char *buf;

	if (strcmp(root, "/")) {
		copy_one(root, dir, bs_layout_path(BS_LF_DMESG), r);
		return;
	}
	buf = bs_read_kmsg(&len);
	if (!buf) {
		bs_diag_add(&r->diags, BS_DIAG_WARNING, BS_DIAG_UNREADABLE, "/dev/kmsg: %s: no kernel log saved", strerror(errno));
		r->failed++;
		return;
	}
	save(dir, bs_layout_path(BS_LF_DMESG), buf, len, r);
	free(buf);
}

/*
 * /proc/slabinfo is mode 0400: as root it is saved like the rest; when not
 * root its absence is said but is no failure (status does not need it).
 */
static void copy_slabinfo(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	size_t len;
	char *buf = bs_read_at(root, "proc/slabinfo", 0, &len);

	if (buf) {
		save(dir, "proc/slabinfo", buf, len, r);
		free(buf);
	} else if (errno == EACCES && geteuid() != 0) {
		bs_diag_add(&r->diags, BS_DIAG_NOTE, BS_DIAG_UNREADABLE, "/proc/slabinfo: root only, not saved");
	} else if (errno != ENOENT) {
		bs_diag_add(&r->diags, BS_DIAG_NOTE, BS_DIAG_UNREADABLE, "/proc/slabinfo: %s", strerror(errno));
		r->failed++;
	}
}

/* When the snapshot was taken, as DIR/time ("2026-01-31T12:00:00Z"); a copy keeps the original's. */
static void save_time(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	char stamp[64];
	time_t now = time(NULL);
	struct tm tm;

	if (strcmp(root, "/")) {
		copy_one(root, dir, "time", r);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ\n", &tm);
	save(dir, "time", stamp, strlen(stamp), r);
}

int bs_snapshot_save(const char *root, const char *dir, struct bs_snapshot_result *r)
{
	memset(r, 0, sizeof(*r));
	if (bs_mkdir_at(dir, "") < 0)
		return -1;
	copy_buddy_and_indices(root, dir, r);
	for (int f = 0; f < BS_NR_LAYOUT_FILES; f++)
		if (bs_layout_save_how((enum bs_layout_file)f) == BS_SAVE_ALONE)
			copy_one(root, dir, bs_layout_path((enum bs_layout_file)f), r);
	for (int d = 0; d < BS_NR_LAYOUT_DIRS; d++)
		if (d != BS_LD_NODES)
			copy_dir(root, dir, bs_layout_dir((enum bs_layout_dir)d), 1, r);
	copy_nodes(root, dir, r);
	copy_slabinfo(root, dir, r);
	save_log(root, dir, r);
	/* last, and only when something was there to save: an empty root stays empty */
	if (r->saved)
		save_time(root, dir, r);
	return 0;
}
