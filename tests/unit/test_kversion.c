// SPDX-License-Identifier: MIT
/*
 * test_kversion.c - kernel versions as logs print them, and the GFP table
 * each one maps to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/gfp.h"
#include "kernel/kernel_era.h"
#include "kernel/kversion.h"

struct kv_case {
	const char *in;
	int major, minor, sublevel;
	enum bs_distro distro;
	int distro_release, distro_major;
	const char *release;
	const char *table;	/* expected GFP table id */
	bool exact;
};

static const struct kv_case cases[] = {
	{ "3.10.0-1160.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 1160, 7,
	  "3.10.0-1160.el7.x86_64", "3.10-rhel7-1160", true },
	{ "3.10.0-514.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 514, 7,
	  "3.10.0-514.el7.x86_64", "3.10-rhel7-514", true },
	{ "3.10.0-327.13.1.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 327, 7,
	  "3.10.0-327.13.1.el7.x86_64", "3.10-rhel7-514", true },
	/* RHEL 7.7 still says __GFP_KMEMCG; 7.4-7.6 lie between 514 and 1062 */
	{ "3.10.0-1062.el7.x86_64 #1", 3, 10, -1, BS_DISTRO_RHEL, 1062, 7,
	  "3.10.0-1062.el7.x86_64", "3.10-rhel7-1062", true },
	{ "3.10.0-693.21.1.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 693, 7,
	  "3.10.0-693.21.1.el7.x86_64", "3.10-rhel7-1062", true },
	/* 7.8 pre-releases between the ranges read: the nearest, not exact */
	{ "3.10.0-1101.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 1101, 7,
	  "3.10.0-1101.el7.x86_64", "3.10-rhel7-1160", false },
	{ "3.10.0-1127.el7.x86_64", 3, 10, -1, BS_DISTRO_RHEL, 1127, 7,
	  "3.10.0-1127.el7.x86_64", "3.10-rhel7-1160", true },
	{ "4.19.0-6-amd64", 4, 19, -1, BS_DISTRO_DEBIAN, 6, -1, "4.19.0-6-amd64", "4.19", false },
	{ "4.19.0-6-amd64 #1 SMP Debian 4.19.67-2+deb10u2", 4, 19, 67, BS_DISTRO_DEBIAN, 6, -1,
	  "4.19.0-6-amd64", "4.19", true },
	{ "5.15.0-91-generic", 5, 15, -1, BS_DISTRO_UBUNTU, 91, -1, "5.15.0-91-generic", "5.15", false },
	{ "6.1.0-13-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1", 6, 1, 55, BS_DISTRO_DEBIAN, 13, -1,
	  "6.1.0-13-cloud-amd64", "6.1", true },
	{ "4.14.186-146.268.amzn2.x86_64", 4, 14, 186, BS_DISTRO_OTHER, -1, -1,
	  "4.14.186-146.268.amzn2.x86_64", "4.14", true },
	{ "5.10.107-android13-4-00001-g1234567abcde-ab9876543", 5, 10, 107, BS_DISTRO_ANDROID, -1, -1,
	  "5.10.107-android13-4-00001-g1234567abcde-ab9876543", "5.10", true },
	{ "CPU: 3 PID: 12 Comm: kswapd0 Tainted: G        W  O      5.4.0-42-generic #46-Ubuntu",
	  5, 4, -1, BS_DISTRO_UBUNTU, 42, -1, "5.4.0-42-generic", "5.4", false },
	{ "6.1.55", 6, 1, 55, BS_DISTRO_NONE, -1, -1, "6.1.55", "6.1", true },
	{ "  6.18.44-fc-v669 \n", 6, 18, 44, BS_DISTRO_OTHER, -1, -1, "6.18.44-fc-v669", "6.18", true },
	{ "CPU: 1 PID: 7 Comm: python3.8 Not tainted 5.13.14 #5", 5, 13, 14, BS_DISTRO_NONE, -1, -1,
	  "5.13.14", "5.12", false },
	{ "4.14.35-1902.300.11.el7uek.x86_64", 4, 14, 35, BS_DISTRO_OTHER, -1, -1,
	  "4.14.35-1902.300.11.el7uek.x86_64", "4.14", true },
	{ "5.14.21-150400.24.46-default", 5, 14, 21, BS_DISTRO_SUSE, -1, -1,
	  "5.14.21-150400.24.46-default", "5.14", true },
	{ "2.6.32-754.el6.x86_64", 2, 6, 32, BS_DISTRO_RHEL, 754, 6, "2.6.32-754.el6.x86_64", "2.6.32", true },
	{ "2.6.32.71", 2, 6, 32, BS_DISTRO_NONE, -1, -1, "2.6.32.71", "2.6.32", true },
	{ "2.6.35.14", 2, 6, 35, BS_DISTRO_NONE, -1, -1, "2.6.35.14", "2.6.32", false },
	{ "4.15.0-108-generic #109-Ubuntu", 4, 15, -1, BS_DISTRO_UBUNTU, 108, -1,
	  "4.15.0-108-generic", "4.15", false },
	/* 4.14.y dropped __GFP_NOTRACK between 4.14.12 and 4.14.24 */
	{ "4.14.5", 4, 14, 5, BS_DISTRO_NONE, -1, -1, "4.14.5", "4.14.5", true },
	{ "4.14.12-1-default", 4, 14, 12, BS_DISTRO_SUSE, -1, -1, "4.14.12-1-default", "4.14.5", true },
	{ "4.14.24", 4, 14, 24, BS_DISTRO_NONE, -1, -1, "4.14.24", "4.14", true },
	{ "4.14.18", 4, 14, 18, BS_DISTRO_NONE, -1, -1, "4.14.18", "4.14", false },
	/* 5.0 still has the 4.19 layout; 5.1 shuffled the bits */
	{ "5.0.10-zb64-1bb762d31089+", 5, 0, 10, BS_DISTRO_OTHER, -1, -1, "5.0.10-zb64-1bb762d31089+", "5.0", true },
	{ "5.1.21", 5, 1, 21, BS_DISTRO_NONE, -1, -1, "5.1.21", "5.1", true },
	/* series not sampled: the layout in force before */
	{ "4.17.19", 4, 17, 19, BS_DISTRO_NONE, -1, -1, "4.17.19", "4.16", false },
	{ "4.3.6", 4, 3, 6, BS_DISTRO_NONE, -1, -1, "4.3.6", "3.18", false },
	{ "6.15.11", 6, 15, 11, BS_DISTRO_NONE, -1, -1, "6.15.11", "6.14", false },
	{ "6.17.3-arch2-1-lily #1 PREEMPT(full)", 6, 17, 3, BS_DISTRO_OTHER, -1, -1, "6.17.3-arch2-1-lily",
	  "6.18", false },
	{ "6.16.9+deb14-amd64 #1 PREEMPT(lazy)  Debian 6.16.9-1", 6, 16, 9, BS_DISTRO_DEBIAN, -1, -1,
	  "6.16.9+deb14-amd64", "6.18", false },
	{ "7.2.0", 7, 2, 0, BS_DISTRO_NONE, -1, -1, "7.2.0", "6.18", false },
	{ "5.15.0-91.101-generic #111-Ubuntu SMP Ubuntu 5.15.0-91.101-generic 5.15.131", 5, 15, 131,
	  BS_DISTRO_UBUNTU, 91, -1, "5.15.0-91.101-generic", "5.15", true },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kv_case *c = &cases[i];
		struct bs_kver v;
		const struct bs_gfp_table *t;
		bool exact;

		if (bs_kver_parse(c->in, strlen(c->in), &v) != 0)
			fail_msg("cannot parse \"%s\"", c->in);
		if (v.major != c->major || v.minor != c->minor || v.sublevel != c->sublevel ||
		    v.distro != c->distro || v.distro_release != c->distro_release ||
		    v.distro_major != c->distro_major)
			fail_msg("\"%s\": got %d.%d.%d distro %d release %d major %d", c->in, v.major,
				 v.minor, v.sublevel, (int)v.distro, v.distro_release, v.distro_major);
		assert_string_equal(v.release, c->release);
		t = bs_kver_gfp_table(&v, &exact);
		assert_non_null(t);
		if (strcmp(t->id, c->table) || exact != c->exact)
			fail_msg("\"%s\": table %s exact %d, want %s exact %d", c->in, t->id, exact,
				 c->table, c->exact);
	}
}

static void test_rejects(void **state)
{
	static const char *const bad[] = {
		"", "   ", "linux", "Comm: kworker/31:0 Tainted: G", "1.2.3", "10.1", "abc6.1.55", "6.",
		"6.x", "-6.1.5",
	};
	struct bs_kver v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bs_kver_parse(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("\"%s\" parsed as %d.%d", bad[i], v.major, v.minor);
	assert_int_equal(bs_kver_parse(NULL, 3, &v), -1);
	assert_null(bs_kver_gfp_table(NULL, NULL));
}

/* the length bounds the read: no NUL needed, nothing past @len seen */
static void test_length_bound(void **state)
{
	const char s[] = "6.1.55-rt12 trailing";
	struct bs_kver v;

	(void)state;
	assert_int_equal(bs_kver_parse(s, 4, &v), 0);
	assert_int_equal(v.major, 6);
	assert_int_equal(v.minor, 1);
	assert_string_equal(v.release, "6.1.");
	assert_int_equal(bs_kver_parse(s, 2, &v), -1);
	assert_int_equal(bs_kver_parse(s, 6, &v), 0);
	assert_int_equal(v.sublevel, 55);
}

static void test_long_input(void **state)
{
	char buf[600];
	struct bs_kver v;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	memcpy(buf + 300, " 5.10.0-28-amd64 ", 17);
	assert_int_equal(bs_kver_parse(buf, sizeof(buf), &v), 0);
	assert_int_equal(v.major, 5);
	assert_int_equal(v.minor, 10);
	assert_int_equal(strlen(v.raw), sizeof(v.raw) - 1);
}

static void test_codes(void **state)
{
	(void)state;
	assert_true(bs_kver_code(4, 4, 0) > bs_kver_code(4, 3, 255));
	assert_int_equal(bs_kver_code(6, 1, -1), bs_kver_code(6, 1, 0));
	assert_int_equal(bs_kver_code(6, 1, 300), bs_kver_code(6, 1, 255));
}

/* One call gives the GFP table and the rules together; the newest kernel is what status assumes. */
static void test_kernel_era(void **state)
{
	static const char rhel[] = "3.10.0-1160.el7.x86_64";
	static const char rhel8[] = "4.18.0-477.el8.x86_64";
	struct bs_kernel_era e;
	struct bs_kver v, newest;
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);

	(void)state;
	assert_int_equal(bs_kver_parse(rhel, strlen(rhel), &v), 0);
	assert_int_equal(bs_kernel_era(&v, &e), 0);
	assert_string_equal(e.gfp->id, "3.10-rhel7-1160");
	assert_true(e.gfp_exact);
	assert_string_equal(e.rules->id, "rhel7");
	assert_true(e.rules_hold);
	/* RHEL 8 is no RHEL 7 kernel: the upstream era of its series */
	assert_int_equal(bs_kver_parse(rhel8, strlen(rhel8), &v), 0);
	assert_int_equal(bs_kernel_era(&v, &e), 0);
	assert_int_equal(e.rules->distro, BS_DISTRO_NONE);
	assert_true(e.rules_hold);
	/* the newest sampled upstream series, no stable release implied */
	bs_kernel_newest(&newest);
	assert_int_equal(newest.sublevel, -1);
	for (size_t i = 0; i < n; i++)
		if (all[i]->distro == BS_DISTRO_NONE)
			assert_true(bs_kver_code(all[i]->major, all[i]->minor, 0) <=
				    bs_kver_code(newest.major, newest.minor, 0));
	assert_int_equal(bs_kernel_era(&newest, &e), 0);
	assert_false(e.gfp_exact);
	assert_int_equal(e.gfp->major, newest.major);
	assert_int_equal(e.gfp->minor, newest.minor);
	memset(&v, 0, sizeof(v));
	assert_int_equal(bs_kernel_era(&v, &e), -1);
	assert_null(e.gfp);
	assert_int_equal(bs_kernel_era(NULL, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_kernel_era),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
