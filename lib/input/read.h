/* SPDX-License-Identifier: MIT */
/*
 * read.h - the pieces of bs_input_read() that dir.c and read.c share.
 */
#ifndef BS_INPUT_READ_H
#define BS_INPUT_READ_H

#include "input.h"

/*
 * Read the file @path (not a directory) into @e, found in directory
 * @parent (NULL if given itself).  0 when read whole, else -1 (the
 * input list says why).
 */
int bs_input_read_file(struct bs_explain *e, const char *path, const char *parent, const struct bs_input_opts *o);

/*
 * Read the journal directory @path (or the OS tree @path, @root) into @e,
 * as one input named @path.  0, or -1.
 */
int bs_input_read_journal_dir(struct bs_explain *e, const char *path, const char *parent, bool root,
			      const struct bs_input_opts *o);

/*
 * Read the snapshot archive @path (bs_snapshot_archive_probe() said it is
 * one): its kernel log, with the snapshot's time as the reference
 * (bs_input_opts.on_time).  0, or -1 (the input list says why).
 */
int bs_input_read_archive(struct bs_explain *e, const char *path, const char *parent, const struct bs_input_opts *o);

/* Read directory @path: a sosreport, a supportconfig, a journal directory or any directory of logs.  0, or -1. */
int bs_input_read_dir(struct bs_explain *e, const char *path, const struct bs_input_opts *o);

#endif
