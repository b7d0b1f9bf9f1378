// SPDX-License-Identifier: MIT
/*
 * journal.c - journals read once through <systemd/sd-journal.h> (the
 * only other user is lib/follow_journal.c, which keeps one open).
 */
#include "journal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-journal.h>

struct boot {
	char id[33];
	uint64_t first;		/* realtime of its first entry */
};

static int boot_cmp(const void *a, const void *b)
{
	const struct boot *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/*
 * journalctl's boot offsets: 1 the first boot of the journal, 2 the
 * second; 0 the last, -1 the one before.  @spec may also be a boot ID.
 * The boot ID into @id, or -1 with a reason.
 */
static int resolve_boot(sd_journal *j, const char *spec, char id[33], char *err, size_t errlen)
{
	struct boot *boots = NULL;
	size_t n = 0, cap = 0;
	const void *data;
	size_t len;
	char *end;
	long off;

	if (strlen(spec) == 32 && strspn(spec, "0123456789abcdefABCDEF") == 32) {
		snprintf(id, 33, "%s", spec);
		return 0;
	}
	errno = 0;
	off = strtol(spec, &end, 10);
	if (errno || *end || end == spec) {
		snprintf(err, errlen, "boot \"%s\": expected an offset (0, -1, 1...) or a 32-digit boot ID", spec);
		return -1;
	}
	if (sd_journal_query_unique(j, "_BOOT_ID") < 0) {
		snprintf(err, errlen, "cannot list the boots of the journal");
		return -1;
	}
	SD_JOURNAL_FOREACH_UNIQUE(j, data, len) {
		if (len != 9 + 32)
			continue;
		if (n == cap) {
			struct boot *b = realloc(boots, (cap = cap ? 2 * cap : 16) * sizeof(*b));

			if (!b) {
				free(boots);
				snprintf(err, errlen, "%s", strerror(ENOMEM));
				return -1;
			}
			boots = b;
		}
		memcpy(boots[n].id, (const char *)data + 9, 32);
		boots[n].id[32] = '\0';
		boots[n].first = UINT64_MAX;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		char match[9 + 33];

		snprintf(match, sizeof(match), "_BOOT_ID=%s", boots[i].id);
		sd_journal_flush_matches(j);
		if (sd_journal_add_match(j, match, 0) < 0 || sd_journal_seek_head(j) < 0 || sd_journal_next(j) <= 0 ||
		    sd_journal_get_realtime_usec(j, &boots[i].first) < 0)
			boots[i].first = UINT64_MAX;
	}
	sd_journal_flush_matches(j);
	qsort(boots, n, sizeof(*boots), boot_cmp);
	if (off > 0 ? (size_t)off > n : (size_t)-off >= n) {
		snprintf(err, errlen, "no boot %ld in the journal (it has %zu)", off, n);
		free(boots);
		return -1;
	}
	snprintf(id, 33, "%s", boots[off > 0 ? (size_t)off - 1 : n - 1 - (size_t)-off].id);
	free(boots);
	return 0;
}

const char *bs_journal_field(sd_journal *j, const char *name, char *buf, size_t cap)
{
	const void *data;
	size_t len, k = strlen(name) + 1;

	if (sd_journal_get_data(j, name, &data, &len) < 0 || len < k)
		return NULL;
	len -= k;
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, (const char *)data + k, len);
	buf[len] = '\0';
	return buf;
}

static int walk(sd_journal *j, const struct bs_journal_filter *f, bs_jrecord_fn fn, void *ctx, uint64_t *records,
		char *err, size_t errlen)
{
	char boot[33], host[256];
	int rc;

	if (f->boot && resolve_boot(j, f->boot, boot, err, errlen) < 0)
		return -1;
	if (sd_journal_add_match(j, "_TRANSPORT=kernel", 0) < 0) {
		snprintf(err, errlen, "cannot filter the journal");
		return -1;
	}
	if (f->boot) {
		char match[9 + 33];

		snprintf(match, sizeof(match), "_BOOT_ID=%s", boot);
		if (sd_journal_add_match(j, match, 0) < 0) {
			snprintf(err, errlen, "cannot filter the journal");
			return -1;
		}
	}
	rc = f->has_since ? sd_journal_seek_realtime_usec(j, (uint64_t)f->since_usec) : sd_journal_seek_head(j);
	while (rc >= 0 && (rc = sd_journal_next(j)) > 0) {
		struct bs_jrecord r = { 0 };
		const void *data;
		size_t len;
		sd_id128_t id;

		if (sd_journal_get_realtime_usec(j, &r.real_usec) >= 0)
			r.has_real = true;
		if (r.has_real && f->has_since && r.real_usec < (uint64_t)f->since_usec)
			continue;
		if (r.has_real && f->has_until && r.real_usec > (uint64_t)f->until_usec)
			break;
		r.has_mono = sd_journal_get_monotonic_usec(j, &r.mono_usec, &id) >= 0;
		if (sd_journal_get_data(j, "MESSAGE", &data, &len) < 0 || len < 8)
			continue;
		r.has_msg = true;
		r.msg = (const char *)data + 8;
		r.msg_len = len - 8;
		r.host = bs_journal_field(j, "_HOSTNAME", host, sizeof(host));
		r.transport = "kernel";
		(*records)++;
		fn(&r, ctx);
	}
	if (rc < 0) {
		snprintf(err, errlen, "reading the journal failed: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

int bs_journal_walk(enum bs_journal_where where, const char *path, const struct bs_journal_filter *f,
		    bs_jrecord_fn fn, void *ctx, uint64_t *records, char *err, size_t errlen)
{
	const char *paths[2] = { path, NULL };
	sd_journal *j = NULL;
	int rc;

	switch (where) {
	case BS_JOURNAL_FILE: rc = sd_journal_open_files(&j, paths, 0); break;
	case BS_JOURNAL_DIR: rc = sd_journal_open_directory(&j, path, 0); break;
	case BS_JOURNAL_ROOT: rc = sd_journal_open_directory(&j, path, SD_JOURNAL_OS_ROOT); break;
	default: rc = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY); break;
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot open the journal: %s", strerror(-rc));
		return -1;
	}
	rc = walk(j, f, fn, ctx, records, err, errlen);
	sd_journal_close(j);
	return rc;
}
