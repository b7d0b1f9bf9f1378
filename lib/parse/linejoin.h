/* SPDX-License-Identifier: MIT */
/*
 * linejoin.h - put a report line back together when mail or a terminal
 * broke it in two.
 *
 * A mail client breaks a long line at a space and drops the space (or
 * keeps it, format=flowed); a terminal copy cuts it at the column, in the
 * middle of a word or a number ("present:123" / "45kB").  Which one
 * happened decides whether the pieces join with a space or without, and
 * the kernel's own token grammar says which: zone lines are "key:NkB"
 * tokens, buddy lines "N*NkB (UM)" tokens, Mem-Info counters "key:N",
 * frames "func+0xN/0xN [mod]", headers "order:N, mode:0x..".  The joined
 * line that breaks fewer tokens wins; when both are equally good (free
 * text, lowmem_reserve numbers) the caller's knowledge of the input's
 * wrap style decides.
 */
#ifndef BS_LINEJOIN_H
#define BS_LINEJOIN_H

#include <stdbool.h>
#include <stddef.h>

enum bs_join {
	BS_JOIN_UNSURE,		/* both joins read as well: ask the wrap style */
	BS_JOIN_SPACE,		/* "a b": the break was at a space */
	BS_JOIN_DIRECT,		/* "ab": the break cut a token */
};

/*
 * bs_join_decide - how @a (the line so far, no trailing blank) and @b (the
 * next piece, no leading blank) go together
 * @scratch: room for @alen + @blen + 1 bytes
 */
enum bs_join bs_join_decide(const char *a, size_t alen, const char *b, size_t blen, char *scratch);

/*
 * Does @t look like the start of a line of a report by itself ("Node 0
 * DMA free:", "CPU: 3 PID:", a frame, "N pages RAM", a Mem-Info counter)?
 * Used to tell a continuation from a new line when neither has a stamp.
 */
bool bs_join_is_line_start(const char *t, size_t len);

/*
 * Does @t (no stamp, no prefix) go on the held line @held rather than
 * start a line of its own?  As bs_join_is_line_start(), but knowing what
 * was broken: a zone line goes on with "pages_scanned:0 ...", which by
 * itself would look like Mem-Info counters, and a frame line cut after
 * its address goes on with its function.
 */
bool bs_join_continues(const char *held, size_t hlen, const char *t, size_t len);

/*
 * bs_join_pr_cont - is @t, a record with its own stamp or prefix, a
 * KERN_CONT fragment of the record @held?
 *
 * Before 4.9 made pr_cont() reliable, and whenever another CPU printed in
 * between, syslog daemons and journald stored each KERN_CONT piece of a
 * Mem-Info as a record of its own: "lowmem_reserve[]:" then " 0", " 0",
 * " 62446"; "Node 0 " then "Normal free:..." or "DMA32: "; then one
 * record per "613*4kB ", "(UME) " and "= 250304kB"; "swapper/6: " then
 * "page allocation failure: order:0" then ", mode:0x..".  Only what the
 * kernel prints as a continuation of what @held still lacks is taken: a
 * number after a lowmem_reserve line, a zone name after "Node N", buddy
 * tokens before the line's "= NkB" total, the header's pieces.
 * @space is set to whether the pieces join with a blank.
 */
bool bs_join_pr_cont(const char *held, size_t hlen, const char *t, size_t len, bool *space);


#endif
