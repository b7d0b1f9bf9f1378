/* SPDX-License-Identifier: MIT */
/*
 * buddyscope.h - the public interface of libbuddyscope.
 *
 * The library reads kernel logs and /proc state, replays the page
 * allocator's decisions for the exact kernel version and says why an
 * allocation failed.  It never prints diagnostics and never exits; the
 * functions return 0, or -1 / NULL on failure, as each header states.
 *
 *   explain.h    logs in, grouped and analysed failures out
 *   exporter.h   Prometheus metrics of one scrape; reports counted from the log
 *   follow.h     the kernel log followed as it grows
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
 */
#ifndef BUDDYSCOPE_H
#define BUDDYSCOPE_H

#define BUDDYSCOPE_VERSION "0.1.0"

#include "analysis.h"
#include "explain.h"
#include "exporter.h"
#include "fileio.h"
#include "follow.h"
#include "gfp.h"
#include "gfp_query.h"
#include "kernel_era.h"
#include "kversion.h"
#include "rules.h"
#include "snapshot.h"
#include "status.h"
#include "trace.h"

#endif
