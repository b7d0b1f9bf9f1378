/* SPDX-License-Identifier: MIT */
/*
 * internal.h - every module header of the library, for the CLI and the
 * tests, which are built with -Ilib and see the structs whole.  A program
 * embedding the library includes <buddyscope.h> alone.
 *
 *   explain.h    logs in, grouped failures out
 *   analysis/results.h  every group analysed once, for the renderers to walk
 *   fileio.h     whole files and the kernel log, in and out of directory layouts
 *   analysis.h   one report analysed: era, decode, replay, verdict, advice
 *   gfp.h        GFP flags of every sampled kernel: decode, encode, print
 *   gfp_query.h  one mask on one kernel: what it asks of the allocator
 *   kernel_era.h a kernel version resolved to its GFP table and allocator rules
 *   kversion.h   kernel version strings as logs print them
 *   rules.h      the allocator's per-era rules
 *   status.h     the live (or snapshot) memory state, per zone and order
 *   snapshot.h   save the files status reads
 *   trace.h      failing allocations and stalls from tracepoints, live or recorded
 *   render/gfp_out.h  the words and JSON of a GFP answer
 */
#ifndef BS_INTERNAL_H
#define BS_INTERNAL_H

#include <buddyscope.h>

#include "analysis/analysis.h"
#include "analysis/results.h"
#include "explain.h"
#include "exporter.h"
#include "proc/fileio.h"
#include "follow.h"
#include "input/input.h"
#include "kernel/gfp.h"
#include "kernel/gfp_query.h"
#include "kernel/kernel_era.h"
#include "kernel/kversion.h"
#include "render/gfp_out.h"
#include "render/html.h"
#include "kernel/rules.h"
#include "proc/snapshot.h"
#include "proc/snapshot_archive.h"
#include "analysis/status.h"
#include "trace.h"

#endif
