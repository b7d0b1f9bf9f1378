/* SPDX-License-Identifier: MIT */
/*
 * proc_layout.h - the one list of the kernel files status reads and
 * snapshot saves, as paths relative to a root ("/" live, or a snapshot
 * directory that mirrors it; docs/status.md).  status_read.c reads them
 * by name from here and snapshot.c saves every one of them, so a file
 * status learns to read is a file snapshots carry.
 */
#ifndef BS_PROC_LAYOUT_H
#define BS_PROC_LAYOUT_H

#include <stddef.h>

/* Single files. */
enum bs_layout_file {
	BS_LF_BUDDYINFO,
	BS_LF_ZONEINFO,
	BS_LF_PAGETYPEINFO,
	BS_LF_VMSTAT,
	BS_LF_MEMINFO,
	BS_LF_OSRELEASE,
	BS_LF_VERSION,
	BS_LF_HOSTNAME,			/* for the ticket: which machine, how long up, booted with what */
	BS_LF_UPTIME,
	BS_LF_CMDLINE,
	BS_LF_EXTFRAG_INDEX,		/* debugfs: read with buddyinfo, see snapshot.c */
	BS_LF_UNUSABLE_INDEX,
	BS_LF_THP_ENABLED,		/* the four below are saved with their directory */
	BS_LF_THP_DEFRAG,
	BS_LF_KSM_RUN,
	BS_LF_KSM_PAGES_SHARING,
	BS_LF_DMESG,			/* the kernel log: /dev/kmsg live, "dmesg" in a snapshot */
	BS_NR_LAYOUT_FILES
};

/* How a snapshot saves a file of the list. */
enum bs_layout_save {
	BS_SAVE_ALONE,			/* copied as it is */
	BS_SAVE_WITH_BUDDYINFO,		/* read together until buddyinfo holds still */
	BS_SAVE_WITH_DIR,		/* inside a directory of bs_layout_dirs copied whole */
	BS_SAVE_LOG,			/* the kernel log */
};

/* Directories: copied whole (two levels), or walked per node. */
enum bs_layout_dir {
	BS_LD_VM_SYSCTLS,		/* proc/sys/vm: status reads the sysctls it shows */
	BS_LD_THP,
	BS_LD_KSM,
	BS_LD_NODES,			/* sys/devices/system/node: node<N>/{distance,cpulist} */
	BS_NR_LAYOUT_DIRS
};

/* The path of file @f under a root, e.g. "proc/buddyinfo". */
const char *bs_layout_path(enum bs_layout_file f);

/* How a snapshot saves file @f. */
enum bs_layout_save bs_layout_save_how(enum bs_layout_file f);

/* The path of directory @d under a root, e.g. "proc/sys/vm". */
const char *bs_layout_dir(enum bs_layout_dir d);

/* The files of each node directory a snapshot keeps ("distance", "cpulist"); *@n the count. */
const char *const *bs_layout_node_leaves(size_t *n);

#endif
