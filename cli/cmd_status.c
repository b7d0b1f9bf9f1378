// SPDX-License-Identifier: MIT
/* cmd_status.c - placeholder while the command is being written. */
#include "common.h"

int cmd_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	bs_err("status: not available yet");
	return BS_EXIT_FAILURE;
}
