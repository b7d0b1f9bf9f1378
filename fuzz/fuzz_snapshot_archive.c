// SPDX-License-Identifier: MIT
/*
 * fuzz_snapshot_archive.c - libFuzzer target for reading snapshot
 * archives (snapshot_archive.c): the input is written to a file, then
 * read for its kernel log and unpacked as status --root would.
 *
 * Properties checked:
 *  - nothing crashes or leaks, whatever the bytes (libarchive decides
 *    what is a tar; our code decides what may be unpacked);
 *  - the root handed back lies inside the private directory, and removing
 *    that directory succeeds and leaves nothing behind: no member escaped
 *    it through an absolute path, "..", or a link.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/snapshot_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], err[512];
	char *log, *root, *tmp;
	struct stat st;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/fuzz-snapshot-archive-%d.tar", (int)getpid());
	f = fopen(path, "we");
	if (!f)
		return 0;
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);

	log = bs_snapshot_archive_read(path, "dmesg", &len);
	if (log && strlen(log) > len)
		abort();
	free(log);

	root = bs_snapshot_archive_unpack(path, &tmp, err, sizeof(err));
	if (root) {
		char *copy = strdup(tmp);

		if (!copy || strncmp(root, tmp, strlen(tmp)) != 0)
			abort();
		if (bs_snapshot_archive_remove(tmp) != 0 || stat(copy, &st) == 0)
			abort();
		free(copy);
		free(root);
	} else if (tmp) {
		abort();	/* a failed unpack leaves no directory to remove */
	}
	unlink(path);
	return 0;
}
