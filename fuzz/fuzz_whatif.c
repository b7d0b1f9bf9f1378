// SPDX-License-Identifier: MIT
/*
 * fuzz_whatif.c - `--what-if`: the setting parser and the replays.
 *
 * The input's first line (up to 95 bytes) is parsed as a SETTING=VALUE;
 * the whole input is then explained as a log and every report replayed
 * under that setting (when it parsed) and six more whose numbers come
 * from a hash of the input, so each replay sees every report shape the
 * seeds hold, with sysctls from 0 to far beyond what machines use.
 *
 * Checked, beyond "no crash, no sanitizer report" (divisions by managed
 * pages, ratios and page sizes are the risk):
 *  - a parsed setting has a name and a NUL-ended value; a rejected one
 *    sets errno EINVAL and says why;
 *  - every replay names at most the report's zones, and a replay that was
 *    not computed says why;
 *  - the text and JSON renderers succeed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/results.h"
#include "analysis/whatif.h"
#include "explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t hash(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n && i < 256; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static int parse_first_line(const uint8_t *data, size_t size, struct bs_whatif_setting *s)
{
	char line[96], err[160];
	size_t n = 0;

	while (n < size && n < sizeof(line) - 1 && data[n] != '\n')
		n++;
	memcpy(line, data, n);
	line[n] = '\0';
	err[0] = '\0';
	if (bs_whatif_parse(line, s, err, sizeof(err)) < 0) {
		if (errno != EINVAL || !err[0])
			abort();
		return 0;
	}
	if (!s->name || strnlen(s->value, sizeof(s->value)) == sizeof(s->value))
		abort();
	return 1;
}

static void check(const struct bs_results *res)
{
	for (size_t i = 0; i < bs_results_count(res); i++) {
		const struct bs_result *r = bs_results_get(res, i);
		const struct bs_whatif_set *set = r->a ? r->a->whatif : NULL;

		for (int k = 0; set && k < set->nr; k++) {
			if (set->r[k].nr_zones > r->a->nr_zones)
				abort();
			if (!set->r[k].computed && !set->r[k].why_not)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_whatif_setting s[8];
	uint32_t h = hash(data, size);
	char args[6][64], err[160];
	int n = parse_first_line(data, size, &s[0]);
	struct bs_explain *e;
	struct bs_results *res;
	struct bs_analyze_opts ao;
	struct bs_render_opts ro = { .verbose = false, .kernel = NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(args[0], sizeof(args[0]), "vm.min_free_kbytes=%u", h % 4000000u);
	snprintf(args[1], sizeof(args[1]), "vm.watermark_scale_factor=%u", 1 + h % 10000u);
	snprintf(args[2], sizeof(args[2]), "vm.lowmem_reserve_ratio=%u %u %u %u", h % 7, (h >> 3) % 300, (h >> 11) % 40,
		 (h >> 17) % 3);
	snprintf(args[3], sizeof(args[3]), "vm.extfrag_threshold=%u", h % 1001);
	snprintf(args[4], sizeof(args[4]), "compact");
	snprintf(args[5], sizeof(args[5]), "rule=%u.%u", 2 + h % 5, (h >> 4) % 20);
	for (int i = 0; i < 6; i++)
		if (bs_whatif_parse(args[i], &s[n], err, sizeof(err)) == 0)
			n++;
	e = bs_explain_alloc();
	if (!e)
		return 0;
	if (bs_explain_begin(e, "fuzz") == 0) {
		bs_explain_feed(e, (const char *)data, size);
		bs_explain_end(e);
	}
	ao.kernel = NULL;
	ao.whatif = s;
	ao.nr_whatif = n;
	res = bs_explain_analyze(e, &ao);
	if (res) {
		check(res);
		f = open_memstream(&buf, &len);
		if (f) {
			if (bs_explain_render_json(res, &ro, f) != 0 || bs_explain_render_text(res, &ro, f) != 0)
				abort();
			fclose(f);
			free(buf);
		}
		bs_results_free(res);
	}
	bs_explain_free(e);
	return 0;
}
