// SPDX-License-Identifier: MIT
/*
 * snapshot_archive.c - snapshot archives through libarchive: write a
 * snapshot directory as one file, unpack one safely, read its kernel log
 * (snapshot_archive.h).
 */
#include "proc/snapshot_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proc/fileio.h"

static const char *const suffixes[] = { ".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.zst", ".tar.bz2" };

bool bs_snapshot_archive_name(const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);

		if (n > s && !strcmp(path + n - s, suffixes[i]))
			return true;
	}
	return false;
}

/* A reader for tar under any compression libarchive knows; NULL on ENOMEM. */
static struct archive *open_reader(const char *file)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, file, 64 << 10) != ARCHIVE_OK) {
		errno = archive_errno(a) > 0 ? archive_errno(a) : EINVAL;
		archive_read_free(a);
		return NULL;
	}
	return a;
}

bool bs_snapshot_archive_probe(const char *path)
{
	struct archive_entry *e;
	struct archive *a;
	struct stat st;
	bool tar;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	a = open_reader(path);
	if (!a)
		return false;
	tar = archive_read_next_header(a, &e) == ARCHIVE_OK;
	archive_read_free(a);
	return tar;
}

/* --- writing ---------------------------------------------------------- */

struct writer {
	struct archive *a;
	const char *dir, *top;
	char *err;
	size_t errlen;
};

static int add_file(struct writer *w, const char *rel)
{
	struct archive_entry *e;
	char name[PATH_MAX];
	size_t len;
	char *buf = bs_read_at(w->dir, rel, BS_ARCHIVE_MAX_MEMBER, &len);
	int rc = 0;

	if (!buf) {
		snprintf(w->err, w->errlen, "read %s/%s: %s", w->dir, rel, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(name, sizeof(name), "%s/%s", w->top, rel) >= sizeof(name)) {
		free(buf);
		errno = ENAMETOOLONG;
		return -1;
	}
	e = archive_entry_new();
	if (!e) {
		free(buf);
		errno = ENOMEM;
		return -1;
	}
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, time(NULL), 0);
	if (archive_write_header(w->a, e) != ARCHIVE_OK ||
	    (len && archive_write_data(w->a, buf, len) != (la_ssize_t)len)) {
		snprintf(w->err, w->errlen, "write %s: %s", name, archive_error_string(w->a));
		errno = EIO;
		rc = -1;
	}
	archive_entry_free(e);
	free(buf);
	return rc;
}

/* Every regular file under @w->dir/@rel, depth first; @rel "" is the top. */
static int add_tree(struct writer *w, const char *rel, int depth)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct dirent *de;
	int rc = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", w->dir, rel);
	d = opendir(path);
	if (!d) {
		snprintf(w->err, w->errlen, "open %s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name) >= sizeof(sub))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", w->dir, sub) >= sizeof(path) ||
		    lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 16)
			rc = add_tree(w, sub, depth + 1);
		else if (S_ISREG(st.st_mode))
			rc = add_file(w, sub);
	}
	closedir(d);
	return rc;
}

int bs_snapshot_archive_write(const char *dir, const char *top, const char *file, char *err, size_t errlen)
{
	struct writer w = { .dir = dir, .top = top, .err = err, .errlen = errlen };
	int rc;

	err[0] = '\0';
	w.a = archive_write_new();
	if (!w.a) {
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	/* pax keeps long names and large sizes; the filter follows the name */
	if (archive_write_set_format_filter_by_ext(w.a, file) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(w.a) != ARCHIVE_OK ||
	    archive_write_open_filename(w.a, file) != ARCHIVE_OK) {
		snprintf(err, errlen, "create %s: %s", file, archive_error_string(w.a));
		archive_write_free(w.a);
		errno = EIO;
		return -1;
	}
	rc = add_tree(&w, "", 0);
	if (archive_write_close(w.a) != ARCHIVE_OK && rc == 0) {
		snprintf(err, errlen, "write %s: %s", file, archive_error_string(w.a));
		errno = EIO;
		rc = -1;
	}
	archive_write_free(w.a);
	if (rc < 0)
		unlink(file);
	return rc;
}

/* --- reading ---------------------------------------------------------- */

/* Relative, and no component is "..": safe to put under a directory. */
static bool safe_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/')
		return false;
	while (c) {
		if (!strncmp(c, "..", 2) && (c[2] == '/' || !c[2]))
			return false;
		c = strchr(c, '/');
		if (c)
			c++;
	}
	return true;
}

/* The current member's data, whole, NUL-terminated. */
static char *read_data(struct archive *a, struct archive_entry *e, size_t *len)
{
	la_int64_t size = archive_entry_size(e);
	char *buf;
	la_ssize_t n;

	if (size < 0 || (uint64_t)size > BS_ARCHIVE_MAX_MEMBER) {
		errno = EFBIG;
		return NULL;
	}
	buf = malloc((size_t)size + 1);
	if (!buf)
		return NULL;
	n = size ? archive_read_data(a, buf, (size_t)size) : 0;
	if (n != size) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[size] = '\0';
	*len = (size_t)size;
	return buf;
}

/* Whether @tmp/@rel exists. */
static bool exists_at(const char *tmp, const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	return stat(p, &st) == 0;
}

/* The snapshot root inside @tmp: @tmp itself, or its only directory. */
static char *find_root(const char *tmp)
{
	char *root = NULL;
	struct dirent *de;
	int dirs = 0;
	DIR *d;

	if (exists_at(tmp, "proc") || exists_at(tmp, "dmesg"))
		return strdup(tmp);
	d = opendir(tmp);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		char p[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmp, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && ++dirs == 1)
			root = strdup(p);
	}
	closedir(d);
	if (dirs != 1) {
		free(root);
		return strdup(tmp);
	}
	return root;
}

static int unpack_into(struct archive *a, const char *tmp, char *err, size_t errlen)
{
	struct archive_entry *e;
	uint64_t total = 0;
	int r;

	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		mode_t type = archive_entry_filetype(e);
		size_t len;
		char *buf;

		if (type == AE_IFDIR)
			continue;	/* made as the files need them */
		if (type != AE_IFREG || !name || !safe_path(name)) {
			snprintf(err, errlen, "member \"%s\": not a plain relative file", name ? name : "");
			errno = EINVAL;
			return -1;
		}
		buf = read_data(a, e, &len);
		if (!buf) {
			snprintf(err, errlen, "member \"%s\": %s", name, strerror(errno));
			return -1;
		}
		total += len;
		if (total > BS_ARCHIVE_MAX_TOTAL) {
			snprintf(err, errlen, "member \"%s\": the archive unpacks to more than %u MiB",
				 name, BS_ARCHIVE_MAX_TOTAL >> 20);
			free(buf);
			errno = EFBIG;
			return -1;
		}
		if (bs_write_at(tmp, name, buf, len) < 0) {
			snprintf(err, errlen, "unpack %s: %s", name, strerror(errno));
			free(buf);
			return -1;
		}
		free(buf);
	}
	if (r != ARCHIVE_EOF) {
		snprintf(err, errlen, "%s", archive_error_string(a) ? archive_error_string(a) : "not a tar archive");
		errno = EINVAL;
		return -1;
	}
	return 0;
}

char *bs_snapshot_archive_unpack(const char *file, char **tmp, char *err, size_t errlen)
{
	const char *base = getenv("TMPDIR");
	struct archive *a;
	char *root;

	err[0] = '\0';
	*tmp = NULL;
	a = open_reader(file);
	if (!a) {
		snprintf(err, errlen, "open %s: %s", file, strerror(errno));
		return NULL;
	}
	if (asprintf(tmp, "%s/buddyscope-snapshot-XXXXXX", base && *base ? base : "/tmp") < 0 ||
	    !mkdtemp(*tmp)) {
		snprintf(err, errlen, "make a directory to unpack %s: %s", file, strerror(errno));
		archive_read_free(a);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	if (unpack_into(a, *tmp, err, errlen) < 0) {
		int e = errno;

		archive_read_free(a);
		bs_snapshot_archive_remove(*tmp);
		*tmp = NULL;
		errno = e;
		return NULL;
	}
	archive_read_free(a);
	root = find_root(*tmp);
	if (!root) {
		snprintf(err, errlen, "out of memory");
		bs_snapshot_archive_remove(*tmp);
		*tmp = NULL;
	}
	return root;
}

/* rm -r @path: only what unpack made, so no symlink is ever followed. */
static int remove_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	int rc = 0;
	DIR *d;

	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (remove_tree(sub) < 0)
			rc = -1;
	}
	closedir(d);
	return rmdir(path) < 0 ? -1 : rc;
}

int bs_snapshot_archive_remove(char *tmp)
{
	int rc;

	if (!tmp)
		return 0;
	rc = remove_tree(tmp);
	free(tmp);
	return rc;
}

/* @path is @name, or "<one directory>/@name". */
static bool member_is(const char *path, const char *name)
{
	const char *slash = strchr(path, '/');

	if (!strcmp(path, name))
		return true;
	return slash && slash != path && !strcmp(slash + 1, name);
}

char *bs_snapshot_archive_read(const char *file, const char *name, size_t *len)
{
	struct archive_entry *e;
	struct archive *a = open_reader(file);
	char *buf = NULL;
	int r;

	if (!a)
		return NULL;
	errno = ENOENT;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *p = archive_entry_pathname(e);

		if (p && archive_entry_filetype(e) == AE_IFREG && member_is(p, name)) {
			buf = read_data(a, e, len);
			break;
		}
	}
	if (r != ARCHIVE_OK && r != ARCHIVE_EOF)
		errno = EINVAL;
	archive_read_free(a);
	return buf;
}
