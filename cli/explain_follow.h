/* SPDX-License-Identifier: MIT */
/*
 * explain_follow.h - `explain --follow`: the kernel log read as it grows.
 */
#ifndef BS_CLI_EXPLAIN_FOLLOW_H
#define BS_CLI_EXPLAIN_FOLLOW_H

#include <stdbool.h>

#include <buddyscope.h>

/* Where --follow reads: /dev/kmsg or a file, or a systemd journal. */
struct follow_src {
	const char *path;	/* FILE (a journal file is followed as a journal), NULL: /dev/kmsg */
	bool journal;		/* --journal: this machine's journal, or @root's */
	const char *root;	/* --root DIR with --journal */
};

/*
 * Print each report of @src as it completes, as text or one JSON object
 * per line, until SIGINT or SIGTERM; @user_lines: also the records other
 * programs wrote (bs_explain_set_user_lines()).  Returns an exit code
 * (common.h): findings when a failure report was printed.
 */
int explain_follow(const struct follow_src *src, bool json, bool user_lines, const struct bs_render_opts *ro);

#endif
