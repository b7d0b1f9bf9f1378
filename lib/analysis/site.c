// SPDX-License-Identifier: MIT
/*
 * site.c - who asked for the memory.
 *
 * The call trace of a failure starts inside the allocator: dump_stack,
 * warn_alloc, __alloc_pages_slowpath, then the layers that turned a
 * kmalloc, a slab refill, an skb or a vmalloc into a page request.  The
 * allocation site is the first frame past those layers; the layers
 * themselves name the path ("large kmalloc -> kmalloc_order").
 */
#include <string.h>

#include "analysis/analysis.h"

enum layer {
	L_REPORT,	/* printing the report */
	L_PAGE,		/* the page allocator proper */
	L_KMALLOC_LARGE,
	L_SLAB,
	L_KMALLOC,
	L_VMALLOC,
	L_SKB,
	L_PAGE_FRAG,
	L_THP,
	L_FAULT,
	L_DMA,
	L_HOTPLUG,
	L_NR,
};

/* Layers that are helpers of a subsystem, not the allocator: the first of
 * their frames is the allocation site, the caller past them the driver. */
static bool helper_layer(enum layer l)
{
	return l == L_SKB || l == L_PAGE_FRAG || l == L_DMA || l == L_HOTPLUG;
}

struct internal {
	const char *func;
	bool prefix;		/* match as a prefix (families with suffixes) */
	enum layer layer;
};

/* Function names across 2.6.32 .. 6.18; "_noprof" variants are 6.10+. */
static const struct internal internals[] = {
	{ "dump_stack", true, L_REPORT },
	{ "show_stack", false, L_REPORT },
	{ "dump_backtrace", false, L_REPORT },
	{ "unwind_backtrace", false, L_REPORT },
	{ "show_trace", true, L_REPORT },
	{ "warn_alloc", true, L_REPORT },
	{ "__warn_alloc", false, L_REPORT },
	{ "__alloc_pages", true, L_PAGE },
	{ "alloc_pages", true, L_PAGE },
	{ "__get_free_pages", false, L_PAGE },
	{ "alloc_kmem_pages", true, L_PAGE },		/* 3.19-4.5: kmalloc_order's memcg-charged wrapper, _node too */
	{ "get_zeroed_page", false, L_PAGE },
	{ "get_page_from_freelist", false, L_PAGE },
	{ "__folio_alloc", true, L_PAGE },
	{ "__alloc_frozen_pages", true, L_PAGE },
	{ "alloc_frozen_pages", true, L_PAGE },
	{ "folio_alloc", true, L_PAGE },
	{ "__page_cache_alloc", false, L_PAGE },
	{ "alloc_slab_page", false, L_SLAB },
	{ "allocate_slab", false, L_SLAB },
	{ "new_slab", false, L_SLAB },
	{ "refill_objects", false, L_SLAB },		/* 6.18+ sheaves */
	{ "refill_sheaf", false, L_SLAB },
	{ "__pcs_replace_empty_main", false, L_SLAB },
	{ "alloc_from_pcs", false, L_SLAB },
	{ "___slab_alloc", false, L_SLAB },
	{ "__slab_alloc", true, L_SLAB },
	{ "slab_alloc", true, L_SLAB },
	{ "kmem_getpages", false, L_SLAB },
	{ "cache_grow", true, L_SLAB },
	{ "cache_alloc_refill", false, L_SLAB },
	{ "____cache_alloc", true, L_SLAB },
	{ "__cache_alloc", true, L_SLAB },
	{ "fallback_alloc", false, L_SLAB },
	{ "kmem_cache_alloc", true, L_SLAB },
	{ "kmem_cache_create", true, L_SLAB },
	{ "memcg_register_cache", false, L_SLAB },
	{ "memcg_alloc_cache_params", false, L_SLAB },
	{ "kmalloc_order", true, L_KMALLOC_LARGE },
	{ "kmalloc_large", true, L_KMALLOC_LARGE },
	{ "__kmalloc_large", true, L_KMALLOC_LARGE },
	{ "___kmalloc_large", true, L_KMALLOC_LARGE },
	{ "__kmalloc", true, L_KMALLOC },
	{ "kmalloc_trace", true, L_KMALLOC },
	{ "kmalloc_node_trace", true, L_KMALLOC },
	{ "__do_kmalloc", true, L_KMALLOC },
	{ "kmalloc", true, L_KMALLOC },
	{ "kzalloc", true, L_KMALLOC },
	{ "krealloc", true, L_KMALLOC },
	{ "__krealloc", true, L_KMALLOC },
	{ "__do_krealloc", false, L_KMALLOC },
	{ "kmemdup", true, L_KMALLOC },
	{ "kvmalloc", true, L_KMALLOC },
	{ "__kvmalloc", true, L_KMALLOC },
	{ "kvzalloc", true, L_KMALLOC },
	{ "vmalloc", true, L_VMALLOC },
	{ "vzalloc", true, L_VMALLOC },
	{ "__vmalloc", true, L_VMALLOC },
	{ "vm_area_alloc_pages", false, L_VMALLOC },
	{ "__alloc_skb", false, L_SKB },
	{ "dev_alloc_skb", false, L_SKB },
	{ "__dev_alloc_skb", false, L_SKB },
	{ "__alloc_rx_skb", false, L_SKB },
	{ "__alloc_page_frag", false, L_PAGE_FRAG },
	{ "__napi_alloc_frag", true, L_PAGE_FRAG },
	{ "napi_alloc_frag", true, L_PAGE_FRAG },
	{ "netdev_alloc_frag", true, L_PAGE_FRAG },
	{ "vmemmap_alloc_block", true, L_HOTPLUG },
	{ "vmemmap_populate", true, L_HOTPLUG },
	{ "__populate_section_memmap", false, L_HOTPLUG },
	{ "sparse_add_section", false, L_HOTPLUG },
	{ "section_activate", false, L_HOTPLUG },
	{ "__add_pages", false, L_HOTPLUG },
	{ "add_pages", false, L_HOTPLUG },
	{ "arch_add_memory", false, L_HOTPLUG },
	{ "add_memory", true, L_HOTPLUG },
	{ "__add_memory", false, L_HOTPLUG },
	{ "dma_alloc_coherent", false, L_DMA },
	{ "dmam_alloc_coherent", false, L_DMA },
	{ "dmam_alloc_attrs", false, L_DMA },
	{ "dma_alloc_attrs", false, L_DMA },
	{ "__dma_alloc", true, L_DMA },
	{ "dma_direct_alloc", true, L_DMA },
	{ "mips_dma_alloc_coherent", false, L_DMA },
	{ "dma_generic_alloc_coherent", false, L_DMA },
	{ "x86_swiotlb_alloc_coherent", false, L_DMA },
	{ "__netdev_alloc_skb", false, L_SKB },
	{ "__napi_alloc_skb", false, L_SKB },
	{ "alloc_skb", true, L_SKB },
	{ "netdev_alloc_skb", true, L_SKB },
	{ "__netdev_alloc_frag", true, L_PAGE_FRAG },
	{ "page_frag_alloc", true, L_PAGE },	/* mm/page_alloc.c since 4.10 */
	{ "__page_frag_alloc", true, L_PAGE },
	{ "__page_frag_cache_refill", false, L_PAGE },
	{ "netpoll_send_udp", false, L_SKB },
	{ "find_skb", false, L_SKB },
	{ "skb_page_frag_refill", false, L_PAGE_FRAG },
	{ "sk_page_frag_refill", false, L_PAGE_FRAG },
	{ "pskb_expand_head", false, L_SKB },
	{ "kmalloc_reserve", true, L_SKB },
	{ "do_huge_pmd_anonymous_page", false, L_THP },
	{ "vma_alloc_folio", true, L_FAULT },
	{ "alloc_hugepage", true, L_THP },
	{ "__handle_mm_fault", false, L_FAULT },
};

static const char *const layer_path[] = {
	[L_REPORT] = NULL,
	[L_PAGE] = "direct page allocation",
	[L_KMALLOC_LARGE] = "large kmalloc -> kmalloc_order: sizes above the largest kmalloc cache go straight to the page allocator",
	[L_SLAB] = "slab refill -> new_slab: a slab cache needed a new slab of this order",
	[L_KMALLOC] = "kmalloc",
	[L_VMALLOC] = "vmalloc: pages for a virtually contiguous area",
	[L_SKB] = "skb allocation: a network buffer's data area",
	[L_PAGE_FRAG] = "page fragment cache refill (network receive buffers)",
	[L_THP] = "transparent huge page",
	[L_FAULT] = "page fault",
	[L_DMA] = "DMA-coherent buffer",
	[L_HOTPLUG] = "memory hotplug: the memmap (struct pages) of added memory; the kernel falls back to base pages",
};

/* The longest entry matching @func: "kmalloc_reserve" is an skb helper, not kmalloc. */
/*
 * The kernel's own name of @func: gcc's clones print with a suffix
 * ("dump_backtrace.part.0", "warn_alloc.cold", "el0_svc_common.constprop.0")
 * that no source name has.
 */
static size_t source_name_len(const char *func)
{
	const char *dot = strchr(func, '.');

	return dot ? (size_t)(dot - func) : strlen(func);
}

static const struct internal *find_internal(const char *func)
{
	const struct internal *best = NULL;
	size_t best_len = 0, len = source_name_len(func);

	for (size_t i = 0; i < sizeof(internals) / sizeof(internals[0]); i++) {
		const struct internal *in = &internals[i];
		size_t n = strlen(in->func);
		bool same = in->prefix ? len >= n && !strncmp(func, in->func, n) : len == n && !strncmp(func, in->func, n);

		if (same && n > best_len) {
			best = in;
			best_len = n;
		}
	}
	return best;
}

void bs_analyze_site(const struct bs_report *r, struct bs_analysis *a)
{
	/* the most specific layer seen decides the path: slab beats kmalloc beats page */
	static const enum layer precedence[] = {
		L_HOTPLUG, L_SKB, L_PAGE_FRAG, L_DMA, L_KMALLOC_LARGE, L_SLAB, L_VMALLOC, L_THP, L_KMALLOC, L_FAULT, L_PAGE,
	};
	bool seen[L_NR] = { false };

	a->alloc_site = a->site = NULL;
	a->path = NULL;
	a->site_note = NULL;
	for (int i = 0; i < r->nr_frames; i++) {
		const struct bs_frame *f = &r->frames[i];
		const struct internal *in;

		if (f->unreliable)
			continue;
		in = find_internal(f->func);
		if (in && helper_layer(in->layer)) {
			seen[in->layer] = true;
			if (!a->alloc_site)
				a->alloc_site = f;
			continue;
		}
		if (in) {
			seen[in->layer] = true;
			continue;
		}
		if (!a->alloc_site)
			a->alloc_site = f;
		a->site = f;
		break;
	}
	if (!a->site)
		a->site = a->alloc_site;
	for (size_t i = 0; i < sizeof(precedence) / sizeof(precedence[0]); i++) {
		if (seen[precedence[i]]) {
			a->path = layer_path[precedence[i]];
			break;
		}
	}
	if (!a->site && r->nr_frames)
		a->site_note = "every reliable frame is inside the allocator; the trace may be cut";
	else if (!r->nr_frames)
		a->site_note = "the report has no call trace";
}
