// SPDX-License-Identifier: MIT
#include "report.h"

#include <string.h>

struct bs_zone *bs_report_zone(struct bs_report *r, int node, const char *name)
{
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	return NULL;
}

const struct bs_zone *bs_report_zone_const(const struct bs_report *r, int node, const char *name)
{
	return bs_report_zone((struct bs_report *)r, node, name);
}

int64_t bs_report_counter(const struct bs_report *r, const char *name)
{
	for (int i = 0; i < r->nr_counters; i++)
		if (!strcmp(r->counters[i].name, name))
			return (int64_t)r->counters[i].value;
	return -1;
}

uint64_t bs_report_page_kb(const struct bs_report *r)
{
	for (int i = 0; i < r->nr_zones; i++)
		if (r->zones[i].buddy.present && r->zones[i].buddy.block_kb[0])
			return r->zones[i].buddy.block_kb[0];
	return 0;
}
