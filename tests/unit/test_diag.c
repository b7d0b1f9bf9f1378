// SPDX-License-Identifier: MIT
/*
 * test_diag.c - the one diagnostics list: adding never allocates and a
 * full list counts what it dropped; explain says "out of memory" when a
 * report could not be kept for lack of memory, and "limit" only when
 * there were more distinct kinds than it keeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "explain.h"
#include "facts.h"

#if defined(__SANITIZE_ADDRESS__)
/* The out-of-memory test needs malloc() to return NULL, as libc's does, rather than abort. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

static void test_list_fills_then_counts(void **state)
{
	struct bs_diag_list l = { 0 };

	(void)state;
	for (int i = 0; i < BS_DIAG_MAX + 3; i++)
		bs_diag_add(&l, BS_DIAG_WARNING, BS_DIAG_UNREADABLE, "/proc/file%d: %s", i, "Permission denied");
	assert_int_equal(l.nr, BS_DIAG_MAX);
	assert_int_equal(l.dropped, 3);
	assert_string_equal(l.items[1].message, "/proc/file1: Permission denied");
	assert_int_equal(l.items[1].code, BS_DIAG_UNREADABLE);
	assert_string_equal(bs_diag_code_name(BS_DIAG_OUT_OF_MEMORY), "out_of_memory");
	assert_string_equal(bs_diag_code_name(BS_DIAG_LIMIT), "limit");
	assert_string_equal(bs_diag_severity_name(BS_DIAG_ERROR), "error");
}

/* @n header lines of distinct modes: @n distinct kinds of page allocation failure. */
static char *distinct_failures(int n, size_t *len)
{
	size_t cap = (size_t)n * 80 + 1;
	char *buf = malloc(cap);

	assert_non_null(buf);
	*len = 0;
	for (int i = 0; i < n; i++)
		*len += (size_t)snprintf(buf + *len, cap - *len,
					 "kworker/0:1: page allocation failure: order:1, mode:0x%x\n",
					 0x20 + (i + 1) * 0x10000);
	return buf;
}

static bool has_code(const struct bs_diag_list *l, enum bs_diag_code c)
{
	for (int i = 0; i < l->nr; i++)
		if (l->items[i].code == c)
			return true;
	return false;
}

/* 300 kinds: 256 kept, 44 counted, said as the limit, not as memory. */
static void test_group_limit_is_a_limit(void **state)
{
	struct bs_explain *e = bs_explain_alloc();
	struct bs_explain_stats st;
	size_t len;
	char *buf = distinct_failures(300, &len);

	(void)state;
	assert_non_null(e);
	assert_int_equal(bs_explain_begin(e, "many"), 0);
	bs_explain_feed(e, buf, len);
	bs_explain_end(e);
	bs_explain_get_stats(e, &st);
	assert_int_equal(bs_explain_nr_groups(e), BS_MAX_GROUPS);
	assert_int_equal(st.overflow_reports, 300 - BS_MAX_GROUPS);
	assert_int_equal(st.oom_reports, 0);
	assert_true(has_code(bs_explain_diags(e), BS_DIAG_LIMIT));
	assert_false(has_code(bs_explain_diags(e), BS_DIAG_OUT_OF_MEMORY));
	bs_explain_free(e);
	free(buf);
}

/*
 * With the data segment capped below what the process already uses and
 * the heap's free space taken, no new report can be kept: explain says out of memory, and counts nothing
 * as beyond the group limit.  Run in a child, whose limit dies with it.
 */
static void test_out_of_memory_is_out_of_memory(void **state)
{
	size_t len;
	char *buf = distinct_failures(3, &len);
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct bs_explain *e = bs_explain_alloc();
		struct rlimit rl = { 0, 0 };
		struct bs_explain_stats st;
		int bad = 0;

		if (!e || bs_explain_begin(e, "oom") < 0)
			_exit(10);
		if (setrlimit(RLIMIT_DATA, &rl) < 0)
			_exit(11);
		/* the heap's free space too: what the parent freed would still serve a report */
		for (size_t sz = 1 << 16; sz >= 16; sz /= 2)
			while (malloc(sz))
				;
		bs_explain_feed(e, buf, len);
		bs_explain_end(e);
		bs_explain_get_stats(e, &st);
		bad |= st.reports != 3 ? 1 : 0;
		bad |= bs_explain_nr_groups(e) != 0 ? 2 : 0;
		bad |= st.oom_reports != 3 ? 4 : 0;
		bad |= st.overflow_reports != 0 ? 8 : 0;
		bad |= !has_code(bs_explain_diags(e), BS_DIAG_OUT_OF_MEMORY) ? 16 : 0;
		bad |= has_code(bs_explain_diags(e), BS_DIAG_LIMIT) ? 32 : 0;
		_exit(bad);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_fills_then_counts),
		cmocka_unit_test(test_group_limit_is_a_limit),
		cmocka_unit_test(test_out_of_memory_is_out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
