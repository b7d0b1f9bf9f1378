// SPDX-License-Identifier: GPL-2.0
/*
 * bslab.ko - the buddyscope lab's allocation-failure provoker.
 *
 * Loaded once per boot by the lab's guest init, which then writes to
 * debugfs bslab/run with a shell builtin: the scenario runs inside that
 * write, so nothing forks while memory is fragmented, and insmod is gone:
 *
 *   1. take every free page of node 0 (no watermarks, no reclaim, no
 *      kswapd), split to order 0;
 *   2. give pages back in the shape the scenario asks for:
 *        highatomic=1  first make one pageblock per zone MIGRATE_HIGHATOMIC
 *                      the way the kernel does (a high-order atomic request
 *                      that needed the slow path), so that its free blocks
 *                      sit on a list ordinary requests may not use (6.10+
 *                      does so only where 1% of the zone is a pageblock);
 *        free_zones=Z  zones given back whole (big blocks there);
 *        frag=K        keep the lowest held page of every aligned 2^(K+1)
 *                      block, free the rest: blocks up to order K re-form,
 *                      nothing above K can (the kept pages are not movable,
 *                      so compaction cannot help either); then take all
 *                      again and shape once more, for pages others freed;
 *        lowmem=P      free back only until each zone holds P/1000 of its
 *                      min watermark (order 0 below min);
 *   3. copy /proc/{buddyinfo,zoneinfo,pagetypeinfo,vmstat,meminfo} into
 *      buffers (the snapshot at the moment of the request);
 *   4. with sysctl=NAME:VALUE, make the request once untraced ("bslab:
 *      before ..."), then write VALUE to /proc/sys/vm/NAME (commas become
 *      spaces), so that the snapshot shows the setting as it was and the
 *      request below meets the new one (the value read is written back at
 *      the end, so the snapshot's sysctl files show it too);
 *   5. switch tracing on, make the one request (alloc_pages(gfp, order) or
 *      kmalloc(kmalloc_size, gfp)), switch tracing off, copy /proc/vmstat;
 *      with task=NAME a kernel thread of that name (made at load time) asks,
 *      with PF_MEMALLOC as kswapd has;
 *   6. give everything back and print the outcome, with the order and mask
 *      the page allocator saw and whether the first attempt (the fast path,
 *      at the low mark) served it, told by a kprobe on the slow path:
 *        bslab: result scenario=NAME order=N kmalloc=SIZE gfp=0x... (decode)
 *               fastpath=ok|fail|? outcome=ok|fail
 *
 * The copies are exposed under debugfs bslab/ for the init script to send.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>

static char *scenario = "unnamed";
module_param(scenario, charp, 0444);
MODULE_PARM_DESC(scenario, "name printed with the outcome");
static char *gfp = "kernel";
module_param(gfp, charp, 0444);
MODULE_PARM_DESC(gfp, "class|modifier|...: kernel nofs noio atomic nowait highuser_movable transhuge transhuge_light; noretry retry_mayfail nowarn warn high comp zero dma dma32 nomemalloc");
static int order;
module_param(order, int, 0444);
MODULE_PARM_DESC(order, "order of the request");
static int kmalloc_size;
module_param(kmalloc_size, int, 0444);
MODULE_PARM_DESC(kmalloc_size, "if set, kmalloc(kmalloc_size, gfp) instead of alloc_pages");
static int frag = -1;
module_param(frag, int, 0444);
MODULE_PARM_DESC(frag, "K: no free block above order K may form (-1: off)");
static int lowmem;
module_param(lowmem, int, 0444);
MODULE_PARM_DESC(lowmem, "free back to this many thousandths of each zone's min watermark (0: off)");
static char *free_zones = "";
module_param(free_zones, charp, 0444);
MODULE_PARM_DESC(free_zones, "comma-separated zone names given back whole");
static bool highatomic;
module_param(highatomic, bool, 0444);
MODULE_PARM_DESC(highatomic, "reserve a MIGRATE_HIGHATOMIC pageblock per zone first");
static char *lowmem_zones = "";
module_param(lowmem_zones, charp, 0444);
MODULE_PARM_DESC(lowmem_zones, "comma-separated zones lowmem= applies to (others get nothing back); empty: all");
static char *sysctl = "";
module_param(sysctl, charp, 0444);
MODULE_PARM_DESC(sysctl, "NAME:VALUE written to /proc/sys/vm/NAME after the snapshot (commas: spaces)");
static char *task = "";
module_param(task, charp, 0444);
MODULE_PARM_DESC(task, "if set, a kernel thread of this name with PF_MEMALLOC makes the request");

#define SNAP_BYTES (256 * 1024)

/* The largest order the buddy allocator hands out: 6.1 names the bound
 * MAX_ORDER (exclusive), 6.8+ MAX_PAGE_ORDER (inclusive). */
#ifdef MAX_PAGE_ORDER
#define MAX_ORDER_TAKE MAX_PAGE_ORDER
#else
#define MAX_ORDER_TAKE (MAX_ORDER - 1)
#endif

struct snap_file {
	const char *path;	/* what was read */
	const char *name;	/* debugfs name */
	struct debugfs_blob_wrapper blob;
};

static struct snap_file snaps[] = {
	{ "/proc/buddyinfo", "buddyinfo" },
	{ "/proc/zoneinfo", "zoneinfo" },
	{ "/proc/pagetypeinfo", "pagetypeinfo" },
	{ "/proc/vmstat", "vmstat" },
	{ "/proc/meminfo", "meminfo" },
	{ "/proc/vmstat", "vmstat.end" },
};
#define SNAP_END (ARRAY_SIZE(snaps) - 1)

/* The pages taken from the allocator, all order 0 after the split. */
struct hold {
	struct page **page;
	unsigned long nr, cap;
	unsigned long base_pfn, span;	/* pfn range covered by @used */
	unsigned long *used;		/* still held, by pfn - base_pfn */
	unsigned long *keep;		/* kept by shape_frag() */
};

static struct dentry *dir;
static void (*drain_all_pages_fn)(struct zone *zone);

/* Pages on the per-cpu lists are invisible to the watermark check and to
 * /proc/buddyinfo; flush them so the snapshot shows what the check sees.
 * drain_all_pages() is not exported; a kprobe tells us where it is. */
static int resolve_drain(void)
{
	struct kprobe kp = { .symbol_name = "drain_all_pages" };
	int ret = register_kprobe(&kp);

	if (ret)
		return ret;
	drain_all_pages_fn = (void (*)(struct zone *))kp.addr;
	unregister_kprobe(&kp);
	return 0;
}

/* Flushes every CPU's per-cpu free lists into the buddy lists. */
static void drain_pcp(void)
{
	drain_all_pages_fn(NULL);
}

struct gfp_name {
	const char *name;
	gfp_t set, clear;
};

static const struct gfp_name gfp_names[] = {
	{ "kernel", GFP_KERNEL },
	{ "nofs", GFP_NOFS },
	{ "noio", GFP_NOIO },
	{ "atomic", GFP_ATOMIC },
	{ "nowait", GFP_NOWAIT },
	{ "highuser_movable", GFP_HIGHUSER_MOVABLE },
	{ "transhuge", GFP_TRANSHUGE },
	{ "transhuge_light", GFP_TRANSHUGE_LIGHT },
	{ "noretry", __GFP_NORETRY },
	{ "retry_mayfail", __GFP_RETRY_MAYFAIL },
	{ "nowarn", __GFP_NOWARN },
	{ "high", __GFP_HIGH },
	{ "comp", __GFP_COMP },
	{ "zero", __GFP_ZERO },
	{ "dma", __GFP_DMA },
	{ "dma32", __GFP_DMA32 },
	{ "nomemalloc", __GFP_NOMEMALLOC },
	/* 6.12's GFP_NOWAIT carries __GFP_NOWARN; "warn" asks for the report. */
	{ "warn", 0, __GFP_NOWARN },
};

/* Builds the mask from this kernel's own macros, so it is exact for it. */
static int parse_gfp(const char *spec, gfp_t *out)
{
	char buf[256], *s = buf, *tok;
	gfp_t mask = 0;
	size_t i;

	if (strscpy(buf, spec, sizeof(buf)) < 0)
		return -EINVAL;
	while ((tok = strsep(&s, "|")) != NULL) {
		for (i = 0; i < ARRAY_SIZE(gfp_names); i++)
			if (!strcmp(tok, gfp_names[i].name))
				break;
		if (i == ARRAY_SIZE(gfp_names)) {
			pr_err("bslab: unknown gfp name '%s'\n", tok);
			return -EINVAL;
		}
		mask = (mask | gfp_names[i].set) & ~gfp_names[i].clear;
	}
	*out = mask;
	return 0;
}

/* True when the zone's name is one of the comma-separated names in list. */
static bool zone_listed(const struct zone *z, const char *list)
{
	size_t n = strlen(z->name);
	const char *p = list;

	while ((p = strstr(p, z->name)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
		p += n;
	}
	return false;
}

/* Takes every free block of order >= lowest, highest orders first so the
 * loop is short even under TCG; returns the pages taken.  PF_MEMALLOC lifts
 * the watermarks and stops the slow path before reclaim or compaction;
 * __GFP_DIRECT_RECLAIM keeps 6.4+ from treating the take as a non-blocking
 * request, which may empty MIGRATE_HIGHATOMIC lists (ALLOC_HIGHATOMIC).
 * Movable, as user memory would be; no kswapd. */
static unsigned long take_down_to(struct hold *h, int lowest)
{
	const gfp_t take = __GFP_DIRECT_RECLAIM | __GFP_NOWARN | __GFP_MOVABLE;
	unsigned int flags = memalloc_noreclaim_save();
	unsigned long before = h->nr;
	int o;

	for (o = MAX_ORDER_TAKE; o >= lowest; o--) {
		struct page *p;

		while (h->nr + (1UL << o) <= h->cap &&
		       (p = alloc_pages(take, o)) != NULL) {
			unsigned long i;

			if (o)
				split_page(p, o);
			for (i = 0; i < (1UL << o); i++) {
				__set_bit(page_to_pfn(p + i) - h->base_pfn, h->used);
				h->page[h->nr++] = p + i;
			}
		}
	}
	memalloc_noreclaim_restore(flags);
	return h->nr - before;
}

/* Everything the shaping needs is allocated before the take: afterwards
 * there is nothing left to allocate from. */
static int hold_alloc(struct hold *h)
{
	pg_data_t *pgdat = NODE_DATA(0);
	size_t bitmap = BITS_TO_LONGS(pgdat->node_spanned_pages) * sizeof(long);

	h->base_pfn = pgdat->node_start_pfn;
	h->span = pgdat->node_spanned_pages;
	h->cap = totalram_pages();
	h->page = vzalloc(h->cap * sizeof(*h->page));
	h->used = vzalloc(bitmap);
	h->keep = vzalloc(bitmap);
	return h->page && h->used && h->keep ? 0 : -ENOMEM;
}

/* Frees the bookkeeping, not the pages (release() does that). */
static void hold_free(struct hold *h)
{
	vfree(h->page);
	vfree(h->used);
	vfree(h->keep);
}

/* Frees held page i; its slot becomes NULL until hold_compact(). */
static void give_back(struct hold *h, unsigned long i)
{
	__clear_bit(page_to_pfn(h->page[i]) - h->base_pfn, h->used);
	__free_page(h->page[i]);
	h->page[i] = NULL;
}

/* Drops the slots of pages given back, so that a take can append again. */
static void hold_compact(struct hold *h)
{
	unsigned long i, n = 0;

	for (i = 0; i < h->nr; i++)
		if (h->page[i])
			h->page[n++] = h->page[i];
	h->nr = n;
}

/* Keeps the lowest held page of each aligned 2^(k+1) block, frees the rest. */
static void shape_frag(struct hold *h, int k)
{
	unsigned long i, mask = (1UL << (k + 1)) - 1;
	unsigned long *keep = h->keep;

	bitmap_zero(keep, h->span);
	for (i = 0; i < h->nr; i++) {
		unsigned long bit, first, from;

		if (!h->page[i])
			continue;
		bit = page_to_pfn(h->page[i]) - h->base_pfn;
		first = (bit + h->base_pfn) & ~mask;
		from = first > h->base_pfn ? first - h->base_pfn : 0;

		if (find_next_bit(h->used, h->span, from) == bit)
			__set_bit(bit, keep);
	}
	for (i = 0; i < h->nr; i++) {
		struct page *p = h->page[i];

		if (p && !test_bit(page_to_pfn(p) - h->base_pfn, keep))
			give_back(h, i);
	}
}

/* Frees every held page of the zones named in free_zones. */
static void shape_free_zones(struct hold *h)
{
	unsigned long i;

	for (i = 0; i < h->nr; i++)
		if (h->page[i] && zone_listed(page_zone(h->page[i]), free_zones))
			give_back(h, i);
}

/* Pages we never held can still come back as whole blocks (a slab page
 * emptied, an RCU callback): take again whatever is free above order k,
 * outside the zones the scenario leaves free.  Expects a compact hold. */
static void sweep_above(struct hold *h, int k, const char *when)
{
	unsigned long before = h->nr;

	drain_pcp();
	take_down_to(h, k + 1);
	if (*free_zones)
		shape_free_zones(h);
	hold_compact(h);
	drain_pcp();
	if (h->nr > before)
		pr_info("bslab: %s: %lu pages came back above order %d, taken\n",
			when, h->nr - before, k);
}

/* Gives back what the scenario wants free, in the shape it wants. */
static void shape(struct hold *h)
{
	if (*free_zones)
		shape_free_zones(h);
	if (frag >= 0)
		shape_frag(h, frag);
	hold_compact(h);
}

/* Frees back, zone by zone, until the zone holds permille/1000 of its min
 * mark; the pages freed are contiguous, so what is free is not fragmented. */
static void shape_lowmem(struct hold *h, int permille)
{
	unsigned long i;
	int zi;

	drain_pcp();
	for (zi = 0; zi < MAX_NR_ZONES; zi++) {
		struct zone *z = &NODE_DATA(0)->node_zones[zi];
		unsigned long want = min_wmark_pages(z) * permille / 1000;
		unsigned long have = zone_page_state_snapshot(z, NR_FREE_PAGES);

		if (!populated_zone(z) || (*lowmem_zones && !zone_listed(z, lowmem_zones)))
			continue;
		for (i = 0; i < h->nr && have < want; i++) {
			if (h->page[i] && page_zone(h->page[i]) == z) {
				give_back(h, i);
				have++;
			}
		}
	}
}

/* Gives back aligned runs of 2^c held pages of zone z until it holds at
 * least want pages; each run re-forms as one free block. */
static unsigned long free_runs(struct hold *h, struct zone *z, int c,
			       unsigned long want)
{
	unsigned long i = 0, n, nr = 1UL << c, have = 0;

	while (have < want && i + nr <= h->nr) {
		struct page *p = h->page[i], *q = h->page[i + nr - 1];

		if (!p || !q || page_zone(p) != z || page_to_pfn(p) % nr ||
		    page_to_pfn(q) != page_to_pfn(p) + nr - 1) {
			i++;
			continue;
		}
		for (n = 0; n < nr; n++)
			give_back(h, i + n);
		have += nr;
		i += nr;
	}
	return have;
}

static const gfp_t zone_modifier[MAX_NR_ZONES] = {
#ifdef CONFIG_ZONE_DMA
	[ZONE_DMA] = __GFP_DMA,
#endif
#ifdef CONFIG_ZONE_DMA32
	[ZONE_DMA32] = __GFP_DMA32,
#endif
};

/* A high-order atomic request that gets its page only in the slow path
 * makes that pageblock MIGRATE_HIGHATOMIC (reserve_highatomic_pageblock()).
 * With everything taken, give back between 3/4 and 9/8 of the zone's min
 * mark: below the low mark, so the fast path fails, and above the atomic
 * reserve (3/8 of min), so the slow path succeeds; then ask for order 1 in
 * that zone.  Highest zone first: the lower ones are still empty then. */
static void seed_highatomic(struct hold *h, int zi)
{
	struct zone *z = &NODE_DATA(0)->node_zones[zi];
	unsigned long want = min_wmark_pages(z) * 3 / 4;
	int c = min_t(int, pageblock_order, ilog2(max(want / 2, 2UL)));
	struct page *p;

	/* Our runs must be the only free blocks: a stray order-1 block would
	 * be chosen first and its pageblock reserved instead. */
	drain_pcp();
	hold_compact(h);
	take_down_to(h, 0);
	free_runs(h, z, c, want);
	drain_pcp();
	p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN | zone_modifier[zi], 1);
	if (p && page_zone(p) == z) {
		pr_info("bslab: %s: highatomic seed at pfn %#lx, %lu pages reserved\n",
			z->name, page_to_pfn(p), z->nr_reserved_highatomic);
	} else {
		pr_warn("bslab: %s: highatomic seed failed\n", z->name);
	}
	if (p)
		__free_pages(p, 1);
	drain_pcp();
}

/* Seeds a highatomic pageblock in Normal, DMA32 and DMA, in that order. */
static void shape_highatomic(struct hold *h)
{
	int zi;

	for (zi = MAX_NR_ZONES - 1; zi >= 0; zi--)
		if (populated_zone(&NODE_DATA(0)->node_zones[zi]) &&
		    (zi == ZONE_NORMAL || zone_modifier[zi]))
			seed_highatomic(h, zi);
}

/* Reads a whole file into its buffer; PF_MEMALLOC so that reading succeeds
 * even below the min mark without reclaim or the OOM killer. */
static void snap_read(struct snap_file *s)
{
	struct file *f = filp_open(s->path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	s->blob.size = 0;
	if (IS_ERR(f)) {
		pr_warn("bslab: cannot open %s: %ld\n", s->path, PTR_ERR(f));
		return;
	}
	while (s->blob.size < SNAP_BYTES) {
		n = kernel_read(f, (char *)s->blob.data + s->blob.size,
				SNAP_BYTES - s->blob.size, &pos);
		if (n <= 0)
			break;
		s->blob.size += n;
	}
	filp_close(f, NULL);
}

/* Reads snaps[from..to) and flushes what reading freed to the per-cpu lists. */
static void snap_take(size_t from, size_t to)
{
	unsigned int flags = memalloc_noreclaim_save();
	size_t i;

	for (i = from; i < to; i++)
		snap_read(&snaps[i]);
	memalloc_noreclaim_restore(flags);
	drain_pcp();
}

/* Frees the copies' buffers. */
static void snap_free(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(snaps); i++)
		vfree(snaps[i].blob.data);
}

/* Allocates the copies' buffers, before memory is taken. */
static int snap_alloc(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(snaps); i++) {
		snaps[i].blob.data = vzalloc(SNAP_BYTES);
		if (!snaps[i].blob.data)
			return -ENOMEM;
	}
	return 0;
}

/* Exposes the copies as debugfs bslab/<name> for the init script. */
static void snap_publish(void)
{
	size_t i;

	dir = debugfs_create_dir("bslab", NULL);
	for (i = 0; i < ARRAY_SIZE(snaps); i++)
		debugfs_create_blob(snaps[i].name, 0444, dir, &snaps[i].blob);
}

/* Entries into the slow path by the task making the request. */
static struct task_struct *probe_task;
static atomic_t slow_entries;
static bool slow_probed;

static int slow_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (current == READ_ONCE(probe_task))
		atomic_inc(&slow_entries);
	return 0;
}

static struct kprobe slow_kp = { .pre_handler = slow_pre };

/* __alloc_pages_slowpath() is static; gcc gives Debian's 6.1 and 6.12 a .constprop.0 copy. */
static void probe_slowpath(void)
{
	static const char *const names[] = { "__alloc_pages_slowpath.constprop.0", "__alloc_pages_slowpath" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names) && !slow_probed; i++) {
		slow_kp.symbol_name = names[i];
		slow_kp.addr = NULL;
		slow_probed = register_kprobe(&slow_kp) == 0;
	}
	if (!slow_probed)
		pr_warn("bslab: no kprobe on the slow path: fastpath=? in the result\n");
}

/* The one request the scenario is about; tracing records only the traced one. */
static bool attempt(gfp_t mask, bool traced)
{
	struct page *p = NULL;
	void *k = NULL;

	WRITE_ONCE(probe_task, current);
	atomic_set(&slow_entries, 0);
	if (traced)
		tracing_on();
	if (kmalloc_size)
		k = kmalloc(kmalloc_size, mask);
	else
		p = alloc_pages(mask, order);
	if (traced)
		tracing_off();
	WRITE_ONCE(probe_task, NULL);
	kfree(k);
	if (p)
		__free_pages(p, order);
	return kmalloc_size ? k != NULL : p != NULL;
}

/* task=NAME: the thread made at load time, woken for each request. */
static struct task_struct *asker;
static DECLARE_COMPLETION(ask_go);
static DECLARE_COMPLETION(ask_done);
static gfp_t ask_mask;
static bool ask_traced, ask_ok, ask_stop;

static int asker_fn(void *data)
{
	for (;;) {
		unsigned int flags;

		wait_for_completion(&ask_go);
		if (ask_stop)
			break;
		flags = memalloc_noreclaim_save();
		ask_ok = attempt(ask_mask, ask_traced);
		memalloc_noreclaim_restore(flags);
		complete(&ask_done);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* The request, by this task or by the task=NAME thread. */
static bool ask(gfp_t mask, bool traced)
{
	if (!asker)
		return attempt(mask, traced);
	ask_mask = mask;
	ask_traced = traced;
	complete(&ask_go);
	wait_for_completion(&ask_done);
	return ask_ok;
}

/* "ok", "fail", or "?" without a probe: did the last request stay out of the slow path? */
static const char *fastpath(void)
{
	if (!slow_probed)
		return "?";
	return atomic_read(&slow_entries) ? "fail" : "ok";
}

/*
 * Writes @value (commas become spaces) to /proc/sys/vm/@name, first
 * reading what it holds into @old (@len bytes) when @old is given.
 * PF_MEMALLOC: the handler's buffer and the struct file are allocated
 * below the min mark.
 */
static int vm_sysctl(const char *name, const char *value, char *old, size_t len)
{
	unsigned int flags = memalloc_noreclaim_save();
	char path[96], buf[128];
	struct file *f;
	loff_t pos = 0;
	ssize_t n = 0;
	size_t i;

	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	strscpy(buf, value, sizeof(buf));
	for (i = 0; buf[i]; i++)
		if (buf[i] == ',')
			buf[i] = ' ';
	if (old) {
		f = filp_open(path, O_RDONLY, 0);
		if (IS_ERR(f)) {
			n = PTR_ERR(f);
			goto out;
		}
		n = kernel_read(f, old, len - 1, &pos);
		filp_close(f, NULL);
		if (n < 0)
			goto out;
		old[n] = '\0';
	}
	f = filp_open(path, O_WRONLY, 0);
	if (IS_ERR(f)) {
		n = PTR_ERR(f);
		goto out;
	}
	pos = 0;
	n = kernel_write(f, buf, strlen(buf), &pos);
	filp_close(f, NULL);
out:
	memalloc_noreclaim_restore(flags);
	drain_pcp();
	if (n < 0)
		pr_err("bslab: cannot write %s to %s: %zd\n", buf, path, n);
	return n < 0 ? (int)n : 0;
}

/* Frees every page still held and flushes them to the buddy lists. */
static void release(struct hold *h)
{
	unsigned long i;

	for (i = 0; i < h->nr; i++)
		if (h->page[i])
			__free_page(h->page[i]);
	drain_pcp();
}

/* What sysctl= found in the file, written back after the request. */
static char sysctl_old[128];

/* Takes, shapes, snapshots, asks, gives back: the whole scenario. */
static int run_scenario(gfp_t mask)
{
	struct hold h = { 0 };
	bool ok;
	int ret;

	ret = hold_alloc(&h);
	if (ret)
		goto out;
	tracing_off();
	drain_pcp();
	take_down_to(&h, 0);
	pr_info("bslab: took %lu pages\n", h.nr);
	if (highatomic)
		shape_highatomic(&h);
	shape(&h);
	if (frag >= 0) {
		/* Pages others freed since the take sit in blocks no kept page
		 * guards; with a movable buddy, compaction would make a block
		 * above K of them.  Take all again and shape the lot. */
		drain_pcp();
		pr_info("bslab: took %lu pages again\n", take_down_to(&h, 0));
		shape(&h);
	}
	if (lowmem)
		shape_lowmem(&h, lowmem);
	if (frag >= 0)
		sweep_above(&h, frag, "before the snapshot");
	drain_pcp();

	snap_take(0, SNAP_END);
	if (frag >= 0)
		sweep_above(&h, frag, "after the snapshot");
	if (*sysctl) {
		char name[64], *value;

		strscpy(name, sysctl, sizeof(name));
		value = strchr(name, ':');
		if (!value) {
			ret = -EINVAL;
			goto give_back;
		}
		*value++ = '\0';
		ok = ask(mask, false);
		pr_info("bslab: before scenario=%s fastpath=%s outcome=%s\n", scenario, fastpath(),
			ok ? "ok" : "fail");
		drain_pcp();
		ret = vm_sysctl(name, value, sysctl_old, sizeof(sysctl_old));
		if (ret)
			goto give_back;
		pr_info("bslab: vm.%s was %s now %s\n", name, strim(sysctl_old), value);
	}
	ok = ask(mask, true);
	snap_take(SNAP_END, SNAP_END + 1);
	if (*sysctl) {
		char name[64];

		strscpy(name, sysctl, sizeof(name));
		*strchr(name, ':') = '\0';
		ret = vm_sysctl(name, sysctl_old, NULL, 0);
	}
give_back:
	release(&h);
	if (ret)
		goto out;
	if (kmalloc_size) {
		/* What the page allocator was asked for (kmalloc_large()). */
		order = get_order(kmalloc_size);
		mask |= __GFP_COMP;
	}
	pr_info("bslab: result scenario=%s order=%d kmalloc=%d gfp=%#x (%pGg) fastpath=%s outcome=%s\n",
		scenario, order, kmalloc_size, (unsigned int)mask, &mask, fastpath(),
		ok ? "ok" : "fail");
out:
	hold_free(&h);
	return ret;
}

static gfp_t request_mask;
static bool ran;


/* Any write to bslab/run runs the scenario, once, in the writer's context. */
static ssize_t run_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	int ret;

	if (ran)
		return -EBUSY;
	ran = true;
	ret = run_scenario(request_mask);
	return ret ? ret : (ssize_t)count;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.llseek = noop_llseek,
};

/* Checks the parameters and allocates what the run needs; the run itself
 * waits for the write, so that insmod and the module image it read are
 * gone by then (their anon pages are movable: compaction could empty whole
 * aligned blocks of them). */
static int __init bslab_init(void)
{
	int ret;

	ret = parse_gfp(gfp, &request_mask);
	if (!ret)
		ret = resolve_drain();
	if (!ret)
		ret = snap_alloc();
	if (ret) {
		snap_free();
		return ret;
	}
	if (*task) {
		asker = kthread_run(asker_fn, NULL, "%s", task);
		if (IS_ERR(asker)) {
			ret = PTR_ERR(asker);
			asker = NULL;
			snap_free();
			return ret;
		}
	}
	probe_slowpath();
	snap_publish();
	debugfs_create_file("run", 0200, dir, NULL, &run_fops);
	return 0;
}

static void __exit bslab_exit(void)
{
	if (asker) {
		ask_stop = true;
		complete(&ask_go);
		kthread_stop(asker);
	}
	if (slow_probed)
		unregister_kprobe(&slow_kp);
	debugfs_remove_recursive(dir);
	snap_free();
}

module_init(bslab_init);
module_exit(bslab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("buddyscope lab: provoke one page allocation failure");
