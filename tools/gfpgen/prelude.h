/* SPDX-License-Identifier: MIT */
/*
 * prelude.h - the handful of kernel-wide macros that gfp.h, gfp_types.h and
 * the trace headers use, so that the headers' own #define lines can be
 * preprocessed and evaluated outside a kernel build.  Written for gfpgen;
 * nothing here is taken from the kernel.
 *
 * gfpgen force-includes this file first, then a per-run file that defines
 * CONFIG_FOO to 1 for each option switched on and BS_EN_CONFIG_FOO to 0 or 1
 * for every option the headers mention.
 */
#ifndef BS_GFPGEN_PRELUDE_H
#define BS_GFPGEN_PRELUDE_H

/* sparse annotations vanish in a normal compile */
#define __force
#define __bitwise
#define __user
#define __iomem

/* x86_64: the only architecture facts the headers test */
#define BITS_PER_LONG	64

#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))

/* IS_ENABLED(CONFIG_FOO) reads the per-run BS_EN_CONFIG_FOO (0 or 1). */
#define IS_ENABLED(option)	BS_EN_##option
#define IS_BUILTIN(option)	BS_EN_##option
#define IS_REACHABLE(option)	BS_EN_##option

#define BS_STR1(x)	#x
#define __stringify(x)	BS_STR1(x)

#endif
