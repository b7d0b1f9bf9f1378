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

/* The bit of single flag @name in @t; 0 when this kernel has no such flag. */
uint64_t bs_gfp_flag_mask(const struct bs_gfp_table *t, const char *name);

/* True when every bit of single flag @name is set in @mask (false if unknown). */
bool bs_gfp_test(const struct bs_gfp_table *t, uint64_t mask, const char *name);

/*
 * Format @mask the way the kernel's %pGg does on this kernel
 * ("GFP_KERNEL|__GFP_COMP", unknown leftover bits as "0x..."), into @buf.
 * Returns the length it would have written (snprintf contract).
 */
int bs_gfp_format(const struct bs_gfp_table *t, uint64_t mask, char *buf, size_t len);

/*
 * Split @mask into single flags: stores up to @max names (table order of
 * bits, lowest first) in @names and the bits no flag covers in *@unknown.
 * Returns the number of flags found (may exceed @max).
 */
size_t bs_gfp_split(const struct bs_gfp_table *t, uint64_t mask,
		    const char **names, size_t max, uint64_t *unknown);

/*
 * Parse "GFP_NOFS|__GFP_COMP", "0x104050" or a mix into a mask for @t.
 * Returns 0, or -1 with a message naming the bad token in @err.
 */
int bs_gfp_parse(const struct bs_gfp_table *t, const char *expr, uint64_t *mask,
		 char *err, size_t errlen);

#endif
