// SPDX-License-Identifier: MIT
/* cmd_trace.c - placeholder while the command is being written. */
#include "common.h"

int cmd_trace(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	bs_err("trace: not available yet");
	return BS_EXIT_FAILURE;
}
