// SPDX-License-Identifier: MIT
/*
 * pagealloc.c - a page-allocation-heavy workload for bench/trace.sh:
 * map, touch and unmap anonymous memory in a loop, half of the rounds with
 * MADV_HUGEPAGE (order-9 folios, and order-0 fallbacks when none is free),
 * half with MADV_NOHUGEPAGE (order-0 pages), so the page allocator and its
 * tracepoints run hot.  Prints the seconds it took.
 *
 *   pagealloc [ROUNDS] [MIB]      defaults: 200 rounds of 64 MiB
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 200;
	size_t len = (size_t)(argc > 2 ? atol(argv[2]) : 64) << 20;
	double t0 = now();

	for (long r = 0; r < rounds; r++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror("pagealloc: mmap");
			return 1;
		}
		madvise(p, len, r & 1 ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		for (size_t i = 0; i < len; i += 4096)
			p[i] = (char)i;
		munmap(p, len);
	}
	printf("%.3f\n", now() - t0);
	return 0;
}
