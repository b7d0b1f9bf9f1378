/* SPDX-License-Identifier: MIT */
/*
 * gfp.h - GFP flag knowledge per kernel version: decode, encode, print.
 *
 * The tables behind these functions are generated from each kernel's own
 * include/linux/gfp.h (gfp_types.h from 6.0 on) and
 * include/trace/events/mmflags.h by tools/gfpgen: one file per distinct
 * layout (lib/knowledge/gfp_layout_<id>.c), shared by every sampled kernel
 * that has it, and an index (lib/knowledge/gfp_index.c) of the sampled
 * kernels, each naming the tree, tag, commit and header blobs it came from.
 */
#ifndef BS_GFP_H
#define BS_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kversion.h"

/* One single flag (a ___GFP_* bit) as one kernel defines it. */
struct bs_gfp_flag {
	const char *name;	/* "__GFP_IO", as the kernel spells it */
	uint64_t mask;		/* its bit in this kernel */
	const char *config;	/* NULL, or the CONFIG_ option the bit depends on */
	const char *alias_of;	/* NULL, or the flag this name is another spelling of */
};

/*
 * One entry of the kernel's %pGg name table (__def_gfpflag_names), in the
 * kernel's order: composites first, the order decides how a mask prints.
 */
struct bs_gfp_name {
	const char *name;	/* "GFP_KERNEL", "__GFP_COMP", ... */
	uint64_t mask;
};

/* The GFP knowledge of one sampled kernel version. */
struct bs_gfp_table {
	const char *id;		/* "4.4", "3.10-rhel7-514", "6.18" */
	const char *layout;	/* the layout it has: the id of the first sampled kernel
				   with it (lib/knowledge/gfp_layout_<id>.c) */
	const char *tree;	/* "torvalds/linux", "centos kernel", ... */
	const char *tag;	/* "v4.4" */
	const char *commit;	/* full commit id the headers were read at */
	const char *files;	/* the headers read, e.g. "include/linux/gfp.h, include/trace/events/mmflags.h" */
	const char *configs;	/* the config combination these values are for */
	bool has_name_table;	/* false before %pGg existed: no symbolic print */
	const struct bs_gfp_flag *flags;
	size_t nr_flags;
	const struct bs_gfp_name *names;	/* %pGg order */
	size_t nr_names;
	const struct bs_gfp_name *composites;	/* GFP_KERNEL, GFP_NOFS, ... */
	size_t nr_composites;

	/* The version the headers were read from, and its distro keying. */
	int major, minor, sublevel;
	enum bs_distro distro;		/* BS_DISTRO_NONE for upstream */
	int distro_major;		/* RHEL 7; -1 */
	int distro_from, distro_to;	/* RHEL releases (3.10.0-N) covered; -1 */
	int stable_from, stable_to;	/* upstream: stable releases X.Y.A..B of the
					   series covered; -1 = the whole series */
	/*
	 * Upstream: the series from which on this layout is taken to hold
	 * although no headers of the series between were read (kernel-printed
	 * decodes show it); 0.0 = from the table's own series.
	 */
	int since_major, since_minor;

	/*
	 * show_gfp_flags(): what the kmem tracepoints print (also the only
	 * symbolic decode kernels before 4.5 have).  Names lack the "__" before
	 * 4.5 ("GFP_NOFS|GFP_COMP"); trace_zero is what they print for 0.
	 */
	const struct bs_gfp_name *trace_names;
	size_t nr_trace_names;
	const char *trace_zero;

	/* Flags the headers name that are 0 (compiled out) in this build. */
	const char *const *absent;
	size_t nr_absent;

	const char *relevant_configs;	/* options that change any value, "" none */
	const char *notes;		/* NULL or one line */

	/*
	 * The same kernel built with other values of relevant_configs: each
	 * variant is a whole table whose .variant says which ("CONFIG_LOCKDEP=y
	 * ...") and whose .base points back here.  The default table has
	 * .variant NULL.
	 */
	const char *variant;
	const struct bs_gfp_table *const *variants;
	size_t nr_variants;
	const struct bs_gfp_table *base;
};

/* All tables, oldest kernel first.  Never NULL; *n set to the count. */
const struct bs_gfp_table *const *bs_gfp_tables(size_t *n);

/* The table of the newest upstream (not distro) kernel sampled.  Never NULL. */
const struct bs_gfp_table *bs_gfp_newest_table(void);

/*
 * The GFP table for @v: exact where the knowledge keys this version,
 * otherwise the nearest sampled table of the same series or era.
 * *@exact (if non-NULL) says which.  Never NULL for a parsed version.
 *
 * Keying: a RHEL version takes the RHEL table of its major whose release
 * range holds distro_release (exact); other distro and upstream versions
 * take the upstream table of their series (exact), else the newest table
 * of an older series (the layout in force before; a table's .since_*
 * moves its start earlier), else the oldest table.
 */
const struct bs_gfp_table *bs_kver_gfp_table(const struct bs_kver *v, bool *exact);

/* The table whose id equals @id, or NULL. */
const struct bs_gfp_table *bs_gfp_table_by_id(const char *id);

/*
 * The upstream tables read just before and just after @t's kernel (a
 * variant counts as its base; a distro table's "before" may be the
 * upstream table of its own version).  Either may be NULL at the ends.
 * Used to say what a bit this kernel has no flag for is called nearby.
 */
void bs_gfp_neighbours(const struct bs_gfp_table *t, const struct bs_gfp_table **older,
		       const struct bs_gfp_table **newer);

/*
 * The bit of single flag @name ("__GFP_IO", as this kernel spells it) in
 * @t, into *@mask.  Returns 0, or -1 with errno ENOENT when this kernel
 * has no such flag (or the name is misspelt), EINVAL for NULL arguments.
 * For looking at a table; code that asks what a mask means uses
 * bs_gfp_decode() and its enum instead.
 */
int bs_gfp_flag_lookup(const struct bs_gfp_table *t, const char *name, uint64_t *mask);

/*
 * The mask of composite @name ("GFP_KERNEL", "__GFP_RECLAIM") in @t, into
 * *@mask.  Returns 0, or -1 with errno ENOENT when this kernel has no such
 * composite, EINVAL for NULL arguments.
 */
int bs_gfp_composite_lookup(const struct bs_gfp_table *t, const char *name, uint64_t *mask);

/*
 * Format @mask the way the kernel's %pGg does on this kernel
 * ("GFP_KERNEL|__GFP_COMP", unknown leftover bits as "0x..."), into @buf.
 * A zero mask gives "" (the kernel prints "mode:0x0()").  Kernels before
 * 4.5 have no %pGg: for them (has_name_table false) the walk uses the
 * tracepoint table's order but the flags' own "__GFP_" spellings, i.e. what
 * a 4.5+ kernel would have printed with that kernel's definitions.
 * Returns the length it would have written (snprintf contract), or -1 with
 * errno EINVAL when @t is NULL.
 */
int bs_gfp_format(const struct bs_gfp_table *t, uint64_t mask, char *buf, size_t len);

/*
 * Format @mask as the kmem tracepoints print it on this kernel
 * (show_gfp_flags(): "GFP_NOFS|GFP_COMP" before 4.5, trace_zero for 0).
 * Returns as bs_gfp_format(); -1 with errno EINVAL when the table has no
 * tracepoint names.
 */
int bs_gfp_format_trace(const struct bs_gfp_table *t, uint64_t mask, char *buf, size_t len);

/* Every bit some single flag of @t covers (aliases included). */
uint64_t bs_gfp_known_bits(const struct bs_gfp_table *t);

/* True when @name is a flag the headers define as 0 in this build. */
bool bs_gfp_is_absent(const struct bs_gfp_table *t, const char *name);

/*
 * The table of the same kernel built with @configs ("CONFIG_LOCKDEP=y ..."
 * exactly as a variant's .variant, or the default's .configs); @t may be the
 * default or any variant.  NULL when no such build was generated.
 */
const struct bs_gfp_table *bs_gfp_table_variant(const struct bs_gfp_table *t, const char *configs);

/*
 * What a GFP bit asks of the allocator, whatever one kernel calls it.
 * Code outside gfp.c tests these, never a flag's name: a misspelt enum
 * does not compile, where a misspelt name would read as "not set".
 */
enum bs_gfp_sem {
	BS_GFP_DMA,
	BS_GFP_HIGHMEM,
	BS_GFP_DMA32,
	BS_GFP_MOVABLE,
	BS_GFP_RECLAIMABLE,
	BS_GFP_HIGH,		/* may dip below min (reserves) */
	BS_GFP_IO,
	BS_GFP_FS,
	BS_GFP_DIRECT_RECLAIM,	/* may sleep: __GFP_DIRECT_RECLAIM (4.4 on), __GFP_WAIT before */
	BS_GFP_KSWAPD_RECLAIM,	/* 4.4 on */
	BS_GFP_NO_KSWAPD,	/* 2.6.38 .. 4.3 */
	BS_GFP_ATOMIC,		/* 4.4 .. 6.2 */
	BS_GFP_MEMALLOC,
	BS_GFP_NOMEMALLOC,
	BS_GFP_NOWARN,
	BS_GFP_NORETRY,
	BS_GFP_REPEAT,		/* before 4.13 */
	BS_GFP_RETRY_MAYFAIL,	/* 4.13 on */
	BS_GFP_NOFAIL,
	BS_GFP_COMP,
	BS_GFP_ZERO,
	BS_GFP_THISNODE,
	BS_GFP_HARDWALL,
	BS_GFP_ACCOUNT,		/* __GFP_ACCOUNT, __GFP_KMEMCG on 3.8 .. 4.4 and RHEL 7.0-7.7 */
	BS_GFP_WRITE,
	BS_GFP_NR_SEM
};

/*
 * gfp_zone()'s answer, in the kernel's OPT_ZONE_* terms: a zone the
 * configuration may lack (DMA, DMA32, HighMem fall back to Normal when not
 * configured; see bs_gfp_zone_in()).
 */
enum bs_gfp_zone_type {
	BS_ZONE_DMA,
	BS_ZONE_DMA32,
	BS_ZONE_NORMAL,
	BS_ZONE_HIGHMEM,
	BS_ZONE_MOVABLE,
	BS_NR_ZONE_TYPES
};

/* gfp_migratetype(): the free lists the page comes from. */
enum bs_gfp_migratetype {
	BS_MT_UNMOVABLE,
	BS_MT_MOVABLE,
	BS_MT_RECLAIMABLE,
	BS_MT_INVALID,		/* both __GFP_MOVABLE and __GFP_RECLAIMABLE */
};

/*
 * One mask decoded once for one kernel: every semantic flag, and the
 * answers derived from them, each computed here and nowhere else.
 *
 * Invalid masks get the kernel's own answers:
 *  - a zone modifier mix GFP_ZONE_BAD lists (DMA|DMA32, DMA32|HIGHMEM,
 *    ...): gfp_zone() looks it up in GFP_ZONE_TABLE, which has no entry
 *    for it, so the result is 0 - the lowest zone of the configuration
 *    (ZONE_DMA on x86_64) - and VM_BUG_ON() fires only with
 *    CONFIG_DEBUG_VM (include/linux/gfp.h, 2.6.31 on).  zone_bad is set
 *    and zone is BS_ZONE_DMA (bs_gfp_zone_in() maps it to the lowest zone
 *    configured);
 *  - __GFP_MOVABLE with __GFP_RECLAIMABLE: gfp_migratetype() returns
 *    index 3, none of the three page-cache lists (MIGRATE_HIGHATOMIC 4.4
 *    on, MIGRATE_RESERVE before), with a VM_WARN under CONFIG_DEBUG_VM:
 *    BS_MT_INVALID.
 */
struct bs_gfp_decoded {
	uint64_t mask;
	uint32_t set;		/* 1u << enum bs_gfp_sem of every flag set in mask */
	uint32_t defined;	/* 1u << enum bs_gfp_sem of every flag this kernel has */
	bool wait_era;		/* the may-sleep bit is __GFP_WAIT (before 4.4) */
	bool may_sleep;		/* gfpflags_allow_blocking(): direct reclaim and compaction */
	bool wakes_kswapd;	/* the slow path wakes kswapd (every request on 2.6.32) */
	enum bs_gfp_zone_type zone;
	bool zone_bad;
	enum bs_gfp_migratetype migratetype;
	uint64_t unknown;	/* bits no flag of this kernel names */
};

/*
 * Decode @mask for @t into @d.  With @t NULL every flag reads as clear
 * and unknown holds the whole mask.  Never fails.
 */
void bs_gfp_decode(const struct bs_gfp_table *t, uint64_t mask, struct bs_gfp_decoded *d);

/* Is semantic flag @f set in the decoded mask? */
static inline bool bs_gfp_is(const struct bs_gfp_decoded *d, enum bs_gfp_sem f)
{
	return (d->set >> f) & 1u;
}

/* Does this kernel have a bit for semantic flag @f at all? */
static inline bool bs_gfp_defines(const struct bs_gfp_decoded *d, enum bs_gfp_sem f)
{
	return (d->defined >> f) & 1u;
}

/* The kernel's name for a zone type: "DMA", "DMA32", "Normal", "HighMem", "Movable". */
const char *bs_gfp_zone_name(enum bs_gfp_zone_type z);

/*
 * The zone gfp_zone() gives on a machine whose configured zones are the
 * bits (1u << enum bs_gfp_zone_type) of @have: OPT_ZONE_DMA, OPT_ZONE_DMA32
 * and OPT_ZONE_HIGHMEM are Normal when their zone is not configured, and
 * Movable is Normal when ZONE_MOVABLE is absent (no kernelcore=/movablecore=);
 * a GFP_ZONE_BAD mix is the lowest zone configured.
 */
enum bs_gfp_zone_type bs_gfp_zone_in(const struct bs_gfp_decoded *d, unsigned have);

/* The zones an x86_64 build configures: DMA, DMA32, Normal, Movable. */
#define BS_ZONES_X86_64 ((1u << BS_ZONE_DMA) | (1u << BS_ZONE_DMA32) | (1u << BS_ZONE_NORMAL) | \
			 (1u << BS_ZONE_MOVABLE))

/*
 * gfp_zone(): the highest zone a request with @mask may use, named as
 * bs_gfp_zone_name(), on x86_64 (plus HighMem when @highmem: a 32-bit
 * machine).  NULL for a combination the kernel rejects (GFP_ZONE_BAD).
 */
const char *bs_gfp_zone(const struct bs_gfp_table *t, uint64_t mask, bool highmem);

/*
 * The migratetype the page comes from (gfp_migratetype()): "Unmovable",
 * "Movable" or "Reclaimable"; NULL when both __GFP_MOVABLE and
 * __GFP_RECLAIMABLE are set (invalid).
 */
const char *bs_gfp_migratetype(const struct bs_gfp_table *t, uint64_t mask);

/* What a mask asks of the allocator, flag by flag, on one kernel. */
struct bs_gfp_meaning {
	bool wait_era;		/* __GFP_WAIT kernel (before 4.4) */
	bool direct_reclaim;	/* may sleep and reclaim/compact itself */
	bool wake_kswapd;
	bool io, fs;		/* may start IO / call into filesystems */
	bool high;		/* __GFP_HIGH: may dip below min (reserves) */
	bool atomic;		/* __GFP_ATOMIC (4.4-6.2): may dip further */
	bool memalloc;		/* __GFP_MEMALLOC: may ignore watermarks */
	bool nomemalloc;	/* __GFP_NOMEMALLOC: never the emergency reserves */
	bool noretry, repeat, retry_mayfail, nofail;
	bool nowarn, comp, zero, thisnode, hardwall, account;
	const char *zone;	/* bs_gfp_zone(), x86_64; NULL when invalid */
	const char *migratetype;/* bs_gfp_migratetype(); NULL when invalid */
	uint64_t unknown;	/* bits no flag of this kernel names */
};

/* Fill @m for @mask on @t from bs_gfp_decode() (all false when @t is NULL).  Never fails. */
void bs_gfp_meaning(const struct bs_gfp_table *t, uint64_t mask, struct bs_gfp_meaning *m);

/*
 * Split @mask into single flags: stores up to @max names (table order of
 * bits, lowest first; aliases left out) in @names and the bits no flag
 * covers in *@unknown (may be NULL).  The names point into the table.
 * Returns the number of flags found (may exceed @max).
 */
size_t bs_gfp_split(const struct bs_gfp_table *t, uint64_t mask,
		    const char **names, size_t max, uint64_t *unknown);

/*
 * Parse "GFP_NOFS|__GFP_COMP", "0x104050" or a mix into a mask for @t.
 * Numbers are hex as the kernel prints them, with or without 0x ("104050"
 * is 0x104050); decimal only with a 0d prefix ("0d3264" is 0xcc0).
 * Names may be flags, composites or %pGg/tracepoint names of @t, also
 * without their leading "__" ("GFP_COMP", as pre-4.5 tracepoints print).
 * Returns 0, or -1 (errno EINVAL) with a message naming the bad token in
 * @err; *@mask is left alone on error.
 */
int bs_gfp_parse(const struct bs_gfp_table *t, const char *expr, uint64_t *mask,
		 char *err, size_t errlen);

#endif
