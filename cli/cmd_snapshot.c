// SPDX-License-Identifier: MIT
/* cmd_snapshot.c - placeholder while the command is being written. */
#include "common.h"

int cmd_snapshot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	bs_err("snapshot: not available yet");
	return BS_EXIT_FAILURE;
}
