// SPDX-License-Identifier: MIT
/*
 * lost_lines.c - the lines a logger says it lost: journald's "Missed N
 * kernel messages", printk's "** N printk messages dropped **", rsyslog
 * imjournal's "N messages lost due to rate-limiting".  A report around
 * such a line may lack lines nobody can read back, and says so rather
 * than pass for whole (its header may be among them: a Mem-Info right
 * after "Missed 4505 kernel messages" is a failure's, not a SysRq-m).
 */
#include <string.h>

#include "parse/kmsg_internal.h"

/* "<N><tail>" at @t: the count, or false. */
static bool count_then(const char *t, size_t len, const char *tail, uint64_t *n)
{
	struct bs_scan sc = bs_scan_init(t, len);

	return bs_scan_u64(&sc, n) && bs_scan_lit(&sc, tail);
}

bool bs_kmsg_lost_lines(const struct bs_line *l, uint64_t *n, const char **who)
{
	const char *t = l->text, *m;
	size_t len = l->len;

	/* systemd-journald (src/journal/journald-kmsg.c): "Missed %llu kernel messages" */
	if (len > 22 && !memcmp(t, "Missed ", 7) && count_then(t + 7, len - 7, " kernel messages", n)) {
		*who = "journald";
		return true;
	}
	/* kernel/printk/printk.c, console_unlock(): "** %u printk messages dropped **" */
	if (len > 30 && !memcmp(t, "** ", 3) && count_then(t + 3, len - 3, " printk messages dropped", n)) {
		*who = "printk (the console)";
		return true;
	}
	/* rsyslog's imjournal: "imjournal: 1234 messages lost due to rate-limiting" */
	m = len > 40 ? memmem(t, len, "imjournal: ", 11) : NULL;
	if (m && count_then(m + 11, len - (size_t)(m + 11 - t), " messages lost due to rate-limiting", n)) {
		*who = "rsyslog (imjournal)";
		return true;
	}
	return false;
}

void bs_kmsg_parser_lost(struct bs_kmsg_parser *p, const struct bs_line *l)
{
	p->lost_line = l->lineno ? l->lineno : 1;
	for (int i = 0; i < MAX_OPEN; i++)
		if (p->slots[i].open)
			p->slots[i].rep.gaps |= BS_GAP_LOST_LINES;
}

/* @r closes: lost lines just before its first line may have held its start. */
void kmsg_mark_lost(const struct bs_kmsg_parser *p, struct bs_report *r)
{
	if (p->lost_line && r->first_line >= p->lost_line && r->first_line - p->lost_line <= LOST_LINES_NEAR)
		r->gaps |= BS_GAP_LOST_LINES;
}
