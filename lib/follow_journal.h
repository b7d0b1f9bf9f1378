/* SPDX-License-Identifier: MIT */
/*
 * follow_journal.h - the kernel entries of a systemd journal read as the
 * journal grows, for follow.c: what `journalctl -k -f` shows, handed over
 * as dmesg lines ("[  652.272622] text") for explain's report reader.
 */
#ifndef BS_FOLLOW_JOURNAL_H
#define BS_FOLLOW_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/journal.h"

struct bs_jfollow;

/* Called with one line (ending in '\n') per kernel entry. */
typedef void (*bs_jfollow_line_fn)(const char *line, size_t len, void *ctx);

/*
 * bs_jfollow_open - open the journal at @path (NULL for BS_JOURNAL_LOCAL)
 * and position it: this machine's journal at the current boot's first
 * entry, a file, directory or OS tree at its first entry.
 * @user_lines: also the entries other programs wrote to /dev/kmsg
 * (SYSLOG_FACILITY other than 0, kern).
 * RETURN VALUE: the follower, or NULL with a reason in @err.
 */
struct bs_jfollow *bs_jfollow_open(enum bs_journal_where where, const char *path, bool user_lines,
				   char *err, size_t errlen);

/* The descriptor to poll (POLLIN) for new entries; -1 with errno when the journal gives none. */
int bs_jfollow_fd(struct bs_jfollow *j);

/*
 * Hand every entry not yet seen to @fn.  Returns the number of entries,
 * or -1 with errno when the journal cannot be read.
 */
int bs_jfollow_read(struct bs_jfollow *j, bs_jfollow_line_fn fn, void *ctx);

void bs_jfollow_close(struct bs_jfollow *j);

#endif
