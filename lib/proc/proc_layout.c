// SPDX-License-Identifier: MIT
/*
 * proc_layout.c - the paths of the snapshot layout (proc_layout.h): one
 * table of files with how a snapshot saves each, one of directories.
 */
#include "proc/proc_layout.h"

static const struct {
	const char *path;
	enum bs_layout_save how;
} files[BS_NR_LAYOUT_FILES] = {
	[BS_LF_BUDDYINFO] = { "proc/buddyinfo", BS_SAVE_WITH_BUDDYINFO },
	[BS_LF_ZONEINFO] = { "proc/zoneinfo", BS_SAVE_ALONE },
	[BS_LF_PAGETYPEINFO] = { "proc/pagetypeinfo", BS_SAVE_ALONE },
	[BS_LF_VMSTAT] = { "proc/vmstat", BS_SAVE_ALONE },
	[BS_LF_MEMINFO] = { "proc/meminfo", BS_SAVE_ALONE },
	[BS_LF_OSRELEASE] = { "proc/sys/kernel/osrelease", BS_SAVE_ALONE },
	[BS_LF_VERSION] = { "proc/version", BS_SAVE_ALONE },
	[BS_LF_HOSTNAME] = { "proc/sys/kernel/hostname", BS_SAVE_ALONE },
	[BS_LF_UPTIME] = { "proc/uptime", BS_SAVE_ALONE },
	[BS_LF_CMDLINE] = { "proc/cmdline", BS_SAVE_ALONE },
	[BS_LF_EXTFRAG_INDEX] = { "sys/kernel/debug/extfrag/extfrag_index", BS_SAVE_WITH_BUDDYINFO },
	[BS_LF_UNUSABLE_INDEX] = { "sys/kernel/debug/extfrag/unusable_index", BS_SAVE_WITH_BUDDYINFO },
	[BS_LF_THP_ENABLED] = { "sys/kernel/mm/transparent_hugepage/enabled", BS_SAVE_WITH_DIR },
	[BS_LF_THP_DEFRAG] = { "sys/kernel/mm/transparent_hugepage/defrag", BS_SAVE_WITH_DIR },
	[BS_LF_KSM_RUN] = { "sys/kernel/mm/ksm/run", BS_SAVE_WITH_DIR },
	[BS_LF_KSM_PAGES_SHARING] = { "sys/kernel/mm/ksm/pages_sharing", BS_SAVE_WITH_DIR },
	[BS_LF_DMESG] = { "dmesg", BS_SAVE_LOG },
};

static const char *const dirs[BS_NR_LAYOUT_DIRS] = {
	[BS_LD_VM_SYSCTLS] = "proc/sys/vm",
	[BS_LD_THP] = "sys/kernel/mm/transparent_hugepage",
	[BS_LD_KSM] = "sys/kernel/mm/ksm",
	[BS_LD_NODES] = "sys/devices/system/node",
};

static const char *const node_leaves[] = { "distance", "cpulist" };

const char *bs_layout_path(enum bs_layout_file f)
{
	return (unsigned)f < BS_NR_LAYOUT_FILES ? files[f].path : "";
}

enum bs_layout_save bs_layout_save_how(enum bs_layout_file f)
{
	return (unsigned)f < BS_NR_LAYOUT_FILES ? files[f].how : BS_SAVE_ALONE;
}

const char *bs_layout_dir(enum bs_layout_dir d)
{
	return (unsigned)d < BS_NR_LAYOUT_DIRS ? dirs[d] : "";
}

const char *const *bs_layout_node_leaves(size_t *n)
{
	*n = sizeof(node_leaves) / sizeof(node_leaves[0]);
	return node_leaves;
}
