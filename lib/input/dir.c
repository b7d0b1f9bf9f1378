// SPDX-License-Identifier: MIT
/*
 * dir.c - the kernel logs inside a directory: a sosreport (sos_commands/,
 * var/log/), a SUSE supportconfig (boot.txt, messages.txt), a journal
 * directory, a copy of /var/log, or any directory of logs.  Rotated and
 * compressed logs are read too; what each file holds is told by content.
 */
#include "read.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "src.h"

/* Kernel logs by name, rotated ones included (messages-20231001, kern.log.2.gz). */
static const char *const log_names[] = {
	"dmesg", "dmesg.*", "dmesg_*", "dmesg-*", "kern.log", "kern.log*", "messages", "messages*", "syslog",
	"syslog*", "vmcore-dmesg*", "boot.txt", "messages*.txt", "*.journal", "*.journal~",
	/* /sys/fs/pstore: the console's tail (console-ramoops-N) and kmsg dumps (dmesg-ramoops-N,
	   dmesg-efi-*, dmesg-erst-*, matched by "dmesg-*" above) kept across a reboot */
	"console-ramoops*", NULL,
};

static bool named_like_log(const char *name)
{
	for (int i = 0; log_names[i]; i++)
		if (!fnmatch(log_names[i], name, 0))
			return true;
	return false;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool exists(const char *dir, const char *rel)
{
	char p[PATH_MAX];

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, rel) >= sizeof(p))
		return false;
	return access(p, F_OK) == 0;
}

/* A journal directory: *.journal files in it or in a machine-id directory below. */
static bool journal_dir(const char *dir, int depth)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	bool found = false;

	for (int i = 0; i < n; i++) {
		char p[PATH_MAX];

		bool fits = (size_t)snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name) < sizeof(p);

		if (!fits || found)
			;	/* too long a path is no journal; one found is enough */
		else if ((!fnmatch("*.journal", ents[i]->d_name, 0) || !fnmatch("*.journal~", ents[i]->d_name, 0)))
			found = is_file(p);
		else if (depth && ents[i]->d_name[0] != '.' && strlen(ents[i]->d_name) == 32 && is_dir(p))
			found = journal_dir(p, 0);
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	return found;
}

/* The content of @path looks like a log (text, compressed, journal records). */
static bool looks_like_log(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct bs_src *s = fd >= 0 ? bs_src_fd(fd) : NULL;
	const char *p;
	size_t n;
	bool yes = false;

	if (s && bs_src_peek(s, 16, &p, &n) == 0) {
		enum bs_input_codec c = bs_input_detect_codec(p, n);

		if (c != BS_CODEC_NONE)
			s = bs_src_decoder(c, s);
		yes = s && bs_src_peek(s, 4096, &p, &n) == 0 && n && bs_input_detect_format(p, n) != BS_FORMAT_BINARY;
	}
	bs_src_free(s);
	if (fd >= 0)
		close(fd);
	return yes;
}

/*
 * Read the files of @dir/@rel whose name matches a kernel log's (all
 * log-looking files when @any), and a journal directory "journal".
 * Counts the files read in *@files.  0, or -1 if some failed.
 */
static int read_logs(struct bs_explain *e, const char *top, const char *rel, bool any, const struct bs_input_opts *o,
		     uint64_t *files)
{
	char dir[PATH_MAX];
	struct dirent **ents;
	int n, rc = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s%s%s", top, rel[0] ? "/" : "", rel) >= sizeof(dir))
		return 0;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return 0;	/* the layout's directory is simply not there */
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char p[PATH_MAX];

		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >= sizeof(p) || name[0] == '.') {
			/* too long a path, or hidden: no log */
		} else if (is_dir(p)) {
			if (!strcmp(name, "journal") && journal_dir(p, 1)) {
				rc |= bs_input_read_journal_dir(e, p, top, false, o);
				(*files)++;
			}
		} else if (is_file(p) && (any ? looks_like_log(p) : named_like_log(name))) {
			rc |= bs_input_read_file(e, p, top, o);
			(*files)++;
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int bs_input_read_dir(struct bs_explain *e, const char *path, const struct bs_input_opts *o)
{
	struct bs_input_info *in;
	const char *kind;
	uint64_t files = 0;
	size_t idx, n;
	int rc = 0;

	if (journal_dir(path, 1))
		return bs_input_read_journal_dir(e, path, NULL, false, o);
	in = bs_explain_input_add(e, path);
	if (!in)
		return -1;
	bs_explain_inputs(e, &idx);
	idx--;
	if (exists(path, "sos_commands")) {
		kind = "sosreport";
		rc |= read_logs(e, path, "sos_commands/kernel", false, o, &files);
		rc |= read_logs(e, path, "var/log", false, o, &files);
	} else if (exists(path, "supportconfig.txt") || exists(path, "basic-environment.txt")) {
		kind = "supportconfig";
		rc |= read_logs(e, path, "", false, o, &files);
	} else {
		kind = "directory";
		rc |= read_logs(e, path, "", false, o, &files);
		if (!files && exists(path, "var/log"))
			rc |= read_logs(e, path, "var/log", false, o, &files);
		if (!files)
			rc |= read_logs(e, path, "", true, o, &files);
	}
	/* the list may have moved while the files were added */
	in = (struct bs_input_info *)&bs_explain_inputs(e, &n)[idx];
	snprintf(in->kind, sizeof(in->kind), "%s", kind);
	in->files = files;
	if (!files) {
		in->unreadable = true;
		snprintf(in->error, sizeof(in->error), "no kernel log found in this %s", kind);
		rc = -1;
	}
	return rc;
}
