// SPDX-License-Identifier: MIT
/*
 * read.c - one input from its path to explain's line reader: open it,
 * tell what it is by content, stack the decompressor, pick the record
 * reader, and note in explain's input list what was read and what failed.
 */
#include "read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "journal.h"
#include "jsonrec.h"
#include "record.h"
#include "proc/snapshot_archive.h"
#include "src.h"
#include "verbose.h"

#define CHUNK (1 << 20)
#define PEEK (64 * 1024)

struct feed_ctx {
	struct bs_explain *e;
	char *scratch;		/* BS_JRECORD_LINE_MAX bytes */
};

static void on_record(const struct bs_jrecord *r, void *ctx)
{
	struct feed_ctx *c = ctx;

	bs_jrecord_feed(c->e, r, c->scratch);
}

/* An input that could not be read at all, listed with why. */
static int unreadable(struct bs_explain *e, const char *name, const char *parent, const char *kind, const char *why)
{
	struct bs_input_info *in = bs_explain_input_add(e, name);

	if (in) {
		in->unreadable = true;
		snprintf(in->kind, sizeof(in->kind), "%s", kind);
		snprintf(in->parent, sizeof(in->parent), "%s", parent ? parent : "");
		snprintf(in->error, sizeof(in->error), "%s", why);
	}
	return -1;
}

/* One of the record readers, behind one face. */
struct records {
	enum bs_input_format fmt;
	struct bs_jsonrec *json;
	struct bs_export *exp;
	struct bs_verbose *verb;
};

static int records_alloc(struct records *r, enum bs_input_format fmt, struct feed_ctx *c)
{
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
	switch (fmt) {
	case BS_FORMAT_JSON:
	case BS_FORMAT_DMESG_JSON: return (r->json = bs_jsonrec_alloc(on_record, c)) ? 0 : -1;
	case BS_FORMAT_EXPORT: return (r->exp = bs_export_alloc(on_record, c)) ? 0 : -1;
	case BS_FORMAT_VERBOSE: return (r->verb = bs_verbose_alloc(on_record, c)) ? 0 : -1;
	default: return 0;
	}
}

static void records_feed(struct records *r, struct bs_explain *e, const char *buf, size_t n)
{
	if (r->json)
		bs_jsonrec_feed(r->json, buf, n);
	else if (r->exp)
		bs_export_feed(r->exp, buf, n);
	else if (r->verb)
		bs_verbose_feed(r->verb, buf, n);
	else
		bs_explain_feed(e, buf, n);
}

/* Finish and free; the entries read and those that were malformed. */
static void records_done(struct records *r, uint64_t *nrec, uint64_t *bad)
{
	*nrec = *bad = 0;
	if (r->json) {
		bs_jsonrec_finish(r->json);
		bs_jsonrec_stats(r->json, nrec, bad);
		bs_jsonrec_free(r->json);
	} else if (r->exp) {
		bs_export_finish(r->exp);
		bs_export_stats(r->exp, nrec, bad);
		bs_export_free(r->exp);
	} else if (r->verb) {
		bs_verbose_finish(r->verb);
		bs_verbose_stats(r->verb, nrec, bad);
		bs_verbose_free(r->verb);
	}
}

static int read_journal(struct bs_explain *e, enum bs_journal_where where, const char *path, const char *name,
			const char *parent, const struct bs_input_opts *o)
{
	struct feed_ctx c = { e, malloc(BS_JRECORD_LINE_MAX) };
	struct bs_input_info *in;
	char err[256] = "";
	uint64_t records = 0;
	int rc;

	if (o->on_open)
		o->on_open(e, -1, o->ctx);
	if (!c.scratch || bs_explain_begin(e, name) < 0) {
		free(c.scratch);
		return unreadable(e, name, parent, "journal", strerror(ENOMEM));
	}
	rc = bs_journal_walk(where, path, &o->journal, on_record, &c, &records, err, sizeof(err));
	bs_explain_end(e);
	free(c.scratch);
	in = bs_explain_input_last(e);
	if (in) {
		snprintf(in->kind, sizeof(in->kind), "journal");
		snprintf(in->parent, sizeof(in->parent), "%s", parent ? parent : "");
		in->records = records;
		if (rc < 0) {
			in->unreadable = !records;
			in->damaged = records > 0;
			snprintf(in->error, sizeof(in->error), "%s", err);
		} else if (!records && where != BS_JOURNAL_FILE && !o->journal.boot && !o->journal.has_since &&
			   !o->journal.has_until) {
			/* every booted kernel logs: none at all means no journal was found, not a quiet kernel */
			in->unreadable = true;
			rc = -1;
			snprintf(in->error, sizeof(in->error), "no kernel entry in the journal%s%.100s (is systemd-journald "
				 "running, or are /var/log/journal and /run/log/journal there?)",
				 path ? " of " : "", path ? path : "");
		}
	}
	return rc;
}

int bs_input_read_journal_dir(struct bs_explain *e, const char *path, const char *parent, bool root,
			      const struct bs_input_opts *o)
{
	return read_journal(e, root ? BS_JOURNAL_ROOT : BS_JOURNAL_DIR, path, path, parent, o);
}

int bs_input_read_journal(struct bs_explain *e, const char *root, const struct bs_input_opts *o)
{
	if (root)
		return read_journal(e, BS_JOURNAL_ROOT, root, root, NULL, o);
	return read_journal(e, BS_JOURNAL_LOCAL, NULL, "journal", NULL, o);
}

/* Stream @fd (named @name) through detection, decompression and its record reader. */
static int read_fd(struct bs_explain *e, int fd, const char *name, const char *path, const char *parent,
		   const struct bs_input_opts *o)
{
	struct bs_src *raw = bs_src_fd(fd), *src = raw;
	enum bs_input_codec codec = BS_CODEC_NONE;
	enum bs_input_format fmt;
	struct feed_ctx c = { e, NULL };
	struct bs_input_info *in;
	struct records rec;
	uint64_t nrec, bad;
	const char *p;
	char *buf = NULL, why[200] = "";
	size_t n;
	int rc = 0;

	if (!raw)
		return unreadable(e, name, parent, "unknown", strerror(ENOMEM));
	if (bs_src_peek(src, 16, &p, &n) < 0) {
		snprintf(why, sizeof(why), "%s", bs_src_error(src));
		bs_src_free(src);
		return unreadable(e, name, parent, "unknown", why);
	}
	codec = bs_input_detect_codec(p, n);
	if (codec != BS_CODEC_NONE) {
		src = bs_src_decoder(codec, src);
		if (src && o->threaded)
			src = bs_src_thread(src);
		if (!src)
			return unreadable(e, name, parent, bs_input_codec_name(codec), strerror(errno));
	}
	if (bs_src_peek(src, PEEK, &p, &n) < 0) {
		snprintf(why, sizeof(why), "%s", bs_src_error(src));
		bs_src_free(src);
		return unreadable(e, name, parent, codec ? bs_input_codec_name(codec) : "?", why);
	}
	fmt = bs_input_detect_format(p, n);
	if (fmt == BS_FORMAT_JOURNAL || fmt == BS_FORMAT_BINARY) {
		bs_src_free(src);
		if (fmt == BS_FORMAT_JOURNAL && path && !codec)
			return read_journal(e, BS_JOURNAL_FILE, path, name, parent, o);
		return unreadable(e, name, parent, bs_input_format_name(fmt),
				  fmt == BS_FORMAT_BINARY ? "binary data of no known format: not read"
							  : "a compressed or piped journal file: give the journal file's path");
	}
	if (o->on_open)
		o->on_open(e, fd, o->ctx);
	buf = malloc(CHUNK);
	c.scratch = malloc(BS_JRECORD_LINE_MAX);
	if (!buf || !c.scratch || records_alloc(&rec, fmt, &c) < 0 || bs_explain_begin(e, name) < 0) {
		free(buf);
		free(c.scratch);
		bs_src_free(src);
		return unreadable(e, name, parent, bs_input_format_name(fmt), strerror(ENOMEM));
	}
	for (;;) {
		ssize_t r = bs_src_read(src, buf, CHUNK);

		if (r == 0)
			break;
		if (r < 0) {
			snprintf(why, sizeof(why), "%s", bs_src_error(src));
			rc = -1;
			break;
		}
		records_feed(&rec, e, buf, (size_t)r);
	}
	records_done(&rec, &nrec, &bad);
	bs_explain_end(e);
	in = bs_explain_input_last(e);
	if (in) {
		if (codec)
			snprintf(in->kind, sizeof(in->kind), "%s+%s", bs_input_codec_name(codec), bs_input_format_name(fmt));
		else
			snprintf(in->kind, sizeof(in->kind), "%s", bs_input_format_name(fmt));
		snprintf(in->parent, sizeof(in->parent), "%s", parent ? parent : "");
		in->bytes = bs_src_fd_bytes(raw);
		in->records = nrec;
		if (rc < 0) {
			in->damaged = src->out > 0;
			in->unreadable = src->out == 0;
			snprintf(in->error, sizeof(in->error), "%s%s", why,
				 src->out ? ": what came before was read" : "");
		} else if (fmt != BS_FORMAT_TEXT && bad && !nrec) {
			in->damaged = true;
			rc = -1;
			snprintf(in->error, sizeof(in->error), "no %s entry could be parsed", bs_input_format_name(fmt));
		}
	}
	/* the thread source, if any, may still hold the raw source: free from the top */
	bs_src_free(src);
	free(buf);
	free(c.scratch);
	return rc;
}

int bs_input_read_file(struct bs_explain *e, const char *path, const char *parent, const struct bs_input_opts *o)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return unreadable(e, path, parent, "unknown", strerror(errno));
	rc = read_fd(e, fd, path, path, parent, o);
	close(fd);
	return rc;
}

int bs_input_read(struct bs_explain *e, const char *path, const struct bs_input_opts *o)
{
	struct stat st;

	if (!strcmp(path, "-"))
		return read_fd(e, STDIN_FILENO, "-", NULL, NULL, o);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return bs_input_read_dir(e, path, o);
	if (bs_snapshot_archive_probe(path))
		return bs_input_read_archive(e, path, NULL, o);
	return bs_input_read_file(e, path, NULL, o);
}
