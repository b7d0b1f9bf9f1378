/* SPDX-License-Identifier: MIT */
/*
 * textscan.h - tiny scanners over (pointer, length) text that is not
 * NUL-terminated: the log lines of logline.h.  All of them advance a
 * cursor only when they match, so a caller can try alternatives.
 */
#ifndef BS_TEXTSCAN_H
#define BS_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bs_scan {
	const char *p;
	const char *end;
};

static inline struct bs_scan bs_scan_init(const char *s, size_t len)
{
	struct bs_scan sc = { s, s + len };
	return sc;
}

static inline size_t bs_scan_left(const struct bs_scan *sc)
{
	return (size_t)(sc->end - sc->p);
}

static inline void bs_scan_skip_space(struct bs_scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t'))
		sc->p++;
}

/* Consume literal @lit if the text continues with it. */
static inline bool bs_scan_lit(struct bs_scan *sc, const char *lit)
{
	size_t n = strlen(lit);

	if (bs_scan_left(sc) < n || memcmp(sc->p, lit, n) != 0)
		return false;
	sc->p += n;
	return true;
}

/* Consume a decimal number (no sign). */
bool bs_scan_u64(struct bs_scan *sc, uint64_t *v);

/* Consume "0x" followed by hex digits, or bare hex digits when @need_0x is false. */
bool bs_scan_hex(struct bs_scan *sc, bool need_0x, uint64_t *v);

/*
 * Consume a GFP mask as the kernel prints it: "0x..." and, from 4.10 on,
 * its "(GFP_KERNEL|__GFP_COMP)" decode, copied into @sym (empty if absent).
 * False, nothing consumed, when no "0x" number comes first.
 */
bool bs_scan_mode(struct bs_scan *sc, uint64_t *mode, char *sym, size_t symsz, bool *has_sym);

/* memmem over the remaining text; pointer to the match or NULL. */
const char *bs_scan_find(const struct bs_scan *sc, const char *needle);

/* memmem(@t, @len, @needle, @nlen), without its set-up cost: for short text (report lines). */
const char *bs_find(const char *t, size_t len, const char *needle, size_t nlen);

/* Copy @len bytes of @s into @buf as a NUL-terminated string, truncating. */
void bs_copy(char *buf, size_t size, const char *s, size_t len);

/* bs_copy() of the whole C string @s. */
void bs_copy_str(char *buf, size_t size, const char *s);

#endif
