// SPDX-License-Identifier: MIT
/*
 * fuzz_proc.c - libFuzzer target for the /proc parsers and everything
 * status computes from what they return.
 *
 * Input layout: the text is split at the first two NUL bytes into
 * buddyinfo, zoneinfo and pagetypeinfo (missing parts are empty); the whole
 * input is also read as vmstat.  Properties checked:
 *  - no parser reads out of bounds or crashes, whatever the text;
 *  - every zone kept has at most BS_MAX_ORDERS orders and a name that fits;
 *  - the indices stay in the kernel's ranges: unusable 0..1000, and
 *    fragmentation -1000 or 1000 - (1000 + free*1000/requested)/blocks,
 *    which is >= -500 since no block is as large as the request;
 *  - analysis and both renderers run on whatever was parsed;
 *  - status --what-if, one setting a run (marks recomputed from the managed pages read, which
 *    may be 0 or huge; reserves with a ratio of 0, 1 and INT_MAX; another
 *    era) runs too, names at most the zones read and says why when it
 *    could not replay.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/proc_files.h"
#include "analysis/status.h"
#include "analysis/status_whatif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_zones(const struct bs_status *s)
{
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];

		if (z->pz->nr_orders > BS_MAX_ORDERS || strlen(z->pz->name) >= sizeof(z->pz->name))
			abort();
		for (int o = 0; o < z->pz->nr_orders; o++) {
			if (z->frag_index[o] != -1000 && (z->frag_index[o] < -500 || z->frag_index[o] > 1000))
				abort();
			if (z->unusable_index[o] < 0 || z->unusable_index[o] > 1000)
				abort();
		}
	}
}

/* One of the settings, chosen by @pick, with values at the sysctls' bounds. */
static void whatif(struct bs_status *s, const struct bs_status_opts *o, size_t pick)
{
	static const char *const args[] = {
		"vm.min_free_kbytes=0", "vm.min_free_kbytes=2147483647", "vm.watermark_scale_factor=3000",
		"vm.lowmem_reserve_ratio=0,1,2147483647", "rule=4.4", "compact", "vm.extfrag_threshold=0",
		"vm.watermark_scale_factor=1",
	};
	struct bs_whatif_setting w[1];
	char err[160];
	int n = 0;

	if (bs_whatif_parse(args[pick % (sizeof(args) / sizeof(args[0]))], &w[n], err, sizeof(err)) == 0)
		n++;
	else
		abort();
	s->whatif = bs_status_whatif(s, o, w, n);
	for (int i = 0; s->whatif && i < s->whatif->nr; i++) {
		if (s->whatif->r[i].nr_zones > s->nr_z)
			abort();
		if (!s->whatif->r[i].computed && !s->whatif->r[i].why_not)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *part[3];
	size_t len[3];
	struct bs_status *s = bs_status_alloc();
	struct bs_status_opts o = { .root = "/nonexistent" };
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	if (!s)
		return 0;
	for (int i = 0; i < 3; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

		part[i] = p;
		len[i] = nul ? (size_t)(nul - p) : (size_t)(end - p);
		p = nul ? nul + 1 : end;
	}
	bs_proc_parse_buddyinfo(&s->pz, part[0], len[0]);
	bs_proc_parse_zoneinfo(&s->pz, part[1], len[1]);
	bs_proc_parse_pagetypeinfo(&s->pz, part[2], len[2]);
	bs_proc_parse_kv(&s->vmstat, (const char *)data, size);
	s->has_buddyinfo = s->has_zoneinfo = s->has_pagetypeinfo = s->has_vmstat = true;
	snprintf(s->root, sizeof(s->root), "%s", o.root);
	s->snapshot = true;
	bs_status_analyze(s, &o);
	check_zones(s);
	whatif(s, &o, size ? data[size - 1] + size : 0);
	f = open_memstream(&out, &outlen);
	if (f) {
		bs_status_render_text(s, f);
		bs_status_render_json(s, f);
		fclose(f);
	}
	free(out);
	bs_status_free(s);
	return 0;
}
