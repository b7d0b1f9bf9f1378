// SPDX-License-Identifier: MIT
/*
 * cmd_exporter.c - `buddyscope exporter`: Prometheus metrics over HTTP
 * (lib/exporter/http.c), or once into a file for node_exporter's textfile
 * collector.  The kernel log is followed in a thread of its own so that
 * failure reports are counted as they arrive; /proc is read only when
 * scraped.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <buddyscope.h>

#include "common.h"
#include "exporter/http.h"
#include "exporter/web_config.h"

/* Loopback unless told otherwise; 10025 is free in the Prometheus port allocations list (docs/exporter.md). */
#define DEFAULT_LISTEN "127.0.0.1:10025"

struct exporter_opts {
	const char *listen;
	const char *web_config;
	const char *textfile;
	const char *root;
	bool migratetype;
	bool user_lines;		/* --user-records: count drill reports written to /dev/kmsg */
	bool trace;			/* --trace: the allocator's tracepoints too */
};

static const char exporter_usage[] =
	"usage: buddyscope exporter [OPTIONS]\n"
	"\n"
	"Serve Prometheus metrics: per zone free memory, watermarks, free blocks per\n"
	"order, the kernel's fragmentation indices, the highest order a GFP_KERNEL,\n"
	"GFP_NOFS, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE or GFP_TRANSHUGE request would get\n"
	"now, reclaim and compaction counters, PSI, and the memory-failure reports the\n"
	"kernel logs from now on (docs/exporter.md lists them all).  /proc is read\n"
	"when scraped, never in the background.\n"
	"\n"
	"options:\n"
	"  --listen ADDR:PORT  where to serve /metrics (default " DEFAULT_LISTEN ";\n"
	"                      \":10025\" for every address)\n"
	"  --web-config FILE   TLS and basic auth, in the exporter-toolkit format\n"
	"                      (tls_server_config, basic_auth_users with bcrypt hashes)\n"
	"  --textfile PATH     write the metrics once to PATH (through a temporary file\n"
	"                      and rename, for node_exporter's textfile collector), exit\n"
	"  --migratetype       also free blocks per order and migratetype, from\n"
	"                      /proc/pagetypeinfo (many series: see docs/exporter.md)\n"
	"  --user-records      also count reports other programs write to /dev/kmsg\n"
	"                      (a fire drill of the alerting path; off: only the\n"
	"                      kernel's own records count)\n"
	"  --root DIR          read a snapshot's files instead of /proc (the kernel log\n"
	"                      is then not followed)\n"
	"  --trace             also count failed allocations (the silent ones too) by\n"
	"                      order and GFP class, and time direct reclaim and\n"
	"                      compaction stalls as histograms, from the allocator's\n"
	"                      tracepoints (root; libtracefs1 and libtraceevent1; the\n"
	"                      tracing state is restored on SIGINT and SIGTERM)\n"
	"  -h, --help          this help\n"
	"\n"
	"exit status: 0 stopped by SIGINT or SIGTERM (or the textfile written),\n"
	"             2 usage error, 1 other error\n"
	"\n"
	"examples:\n"
	"  buddyscope exporter\n"
	"  buddyscope exporter --listen :10025 --web-config /etc/buddyscope/web.yml\n"
	"  buddyscope exporter --textfile /var/lib/prometheus/node-exporter/buddyscope.prom\n";

static int parse_args(int argc, char **argv, struct exporter_opts *o)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "web-config", required_argument, NULL, 'w' },
		{ "textfile", required_argument, NULL, 't' },
		{ "migratetype", no_argument, NULL, 'm' },
		{ "root", required_argument, NULL, 'r' },
		{ "user-records", no_argument, NULL, 'u' },
		{ "trace", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->listen = DEFAULT_LISTEN;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 'w': o->web_config = optarg; break;
		case 't': o->textfile = optarg; break;
		case 'm': o->migratetype = true; break;
		case 'r': o->root = optarg; break;
		case 'u': o->user_lines = true; break;
		case 'T': o->trace = true; break;
		case 'h': fputs(exporter_usage, stdout); return 1;
		default: fputs(exporter_usage, stderr); return -1;
		}
	}
	if (optind < argc) {
		bs_err("unexpected argument \"%s\"", argv[optind]);
		fputs(exporter_usage, stderr);
		return -1;
	}
	if (o->trace && (o->textfile || (o->root && strcmp(o->root, "/")))) {
		bs_err("--trace reads this machine's tracepoints while serving: not with %s",
		       o->textfile ? "--textfile" : "--root");
		return -1;
	}
	if (o->textfile && o->web_config) {
		bs_err("--textfile writes a file: --web-config does not apply");
		return -1;
	}
	return 0;
}

/* --textfile: the exposition into PATH.tmp.PID beside it, then renamed over PATH. */
static int write_textfile(const struct exporter_opts *o)
{
	struct bs_exporter_opts eo = { o->root, o->migratetype, NULL, NULL };
	char tmp[4096], err[256];
	FILE *f;
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", o->textfile, (long)getpid()) >= (int)sizeof(tmp)) {
		bs_err("--textfile: path too long");
		return BS_EXIT_USAGE;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		bs_err("create %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return BS_EXIT_FAILURE;
	}
	rc = bs_exporter_write(&eo, f, err, sizeof(err));
	if (rc == 0 && (fflush(f) == EOF || fsync(fd) < 0))
		snprintf(err, sizeof(err), "%s", strerror(errno)), rc = -1;
	if (fclose(f) == EOF && rc == 0)
		snprintf(err, sizeof(err), "%s", strerror(errno)), rc = -1;
	/* the collector must never read half a file: rename only what was written whole */
	if (rc == 0 && rename(tmp, o->textfile) < 0)
		snprintf(err, sizeof(err), "rename to %s: %s", o->textfile, strerror(errno)), rc = -1;
	if (rc < 0) {
		bs_err("write %s: %s", o->textfile, err);
		unlink(tmp);
		return BS_EXIT_FAILURE;
	}
	return BS_EXIT_OK;
}

/* The kernel-log follower thread: counts reports until the stop pipe is written. */
struct follower {
	struct bs_follow *f;
	struct bs_report_counter *counter;
	int stop[2];
	pthread_t thread;
	bool running;
};

static void count_report(const struct bs_group *g, void *ctx)
{
	struct follower *fl = ctx;
	struct bs_follow_stats st;

	bs_report_counter_add(g, fl->counter);
	bs_follow_get_stats(fl->f, &st);
	bs_report_counter_set_log(fl->counter, true, st.lost);
}

static void *follow_thread(void *arg)
{
	struct follower *fl = arg;

	if (bs_follow_run(fl->f, fl->stop[0]) < 0) {
		bs_err("read /dev/kmsg: %s: reports are no longer counted", strerror(errno));
		bs_report_counter_set_log(fl->counter, false, 0);
	}
	return NULL;
}

/* Start following /dev/kmsg from now; a log that cannot be read is reported, not fatal. */
static void follower_start(struct follower *fl, bool user_lines)
{
	fl->f = bs_follow_open(NULL, false, count_report, fl);
	if (!fl->f) {
		bs_err("open /dev/kmsg: %s: failure reports will not be counted%s", strerror(errno),
		       errno == EACCES || errno == EPERM ? " (kernel.dmesg_restrict: run as root or with CAP_SYSLOG)" : "");
		return;
	}
	bs_follow_set_user_lines(fl->f, user_lines);
	if (pipe2(fl->stop, O_CLOEXEC) < 0 || pthread_create(&fl->thread, NULL, follow_thread, fl)) {
		bs_err("start the kernel-log reader: %s", strerror(errno));
		bs_follow_close(fl->f);
		fl->f = NULL;
		return;
	}
	fl->running = true;
	bs_report_counter_set_log(fl->counter, true, 0);
}

static void follower_stop(struct follower *fl)
{
	if (fl->running) {
		if (write(fl->stop[1], "x", 1) < 0)
			bs_err("stop the kernel-log reader: %s", strerror(errno));
		pthread_join(fl->thread, NULL);
		close(fl->stop[0]);
		close(fl->stop[1]);
	}
	bs_follow_close(fl->f);
}

/* The tracepoint reader thread (--trace): reads the ring buffers until the stop pipe is written. */
struct tracer {
	struct bs_exporter_trace *x;
	int stop[2];
	pthread_t thread;
	bool running;
};

static void *trace_thread(void *arg)
{
	struct tracer *tr = arg;

	if (bs_exporter_trace_run(tr->x, tr->stop[0]) < 0)
		bs_err("read the tracepoints: %s", strerror(errno));
	return NULL;
}

static int tracer_start(struct tracer *tr)
{
	char err[512];
	const char *note;
	char text[256];

	tr->x = bs_exporter_trace_open(err, sizeof(err));
	if (!tr->x) {
		bs_err("--trace: %s", err);
		return -1;
	}
	for (size_t i = 0; (note = bs_exporter_trace_note_at(tr->x, i, text, sizeof(text))); i++)
		fprintf(stderr, "buddyscope: --trace: %s\n", note);
	if (pipe2(tr->stop, O_CLOEXEC) < 0 || pthread_create(&tr->thread, NULL, trace_thread, tr)) {
		bs_err("start the tracepoint reader: %s", strerror(errno));
		bs_exporter_trace_close(tr->x);
		tr->x = NULL;
		return -1;
	}
	tr->running = true;
	return 0;
}

/* Stop the reader, then undo the tracing: instance removed, tracefs unmounted if we mounted it. */
static int tracer_stop(struct tracer *tr)
{
	if (tr->running) {
		if (write(tr->stop[1], "x", 1) < 0)
			bs_err("stop the tracepoint reader: %s", strerror(errno));
		pthread_join(tr->thread, NULL);
		close(tr->stop[0]);
		close(tr->stop[1]);
		tr->running = false;
	}
	if (tr->x && bs_exporter_trace_close(tr->x) < 0) {
		bs_err("--trace: the tracing state could not be fully restored");
		tr->x = NULL;
		return -1;
	}
	tr->x = NULL;
	return 0;
}

static int serve(const struct exporter_opts *o, const struct bs_web_config *web)
{
	struct follower fl = { 0 };
	struct tracer tr = { 0 };
	struct bs_http_opts ho = { o->listen, web, { o->root, o->migratetype, NULL, NULL } };
	struct bs_http *h;
	sigset_t stop;
	char err[512];
	int sig, rc;

	fl.counter = bs_report_counter_alloc();
	if (!fl.counter) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	ho.metrics.reports = fl.counter;
	/* block the stop signals before any thread starts, so that only sigwait() sees them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the log is this machine's: a snapshot (--root) has none to follow */
	if (!o->root || !strcmp(o->root, "/"))
		follower_start(&fl, o->user_lines);
	/* asked for by name: no tracepoints is an error, not a quiet absence */
	if (o->trace && tracer_start(&tr) < 0) {
		follower_stop(&fl);
		bs_report_counter_free(fl.counter);
		return BS_EXIT_FAILURE;
	}
	ho.metrics.trace = tr.x;
	h = bs_http_start(&ho, err, sizeof(err));
	if (!h) {
		bs_err("%s", err);
		tracer_stop(&tr);
		follower_stop(&fl);
		bs_report_counter_free(fl.counter);
		return BS_EXIT_FAILURE;
	}
	fprintf(stderr, "buddyscope: serving metrics on %s%s/metrics\n", web && web->tls ? "https://" : "http://",
		o->listen);
	while (sigwait(&stop, &sig) != 0)
		;
	bs_http_stop(h);
	rc = tracer_stop(&tr);
	follower_stop(&fl);
	bs_report_counter_free(fl.counter);
	return rc < 0 ? BS_EXIT_FAILURE : BS_EXIT_OK;
}

int cmd_exporter(int argc, char **argv)
{
	struct exporter_opts o = { 0 };
	struct bs_web_config *web = NULL;
	char err[512];
	int rc = parse_args(argc, argv, &o);

	if (rc)
		return rc > 0 ? BS_EXIT_OK : BS_EXIT_USAGE;
	if (o.textfile)
		return write_textfile(&o);
	if (o.web_config) {
		web = malloc(sizeof(*web));
		if (!web) {
			bs_err("out of memory");
			return BS_EXIT_FAILURE;
		}
		if (bs_web_config_load(o.web_config, web, err, sizeof(err)) < 0) {
			bs_err("--web-config %s: %s", o.web_config, err);
			free(web);
			return BS_EXIT_USAGE;
		}
	}
	rc = serve(&o, web);
	if (web)
		bs_web_config_release(web);
	free(web);
	return rc;
}
