// SPDX-License-Identifier: MIT
/*
 * cmd_explain.c - `buddyscope explain [FILE...]`: post-mortem of the
 * memory-failure reports in kernel logs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <buddyscope.h>

#include "common.h"
#include "explain_follow.h"

#define CHUNK (1 << 20)

struct explain_opts {
	bool json;
	bool kmsg;
	bool follow;			/* --follow: print reports as the log grows (explain_follow.c) */
	bool user_lines;		/* --user-records: other programs' records too (a drill) */
	int year;
	bool year_given;		/* --year; else the input's year (its mtime, or now) is assumed */
	const char *tz;			/* --tz ZONE: local stamps converted to UTC */
	struct bs_render_opts render;	/* --verbose, --kernel */
};

static const char explain_usage[] =
	"usage: buddyscope explain [OPTIONS] [FILE...]\n"
	"\n"
	"Find every memory-failure report in kernel logs (dmesg, dmesg -T, syslog,\n"
	"journalctl, serial captures, /dev/kmsg), decode it for the kernel that\n"
	"printed it and say why it failed.  The reports it finds:\n"
	"  page allocation failure  order and mode; the zone watermark check replayed\n"
	"  vmalloc failure          \"vmalloc: allocation failure\", \"vmalloc error: size\"\n"
	"  OOM kill                 global, cpuset or mempolicy constrained: trigger,\n"
	"                           Mem-Info, zones, swap, top tasks, victim, oom_reaper\n"
	"  memcg OOM                a memory cgroup's limit (cgroup v1 and v2)\n"
	"  XFS kmem_alloc deadlock  \"possible memory allocation deadlock\" (both forms)\n"
	"  ZFS/SPL kmem deadlock    \"Possible memory allocation deadlock: size=\"\n"
	"  SLUB failure             \"SLUB: Unable to allocate memory on node\"\n"
	"  hung task                \"blocked for more than N seconds\", for the timeline\n"
	"  allocation stall         \"page allocation stalls for Nms\" (4.9-4.14)\n"
	"  vmemmap failure          \"vmemmap alloc failure: order:N\" (memory hotplug)\n"
	"  vmap area failure        \"vmap allocation for size N failed\" alone\n"
	"  CMA failure              \"cma_alloc: alloc failed ... ret: -E\"; busy ranges\n"
	"                           (\"alloc_contig_range: [pfn, pfn) PFNs busy\")\n"
	"  nommu failure            \"Allocation of length N from process P failed\"\n"
	"  memory state             a Mem-Info without a failure: SysRq-m, show_mem(),\n"
	"                           zone or buddy lines pasted alone\n"
	"and counts \"callbacks suppressed\" lines; a timeline orders them all.\n"
	"Reads stdin when no FILE or FILE is '-'.\n"
	"\n"
	"options:\n"
	"  --json            machine-readable output (docs/json.md)\n"
	"  --kernel VER      decode as kernel VER (e.g. 3.10.0-514.el7.x86_64)\n"
	"  --kmsg            read the running kernel's log from /dev/kmsg\n"
	"  --follow          read /dev/kmsg (or the one FILE) as it grows, like dmesg -w,\n"
	"                    and print each report as soon as it is complete (with\n"
	"                    --json one object per line); until SIGINT or SIGTERM\n"
	"  --user-records    with --follow, also read the records other programs wrote\n"
	"                    to /dev/kmsg (a drill report: echo ... > /dev/kmsg)\n"
	"  --year YYYY       year of syslog stamps that carry none (default: the year\n"
	"                    the file was last written, or this year for stdin, marked\n"
	"                    as assumed; a stamp that would then lie in the future is\n"
	"                    put in the year before)\n"
	"  --tz ZONE         the logging host's time zone (IANA name, e.g. Europe/Berlin,\n"
	"                    or a POSIX TZ string): syslog, dmesg -T and journal short\n"
	"                    stamps are its local time; converted to UTC (default: shown\n"
	"                    as local time, labelled so)\n"
	"  -v, --verbose     arithmetic for every zone, full traces\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 no failure found (memory-state dumps and busy ranges alone are\n"
	"             none), 3 failures found, 4 some input unreadable,\n"
	"             2 usage error, 1 other error\n"
	"\n"
	"examples:\n"
	"  buddyscope explain /var/log/messages\n"
	"  dmesg | buddyscope explain\n"
	"  buddyscope explain --kernel 3.10.0-514.el7.x86_64 --json ceph.log\n";

/* Year of Unix time @t, in UTC. */
static int year_of(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/*
 * The time input @fd was written by: a regular file's mtime, else now.  The
 * library takes it as the reference no stamp of an assumed year may pass,
 * and unless --year was given, its year is the one assumed.
 */
static void set_reference(struct bs_explain *e, const struct explain_opts *o, int fd)
{
	struct stat st;
	time_t ref = time(NULL);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		ref = st.st_mtime;
	bs_explain_set_reference(e, (int64_t)ref);
	if (!o->year_given)
		bs_explain_set_year(e, year_of(ref), true);
}

static int feed_fd(struct bs_explain *e, int fd, const char *name, char *buf)
{
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);

		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			bs_err("read %s: %s", name, strerror(errno));
			return -1;
		}
		bs_explain_feed(e, buf, (size_t)n);
	}
}

/* The running kernel's log, as bs_read_kmsg() gathers it. */
static int feed_kmsg(struct bs_explain *e, const struct explain_opts *o)
{
	size_t len;
	char *log = bs_read_kmsg(&len);

	set_reference(e, o, -1);
	if (!log) {
		bs_err("read /dev/kmsg: %s", strerror(errno));
		return -1;
	}
	if (bs_explain_begin(e, "/dev/kmsg") < 0) {
		bs_err("/dev/kmsg: cannot start reading: %s", strerror(errno));
		free(log);
		return -1;
	}
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	free(log);
	return 0;
}

static int feed_file(struct bs_explain *e, const struct explain_opts *o, const char *path, char *buf)
{
	int fd, rc;
	bool is_stdin = !strcmp(path, "-");

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		bs_err("open %s: %s", path, strerror(errno));
		return -1;
	}
	set_reference(e, o, fd);
	if (bs_explain_begin(e, is_stdin ? "-" : path) < 0) {
		bs_err("%s: cannot start reading: %s", path, strerror(errno));
		if (!is_stdin)
			close(fd);
		return -1;
	}
	rc = feed_fd(e, fd, path, buf);
	bs_explain_end(e);
	if (!is_stdin)
		close(fd);
	return rc;
}

/*
 * --tz: @local is a reading of the logging host's clock encoded as if it
 * were UTC; mktime() under the zone the CLI put in TZ gives the instant.
 */
static int local_to_utc(int64_t local, int64_t *utc, void *ctx)
{
	time_t t = (time_t)local, u;
	struct tm tm;

	(void)ctx;
	if (!gmtime_r(&t, &tm))
		return -1;
	tm.tm_isdst = -1;
	u = mktime(&tm);
	if (u == (time_t)-1)
		return -1;
	*utc = (int64_t)u;
	return 0;
}

/* An IANA zone the system has (TZDIR or /usr/share/zoneinfo), or a POSIX TZ string ("CET-1CEST"). */
static bool known_zone(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[4096];

	if (!zone[0] || strstr(zone, ".."))
		return false;
	if (zone[0] == ':')
		zone++;
	snprintf(path, sizeof(path), "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", zone);
	if (access(path, R_OK) == 0)
		return true;
	/* POSIX form: a name of three or more letters, then an offset */
	return strlen(zone) > 3 && strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") >= 3 &&
	       strpbrk(zone, "0123456789") != NULL;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "kmsg", no_argument, NULL, 'm' },
		{ "follow", no_argument, NULL, 'f' },
		{ "user-records", no_argument, NULL, 'u' },
		{ "year", required_argument, NULL, 'y' },
		{ "tz", required_argument, NULL, 'z' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct explain_opts o = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;
	char *buf;
	int c, code = BS_EXIT_OK, unreadable = 0;
	uint64_t v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'k': o.render.kernel = optarg; break;
		case 'm': o.kmsg = true; break;
		case 'f': o.follow = true; break;
		case 'u': o.user_lines = true; break;
		case 'v': o.render.verbose = true; break;
		case 'y':
			if (bs_parse_u64("year", optarg, 1970, 2200, &v) < 0)
				return BS_EXIT_USAGE;
			o.year = (int)v;
			o.year_given = true;
			break;
		case 'z':
			if (!known_zone(optarg)) {
				bs_err("unknown time zone \"%s\": expected an IANA name such as Europe/Berlin or a POSIX TZ string", optarg);
				return BS_EXIT_USAGE;
			}
			o.tz = optarg;
			break;
		case 'h':
			fputs(explain_usage, stdout);
			return BS_EXIT_OK;
		default:
			fputs(explain_usage, stderr);
			return BS_EXIT_USAGE;
		}
	}
	if (o.render.kernel) {
		struct bs_kver kv;

		if (bs_kver_parse(o.render.kernel, strlen(o.render.kernel), &kv) < 0) {
			bs_err("invalid kernel version \"%s\": expected e.g. 3.10.0-514.el7.x86_64 or 6.1.55",
			       o.render.kernel);
			return BS_EXIT_USAGE;
		}
	}
	if (o.follow) {
		if (argc - optind > 1 || o.kmsg || o.tz || o.year_given) {
			bs_err("--follow reads /dev/kmsg or one FILE, without --kmsg, --tz or --year");
			return BS_EXIT_USAGE;
		}
		return explain_follow(optind < argc ? argv[optind] : NULL, o.json, o.user_lines, &o.render);
	}
	if (o.user_lines) {
		bs_err("--user-records goes with --follow");
		return BS_EXIT_USAGE;
	}
	e = bs_explain_alloc();
	buf = malloc(CHUNK);
	if (!e || !buf) {
		bs_err("out of memory");
		bs_explain_free(e);
		free(buf);
		return BS_EXIT_FAILURE;
	}
	if (o.year_given)
		bs_explain_set_year(e, o.year, false);
	if (o.tz) {
		/* the zone is the CLI's business: the library only gets the conversion */
		if (setenv("TZ", o.tz, 1) < 0) {
			bs_err("set TZ: %s", strerror(errno));
			bs_explain_free(e);
			free(buf);
			return BS_EXIT_FAILURE;
		}
		tzset();
		bs_explain_set_local_tz(e, local_to_utc, NULL);
	}
	if (o.kmsg) {
		if (feed_kmsg(e, &o) < 0)
			unreadable++;
	}
	if (optind >= argc && !o.kmsg) {
		if (feed_file(e, &o, "-", buf) < 0)
			unreadable++;
	}
	for (int i = optind; i < argc; i++)
		if (feed_file(e, &o, argv[i], buf) < 0)
			unreadable++;
	free(buf);

	if ((o.json ? bs_explain_render_json(e, &o.render, stdout) : bs_explain_render_text(e, &o.render, stdout)) < 0) {
		bs_err("out of memory while rendering");
		code = BS_EXIT_FAILURE;
	}
	bs_explain_get_stats(e, &st);
	bs_explain_free(e);
	if (code != BS_EXIT_OK)
		return code;
	if (unreadable)
		return BS_EXIT_PARTIAL;
	/* a memory-state dump, or busy ranges the allocation went past, is no failure */
	return st.reports > st.by_kind[BS_KIND_MEMORY_STATE] + st.by_kind[BS_KIND_CONTIG_BUSY] ? BS_EXIT_FINDINGS
												  : BS_EXIT_OK;
}
