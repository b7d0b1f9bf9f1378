/* SPDX-License-Identifier: MIT */
/*
 * gfp.h - GFP flag knowledge per kernel version: decode, encode, print.
 *
 * The tables behind these functions are generated from each kernel's own
 * include/linux/gfp.h (gfp_types.h from 6.0 on) and
 * include/trace/events/mmflags.h by tools/gfpgen, and live in
 * lib/knowledge/gfp_*.c.  Every table names the tree, tag and commit it
 * came from.
 */
#ifndef BS_GFP_H
#define BS_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kversion.h"

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

/* The bit of single flag @name in @t; 0 when this kernel has no such flag. */
uint64_t bs_gfp_flag_mask(const struct bs_gfp_table *t, const char *name);

/* True when every bit of single flag @name is set in @mask (false if unknown). */
bool bs_gfp_test(const struct bs_gfp_table *t, uint64_t mask, const char *name);

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
 * gfp_zone(): the highest zone a request with @mask may use, from the
 * GFP_ZONE_TABLE rule (DMA, DMA32, Normal, HighMem, Movable); @highmem says
 * whether the machine has ZONE_HIGHMEM (32-bit), else __GFP_HIGHMEM means
 * Normal.  NULL for a combination the kernel rejects (GFP_ZONE_BAD).
 * "Movable" needs ZONE_MOVABLE configured (kernelcore=/movablecore=);
 * without it such requests are served from Normal.
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

/* Fill @m for @mask on @t (all false when @t is NULL).  Never fails. */
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
 * Names may be flags, composites or %pGg/tracepoint names of @t, also
 * without their leading "__" ("GFP_COMP", as pre-4.5 tracepoints print).
 * Returns 0, or -1 (errno EINVAL) with a message naming the bad token in
 * @err; *@mask is left alone on error.
 */
int bs_gfp_parse(const struct bs_gfp_table *t, const char *expr, uint64_t *mask,
		 char *err, size_t errlen);

#endif
