// SPDX-License-Identifier: MIT
/*
 * trace_decode.c - ring-buffer pages into bs_tev, through libtraceevent.
 *
 * Nothing here assumes a layout: every field is found by name in the
 * event's format file, as the recording kernel wrote it, so a 6.1 or 6.12
 * recording decodes with the same code as one from this machine.  Where
 * kernels differ (mm_page_alloc has `pfn` from 4.x on and `page` before;
 * compaction statuses are an enum that was renumbered) the format says
 * which, and the decoder follows it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "trace/trace_lib.h"

/* Where a format field lands in a bs_tev. */
enum slot { S_NONE, S_ORDER, S_GFP, S_VAL, S_A, S_B, S_C, S_PFN, S_PAGE };

struct field_want {
	const char *name;
	enum slot slot;
	bool required;
};

#define MAX_WANT 7

struct event_desc {
	struct bs_tev_info info;
	struct field_want want[MAX_WANT];
};

/*
 * The events, their fields, and what each is for.  Fields named as in
 * include/trace/events/{kmem,vmscan,compaction}.h of v6.18; older names
 * are listed as alternatives where they differ (the first found wins).
 */
static const struct event_desc events[BS_TEV_NR_KINDS] = {
	[BS_TEV_PAGE_ALLOC] = { { "kmem", "mm_page_alloc", "failed page allocations (no page)" },
		{ { "pfn", S_PFN, false }, { "page", S_PAGE, false }, { "order", S_ORDER, true },
		  { "gfp_flags", S_GFP, true }, { "migratetype", S_A, true } } },
	[BS_TEV_EXTFRAG] = { { "kmem", "mm_page_alloc_extfrag", "fallbacks that steal from another migratetype" },
		{ { "alloc_order", S_ORDER, true }, { "fallback_order", S_A, true },
		  { "fallback_migratetype", S_B, true }, { "alloc_migratetype", S_C, true },
		} },
	[BS_TEV_DR_BEGIN] = { { "vmscan", "mm_vmscan_direct_reclaim_begin", "direct reclaim stalls (begin)" },
		{ { "order", S_ORDER, true }, { "gfp_flags", S_GFP, false } } },
	[BS_TEV_DR_END] = { { "vmscan", "mm_vmscan_direct_reclaim_end", "direct reclaim stalls (end)" },
		{ { "nr_reclaimed", S_VAL, true } } },
	[BS_TEV_MEMCG_BEGIN] = { { "vmscan", "mm_vmscan_memcg_reclaim_begin", "memcg limit reclaim stalls (begin)" },
		{ { "order", S_ORDER, true }, { "gfp_flags", S_GFP, false } } },
	[BS_TEV_MEMCG_END] = { { "vmscan", "mm_vmscan_memcg_reclaim_end", "memcg limit reclaim stalls (end)" },
		{ { "nr_reclaimed", S_VAL, true } } },
	[BS_TEV_KSWAPD_WAKE] = { { "vmscan", "mm_vmscan_kswapd_wake", "kswapd starts balancing a node" },
		{ { "nid", S_A, true }, { "order", S_ORDER, true } } },
	[BS_TEV_KSWAPD_SLEEP] = { { "vmscan", "mm_vmscan_kswapd_sleep", "kswapd goes back to sleep" },
		{ { "nid", S_A, true } } },
	[BS_TEV_WAKEUP_KSWAPD] = { { "vmscan", "mm_vmscan_wakeup_kswapd", "an allocation wakes kswapd" },
		{ { "nid", S_A, true }, { "zid", S_B, false }, { "order", S_ORDER, true },
		  { "gfp_flags", S_GFP, false } } },
	[BS_TEV_COMPACT_TRY] = { { "compaction", "mm_compaction_try_to_compact_pages", "direct compaction attempts" },
		{ { "order", S_ORDER, true }, { "gfp_mask", S_GFP, true }, { "prio", S_A, false } } },
	[BS_TEV_COMPACT_BEGIN] = { { "compaction", "mm_compaction_begin", "one zone's compaction run (begin)" },
		{ { "sync", S_A, false } } },
	[BS_TEV_COMPACT_END] = { { "compaction", "mm_compaction_end", "one zone's compaction run (end, status)" },
		{ { "status", S_A, false }, { "sync", S_B, false } } },
	[BS_TEV_COMPACT_DEFERRED] = { { "compaction", "mm_compaction_deferred", "compaction skipped: zone deferred" },
		{ { "nid", S_A, true }, { "idx", S_B, true }, { "order", S_ORDER, true },
		  { "defer_shift", S_C, false } } },
	[BS_TEV_COMPACT_DEFER] = { { "compaction", "mm_compaction_defer_compaction", "compaction failed: deferral grows" },
		{ { "nid", S_A, true }, { "idx", S_B, true }, { "order", S_ORDER, true },
		  { "defer_shift", S_C, false } } },
	[BS_TEV_COMPACT_DEFER_RESET] = { { "compaction", "mm_compaction_defer_reset", "compaction succeeded: deferral reset" },
		{ { "nid", S_A, true }, { "idx", S_B, true }, { "order", S_ORDER, true } } },
	[BS_TEV_KCOMPACTD_WAKE] = { { "compaction", "mm_compaction_kcompactd_wake", "kcompactd woken for an order" },
		{ { "nid", S_A, true }, { "order", S_ORDER, true } } },
};

static const struct bs_tev_info stack_info = { "ftrace", "kernel_stack", "kernel stacks (--stacks)" };

const struct bs_tev_info *bs_tev_info(enum bs_tev_kind kind)
{
	if (kind == BS_TEV_STACK)
		return &stack_info;
	return kind < BS_TEV_NR_KINDS ? &events[kind].info : NULL;
}

/* One known event as parsed from its format. */
struct known {
	int id;				/* 0 when the format was not given */
	struct tep_event *ev;
	struct tep_format_field *field[MAX_WANT];
};

struct bs_trace_decoder {
	struct bs_trace *t;
	struct bs_tracelib *lib;	/* libtraceevent, loaded at run time */
	struct tep_handle *tep;
	struct kbuffer *kbuf;
	bool have_header;
	struct known known[BS_TEV_NR_KINDS];
	struct tep_event *stack_ev;
	struct tep_format_field *stack_size, *stack_caller;
	struct trace_seq seq;
	uint64_t seen_ok_allocs;	/* unfiltered recordings: successes dropped */
};

struct bs_trace_decoder *bs_trace_decoder_alloc(struct bs_trace *t)
{
	struct bs_trace_decoder *d = calloc(1, sizeof(*d));

	char why[256];

	if (!d)
		return NULL;
	d->t = t;
	d->lib = bs_tracelib_open(false, why, sizeof(why));
	if (!d->lib) {
		free(d);
		errno = ELIBACC;
		return NULL;
	}
	d->tep = d->lib->tep_alloc();
	if (!d->tep) {
		bs_tracelib_close(d->lib);
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	d->lib->trace_seq_init(&d->seq);
	return d;
}

void bs_trace_decoder_free(struct bs_trace_decoder *d)
{
	if (!d)
		return;
	if (d->kbuf)
		d->lib->kbuffer_free(d->kbuf);
	d->lib->trace_seq_destroy(&d->seq);
	d->lib->tep_free(d->tep);
	bs_tracelib_close(d->lib);
	free(d);
}

int bs_trace_decoder_header(struct bs_trace_decoder *d, const char *buf, size_t len)
{
	char *copy = malloc(len + 1);
	int rc, commit;

	if (!copy)
		return -1;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	/* long_size 8: the recordings we read come from 64-bit kernels; the
	 * header's own "commit" field size overrides it when it says 4 */
	rc = d->lib->tep_parse_header_page(d->tep, copy, len, 8);
	free(copy);
	if (rc < 0 || d->lib->tep_get_sub_buffer_size(d->tep) <= 0) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * The page header's commit is a local_t, a long of the recording
	 * kernel.  tep_parse_header_page() does not set tep's long size, and
	 * tep_kbuffer() in libtraceevent 1.7 then assumes 4-byte longs: the
	 * events would be read from 4 bytes into the commit word, and every
	 * page decodes wrong (fields read as 0 past a short event, events
	 * lost).  Set it from the header, before the kbuffer is made.
	 */
	commit = d->lib->tep_get_header_page_size(d->tep);
	if (commit != 4 && commit != 8) {
		errno = EINVAL;
		return -1;
	}
	d->lib->tep_set_long_size(d->tep, commit);
	if (!d->kbuf)
		d->kbuf = d->lib->tep_kbuffer(d->tep);
	if (!d->kbuf) {
		errno = ENOMEM;
		return -1;
	}
	d->have_header = true;
	return 0;
}

size_t bs_trace_decoder_page_size(const struct bs_trace_decoder *d)
{
	int n = d->have_header ? d->lib->tep_get_sub_buffer_size(d->tep) : 0;

	return n > 0 ? (size_t)n : 4096;
}

/* The enum value of kind @system:@name, or -1. */
static int kind_of(const char *system, const char *name)
{
	for (int k = 0; k < BS_TEV_NR_KINDS; k++)
		if (!strcmp(events[k].info.system, system) && !strcmp(events[k].info.name, name))
			return k;
	return -1;
}

/* The value -> name list of the __print_symbolic() over field @field, or NULL. */
static struct tep_print_flag_sym *symbols_of(struct tep_print_arg *arg, const char *field)
{
	for (; arg; arg = arg->next) {
		struct tep_print_flag_sym *s = NULL;

		switch (arg->type) {
		case TEP_PRINT_SYMBOL:
			if (arg->symbol.field && arg->symbol.field->type == TEP_PRINT_FIELD &&
			    !strcmp(arg->symbol.field->field.name, field))
				return arg->symbol.symbols;
			break;
		case TEP_PRINT_OP:
			s = symbols_of(arg->op.left, field);
			if (!s)
				s = symbols_of(arg->op.right, field);
			break;
		case TEP_PRINT_TYPE:
			s = symbols_of(arg->typecast.item, field);
			break;
		default:
			break;
		}
		if (s)
			return s;
	}
	return NULL;
}

/* Learn the compaction status names this kernel prints. */
static void learn_statuses(struct bs_trace_decoder *d, struct tep_event *ev)
{
	for (struct tep_print_flag_sym *s = symbols_of(ev->print_fmt.args, "status"); s; s = s->next) {
		char *end;
		long v = strtol(s->value, &end, 0);

		if (*end == '\0')
			bs_trace_add_status_name(d->t, (int)v, s->str);
	}
}

static int bind_fields(struct bs_trace_decoder *d, int k, struct tep_event *ev)
{
	struct known *kn = &d->known[k];

	kn->ev = ev;
	kn->id = ev->id;
	for (int i = 0; i < MAX_WANT && events[k].want[i].name; i++) {
		kn->field[i] = d->lib->tep_find_field(ev, events[k].want[i].name);
		if (!kn->field[i] && events[k].want[i].required) {
			bs_trace_note(d->t, "%s:%s has no field \"%s\" on this kernel: not used",
				      ev->system, ev->name, events[k].want[i].name);
			kn->id = 0;
			bs_trace_set_available(d->t, k, false);
			errno = EINVAL;
			return -1;
		}
	}
	if (k == BS_TEV_PAGE_ALLOC && !kn->field[0] && !kn->field[1]) {
		bs_trace_note(d->t, "kmem:mm_page_alloc has neither pfn nor page: failures cannot be told apart");
		kn->id = 0;
		bs_trace_set_available(d->t, k, false);
		errno = EINVAL;
		return -1;
	}
	if (k == BS_TEV_COMPACT_END)
		learn_statuses(d, ev);
	bs_trace_set_available(d->t, k, true);
	return 0;
}

int bs_trace_decoder_format(struct bs_trace_decoder *d, const char *system,
			    const char *buf, size_t len)
{
	struct tep_event *ev = NULL;
	int k;

	if (d->lib->tep_parse_format(d->tep, &ev, buf, len, system) != 0 || !ev) {
		errno = EINVAL;
		return -1;
	}
	if (!strcmp(ev->system, "ftrace") && !strcmp(ev->name, "kernel_stack")) {
		d->stack_ev = ev;
		d->stack_size = d->lib->tep_find_field(ev, "size");
		d->stack_caller = d->lib->tep_find_field(ev, "caller");
		return 0;
	}
	k = kind_of(ev->system, ev->name);
	if (k < 0)
		return 0;
	return bind_fields(d, k, ev);
}

/* A field's value, sign-extended when the format says it is signed. */
static uint64_t field_value(const struct bs_trace_decoder *d, const struct tep_format_field *f,
			    const void *data, int size)
{
	unsigned long long v = 0;

	if (!f || f->offset < 0 || f->offset + f->size > size)
		return 0;
	if (d->lib->tep_read_number_field((struct tep_format_field *)f, data, &v) != 0)
		return 0;
	if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8) {
		unsigned bits = (unsigned)f->size * 8;
		uint64_t sign = 1ull << (bits - 1);

		v &= (1ull << bits) - 1;
		v = (v ^ sign) - sign;
	}
	return v;
}

/* The value after "@key=" in the event's own print, or -1. */
static long printed_int(struct bs_trace_decoder *d, struct tep_record *rec, const char *key)
{
	const char *p;
	size_t kl = strlen(key);

	d->lib->trace_seq_reset(&d->seq);
	d->lib->tep_print_event(d->tep, &d->seq, rec, "%s", TEP_PRINT_INFO);
	d->lib->trace_seq_terminate(&d->seq);
	for (p = d->seq.buffer; p && (p = strstr(p, key)); p += kl)
		if ((p == d->seq.buffer || p[-1] == ' ') && p[kl] == '=')
			return strtol(p + kl + 1, NULL, 10);
	return -1;
}

/* Hand the kernel's own decode of this failure's gfp_flags to the run. */
static void remember_kernel_gfp(struct bs_trace_decoder *d, struct tep_record *rec, uint64_t gfp)
{
	const char *p, *e;
	char buf[512];
	size_t n;

	d->lib->trace_seq_reset(&d->seq);
	d->lib->tep_print_event(d->tep, &d->seq, rec, "%s", TEP_PRINT_INFO);
	d->lib->trace_seq_terminate(&d->seq);
	p = d->seq.buffer ? strstr(d->seq.buffer, "gfp_flags=") : NULL;
	if (!p)
		return;
	p += strlen("gfp_flags=");
	e = strchr(p, ' ');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	bs_trace_add_kernel_gfp(d->t, gfp, buf);
}

static int decode_stack(struct bs_trace_decoder *d, unsigned cpu, const void *data, int size)
{
	uint64_t ips[64];
	size_t n = 0, max;
	long entries = (long)field_value(d, d->stack_size, data, size);
	int off = d->stack_caller->offset;

	if (off < 0 || off >= size)
		return 0;
	max = (size_t)(size - off) / 8;
	if (entries > 0 && (size_t)entries < max)
		max = (size_t)entries;
	for (size_t i = 0; i < max && n < 64; i++) {
		uint64_t ip;

		memcpy(&ip, (const char *)data + off + i * 8, 8);
		if (ip == 0 || ip == ~0ull)
			break;
		ips[n++] = ip;
	}
	return n ? bs_trace_add_stack(d->t, cpu, ips, n) : 0;
}

/* Is this mm_page_alloc a failure?  pfn == -1UL (4.x on) or page == NULL. */
static bool alloc_failed(const struct bs_trace_decoder *d, const struct known *kn,
			 const void *data, int size)
{
	if (kn->field[0]) {
		uint64_t pfn = field_value(d, kn->field[0], data, size);
		uint64_t all = kn->field[0]->size >= 8 ? ~0ull : (1ull << (kn->field[0]->size * 8)) - 1;

		return pfn == all;
	}
	return field_value(d, kn->field[1], data, size) == 0;
}

static int decode_known(struct bs_trace_decoder *d, int k, struct tep_record *rec)
{
	const struct known *kn = &d->known[k];
	struct bs_tev ev = { .ts = rec->ts, .kind = (uint16_t)k, .cpu = (uint16_t)rec->cpu, .order = -1 };

	if (k == BS_TEV_PAGE_ALLOC && !alloc_failed(d, kn, rec->data, rec->size)) {
		d->seen_ok_allocs++;
		return 0;
	}
	ev.pid = d->lib->tep_data_pid(d->tep, rec);
	for (int i = 0; i < MAX_WANT && events[k].want[i].name; i++) {
		uint64_t v;

		if (!kn->field[i])
			continue;
		v = field_value(d, kn->field[i], rec->data, rec->size);
		switch (events[k].want[i].slot) {
		case S_ORDER: ev.order = (int32_t)v; break;
		case S_GFP: ev.gfp = v; break;
		case S_VAL: ev.val = v; break;
		case S_A: ev.a = (int32_t)v; break;
		case S_B: ev.b = (int32_t)v; break;
		case S_C: ev.c = (int32_t)v; break;
		default: break;
		}
	}
	if (k == BS_TEV_EXTFRAG) {
		/* fragmenting = fallback_order < pageblock_order, which only the
		 * kernel's print knows (pageblock_order is a config constant) */
		long frag = printed_int(d, rec, "fragmenting");
		const struct tep_format_field *own = d->lib->tep_find_field(kn->ev, "change_ownership");

		ev.val = (frag > 0 ? 1 : 0) | (own && field_value(d, own, rec->data, rec->size) ? 2 : 0);
	}
	if (k == BS_TEV_PAGE_ALLOC)
		remember_kernel_gfp(d, rec, ev.gfp);
	return bs_trace_add(d->t, &ev) == 0 ? 1 : -1;
}

/*
 * kbuffer trusts the page header's commit (the bytes of events); a damaged
 * recording must not make it read past the page.  The commit word is the
 * second long of the header; its top bits are the missed-events flags.
 */
static bool commit_fits(const struct bs_trace_decoder *d, const void *page, size_t len)
{
	int lsize = d->lib->tep_get_header_page_size(d->tep);
	size_t hdr = 8 + (size_t)lsize;	/* u64 timestamp, local_t commit */
	uint32_t commit;

	if ((lsize != 4 && lsize != 8) || hdr >= len)
		return false;
	/* the low 32 bits of the word on either size (little-endian hosts) */
	memcpy(&commit, (const char *)page + 8, sizeof(commit));
	commit &= (1u << 27) - 1;
	return commit <= len - hdr;
}

int bs_trace_decoder_page(struct bs_trace_decoder *d, unsigned cpu, void *page, size_t len)
{
	unsigned long long ts;
	void *data;
	int n = 0, missed, last_off = -1;
	size_t steps = 0;

	if (!d->have_header || len < bs_trace_decoder_page_size(d)) {
		bs_trace_note(d->t, "cpu%u: a short ring-buffer page (%zu bytes): skipped", cpu, len);
		bs_trace_set_partial(d->t);
		return -1;
	}
	if (!commit_fits(d, page, len) || d->lib->kbuffer_load_subbuffer(d->kbuf, page) < 0) {
		bs_trace_note(d->t, "cpu%u: a malformed ring-buffer page: skipped", cpu);
		bs_trace_set_partial(d->t);
		return -1;
	}
	missed = d->lib->kbuffer_missed_events(d->kbuf);
	if (missed)
		bs_trace_note(d->t, "cpu%u: the ring buffer overflowed and lost %s events",
			      cpu, missed > 0 ? "some" : "an unknown number of");
	for (data = d->lib->kbuffer_read_event(d->kbuf, &ts); data; data = d->lib->kbuffer_next_event(d->kbuf, &ts)) {
		struct tep_record rec = { .ts = ts, .data = data, .cpu = (int)cpu };
		int id, k, off = d->lib->kbuffer_curr_offset(d->kbuf);

		/* a damaged length must not keep kbuffer on one spot */
		if (off <= last_off || ++steps > len) {
			bs_trace_note(d->t, "cpu%u: a ring-buffer page with a damaged event: rest of the page skipped", cpu);
			bs_trace_set_partial(d->t);
			break;
		}
		last_off = off;

		rec.size = d->lib->kbuffer_event_size(d->kbuf);
		rec.record_size = rec.size;
		if (rec.size <= 0)
			continue;
		id = d->lib->tep_data_type(d->tep, &rec);
		if (d->stack_ev && id == d->stack_ev->id && d->stack_caller) {
			if (decode_stack(d, cpu, data, rec.size) < 0)
				return -1;
			continue;
		}
		for (k = 0; k < BS_TEV_NR_KINDS; k++)
			if (d->known[k].id && d->known[k].id == id)
				break;
		if (k == BS_TEV_NR_KINDS)
			continue;
		switch (decode_known(d, k, &rec)) {
		case -1:
			return -1;
		case 1:
			n++;
			break;
		}
	}
	return n;
}

/* "common_pid == P" / "comm == \"X\"" for the task options, appended. */
static void task_filter(const struct bs_trace_opts *o, char *buf, size_t len, size_t *pos)
{
	int w = 0;

	if (o->pid > 0)
		w = snprintf(buf + *pos, len - *pos, "%scommon_pid == %d", *pos ? " && " : "", o->pid);
	else if (o->comm)
		w = snprintf(buf + *pos, len - *pos, "%scomm == \"%s\"", *pos ? " && " : "", o->comm);
	if (w > 0)
		*pos += (size_t)w < len - *pos ? (size_t)w : len - *pos - 1;
}

/* Whether @k runs in the allocating task (so --pid/--comm apply to it). */
static bool in_task_context(int k)
{
	return k != BS_TEV_KSWAPD_WAKE && k != BS_TEV_KSWAPD_SLEEP && k != BS_TEV_KCOMPACTD_WAKE;
}

int bs_trace_decoder_filter(const struct bs_trace_decoder *d, enum bs_tev_kind kind,
			    const struct bs_trace_opts *opts, char *buf, size_t len)
{
	const struct known *kn;
	const char *order_field = NULL;
	size_t pos = 0;
	int w;

	if (kind >= BS_TEV_NR_KINDS || len < 2)
		return -1;
	kn = &d->known[kind];
	buf[0] = '\0';
	if (!kn->id)
		return -1;
	if (kind == BS_TEV_PAGE_ALLOC) {
		/* only failures reach the buffer: the cheap part of the design */
		if (kn->field[0])
			w = snprintf(buf, len, "pfn == %s", kn->field[0]->size >= 8 ?
				     "0xffffffffffffffff" : "0xffffffff");
		else
			w = snprintf(buf, len, "page == 0");
		if (w < 0 || (size_t)w >= len)
			return -1;
		pos = (size_t)w;
	}
	for (int i = 0; i < MAX_WANT && events[kind].want[i].name; i++)
		if (events[kind].want[i].slot == S_ORDER && kn->field[i])
			order_field = events[kind].want[i].name;
	if (opts->min_order && order_field) {
		w = snprintf(buf + pos, len - pos, "%s%s >= %u", pos ? " && " : "", order_field, opts->min_order);
		if (w < 0 || (size_t)w >= len - pos)
			return -1;
		pos += (size_t)w;
	}
	if (in_task_context(kind))
		task_filter(opts, buf, len, &pos);
	return 0;
}
