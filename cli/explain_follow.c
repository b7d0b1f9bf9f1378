// SPDX-License-Identifier: MIT
/*
 * explain_follow.c - `explain --follow`: print each report's diagnosis as
 * soon as the report is complete, until SIGINT or SIGTERM; with --json one
 * object per line (NDJSON) for log shippers.  The loop is the library's
 * (follow.h), the one the exporter's report counter runs too.
 */
#include "explain_follow.h"

#include <errno.h>
#include <fcntl.h>
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

/* Whether @path is a journal file: its header starts "LPKSHHRH" (systemd's journal-def.h). */
static bool is_journal_file(const char *path)
{
	char magic[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool yes = fd >= 0 && read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		   !memcmp(magic, "LPKSHHRH", sizeof(magic));

	if (fd >= 0)
		close(fd);
	return yes;
}

/* The follower of @src; NULL after saying why. */
static struct bs_follow *open_src(const struct follow_src *src, bool user_lines, struct follow_out *o)
{
	char err[512];
	struct bs_follow *f;
	const char *what = src->path ? src->path : "/dev/kmsg";

	if (src->journal || (src->path && is_journal_file(src->path))) {
		f = bs_follow_open_journal(src->journal ? (src->root ? BS_JOURNAL_ROOT : BS_JOURNAL_LOCAL) : BS_JOURNAL_FILE,
					   src->journal ? src->root : src->path, user_lines, on_report, o,
					   err, sizeof(err));
		if (!f)
			bs_err("follow %s: %s", src->journal ? (src->root ? src->root : "the journal") : what, err);
		return f;
	}
	f = bs_follow_open(src->path, true, on_report, o);
	if (!f) {
		bs_err("follow %s: %s%s", what, strerror(errno),
		       errno == EACCES || errno == EPERM ? " (kernel.dmesg_restrict: root or CAP_SYSLOG)" : "");
		return NULL;
	}
	bs_follow_set_user_lines(f, user_lines);
	return f;
}

int explain_follow(const struct follow_src *src, bool json, bool user_lines, const struct bs_render_opts *ro)
{
	struct follow_out o = { json, ro, 0, 0 };
	const char *path = src->journal ? (src->root ? src->root : "the journal") : src->path;
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
	f = open_src(src, user_lines, &o);
	if (!f) {
		close(sfd);
		return BS_EXIT_FAILURE;
	}
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
