// SPDX-License-Identifier: MIT
/*
 * kmsg_join.c - before a line reaches the state machine: the prefix
 * learned from the last header is stripped, and a stamped line is held
 * until the next says whether it goes on (mail clients and terminals
 * break long lines; linejoin.h decides how the pieces join).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/kmsg_internal.h"


void kmsg_release_held(struct bs_kmsg_parser *p)
{
	if (p->held) {
		p->held = false;
		kmsg_parse_line(p, &p->held_line);
	}
}

/*
 * kmsg_bare_pr_cont_head - a line with no stamp nor prefix that KERN_CONT
 * pieces may follow, each a bare line of its own (linejoin.h:
 * bs_join_pr_cont_open()).  Only short lines qualify: a piece ends where
 * the kernel began a new record, well before a full zone line's length.
 */
bool kmsg_bare_pr_cont_head(const struct bs_line *v)
{
	return v->len < 512 && bs_join_pr_cont_open(v->text, v->len);
}

/*
 * kmsg_normalize - strip the prefix the line reader did not know, and blanks
 *
 * A header line teaches the prefix before its message (prefix.h); lines
 * of the same shape lose it, and say so: they are framed like a stamped
 * line, which matters for telling them from the broken-off rest of a line.
 * A stamp inside the stripped prefix is kept.  RETURN VALUE: whether the
 * line is framed (stamped by its wrapper, or prefixed like the header).
 */
bool kmsg_normalize(struct bs_kmsg_parser *p, struct bs_line *v)
{
	const char *t0 = v->text;
	size_t k = p->prefix.n ? bs_prefix_match(&p->prefix, v->text, v->len) : 0;
	bool framed = v->has_wall || v->has_mono || k > 0;
	long ms;

	v->text += k;
	v->len -= k;
	ms = bs_prefix_message_start(v->text, v->len);
	if (ms > 0) {
		if (bs_prefix_learn(&p->prefix, t0, k + (size_t)ms))
			framed = true;
		v->text += ms;
		v->len -= (size_t)ms;
		k += (size_t)ms;
	} else if (ms == 0 && k == 0) {
		/* a header with nothing before it: the next prefix is its own */
		memset(&p->prefix, 0, sizeof(p->prefix));
	} else if (ms < 0 && k == 0 && (ms = bs_prefix_mm_start(v->text, v->len)) > 0) {
		/* no header taught a prefix this line has: a headless fragment's zone or buddy line does */
		if (bs_prefix_learn(&p->prefix, t0, (size_t)ms))
			framed = true;
		v->text += ms;
		v->len -= (size_t)ms;
		k = (size_t)ms;
	}
	if (k && !v->has_mono && bs_prefix_mono(t0, k, &v->mono))
		v->has_mono = true;
	while (v->len && (*v->text == ' ' || *v->text == '\t')) {
		v->text++;
		v->len--;
	}
	return framed;
}

/*
 * kmsg_lead_blank - what the blanks @t starts with say of the break
 * before it
 *
 * One or a few blanks: a mail client moved the space of its break to the
 * next line (BS_LEAD_SPACE).  A run of 32 columns or more is layout, not
 * text: a console or terminal pane that pads the rest of a cut line to a
 * column (185 blanks before "1024kB 0*2048kB ... = 2644kB" in a serial
 * capture), an author's alignment, journalctl's indent (BS_LEAD_LAYOUT):
 * the break may have cut a token, and only the token grammar can say so.
 * The kernel's own blank runs (the OOM task table, the taint field) are
 * shorter, so a cut inside one still joins with a space.  Tabs count as
 * 8 columns.
 */
int kmsg_lead_blank(const char *t, size_t len)
{
	size_t col = 0;

	for (size_t i = 0; i < len && (t[i] == ' ' || t[i] == '\t'); i++)
		col += t[i] == '\t' ? 8 : 1;
	return col == 0 ? BS_LEAD_NONE : col < 32 ? BS_LEAD_SPACE : BS_LEAD_LAYOUT;
}

/*
 * kmsg_join_line - @v goes on the held line: append it, with a space or not
 *
 * A space or blank at the break says the break was at a space.
 * Otherwise the kernel's token grammar decides (linejoin.h), and what it
 * decides teaches the input's wrap style: a cut mid-token at column W
 * means a terminal copy, whose lines of exactly W bytes are all cut.
 */
void kmsg_join_line(struct bs_kmsg_parser *p, const struct bs_line *v, int lead)
{
	struct bs_line *h = &p->held_line;
	bool trail = h->len && (h->text[h->len - 1] == ' ' || h->text[h->len - 1] == '\t');
	bool space = true;

	while (h->len && (h->text[h->len - 1] == ' ' || h->text[h->len - 1] == '\t'))
		h->len--;
	if (!trail && lead == BS_LEAD_LAYOUT && h->len && v->len) {
		/* padding says nothing of the wrap style: only a cut token joins */
		space = bs_join_decide(h->text, h->len, v->text, v->len, p->join_scratch) != BS_JOIN_DIRECT;
	} else if (!trail && lead == BS_LEAD_NONE && h->len && v->len) {
		switch (bs_join_decide(h->text, h->len, v->text, v->len, p->join_scratch)) {
		case BS_JOIN_DIRECT:
			space = false;
			p->hard_width = p->held_raw_len;
			break;
		case BS_JOIN_SPACE:
			p->hard_width = 0;
			break;
		case BS_JOIN_UNSURE:
			space = !(p->hard_width && p->held_raw_len == p->hard_width);
			break;
		}
		/*
		 * Broken lines all of one length: a terminal's column, whatever
		 * the grammar could not say.  Mail breaks lines at spaces, at
		 * varying lengths, and one such is enough to rule it out.
		 */
		if (!p->cut_len) {
			p->cut_len = p->held_raw_len;
		} else if (p->held_raw_len != p->cut_len) {
			p->cut_mixed = true;
		} else if (++p->cut_same >= 2 && !p->cut_mixed && !p->hard_width) {
			p->hard_width = p->cut_len;
		}
	}
	if (space && h->len)
		p->held_text[h->len++] = ' ';
	memcpy(p->held_text + h->len, v->text, v->len);
	h->len += v->len;
	p->held_raw_len = v->raw_len;
	if (v->truncated || v->binary) {
		h->truncated |= v->truncated;
		h->binary |= v->binary;
	}
}
