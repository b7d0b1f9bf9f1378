// SPDX-License-Identifier: MIT
/*
 * fuzz_explain.c - the whole `explain` job on long, many-report inputs:
 * bs_explain_alloc, begin/feed/end for each input, then both renderers,
 * text and JSON, into memory streams.
 *
 * Input: log text; each form feed ('\f') starts another input, as when
 * several files are given (at most 8).  A hash of the first bytes picks
 * the chunk size the text is fed in, -v, and whether a year is known.
 *
 * Checked, beyond "no crash, no sanitizer report":
 *  - both renderers succeed; the JSON is one valid JSON value (strict
 *    grammar, ASCII only) and the text holds no control byte but '\n'
 *    and '\t' (a log must not drive the reader's terminal);
 *  - every report is counted once: by kind, and in a group or as overflow;
 *  - the timeline is in time order, each minute once, and counts no more
 *    reports than there were.
 *
 * The existing targets run with -max_len=65536, too short for the bugs of
 * long inputs (thousands of minutes, hundreds of groups): run this one with
 * a few MiB.  The custom mutator below grows inputs the way logs grow:
 * it repeats a run of lines with their "[ seconds.usec]" stamps moved
 * forward, swaps and drops lines, cuts a line in two, and inserts lines
 * every report kind begins or holds; otherwise libFuzzer mutates as usual.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/results.h"
#include "explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define MAX_INPUTS 8

/* ---- the oracle: a strict JSON checker ---- */

struct jp {
	const char *p, *end;
	int depth;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r'))
		j->p++;
}

static bool lit(struct jp *j, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, s, n))
		return false;
	j->p += n;
	return true;
}

static bool digits(struct jp *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static bool number(struct jp *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!digits(j))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!digits(j))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!digits(j))
			return false;
	}
	return true;
}

static bool string(struct jp *j)
{
	if (j->p >= j->end || *j->p != '"')
		return false;
	for (j->p++; j->p < j->end; j->p++) {
		unsigned char c = (unsigned char)*j->p;

		if (c == '"') {
			j->p++;
			return true;
		}
		if (c < 0x20 || c >= 0x7f)
			return false;
		if (c == '\\') {
			if (++j->p >= j->end)
				return false;
			if (*j->p == 'u') {
				for (int i = 0; i < 4; i++)
					if (++j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p))
						return false;
			} else if (!strchr("\"\\/bfnrt", *j->p)) {
				return false;
			}
		}
	}
	return false;
}

static bool value(struct jp *j);

static bool members(struct jp *j, char close, bool named)
{
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		ws(j);
		if (named) {
			if (!string(j))
				return false;
			ws(j);
			if (!lit(j, ":"))
				return false;
		}
		if (!value(j))
			return false;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		return false;
	}
}

static bool value(struct jp *j)
{
	bool ok;

	ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > 64)
			return false;
		ok = members(j, *j->p == '{' ? '}' : ']', *j->p == '{');
		j->depth--;
		return ok;
	case '"':
		return string(j);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	default:
		return number(j);
	}
}

static bool valid_json(const char *s, size_t n)
{
	struct jp j = { s, s + n, 0 };

	if (!value(&j))
		return false;
	ws(&j);
	return j.p == j.end;
}

/* ---- the target ---- */

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void feed(struct bs_explain *e, const char *name, const uint8_t *p, size_t n, size_t chunk)
{
	if (bs_explain_begin(e, name) != 0)
		abort();
	for (size_t off = 0; off < n; off += chunk)
		bs_explain_feed(e, (const char *)p + off, n - off < chunk ? n - off : chunk);
	bs_explain_end(e);
}

static void check_counts(const struct bs_explain *e)
{
	struct bs_explain_stats st;
	const struct bs_timeline_bucket *tl;
	uint64_t sum = 0, grouped;
	size_t n;

	bs_explain_get_stats(e, &st);
	for (int k = 0; k < BS_KIND_NR; k++)
		sum += st.by_kind[k];
	if (sum != st.reports)
		abort();
	grouped = st.overflow_reports;
	for (size_t i = 0; i < bs_explain_nr_groups(e); i++)
		grouped += bs_explain_group(e, i)->count;
	if (grouped != st.reports || bs_explain_nr_groups(e) > BS_MAX_GROUPS)
		abort();
	tl = bs_explain_timeline(e, &n);
	sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && tl[i - 1].wall == tl[i].wall && tl[i - 1].minute >= tl[i].minute)
			abort();
		if (i && !tl[i - 1].wall && tl[i].wall)
			abort();	/* wall-clock minutes come first */
		for (int k = 0; k < BS_KIND_NR; k++)
			sum += tl[i].n[k];
	}
	if (sum > st.reports || n > BS_MAX_TIMELINE)
		abort();
}

static void render(const struct bs_explain *e, bool verbose)
{
	struct bs_render_opts o = { .verbose = verbose, .kernel = NULL };
	struct bs_results *res = bs_explain_analyze(e, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (!res)
		abort();

	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	if (bs_explain_render_text(res, &o, f) != 0)
		abort();
	fclose(f);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\t')
			abort();
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	if (bs_explain_render_json(res, &o, f) != 0)
		abort();
	fclose(f);
	if (!valid_json(buf, len))
		abort();
	free(buf);
	bs_results_free(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t h = fnv(data, size < 64 ? size : 64);
	size_t chunk = (h & 1) ? size + 1 : 1 + (size_t)(h >> 8) % 65536;
	struct bs_explain *e = bs_explain_alloc();
	const uint8_t *p = data, *end = data + size;
	char name[16];
	int nr = 0;

	if (!e)
		return 0;
	if (h & 2)
		bs_explain_set_year(e, 2019 + (int)((h >> 4) & 7), (h & 4) != 0);
	while (p < end || nr == 0) {
		const uint8_t *ff = nr < MAX_INPUTS - 1 ? memchr(p, '\f', (size_t)(end - p)) : NULL;
		const uint8_t *stop = ff ? ff : end;

		snprintf(name, sizeof(name), "in%d", nr++);
		feed(e, name, p, (size_t)(stop - p), chunk);
		p = ff ? ff + 1 : end;
	}
	check_counts(e);
	render(e, (h & 8) != 0);
	bs_explain_free(e);
	return 0;
}

/* ---- the mutator ---- */

static const char *const lines[] = {
	"kworker/u8:2: page allocation failure: order:4, mode:0x40c40(GFP_NOFS|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0\n",
	"swapper/0: page allocation failure: order:0, mode:0x20\n",
	"sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n",
	"java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n",
	"warn_alloc: 3 callbacks suppressed\n",
	"Mem-Info:\n",
	"active_anon:1 inactive_anon:2 isolated_anon:0\n active_file:3 inactive_file:4 isolated_file:0\n free:5 free_pcp:6 free_cma:0\n",
	"Node 0 DMA free:15908kB min:64kB low:80kB high:96kB present:15992kB managed:15908kB\n",
	"Node 0 Normal free:44620kB min:44668kB low:55832kB high:67000kB active_anon:1kB present:16777216kB managed:16369292kB\n",
	"lowmem_reserve[]: 0 3000 15000 15000\n",
	"Node 0 Normal: 1*4kB (U) 2*8kB (UM) 3*16kB (E) 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 68kB\n",
	"Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB\n",
	"CPU: 3 PID: 1234 Comm: kworker/3:1 Not tainted 5.10.0-8-amd64 #1 Debian 5.10.46-4\n",
	"Call Trace:\n dump_stack+0x6b/0x83\n warn_alloc.cold+0x7b/0xdf\n __alloc_pages_slowpath.constprop.0+0xd5d/0xd90\n",
	"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=x,pid=651,uid=0\n",
	"Out of memory: Killed process 651 (x) total-vm:1000kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:104kB oom_score_adj:0\n",
	"oom_reaper: reaped process 651 (x), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n",
	"memory: usage 31211520kB, limit 31211520kB, failcnt 83420\n",
	"SLUB: Unable to allocate memory on node -1, gfp=0x20(GFP_ATOMIC)\n",
	"XFS: possible memory allocation deadlock in kmem_alloc (mode:0x250)\n",
	"INFO: task khugepaged:47 blocked for more than 120 seconds.\n",
	"vmalloc: allocation failure: 4096 bytes, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n",
	"Dec  5 10:00:00 host kernel: [ 100.000000] ",
	"2026-12-05T10:00:00.123456+00:00 host kernel: ",
	"\f",
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Start of the line holding @off. */
static size_t line_start(const uint8_t *d, size_t off)
{
	while (off && d[off - 1] != '\n')
		off--;
	return off;
}

/* Just past the @n-th newline from @off (or the end). */
static size_t lines_end(const uint8_t *d, size_t size, size_t off, size_t n)
{
	while (off < size && n) {
		const uint8_t *nl = memchr(d + off, '\n', size - off);

		off = nl ? (size_t)(nl - d) + 1 : size;
		n--;
	}
	return off;
}

/*
 * Append @src[0..n) to @out at *@len (cap @max), with every "[ seconds."
 * stamp moved @shift seconds on.  False when it would not fit.
 */
static bool put_shifted(uint8_t *out, size_t *len, size_t max, const uint8_t *src, size_t n, uint64_t shift)
{
	size_t i = 0;

	while (i < n) {
		if (src[i] == '[' && shift) {
			size_t j = i + 1;
			uint64_t v = 0;
			char num[32];
			int w;

			while (j < n && src[j] == ' ')
				j++;
			if (j < n && src[j] >= '0' && src[j] <= '9') {
				size_t k = j;

				while (k < n && k - j < 12 && src[k] >= '0' && src[k] <= '9')
					v = v * 10 + (uint64_t)(src[k++] - '0');
				if (k < n && src[k] == '.') {
					w = snprintf(num, sizeof(num), "[%5llu", (unsigned long long)(v + shift));
					if (*len + (size_t)w > max)
						return false;
					memcpy(out + *len, num, (size_t)w);
					*len += (size_t)w;
					i = k;
					continue;
				}
			}
		}
		if (*len + 1 > max)
			return false;
		out[(*len)++] = src[i++];
	}
	return true;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	uint64_t s = seed | ((uint64_t)seed << 32) | 1;
	unsigned op = (unsigned)(rnd(&s) % 10);

	if (op < 5 || size == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	if (op == 5) {		/* repeat a run of lines, each copy later in time */
		size_t a = line_start(data, (size_t)(rnd(&s) % size));
		size_t b = lines_end(data, size, a, 1 + (size_t)(rnd(&s) % 120));
		size_t copies = 1 + (size_t)(rnd(&s) % 300), len = size;
		static const uint64_t steps[] = { 0, 1, 30, 60, 61, 3600 };
		uint64_t step = steps[rnd(&s) % 6];
		uint8_t *run = malloc(b - a);

		if (!run)
			return size;
		memcpy(run, data + a, b - a);
		for (size_t c = 1; c <= copies; c++)
			if (!put_shifted(data, &len, max_size, run, b - a, step * c))
				break;
		free(run);
		return len;
	}
	if (op == 6) {		/* swap two lines: reports interleave */
		size_t a = line_start(data, (size_t)(rnd(&s) % size)), ae = lines_end(data, size, a, 1);
		size_t b = line_start(data, (size_t)(rnd(&s) % size)), be = lines_end(data, size, b, 1);
		uint8_t *tmp;

		if (b < a) {
			size_t t = a, te = ae;

			a = b, ae = be, b = t, be = te;
		}
		if (ae > b || ae == a || be == b)
			return size;
		tmp = malloc(be - a);
		if (!tmp)
			return size;
		memcpy(tmp, data + b, be - b);
		memcpy(tmp + (be - b), data + ae, b - ae);
		memcpy(tmp + (be - b) + (b - ae), data + a, ae - a);
		memcpy(data + a, tmp, be - a);
		free(tmp);
		return size;
	}
	if (op == 7) {		/* drop a run of lines: a report cut short */
		size_t a = line_start(data, (size_t)(rnd(&s) % size));
		size_t b = lines_end(data, size, a, 1 + (size_t)(rnd(&s) % 20));

		memmove(data + a, data + b, size - b);
		return size - (b - a);
	}
	if (op == 8) {		/* cut a line in two, as a mail or a wiki wraps it */
		size_t at = (size_t)(rnd(&s) % size);

		if (size + 1 > max_size)
			return size;
		memmove(data + at + 1, data + at, size - at);
		data[at] = '\n';
		return size + 1;
	}
	{			/* insert a line some report holds */
		const char *l = lines[rnd(&s) % (sizeof(lines) / sizeof(lines[0]))];
		size_t n = strlen(l), at = line_start(data, (size_t)(rnd(&s) % size));

		if (size + n > max_size)
			return size;
		memmove(data + at + n, data + at, size - at);
		memcpy(data + at, l, n);
		return size + n;
	}
}
