// SPDX-License-Identifier: MIT
/*
 * test_transform.c - every real report fixture, as the way to the user
 * changed it, must still give the same facts.
 *
 * MADE CASES, NOT REAL LOGS: each tests/fixtures/reports/NAME.log is read
 * into its kernel messages, which are then written back out the ways real
 * posted reports were seen to arrive: behind serial-console, Android
 * (kmsg, logcat, MediaTek), "kernel:", indent, log-level, caller-id, dmesg
 * -x and localised dmesg -T prefixes; quoted in mail ("> ", "> > ", "| ");
 * wrapped by mail clients at 72, 76 and 80 columns (trailing space kept
 * or dropped) and cut hard by an 80-column terminal; reflowed, several
 * records to a line; two reports printed at once, line by line.  Each
 * made input must parse into the same reports, field for field (times and
 * line numbers aside), as the messages written plainly.  Nothing here is
 * presented as a real log: the transforms are in this file.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "facts.h"
#include "parse/kmsg_parse.h"
#include "transform_gaps.h"

/* A growing string. */
struct buf {
	char *s;
	size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(tmp) - 1)
		n = (int)sizeof(tmp) - 1;
	buf_add(b, tmp, (size_t)n);
}

/* The kernel messages of one input, in order. */
struct msgs {
	char **line;
	size_t n, cap;
};

static void msg_collect(const struct bs_line *l, void *ctx)
{
	struct msgs *m = ctx;

	if (!l->kernel)
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 256;
		m->line = realloc(m->line, m->cap * sizeof(*m->line));
		assert_non_null(m->line);
	}
	m->line[m->n] = strndup(l->text, l->len);
	assert_non_null(m->line[m->n]);
	m->n++;
}

static void msgs_free(struct msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->line[i]);
	free(m->line);
}

/*
 * The facts of one report as text, one per line: everything the parser
 * read, but where and when (source, line numbers, stamps) and how many
 * foreign lines it skipped.
 */
static void squeeze(char *out, const char *in, size_t size)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++)
		if (*in != ' ' || (n && out[n - 1] != ' '))
			out[n++] = *in;
	/* and a trailing one, which reflowing and mail lose */
	if (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static void fingerprint(const struct bs_report *r, struct buf *b)
{
	char version[sizeof(r->version_text)], hw[sizeof(r->hardware)];

	buf_printf(b, "kind %d comm '%s' what '%s' order %u/%d mode %#" PRIx64 "/%d '%s'\n", (int)r->kind, r->comm,
		   r->header_what, r->order, r->has_order, r->mode, r->has_mode, r->mode_symbolic);
	buf_printf(b, "nodemask '%s' cpuset '%s' mems '%s' dot %d suppressed %u\n", r->nodemask, r->cpuset,
		   r->mems_allowed, r->dot_form, r->suppressed);
	/* a mail client that breaks a line at a double space drops one: runs of spaces as one */
	squeeze(version, r->version_text, sizeof(version));
	squeeze(hw, r->hardware, sizeof(hw));
	buf_printf(b, "cpu %d pid %d taint '%s' version '%s' hw '%s'\n", r->cpu, r->pid, r->taint, version, hw);
	for (int i = 0; i < r->nr_frames; i++) {
		const struct bs_frame *f = &r->frames[i];

		buf_printf(b, "frame %s [%s] +%#" PRIx64 "/%#" PRIx64 " %d %d\n", f->func, f->module, f->off, f->size,
			   f->unreliable, f->in_irq);
	}
	buf_printf(b, "irq %d printer '%s' meminfo %d\n", r->irq_context, r->printer, r->has_meminfo);
	for (int i = 0; i < r->nr_counters; i++)
		buf_printf(b, "counter %s=%" PRIu64 "\n", r->counters[i].name, r->counters[i].value);
	for (int i = 0; i < r->nr_zones; i++) {
		const struct bs_zone *z = &r->zones[i];

		buf_printf(b, "zone %d %s has %#" PRIx64 " unrecl %d:", z->node, z->name, z->has, z->all_unreclaimable);
		for (int f = 0; f < BS_ZF_NR; f++)
			if (z->has & (1ull << f))
				buf_printf(b, " %" PRIu64, z->kb[f]);
		buf_printf(b, "\n reserve %d:", z->nr_lowmem_reserve);
		for (int k = 0; k < z->nr_lowmem_reserve && k < BS_MAX_NR_ZONE_IDX; k++)
			buf_printf(b, " %" PRIu64, z->lowmem_reserve[k]);
		buf_printf(b, "\n buddy %d orders %d types %d total %" PRIu64 "/%d:", z->buddy.present,
			   z->buddy.nr_orders, z->buddy.has_types, z->buddy.total_kb, z->buddy.has_total);
		for (int k = 0; k < z->buddy.nr_orders; k++)
			buf_printf(b, " %" PRIu64 "*%" PRIu64 "(%x)", z->buddy.nr_free[k], z->buddy.block_kb[k],
				   z->buddy.types[k]);
		buf_printf(b, "\n");
	}
	buf_printf(b, "swap %d %" PRIu64 " %" PRIu64 " cache %" PRIu64 " ram %" PRIu64 " reserved %" PRIu64
		   " highmem %" PRIu64 " pagecache %" PRIu64 " huge %u mt %d\n",
		   r->has_swap, r->free_swap_kb, r->total_swap_kb, r->swap_cache_pages, r->pages_ram,
		   r->pages_reserved, r->pages_highmem_movable, r->total_pagecache, r->hugepage_lines, r->mt_order);
	buf_printf(b, "gaps %#x\n", r->gaps);
	if (r->kind == BS_KIND_OOM || r->kind == BS_KIND_MEMCG_OOM) {
		const struct bs_oom *o = &r->oom;

		buf_printf(b, "oom order %d adj %d/%d constraint '%s' memcg '%s' task '%s' global %d kill '%s'\n",
			   o->order, o->oom_score_adj, o->has_oom_score_adj, o->constraint, o->oom_memcg,
			   o->task_memcg, o->global_oom, o->kill_message);
		buf_printf(b, "mem %d %" PRIu64 " %" PRIu64 " %" PRIu64 " memsw %d %" PRIu64 " %" PRIu64
			   " path '%s' limit_of '%s'\n",
			   o->mem.present, o->mem.usage_kb, o->mem.limit_kb, o->mem.failcnt, o->memsw.present,
			   o->memsw.usage_kb, o->memsw.limit_kb, o->memcg_path, o->memcg_limit_of);
		for (int i = 0; i < o->nr_memcg_stats; i++)
			buf_printf(b, "memcg %s=%" PRIu64 "\n", o->memcg_stats[i].name, o->memcg_stats[i].value);
		buf_printf(b, "tasks %d %d seen %" PRIu64 " rss %" PRIu64 " swap %" PRIu64 " pgt %" PRIu64 "\n",
			   o->has_tasks, o->nr_tasks, o->tasks_seen, o->sum_rss, o->sum_swapents, o->sum_pgtables);
		for (int i = 0; i < o->nr_tasks; i++)
			buf_printf(b, "task %s %" PRId64 " %" PRId64 "\n", o->tasks[i].comm, o->tasks[i].v[BS_TC_PID],
				   o->tasks[i].v[BS_TC_RSS]);
		buf_printf(b, "victim %d %d '%s' score %" PRIu64 " vm %" PRIu64 " anon %" PRIu64 " file %" PRIu64
			   " uid %d reaped %d/%d %" PRIu64 "\n",
			   o->has_victim, o->victim_pid, o->victim_comm, o->victim_score, o->victim_total_vm_kb,
			   o->victim_anon_rss_kb, o->victim_file_rss_kb, o->victim_uid, o->reaped, o->reap_failed,
			   o->reaped_anon_kb);
	}
	buf_printf(b, "ev size %" PRIu64 "/%d func '%s' text '%s' alloc %" PRIu64 " node %d slub %" PRIu64
		   " %" PRIu64 " %" PRIu64 " blocked %" PRIu64 " '%s'\n",
		   r->ev.size, r->ev.has_size, r->ev.func, r->ev.text, r->ev.vmalloc_allocated, r->ev.node,
		   r->ev.slub_slabs, r->ev.slub_objs, r->ev.slub_free, r->ev.blocked_seconds, r->ev.state);
}

/* The fingerprints of the reports of one parse. */
struct prints {
	char *p[64];
	int n;
};

static void print_collect(const struct bs_report *r, void *ctx)
{
	struct prints *ps = ctx;
	struct buf b = { 0 };

	fingerprint(r, &b);
	if (ps->n < 64)
		ps->p[ps->n++] = b.s;
	else
		free(b.s);
}

static void prints_free(struct prints *ps)
{
	for (int i = 0; i < ps->n; i++)
		free(ps->p[i]);
	ps->n = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void parse_to(const char *text, size_t len, struct prints *ps)
{
	ps->n = 0;
	assert_true(bs_kmsg_parse_buffer("made", text, len, print_collect, ps) >= 0);
}

/* Show where two fingerprints part. */
static void show_diff(const char *want, const char *got)
{
	size_t i = 0, line = 0;

	while (want[i] && want[i] == got[i]) {
		if (want[i] == '\n')
			line = i + 1;
		i++;
	}
	print_error("  want: %.*s\n  got:  %.*s\n", (int)strcspn(want + line, "\n"), want + line,
		    (int)strcspn(got + line, "\n"), got + line);
}

/* Same reports, in any order?  Prints the first difference. */
static bool same_prints(const char *what, struct prints *want, struct prints *got)
{
	qsort(want->p, (size_t)want->n, sizeof(want->p[0]), cmp_str);
	qsort(got->p, (size_t)got->n, sizeof(got->p[0]), cmp_str);
	if (want->n != got->n) {
		print_error("%s: %d reports, want %d\n", what, got->n, want->n);
		for (int i = 0; i < got->n; i++)
			print_error("  got %.*s\n", (int)strcspn(got->p[i], "\n"), got->p[i]);
		return false;
	}
	for (int i = 0; i < want->n; i++) {
		if (strcmp(want->p[i], got->p[i])) {
			print_error("%s: report %d differs\n", what, i + 1);
			show_diff(want->p[i], got->p[i]);
			return false;
		}
	}
	return true;
}

/* The fixture's kernel messages. */
static void read_messages(const char *base, struct msgs *m)
{
	char path[512];
	size_t len = 0;
	char *raw;
	struct bs_linereader *lr;

	snprintf(path, sizeof(path), "%s/tests/fixtures/reports/%s.log", srcdir(), base);
	raw = slurp(path, &len);
	assert_non_null(raw);
	memset(m, 0, sizeof(*m));
	lr = bs_linereader_alloc(base, msg_collect, m);
	assert_non_null(lr);
	bs_linereader_feed(lr, raw, len);
	bs_linereader_finish(lr);
	bs_linereader_free(lr);
	free(raw);
}

/* The messages written plainly, one a line. */
static void plain(const struct msgs *m, struct buf *b)
{
	for (size_t i = 0; i < m->n; i++) {
		buf_add(b, m->line[i], strlen(m->line[i]));
		buf_add(b, "\n", 1);
	}
}

/*
 * Prefixes, each as a real tool or vendor writes it; @i numbers the line
 * (stamps, pids and levels change from line to line as they do in logs).
 */
enum shape {
	SH_SERIAL,		/* grabserial / minicom: local time with microseconds, then dmesg */
	SH_SERIAL_BRACKET,	/* "[2024-03-14 10:00:00.123456] [ 12.3] " */
	SH_ANDROID_KMSG,	/* "<6>[ 1234.567890] [1:  kswapd0:  123] " */
	SH_LOGCAT,		/* "01-02 03:04:05.678     0     0 I kernel  : " */
	SH_MEDIATEK,		/* "[ 1234.567890] (2)[123:kworker/2:1]" */
	SH_KERNEL_STAMP,	/* "kernel: [ 12.3] " */
	SH_KERNEL,		/* "kernel: " */
	SH_INDENT1, SH_INDENT3, SH_INDENT4, SH_INDENT8, SH_TAB,
	SH_LEVEL,		/* "<4>" */
	SH_CALLER,		/* "[ 12.3][  T123] " */
	SH_CALLER_CPU,		/* "[ 12.3][    C3] " */
	SH_DMESG_X,		/* "kern  :warn  : [ 12.3] " */
	SH_DMESG_T_JA,		/* "[木  3月 14 10:00:00 2024] " */
	SH_DMESG_T_ZH,		/* "[四 3月 14 10:00:00 2024] " */
	SH_DMESG_T_DE,		/* "[Do Mär 14 10:00:00 2024] " */
	SH_DMESG_T_FR,		/* "[jeu. mars 14 10:00:00 2024] " */
	SH_QUOTE,		/* "> [ 12.3] " */
	SH_QUOTE2,		/* "> > [ 12.3] " */
	SH_BAR,			/* "| " */
	SH_SYSLOG_NOHOST,	/* "Mar 14 10:00:00 kernel: " (busybox) */
	SH_SYSLOG,		/* "Mar 14 10:00:00 db-7 kernel: " */
	SH_DMESG,		/* "[ 1234.567890] " */
	SH_NR,
};

static const char *const shape_names[] = {
	"serial", "serial-bracket", "android-kmsg", "logcat", "mediatek", "kernel-stamp", "kernel",
	"indent1", "indent3", "indent4", "indent8", "tab", "level", "caller", "caller-cpu", "dmesg-x",
	"dmesg-T-ja", "dmesg-T-zh", "dmesg-T-de", "dmesg-T-fr", "quote", "quote2", "bar", "syslog-nohost",
	"syslog", "dmesg",
};
_Static_assert(sizeof(shape_names) / sizeof(shape_names[0]) == SH_NR, "a name per shape");

static void prefix(enum shape sh, size_t i, struct buf *b)
{
	unsigned long us = 123456 + 1237 * (unsigned long)i;
	unsigned long sec = 1234 + us / 1000000;
	int cpu = (int)(i % 4), s = (int)(i % 60);

	us %= 1000000;
	switch (sh) {
	case SH_SERIAL:
		buf_printf(b, "2024-03-14 10:00:%02d.%06lu [%5lu.%06lu] ", s, us, sec, us);
		break;
	case SH_SERIAL_BRACKET:
		buf_printf(b, "[2024-03-14 10:00:%02d.%06lu] [%5lu.%06lu] ", s, us, sec, us);
		break;
	case SH_ANDROID_KMSG:
		buf_printf(b, "<%d>[%5lu.%06lu] [%d:%*s:%5d] ", i % 3 ? 6 : 4, sec, us, cpu, 11, "kswapd0", 97);
		break;
	case SH_LOGCAT:
		buf_printf(b, "03-14 10:00:%02d.%03lu     0     0 %c kernel  : ", s, us / 1000, i % 3 ? 'I' : 'W');
		break;
	case SH_MEDIATEK:
		buf_printf(b, "[%5lu.%06lu] (%d)[%zu:kworker/%d:1]", sec, us, cpu, 120 + i % 3, cpu);
		break;
	case SH_KERNEL_STAMP:
		buf_printf(b, "kernel: [%5lu.%06lu] ", sec, us);
		break;
	case SH_KERNEL:
		buf_printf(b, "kernel: ");
		break;
	case SH_INDENT1:
		buf_printf(b, " ");
		break;
	case SH_INDENT3:
		buf_printf(b, "   ");
		break;
	case SH_INDENT4:
		buf_printf(b, "    ");
		break;
	case SH_INDENT8:
		buf_printf(b, "        ");
		break;
	case SH_TAB:
		buf_printf(b, "\t");
		break;
	case SH_LEVEL:
		buf_printf(b, "<%d>", i % 3 ? 6 : 4);
		break;
	case SH_CALLER:
		buf_printf(b, "[%5lu.%06lu][  T%d] ", sec, us, 635928);
		break;
	case SH_CALLER_CPU:
		buf_printf(b, "[%5lu.%06lu][    C%d] ", sec, us, 3);
		break;
	case SH_DMESG_X:
		buf_printf(b, "kern  :%-6s: [%5lu.%06lu] ", i % 3 ? "info" : "warn", sec, us);
		break;
	case SH_DMESG_T_JA:
		buf_printf(b, "[\xe6\x9c\xa8  3\xe6\x9c\x88 14 10:00:%02d 2024] ", s);
		break;
	case SH_DMESG_T_ZH:
		buf_printf(b, "[\xe5\x9b\x9b 3\xe6\x9c\x88 14 10:00:%02d 2024] ", s);
		break;
	case SH_DMESG_T_DE:
		buf_printf(b, "[Do M\xc3\xa4r 14 10:00:%02d 2024] ", s);
		break;
	case SH_DMESG_T_FR:
		buf_printf(b, "[jeu. mars 14 10:00:%02d 2024] ", s);
		break;
	case SH_QUOTE:
		buf_printf(b, "> [%5lu.%06lu] ", sec, us);
		break;
	case SH_QUOTE2:
		buf_printf(b, "> > [%5lu.%06lu] ", sec, us);
		break;
	case SH_BAR:
		buf_printf(b, "| ");
		break;
	case SH_SYSLOG_NOHOST:
		buf_printf(b, "Mar 14 10:00:%02d kernel: ", s);
		break;
	case SH_SYSLOG:
		buf_printf(b, "Mar 14 10:00:%02d db-7 kernel: ", s);
		break;
	case SH_DMESG:
		buf_printf(b, "[%5lu.%06lu] ", sec, us);
		break;
	case SH_NR:
		break;
	}
}

static void prefixed(const struct msgs *m, enum shape sh, struct buf *b)
{
	for (size_t i = 0; i < m->n; i++) {
		prefix(sh, i, b);
		buf_add(b, m->line[i], strlen(m->line[i]));
		buf_add(b, "\n", 1);
	}
}

enum wrap_kind {
	WRAP_DROP,		/* break at a space, the space dropped (most mail clients) */
	WRAP_FLOWED,		/* break at a space, the space kept (format=flowed) */
	WRAP_HARD,		/* cut at the column, mid-word (a terminal copy) */
};

/* Write @s[0..@n) broken into lines of at most @width bytes. */
static void wrap_line(const char *s, size_t n, size_t width, enum wrap_kind k, struct buf *b)
{
	while (n > width) {
		size_t cut = width, next;

		if (k != WRAP_HARD) {
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0) {
				/* one word longer than the line: mail clients leave it whole */
				cut = width;
				while (cut < n && s[cut] != ' ')
					cut++;
				if (cut == n)
					break;
			}
		}
		next = cut;
		if (k == WRAP_FLOWED)
			cut++, next++;
		else if (k == WRAP_DROP)
			next++;
		buf_add(b, s, cut);
		buf_add(b, "\n", 1);
		s += next;
		n -= next;
	}
	buf_add(b, s, n);
	buf_add(b, "\n", 1);
}

/* dmesg lines ("[ 1234.567890] msg") wrapped at @width; @quote before each line of the mail. */
static void wrapped(const struct msgs *m, size_t width, enum wrap_kind k, const char *quote, struct buf *b)
{
	struct buf line = { 0 }, out = { 0 };

	for (size_t i = 0; i < m->n; i++) {
		line.n = 0;
		buf_printf(&line, "[%5zu.%06zu] ", 1234 + i / 1000, i * 1000 % 1000000);
		buf_add(&line, m->line[i], strlen(m->line[i]));
		wrap_line(line.s, line.n, width - strlen(quote), k, &out);
	}
	for (const char *p = out.s; p && *p;) {
		const char *nl = strchr(p, '\n');

		buf_add(b, quote, strlen(quote));
		buf_add(b, p, (size_t)(nl - p + 1));
		p = nl + 1;
	}
	free(line.s);
	free(out.s);
}

/* Several dmesg records on one line, as a web form that lost the newlines leaves them. */
static void reflowed(const struct msgs *m, size_t per_line, enum shape sh, struct buf *b)
{
	for (size_t i = 0; i < m->n; i++) {
		prefix(sh, i, b);
		buf_add(b, m->line[i], strlen(m->line[i]));
		buf_add(b, (i + 1) % per_line && i + 1 < m->n ? " " : "\n", 1);
	}
}

struct fixture {
	char name[128];
	struct msgs m;
	struct prints want;
};

static void fixture_load(struct fixture *fx)
{
	struct buf b = { 0 };

	read_messages(fx->name, &fx->m);
	plain(&fx->m, &b);
	parse_to(b.s ? b.s : "", b.n, &fx->want);
	free(b.s);
}

static void fixture_free(struct fixture *fx)
{
	msgs_free(&fx->m);
	prints_free(&fx->want);
}

/*
 * A made case that failed: 1, unless it is a known gap (printed).  A
 * known gap that passes is printed too, to be removed from the list.
 */
static int outcome(const char *fixture, const char *how, bool ok)
{
	for (size_t i = 0; i < sizeof(transform_gaps) / sizeof(transform_gaps[0]); i++) {
		/* "*": every made case of the fixture */
		if (strcmp(transform_gaps[i].fixture, fixture) ||
		    (strcmp(transform_gaps[i].how, how) && strcmp(transform_gaps[i].how, "*")))
			continue;
		/* a "*" entry stands for the fixture's whole plain rendering: its passing cases are expected */
		if (ok && !strcmp(transform_gaps[i].how, "*"))
			return 0;
		if (ok)
			print_message("KNOWN GAP NOW PASSES, remove it from transform_gaps.h: %s (%s)\n", fixture, how);
		else
			print_message("KNOWN GAP %s (%s): %s\n", fixture, how, transform_gaps[i].why);
		return 0;
	}
	return ok ? 0 : 1;
}

/* Parse @b and compare with the fixture's plain parse; counts a failure. */
static int check_made(struct fixture *fx, const char *how, struct buf *b)
{
	struct prints got = { 0 }, want = fx->want;
	char what[256];
	bool ok;

	snprintf(what, sizeof(what), "%s (%s)", fx->name, how);
	parse_to(b->s ? b->s : "", b->n, &got);
	if (getenv("BS_TRANSFORM_DUMP") && !strcmp(getenv("BS_TRANSFORM_DUMP"), how)) {
		/* to look at one made input: BS_TRANSFORM_DUMP="serial" test_transform NAME 3>made.txt */
		FILE *f = fdopen(3, "w");

		if (f) {
			fwrite(b->s, 1, b->n, f);
			fclose(f);
		}
	}
	ok = same_prints(what, &want, &got);
	prints_free(&got);
	b->n = 0;
	return outcome(fx->name, how, ok);
}

static void test_prefixes(void **state)
{
	struct fixture *fx = *state;
	struct buf b = { 0 };
	int bad = 0;

	for (int sh = 0; sh < SH_NR; sh++) {
		prefixed(&fx->m, (enum shape)sh, &b);
		bad += check_made(fx, shape_names[sh], &b);
	}
	free(b.s);
	assert_int_equal(bad, 0);
}

static void test_wrapping(void **state)
{
	static const size_t widths[] = { 72, 76, 80 };
	static const char *const kinds[] = { "space dropped", "flowed", "hard" };
	struct fixture *fx = *state;
	struct buf b = { 0 };
	char how[64];
	int bad = 0;

	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		for (int k = WRAP_DROP; k <= WRAP_HARD; k++) {
			wrapped(&fx->m, widths[w], (enum wrap_kind)k, "", &b);
			snprintf(how, sizeof(how), "wrapped at %zu, %s", widths[w], kinds[k]);
			bad += check_made(fx, how, &b);
		}
	}
	wrapped(&fx->m, 72, WRAP_DROP, "> ", &b);
	bad += check_made(fx, "quoted, wrapped at 72", &b);
	wrapped(&fx->m, 76, WRAP_FLOWED, "> > ", &b);
	bad += check_made(fx, "quoted twice, wrapped at 76, flowed", &b);
	reflowed(&fx->m, 3, SH_DMESG, &b);
	bad += check_made(fx, "three records a line", &b);
	reflowed(&fx->m, 4, SH_KERNEL_STAMP, &b);
	bad += check_made(fx, "four \"kernel:\" records a line", &b);
	reflowed(&fx->m, 3, SH_SYSLOG, &b);
	bad += check_made(fx, "three syslog records a line", &b);
	reflowed(&fx->m, 2, SH_SYSLOG_NOHOST, &b);
	bad += check_made(fx, "two host-less syslog records a line", &b);
	free(b.s);
	assert_int_equal(bad, 0);
}

#define MAX_FIXTURES 128

static struct fixture fixtures[MAX_FIXTURES];
static size_t nr_fixtures;

static void add_line(struct buf *b, const char *line)
{
	buf_add(b, line, strlen(line));
	buf_add(b, "\n", 1);
}

/* Parse @b, compare with the reports of @x and @y together; true when equal. */
static bool check_pair(const char *what, struct buf *b, const struct fixture *x, const struct fixture *y)
{
	struct prints want = { 0 }, got = { 0 };
	bool ok;

	for (int k = 0; k < x->want.n; k++)
		want.p[want.n++] = strdup(x->want.p[k]);
	for (int k = 0; k < y->want.n && want.n < 64; k++)
		want.p[want.n++] = strdup(y->want.p[k]);
	parse_to(b->s ? b->s : "", b->n, &got);
	ok = same_prints(what, &want, &got);
	prints_free(&want);
	prints_free(&got);
	b->n = 0;
	return ok;
}

/*
 * Two CPUs printing at once, without caller ids.  The same failure on two
 * CPUs, line by line (the data tell the copies apart: a second
 * "active_anon:" is the other one's), and another report printed in the
 * middle of a Mem-Info, or right after the header (as the real 4.13
 * vmalloc fixture has it): the report around it must come out whole.
 */
/*
 * The report printed into the others: the seed's CentOS 7 failure, a
 * whole warn_alloc() with its Mem-Info (and for the seed itself, the
 * 6.7 atlantic one), so that adding fixtures does not change the pairs.
 */
static struct fixture *partner(const struct fixture *a)
{
	const char *want = strcmp(a->name, "seed-ceph-centos7") ? "seed-ceph-centos7" : "x86_64-atlantic-order5-6.7";

	for (size_t i = 0; i < nr_fixtures; i++)
		if (!strcmp(fixtures[i].name, want))
			return &fixtures[i];
	return &fixtures[0];
}

static void test_interleaved(void **state)
{
	struct fixture *a = *state, *o = partner(a);
	struct buf b = { 0 };
	char what[300], how[200];
	size_t at = 1;
	int bad = 0;

	for (size_t i = 0; i < a->m.n; i++) {
		add_line(&b, a->m.line[i]);
		add_line(&b, a->m.line[i]);
	}
	snprintf(what, sizeof(what), "%s twice, line by line", a->name);
	bad += outcome(a->name, "twice, line by line", check_pair(what, &b, a, a));

	for (size_t i = 0; i < a->m.n; i++)
		if (strstr(a->m.line[i], "Mem-Info:")) {
			at = i + 3 < a->m.n ? i + 3 : i + 1;
			break;
		}
	for (size_t i = 0; i < a->m.n; i++) {
		if (i == at)
			for (size_t j = 0; j < o->m.n; j++)
				add_line(&b, o->m.line[j]);
		add_line(&b, a->m.line[i]);
	}
	snprintf(what, sizeof(what), "%s inside %s's Mem-Info", o->name, a->name);
	snprintf(how, sizeof(how), "inside: %s", o->name);
	bad += outcome(a->name, how, check_pair(what, &b, a, o));

	for (size_t i = 0; i < a->m.n; i++) {
		add_line(&b, a->m.line[i]);
		if (i == 0)
			for (size_t j = 0; j < o->m.n; j++)
				add_line(&b, o->m.line[j]);
	}
	snprintf(what, sizeof(what), "%s after %s's first line", o->name, a->name);
	snprintf(how, sizeof(how), "after first line: %s", o->name);
	bad += outcome(a->name, how, check_pair(what, &b, a, o));
	free(b.s);
	assert_int_equal(bad, 0);
}

int main(int argc, char **argv)
{
	static struct CMUnitTest tests[3 * MAX_FIXTURES];
	static char names[3 * MAX_FIXTURES][160];
	char dir[512];
	size_t n = 0;
	DIR *d;
	struct dirent *de;
	int rc;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/reports", srcdir());
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	while ((de = readdir(d)) && nr_fixtures < MAX_FIXTURES) {
		size_t l = strlen(de->d_name);

		if (l < 5 || strcmp(de->d_name + l - 4, ".log"))
			continue;
		/* one fixture on the command line: just that one */
		if (argc > 1 && strncmp(de->d_name, argv[1], strlen(argv[1])))
			continue;
		snprintf(fixtures[nr_fixtures].name, sizeof(fixtures[0].name), "%.*s", (int)(l - 4), de->d_name);
		nr_fixtures++;
	}
	closedir(d);
	if (!nr_fixtures) {
		fprintf(stderr, "no fixtures in %s\n", dir);
		return 1;
	}
	qsort(fixtures, nr_fixtures, sizeof(fixtures[0]), (int (*)(const void *, const void *))strcmp);
	for (size_t i = 0; i < nr_fixtures; i++)
		fixture_load(&fixtures[i]);
	for (size_t i = 0; i < nr_fixtures; i++) {
		snprintf(names[n], sizeof(names[n]), "prefixes %.120s", fixtures[i].name);
		tests[n] = (struct CMUnitTest){ names[n], test_prefixes, NULL, NULL, &fixtures[i] };
		n++;
		snprintf(names[n], sizeof(names[n]), "wrapping %.120s", fixtures[i].name);
		tests[n] = (struct CMUnitTest){ names[n], test_wrapping, NULL, NULL, &fixtures[i] };
		n++;
		snprintf(names[n], sizeof(names[n]), "interleaved %.120s", fixtures[i].name);
		tests[n] = (struct CMUnitTest){ names[n], test_interleaved, NULL, NULL, &fixtures[i] };
		n++;
	}
	rc = _cmocka_run_group_tests("transform", tests, n, NULL, NULL);
	for (size_t i = 0; i < nr_fixtures; i++)
		fixture_free(&fixtures[i]);
	return rc;
}
