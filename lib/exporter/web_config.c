// SPDX-License-Identifier: MIT
/*
 * web_config.c - the exporter-toolkit web configuration (web_config.h):
 * the YAML read with libyaml's document API, passwords checked with
 * libcrypt's bcrypt.
 */
#include "exporter/web_config.h"

#include <crypt.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "proc/fileio.h"

#define MAX_PEM	(1 << 20)

static int fail(char *err, size_t errlen, const yaml_node_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (at)
		n = snprintf(err, errlen, "line %lu: ", (unsigned long)at->start_mark.line + 1);
	if (n < 0 || (size_t)n >= errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

/* A scalar's text, or NULL when @n is not a scalar. */
static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A scalar that YAML reads as null ("", "~", "null"): an empty section. */
static bool is_null(const yaml_node_t *n)
{
	const char *s = scalar(n);

	return s && (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"));
}

/* @dir/@name into @out unless @name is absolute. */
static int resolve(const char *dir, const char *name, char *out, size_t len)
{
	int n = name[0] == '/' || !dir ? snprintf(out, len, "%s", name) : snprintf(out, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int tls_section(yaml_document_t *d, const yaml_node_t *m, const char *dir, struct bs_web_config *c,
		       char *err, size_t errlen)
{
	if (is_null(m))
		return 0;
	if (m->type != YAML_MAPPING_NODE)
		return fail(err, errlen, m, "tls_server_config: expected a mapping");
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yaml_document_get_node(d, p->key), *v = yaml_document_get_node(d, p->value);
		const char *key = scalar(k), *val = scalar(v);
		char *out;

		if (!key)
			return fail(err, errlen, k, "tls_server_config: keys must be plain names");
		if (!strcmp(key, "cert_file"))
			out = c->cert_file;
		else if (!strcmp(key, "key_file"))
			out = c->key_file;
		else
			return fail(err, errlen, k, "tls_server_config.%s: not supported by buddyscope exporter "
				    "(only cert_file and key_file)", key);
		if (!val || !*val)
			return fail(err, errlen, v, "tls_server_config.%s: expected a file name", key);
		if (resolve(dir, val, out, BS_WEB_PATH_MAX) < 0)
			return fail(err, errlen, v, "tls_server_config.%s: path too long", key);
	}
	if (!c->cert_file[0] != !c->key_file[0])
		return fail(err, errlen, m, "tls_server_config: cert_file and key_file go together");
	c->tls = c->cert_file[0] != '\0';
	return 0;
}

/* A bcrypt hash as crypt(3) writes it: $2a$/$2b$/$2y$, two-digit cost, 53 characters of salt and hash. */
static bool bcrypt_shape(const char *h)
{
	if (strlen(h) != 60 || h[0] != '$' || h[1] != '2' || !strchr("aby", h[2]) || h[3] != '$' ||
	    h[4] < '0' || h[4] > '3' || h[5] < '0' || h[5] > '9' || h[6] != '$')
		return false;
	return strspn(h + 7, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == 53;
}

static int users_section(yaml_document_t *d, const yaml_node_t *m, struct bs_web_config *c, char *err,
			 size_t errlen)
{
	if (is_null(m))
		return 0;
	if (m->type != YAML_MAPPING_NODE)
		return fail(err, errlen, m, "basic_auth_users: expected a mapping of user: bcrypt hash");
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yaml_document_get_node(d, p->key), *v = yaml_document_get_node(d, p->value);
		const char *user = scalar(k), *hash = scalar(v);
		struct bs_web_user *u;

		if (!user || !*user || strlen(user) >= BS_WEB_NAME_MAX || strchr(user, ':'))
			return fail(err, errlen, k, "basic_auth_users: invalid user name");
		if (!hash || !bcrypt_shape(hash))
			return fail(err, errlen, v, "basic_auth_users.%s: not a bcrypt hash ($2y$..., 60 characters; "
				    "htpasswd -nBC 10 USER makes one)", user);
		for (int i = 0; i < c->nr_users; i++)
			if (!strcmp(c->users[i].name, user))
				return fail(err, errlen, k, "basic_auth_users.%s: given twice", user);
		if (c->nr_users >= BS_WEB_MAX_USERS)
			return fail(err, errlen, k, "basic_auth_users: more than %d users", BS_WEB_MAX_USERS);
		u = &c->users[c->nr_users++];
		snprintf(u->name, sizeof(u->name), "%s", user);
		snprintf(u->hash, sizeof(u->hash), "%s", hash);
	}
	return 0;
}

static int document(yaml_document_t *d, const char *dir, struct bs_web_config *c, char *err, size_t errlen)
{
	const yaml_node_t *root = yaml_document_get_root_node(d);

	if (!root || is_null(root))
		return 0;	/* an empty file: plain HTTP, no users, as exporter-toolkit reads it */
	if (root->type != YAML_MAPPING_NODE)
		return fail(err, errlen, root, "expected a mapping at the top");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yaml_document_get_node(d, p->key), *v = yaml_document_get_node(d, p->value);
		const char *key = scalar(k);
		int rc;

		if (!key)
			return fail(err, errlen, k, "keys must be plain names");
		if (!v)
			return fail(err, errlen, k, "%s: no value", key);
		if (!strcmp(key, "tls_server_config"))
			rc = tls_section(d, v, dir, c, err, errlen);
		else if (!strcmp(key, "basic_auth_users"))
			rc = users_section(d, v, c, err, errlen);
		else if (!strcmp(key, "http_server_config") && is_null(v))
			rc = 0;
		else
			rc = fail(err, errlen, k, "%s: not supported by buddyscope exporter "
				  "(tls_server_config and basic_auth_users are)", key);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int bs_web_config_parse(const char *buf, size_t len, const char *dir, struct bs_web_config *c, char *err,
			size_t errlen)
{
	yaml_parser_t parser;
	yaml_document_t d;
	int rc;

	memset(c, 0, sizeof(*c));
	if (!yaml_parser_initialize(&parser)) {
		errno = ENOMEM;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &d)) {
		rc = fail(err, errlen, NULL, "line %lu: %s", (unsigned long)parser.problem_mark.line + 1,
			  parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return rc;
	}
	rc = document(&d, dir, c, err, errlen);
	yaml_document_delete(&d);
	yaml_parser_delete(&parser);
	if (rc < 0) {
		int e = errno;

		memset(c, 0, sizeof(*c));
		errno = e;
	}
	return rc;
}

int bs_web_config_load(const char *path, struct bs_web_config *c, char *err, size_t errlen)
{
	size_t len;
	char *buf = bs_read_whole(path, &len), *copy, *dir;
	int rc;

	if (!buf) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	copy = strdup(path);
	if (!copy) {
		free(buf);
		snprintf(err, errlen, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	dir = dirname(copy);
	rc = bs_web_config_parse(buf, len, dir, c, err, errlen);
	free(buf);
	free(copy);
	if (rc < 0 || !c->tls)
		return rc;
	c->cert_pem = bs_read_at("/", c->cert_file[0] == '/' ? c->cert_file + 1 : c->cert_file, MAX_PEM, &len);
	if (!c->cert_pem) {
		snprintf(err, errlen, "cert_file %s: %s", c->cert_file, strerror(errno));
		return -1;
	}
	c->key_pem = bs_read_at("/", c->key_file[0] == '/' ? c->key_file + 1 : c->key_file, MAX_PEM, &len);
	if (!c->key_pem) {
		int e = errno;

		snprintf(err, errlen, "key_file %s: %s", c->key_file, strerror(e));
		bs_web_config_release(c);
		errno = e;
		return -1;
	}
	return 0;
}

void bs_web_config_release(struct bs_web_config *c)
{
	free(c->cert_pem);
	if (c->key_pem) {
		/* the private key does not linger in freed memory */
		explicit_bzero(c->key_pem, strlen(c->key_pem));
		free(c->key_pem);
	}
	c->cert_pem = c->key_pem = NULL;
}

/* Equal strings, in time that depends on the length alone. */
static bool same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;

	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return !diff;
}

bool bs_web_config_check(const struct bs_web_config *c, const char *user, const char *password)
{
	/* an unknown user still costs one bcrypt, against a hash of the same cost as the first user's */
	static const char dummy[] = "$2y$10$abcdefghijklmnopqrstuu7bX5iCbCW3QLgjzXgrbZEddiNrhvKlu";
	const struct bs_web_user *u = NULL;
	struct crypt_data *cd;
	const char *h, *hash;
	bool ok;

	for (int i = 0; i < c->nr_users && !u; i++)
		if (!strcmp(c->users[i].name, user))
			u = &c->users[i];
	hash = u ? u->hash : c->nr_users ? c->users[0].hash : dummy;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return false;
	h = crypt_r(password, hash, cd);
	ok = u && h && h[0] != '*' && same(h, hash);
	free(cd);
	return ok;
}
