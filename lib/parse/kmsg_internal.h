/* SPDX-License-Identifier: MIT */
/*
 * kmsg_internal.h - what the files of the kernel-message parser share
 * (kmsg_parse.h is its public face): the open report slots, the parser's
 * state, the parsed header line, and the functions one file calls in
 * another.  Not for use outside lib/parse/.
 * Each function says what it promises where it is defined.
 */
#ifndef BS_PARSE_KMSG_INTERNAL_H
#define BS_PARSE_KMSG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/kmsg_parse.h"
#include "parse/linejoin.h"
#include "parse/oom_parse.h"
#include "parse/parse_kinds.h"
#include "parse/prefix.h"
#include "textscan.h"

/*
 * A report gives up after this many foreign lines in a row; once every
 * zone has its buddy line only the swap and totals lines can follow, so
 * a few foreign lines end it (reports cut before their totals are common).
 */
#define FOREIGN_LIMIT 200
#define FOREIGN_LIMIT_DONE 4
#define MAX_OPEN 8
/* An OOM report stays open this many lines after its kill line, for oom_reaper's. */
#define LINGER_LIMIT 64
/* A hung-task report has no end line: its trace ends it. */
#define HUNG_FOREIGN_LIMIT 40
/* A "Mem-Info:" this many lines after a warn_alloc() report that closed without one is likely its. */
#define ORPHAN_MEMINFO_LINES 400
/* A memory-state dump without a header gives up sooner. */
#define MEMSTATE_FOREIGN_LIMIT 20
#define LINE_COPY 4096

/* Where a wrapped buddy line was cut: at its "=", or inside "10*|32768kB". */
struct buddy_wrap {
	bool want_total;
	bool have_count;
	uint64_t count;
};

enum phase {
	PH_HEAD,	/* header seen, before Mem-Info */
	PH_MEMINFO,	/* counters after "Mem-Info:" */
	PH_ZONES,	/* zone, lowmem_reserve and buddy lines */
	PH_TOTALS,	/* after "pages RAM": only totals may follow */
};

struct slot {
	bool open;
	long key;		/* printk caller id, or -1 */
	enum phase phase;
	unsigned foreign;	/* foreign lines in a row */
	bool in_irq;
	bool zone_cont;		/* last line was a zone line: continuation possible */
	int buddy_cont;		/* zone index + 1 of a buddy line cut short, or 0 */
	struct buddy_wrap wrap;	/* where that line was cut */
	bool lingering;		/* OOM: victim seen, waiting for the oom_reaper line */
	unsigned taken;		/* lines taken, for sharing lines among keyless reports */
	bool trace;		/* its call trace has begun */
	struct bs_report rep;
};

struct bs_kmsg_parser {
	bs_report_fn fn;
	void *ctx;
	unsigned pending_suppressed;
	struct bs_kmsg_leftovers left;	/* what no delivered report carries */
	char pending_vmalloc[160];	/* 3.x: the vmalloc text printed before a plain header */
	/* the last warn_alloc() report closed without its Mem-Info: a "Mem-Info:" soon after is likely its */
	bool orphan;
	enum bs_report_kind orphan_kind;
	uint64_t orphan_line, orphan_closed;
	struct slot slots[MAX_OPEN];
	struct bs_report scratch;	/* one-line reports (XFS) are built here */

	/*
	 * Mail clients and terminals break long lines, and the rest arrives
	 * without the stamp or prefix: a stamped line of a report is held
	 * until the next line says whether it goes on (see join_line()).
	 */
	bool held;
	struct bs_line held_line;
	char held_text[2 * LINE_COPY];
	char join_scratch[2 * LINE_COPY + 1];
	size_t held_raw_len;	/* physical length of the held line's last piece */
	size_t hard_width;	/* the input is cut at this column (a terminal copy), 0 unknown */
	size_t cut_len;		/* length of the first broken line */
	unsigned cut_same;	/* broken lines since of the same length */
	bool cut_mixed;		/* broken lines of different lengths seen */

	/* the prefix learned from the last header line (prefix.h) */
	struct bs_prefix prefix;
	struct slot *last_taker;	/* the report that took the last line */
	struct slot *prev_taker;	/* and the line before it */
};

/*
 * What the header line says.  It is parsed on its own first: most lines
 * with " failure" in them are not headers, and only a real one may close
 * the slot it takes and have a report set up.
 */
struct header {
	char comm[BS_NAME_LEN];
	char header_what[40];
	unsigned order;
	uint64_t mode;
	char mode_symbolic[256];
	bool has_symbolic;
	char nodemask[64];
	char cpuset[128];
	char mems_allowed[64];
	bool dot_form;
	/* vmalloc's warn_alloc() text */
	enum bs_report_kind kind;
	bool has_order;
	char vm_text[160];
	uint64_t vm_size, vm_allocated;
	bool has_vm_size, has_vm_allocated;
};

/* report_init() copies these whole: the sizes must agree with report.h */
_Static_assert(sizeof(((struct header *)0)->comm) == sizeof(((struct bs_report *)0)->comm), "comm");
_Static_assert(sizeof(((struct header *)0)->mode_symbolic) == sizeof(((struct bs_report *)0)->mode_symbolic),
	       "mode_symbolic");
_Static_assert(sizeof(((struct header *)0)->header_what) == sizeof(((struct bs_report *)0)->header_what),
	       "header_what");
_Static_assert(sizeof(((struct header *)0)->nodemask) == sizeof(((struct bs_report *)0)->nodemask), "nodemask");
_Static_assert(sizeof(((struct header *)0)->cpuset) == sizeof(((struct bs_report *)0)->cpuset), "cpuset");
_Static_assert(sizeof(((struct header *)0)->mems_allowed) == sizeof(((struct bs_report *)0)->mems_allowed),
	       "mems_allowed");

/* kmsg_parse.c: the state machine (slots, taking a line) */
bool kmsg_take_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len);
bool kmsg_has_meminfo_kind(enum bs_report_kind k);
void kmsg_slot_close(struct bs_kmsg_parser *p, struct slot *s);
struct slot *kmsg_slot_find(struct bs_kmsg_parser *p, long key);
void kmsg_parse_line(struct bs_kmsg_parser *p, const struct bs_line *l);
struct slot *kmsg_slot_latest(struct bs_kmsg_parser *p);
struct slot *kmsg_slot_open(struct bs_kmsg_parser *p, const struct bs_line *l, long key);

/* alloc_header.c: the header, CPU, cpuset and call-trace lines */
void kmsg_report_init_base(struct bs_report *r, const struct bs_line *l);
bool kmsg_parse_arm_frame(const char *t, size_t len, struct bs_frame *f);
bool kmsg_parse_frame(const char *t, size_t len, struct bs_frame *f);
bool kmsg_parse_vmalloc_header(const char *t, size_t len, struct header *h);
void kmsg_report_init(struct bs_report *r, const struct bs_line *l, const struct header *h);
bool kmsg_is_symchar(char c);
bool kmsg_parse_cpu_line(const char *t, size_t len, struct bs_report *r);
bool kmsg_parse_cpuset_line(const char *t, size_t len, struct bs_report *r);
bool kmsg_parse_header(const char *t, size_t len, struct header *h);

/* meminfo_lines.c: the Mem-Info, zone, lowmem_reserve, buddy and totals lines */
bool kmsg_parse_zone_line(const char *t, size_t len, struct bs_report *r, struct bs_zone **out);
bool kmsg_parse_lowmem_reserve(const char *t, size_t len, struct bs_zone *z);
bool kmsg_scan_node(struct bs_scan *sc, int *node);
size_t kmsg_scan_zone_name(const struct bs_scan *sc, char next);
bool kmsg_parse_totals(const char *t, size_t len, struct bs_report *r, bool *last);
bool kmsg_continue_buddy(const char *t, size_t len, struct bs_report *r, int zi, struct buddy_wrap *w);
bool kmsg_parse_buddy_line(const char *t, size_t len, struct bs_report *r, int *zi, bool *complete,
			     struct buddy_wrap *w);
bool kmsg_zones_complete(const struct bs_report *r);
bool kmsg_is_noise(const char *t, size_t len);
void kmsg_parse_zone_fields(struct bs_scan *sc, struct bs_zone *z);
bool kmsg_parse_counters(const char *t, size_t len, struct bs_report *r);

/* kmsg_share.c: lines shared among keyless reports */
bool kmsg_trace_done(const struct bs_report *r);
struct slot *kmsg_slot_for_line(struct bs_kmsg_parser *p, long key, const char *t, size_t len);

/* kmsg_openers.c: the other kinds' headers and lines, OOM reaper, memory-state fragments */
bool kmsg_absorb_vmap(struct bs_kmsg_parser *p, long key, uint64_t *size);
bool kmsg_other_header(struct bs_kmsg_parser *p, const struct bs_line *l, long key);
bool kmsg_reaper_line(struct bs_kmsg_parser *p, const char *t, size_t len);
bool kmsg_headless_oom(struct bs_kmsg_parser *p, const struct bs_line *l, long key);
bool kmsg_take_kind_line(struct bs_kmsg_parser *p, struct slot *s, const char *t, size_t len);
bool kmsg_memstate_fragment(struct bs_kmsg_parser *p, const struct bs_line *l, long key);

/* kmsg_join.c: learned prefixes and rejoined broken lines */
void kmsg_release_held(struct bs_kmsg_parser *p);
bool kmsg_normalize(struct bs_kmsg_parser *p, struct bs_line *v);
void kmsg_join_line(struct bs_kmsg_parser *p, const struct bs_line *v, bool lead_blank);

#endif
