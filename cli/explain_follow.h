/* SPDX-License-Identifier: MIT */
/*
 * explain_follow.h - `explain --follow`: the kernel log read as it grows.
 */
#ifndef BS_CLI_EXPLAIN_FOLLOW_H
#define BS_CLI_EXPLAIN_FOLLOW_H

#include <stdbool.h>

#include <buddyscope.h>

/*
 * Print each report of @path (NULL: /dev/kmsg) as it completes, as text or
 * one JSON object per line, until SIGINT or SIGTERM; @user_lines: also
 * the records other programs wrote (bs_explain_set_user_lines()).  Returns an exit code
 * (common.h): findings when a failure report was printed.
 */
int explain_follow(const char *path, bool json, bool user_lines, const struct bs_render_opts *ro);

#endif
