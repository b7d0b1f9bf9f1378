/* SPDX-License-Identifier: MIT */
/*
 * http.h - the exporter's HTTP server, through libmicrohttpd: /metrics
 * (the exposition of bs_exporter_write(), computed when scraped), / (a
 * page that links to it), 404 for any other path, optional TLS and basic
 * auth from the web config.
 *
 * Scrapes that arrive while one is computed wait for the next
 * computation that starts after them, and share it: a hundred scrapers
 * cost a few reads of /proc, not a hundred, and every answer is still
 * read after its request arrived.  Slow or silent clients are dropped
 * after BS_HTTP_TIMEOUT_S and never hold a worker: sockets are polled,
 * not read with blocking calls.  Requests whose headers exceed
 * BS_HTTP_MEMORY_LIMIT get 431 from libmicrohttpd.
 */
#ifndef BS_EXPORTER_HTTP_H
#define BS_EXPORTER_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "exporter.h"
#include "exporter/web_config.h"

#define BS_HTTP_THREADS		8
#define BS_HTTP_TIMEOUT_S	10
#define BS_HTTP_MAX_CONNECTIONS	512
#define BS_HTTP_MEMORY_LIMIT	(32 * 1024)

struct bs_http_opts {
	const char *listen;		/* "ADDR:PORT", "[ADDR6]:PORT" */
	const struct bs_web_config *web;	/* TLS and users, or NULL; kept until stop */
	struct bs_exporter_opts metrics;
};

struct bs_http;

/*
 * Parse @listen ("127.0.0.1:9101", "[::1]:9101", "localhost:9101",
 * ":9101" for every address) into @addr.  0, or -1 with a message in @err.
 */
int bs_http_parse_listen(const char *listen, struct sockaddr_storage *addr, char *err, size_t errlen);

/* Start serving in libmicrohttpd's threads.  The server, or NULL with a message in @err. */
struct bs_http *bs_http_start(const struct bs_http_opts *o, char *err, size_t errlen);

/* Stop serving: close the listening socket, finish the workers, free @h. */
void bs_http_stop(struct bs_http *h);

#endif
