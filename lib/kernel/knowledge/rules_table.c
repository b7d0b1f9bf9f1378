// SPDX-License-Identifier: MIT
/*
 * rules_table.c - the page allocator's decisions per kernel era, as data.
 *
 * Every era is named for the first version of its range and names the
 * tree, version and commit its rules were read from and the functions
 * read there.  Ranges use bs_rules_code() (KV below), which keeps stable
 * sublevels past 255 apart.  Where no tree of the range itself was
 * read, .derived is set and the notes say which neighbour and which
 * upstream commits the rules were carried from.  docs/rules.md explains
 * each change between eras.
 *
 * Trees read (snapshots of public mirrors; the commit is the snapshot's):
 *   2.6.32.69    chenbq83/Linux-2.6.32.69           ba91854bc5f534c4d670c888b73a5b9aa6090859
 *   3.10.108     DmytriyGrytsay/linux-3.10.108       4d2bd6d26f90e206898caa7ecfb83042bf306433
 *   3.10.0-514   Shun-Hao/linux-3.10.0-514.el7       3b214f030a87eafa5deb9536988355ca72106106
 *   3.10.0-1062  dcui/RHEL77 (RHEL 7.7 import)       8e63432c6cc0e99372346394b6f8237a430d8f23
 *   3.10.0-1160  tremb1e/linux-3.10.0-1160.el7       877199b513f5259f121b3ca892571796ddcccbe7
 *   3.18.140     junan76/linux-3.18.140              de24984c33db5eff10798712a08a3d9885266e10
 *   4.4.1        zanpocc/linux-4.4.1                 (snapshot HEAD)
 *   4.4.155      rivsidn/linux-4.4.155               a1961d7580fcf655cc89b723226e159b3aaf88d1
 *   4.9.337      eugene-rom/linux-4.9.337-sbc2440v4  d03679499b4cd0366d26eaf57785a18f4ee4ccd8
 *   4.14.67      YimengZhao/linux-4.14.67            c685f05ba987c507d75a40b883e8a58879cf56e0
 *   4.19.0       0x88888888/Linux-4.19               ae239377f020254521aac36606ce150eadbabb4e
 *   5.4.286      KINGFIOX/linux-5.4.286              157e1f2b846f77050224307da3c2b47971d605f7
 *                (zone_watermark_fast(), rmqueue(), __alloc_pages_may_oom()
 *                re-read at                          20270332b49d586132fc08de42910260d1d351b9)
 *   5.10.7       ejga2001/linux-5.10.7               3791f9c55148fd35a8877b9cebcb3395d1bb1887
 *   5.10.228     06I90/Notes-of-Kernel-5.10.228      c026e141ec2de1b88a7caa9fce4bd8eaab4238c6
 *                (v5.10.228 with the owner's comments added)
 *   5.15.135     waterm310n/linux-5.15.135           e56ab5423d41b6039b3fdb0020dda60f202d5a74
 *   6.1.0        krr-io/linux-6.1.0                  2a410d07ec5ec084264732088d6b07ae06681287
 *   6.1.158      HDevices/linux-6.1.158              71dd535994d7e3ec9784a45b82d1ba34b868f7f6
 *   6.1.192      Debian linux-source-6.1 6.1.192-2 (bookworm-security), and its
 *                changelog.Debian, which lists every upstream stable commit by release
 *   6.6.87       Yunbaby8/linux-6.6.87-lab           7fe0c4ed50354d257622045edbaf6a2962e3b6b0
 *   6.12.19      wishday/linux-6.12.y                21ae40e85ea77ea637c424763d05253726bb349e
 *   6.18.2       gfunkmonk/linux-6.18.2              062668f4d006cf5f04ae3039b73ef7ecb4b62f49
 *
 * Functions read in each: mm/page_alloc.c __zone_watermark_ok() (2.6.32:
 * zone_watermark_ok()), __zone_watermark_unusable_free(),
 * zone_watermark_fast(), gfp_to_alloc_flags(), gfp_to_alloc_flags_cma(),
 * alloc_flags_nofragment(), __gfp_pfmemalloc_flags(),
 * __alloc_pages_slowpath(), __alloc_pages_may_oom(), should_alloc_retry();
 * mm/compaction.c try_to_compact_pages(); mm/internal.h ALLOC_* and
 * gfp_compaction_allowed(); mm/oom_kill.c out_of_memory().
 */
#include "kernel/rules.h"

/* bs_rules_code() as a constant expression; Y = every later stable release. */
#define KV(a, b, c)	BS_RULES_CODE(a, b, c)
#define Y		BS_RULES_Y

/* 2.6.0 .. 2.6.34: no compaction; ALLOC_HARDER for any !__GFP_WAIT. */
static const struct bs_rules era_2_6_32 = {
	.id = "2.6",
	.source = "linux-2.6.32.y v2.6.32.69 (chenbq83/Linux-2.6.32.69 @ba91854bc5f5): "
		  "mm/page_alloc.c zone_watermark_ok(), gfp_to_alloc_flags(), "
		  "__alloc_pages_slowpath(), should_alloc_retry(), __alloc_pages_may_oom()",
	.distro = BS_DISTRO_NONE,
	.from = KV(2, 6, 0), .to = KV(2, 6, 34),
	.wmark = BS_WMARK_ORDER_LOOP,
	.wmark_subtract_order = true,
	.cma_excluded = false,
	.highatomic = false,
	.highatomic_for_harder_only = false,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NONE,
	.gfp_wait_era = true,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_NOT_WAIT,
	.first_compact = BS_FIRST_COMPACT_ALL_ORDERS,
	.retry_rule = BS_RETRY_SHOULD_ALLOC_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = false,
	.notes = "zone_watermark_ok() starts from NR_FREE_PAGES - (1 << order) + 1 "
		 "(2.6.32.y uses a drift-corrected zone_nr_free_pages()), checks "
		 "free <= min + lowmem_reserve, then for each order o below the request "
		 "subtracts nr_free[o] << o and halves min, failing when free <= min; "
		 "lowmem_reserve only enters the order-0 step. ALLOC_HARDER is given to "
		 "every !__GFP_WAIT request, even with __GFP_NOMEMALLOC. No memory "
		 "compaction (it arrived in 2.6.35). The OOM killer is only considered "
		 "with __GFP_FS and without __GFP_NORETRY; __GFP_NOFAIL lets costly "
		 "orders kill.",
};

/*
 * 2.6.35 .. 3.15 (read: 3.10.108).  CMA (3.5+) is left out of the
 * order-0 check only, never out of the per-order loop.
 */
static const struct bs_rules era_3_10 = {
	.id = "2.6.35",
	.source = "linux-3.10.y v3.10.108 (DmytriyGrytsay/linux-3.10.108 @4d2bd6d26f90): "
		  "mm/page_alloc.c __zone_watermark_ok(), gfp_to_alloc_flags(), "
		  "__alloc_pages_slowpath(), should_alloc_retry(), __alloc_pages_may_oom(); "
		  "mm/compaction.c try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(2, 6, 35), .to = KV(3, 15, Y),
	.wmark = BS_WMARK_ORDER_LOOP,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.cma_order0_only = true,
	.highatomic = false,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = true,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_ATOMIC_CONTEXT,
	.first_compact = BS_FIRST_COMPACT_ALL_ORDERS,
	.retry_rule = BS_RETRY_SHOULD_ALLOC_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "try_to_compact_pages() returns COMPACT_SKIPPED for order 0 and for any "
		 "request without __GFP_FS or __GFP_IO, so GFP_NOFS/GFP_NOIO high-order "
		 "requests never compact (no compact_stall). Free CMA pages are left out "
		 "of the order-0 check only (3.7 on); the per-order loop starts from the "
		 "full count. ALLOC_HARDER: !(__GFP_WAIT|__GFP_NO_KSWAPD) and not "
		 "__GFP_NOMEMALLOC, as read in 3.10.108; the __GFP_NO_KSWAPD part is the "
		 "2014 stable backport of 'mm, thp: do not allow thp faults to avoid "
		 "cpuset restrictions' (3.16), so early 3.10.y gave it to every "
		 "!__GFP_WAIT request. 2.6.35-3.9 are carried from 3.10 (not read).",
};

/* RHEL/CentOS 7: 3.10.0-NNN.el7, identical in 7.3, 7.7 and 7.9. */
static const struct bs_rules era_rhel7 = {
	.id = "rhel7",
	.source = "RHEL/CentOS 7 kernel-3.10.0-514.el7 (Shun-Hao/linux-3.10.0-514.el7 "
		  "@3b214f030a87), -1062.el7 (dcui/RHEL77 @8e63432c6cc0), -1160.el7 "
		  "(tremb1e/linux-3.10.0-1160.el7 @877199b513f5): mm/page_alloc.c "
		  "__zone_watermark_ok(), gfp_to_alloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(), should_alloc_retry(); mm/compaction.c "
		  "try_to_compact_pages()",
	.distro = BS_DISTRO_RHEL,
	.distro_major = 7,
	.base_major = 3, .base_minor = 10,
	.from = 0, .to = 99999,
	.wmark = BS_WMARK_ORDER_LOOP,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.cma_order0_only = true,
	.highatomic = false,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = true,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_ATOMIC_CONTEXT,
	.first_compact = BS_FIRST_COMPACT_ALL_ORDERS,
	.retry_rule = BS_RETRY_SHOULD_ALLOC_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "RHEL 7 never took 97a16fc82a7c: 7.3 (-514), 7.7 (-1062) and 7.9 (-1160) "
		 "have the same per-order loop, gfp_to_alloc_flags() and compaction gate "
		 "(!__GFP_FS or !__GFP_IO: COMPACT_SKIPPED) as upstream 3.10.y; the only "
		 "difference in these functions is a note_oom_kill() call in 7.9's "
		 "__alloc_pages_may_oom(). So the seed's GFP_NOFS order-5 request cannot "
		 "compact and must pass the order loop. Releases before 7.3 were not read.",
};

/* 3.16 .. 4.3 (read: 3.18.140): 3.10 rules. */
static const struct bs_rules era_3_18 = {
	.id = "3.16",
	.source = "linux-3.18.y v3.18.140 (junan76/linux-3.18.140 @de24984c33db): "
		  "mm/page_alloc.c __zone_watermark_ok(), gfp_to_alloc_flags(), "
		  "__alloc_pages_slowpath(), __alloc_pages_may_oom(); mm/compaction.c "
		  "try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(3, 16, 0), .to = KV(4, 3, Y),
	.wmark = BS_WMARK_ORDER_LOOP,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.cma_order0_only = true,
	.highatomic = false,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = true,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_ATOMIC_CONTEXT,
	.first_compact = BS_FIRST_COMPACT_ALL_ORDERS,
	.retry_rule = BS_RETRY_SHOULD_ALLOC_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "Same decisions as 3.10. 4.0 (9879de7373fc 'embed OOM killing naturally "
		 "into allocation slowpath') moved the __GFP_FS test into "
		 "__alloc_pages_may_oom(), where a NOFS request pretends progress and "
		 "loops; the outcome (no OOM kill, order <= 3 keeps looping) is the same. "
		 "3.19-4.3 are carried from 3.18 (not read).",
};

/* 4.4 .. 4.6 (read: 4.4.155, 4.4.1): order-0 check + free-area scan. */
static const struct bs_rules era_4_4 = {
	.id = "4.4",
	.source = "linux-4.4.y v4.4.155 (rivsidn/linux-4.4.155 @a1961d7580fc) and v4.4.1 "
		  "(zanpocc/linux-4.4.1): mm/page_alloc.c __zone_watermark_ok(), "
		  "gfp_to_alloc_flags(), __alloc_pages_slowpath(), __alloc_pages_may_oom(); "
		  "mm/compaction.c try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 4, 0), .to = KV(4, 6, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.first_compact = BS_FIRST_COMPACT_ALL_ORDERS,
	.retry_rule = BS_RETRY_SHOULD_ALLOC_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = true,
	.oom_checks_thisnode = true,
	.notes = "97a16fc82a7c: order-0 check on free - ((1 << order) - 1) - "
		 "nr_reserved_highatomic (unless ALLOC_HARDER) - free CMA (unless "
		 "ALLOC_CMA), then any free block of order >= the request on an "
		 "UNMOVABLE/MOVABLE/RECLAIMABLE list, CMA with ALLOC_CMA, HIGHATOMIC with "
		 "ALLOC_HARDER. 4.4.1 let a harder request pass on any non-empty order "
		 "(even an ISOLATE-only one); 4.4.155 has the later fix that checks the "
		 "HIGHATOMIC list (the 4.4.y sublevel of that backport was not found). "
		 "d0164adc89f6: ALLOC_HARDER now comes from __GFP_ATOMIC, not from "
		 "!__GFP_WAIT, so GFP_NOWAIT gets no reserve.",
};

/* 4.7: derived; 4.8 rules before zone_watermark_fast(). */
static const struct bs_rules era_4_7 = {
	.id = "4.7",
	.source = "derived: linux-4.9.y v4.9.337 rules (eugene-rom/linux-4.9.337-sbc2440v4 "
		  "@d03679499b4c) less zone_watermark_fast(), which v4.8 added with the "
		  "node-LRU series (48ee5f3696f6 'mm, page_alloc: shortcut watermark checks "
		  "for order-0 pages'); 4.7 itself not read",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 7, 0), .to = KV(4, 7, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.first_compact = BS_FIRST_COMPACT_COSTLY,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = true,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read: the 4.8 rules without the order-0 shortcut; "
		 "get_page_from_freelist() calls zone_watermark_ok() directly, so the "
		 "highatomic reserve is never counted as free for a request that may not "
		 "use it. 0a0337e0d1d1 (should_reclaim_retry()) is a 4.7 change.",
};

/* 4.8 .. 4.10 (read: 4.9.337): zone_watermark_fast(), should_reclaim_retry(). */
static const struct bs_rules era_4_9 = {
	.id = "4.8",
	.source = "linux-4.9.y v4.9.337 (eugene-rom/linux-4.9.337-sbc2440v4 @d03679499b4c): "
		  "mm/page_alloc.c __zone_watermark_ok(), gfp_to_alloc_flags(), "
		  "zone_watermark_fast(), __alloc_pages_slowpath(), should_reclaim_retry(), __alloc_pages_may_oom(); "
		  "mm/compaction.c try_to_compact_pages(); mm/oom_kill.c out_of_memory()",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 8, 0), .to = KV(4, 10, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_FS_AND_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = true,
	.oom_nofs_nofail = true,
	.oom_checks_thisnode = true,
	.notes = "0a0337e0d1d1 (4.7) replaced the endless order <= 3 loop with "
		 "should_reclaim_retry() (16 rounds without progress) followed by the "
		 "OOM killer; costly orders retry only with __GFP_REPEAT. Compaction "
		 "before reclaim only for costly orders; still no compaction without "
		 "__GFP_FS and __GFP_IO. out_of_memory() returns 'progress' for "
		 "!(__GFP_FS|__GFP_NOFAIL), so GFP_NOFS at order <= 3 still loops. "
		 "zone_watermark_fast() (4.8) passes an order-0 request when free - CMA > "
		 "mark + lowmem_reserve before __zone_watermark_ok() runs: the highatomic "
		 "reserve counts as free there for every order-0 request.",
};

/* 4.11 .. 4.12: derived; NOFS may compact. */
static const struct bs_rules era_4_11 = {
	.id = "4.11",
	.source = "derived: linux-4.9.y v4.9.337 rules plus upstream v4.11 commits "
		  "73e64c51afc5 'mm, compaction: allow compaction for GFP_NOFS requests' "
		  "(mm/compaction.c try_to_compact_pages()) and 'mm, oom: do not enforce "
		  "OOM killer for __GFP_NOFAIL automatically' (mm/page_alloc.c "
		  "__alloc_pages_may_oom()); as read in 4.14.67",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 11, 0), .to = KV(4, 12, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = false,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = true,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read: 4.9 rules with the two v4.11 changes. GFP_NOFS high-order "
		 "requests now compact, but isolate no page that has a mapping (file "
		 "pages), so only anonymous memory moves. The version in which the "
		 "slow path's first compaction was extended to non-movable orders "
		 "(seen in 4.14) was not pinned down.",
};

/* 4.13: derived; __GFP_RETRY_MAYFAIL but no ALLOC_OOM yet. */
static const struct bs_rules era_4_13 = {
	.id = "4.13",
	.source = "derived: linux-4.14.y v4.14.67 rules (YimengZhao/linux-4.14.67 @c685f05ba987) "
		  "less cd04ae1e2dc8 'mm, oom: do not rely on TIF_MEMDIE for memory reserves "
		  "access' (v4.14; absent in 4.9.337); 4.13 itself not read",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 13, 0), .to = KV(4, 13, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = false,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read: dcda9b04713c (4.13) made __GFP_REPEAT __GFP_RETRY_MAYFAIL "
		 "(costly orders retry only with it; it never OOM-kills), but an OOM "
		 "victim still gets ALLOC_NO_WATERMARKS as in 4.9.",
};

/* 4.14 .. 4.18 (read: 4.14.67): ALLOC_OOM. */
static const struct bs_rules era_4_14 = {
	.id = "4.14",
	.source = "linux-4.14.y v4.14.67 (YimengZhao/linux-4.14.67 @c685f05ba987): "
		  "mm/page_alloc.c __zone_watermark_ok(), gfp_to_alloc_flags(), "
		  "__gfp_pfmemalloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages(); "
		  "mm/oom_kill.c out_of_memory()",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 14, 0), .to = KV(4, 18, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "dcda9b04713c (4.13): __GFP_REPEAT became __GFP_RETRY_MAYFAIL; costly "
		 "orders retry only with it, and it never invokes the OOM killer. "
		 "cd04ae1e2dc8 (read in 4.14.67, absent in 4.9.337): OOM victims get "
		 "ALLOC_OOM (min -= min/2, may use HIGHATOMIC) instead of no watermarks; "
		 "out_of_memory() returns 'progress' for any "
		 "!__GFP_FS request, so NOFS order <= 3 loops; the slow path compacts "
		 "first for costly or non-movable high orders.",
};

/* 4.19 .. 4.20 (read: 4.19.0): 4.14 rules. */
static const struct bs_rules era_4_19 = {
	.id = "4.19",
	.source = "linux v4.19 (0x88888888/Linux-4.19 @ae239377f020, v4.19 with the "
		  "repository owner's comments added): mm/page_alloc.c "
		  "__zone_watermark_ok(), zone_watermark_fast(), gfp_to_alloc_flags(), "
		  "__alloc_pages_slowpath(), __alloc_pages_may_oom(); mm/compaction.c "
		  "try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(4, 19, 0), .to = KV(4, 20, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "Same decisions as 4.14. zone_watermark_fast() short-cuts order-0 "
		 "requests (free - CMA > mark + lowmem_reserve) before "
		 "__zone_watermark_ok(); the answer is the same.",
};

/* 5.0 .. 5.4.273 (5.4.286 less one backport): watermark boost, ALLOC_KSWAPD. */
static const struct bs_rules era_5_4 = {
	.id = "5.0",
	.source = "derived: linux-5.4.y v5.4.286 (KINGFIOX/linux-5.4.286 @157e1f2b846f): "
		  "mm/page_alloc.c __zone_watermark_ok(), zone_watermark_fast(), "
		  "gfp_to_alloc_flags(), alloc_flags_nofragment(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages(); "
		  "include/linux/mmzone.h wmark_pages(); less the gfp_compaction_allowed() "
		  "slow-path gate that 5.4.274 took; 5.0 itself not read",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 0, 0), .to = KV(5, 4, 273),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "5.0 (1c30844d2dfe and 0a79cdad5eb2): min/low/high now include "
		 "zone->watermark_boost (printed as 'boost:'), and ALLOC_KSWAPD records "
		 "__GFP_KSWAPD_RECLAIM. zone_watermark_fast() in 5.4.286 rechecks an "
		 "order-0 __GFP_ATOMIC request that failed at a boosted min at the "
		 "unboosted min; which 5.x release first did so was not pinned (the "
		 "5.0 .. 5.3 releases may lack it). Its order-0 shortcut (free - CMA > "
		 "mark + lowmem_reserve) counts the highatomic reserve as free. 5.4.274 "
		 "on carry the slow-path compaction gate (see that era).",
};

/* 5.4.274 .. 5.4.y (read: 5.4.286): the slow-path compaction gate backported. */
static const struct bs_rules era_5_4_274 = {
	.id = "5.4.274",
	.source = "linux-5.4.y v5.4.286 (KINGFIOX/linux-5.4.286 @157e1f2b846f, "
		  "and @20270332b49d for zone_watermark_fast() and __alloc_pages_slowpath()): "
		  "mm/page_alloc.c __zone_watermark_ok(), zone_watermark_fast(), "
		  "gfp_to_alloc_flags(), alloc_flags_nofragment(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages(); "
		  "include/linux/mmzone.h wmark_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 4, 274), .to = KV(5, 4, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.fast_order0_counts_highatomic = true,
	.compact_gate_slowpath = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "The 5.0 rules plus the April 2024 stable backport of 'mm, vmscan: "
		 "prevent infinite loop for costly GFP_NOIO | __GFP_RETRY_MAYFAIL "
		 "allocations' (gfp_compaction_allowed() in the slow path, read in 5.4.286). "
		 "The first sublevel is estimated, not read: the backport was posted for "
		 "5.4.y on 2024-04-04 and 5.4.274 is the next release. 5.4.y never took the "
		 "5.10 order-0 fast-path fix: zone_watermark_fast() in 5.4.286 still counts "
		 "the highatomic reserve as free.",
};

/* 5.5 .. 5.9: derived; the 5.0 rules. */
static const struct bs_rules era_5_5 = {
	.id = "5.5",
	.source = "derived: the 5.0 era's rules (linux-5.4.y v5.4.286, KINGFIOX/linux-5.4.286, "
		  "less the 2024 slow-path compaction gate); 5.5 .. 5.9 not read",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 5, 0), .to = KV(5, 9, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.fast_order0_counts_highatomic = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read: as 5.0 .. 5.4.273. 5.5 .. 5.9 reached end of life before "
		 "2024, so none took the slow-path compaction gate. The order-0 fast path "
		 "counts the highatomic reserve as free until 5.10 changed it.",
};

/* 5.10 .. 5.10.214 (read: 5.10.7). */
static const struct bs_rules era_5_10 = {
	.id = "5.10",
	.source = "linux-5.10.y v5.10.7 (ejga2001/linux-5.10.7 @3791f9c55148): "
		  "mm/page_alloc.c __zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), current_alloc_flags(), "
		  "__alloc_pages_slowpath(); mm/compaction.c try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 10, 0), .to = KV(5, 10, 214),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "__zone_watermark_unusable_free() gathers (1 << order) - 1, the "
		 "highatomic reserve (unless harder/OOM) and free CMA (unless ALLOC_CMA); "
		 "same arithmetic as 4.4. zone_watermark_fast()'s order-0 shortcut now "
		 "subtracts the same unusable pages, so the highatomic reserve no longer "
		 "counts as free there. ALLOC_CMA also needs the task not to be in a "
		 "memalloc_nocma (later memalloc_pin) section. 5.10.215 on carry the "
		 "slow-path compaction gate (see that era).",
};

/* 5.10.215 .. 5.10.y (read: 5.10.228): the slow-path compaction gate backported. */
static const struct bs_rules era_5_10_215 = {
	.id = "5.10.215",
	.source = "linux-5.10.y v5.10.228 (06I90/Notes-of-Kernel-5.10.228 @c026e141ec2d, "
		  "v5.10.228 with the owner's comments): mm/page_alloc.c gfp_to_alloc_flags(), "
		  "__gfp_pfmemalloc_flags(), should_reclaim_retry(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); the rest as read in 5.10.7",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 10, 215), .to = KV(5, 10, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.compact_gate_slowpath = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "As 5.10.0, plus gfp_compaction_allowed() in __alloc_pages_slowpath() "
		 "(read in 5.10.228; absent in 5.10.7): a !__GFP_IO request skips the first "
		 "compaction and a costly one gives up rather than retry. The first "
		 "sublevel is estimated, not read: the release after the 2024-04-04 "
		 "posting of the backport, as for 5.4.274.",
};

/* 5.11 .. 5.14: derived; the 5.10 rules. */
static const struct bs_rules era_5_11 = {
	.id = "5.11",
	.source = "derived: linux-5.10.y v5.10.7 rules (ejga2001/linux-5.10.7 @3791f9c55148); "
		  "5.11 .. 5.14 not read",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 11, 0), .to = KV(5, 14, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read: as 5.10.0 (these series ended before 2024, so no "
		 "slow-path compaction gate).",
};

/* 5.15 .. 6.0 (read: 5.15.135). */
static const struct bs_rules era_5_15 = {
	.id = "5.15",
	.source = "linux-5.15.y v5.15.135 (waterm310n/linux-5.15.135 @e56ab5423d41): "
		  "mm/page_alloc.c __zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(5, 15, 0), .to = KV(6, 0, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "Same decisions as 5.10. Late 5.15.y may carry the 2024 "
		 "gfp_compaction_allowed() backport (not verified).",
};

/* 6.1.0 .. 6.1.83 (read: 6.1.0). */
static const struct bs_rules era_6_1 = {
	.id = "6.1",
	.source = "linux v6.1 (krr-io/linux-6.1.0 @2a410d07ec5e): mm/page_alloc.c "
		  "__zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), gfp_to_alloc_flags_cma(), "
		  "__alloc_pages_slowpath(), __alloc_pages_may_oom(); mm/compaction.c "
		  "try_to_compact_pages(); mm/internal.h ALLOC_*",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 1, 0), .to = KV(6, 1, 83),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "Early 6.1.y: ALLOC_HIGH/ALLOC_HARDER as in 4.4. Debian's changelog "
		 "shows two later stable changes: 6.1.84 (gfp_compaction_allowed() in "
		 "the slow path) and 6.1.116 (the 6.3 ALLOC_MIN_RESERVE/NON_BLOCK/"
		 "HIGHATOMIC scheme); see the 6.1.84, 6.1.116 and 6.1.157 eras.",
};

/* 6.1.84 .. 6.1.115: derived; slow-path compaction gate. */
static const struct bs_rules era_6_1_84 = {
	.id = "6.1.84",
	.source = "derived: v6.1 rules plus stable 6.1.84 'mm, vmscan: prevent infinite "
		  "loop for costly GFP_NOIO | __GFP_RETRY_MAYFAIL allocations' (listed "
		  "under ChangeLog-6.1.84 in Debian linux-source-6.1 6.1.192-2 "
		  "changelog.Debian); gfp_compaction_allowed() and its slow-path uses as "
		  "read in 6.1.158 mm/page_alloc.c __alloc_pages_slowpath()",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 1, 84), .to = KV(6, 1, 115),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "gfp_compaction_allowed() (CONFIG_COMPACTION and __GFP_IO): a !__GFP_IO "
		 "request skips the slow path's first compaction, and a costly one "
		 "gives up instead of retrying reclaim (GFP_NOIO|__GFP_RETRY_MAYFAIL "
		 "used to loop). Whether a request may compact at all is unchanged.",
};

/* 6.1.116 .. 6.1.156: derived; the 6.3 alloc-flag scheme. */
static const struct bs_rules era_6_1_116 = {
	.id = "6.1.116",
	.source = "derived: 6.1.84 rules plus stable 6.1.116 'mm/page_alloc: rename "
		  "ALLOC_HIGH to ALLOC_MIN_RESERVE', 'treat RT tasks similar to "
		  "__GFP_HIGH', 'explicitly record high-order atomic allocations in "
		  "alloc_flags', 'explicitly define what alloc flags deplete min "
		  "reserves', 'explicitly define how __GFP_HIGH non-blocking allocations "
		  "accesses reserves', 'let GFP_ATOMIC order-0 allocs access highatomic "
		  "reserves' (ChangeLog-6.1.116 in Debian linux-source-6.1 6.1.192-2 "
		  "changelog.Debian); code as read in 6.1.158 less 6.1.157's change",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 1, 116), .to = KV(6, 1, 156),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "The 6.3 scheme in a 6.1 kernel (__GFP_ATOMIC still exists but no "
		 "longer grants anything): ALLOC_NON_BLOCK for !__GFP_DIRECT_RECLAIM "
		 "(not __GFP_NOMEMALLOC), ALLOC_HIGHATOMIC for such requests at order "
		 "> 0, ALLOC_MIN_RESERVE for __GFP_HIGH and RT tasks. min/2 needs "
		 "ALLOC_MIN_RESERVE; the further min/4 needs NON_BLOCK as well, so "
		 "GFP_NOWAIT gets no reserve and an RT task gets min/2 (was min/4).",
};

/* 6.1.157 .. 6.1.y (read: 6.1.158, 6.1.192). */
static const struct bs_rules era_6_1_157 = {
	.id = "6.1.157",
	.source = "linux-6.1.y v6.1.158 (HDevices/linux-6.1.158 @71dd535994d7) and Debian "
		  "linux-source-6.1 6.1.192-2: mm/page_alloc.c "
		  "__zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "gfp_to_alloc_flags(), __alloc_pages_slowpath(); mm/internal.h ALLOC_*, "
		  "gfp_compaction_allowed(); stable 6.1.157 'mm/page_alloc: only set "
		  "ALLOC_HIGHATOMIC for __GPF_HIGH allocations' (Debian changelog)",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 1, 157), .to = KV(6, 1, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.highatomic_needs_high = true,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "As 6.1.116, but ALLOC_HIGHATOMIC only when __GFP_HIGH is set too "
		 "(GFP_ATOMIC yes, GFP_NOWAIT no). The Debian ABI number "
		 "(6.1.0-NN) does not say which 6.1.y a kernel is; the trailer does.",
};

/* 6.2: derived; 6.1.0 rules. */
static const struct bs_rules era_6_2 = {
	.id = "6.2",
	.source = "derived: v6.1 rules (krr-io/linux-6.1.0); the alloc-flag rework "
		  "(mm/page_alloc.c gfp_to_alloc_flags(), __zone_watermark_ok()) landed "
		  "in v6.3",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 2, 0), .to = KV(6, 2, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = false,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_GFP_ATOMIC,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Not read; same as early 6.1.",
};

/* 6.3 .. 6.6.23: derived; the new scheme without the slow-path gate. */
static const struct bs_rules era_6_6 = {
	.id = "6.3",
	.source = "derived: linux-6.6.y v6.6.87 (Yunbaby8/linux-6.6.87-lab @7fe0c4ed5035) "
		  "mm/page_alloc.c __zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "gfp_to_alloc_flags(), __alloc_pages_slowpath(), less the "
		  "gfp_compaction_allowed() slow-path gate that 6.6.24 added (Linux 6.6.24 "
		  "release announcement, 2024-04-03)",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 3, 0), .to = KV(6, 6, 23),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.derived = true,
	.notes = "Mel Gorman's v6.3 rework: ALLOC_HIGH -> ALLOC_MIN_RESERVE, "
		 "ALLOC_HARDER split into ALLOC_NON_BLOCK and ALLOC_HIGHATOMIC; "
		 "__zone_watermark_ok() skips the highatomic subtraction for any of "
		 "NON_BLOCK/MIN_RESERVE/HIGHATOMIC/OOM but lets only HIGHATOMIC or OOM "
		 "take a HIGHATOMIC block in the scan.",
};

/* 6.6.24 .. 6.8: read 6.6.87. */
static const struct bs_rules era_6_6_24 = {
	.id = "6.6.24",
	.source = "linux-6.6.y v6.6.87 (Yunbaby8/linux-6.6.87-lab @7fe0c4ed5035): "
		  "mm/page_alloc.c __zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages(); "
		  "mm/internal.h gfp_compaction_allowed()",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 6, 24), .to = KV(6, 8, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "6.7.y and 6.8.y are put here; which of their stable releases took "
		 "the gfp_compaction_allowed() backport was not checked.",
};

/* 6.9 .. 6.17 (read: 6.12.19). */
static const struct bs_rules era_6_12 = {
	.id = "6.9",
	.source = "linux-6.12.y v6.12.19 (wishday/linux-6.12.y @21ae40e85ea7): "
		  "mm/page_alloc.c __zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages()",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 9, 0), .to = KV(6, 17, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.highatomic_free_count = true,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "The highatomic subtraction uses zone->nr_free_highatomic (free pages "
		 "in highatomic blocks, read in 6.12.19) instead of the reserve's size "
		 "(6.6.87); 6.9-6.11 were not read and may still use the reserve size. "
		 "Late 6.12.y may carry the __GFP_HIGH condition on ALLOC_HIGHATOMIC "
		 "(see 6.18); not checked.",
};

/* 6.18.y (read: 6.18.2); later kernels get these rules, said to be assumed. */
static const struct bs_rules era_6_18 = {
	.id = "6.18",
	.source = "linux v6.18.2 (gfunkmonk/linux-6.18.2 @062668f4d006): mm/page_alloc.c "
		  "__zone_watermark_unusable_free(), __zone_watermark_ok(), "
		  "zone_watermark_fast(), gfp_to_alloc_flags(), __alloc_pages_slowpath(), "
		  "__alloc_pages_may_oom(); mm/compaction.c try_to_compact_pages(); "
		  "mm/oom_kill.c out_of_memory()",
	.distro = BS_DISTRO_NONE,
	.from = KV(6, 18, 0), .to = KV(6, 18, Y),
	.wmark = BS_WMARK_FREE_AREA_SCAN,
	.wmark_subtract_order = true,
	.cma_excluded = true,
	.highatomic = true,
	.highatomic_for_harder_only = true,
	.alloc_oom = true,
	.alloc_non_block = true,
	.compact_gate = BS_COMPACT_NEEDS_IO,
	.gfp_wait_era = false,
	.costly_order = 3,
	.oom_for_costly = false,
	.retry_mayfail = true,
	.reserve_rule = BS_RESERVE_NON_BLOCK,
	.highatomic_free_count = true,
	.highatomic_needs_high = true,
	.alloc_kswapd = true,
	.watermark_boost = true,
	.first_compact = BS_FIRST_COMPACT_COSTLY_OR_UNMOVABLE,
	.compact_gate_slowpath = true,
	.retry_rule = BS_RETRY_RECLAIM_RETRY,
	.oom_nofail_overrides = false,
	.oom_nofs_nofail = false,
	.oom_checks_thisnode = true,
	.notes = "ALLOC_HIGHATOMIC only for non-blocking __GFP_HIGH requests at order "
		 "> 0. The unboosted-min recheck in zone_watermark_fast() keys on "
		 "ALLOC_MIN_RESERVE (since 6.3; __GFP_ATOMIC before). "
		 "With the vm.defrag_mode sysctl set, gfp_to_alloc_flags() also adds "
		 "ALLOC_NOFRAGMENT (read in 6.18.2; the sysctl arrived in 6.15, not read): "
		 "that changes which free lists may be stolen from, not the watermark "
		 "arithmetic.",
};

const struct bs_rules *const bs_rules_table[] = {
	&era_2_6_32,
	&era_3_10,
	&era_rhel7,
	&era_3_18,
	&era_4_4,
	&era_4_7,
	&era_4_9,
	&era_4_11,
	&era_4_13,
	&era_4_14,
	&era_4_19,
	&era_5_4,
	&era_5_4_274,
	&era_5_5,
	&era_5_10,
	&era_5_10_215,
	&era_5_11,
	&era_5_15,
	&era_6_1,
	&era_6_1_84,
	&era_6_1_116,
	&era_6_1_157,
	&era_6_2,
	&era_6_6,
	&era_6_6_24,
	&era_6_12,
	&era_6_18,
};

const unsigned bs_rules_table_len = sizeof(bs_rules_table) / sizeof(bs_rules_table[0]);

/*
 * Single changes to the slow path and the sysctl arithmetic, by the first
 * release that has them (bs_rules_has_change()).  Read in torvalds/linux
 * at the release named and the one before it.
 */
const struct bs_rule_change_row bs_rule_changes[BS_CHANGE_NR] = {
	[BS_CHANGE_OOM_LOWMEM] = { BS_CHANGE_OOM_LOWMEM, 2, 35,
		"03668b3ceb0c \"oom: avoid oom killer for lowmem allocations\"",
		"mm/page_alloc.c __alloc_pages_may_oom(): high_zoneidx < ZONE_NORMAL goes to out "
		"(inside the !__GFP_NOFAIL block until 4.11, unconditional after)" },
	[BS_CHANGE_PF_MEMALLOC] = { BS_CHANGE_PF_MEMALLOC, 2, 6,
		"(all releases read, 2.6.32 on)",
		"mm/page_alloc.c __alloc_pages_slowpath(): \"Avoid recursion of direct reclaim\", "
		"PF_MEMALLOC goes to nopage; gfp_to_alloc_flags() (2.6.32-3.5), "
		"gfp_pfmemalloc_allowed() (3.6-4.13), __gfp_pfmemalloc_flags() (4.14 on): "
		"ALLOC_NO_WATERMARKS for PF_MEMALLOC outside interrupt unless __GFP_NOMEMALLOC" },
	[BS_CHANGE_COMPACT_FRAGINDEX] = { BS_CHANGE_COMPACT_FRAGINDEX, 2, 35,
		"56de7263fcf3 \"mm: compaction: direct compact when a high-order allocation fails\"",
		"mm/compaction.c compaction_suitable(); mm/vmstat.c fragmentation_index(): "
		"0 <= index <= sysctl_extfrag_threshold (500) skips the zone: reclaim, not compaction" },
	[BS_CHANGE_COMPACT_DEFER] = { BS_CHANGE_COMPACT_DEFER, 2, 38,
		"4f92e2586b43 \"mm: compaction: defer compaction using an exponential backoff when compaction fails\"",
		"mm/compaction.c compaction_deferred(), defer_compaction(): after a failure up to "
		"1 << COMPACT_MAX_DEFER_SHIFT (64) attempts skip compaction of that order" },
	[BS_CHANGE_FRAGINDEX_COSTLY] = { BS_CHANGE_FRAGINDEX_COSTLY, 4, 9,
		"203114202f0c \"mm, compaction: restrict fragindex to costly orders\"",
		"mm/compaction.c compaction_suitable(): the fragindex test only for order > "
		"PAGE_ALLOC_COSTLY_ORDER" },
	[BS_CHANGE_COMPACT_MIN_WMARK] = { BS_CHANGE_COMPACT_MIN_WMARK, 4, 9,
		"8348faf91f56 \"mm, compaction: require only min watermarks for non-costly orders\"",
		"mm/compaction.c __compaction_suitable(): order-0 check at min (non-costly) or low "
		"(costly) + 2 << order (compact_gap()), with ALLOC_CMA; before: low + 2 << order" },
	[BS_CHANGE_NOFS_COMPACT] = { BS_CHANGE_NOFS_COMPACT, 4, 11,
		"73e64c51afc5 \"mm, compaction: allow compaction for GFP_NOFS requests\"",
		"mm/compaction.c try_to_compact_pages(): only !__GFP_IO skips; "
		"isolate_migratepages_block() leaves file pages alone without __GFP_FS" },
	[BS_CHANGE_LOWMEM_RATIO_ZERO] = { BS_CHANGE_LOWMEM_RATIO_ZERO, 4, 15,
		"d3cda2337bbc \"mm/page_alloc: don't reserve ZONE_HIGHMEM for ZONE_MOVABLE request\"",
		"mm/page_alloc.c setup_per_zone_lowmem_reserve(): lowmem_reserve[j] of zone i = "
		"managed pages of zones i+1..j / sysctl_lowmem_reserve_ratio[i]; a ratio below 1 "
		"was raised to 1 (everything reserved) before, means no reserve after; the sysctl "
		"has MAX_NR_ZONES entries after, one fewer before" },
	[BS_CHANGE_WSF] = { BS_CHANGE_WSF, 4, 6,
		"795ae7a0de6b \"mm: scale kswapd watermarks in proportion to memory\"",
		"mm/page_alloc.c __setup_per_zone_wmarks(): low = min + max(min/4, managed * "
		"watermark_scale_factor / 10000), high = min + 2 * that; before: low = min * 5/4, "
		"high = min * 3/2" },
	[BS_CHANGE_MANAGED_PAGES] = { BS_CHANGE_MANAGED_PAGES, 3, 8,
		"b40da04946aa \"mm: use zone->present_pages instead of zone->managed_pages where appropriate\" "
		"and the managed_pages series (9feedc9d831e)",
		"mm/page_alloc.c __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(): "
		"zone->managed_pages; before 3.8 present_pages" },
	[BS_CHANGE_WSF_3000] = { BS_CHANGE_WSF_3000, 5, 17,
		"39c65a94cd96 \"mm/pagealloc: sysctl: change watermark_scale_factor max limit to 30%\" "
		"(also in 5.15.58 stable)",
		"the watermark_scale_factor ctl_table entry (kernel/sysctl.c, mm/page_alloc.c from 6.2): "
		"extra1 SYSCTL_ONE, extra2 SYSCTL_THREE_THOUSAND; before: extra2 one_thousand (4.6-5.16)" },
};
