// SPDX-License-Identifier: MIT
/*
 * event.c - the mechanism behind the short reports, in their numbers.
 *
 * Kernel facts used (torvalds/linux):
 *  - PAGE_ALLOC_COSTLY_ORDER is 3 (include/linux/mmzone.h, every release
 *    2.6.32..6.x): above it the slow path does not loop on its own
 *    (should_reclaim_retry()/__alloc_pages_slowpath()), so a caller that
 *    must not fail retries by itself.
 *  - fs/xfs/kmem.c kmem_alloc() (v3.x..v5.x) loops on kmalloc() and
 *    prints its line every 100 failures; the "comm(pid) ... size N" form
 *    came with v4.4 (commit 847f9f6875fb "xfs: more info from kmem
 *    deadlocks and high-level error msgs").
 *  - A kmalloc() of more than a page's worth is one physically contiguous
 *    block: SLUB hands sizes above KMALLOC_MAX_CACHE_SIZE (2 pages) to
 *    the page allocator at get_order(size); SLAB's kmalloc slabs of such
 *    sizes are blocks of the same order.
 * SPL (openzfs, module/os/linux/spl/spl-kmem.c spl_kmem_alloc_impl())
 * loops the same way and prints "Possible memory allocation deadlock".
 */
#include "analysis/event.h"

#include <stdio.h>
#include <string.h>

#define PAGE_ALLOC_COSTLY_ORDER 3

unsigned bs_event_order(uint64_t size, uint64_t page_kb)
{
	uint64_t page = (page_kb ? page_kb : 4) * 1024, pages;
	unsigned order = 0;

	if (!size)
		return 0;
	pages = (size + page - 1) / page;
	while ((1ull << order) < pages && order < 63)
		order++;
	return order;
}

uint64_t bs_event_page_kb(const struct bs_report *r, bool *assumed)
{
	static const char *const x86[] = { "x86_64", "amd64", "i686", "i586", "i386" };

	*assumed = false;
	if (r->has_version && (strstr(r->version_text, "64k") || strstr(r->version_text, "64K")))
		return 64;
	for (size_t i = 0; r->has_version && i < sizeof(x86) / sizeof(x86[0]); i++)
		if (strstr(r->version_text, x86[i]))
			return 4;
	*assumed = true;
	return 4;
}

/* "order-5 block (32 pages, 128 kB)" for @size on @page_kb pages. */
static void block_words(char *buf, size_t n, uint64_t size, uint64_t page_kb, unsigned order)
{
	uint64_t kb = (page_kb ? page_kb : 4) << order;

	snprintf(buf, n, "one order-%u block (%llu pages, %llu kB)", order, 1ull << order, (unsigned long long)kb);
	(void)size;
}

/* What the mode lets reclaim and compaction do, in words; "" without a decode. */
static void mode_words(char *buf, size_t n, const struct bs_analysis *a)
{
	if (!a || !a->gfp) {
		buf[0] = '\0';
		return;
	}
	if (!a->slow.can_direct_reclaim)
		snprintf(buf, n, "; the mode has no direct reclaim, so only kswapd frees memory for it");
	else if (!a->slow.fs)
		snprintf(buf, n, "; the mode lacks __GFP_FS (a GFP_NOFS request): reclaim may not write back or "
			 "drop filesystem pages, so dirty page cache cannot be turned into free blocks");
	else
		snprintf(buf, n, "; __GFP_FS is set, so reclaim was free to run: the memory was there in pieces, "
			 "not in blocks of that order");
}

/* XFS kmem_alloc() and SPL spl_kmem_alloc_impl(): a kmalloc retried forever. */
static void retry_loop(const struct bs_report *r, const struct bs_analysis *a, struct bs_event_meaning *m)
{
	const char *who = r->kind == BS_KIND_XFS_KMEM_DEADLOCK ? "XFS kmem_alloc()" : "SPL spl_kmem_alloc()";
	bool assumed;
	uint64_t page_kb = bs_event_page_kb(r, &assumed);
	char block[128], over[96], mode[BS_TEXT_LEN];
	unsigned order;

	mode_words(mode, sizeof(mode), a);
	if (!r->ev.has_size) {
		snprintf(m->mechanism, sizeof(m->mechanism),
			 "%s retries a kmalloc() that must not fail and prints this line after repeated failures; "
			 "this kernel's line does not say the size%s", who, mode);
		snprintf(m->fixes, sizeof(m->fixes),
			 "free reclaimable memory now (sync; echo 3 > /proc/sys/vm/drop_caches), then find the "
			 "request's size with the kmem:kmalloc tracepoint");
		return;
	}
	order = bs_event_order(r->ev.size, page_kb);
	block_words(block, sizeof(block), r->ev.size, page_kb, order);
	over[0] = '\0';
	if (order > 0 && r->ev.size - (page_kb * 1024ull << (order - 1)) < page_kb * 1024ull)
		snprintf(over, sizeof(over), ": %llu bytes over %llu kB double the block",
			 (unsigned long long)(r->ev.size - (page_kb * 1024ull << (order - 1))),
			 (unsigned long long)(page_kb << (order - 1)));
	snprintf(m->mechanism, sizeof(m->mechanism),
		 "%s retries kmalloc(%llu), which needs %s%s; %s%s",
		 who, (unsigned long long)r->ev.size, block, over,
		 order > PAGE_ALLOC_COSTLY_ORDER
			 ? "above PAGE_ALLOC_COSTLY_ORDER (3) the page allocator gives up after one round of "
			   "reclaim and compaction, and the caller's loop retries instead"
			 : "at or below PAGE_ALLOC_COSTLY_ORDER (3) the page allocator itself keeps retrying, so "
			   "this line means reclaim is making no progress at all",
		 mode);
	if (assumed) {
		size_t used = strlen(m->mechanism);

		snprintf(m->mechanism + used, sizeof(m->mechanism) - used,
			 " (pages of 4 kB assumed: the report shows no page size; with 64 kB pages the order is lower)");
	}
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		snprintf(m->fixes, sizeof(m->fixes),
			 "make order-%u blocks available now: echo 1 > /proc/sys/vm/compact_memory (and sync; echo 3 > "
			 "/proc/sys/vm/drop_caches if page cache holds the memory); raise vm.min_free_kbytes so kswapd "
			 "keeps more free; lasting fix: a kernel/module that allocates this %llu-byte buffer with "
			 "kvmalloc() (virtually contiguous)%s",
			 order, (unsigned long long)r->ev.size,
			 r->kind == BS_KIND_ZFS_KMEM_DEADLOCK ? "; cap the ARC (zfs_arc_max) so reclaim has room" : "");
	else
		snprintf(m->fixes, sizeof(m->fixes),
			 "find what holds memory (slab, page cache, anon) and free it; an order-%u request fails only "
			 "when reclaim cannot free anything%s", order,
			 r->kind == BS_KIND_ZFS_KMEM_DEADLOCK ? "; cap the ARC (zfs_arc_max)" : "");
}

/* Frames of the scheduler and the sleeping-lock primitives: how a task sleeps, not on what. */
static bool wait_frame(const char *f)
{
	static const char *const prefixes[] = {
		"__schedule", "schedule", "io_schedule", "__switch_to", "context_switch", "rwsem_down",
		"call_rwsem_down", "__rwsem_down", "__mutex_lock", "mutex_lock", "down_", "__down",
		"folio_wait", "__folio_lock", "wait_on_page", "__lock_page", "__wait_on", "wait_for_completion",
		"bit_wait", "out_of_line_wait_on_bit", "__wait_on_bit",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(f, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static void hung(const struct bs_report *r, struct bs_event_meaning *m)
{
	const char *how = NULL, *at = NULL, *from = NULL;
	char secs[48] = "the hung-task timeout";

	if (r->ev.has_blocked_seconds)
		snprintf(secs, sizeof(secs), "%llu s", (unsigned long long)r->ev.blocked_seconds);

	for (int i = 0; i < r->nr_frames && !from; i++) {
		const char *f = r->frames[i].func;

		if (r->frames[i].unreliable)
			continue;
		if (!at && wait_frame(f)) {
			if (strncmp(f, "schedule", 8) && strncmp(f, "__schedule", 10) && strncmp(f, "__switch_to", 11))
				how = f;
			continue;
		}
		if (!at)
			at = f;
		else
			from = f;
	}
	if (at)
		snprintf(m->mechanism, sizeof(m->mechanism),
			 "%s (pid %d) slept in state %s for more than %s in %s%s%s%s%s; only when an allocation "
			 "report or reclaim frames come before it is this a memory failure: otherwise find who holds "
			 "what %s waits for",
			 r->comm, r->pid, r->ev.state[0] ? r->ev.state : "D", secs,
			 at, how ? " (sleeping in " : "", how ? how : "", how ? ")" : "", from ? "" : "", at);
	else
		snprintf(m->mechanism, sizeof(m->mechanism),
			 "%s (pid %d) slept uninterruptibly for more than %s; the report has no trace to say where",
			 r->comm, r->pid, secs);
	if (at && from) {
		size_t used = strlen(m->mechanism);

		snprintf(m->mechanism + used, sizeof(m->mechanism) - used, " (called from %s)", from);
	}
	m->fixes[0] = '\0';
}

/*
 * "tw_sock_TCPv6(960:helper-logs)": a per-memcg copy of a cache, named
 * "name(css id:cgroup)" by memcg_create_kmem_cache() (4.x to 5.8; 5.9's
 * "mm: memcg/slab: use a single set of kmem_caches for all allocations"
 * ended them).  Its new slab is charged to that cgroup, and a charge at the
 * cgroup's limit fails the allocation whatever the zones hold.
 */
static void memcg_cache(const struct bs_report *r, struct bs_event_meaning *m)
{
	const char *open = strchr(r->ev.func, '('), *colon = open ? strchr(open, ':') : NULL;
	size_t used = strlen(m->mechanism);
	int cg;

	if (!colon || !strchr(colon, ')'))
		return;
	cg = (int)(strchr(colon, ')') - colon - 1);
	snprintf(m->mechanism + used, sizeof(m->mechanism) - used,
		 "; the cache is cgroup %.*s's own copy (kmem accounting): the new slab is charged to that cgroup, "
		 "so a cgroup at its memory limit fails it while the zones have memory",
		 cg, colon + 1);
	snprintf(m->fixes, sizeof(m->fixes),
		 "raise or watch the cgroup's limit (memory.max, memory.kmem.limit_in_bytes); GFP_ATOMIC charges "
		 "failing at the limit were made to bypass it by \"mm: memcontrol: fix network errors from failing "
		 "__GFP_ATOMIC charges\"");
}

/*
 * slab_out_of_memory(): the cache had no free object and no new slab could
 * be had.  Only the numbers the lines printed are said: a node line cut
 * before "free:" leaves the free count unsaid.
 */
static void slub_words(const struct bs_report *r, struct bs_event_meaning *m)
{
	const struct bs_event *ev = &r->ev;
	unsigned h = ev->slub_has;
	char objs[64] = "", order[64] = "the order it needs";

	if ((h & (1u << BS_SLUB_FREE)) && (h & (1u << BS_SLUB_OBJS)))
		snprintf(objs, sizeof(objs), " (%llu of %llu objects free)", (unsigned long long)ev->slub_free,
			 (unsigned long long)ev->slub_objs);
	if ((h & (1u << BS_SLUB_DEFAULT_ORDER)) && (h & (1u << BS_SLUB_MIN_ORDER)))
		snprintf(order, sizeof(order), "order %u, nor of its minimum order %u,", ev->slub_default_order,
			 ev->slub_min_order);
	else if (h & (1u << BS_SLUB_DEFAULT_ORDER))
		snprintf(order, sizeof(order), "order %u", ev->slub_default_order);
	snprintf(m->mechanism, sizeof(m->mechanism),
		 "cache %s had no free object%s and no new slab of %s could be had for this mode", ev->func, objs,
		 order);
}

void bs_event_explain(const struct bs_report *r, const struct bs_analysis *a, struct bs_event_meaning *m)
{
	m->mechanism[0] = m->fixes[0] = '\0';
	switch (r->kind) {
	case BS_KIND_XFS_KMEM_DEADLOCK:
	case BS_KIND_ZFS_KMEM_DEADLOCK:
		retry_loop(r, a, m);
		break;
	case BS_KIND_SLUB_FAILURE:
		if (r->ev.has_slub_cache) {
			slub_words(r, m);
			memcg_cache(r, m);
		} else
			snprintf(m->mechanism, sizeof(m->mechanism),
				 "SLUB could not get a new slab for this mode: the page allocator failed first");
		break;
	case BS_KIND_HUNG_TASK:
		hung(r, m);
		break;
	default:
		bs_kinds_explain(r, m);
		break;
	}
}
