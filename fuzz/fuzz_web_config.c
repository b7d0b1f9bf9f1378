// SPDX-License-Identifier: MIT
/*
 * fuzz_web_config.c - libFuzzer target for the exporter's own parsers:
 * the web config (libyaml underneath) and /proc/pressure/memory.
 *
 * Input layout: up to the first NUL byte the web config, after it the PSI
 * text.  Properties checked:
 *  - neither parser reads out of bounds or crashes, whatever the text;
 *  - a refused web config leaves nothing configured and says why;
 *  - an accepted one has TLS exactly when both files are named, and only
 *    users whose hash has bcrypt's shape; the password check runs on the
 *    cheap ones (cost <= 5) and never accepts a user not in the file.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"
#include "exporter/web_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bs_web_config c;
	const char *text = (const char *)data;
	const char *nul = memchr(data, 0, size);
	size_t ylen = nul ? (size_t)(nul - text) : size;
	char err[256] = "";
	struct bs_psi p;

	if (bs_web_config_parse(text, ylen, "/etc/buddyscope", &c, err, sizeof(err)) < 0) {
		if (!err[0] || c.tls || c.nr_users)
			abort();
	} else {
		if (c.tls != (c.cert_file[0] && c.key_file[0]) || c.nr_users > BS_WEB_MAX_USERS)
			abort();
		bool cheap = c.nr_users > 0;

		for (int i = 0; i < c.nr_users; i++) {
			const char *h = c.users[i].hash;

			if (strlen(h) != 60 || strncmp(h, "$2", 2))
				abort();
			if (h[4] == '0' && h[5] <= '5')
				bs_web_config_check(&c, c.users[i].name, "password");
			else
				cheap = false;
		}
		/* an unknown user costs one bcrypt at the first user's cost: only when that is cheap */
		if (cheap && bs_web_config_check(&c, "no such user: names cannot hold a colon", "password"))
			abort();
	}
	if (nul) {
		int bad = bs_psi_parse(nul + 1, size - ylen - 1, &p);

		if (bad < 0 || (p.has_some && !memchr(nul + 1, 's', size - ylen - 1)))
			abort();
	}
	return 0;
}
