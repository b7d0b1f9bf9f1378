// SPDX-License-Identifier: MIT
#include "parse/report.h"

#include <string.h>

struct bs_zone *bs_report_zone(struct bs_report *r, int node, const char *name)
{
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	return NULL;
}

static const char *const zone_field_names[BS_ZF_NR] = {
	[BS_ZF_FREE] = "free", [BS_ZF_MIN] = "min", [BS_ZF_LOW] = "low", [BS_ZF_HIGH] = "high",
	[BS_ZF_BOOST] = "boost", [BS_ZF_RESERVED_HIGHATOMIC] = "reserved_highatomic",
	[BS_ZF_FREE_HIGHATOMIC] = "free_highatomic",
	[BS_ZF_ACTIVE_ANON] = "active_anon", [BS_ZF_INACTIVE_ANON] = "inactive_anon",
	[BS_ZF_ACTIVE_FILE] = "active_file", [BS_ZF_INACTIVE_FILE] = "inactive_file",
	[BS_ZF_UNEVICTABLE] = "unevictable", [BS_ZF_WRITEPENDING] = "writepending",
	[BS_ZF_DIRTY] = "dirty", [BS_ZF_WRITEBACK] = "writeback", [BS_ZF_PRESENT] = "present",
	[BS_ZF_MANAGED] = "managed", [BS_ZF_MLOCKED] = "mlocked",
	[BS_ZF_SLAB_RECLAIMABLE] = "slab_reclaimable", [BS_ZF_SLAB_UNRECLAIMABLE] = "slab_unreclaimable",
	[BS_ZF_KERNEL_STACK] = "kernel_stack", [BS_ZF_PAGETABLES] = "pagetables", [BS_ZF_BOUNCE] = "bounce",
	[BS_ZF_FREE_PCP] = "free_pcp", [BS_ZF_LOCAL_PCP] = "local_pcp", [BS_ZF_FREE_CMA] = "free_cma",
	[BS_ZF_SHMEM] = "shmem", [BS_ZF_MAPPED] = "mapped", [BS_ZF_PAGES_SCANNED] = "pages_scanned",
};

const char *bs_zone_field_name(enum bs_zone_field f)
{
	return f < BS_ZF_NR ? zone_field_names[f] : "";
}

/* Index i is the letter of bit 1 << i in enum bs_mt_letter. */
static const char mt_chars[] = "UMEHRCI";

unsigned bs_mt_from_letter(char c)
{
	const char *p = c ? strchr(mt_chars, c) : NULL;

	return p ? 1u << (p - mt_chars) : 0;
}

void bs_mt_letters(unsigned types, char *buf)
{
	int n = 0;

	for (int i = 0; mt_chars[i]; i++)
		if (types & (1u << i))
			buf[n++] = mt_chars[i];
	buf[n] = '\0';
}

int64_t bs_report_counter(const struct bs_report *r, const char *name)
{
	for (int i = 0; i < r->nr_counters; i++)
		if (!strcmp(r->counters[i].name, name))
			return (int64_t)r->counters[i].value;
	return -1;
}

uint64_t bs_report_page_kb(const struct bs_report *r)
{
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].buddy.present && r->zones[i].buddy.block_kb[0])
			return r->zones[i].buddy.block_kb[0];
	return 0;
}

static const char *const kind_names[BS_KIND_NR] = {
	[BS_KIND_PAGE_ALLOC_FAILURE] = "page_alloc_failure", [BS_KIND_VMALLOC_FAILURE] = "vmalloc_failure",
	[BS_KIND_OOM] = "oom", [BS_KIND_MEMCG_OOM] = "memcg_oom",
	[BS_KIND_XFS_KMEM_DEADLOCK] = "xfs_kmem_deadlock", [BS_KIND_ZFS_KMEM_DEADLOCK] = "zfs_kmem_deadlock",
	[BS_KIND_SLUB_FAILURE] = "slub_failure", [BS_KIND_HUNG_TASK] = "hung_task",
	[BS_KIND_MEMORY_STATE] = "memory_state", [BS_KIND_ALLOC_STALL] = "page_alloc_stall",
	[BS_KIND_VMEMMAP_FAILURE] = "vmemmap_alloc_failure", [BS_KIND_VMAP_FAILURE] = "vmap_failure",
	[BS_KIND_CMA_FAILURE] = "cma_failure", [BS_KIND_CONTIG_BUSY] = "contig_range_busy",
	[BS_KIND_NOMMU_FAILURE] = "nommu_failure",
};

const char *bs_report_kind_name(enum bs_report_kind k)
{
	return (unsigned)k < BS_KIND_NR ? kind_names[k] : "unknown";
}

static const char *const task_col_names[BS_TC_NR] = {
	[BS_TC_PID] = "pid", [BS_TC_UID] = "uid", [BS_TC_TGID] = "tgid", [BS_TC_TOTAL_VM] = "total_vm",
	[BS_TC_RSS] = "rss", [BS_TC_RSS_ANON] = "rss_anon", [BS_TC_RSS_FILE] = "rss_file",
	[BS_TC_RSS_SHMEM] = "rss_shmem", [BS_TC_NR_PTES] = "nr_ptes", [BS_TC_NR_PMDS] = "nr_pmds",
	[BS_TC_PGTABLES_BYTES] = "pgtables_bytes", [BS_TC_SWAPENTS] = "swapents",
	[BS_TC_OOM_SCORE_ADJ] = "oom_score_adj", [BS_TC_OOM_ADJ] = "oom_adj", [BS_TC_CPU] = "cpu",
	[BS_TC_NAME] = "name",
};

const char *bs_task_col_name(enum bs_task_col c)
{
	return (unsigned)c < BS_TC_NR ? task_col_names[c] : "";
}
