// SPDX-License-Identifier: MIT
/*
 * cmd_explain.c - `buddyscope explain [FILE...]`: post-mortem of the
 * memory-failure reports in kernel logs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <buddyscope.h>

#include "common.h"
#include "opts.h"
#include "whatif_opt.h"
#include "explain_follow.h"

struct explain_opts {
	bool json;
	bool kmsg;
	bool follow;			/* --follow: print reports as the log grows (explain_follow.c) */
	bool user_lines;		/* --user-records: other programs' records too (a drill) */
	int year;
	bool year_given;		/* --year; else the input's year (its mtime, or now) is assumed */
	const char *tz;			/* --tz ZONE: local stamps converted to UTC */
	bool journal;			/* --journal: this machine's journal (or --root's) */
	const char *root;		/* --root DIR: the journal of the OS tree at DIR */
	struct bs_input_opts in;	/* --boot, --since, --until; how inputs are read */
	const char *html;		/* --html FILE: the page too ("-": instead of the text) */
	struct bs_render_opts render;	/* --verbose, --kernel */
	struct whatif_opts whatif;	/* --what-if */
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
	"Reads stdin when no FILE or FILE is '-'; a snapshot archive (buddyscope\n"
	"snapshot -o FILE.tar.gz) is read for the kernel log it saved.\n"
	"\n"
	"options:\n"
	"  -j, --json        machine-readable output (docs/json.md)\n"
	"  -k, --kernel VER  decode as kernel VER (e.g. 3.10.0-514.el7.x86_64)\n"
	"  --kmsg            read the running kernel's log from /dev/kmsg\n"
	"  --follow          read /dev/kmsg (or the one FILE, or with --journal the\n"
	"                    journal's kernel entries from this boot) as it grows, like\n"
	"                    dmesg -w, and print each report as soon as it is complete\n"
	"                    (with --json one object per line); until SIGINT or SIGTERM\n"
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
	"  --journal         read this machine's kernel messages from the systemd journal\n"
	"  --root DIR        with --journal: the journal of the OS tree at DIR instead\n"
	"  --boot N|ID       journal entries of one boot, as journalctl -b: 0 the last,\n"
	"                    -1 the one before, 1 the first, or a boot ID\n"
	"  --since TIME      journal entries from TIME, as journalctl takes it:\n"
	"                    \"2024-05-01 12:00:00\", \"2024-05-01\", today, yesterday,\n"
	"                    -1h, \"-2d 3h\", @UNIXTIME\n"
	"  --until TIME      journal entries up to TIME, in the same forms\n"
	"  --html FILE       also write a self-contained HTML page with charts to FILE\n"
	"                    ('-': the page on stdout instead of the text)\n"
	"  --brief           the headline and one line per group, nothing else\n"
	"  -v, --verbose     arithmetic for every zone, full traces, exact kB, no\n"
	"                    folding at 80 columns (a wider terminal is used whole)\n"
	WHATIF_USAGE
	"  -h, --help        this help\n"
	"\n"
	"FILE may be compressed (gzip, xz, zstd, bzip2), a journal file, journalctl\n"
	"-o json/json-seq/json-pretty/export/verbose output, dmesg --json, or a\n"
	"directory (sosreport, supportconfig, a journal or log directory): told by\n"
	"content, not by name.\n"
	"\n"
	"exit status: 0 no failure found (memory-state dumps and busy ranges alone are\n"
	"             none), 3 failures found (even if some input was unreadable),\n"
	"             4 no failure found and some input unreadable or damaged,\n"
	"             2 usage error, 1 other error\n"
	"\n"
	"examples:\n"
	"  buddyscope explain /var/log/messages\n"
	"  dmesg | buddyscope explain\n"
	"  buddyscope explain --kernel 3.10.0-514.el7.x86_64 --json ceph.log\n"
	"  buddyscope explain --what-if vm.min_free_kbytes=65536 --what-if compact dmesg.txt\n";

/* Now, in microseconds since the epoch: the reference of relative --since/--until. */
static int64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

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
static void set_reference_time(struct bs_explain *e, const struct explain_opts *o, time_t ref)
{
	bs_explain_set_reference(e, (int64_t)ref);
	if (!o->year_given)
		bs_explain_set_year(e, year_of(ref), true);
}

static void set_reference(struct bs_explain *e, const struct explain_opts *o, int fd)
{
	struct stat st;
	time_t ref = time(NULL);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		ref = st.st_mtime;
	set_reference_time(e, o, ref);
}

/* bs_input_opts.on_time: an input that says when it was taken (a snapshot archive). */
static void on_time(struct bs_explain *e, int64_t when, void *ctx)
{
	set_reference_time(e, ctx, (time_t)when);
}

/* bs_input_opts.on_open: each input's reference time and assumed year. */
static void on_open(struct bs_explain *e, int fd, void *ctx)
{
	set_reference(e, ctx, fd);
}

/* The inputs from @from on that failed, named on stderr with why. */
static void report_inputs(const struct bs_explain *e, size_t from)
{
	size_t n;
	const struct bs_input_info *in = bs_explain_inputs(e, &n);

	for (size_t i = from; i < n; i++)
		if (in[i].error[0])
			bs_err("%s %s: %s", in[i].unreadable ? "cannot read" : "damaged input", in[i].name, in[i].error);
}

/* The running kernel's log, as bs_read_kmsg() gathers it. */
static int feed_kmsg(struct bs_explain *e, const struct explain_opts *o)
{
	size_t len;
	char *log = bs_read_kmsg(&len);

	set_reference(e, o, -1);
	if (!log) {
		struct bs_input_info *in = bs_explain_input_add(e, "/dev/kmsg");
		int err = errno;

		bs_err("read /dev/kmsg: %s", strerror(err));
		if (in) {
			in->unreadable = true;
			snprintf(in->kind, sizeof(in->kind), "kmsg");
			snprintf(in->error, sizeof(in->error), "%s", strerror(err));
		}
		return -1;
	}
	if (bs_explain_begin(e, "/dev/kmsg") < 0) {
		bs_err("/dev/kmsg: cannot start reading: %s", strerror(errno));
		free(log);
		return -1;
	}
	bs_explain_feed(e, log, len);
	bs_explain_end(e);
	snprintf(bs_explain_input_last(e)->kind, sizeof(bs_explain_input_last(e)->kind), "kmsg");
	free(log);
	return 0;
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

static int html_page(const void *res, FILE *f)
{
	return bs_explain_render_html(res, NULL, f);
}

/* Analyse every group once, then render the results as asked. 0, -1 out of memory, -2 the page not written. */
static int render(const struct bs_explain *e, const struct explain_opts *o)
{
	struct bs_analyze_opts ao = { o->render.kernel, o->whatif.s, o->whatif.n };
	struct bs_results *res = bs_explain_analyze(e, &ao);
	int rc = 0;

	if (!res)
		return -1;
	if (!o->html || strcmp(o->html, "-"))
		rc = o->json ? bs_explain_render_json(res, &o->render, stdout)
			     : bs_explain_render_text(res, &o->render, stdout);
	if (o->html && bs_write_page(o->html, html_page, res) < 0)
		rc = -2;
	bs_results_free(res);
	return rc;
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
		{ "journal", no_argument, NULL, 'J' },
		{ "root", required_argument, NULL, 'R' },
		{ "boot", required_argument, NULL, 'B' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "what-if", required_argument, NULL, 'w' },
		{ "html", required_argument, NULL, 'H' },
		{ "brief", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct explain_opts o = { 0 };
	struct bs_explain *e;
	struct bs_explain_stats st;
	int c, code = BS_EXIT_OK;
	size_t seen = 0;
	uint64_t v;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "jk:vh", longopts)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'k':
			if (bs_opt_kernel("explain", optarg))
				return BS_EXIT_USAGE;
			o.render.kernel = optarg;
			break;
		case 'm': o.kmsg = true; break;
		case 'f': o.follow = true; break;
		case 'u': o.user_lines = true; break;
		case 'v': o.render.verbose = true; break;
		case 'w':
			if (whatif_opt_add(&o.whatif, optarg) < 0)
				return BS_EXIT_USAGE;
			break;
		case 'J': o.journal = true; break;
		case 'R': o.root = optarg; break;
		case 'B': o.in.journal.boot = optarg; break;
		case 'S':
		case 'U':
			if (bs_input_parse_time(optarg, now_usec(), c == 'S' ? &o.in.journal.since_usec
								     : &o.in.journal.until_usec) < 0) {
				bs_err("invalid time \"%s\": expected e.g. \"2024-05-01 12:00:00\", 2024-05-01, today, yesterday or -1h",
				       optarg);
				return BS_EXIT_USAGE;
			}
			*(c == 'S' ? &o.in.journal.has_since : &o.in.journal.has_until) = true;
			break;
		case 'H': o.html = optarg; break;
		case 'b': o.render.brief = true; break;
		case 'y':
			if (bs_opt_u64("explain", "--year", optarg, 1970, 2200, &v))
				return BS_EXIT_USAGE;
			o.year = (int)v;
			o.year_given = true;
			break;
		case 'z':
			if (!known_zone(optarg))
				return bs_usage_error("explain", "unknown time zone \"%s\": expected an IANA name "
						      "such as Europe/Berlin or a POSIX TZ string", optarg);
			o.tz = optarg;
			break;
		case 'h':
			fputs(explain_usage, stdout);
			return BS_EXIT_OK;
		default:
			return bs_opt_bad("explain", c, argv);
		}
	}
	bs_terminal_text(&o.render.width, &o.render.color);
	if (o.render.verbose)
		o.render.width = -1;
	if (o.root && !o.journal) {
		bs_err("--root DIR goes with --journal");
		return BS_EXIT_USAGE;
	}
	if (o.follow) {
		struct follow_src src = { optind < argc ? argv[optind] : NULL, o.journal, o.root };

		if (argc - optind > (o.journal ? 0 : 1) || o.kmsg || o.tz || o.year_given || o.in.journal.boot ||
		    o.in.journal.has_since || o.in.journal.has_until) {
			bs_err("--follow reads /dev/kmsg, one FILE or --journal, without --kmsg, --tz, --year, --boot, --since or --until");
			return BS_EXIT_USAGE;
		}
		return explain_follow(&src, o.json, o.user_lines, &o.render);
	}
	if (o.user_lines) {
		bs_err("--user-records goes with --follow");
		return BS_EXIT_USAGE;
	}
	e = bs_explain_alloc();
	if (!e) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	o.in.on_open = on_open;
	o.in.on_time = on_time;
	o.in.ctx = &o;
	o.in.threaded = true;
	if (o.year_given)
		bs_explain_set_year(e, o.year, false);
	if (o.tz) {
		/* the zone is the CLI's business: the library only gets the conversion */
		if (setenv("TZ", o.tz, 1) < 0) {
			bs_err("set TZ: %s", strerror(errno));
			bs_explain_free(e);
			return BS_EXIT_FAILURE;
		}
		tzset();
		bs_explain_set_local_tz(e, local_to_utc, NULL);
	}
	if (o.kmsg) {
		feed_kmsg(e, &o);
		bs_explain_inputs(e, &seen);
	}
	if (o.journal) {
		bs_input_read_journal(e, o.root, &o.in);
		report_inputs(e, seen);
		bs_explain_inputs(e, &seen);
	}
	if (optind >= argc && !o.kmsg && !o.journal) {
		if (isatty(STDIN_FILENO))
			bs_err("explain: reading the kernel log from stdin (end with Ctrl-D); "
			       "--kmsg or --journal read this machine's log, FILE a saved one");
		bs_input_read(e, "-", &o.in);
		report_inputs(e, seen);
	}
	for (int i = optind; i < argc; i++) {
		bs_input_read(e, argv[i], &o.in);
		report_inputs(e, seen);
		bs_explain_inputs(e, &seen);
	}

	c = render(e, &o);
	if (c == -1)
		bs_err("out of memory while analysing");
	if (c < 0)
		code = BS_EXIT_FAILURE;
	bs_explain_get_stats(e, &st);
	bs_explain_free(e);
	if (code != BS_EXIT_OK)
		return code;
	/* a memory-state dump, or busy ranges the allocation went past, is no failure */
	if (st.reports > st.by_kind[BS_KIND_MEMORY_STATE] + st.by_kind[BS_KIND_CONTIG_BUSY])
		return BS_EXIT_FINDINGS;
	return st.unreadable || st.damaged ? BS_EXIT_PARTIAL : BS_EXIT_OK;
}
