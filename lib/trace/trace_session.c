// SPDX-License-Identifier: MIT
/*
 * trace_session.c - a live run in a private tracefs instance.
 *
 * The only file that talks to tracefs.  Everything it changes lives inside
 * instances/buddyscope-<pid>: events, filters, the stacktrace option and
 * the buffers are per instance, so the global tracing_on, current_tracer,
 * set_event and other users' instances are never touched.  What cannot be
 * undone by removing the instance is tracefs' mount, and that is undone
 * on close when this session made it.  A run killed with SIGKILL leaves
 * only its instance behind; the next run removes every buddyscope-<pid>
 * whose pid is dead.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>


#include "proc/fileio.h"
#include "trace.h"
#include "trace/trace_internal.h"
#include "trace/trace_lib.h"

#define INSTANCE_PREFIX "buddyscope-"
#define BUFFER_KB 2048		/* per CPU: a burst of stalls fits between polls */

struct bs_trace_session {
	struct bs_trace *t;
	struct bs_trace_decoder *d;
	struct bs_tracelib *lib;	/* libtracefs, loaded at run time */
	struct tracefs_instance *inst;
	char tracing_dir[256];
	bool mounted;		/* this session mounted tracefs */
	int *fds;		/* per CPU trace_pipe_raw, -1 when absent */
	int *rec_fds;		/* per CPU recording file, -1 none */
	size_t nr_cpus;
	char *page;
	size_t page_size;
	size_t comm_checked;	/* events whose pid's comm was looked up */
	char *record_dir;
};

/* --- tracefs mount ------------------------------------------------------ */

/* Where tracefs is mounted, from /proc/self/mounts; false when nowhere. */
static bool find_tracefs(char *dir, size_t len)
{
	FILE *f = fopen("/proc/self/mounts", "re");
	char dev[256], mnt[PATH_MAX], type[64];
	bool found = false;

	if (!f)
		return false;
	while (!found && fscanf(f, "%255s %4095s %63s %*[^\n]", dev, mnt, type) == 3)
		if (!strcmp(type, "tracefs") && strlen(mnt) < len) {
			strcpy(dir, mnt);
			found = true;
		}
	fclose(f);
	return found;
}

static int mount_tracefs(struct bs_trace_session *s, char *err, size_t errlen)
{
	static const char where[] = "/sys/kernel/tracing";

	if (find_tracefs(s->tracing_dir, sizeof(s->tracing_dir)))
		return 0;
	if (mount("nodev", where, "tracefs", 0, NULL) != 0) {
		snprintf(err, errlen, "mount tracefs on %s: %s%s", where, strerror(errno),
			 errno == ENODEV ? " (this kernel has no tracefs: CONFIG_TRACING is off)" : "");
		errno = ENOENT;
		return -1;
	}
	strcpy(s->tracing_dir, where);
	s->mounted = true;
	bs_trace_note(s->t, "tracefs was not mounted: mounted on %s for this run, unmounted after", where);
	return 0;
}

/* --- stale instances ------------------------------------------------------ */

/* Remove instances/buddyscope-<pid> of runs that died without cleaning up. */
static void remove_stale(struct bs_trace_session *s)
{
	char path[PATH_MAX];
	DIR *dir;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/instances", s->tracing_dir);
	dir = opendir(path);
	if (!dir)
		return;
	while ((e = readdir(dir))) {
		char *end;
		long pid;
		struct tracefs_instance *old;

		if (strncmp(e->d_name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)))
			continue;
		pid = strtol(e->d_name + strlen(INSTANCE_PREFIX), &end, 10);
		if (*end || pid <= 0 || pid > INT_MAX || pid == getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;	/* that run is alive: not ours to touch */
		old = s->lib->tracefs_instance_alloc(s->tracing_dir, e->d_name);
		if (old && s->lib->tracefs_instance_destroy(old) == 0)
			bs_trace_note(s->t, "removed instance %s left by a killed run", e->d_name);
		else
			bs_trace_note(s->t, "instance %s of a dead run could not be removed: %s",
				      e->d_name, strerror(errno));
		s->lib->tracefs_instance_free(old);
	}
	closedir(dir);
}

/* --- events --------------------------------------------------------------- */

static void record_format(struct bs_trace_session *s, const char *sys, const char *name,
			  const char *buf, size_t len)
{
	char rel[300];

	if (!s->record_dir)
		return;
	snprintf(rel, sizeof(rel), "events/%s/%s", sys, name);
	if (bs_mkdir_at(s->record_dir, rel) != 0) {
		bs_trace_note(s->t, "record: mkdir %s: %s", rel, strerror(errno));
		return;
	}
	snprintf(rel, sizeof(rel), "events/%s/%s/format", sys, name);
	if (bs_write_at(s->record_dir, rel, buf, len) != 0)
		bs_trace_note(s->t, "record: write %s: %s", rel, strerror(errno));
}

/* Parse one event's format; false (noted) when this kernel lacks it. */
static bool load_event(struct bs_trace_session *s, const char *sys, const char *name, const char *role)
{
	int size = 0;
	char *fmt = s->lib->tracefs_event_file_read(s->inst, sys, name, "format", &size);

	if (!fmt || size <= 0) {
		bs_trace_note(s->t, "%s:%s does not exist on this kernel: no %s", sys, name, role);
		free(fmt);
		return false;
	}
	if (bs_trace_decoder_format(s->d, sys, fmt, (size_t)size) != 0) {
		bs_trace_note(s->t, "%s:%s: its format does not parse: no %s", sys, name, role);
		free(fmt);
		return false;
	}
	record_format(s, sys, name, fmt, (size_t)size);
	free(fmt);
	return true;
}

/* Filter in the kernel, then enable: unwanted events never reach the buffer. */
static void enable_event(struct bs_trace_session *s, enum bs_tev_kind k)
{
	const struct bs_tev_info *in = bs_tev_info(k);
	char filter[256];

	if (!load_event(s, in->system, in->name, in->role)) {
		bs_trace_set_available(s->t, k, false);
		bs_trace_set_partial(s->t);
		return;
	}
	if (bs_trace_decoder_filter(s->d, k, &s->t->opts, filter, sizeof(filter)) == 0 && filter[0] &&
	    s->lib->tracefs_event_file_write(s->inst, in->system, in->name, "filter", filter) < 0)
		bs_trace_note(s->t, "%s:%s: the kernel refused the filter \"%s\" (%s): filtered here instead",
			      in->system, in->name, filter, strerror(errno));
	if (s->lib->tracefs_event_enable(s->inst, in->system, in->name) != 0) {
		bs_trace_note(s->t, "%s:%s: cannot be enabled (%s): no %s", in->system, in->name,
			      strerror(errno), in->role);
		bs_trace_set_available(s->t, k, false);
		bs_trace_set_partial(s->t);
	}
}

static int load_header(struct bs_trace_session *s, char *err, size_t errlen)
{
	int size = 0;
	char *buf = s->lib->tracefs_instance_file_read(NULL, "events/header_page", &size);

	if (!buf || bs_trace_decoder_header(s->d, buf, (size_t)size) != 0) {
		snprintf(err, errlen, "read %s/events/header_page: %s", s->tracing_dir,
			 buf ? "not a ring-buffer header" : strerror(errno));
		free(buf);
		return -1;
	}
	if (s->record_dir) {
		bs_write_at(s->record_dir, "header_page", buf, (size_t)size);
		free(buf);
		buf = s->lib->tracefs_instance_file_read(NULL, "events/header_event", &size);
		if (buf && bs_mkdir_at(s->record_dir, "events") == 0)
			bs_write_at(s->record_dir, "events/header_event", buf, (size_t)size);
	}
	free(buf);
	return 0;
}

static void read_vmstat(struct bs_trace_session *s, bool end)
{
	size_t len;
	char *buf = bs_read_whole("/proc/vmstat", &len);

	if (!buf) {
		bs_trace_note(s->t, "read /proc/vmstat: %s", strerror(errno));
		return;
	}
	bs_trace_set_vmstat(s->t, end, buf, len);
	if (s->record_dir)
		bs_write_at(s->record_dir, end ? "vmstat.end" : "vmstat.start", buf, len);
	free(buf);
}

static int open_cpus(struct bs_trace_session *s, char *err, size_t errlen)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	char *dir = s->lib->tracefs_instance_get_dir(s->inst);
	size_t opened = 0;

	if (n < 1 || !dir) {
		snprintf(err, errlen, "cannot count CPUs or find the instance");
		free(dir);
		return -1;
	}
	s->nr_cpus = (size_t)n;
	s->fds = malloc(s->nr_cpus * sizeof(int));
	s->rec_fds = malloc(s->nr_cpus * sizeof(int));
	if (!s->fds || !s->rec_fds) {
		free(dir);
		return -1;
	}
	for (size_t c = 0; c < s->nr_cpus; c++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/per_cpu/cpu%zu/trace_pipe_raw", dir, c);
		s->fds[c] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		s->rec_fds[c] = -1;
		if (s->fds[c] < 0)
			continue;	/* an offline or absent CPU */
		opened++;
		if (s->record_dir) {
			snprintf(path, sizeof(path), "per_cpu/cpu%zu", c);
			if (bs_mkdir_at(s->record_dir, path) == 0) {
				snprintf(path, sizeof(path), "%s/per_cpu/cpu%zu/trace_pipe_raw", s->record_dir, c);
				s->rec_fds[c] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			}
			if (s->rec_fds[c] < 0)
				bs_trace_note(s->t, "record: cpu%zu: %s", c, strerror(errno));
		}
	}
	free(dir);
	if (!opened) {
		snprintf(err, errlen, "no per-CPU trace_pipe_raw could be opened: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int start(struct bs_trace_session *s, char *err, size_t errlen)
{
	char name[64];
	struct utsname u;

	if (mount_tracefs(s, err, errlen) != 0 || s->lib->tracefs_set_tracing_dir(s->tracing_dir) != 0) {
		if (!err[0])
			snprintf(err, errlen, "use tracefs at %s: %s", s->tracing_dir, strerror(errno));
		return -1;
	}
	remove_stale(s);
	snprintf(name, sizeof(name), INSTANCE_PREFIX "%d", (int)getpid());
	s->inst = s->lib->tracefs_instance_create(name);
	if (!s->inst) {
		snprintf(err, errlen, "create tracefs instance %s: %s", name, strerror(errno));
		return -1;
	}
	if (s->record_dir && bs_mkdir_at(s->record_dir, "events") != 0) {
		snprintf(err, errlen, "create %s: %s", s->record_dir, strerror(errno));
		return -1;
	}
	if (uname(&u) == 0) {
		bs_trace_set_kernel(s->t, u.release);
		if (s->record_dir) {
			char line[sizeof(u.release) + 1];
			int n = snprintf(line, sizeof(line), "%s\n", u.release);

			bs_write_at(s->record_dir, "osrelease", line, (size_t)n);
		}
	}
	if (load_header(s, err, errlen) != 0)
		return -1;
	s->page_size = bs_trace_decoder_page_size(s->d);
	s->page = malloc(s->page_size);
	if (!s->page)
		return -1;
	if (s->lib->tracefs_instance_set_buffer_size(s->inst, BUFFER_KB, -1) != 0)
		bs_trace_note(s->t, "could not size the instance's buffers to %d KiB per CPU", BUFFER_KB);
	if (s->t->opts.stacks) {
		if (!load_event(s, "ftrace", "kernel_stack", "stacks") ||
		    s->lib->tracefs_option_enable(s->inst, TRACEFS_OPTION_STACKTRACE) != 0)
			bs_trace_note(s->t, "kernel stacks are not available: %s", strerror(errno));
	}
	read_vmstat(s, false);
	if (open_cpus(s, err, errlen) != 0)
		return -1;
	for (int k = 0; k < BS_TEV_NR_KINDS; k++)
		enable_event(s, k);
	return 0;
}

/* Undo start(): the instance goes, with its events, filters and options. */
static int stop(struct bs_trace_session *s)
{
	int rc = 0;

	if (s->inst) {
		if (s->lib->tracefs_instance_destroy(s->inst) != 0) {
			bs_trace_note(s->t, "could not remove tracefs instance %s: %s; the next run removes it",
				      s->lib->tracefs_instance_get_name(s->inst), strerror(errno));
			rc = -1;
		}
		s->lib->tracefs_instance_free(s->inst);
		s->inst = NULL;
	}
	if (s->mounted && umount2(s->tracing_dir, 0) != 0) {
		bs_trace_note(s->t, "could not unmount %s: %s", s->tracing_dir, strerror(errno));
		rc = -1;
	}
	s->mounted = false;
	return rc;
}

static void session_free(struct bs_trace_session *s)
{
	for (size_t c = 0; s->fds && c < s->nr_cpus; c++) {
		if (s->fds[c] >= 0)
			close(s->fds[c]);
		if (s->rec_fds[c] >= 0)
			close(s->rec_fds[c]);
	}
	free(s->fds);
	free(s->rec_fds);
	free(s->page);
	free(s->record_dir);
	bs_trace_decoder_free(s->d);
	bs_tracelib_close(s->lib);
	free(s);
}

struct bs_trace_session *bs_trace_session_open(struct bs_trace *t, const char *record_dir,
					       char *err, size_t errlen)
{
	struct bs_trace_session *s;

	err[0] = '\0';
	if (geteuid() != 0) {
		snprintf(err, errlen, "tracing needs root (a tracefs instance is created and removed); "
			 "--replay DIR does not");
		errno = EPERM;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->t = t;
	s->lib = bs_tracelib_open(true, err, errlen);
	if (!s->lib) {
		session_free(s);
		errno = ELIBACC;
		return NULL;
	}
	s->d = bs_trace_decoder_alloc(t);
	s->record_dir = record_dir ? strdup(record_dir) : NULL;
	if (!s->d || (record_dir && !s->record_dir)) {
		snprintf(err, errlen, "out of memory");
		session_free(s);
		return NULL;
	}
	if (record_dir && bs_mkdir_at(record_dir, "") != 0 && errno != EEXIST) {
		snprintf(err, errlen, "create %s: %s", record_dir, strerror(errno));
		session_free(s);
		return NULL;
	}
	if (start(s, err, errlen) != 0) {
		int e = errno;

		stop(s);
		session_free(s);
		errno = e;
		return NULL;
	}
	return s;
}

const int *bs_trace_session_fds(const struct bs_trace_session *s, size_t *n)
{
	*n = s->nr_cpus;
	return s->fds;
}

/* Name the tasks of the events decoded since the last call, while they live. */
static void lookup_comms(struct bs_trace_session *s)
{
	struct bs_trace *t = s->t;

	for (; s->comm_checked < t->nr_evs; s->comm_checked++) {
		int pid = t->evs[s->comm_checked].pid;
		char path[64], comm[64];
		size_t len;
		char *buf;

		if (pid <= 0 || bs_trace_comm(t, pid))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		buf = bs_read_whole(path, &len);
		if (!buf)
			continue;
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(buf, "\n"), buf);
		bs_trace_add_comm(t, pid, comm);
		free(buf);
	}
}

int bs_trace_session_drain(struct bs_trace_session *s)
{
	return bs_trace_session_drain_fd(s, -1);
}

int bs_trace_session_drain_fd(struct bs_trace_session *s, int fd)
{
	int rc = 0;

	for (size_t c = 0; c < s->nr_cpus; c++) {
		if (s->fds[c] < 0 || (fd >= 0 && s->fds[c] != fd))
			continue;
		for (;;) {
			ssize_t r = read(s->fds[c], s->page, s->page_size);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0 && errno != EAGAIN) {
				bs_trace_note(s->t, "cpu%zu: read trace_pipe_raw: %s", c, strerror(errno));
				rc = -1;
			}
			if (r <= 0)
				break;
			if ((size_t)r < s->page_size)
				memset(s->page + r, 0, s->page_size - (size_t)r);
			if (s->rec_fds[c] >= 0 &&
			    write(s->rec_fds[c], s->page, s->page_size) != (ssize_t)s->page_size) {
				bs_trace_note(s->t, "record: cpu%zu: %s", c, strerror(errno));
				close(s->rec_fds[c]);
				s->rec_fds[c] = -1;
			}
			bs_trace_decoder_page(s->d, (unsigned)c, s->page, s->page_size);
		}
	}
	lookup_comms(s);
	return rc;
}

/* Names of tasks that exited before we looked: the kernel's saved_cmdlines. */
static void saved_cmdlines(struct bs_trace_session *s)
{
	int size = 0;
	char *buf = s->lib->tracefs_instance_file_read(NULL, "saved_cmdlines", &size);

	for (char *p = buf; p && *p;) {
		char comm[64];
		int pid;

		if (bs_trace_parse_cmdline(p, &pid, comm, sizeof(comm)) && !bs_trace_comm(s->t, pid))
			bs_trace_add_comm(s->t, pid, comm);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	free(buf);
}

/* The recording's saved_cmdlines and the kallsyms lines its stacks need. */
static void finish_record(struct bs_trace_session *s)
{
	const struct bs_trace *t = s->t;
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/saved_cmdlines", s->record_dir);
	f = fopen(path, "we");
	if (f) {
		for (size_t i = 0; i < t->cap_comms; i++)
			if (t->comms[i].pid)
				fprintf(f, "%d %s\n", t->comms[i].pid, t->comms[i].comm);
		fclose(f);
	}
	if (!s->t->nr_ksyms)
		return;
	snprintf(path, sizeof(path), "%s/kallsyms", s->record_dir);
	f = fopen(path, "we");
	if (f) {
		bs_trace_write_kallsyms(s->t, f);
		fclose(f);
	}
}

static void load_kallsyms(struct bs_trace_session *s)
{
	size_t len;
	char *buf;

	if (!s->t->nr_ips)
		return;
	buf = bs_read_whole("/proc/kallsyms", &len);
	if (!buf) {
		bs_trace_note(s->t, "read /proc/kallsyms: %s: stacks stay numeric", strerror(errno));
		return;
	}
	bs_trace_add_kallsyms(s->t, buf, len);
	free(buf);
}

int bs_trace_session_close(struct bs_trace_session *s)
{
	int rc;

	bs_trace_session_drain(s);
	read_vmstat(s, true);
	saved_cmdlines(s);
	load_kallsyms(s);
	if (s->record_dir)
		finish_record(s);
	for (size_t c = 0; c < s->nr_cpus; c++)
		if (s->fds[c] >= 0) {
			close(s->fds[c]);
			s->fds[c] = -1;
		}
	rc = stop(s);
	session_free(s);
	return rc;
}
