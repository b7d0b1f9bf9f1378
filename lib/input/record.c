// SPDX-License-Identifier: MIT
/*
 * record.c - a journal entry written as the line explain reads.
 */
#include "record.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool bs_jrecord_is_kernel(const struct bs_jrecord *r)
{
	return !r->transport || !strcmp(r->transport, "kernel");
}

/* The stamp and host part: "2023-04-29T13:54:31.000000+00:00 host kernel: [ 5012.345678] ". */
static size_t prefix(const struct bs_jrecord *r, char *out, size_t cap)
{
	size_t n = 0;

	if (r->has_real) {
		time_t t = (time_t)(r->real_usec / 1000000);
		struct tm tm;
		char host[65];
		size_t h = 0;

		/* the host is one word to the line reader: spaces would end it */
		for (const char *p = r->host ? r->host : ""; *p && h < sizeof(host) - 1; p++)
			host[h++] = (*p == ' ' || (unsigned char)*p < 0x20) ? '_' : *p;
		host[h] = '\0';
		gmtime_r(&t, &tm);
		n += strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
		n += (size_t)snprintf(out + n, cap - n, ".%06u+00:00 %s kernel: ",
				      (unsigned)(r->real_usec % 1000000), h ? host : "localhost");
	}
	if (r->has_mono)
		n += (size_t)snprintf(out + n, cap - n, "[%5llu.%06u] ", (unsigned long long)(r->mono_usec / 1000000),
				      (unsigned)(r->mono_usec % 1000000));
	else if (r->has_mono_sec && r->mono_sec >= 0 && r->mono_sec < 1e12)
		n += (size_t)snprintf(out + n, cap - n, "[%12.6f] ", r->mono_sec);
	return n;
}

bool bs_jrecord_feed(struct bs_explain *e, const struct bs_jrecord *r, char *scratch)
{
	const char *p, *end;

	if (!r->has_msg || !bs_jrecord_is_kernel(r))
		return false;
	p = r->msg;
	end = r->msg + r->msg_len;
	do {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		size_t n = prefix(r, scratch, 256);

		if (len > BS_LINE_MAX)
			len = BS_LINE_MAX;
		memcpy(scratch + n, p, len);
		n += len;
		scratch[n++] = '\n';
		bs_explain_feed(e, scratch, n);
		p = nl ? nl + 1 : end;
	} while (p < end);
	return true;
}
