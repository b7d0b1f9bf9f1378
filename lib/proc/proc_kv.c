// SPDX-License-Identifier: MIT
/*
 * proc_kv.c - name/value files: /proc/vmstat ("pgscan_kswapd 1234") and
 * /proc/meminfo ("MemFree:  123456 kB").  Values stay in the unit printed.
 */
#include <string.h>

#include "proc/proc_files.h"
#include "textscan.h"

/* One "name value" or "Name: value [kB]" line into @kv; false if not that shape. */
static bool kv_line(struct bs_proc_kv *kv, const char *line, size_t len)
{
	struct bs_scan sc = bs_scan_init(line, len);
	const char *name = sc.p;
	size_t n;
	uint64_t v;

	while (sc.p < sc.end && *sc.p != ' ' && *sc.p != '\t' && *sc.p != ':')
		sc.p++;
	n = (size_t)(sc.p - name);
	bs_scan_lit(&sc, ":");
	bs_scan_skip_space(&sc);
	if (!n || !bs_scan_u64(&sc, &v))
		return false;
	bs_scan_skip_space(&sc);
	bs_scan_lit(&sc, "kB");
	bs_scan_skip_space(&sc);
	if (sc.p < sc.end)
		return false;
	if (kv->n >= BS_PROC_MAX_KV) {
		kv->dropped++;
		return true;
	}
	bs_copy(kv->e[kv->n].name, sizeof(kv->e[0].name), name, n);
	kv->e[kv->n++].value = v;
	return true;
}

int bs_proc_parse_kv(struct bs_proc_kv *kv, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int before = kv->bad_lines;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		if (!eol)
			eol = end;
		n = (size_t)(eol - p);
		if (n && !kv_line(kv, p, n))
			kv->bad_lines++;
		p = eol < end ? eol + 1 : end;
	}
	return kv->bad_lines - before;
}

bool bs_proc_kv_get(const struct bs_proc_kv *kv, const char *name, uint64_t *v)
{
	for (int i = 0; i < kv->n; i++)
		if (!strcmp(kv->e[i].name, name)) {
			*v = kv->e[i].value;
			return true;
		}
	return false;
}

uint64_t bs_proc_kv_sum_prefix(const struct bs_proc_kv *kv, const char *prefix, bool *found)
{
	size_t n = strlen(prefix);
	uint64_t sum = 0;

	*found = false;
	for (int i = 0; i < kv->n; i++)
		if (!strncmp(kv->e[i].name, prefix, n)) {
			sum += kv->e[i].value;
			*found = true;
		}
	return sum;
}
