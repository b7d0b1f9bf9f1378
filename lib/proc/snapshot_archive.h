/* SPDX-License-Identifier: MIT */
/*
 * snapshot_archive.h - a snapshot as one file for a ticket: the snapshot
 * layout (snapshot.h) in a tar archive, compressed as its name says
 * (FILE.tar.gz, .tgz, .tar.xz, .tar.zst, .tar.bz2, .tar), through
 * libarchive.  `status --root FILE` unpacks it into a private directory;
 * `explain FILE` reads its kernel log (the member "dmesg") in memory.
 *
 * Members are taken with care, since an archive comes from elsewhere:
 * only regular files and directories, no absolute path, no "..", no
 * member over BS_ARCHIVE_MAX_MEMBER and no more than BS_ARCHIVE_MAX_TOTAL
 * in all; anything else is refused with EINVAL or EFBIG.
 */
#ifndef BS_SNAPSHOT_ARCHIVE_H
#define BS_SNAPSHOT_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

#define BS_ARCHIVE_MAX_MEMBER	(256u << 20)	/* a kernel log of a long-lived box fits */
#define BS_ARCHIVE_MAX_TOTAL	(1024u << 20)

/* Does @path end like an archive snapshot -o writes (".tar.gz", ...)? */
bool bs_snapshot_archive_name(const char *path);

/*
 * Is @path a tar archive, whatever compresses it?  Read by content (its
 * first blocks), so a log named anything is not mistaken for one.
 */
bool bs_snapshot_archive_probe(const char *path);

/*
 * Write every regular file under @dir into the archive @file, as members
 * "@top/<path under dir>"; the format and compression follow @file's name.
 * 0, or -1 with errno and a message in @err.
 */
int bs_snapshot_archive_write(const char *dir, const char *top, const char *file, char *err, size_t errlen);

/*
 * Unpack the archive @file into a new private directory (under $TMPDIR or
 * /tmp), stored in *@tmp for bs_snapshot_archive_remove().  Returns the
 * snapshot's root in it (the directory holding proc/ or dmesg, the
 * archive's top directory when it has one), to be freed; NULL with errno
 * and a message in @err, *@tmp then NULL.
 */
char *bs_snapshot_archive_unpack(const char *file, char **tmp, char *err, size_t errlen);

/* Remove @tmp and everything in it, and free it; NULL is fine.  0 or -1. */
int bs_snapshot_archive_remove(char *tmp);

/*
 * The member @name ("dmesg") of the archive @file, at the top or one
 * directory down, whole and NUL-terminated; *@len its length.  NULL with
 * errno ENOENT when the archive has no such member, or the error.
 */
char *bs_snapshot_archive_read(const char *file, const char *name, size_t *len);

#endif
