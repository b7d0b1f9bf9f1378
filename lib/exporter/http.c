// SPDX-License-Identifier: MIT
/*
 * http.c - the exporter's HTTP server (http.h) over libmicrohttpd, and
 * the single-flight that lets concurrent scrapes share one computation.
 */
#include "exporter/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define REALM		"buddyscope"

static const char landing[] =
	"<html><head><title>buddyscope exporter</title></head><body>\n"
	"<h1>buddyscope exporter</h1>\n"
	"<p>Why the kernel would fail an allocation now, and the failures it logged: "
	"<a href=\"metrics\">metrics</a></p>\n"
	"</body></html>\n";

struct bs_http {
	struct MHD_Daemon *d;
	struct bs_http_opts o;
	/* single-flight: scrapes wait for a computation started after they came */
	pthread_mutex_t lock;
	pthread_cond_t done;
	bool computing;
	uint64_t started;		/* computations started */
	uint64_t result_run;		/* the computation @result comes from (1-based), 0 none */
	char *result;
	size_t result_len;
	int result_errno;		/* 0, or why the last computation failed */
};

int bs_http_parse_listen(const char *listen, struct sockaddr_storage *addr, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICSERV | AI_PASSIVE, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	char host[256];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	int rc;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) || strlen(colon + 1) > 5 ||
	    atoi(colon + 1) > 65535) {
		snprintf(err, errlen, "\"%s\": expected ADDR:PORT, e.g. 127.0.0.1:9858 or [::1]:9858", listen);
		return -1;
	}
	hl = (size_t)(colon - listen);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof(host)) {
		snprintf(err, errlen, "\"%s\": address too long", listen);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	rc = getaddrinfo(hl ? host : NULL, colon + 1, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "\"%s\": %s", listen, gai_strerror(rc));
		return -1;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

/* One computation of the exposition into @h->result (called without the lock). */
static void compute(struct bs_http *h, char **buf, size_t *len, int *e)
{
	char err[256];
	FILE *f = open_memstream(buf, len);

	*e = 0;
	if (!f) {
		*e = errno;
		return;
	}
	if (bs_exporter_write(&h->o.metrics, f, err, sizeof(err)) < 0)
		*e = errno ? errno : EIO;
	if (fclose(f) == EOF && !*e)
		*e = errno;
}

/*
 * The exposition for a scrape that arrived now, copied into a new buffer
 * (*@out, *@len), or NULL with errno.  Waits for the computation in
 * progress to end when it started before us, then uses or starts the next.
 */
static char *scrape(struct bs_http *h, size_t *len)
{
	uint64_t arrived;
	char *out = NULL;

	pthread_mutex_lock(&h->lock);
	arrived = h->started;
	for (;;) {
		if (h->result_run > arrived) {
			/* computed from /proc after we arrived: ours too */
			errno = h->result_errno;
			if (!h->result_errno && (out = malloc(h->result_len ? h->result_len : 1)))
				memcpy(out, h->result, h->result_len);
			*len = h->result_len;
			break;
		}
		if (!h->computing) {
			char *buf = NULL;
			size_t n = 0;
			int e;

			h->computing = true;
			h->started++;
			pthread_mutex_unlock(&h->lock);
			compute(h, &buf, &n, &e);
			pthread_mutex_lock(&h->lock);
			free(h->result);
			h->result = buf;
			h->result_len = n;
			h->result_errno = e;
			h->result_run = h->started;
			h->computing = false;
			pthread_cond_broadcast(&h->done);
			continue;
		}
		pthread_cond_wait(&h->done, &h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	return out;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, void *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result rc;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	return reply(c, status, "text/plain; charset=utf-8", (void *)msg, strlen(msg), MHD_RESPMEM_PERSISTENT);
}

/* Basic auth against the web config's users; true when none are configured. */
static bool authorised(const struct bs_http *h, struct MHD_Connection *c)
{
	char *pass = NULL, *user;
	bool ok;

	if (!h->o.web || !h->o.web->nr_users)
		return true;
	user = MHD_basic_auth_get_username_password(c, &pass);
	ok = user && pass && bs_web_config_check(h->o.web, user, pass);
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		MHD_free(pass);
	}
	MHD_free(user);
	return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct bs_http *h = cls;
	char *body;
	size_t len;

	(void)version;
	(void)upload;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
	if (*upload_size)
		return text(c, MHD_HTTP_BAD_REQUEST, "a scrape has no body\n");
	if (!authorised(h, c)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(strlen("unauthorized\n"), (void *)"unauthorized\n",
									 MHD_RESPMEM_PERSISTENT);
		enum MHD_Result rc;

		if (!r)
			return MHD_NO;
		rc = MHD_queue_basic_auth_fail_response(c, REALM, r);
		MHD_destroy_response(r);
		return rc;
	}
	if (!strcmp(url, "/"))
		return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", (void *)landing, strlen(landing),
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return text(c, MHD_HTTP_NOT_FOUND, "not found: the metrics are at /metrics\n");
	body = scrape(h, &len);
	if (!body)
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "computing the metrics failed\n");
	return reply(c, MHD_HTTP_OK, CONTENT_TYPE, body, len, MHD_RESPMEM_MUST_FREE);
}

struct bs_http *bs_http_start(const struct bs_http_opts *o, char *err, size_t errlen)
{
	struct sockaddr_storage addr;
	struct bs_http *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	bool tls = o->web && o->web->tls;

	if (bs_http_parse_listen(o->listen, &addr, err, errlen) < 0)
		return NULL;
	if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		snprintf(err, errlen, "this libmicrohttpd was built without TLS");
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->o = *o;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->done, NULL);
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (tls)
		flags |= MHD_USE_TLS;
	{
		struct MHD_OptionItem tls_opts[] = {
			{ MHD_OPTION_HTTPS_MEM_CERT, 0, tls ? o->web->cert_pem : NULL },
			{ MHD_OPTION_HTTPS_MEM_KEY, 0, tls ? o->web->key_pem : NULL },
			{ MHD_OPTION_END, 0, NULL },
		};

		/* the TLS options only with MHD_USE_TLS: libmicrohttpd refuses them otherwise */
		h->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, h,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
					MHD_OPTION_THREAD_POOL_SIZE, (unsigned)BS_HTTP_THREADS,
					MHD_OPTION_CONNECTION_LIMIT, (unsigned)BS_HTTP_MAX_CONNECTIONS,
					MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)BS_HTTP_TIMEOUT_S,
					MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)BS_HTTP_MEMORY_LIMIT,
					MHD_OPTION_ARRAY, tls ? tls_opts : &tls_opts[2],
					MHD_OPTION_END);
	}
	if (!h->d) {
		snprintf(err, errlen, "cannot listen on %s: %s%s", o->listen, errno ? strerror(errno) : "failed",
			 tls ? " (or the certificate and key were refused)" : "");
		bs_http_stop(h);
		return NULL;
	}
	return h;
}

void bs_http_stop(struct bs_http *h)
{
	if (!h)
		return;
	if (h->d)
		MHD_stop_daemon(h->d);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->done);
	free(h->result);
	free(h);
}
