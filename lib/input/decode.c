// SPDX-License-Identifier: MIT
/*
 * decode.c - decompressing sources over Debian's libraries: zlib for
 * gzip, liblzma for xz, libzstd for zstd, libbz2 for bzip2.  One loop
 * serves all four; each codec only says how to start, how to turn input
 * into output, and how to start again on the next concatenated stream.
 *
 * Damage is told apart from the end: input that ends inside a stream is
 * "truncated", data the library rejects is "corrupt", and in both cases
 * every byte decoded before is handed out first.
 */
#include "src.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define INBUF (256 * 1024)

/* One step's result. */
enum step {
	STEP_OK,		/* went on; call again */
	STEP_STREAM_END,	/* a stream (member, frame) ended */
	STEP_ERROR,		/* corrupt data: dec->why says how */
};

struct decoder {
	struct bs_src base;
	enum bs_input_codec codec;
	struct bs_src *inner;
	char *in;
	size_t in_len, in_off;
	bool in_eof;		/* the inner source has ended */
	bool in_stream;		/* inside a stream: its end has not been seen */
	bool finished;		/* the end, or a failure, was met */
	bool failed;
	char why[160];
	union {
		z_stream z;
		lzma_stream x;
		ZSTD_DCtx *zs;
		bz_stream bz;
	} u;
	bool live;		/* u holds a started decoder */
};

/* Start (or start again) the codec's decoder; false when out of memory. */
static bool codec_start(struct decoder *d)
{
	switch (d->codec) {
	case BS_CODEC_GZIP:
		if (d->live)
			return inflateReset(&d->u.z) == Z_OK;
		memset(&d->u.z, 0, sizeof(d->u.z));
		/* 15 + 32: any window, gzip or zlib header */
		d->live = inflateInit2(&d->u.z, 15 + 32) == Z_OK;
		return d->live;
	case BS_CODEC_XZ: {
		lzma_stream init = LZMA_STREAM_INIT;

		/* LZMA_CONCATENATED reads every stream of an xz file, as xz -d does */
		d->u.x = init;
		d->live = lzma_stream_decoder(&d->u.x, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
		return d->live;
	}
	case BS_CODEC_ZSTD:
		if (!d->live)
			d->u.zs = ZSTD_createDCtx();
		d->live = d->u.zs != NULL;
		return d->live;
	case BS_CODEC_BZIP2:
		if (d->live)
			BZ2_bzDecompressEnd(&d->u.bz);
		memset(&d->u.bz, 0, sizeof(d->u.bz));
		d->live = BZ2_bzDecompressInit(&d->u.bz, 0, 0) == BZ_OK;
		return d->live;
	default:
		return false;
	}
}

static void codec_end(struct decoder *d)
{
	if (!d->live)
		return;
	switch (d->codec) {
	case BS_CODEC_GZIP: inflateEnd(&d->u.z); break;
	case BS_CODEC_XZ: lzma_end(&d->u.x); break;
	case BS_CODEC_ZSTD: ZSTD_freeDCtx(d->u.zs); break;
	case BS_CODEC_BZIP2: BZ2_bzDecompressEnd(&d->u.bz); break;
	default: break;
	}
	d->live = false;
}

/* Decode from d->in into @out; *@in_used and *@out_made say how much. */
static enum step codec_step(struct decoder *d, char *out, size_t cap, size_t *in_used, size_t *out_made)
{
	const char *in = d->in + d->in_off;
	size_t avail = d->in_len - d->in_off;

	switch (d->codec) {
	case BS_CODEC_GZIP: {
		z_stream *z = &d->u.z;
		int rc;

		z->next_in = (Bytef *)(uintptr_t)in;
		z->avail_in = (uInt)avail;
		z->next_out = (Bytef *)out;
		z->avail_out = (uInt)cap;
		rc = inflate(z, Z_NO_FLUSH);
		*in_used = avail - z->avail_in;
		*out_made = cap - z->avail_out;
		if (rc == Z_STREAM_END)
			return STEP_STREAM_END;
		if (rc == Z_OK || rc == Z_BUF_ERROR)
			return STEP_OK;
		snprintf(d->why, sizeof(d->why), "%s", z->msg ? z->msg : zError(rc));
		return STEP_ERROR;
	}
	case BS_CODEC_XZ: {
		lzma_stream *x = &d->u.x;
		lzma_ret rc;

		x->next_in = (const uint8_t *)in;
		x->avail_in = avail;
		x->next_out = (uint8_t *)out;
		x->avail_out = cap;
		rc = lzma_code(x, d->in_eof ? LZMA_FINISH : LZMA_RUN);
		*in_used = avail - x->avail_in;
		*out_made = cap - x->avail_out;
		if (rc == LZMA_STREAM_END)
			return STEP_STREAM_END;
		if (rc == LZMA_OK || (rc == LZMA_BUF_ERROR && !d->in_eof))
			return STEP_OK;
		snprintf(d->why, sizeof(d->why), "%s",
			 rc == LZMA_BUF_ERROR ? "unexpected end of input" :
			 rc == LZMA_FORMAT_ERROR ? "not in the xz format" :
			 rc == LZMA_OPTIONS_ERROR ? "unsupported options" :
			 rc == LZMA_MEM_ERROR ? "out of memory" : "compressed data is corrupt");
		return STEP_ERROR;
	}
	case BS_CODEC_ZSTD: {
		ZSTD_inBuffer ib = { in, avail, 0 };
		ZSTD_outBuffer ob = { out, cap, 0 };
		size_t rc = ZSTD_decompressStream(d->u.zs, &ob, &ib);

		*in_used = ib.pos;
		*out_made = ob.pos;
		if (ZSTD_isError(rc)) {
			snprintf(d->why, sizeof(d->why), "%s", ZSTD_getErrorName(rc));
			return STEP_ERROR;
		}
		/* 0: a frame is complete and flushed; the next bytes start another */
		return rc == 0 ? STEP_STREAM_END : STEP_OK;
	}
	case BS_CODEC_BZIP2: {
		bz_stream *b = &d->u.bz;
		int rc;

		b->next_in = (char *)(uintptr_t)in;
		b->avail_in = (unsigned)avail;
		b->next_out = out;
		b->avail_out = (unsigned)cap;
		rc = BZ2_bzDecompress(b);
		*in_used = avail - b->avail_in;
		*out_made = cap - b->avail_out;
		if (rc == BZ_STREAM_END)
			return STEP_STREAM_END;
		if (rc == BZ_OK)
			return STEP_OK;
		snprintf(d->why, sizeof(d->why), "%s",
			 rc == BZ_DATA_ERROR_MAGIC ? "not in the bzip2 format" :
			 rc == BZ_MEM_ERROR ? "out of memory" : "compressed data is corrupt");
		return STEP_ERROR;
	}
	default:
		snprintf(d->why, sizeof(d->why), "unknown codec");
		return STEP_ERROR;
	}
}

/* Refill d->in from the inner source; false at its end or failure (d->in_eof set). */
static bool refill(struct decoder *d)
{
	ssize_t n;

	if (d->in_off < d->in_len || d->in_eof)
		return d->in_off < d->in_len;
	n = bs_src_read(d->inner, d->in, INBUF);
	d->in_off = 0;
	d->in_len = n > 0 ? (size_t)n : 0;
	if (n < 0) {
		d->failed = true;
		snprintf(d->why, sizeof(d->why), "%s", bs_src_error(d->inner));
	}
	if (n <= 0)
		d->in_eof = true;
	return n > 0;
}

/*
 * After a stream ended: another one follows only if the next bytes start
 * with the codec's magic (gzip tolerates trailing zeros, and so do we).
 */
static bool next_stream(struct decoder *d)
{
	const char *p;
	size_t n;

	if (!refill(d))
		return false;
	/* the magic may straddle two reads: look at what is there */
	p = d->in + d->in_off;
	n = d->in_len - d->in_off;
	if (bs_input_detect_codec(p, n) != d->codec && !(d->codec == BS_CODEC_BZIP2 && n >= 3 && !memcmp(p, "BZh", 3)))
		return false;
	return codec_start(d);
}

static ssize_t decoder_read(struct bs_src *s, char *buf, size_t cap)
{
	struct decoder *d = (struct decoder *)s;
	size_t made = 0;

	while (!d->finished && made == 0) {
		size_t used = 0, out = 0;
		bool have = refill(d);
		enum step st;

		if (!have && (!d->in_stream || d->failed)) {
			d->finished = true;
			break;
		}
		/* with no input left the decoder may still hold output: ask before calling it truncated */
		st = codec_step(d, buf, cap, &used, &out);
		d->in_off += used;
		made += out;
		if (st == STEP_OK && !have && !out) {
			d->finished = d->failed = true;
			snprintf(d->why, sizeof(d->why), "unexpected end of input");
		} else if (st == STEP_ERROR) {
			d->finished = d->failed = true;
		} else if (st == STEP_STREAM_END) {
			/* xz reads its concatenated streams itself; bytes after the last stream are ignored */
			d->in_stream = false;
			if (d->codec == BS_CODEC_XZ || !next_stream(d))
				d->finished = true;
			else
				d->in_stream = true;
		}
	}
	if (made)
		return (ssize_t)made;
	if (d->failed) {
		snprintf(s->err, sizeof(s->err), "%s data %s after %llu decoded bytes: %s",
			 bs_input_codec_name(d->codec),
			 !strcmp(d->why, "unexpected end of input") ? "truncated" : "damaged",
			 (unsigned long long)s->out, d->why);
		return -1;
	}
	return 0;
}

static void decoder_free(struct bs_src *s)
{
	struct decoder *d = (struct decoder *)s;

	codec_end(d);
	bs_src_free(d->inner);
	free(d->in);
	free(d);
}

static const struct bs_src_ops decoder_ops = { decoder_read, decoder_free };

struct bs_src *bs_src_decoder(enum bs_input_codec codec, struct bs_src *inner)
{
	struct decoder *d = calloc(1, sizeof(*d));

	if (!d || !(d->in = malloc(INBUF))) {
		free(d);
		bs_src_free(inner);
		errno = ENOMEM;
		return NULL;
	}
	bs_src_init(&d->base, &decoder_ops);
	d->codec = codec;
	d->inner = inner;
	if (!codec_start(d)) {
		decoder_free(&d->base);
		errno = ENOMEM;
		return NULL;
	}
	d->in_stream = true;
	return &d->base;
}
