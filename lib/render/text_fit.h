/* SPDX-License-Identifier: MIT */
/*
 * text_fit.h - text for a terminal: the renderers write their lines as
 * they like, then bs_text_fit() folds every line wider than the terminal
 * at its words, continuing under the line's own value column ("Label:
 * value" lines, "  - " list items, "  1. " advice), leaves table rows
 * (aligned columns) whole, and colours FAIL, ok
 * and the verdict when the output is a terminal that wants colour.
 */
#ifndef BS_RENDER_TEXT_FIT_H
#define BS_RENDER_TEXT_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Default width: what a terminal shows without scrolling. */
#define BS_TEXT_WIDTH 80

struct bs_text_fit {
	int width;		/* columns; 0: no folding */
	bool color;		/* ANSI colour: FAIL red, ok green, the verdict's cause bold */
};

/*
 * Write the @len bytes of @text to @out, each line folded to @fit->width
 * columns (a word longer than a line is cut) and coloured if asked.  A
 * NULL @fit writes @text as it is.  0, or -1 when writing failed.
 */
int bs_text_fit_write(const char *text, size_t len, const struct bs_text_fit *fit, FILE *out);

/*
 * The memory stream renderers write into before bs_text_fit_write():
 * returns a stream, or NULL (errno).  bs_text_fit_end() closes it, fits its
 * text to @out and frees it; 0, or -1.
 */
struct bs_text_buf {
	char *text;
	size_t len;
	FILE *f;
};
FILE *bs_text_fit_begin(struct bs_text_buf *b);
int bs_text_fit_end(struct bs_text_buf *b, const struct bs_text_fit *fit, FILE *out);

#endif
