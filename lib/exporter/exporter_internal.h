/* SPDX-License-Identifier: MIT */
/*
 * exporter_internal.h - what the exporter's files share and nobody else needs.
 */
#ifndef BS_EXPORTER_INTERNAL_H
#define BS_EXPORTER_INTERNAL_H

#include "exporter.h"
#include "render/prom.h"

/* The kernel-log families of @c on @w.  0, or -1 (ENOMEM). */
int bs_report_counter_write(struct bs_report_counter *c, struct bs_prom *w);

/* Read what is pending, then the --trace families on @w.  0, or -1 (ENOMEM). */
int bs_exporter_trace_write(struct bs_exporter_trace *x, struct bs_prom *w);

#endif
