// SPDX-License-Identifier: MIT
/*
 * cmd_trace.c - `buddyscope trace`: failing page allocations (the silent
 * ones too) and reclaim/compaction stalls, live from a private tracefs
 * instance or replayed from a recording.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <buddyscope.h>

#include "common.h"
#include "opts.h"
#include "render/trace_words.h"

struct trace_cli {
	struct bs_trace_opts opts;
	double duration;	/* seconds; 0: until SIGINT/SIGTERM */
	bool json, verbose;
	const char *record, *replay, *kernel;
};

static const char trace_usage[] =
	"usage: buddyscope trace [OPTIONS]\n"
	"\n"
	"Catch failing page allocations (also __GFP_NOWARN, THP and hugetlb pool\n"
	"growth), direct and memcg reclaim stalls, compaction runs and their\n"
	"outcomes, fallbacks that fragment pageblocks and kswapd activity, from the\n"
	"kernel's own tracepoints in a private tracefs instance; /proc/vmstat\n"
	"reclaim and compaction counters at start and end.  Needs root; --replay\n"
	"does not.  Stops after --duration or on SIGINT/SIGTERM, and restores the\n"
	"tracing state either way.\n"
	"\n"
	"options:\n"
	"  -d, --duration S    trace for S seconds (default: until Ctrl-C)\n"
	"  --min-order N       only allocations, stalls and wakeups of order >= N\n"
	"  -p, --pid P         only task P (kswapd/kcompactd wakes are kept)\n"
	"  -c, --comm NAME     only tasks named NAME\n"
	"  -s, --stacks        kernel stacks of failed allocations (site = caller)\n"
	"  -r, --record DIR    also save the raw recording in DIR\n"
	"  -R, --replay DIR    analyse a recording instead of tracing\n"
	"  -k, --kernel VER    the recording's kernel release (GFP decode)\n"
	"  -j, --json          JSON output (docs/trace.md)\n"
	"  -v, --verbose       histograms per process and per order too\n"
	"  -h, --help          this help\n"
	"\n"
	"examples:\n"
	"  buddyscope trace --duration 30 --min-order 1 --stacks\n"
	"  buddyscope trace --comm java --record rec.d   # then Ctrl-C\n"
	"  buddyscope trace --replay rec.d --json\n"
	"\n"
	"exit status: 0 no failed allocation, 3 failed allocations seen, 4 some\n"
	"event or input was missing, 2 usage, 1 error.\n";

static const struct option trace_options[] = {
	{ "duration", required_argument, NULL, 'd' },
	{ "min-order", required_argument, NULL, 'O' },
	{ "pid", required_argument, NULL, 'p' },
	{ "comm", required_argument, NULL, 'c' },
	{ "stacks", no_argument, NULL, 's' },
	{ "record", required_argument, NULL, 'r' },
	{ "replay", required_argument, NULL, 'R' },
	{ "kernel", required_argument, NULL, 'k' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Set by SIGINT/SIGTERM/SIGHUP: stop tracing and clean up. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int parse_args(int argc, char **argv, struct trace_cli *o)
{
	uint64_t v;
	int c;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "d:p:c:sr:R:k:jvh", trace_options)) != -1) {
		switch (c) {
		case 'd':
			if (bs_opt_seconds("trace", "--duration", optarg, 86400 * 7, &o->duration))
				return BS_EXIT_USAGE;
			break;
		case 'O':
			if (bs_opt_order("trace", "--min-order", optarg, &o->opts.min_order))
				return BS_EXIT_USAGE;
			break;
		case 'p':
			if (bs_opt_u64("trace", "--pid", optarg, 1, 0x7fffffff, &v))
				return BS_EXIT_USAGE;
			o->opts.pid = (int)v;
			break;
		case 'c':
			if (!*optarg || strlen(optarg) > 15 || strpbrk(optarg, "\"\\"))
				return bs_usage_error("trace", "invalid --comm \"%s\": 1 to 15 characters, "
						      "no quotes", optarg);
			o->opts.comm = optarg;
			break;
		case 's': o->opts.stacks = true; break;
		case 'r': o->record = optarg; break;
		case 'R': o->replay = optarg; break;
		case 'k':
			if (bs_opt_kernel("trace", optarg))
				return BS_EXIT_USAGE;
			o->kernel = optarg;
			break;
		case 'j': o->json = true; break;
		case 'v': o->verbose = true; break;
		case 'h':
			fputs(trace_usage, stdout);
			return -1;
		default:
			return bs_opt_bad("trace", c, argv);
		}
	}
	if (optind < argc)
		return bs_usage_error("trace", "unexpected argument \"%s\"", argv[optind]);
	if (o->replay && (o->record || o->duration > 0))
		return bs_usage_error("trace", "--replay reads a recording; --record and --duration are "
				      "for live runs");
	if (o->opts.pid && o->opts.comm)
		return bs_usage_error("trace", "--pid and --comm exclude each other");
	return BS_EXIT_OK;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Trace until the duration ends or a signal asks to stop. */
static int run_live(struct bs_trace *t, const struct trace_cli *o)
{
	char err[512];
	struct bs_trace_session *s;
	struct pollfd pfd[1024];
	const int *fds;
	size_t n, npfd = 0;
	double t0, left;

	catch_signals();
	s = bs_trace_session_open(t, o->record, err, sizeof(err));
	if (!s) {
		bs_err("trace: %s", err);
		return BS_EXIT_FAILURE;
	}
	fds = bs_trace_session_fds(s, &n);
	for (size_t c = 0; c < n && npfd < 1024; c++)
		if (fds[c] >= 0)
			pfd[npfd++] = (struct pollfd){ .fd = fds[c], .events = POLLIN };
	if (o->duration > 0)
		fprintf(stderr, "buddyscope: tracing for %.0f s (Ctrl-C stops earlier)\n", o->duration);
	else
		fprintf(stderr, "buddyscope: tracing until Ctrl-C (or SIGTERM: kill %d); "
			"--duration S stops by itself\n", (int)getpid());
	t0 = now();
	while (!stop_requested) {
		left = o->duration > 0 ? o->duration - (now() - t0) : 1e9;
		if (left <= 0)
			break;
		/* read a CPU only when its buffer is half full: see trace.h */
		if (poll(pfd, npfd, left < 0.25 ? (int)(left * 1000) + 1 : 250) < 0 && errno != EINTR)
			break;
		for (size_t i = 0; i < npfd; i++)
			if (pfd[i].revents & POLLIN)
				bs_trace_session_drain_fd(s, pfd[i].fd);
	}
	bs_trace_set_source(t, "live", now() - t0);
	if (bs_trace_session_close(s) != 0)
		bs_trace_set_partial(t);
	return BS_EXIT_OK;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_cli o = { 0 };
	struct bs_trace *t;
	char err[512];
	int rc = parse_args(argc, argv, &o);

	if (rc != BS_EXIT_OK)
		return rc < 0 ? BS_EXIT_OK : rc;
	t = bs_trace_alloc(&o.opts);
	if (!t) {
		bs_err("trace: out of memory");
		return BS_EXIT_FAILURE;
	}
	if (o.replay) {
		if (bs_trace_replay_dir(t, o.replay, o.kernel, err, sizeof(err)) != 0) {
			bs_err("trace: %s", err);
			bs_trace_free(t);
			return BS_EXIT_FAILURE;
		}
	} else {
		if (o.kernel)
			bs_trace_set_kernel(t, o.kernel);	/* a version: bs_opt_kernel() checked */
		rc = run_live(t, &o);
		if (rc != BS_EXIT_OK) {
			bs_trace_free(t);
			return rc;
		}
	}
	if (bs_trace_finish(t) != 0) {
		bs_err("trace: out of memory");
		bs_trace_free(t);
		return BS_EXIT_FAILURE;
	}
	for (size_t i = 0; i < bs_trace_nr_notes(t); i++) {
		char text[512];

		bs_err("trace: %s", bs_trace_note_text(bs_trace_note_at(t, i), text, sizeof(text)));
	}
	if (o.json)
		bs_trace_print_json(stdout, t);
	else
		bs_trace_print_text(stdout, t, o.verbose);
	rc = bs_trace_partial(t) ? BS_EXIT_PARTIAL : bs_trace_nr_failures(t) ? BS_EXIT_FINDINGS : BS_EXIT_OK;
	bs_trace_free(t);
	return rc;
}
