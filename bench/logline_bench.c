// SPDX-License-Identifier: MIT
/*
 * logline_bench.c - throughput of the input layer.
 *
 *   logline_bench gen FILE MIB [REPORT]   write a syslog of MIB MiB: ordinary
 *                                         kernel and daemon lines, and every
 *                                         50000 lines the report in REPORT
 *                                         (one kernel line per line), if given
 *   logline_bench FILE [CHUNK_KIB]        read FILE with read(2) in CHUNK_KIB
 *                                         blocks (default 1024) through the
 *                                         reader; print MB/s
 *   logline_bench --filter FILE [CHUNK_KIB]  the same with the needle filter
 *                                         on, as a report parser would use
 *                                         it: 8 needles, every line for 60
 *                                         lines after "page allocation failure"
 *   logline_bench --memchr FILE           the floor: only count '\n'
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -O2 -Ilib -o logline_bench \
 *        bench/logline_bench.c lib/input/*.c
 * Compare on the same file with `grep -c x FILE` and `rg -c x FILE`, warm
 * cache for both (run each twice).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "input/logline.h"

struct count {
	struct bs_linereader *r;
	bool filter;		/* act as a report parser using the filter */
	unsigned int left;	/* lines still wanted after a trigger */
	uint64_t kernel;
	uint64_t other;
	uint64_t bytes;
	uint64_t failures;
};

static void count_line(const struct bs_line *l, void *ctx)
{
	struct count *c = ctx;

	if (l->kernel)
		c->kernel++;
	else
		c->other++;
	c->bytes += l->len;
	/* without the filter, measure the reader alone */
	if (!c->filter)
		return;
	if (memmem(l->text, l->len, "page allocation failure", 23)) {
		c->failures++;
		bs_linereader_set_filter(c->r, false);
		c->left = 60;
	} else if (c->left && --c->left == 0) {
		bs_linereader_set_filter(c->r, true);
	}
}

/* What `explain` looks for; the filter passes lines holding one of these. */
static const char *const needles[] = {
	"page allocation failure",
	"invoked oom-killer",
	"Linux version",
	"memory allocation deadlock",
	"blocked for more than",
	"Out of memory",
	"SLUB: Unable to allocate",
	"vmalloc error",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64: the same file on every run */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const char *const kernel_msgs[] = {
	"XFS (dm-3): Metadata corruption detected at xfs_dir3_block_read_verify+0x5e/0x110 [xfs], xfs_dir3_block block 0x1a8c0",
	"IPv4: martian source 10.12.0.7 from 10.12.0.1, on dev eth0",
	"nf_conntrack: table full, dropping packet",
	"TCP: request_sock_TCP: Possible SYN flooding on port 6789. Sending cookies.  Check SNMP counters.",
	"libceph: osd12 10.0.3.17:6804 socket closed (con state OPEN)",
	"perf: interrupt took too long (2513 > 2500), lowering kernel.perf_event_max_sample_rate to 79000",
	"EXT4-fs (sdb1): mounted filesystem with ordered data mode. Opts: (null)",
	"bond0: link status definitely up for interface eth1, 10000 Mbps full duplex",
	"device vethd3a4b5c entered promiscuous mode",
	"docker0: port 3(vethd3a4b5c) entered forwarding state",
};

static const char *const daemon_lines[] = {
	"systemd: Started Session 4242 of user root.",
	"systemd-logind: New session 4242 of user root.",
	"sshd[21731]: Accepted publickey for root from 10.0.0.2 port 52214 ssh2: RSA SHA256:Zm9vYmFy",
	"CROND[2301]: (root) CMD (run-parts /etc/cron.hourly)",
	"ceph-osd[4411]: 2023-04-29 21:54:31.123 7f3a1b2c3700 -1 osd.12 4242 heartbeat_check: no reply from 10.0.3.18:6806",
	"dockerd[1290]: time=\"2023-04-29T21:54:31.123456789+08:00\" level=info msg=\"ignoring event\" module=libcontainerd",
	"chronyd[812]: Selected source 10.0.0.1",
};

static int gen(const char *path, long mib, const char *report_path)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	uint64_t target = (uint64_t)mib << 20, written = 0, seed = 0x9e3779b97f4a7c15ULL;
	char *report = NULL, line[1024];
	size_t rlen = 0;
	uint64_t n = 0, t = 0;
	FILE *out;

	if (report_path) {
		FILE *f = fopen(report_path, "rb");
		long len = -1;

		if (f && !fseek(f, 0, SEEK_END))
			len = ftell(f);
		if (len >= 0) {
			rlen = (size_t)len;
			rewind(f);
			report = malloc(rlen + 1);
		}
		if (!report || fread(report, 1, rlen, f) != rlen) {
			fprintf(stderr, "logline_bench: read %s: %s\n", report_path, strerror(errno));
			return 1;
		}
		report[rlen] = '\0';
		fclose(f);
	}
	out = fopen(path, "wb");
	if (!out) {
		fprintf(stderr, "logline_bench: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (written < target) {
		uint64_t r = next(&seed);
		unsigned int sec = (unsigned int)(t % 60), min = (unsigned int)(t / 60 % 60);
		unsigned int hour = (unsigned int)(t / 3600 % 24), day = (unsigned int)(t / 86400 % 28) + 1;
		const char *m = mon[t / (86400 * 28) % 12];
		int k;

		if (report && n % 50000 == 49999) {
			const char *p = report, *e;

			while ((e = strchr(p, '\n')) != NULL) {
				k = snprintf(line, sizeof(line), "%s %2u %02u:%02u:%02u ceph-node7 kernel: ",
					     m, day, hour, min, sec);
				fwrite(line, 1, (size_t)k, out);
				fwrite(p, 1, (size_t)(e - p) + 1, out);
				written += (uint64_t)k + (uint64_t)(e - p) + 1;
				p = e + 1;
			}
		}
		if (r % 10 < 6)
			k = snprintf(line, sizeof(line), "%s %2u %02u:%02u:%02u ceph-node7 kernel: [%5u.%06u] %s\n",
				     m, day, hour, min, sec, (unsigned int)(t % 100000),
				     (unsigned int)(r >> 40) % 1000000,
				     kernel_msgs[(r >> 8) % (sizeof(kernel_msgs) / sizeof(kernel_msgs[0]))]);
		else
			k = snprintf(line, sizeof(line), "%s %2u %02u:%02u:%02u ceph-node7 %s\n", m, day,
				     hour, min, sec,
				     daemon_lines[(r >> 8) % (sizeof(daemon_lines) / sizeof(daemon_lines[0]))]);
		fwrite(line, 1, (size_t)k, out);
		written += (uint64_t)k;
		n++;
		t += (r >> 20) % 3;
	}
	free(report);
	if (fclose(out)) {
		fprintf(stderr, "logline_bench: write %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bs_linereader_stats st;
	struct bs_linereader *r = NULL;
	struct count c = { 0 };
	size_t chunk = 1 << 20;
	uint64_t total = 0, nl = 0;
	bool only_memchr = false, filter = false;
	double t0, dt;
	char *buf;
	ssize_t k;
	int fd;

	if (argc >= 4 && !strcmp(argv[1], "gen"))
		return gen(argv[2], atol(argv[3]), argc > 4 ? argv[4] : NULL);
	if (argc >= 3 && !strcmp(argv[1], "--memchr")) {
		only_memchr = true;
		argv++;
		argc--;
	} else if (argc >= 3 && !strcmp(argv[1], "--filter")) {
		filter = true;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: logline_bench gen FILE MIB [REPORT] | [--memchr] FILE [CHUNK_KIB]\n");
		return 2;
	}
	if (argc > 2)
		chunk = (size_t)atol(argv[2]) << 10;
	if (!chunk)
		chunk = 1 << 20;
	fd = open(argv[1], O_RDONLY);
	buf = malloc(chunk);
	if (fd < 0 || !buf) {
		fprintf(stderr, "logline_bench: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!only_memchr) {
		r = bs_linereader_alloc(argv[1], count_line, &c);
		if (!r || (filter && bs_linereader_set_needles(r, needles, 8))) {
			fprintf(stderr, "logline_bench: %s\n", strerror(errno));
			return 1;
		}
		c.r = r;
		c.filter = filter;
		bs_linereader_set_filter(r, filter);
	}
	t0 = now();
	while ((k = read(fd, buf, chunk)) > 0) {
		total += (uint64_t)k;
		if (r) {
			bs_linereader_feed(r, buf, (size_t)k);
		} else {
			const char *p = buf, *e = buf + k;

			while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
				nl++;
				p++;
			}
		}
	}
	if (k < 0) {
		fprintf(stderr, "logline_bench: read %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (r)
		bs_linereader_finish(r);
	dt = now() - t0;
	if (r) {
		bs_linereader_stats(r, &st);
		printf("logline%s: %.1f MiB in %.3f s = %.0f MB/s; %llu lines, %llu kernel, %llu other, "
		       "%llu filtered, %llu reports seen\n", filter ? " --filter" : "",
		       (double)total / (1 << 20), dt, (double)total / dt / 1e6,
		       (unsigned long long)st.lines, (unsigned long long)c.kernel,
		       (unsigned long long)c.other, (unsigned long long)st.filtered,
		       (unsigned long long)c.failures);
		bs_linereader_free(r);
	} else {
		printf("memchr: %.1f MiB in %.3f s = %.0f MB/s; %llu lines\n", (double)total / (1 << 20),
		       dt, (double)total / dt / 1e6, (unsigned long long)nl);
	}
	free(buf);
	close(fd);
	return 0;
}
