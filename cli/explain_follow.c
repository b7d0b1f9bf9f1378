// SPDX-License-Identifier: MIT
/*
 * explain_follow.c - `explain --follow`: print each report's diagnosis as
 * soon as the report is complete, until SIGINT or SIGTERM; with --json one
 * object per line (NDJSON) for log shippers.  The loop is the library's
 * (follow.h), the one the exporter's report counter runs too.
 */
#include "explain_follow.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "common.h"
#include "follow.h"

struct follow_out {
	bool json;
	const struct bs_render_opts *ro;
	unsigned long failures;		/* reports that are failures (not memory states, busy ranges) */
	int write_error;
};

static void on_report(const struct bs_group *g, void *ctx)
{
	struct follow_out *o = ctx;
	enum bs_report_kind k = g->rep->kind;

	if (k != BS_KIND_MEMORY_STATE && k != BS_KIND_CONTIG_BUSY)
		o->failures++;
	if ((o->json ? bs_explain_render_group_json(g, o->ro, stdout)
		     : bs_explain_render_group_text(g, o->ro, stdout)) < 0)
		o->write_error = errno ? errno : EIO;
	/* a pipe to a log shipper must see each report now, not when a buffer fills */
	if (fflush(stdout) == EOF)
		o->write_error = errno;
}

int explain_follow(const char *path, bool json, bool user_lines, const struct bs_render_opts *ro)
{
	struct follow_out o = { json, ro, 0, 0 };
	struct bs_follow *f;
	sigset_t stop;
	int sfd, rc;

	/* SIGINT and SIGTERM end the loop through a descriptor, so the last lines get flushed */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0 || (sfd = signalfd(-1, &stop, SFD_CLOEXEC)) < 0) {
		bs_err("follow: cannot catch signals: %s", strerror(errno));
		return BS_EXIT_FAILURE;
	}
	f = bs_follow_open(path, true, on_report, &o);
	if (!f) {
		bs_err("follow %s: %s%s", path ? path : "/dev/kmsg", strerror(errno),
		       errno == EACCES || errno == EPERM ? " (kernel.dmesg_restrict: root or CAP_SYSLOG)" : "");
		close(sfd);
		return BS_EXIT_FAILURE;
	}
	bs_follow_set_user_lines(f, user_lines);
	rc = bs_follow_run(f, sfd);
	if (rc < 0)
		bs_err("read %s: %s", path ? path : "/dev/kmsg", strerror(errno));
	bs_follow_close(f);
	close(sfd);
	if (o.write_error) {
		bs_err("writing output failed: %s", strerror(o.write_error));
		return BS_EXIT_FAILURE;
	}
	if (rc < 0)
		return BS_EXIT_PARTIAL;
	return o.failures ? BS_EXIT_FINDINGS : BS_EXIT_OK;
}
