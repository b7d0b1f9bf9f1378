/* SPDX-License-Identifier: MIT */
/*
 * web_config.h - the exporter-toolkit web configuration file Prometheus
 * exporters share (--web.config.file), the part buddyscope serves:
 *
 *   tls_server_config:
 *     cert_file: server.crt        # PEM; relative paths from the file's directory
 *     key_file: server.key
 *   basic_auth_users:
 *     alice: $2y$10$...            # bcrypt hashes (htpasswd -nBC 10)
 *
 * Parsed with libyaml from a buffer.  Keys this exporter does not
 * implement (client_auth_type, client_ca_file, min_version, cipher_suites,
 * http_server_config, ...) are refused with their name rather than
 * ignored: a file that asks for client certificates must not be served
 * without them.
 */
#ifndef BS_EXPORTER_WEB_CONFIG_H
#define BS_EXPORTER_WEB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define BS_WEB_MAX_USERS	64
#define BS_WEB_NAME_MAX		128
#define BS_WEB_PATH_MAX		4096

struct bs_web_user {
	char name[BS_WEB_NAME_MAX];
	char hash[BS_WEB_NAME_MAX];	/* "$2y$10$..." */
};

struct bs_web_config {
	bool tls;
	char cert_file[BS_WEB_PATH_MAX], key_file[BS_WEB_PATH_MAX];	/* resolved */
	struct bs_web_user users[BS_WEB_MAX_USERS];
	int nr_users;
	char *cert_pem, *key_pem;	/* bs_web_config_load(): the files' contents */
};

/*
 * Parse the YAML text @buf into @c (zeroed first); relative file names
 * are resolved against @dir (NULL: as given).  Returns 0, or -1 with
 * errno EINVAL and, in @err, what is wrong and where ("line 3: ...").
 */
int bs_web_config_parse(const char *buf, size_t len, const char *dir, struct bs_web_config *c, char *err,
			size_t errlen);

/*
 * Read and parse the file @path, then read the certificate and key it
 * names.  Returns 0, or -1 with errno and a message in @err.
 */
int bs_web_config_load(const char *path, struct bs_web_config *c, char *err, size_t errlen);

/* Free what bs_web_config_load() read (the struct itself is the caller's). */
void bs_web_config_release(struct bs_web_config *c);

/*
 * Whether @password is @user's: its bcrypt hash recomputed with
 * crypt_r() (libxcrypt: $2a$, $2b$, $2y$) and compared in constant time.
 * False for an unknown user (after the same work, so timing does not
 * tell users apart).
 */
bool bs_web_config_check(const struct bs_web_config *c, const char *user, const char *password);

#endif
