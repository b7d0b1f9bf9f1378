/* SPDX-License-Identifier: MIT */
/*
 * facts.h - read the hand-written .facts files that sit next to each real
 * report fixture: "key: value" lines a person read off the report.
 */
#ifndef BS_TEST_FACTS_H
#define BS_TEST_FACTS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FACTS_MAX 512

struct fact {
	char key[128];
	char value[1024];
};

struct facts {
	struct fact f[FACTS_MAX];
	int n;
};

static inline void copy_trunc(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static inline int facts_load(const char *path, struct facts *fs)
{
	FILE *f = fopen(path, "r");
	char line[2048];

	fs->n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && fs->n < FACTS_MAX) {
		char *c = strstr(line, ": ");
		size_t l = strlen(line);

		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = '\0';
		if (!c || line[0] == '#' || line[0] == ' ')
			continue;
		*c = '\0';
		copy_trunc(fs->f[fs->n].key, sizeof(fs->f[fs->n].key), line);
		copy_trunc(fs->f[fs->n].value, sizeof(fs->f[fs->n].value), c + 2);
		fs->n++;
	}
	fclose(f);
	return 0;
}

static inline const char *facts_get(const struct facts *fs, const char *key)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].key, key))
			return fs->f[i].value;
	return NULL;
}

/* Read a whole file into a malloc'ed buffer (NUL-terminated); NULL on error. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* Where the fixtures are: $BS_SRCDIR or the current directory. */
static inline const char *srcdir(void)
{
	const char *s = getenv("BS_SRCDIR");

	return s && *s ? s : ".";
}

#endif
