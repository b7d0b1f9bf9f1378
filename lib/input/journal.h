/* SPDX-License-Identifier: MIT */
/*
 * journal.h - kernel entries (_TRANSPORT=kernel) of systemd journals,
 * through libsystemd's sd-journal: journal files, a journal directory,
 * this machine's journal or that of an OS tree, with journalctl's --boot,
 * --since and --until.
 */
#ifndef BS_INPUT_JOURNAL_H
#define BS_INPUT_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "record.h"

/* What to open: one file, a directory, this machine's journal, or an OS tree's. */
enum bs_journal_where { BS_JOURNAL_FILE, BS_JOURNAL_DIR, BS_JOURNAL_LOCAL, BS_JOURNAL_ROOT };

/*
 * bs_journal_walk - call @fn for every kernel entry of the journal at
 * @path (NULL for BS_JOURNAL_LOCAL) that @f lets through, oldest first.
 * *@records counts them.
 *
 * RETURN VALUE: 0, or -1 with a reason in @err (@errlen bytes): the journal
 * could not be opened or read, or the boot asked for is not in it.
 */
int bs_journal_walk(enum bs_journal_where where, const char *path, const struct bs_journal_filter *f,
		    bs_jrecord_fn fn, void *ctx, uint64_t *records, char *err, size_t errlen);

/*
 * Field @name of @j's current entry (an sd_journal *) as a NUL-terminated
 * string in @buf (@cap bytes, longer values cut), or NULL when it has none.
 */
typedef struct sd_journal sd_journal;
const char *bs_journal_field(sd_journal *j, const char *name, char *buf, size_t cap);

#endif
