// SPDX-License-Identifier: MIT
/*
 * jsonrec.c - journal entries out of a JSON stream, through json-c's
 * incremental tokener.
 */
#include "jsonrec.h"

#include <errno.h>
#include <json.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct bs_jsonrec {
	struct json_tokener *tok;
	bs_jrecord_fn fn;
	void *ctx;
	bool in_object;		/* bytes of an object have been given to the tokener */
	bool skipping;		/* after a bad object: dropping bytes up to the next '\n' */
	size_t object_bytes;
	uint64_t records, bad;
	char *msg;		/* a byte-array MESSAGE, decoded */
	size_t msg_cap;
};

struct bs_jsonrec *bs_jsonrec_alloc(bs_jrecord_fn fn, void *ctx)
{
	struct bs_jsonrec *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	/* depth: an entry is flat, dmesg --json two levels; a little room for odd ones */
	j->tok = json_tokener_new_ex(16);
	if (!j->tok) {
		free(j);
		errno = ENOMEM;
		return NULL;
	}
	j->fn = fn;
	j->ctx = ctx;
	return j;
}

/* The first value of field @v: a field set twice is a list of its values. */
static struct json_object *first_value(struct json_object *v)
{
	if (v && json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0) {
		struct json_object *e = json_object_array_get_idx(v, 0);

		/* a list of values holds strings or byte arrays; a byte array holds numbers */
		if (json_object_is_type(e, json_type_string) || json_object_is_type(e, json_type_array))
			return e;
	}
	return v;
}

/* A string field, or an array of byte values, as bytes: *@p and *@n.  False if neither. */
static bool field_bytes(struct bs_jsonrec *j, struct json_object *v, const char **p, size_t *n)
{
	v = first_value(v);
	if (json_object_is_type(v, json_type_string)) {
		*p = json_object_get_string(v);
		*n = (size_t)json_object_get_string_len(v);
		return true;
	}
	if (json_object_is_type(v, json_type_array)) {
		size_t len = json_object_array_length(v);

		if (len > j->msg_cap) {
			char *b = realloc(j->msg, len);

			if (!b)
				return false;
			j->msg = b;
			j->msg_cap = len;
		}
		for (size_t i = 0; i < len; i++)
			j->msg[i] = (char)json_object_get_int(json_object_array_get_idx(v, i));
		*p = j->msg;
		*n = len;
		return true;
	}
	return false;
}

/* A decimal string (or number) of microseconds. */
static bool field_usec(struct json_object *v, uint64_t *out)
{
	const char *s;
	char *end;

	v = first_value(v);
	if (json_object_is_type(v, json_type_int)) {
		*out = (uint64_t)json_object_get_uint64(v);
		return true;
	}
	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return !*end && !errno;
}

static const char *field_string(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	v = first_value(v);
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* One journal object: journalctl's field names. */
static void journal_entry(struct bs_jsonrec *j, struct json_object *o)
{
	struct bs_jrecord r = { 0 };
	struct json_object *v = NULL;

	if (json_object_object_get_ex(o, "MESSAGE", &v))
		r.has_msg = field_bytes(j, v, &r.msg, &r.msg_len);
	if (json_object_object_get_ex(o, "__MONOTONIC_TIMESTAMP", &v))
		r.has_mono = field_usec(v, &r.mono_usec);
	if (json_object_object_get_ex(o, "__REALTIME_TIMESTAMP", &v))
		r.has_real = field_usec(v, &r.real_usec);
	r.host = field_string(o, "_HOSTNAME");
	r.transport = field_string(o, "_TRANSPORT");
	if (!r.has_msg) {
		j->bad++;
		return;
	}
	j->records++;
	j->fn(&r, j->ctx);
}

/* dmesg --json: {"dmesg":[{"pri":6,"time":12.345678,"msg":"..."}]}; "time" is seconds since boot. */
static void dmesg_entries(struct bs_jsonrec *j, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i), *v = NULL;
		struct bs_jrecord r = { 0 };

		if (!json_object_is_type(e, json_type_object) || !json_object_object_get_ex(e, "msg", &v) ||
		    !json_object_is_type(v, json_type_string)) {
			j->bad++;
			continue;
		}
		r.has_msg = true;
		r.msg = json_object_get_string(v);
		r.msg_len = (size_t)json_object_get_string_len(v);
		if (json_object_object_get_ex(e, "time", &v) &&
		    (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
			r.mono_sec = json_object_get_double(v);
			r.has_mono_sec = true;
		}
		j->records++;
		j->fn(&r, j->ctx);
	}
}

static void take_object(struct bs_jsonrec *j, struct json_object *o)
{
	struct json_object *arr = NULL;

	if (!json_object_is_type(o, json_type_object))
		j->bad++;
	else if (json_object_object_get_ex(o, "dmesg", &arr) && json_object_is_type(arr, json_type_array))
		dmesg_entries(j, arr);
	else
		journal_entry(j, o);
}

/* Drop a bad object: reset the tokener and skip to the next line. */
static void resync(struct bs_jsonrec *j)
{
	json_tokener_reset(j->tok);
	j->bad++;
	j->in_object = false;
	j->skipping = true;
	j->object_bytes = 0;
}

void bs_jsonrec_feed(struct bs_jsonrec *j, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		struct json_object *o;
		enum json_tokener_error err;
		size_t n, used;

		if (j->skipping) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (!nl)
				return;
			j->skipping = false;
			p = nl + 1;
			continue;
		}
		if (!j->in_object) {
			/* between objects: blank space and json-seq's record separators */
			while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == 0x1e))
				p++;
			if (p == end)
				return;
			j->in_object = true;
		}
		n = (size_t)(end - p);
		if (n > 1u << 30)
			n = 1u << 30;
		o = json_tokener_parse_ex(j->tok, p, (int)n);
		err = json_tokener_get_error(j->tok);
		if (err == json_tokener_continue) {
			j->object_bytes += n;
			if (j->object_bytes > BS_JSONREC_OBJECT_MAX)
				resync(j);
			p += n;
			continue;
		}
		used = json_tokener_get_parse_end(j->tok);
		if (used == 0 || used > n)
			used = n;
		if (err != json_tokener_success || !o) {
			resync(j);
			/* the line that broke may hold the start of the next object: skip only it */
			p += used;
			if (p > buf && p[-1] == '\n')
				j->skipping = false;
			continue;
		}
		take_object(j, o);
		json_object_put(o);
		json_tokener_reset(j->tok);
		j->in_object = false;
		j->object_bytes = 0;
		p += used;
	}
}

void bs_jsonrec_finish(struct bs_jsonrec *j)
{
	if (j->in_object) {
		/* a number at the very end is complete only now: give json-c its end */
		struct json_object *o = json_tokener_parse_ex(j->tok, "", 1);

		if (o) {
			take_object(j, o);
			json_object_put(o);
		} else {
			j->bad++;
		}
	}
	json_tokener_reset(j->tok);
	j->in_object = j->skipping = false;
	j->object_bytes = 0;
}

void bs_jsonrec_stats(const struct bs_jsonrec *j, uint64_t *records, uint64_t *bad)
{
	*records = j->records;
	*bad = j->bad;
}

void bs_jsonrec_free(struct bs_jsonrec *j)
{
	if (!j)
		return;
	json_tokener_free(j->tok);
	free(j->msg);
	free(j);
}
