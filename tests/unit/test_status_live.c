// SPDX-License-Identifier: MIT
/*
 * test_status_live.c - status on this machine: the zones it shows are
 * /proc/buddyinfo's, and its fragmentation and unusable-free indices equal
 * the kernel's own /sys/kernel/debug/extfrag files for the same free lists.
 *
 * The free lists change all the time, so the comparison reads buddyinfo,
 * then both debugfs files, then buddyinfo again, and compares only when
 * the two buddyinfo reads are identical (retrying otherwise).  Needs root
 * when debugfs is not mounted: it then mounts it on /sys/kernel/debug and
 * unmounts it afterwards.  When it cannot, it says why and fails.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <cmocka.h>

#include "proc/proc_files.h"
#include "proc/fileio.h"
#include "proc/snapshot.h"
#include "analysis/status.h"

#define DEBUGFS "/sys/kernel/debug"
#define EXTFRAG DEBUGFS "/extfrag/extfrag_index"
#define UNUSABLE DEBUGFS "/extfrag/unusable_index"
#define TRIES 200

static bool mounted_here;

static int setup(void **state)
{
	(void)state;
	if (access(EXTFRAG, R_OK) == 0)
		return 0;
	if (mount("debugfs", DEBUGFS, "debugfs", 0, NULL) < 0) {
		fprintf(stderr, "test_status_live: cannot mount debugfs on %s: %s (needs root)\n", DEBUGFS,
			strerror(errno));
		return 0;	/* the test then fails, saying so */
	}
	mounted_here = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (mounted_here && umount(DEBUGFS) < 0)
		fprintf(stderr, "test_status_live: could not unmount %s: %s\n", DEBUGFS, strerror(errno));
	return 0;
}

/* The kernel's row for zone @z in debugfs text, parsed to thousandths; count or -1. */
static int row(const char *text, const struct bs_proc_zone *z, int *out)
{
	char head[64];
	const char *p;
	int n = 0;

	snprintf(head, sizeof(head), "Node %d, zone %8s ", z->node, z->name);
	p = strstr(text, head);
	if (!p)
		return -1;
	for (p += strlen(head); *p && *p != '\n';) {
		int ip, frac, len, sign = 1;

		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			break;
		if (*p == '-') {
			sign = -1;
			p++;
		}
		if (sscanf(p, "%d.%3d%n", &ip, &frac, &len) != 2)
			return -1;
		out[n++] = sign * (ip * 1000 + frac);
		p += len;
	}
	return n;
}

static void test_indices_equal_debugfs_live(void **state)
{
	size_t l1, l2, le, lu;
	int tries = 0, compared = 0;

	(void)state;
	if (access(EXTFRAG, R_OK) < 0)
		fail_msg("no %s: debugfs could not be mounted (not root?)", EXTFRAG);
	for (; tries < TRIES && !compared; tries++) {
		char *a = bs_read_whole("/proc/buddyinfo", &l1);
		char *e = bs_read_whole(EXTFRAG, &le);
		char *u = bs_read_whole(UNUSABLE, &lu);
		char *b = bs_read_whole("/proc/buddyinfo", &l2);
		struct bs_proc_zones *z = malloc(sizeof(*z));

		assert_non_null(a);
		assert_non_null(b);
		assert_non_null(e);
		assert_non_null(u);
		assert_non_null(z);
		if (l1 == l2 && !memcmp(a, b, l1)) {
			bs_proc_zones_init(z);
			assert_int_equal(bs_proc_parse_buddyinfo(z, a, l1), 0);
			for (int i = 0; i < z->nr; i++) {
				const struct bs_proc_zone *pz = &z->zone[i];
				int want[BS_MAX_ORDERS];

				assert_int_equal(row(e, pz, want), pz->nr_orders);
				for (int o = 0; o < pz->nr_orders; o++)
					assert_int_equal(bs_frag_index(pz->nr_free, pz->nr_orders, (unsigned)o), want[o]);
				assert_int_equal(row(u, pz, want), pz->nr_orders);
				for (int o = 0; o < pz->nr_orders; o++)
					assert_int_equal(bs_unusable_index(pz->nr_free, pz->nr_orders, (unsigned)o), want[o]);
			}
			compared = z->nr;
		}
		free(a);
		free(b);
		free(e);
		free(u);
		free(z);
	}
	if (!compared)
		fail_msg("buddyinfo changed between every pair of reads (%d tries)", TRIES);
	fprintf(stderr, "test_status_live: %d zones equal to debugfs (try %d)\n", compared, tries);
}

/* status on the live system shows exactly the zones of /proc/buddyinfo. */
static void test_live_zone_set(void **state)
{
	struct bs_status *s = bs_status_alloc();
	struct bs_status_opts o = { .root = NULL };
	struct bs_proc_zones *z = malloc(sizeof(*z));
	char err[128], *buf;
	size_t len;

	(void)state;
	assert_non_null(s);
	assert_non_null(z);
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	assert_false(s->snapshot);
	assert_true(s->has_kver);
	buf = bs_read_whole("/proc/buddyinfo", &len);
	assert_non_null(buf);
	bs_proc_zones_init(z);
	bs_proc_parse_buddyinfo(z, buf, len);
	assert_int_equal(s->nr_z, z->nr);
	for (int i = 0; i < z->nr; i++)
		assert_non_null(bs_proc_zone_find(&s->pz, z->zone[i].node, z->zone[i].name));
	for (int i = 0; i < s->nr_z; i++)
		assert_non_null(bs_proc_zone_find(z, s->z[i].pz->node, s->z[i].pz->name));
	/* every populated zone has its marks in zoneinfo */
	for (int i = 0; i < s->nr_z; i++)
		assert_true(s->z[i].pz->has & BS_PZ_MIN);
	free(buf);
	free(z);
	bs_status_free(s);
}

/*
 * `snapshot` of the running kernel: buddyinfo and debugfs' indices saved
 * as one consistent set (ours from the saved buddyinfo equal the saved
 * indices), or the note that says the lists kept moving; the node
 * distance rows come along where sysfs has them.
 */
static void test_live_snapshot(void **state)
{
	char dir[] = "bs-live-snapshot-XXXXXX", cmd[128];	/* under the working directory */
	struct bs_status_opts o = { .root = dir };
	struct bs_snapshot_result r;
	struct bs_status *s = bs_status_alloc();
	bool unstable = false;
	char err[128];
	int want[BS_MAX_ORDERS];

	(void)state;
	assert_non_null(s);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(bs_snapshot_save("/", dir, &r), 0);
	for (int i = 0; i < r.diags.nr; i++)
		unstable |= r.diags.items[i].code == BS_DIAG_UNSTABLE;
	assert_int_equal(bs_status_read(s, &o), 0);
	assert_int_equal(bs_status_analyze(s, &o, err, sizeof(err)), 0);
	if (access(EXTFRAG, R_OK) != 0)
		fail_msg("debugfs' %s is not readable: the snapshot cannot carry the indices", EXTFRAG);
	assert_true(s->has_extfrag_debugfs);
	if (unstable)
		fprintf(stderr, "test_status_live: the free lists moved through every try; the snapshot said so\n");
	for (int i = 0; i < s->nr_z && !unstable; i++) {
		const struct bs_status_zone *z = &s->z[i];

		assert_int_equal(row(s->extfrag_index_text, z->pz, want), z->pz->nr_orders);
		for (int k = 0; k < z->pz->nr_orders; k++)
			assert_int_equal(z->frag_index[k], want[k]);
		assert_int_equal(row(s->unusable_index_text, z->pz, want), z->pz->nr_orders);
		for (int k = 0; k < z->pz->nr_orders; k++)
			assert_int_equal(z->unusable_index[k], want[k]);
	}
	if (access("/sys/devices/system/node/node0/distance", R_OK) == 0) {
		assert_true(s->has_distance[0]);
		assert_int_equal(s->distance[0][0], 10);	/* LOCAL_DISTANCE */
		assert_true(s->node_order_by_distance);
		assert_int_equal(s->node_order[0], 0);
	} else {
		fprintf(stderr, "test_status_live: no /sys/devices/system/node (CONFIG_NUMA off): distances not checked\n");
	}
	bs_status_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indices_equal_debugfs_live),
		cmocka_unit_test(test_live_zone_set),
		cmocka_unit_test(test_live_snapshot),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
