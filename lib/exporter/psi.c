// SPDX-License-Identifier: MIT
/*
 * psi.c - /proc/pressure/memory ("some avg10=0.00 avg60=0.00
 * avg300=0.00 total=1234", then "full ..."), parsed from a buffer: the
 * stall totals, in microseconds (kernel/sched/psi.c, psi_show()).
 */
#include <string.h>

#include "exporter.h"
#include "textscan.h"

/* The value of "total=" in one line of @len bytes, into *@v. */
static bool line_total(const char *line, size_t len, uint64_t *v)
{
	for (size_t i = 0; i + 6 <= len; i++) {
		if (memcmp(line + i, "total=", 6) || (i && line[i - 1] != ' '))
			continue;
		{
			struct bs_scan sc = bs_scan_init(line + i + 6, len - i - 6);

			bool ok = bs_scan_u64(&sc, v);

			bs_scan_skip_space(&sc);
			return ok && !bs_scan_left(&sc);
		}
	}
	return false;
}

int bs_psi_parse(const char *buf, size_t len, struct bs_psi *p)
{
	int bad = 0;

	memset(p, 0, sizeof(*p));
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;
		bool some = n >= 5 && !memcmp(buf, "some ", 5), full = n >= 5 && !memcmp(buf, "full ", 5);

		if (some)
			p->has_some = line_total(buf, n, &p->some_total_us);
		else if (full)
			p->has_full = line_total(buf, n, &p->full_total_us);
		if (n && ((!some && !full) || (some && !p->has_some) || (full && !p->has_full)))
			bad++;
		buf += n + (nl ? 1 : 0);
		len -= n + (nl ? 1 : 0);
	}
	return bad;
}
