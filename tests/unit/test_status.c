// SPDX-License-Identifier: MIT
/*
 * test_status.c - status' arithmetic: the kernel's fragmentation indices
 * against the kernel's own debugfs output saved in the 6.18 fixture, the
 * watermark check per class, and a snapshot that analyses like its source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "proc/proc_layout.h"
#include "proc/snapshot.h"
#include "analysis/status.h"

#define FC "tests/fixtures/proc/x86_64-6.18-firecracker"

/* debugfs' "Node 0, zone   Normal -1.000 0.066 ..." for (@node, @zone) as thousandths; count. */
static int debugfs_row(const char *text, int node, const char *zone, int *out)
{
	char head[64];
	const char *p;
	int n = 0;

	snprintf(head, sizeof(head), "Node %d, zone %8s ", node, zone);
	p = strstr(text, head);
	if (!p)
		return -1;
	p += strlen(head);
	while (*p && *p != '\n') {
		int ip, frac, len;
		bool neg = false;

		while (*p == ' ')
			p++;
		if (*p == '\n' || !*p)
			break;
		if (*p == '-') {
			neg = true;
			p++;
		}
		if (sscanf(p, "%d.%3d%n", &ip, &frac, &len) != 2)
			return -1;
		out[n++] = (neg ? -1 : 1) * (ip * 1000 + frac);
		p += len;
	}
	return n;
}

/* Every index of every zone equals what the kernel printed for the same free lists. */
static void test_indices_equal_debugfs(void **state)
{
	struct bs_status *s = bs_status_alloc();
	struct bs_status_opts o = { .root = FC };
	char err[128];
	int want[BS_MAX_ORDERS];

	(void)state;
	assert_non_null(s);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	assert_true(s->has_extfrag_debugfs);
	assert_int_equal(s->nr_z, 3);
	for (int i = 0; i < s->nr_z; i++) {
		const struct bs_status_zone *z = &s->z[i];

		assert_int_equal(debugfs_row(s->extfrag_index_text, z->pz->node, z->pz->name, want), z->pz->nr_orders);
		for (int k = 0; k < z->pz->nr_orders; k++)
			assert_int_equal(z->frag_index[k], want[k]);
		assert_int_equal(debugfs_row(s->unusable_index_text, z->pz->node, z->pz->name, want), z->pz->nr_orders);
		for (int k = 0; k < z->pz->nr_orders; k++)
			assert_int_equal(z->unusable_index[k], want[k]);
	}
	bs_status_free(s);
}

/* The formulas by hand: 4 free order-0 pages, a request of order 1. */
static void test_index_formulas(void **state)
{
	const uint64_t four_singles[3] = { 4, 0, 0 };
	const uint64_t none[3] = { 0, 0, 0 };
	const uint64_t one_big[3] = { 0, 0, 1 };
	char b[16];

	(void)state;
	/* 1000 - (1000 + 4*1000/2) / 4 = 250: closer to "lack of memory" */
	assert_int_equal(bs_frag_index(four_singles, 3, 1), 250);
	assert_int_equal(bs_unusable_index(four_singles, 3, 1), 1000);
	assert_int_equal(bs_unusable_index(four_singles, 3, 0), 0);
	assert_int_equal(bs_frag_index(none, 3, 2), 0);
	assert_int_equal(bs_unusable_index(none, 3, 2), 1000);
	assert_int_equal(bs_frag_index(one_big, 3, 1), -1000);
	/* one order-3 block, order 4: 1000 - (1000 + 8*1000/16)/1 = -500, printed "0.-500" by debugfs */
	const uint64_t one_small[5] = { 0, 0, 0, 1, 0 };
	assert_int_equal(bs_frag_index(one_small, 5, 4), -500);
	bs_index_format(-500, b, sizeof(b));
	assert_string_equal(b, "0.-500");
	bs_index_format(-1000, b, sizeof(b));
	assert_string_equal(b, "-1.000");
	bs_index_format(66, b, sizeof(b));
	assert_string_equal(b, "0.066");
}

/*
 * The kernel's check on a plain zone (6.18 rules): order-0 against min +
 * lowmem_reserve, then a block on a usable list; GFP_ATOMIC's reserves
 * lower the mark.
 */
static void test_watermark_check(void **state)
{
	struct bs_kver v = { .major = 6, .minor = 18, .sublevel = 0, .distro_release = -1, .distro_major = -1 };
	const struct bs_rules *r = bs_rules_for(&v);
	const struct bs_gfp_table *t = bs_kver_gfp_table(&v, NULL);
	uint64_t nr_free[4] = { 100, 0, 0, 1 }, kernel = 0, atomic = 0;
	unsigned types[4] = { BS_MT_U, 0, 0, BS_MT_M };
	struct bs_wmark_zone z = { .free_pages = 108, .nr_orders = 4, .nr_free = nr_free, .types = types,
				   .page_kb = 4 };
	struct bs_wmark_result res;
	char err[64];

	(void)state;
	assert_int_equal(bs_gfp_parse(t, "GFP_KERNEL", &kernel, err, sizeof(err)), 0);
	assert_int_equal(bs_gfp_parse(t, "GFP_ATOMIC", &atomic, err, sizeof(err)), 0);
	unsigned fk = bs_rules_gfp_to_alloc_flags(r, t, kernel, 3, NULL, BS_ALLOC_WMARK_MIN);
	unsigned fa = bs_rules_gfp_to_alloc_flags(r, t, atomic, 3, NULL, BS_ALLOC_WMARK_MIN);

	/* order 3: 108 - 7 = 101 > min 90: ok, and the movable order-3 block serves unmovable too */
	assert_true(bs_zone_watermark_ok(r, &z, 3, 90, fk, true, NULL, &res));
	/* with lowmem_reserve 20 for a higher zone: 101 <= 110 */
	z.reserve = 20;
	assert_false(bs_zone_watermark_ok(r, &z, 3, 90, fk, true, NULL, &res));
	assert_int_equal(res.fail, BS_WF_ORDER0);
	/* GFP_ATOMIC may dip below min: passes where GFP_KERNEL failed */
	assert_true(bs_zone_watermark_ok(r, &z, 3, 90, fa, true, NULL, &res));
	/* no block of order >= 3 at all */
	z.reserve = 0;
	nr_free[3] = 0;
	assert_false(bs_zone_watermark_ok(r, &z, 3, 90, fk, true, NULL, &res));
	assert_int_equal(res.fail, BS_WF_NO_BLOCK);
}

/* Render @s as JSON into a malloc'd string. */
static char *json_of(const struct bs_status *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(bs_status_render_json(s, f), 0);
	fclose(f);
	return buf;
}

static char *analyse(const char *root)
{
	struct bs_status *s = bs_status_alloc();
	struct bs_status_opts o = { .root = root };
	char err[128], *j;

	assert_non_null(s);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	j = json_of(s);
	bs_status_free(s);
	return j;
}

/* A snapshot of a snapshot analyses exactly like the original. */
static void test_snapshot_roundtrip(void **state)
{
	char dir[] = "bs-snapshot-test-XXXXXX", cmd[128];	/* under the working directory */
	struct bs_snapshot_result r;
	char *a, *b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(bs_snapshot_save(FC, dir, &r), 0);
	assert_int_equal(r.failed, 0);
	assert_true(r.saved > 50);
	a = analyse(FC);
	b = analyse(dir);
	assert_string_equal(a, b);
	free(a);
	free(b);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[256], cmd[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * Every file of the one layout list (proc_layout.h), the one status reads
 * from, is in a snapshot: a root holding each of them, snapshotted, holds
 * each of them again.
 */
static void test_snapshot_saves_every_layout_file(void **state)
{
	char root[] = "bs-layout-root-XXXXXX", dir[] = "bs-layout-snap-XXXXXX", rel[256], cmd[128];
	struct bs_snapshot_result r;
	const char *const *leaves;
	size_t nr_leaves;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_non_null(mkdtemp(dir));
	leaves = bs_layout_node_leaves(&nr_leaves);
	for (int f = 0; f < BS_NR_LAYOUT_FILES; f++)
		write_file(root, bs_layout_path((enum bs_layout_file)f), "1\n");
	for (size_t i = 0; i < nr_leaves; i++) {
		snprintf(rel, sizeof(rel), "%s/node0/%s", bs_layout_dir(BS_LD_NODES), leaves[i]);
		write_file(root, rel, "10\n");
	}
	snprintf(rel, sizeof(rel), "%s/min_free_kbytes", bs_layout_dir(BS_LD_VM_SYSCTLS));
	write_file(root, rel, "67584\n");
	assert_int_equal(bs_snapshot_save(root, dir, &r), 0);
	assert_int_equal(r.failed, 0);
	for (int f = 0; f < BS_NR_LAYOUT_FILES; f++) {
		snprintf(rel, sizeof(rel), "%s/%s", dir, bs_layout_path((enum bs_layout_file)f));
		if (stat(rel, &st) < 0)
			fail_msg("%s is in the layout but not in the snapshot", bs_layout_path((enum bs_layout_file)f));
	}
	for (size_t i = 0; i < nr_leaves; i++) {
		snprintf(rel, sizeof(rel), "%s/%s/node0/%s", dir, bs_layout_dir(BS_LD_NODES), leaves[i]);
		assert_int_equal(stat(rel, &st), 0);
	}
	snprintf(rel, sizeof(rel), "%s/%s/min_free_kbytes", dir, bs_layout_dir(BS_LD_VM_SYSCTLS));
	assert_int_equal(stat(rel, &st), 0);
	assert_int_equal(r.saved, BS_NR_LAYOUT_FILES + (int)nr_leaves + 1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", root, dir);
	assert_int_equal(system(cmd), 0);
}

/* One zoneinfo zone in the 6.x shape. */
static void zoneinfo_zone(char *buf, size_t len, int node, long free)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n,
		 "Node %d, zone   Normal\n  pages free     %ld\n        boost    0\n        min      1000\n"
		 "        low      1250\n        high     1500\n        spanned  262144\n        present  262144\n"
		 "        managed  250000\n        protection: (0, 0, 0, 0)\n",
		 node, free);
}

/*
 * Three nodes with Normal only; node 0 is below its min mark, node 1 is
 * number-next but 30 away, node 2 is 20 away: the zonelist of node 0
 * falls back to node 2 first (build_zonelists()), so a GFP_KERNEL request
 * is served there; the snapshot carries the distance rows.
 */
static void test_zonelist_by_distance(void **state)
{
	char dir[] = "bs-numa-test-XXXXXX", copy[] = "bs-numa-copy-XXXXXX", zi[2048] = "", cmd[128];
	struct bs_status_opts o = { .root = dir, .gfp = "GFP_KERNEL", .order = 0 };
	struct bs_snapshot_result r;
	struct bs_status *s;
	char err[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(mkdtemp(copy));
	zoneinfo_zone(zi, sizeof(zi), 0, 900);
	zoneinfo_zone(zi, sizeof(zi), 1, 200000);
	zoneinfo_zone(zi, sizeof(zi), 2, 200000);
	write_file(dir, "proc/zoneinfo", zi);
	write_file(dir, "proc/buddyinfo",
		   "Node 0, zone   Normal    900      0      0      0      0      0      0      0      0      0      0\n"
		   "Node 1, zone   Normal      0      0      0      0      0      0      0      0      0      0    195\n"
		   "Node 2, zone   Normal      0      0      0      0      0      0      0      0      0      0    195\n");
	write_file(dir, "proc/sys/kernel/osrelease", "6.18.0\n");
	write_file(dir, "sys/devices/system/node/node0/distance", "10 30 20\n");
	write_file(dir, "sys/devices/system/node/node1/distance", "30 10 20\n");
	write_file(dir, "sys/devices/system/node/node2/distance", "20 20 10\n");
	for (int n = 0; n < 3; n++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "sys/devices/system/node/node%d/cpulist", n);
		write_file(dir, rel, "0-1\n");
	}
	/* the snapshot of it keeps the node files */
	assert_int_equal(bs_snapshot_save(dir, copy, &r), 0);
	o.root = copy;
	s = bs_status_alloc();
	assert_non_null(s);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	assert_true(s->has_distance[0] && s->has_distance[2]);
	assert_int_equal(s->distance[0][2], 20);
	assert_true(s->node_order_by_distance);
	assert_int_equal(s->nr_node_order, 3);
	assert_int_equal(s->node_order[0], 0);
	assert_int_equal(s->node_order[1], 2);
	assert_int_equal(s->node_order[2], 1);
	assert_true(s->req.ok_low);
	assert_non_null(s->req.zone);
	assert_int_equal(s->req.zone->pz->node, 2);
	bs_status_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", dir, copy);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indices_equal_debugfs),
		cmocka_unit_test(test_index_formulas),
		cmocka_unit_test(test_watermark_check),
		cmocka_unit_test(test_snapshot_roundtrip),
		cmocka_unit_test(test_snapshot_saves_every_layout_file),
		cmocka_unit_test(test_zonelist_by_distance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
