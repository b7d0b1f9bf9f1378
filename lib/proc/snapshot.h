/* SPDX-License-Identifier: MIT */
/*
 * snapshot.h - save the files status reads, and the kernel log, into a
 * directory that mirrors the filesystem root (DIR/proc/buddyinfo, ...,
 * DIR/dmesg), so that `status --root DIR` analyses it elsewhere exactly
 * like the live system.
 */
#ifndef BS_SNAPSHOT_H
#define BS_SNAPSHOT_H

#include <stddef.h>

#include "diag.h"

struct bs_snapshot_result {
	int saved;			/* files written */
	int failed;			/* files that should be there but could not be read or written */
	struct bs_diag_list diags;	/* what could not be read or written, and why */
};

/*
 * Copy every file of the snapshot layout found under @root ("/" live)
 * into @dir (created if needed), and the kernel log as DIR/dmesg: from
 * /dev/kmsg when @root is "/", else @root/dmesg.  Files absent on this
 * kernel are skipped; files present but unreadable are counted in
 * @r->failed and described.  Returns 0, or -1 (errno) when @dir cannot be
 * created.
 */
int bs_snapshot_save(const char *root, const char *dir, struct bs_snapshot_result *r);

#endif
