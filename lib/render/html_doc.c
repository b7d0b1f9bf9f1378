// SPDX-License-Identifier: MIT
/*
 * html_doc.c - the frame every page shares: escaping, the document head
 * with its inline style, the closing inline script, and sizes in binary
 * units.  Nothing here refers to anything outside the page.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "render/html.h"

void bs_html_escape(FILE *out, const char *s)
{
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\t':
		case '\n': fputc(*p, out); break;
		default:
			/* a log's binary bytes: C0 controls and DEL are not allowed in a document */
			if (*p < 0x20 || *p == 0x7f)
				fputs("&#xfffd;", out);
			else
				fputc(*p, out);
		}
	}
}

void bs_html_textf(FILE *out, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	bs_html_escape(out, buf);
}

/* Colours: migratetypes follow their letters; failure red, success green; the rest greys. */
static const char style[] =
	":root{--fail:#c62828;--ok:#2e7d32;--warn:#ef6c00;--ink:#222;--mute:#666;--line:#ddd}\n"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);margin:0 auto;"
	"max-width:1100px;padding:1em 1.5em}\n"
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;border-bottom:2px solid var(--line);"
	"padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
	"code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12.5px}\n"
	"pre{background:#f6f6f6;padding:.6em;overflow-x:auto}\n"
	"table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid var(--line);padding:2px 7px;"
	"text-align:left;vertical-align:top}th{background:#f2f2f2}td.num,th.num{text-align:right}\n"
	"th.sortable{cursor:pointer}th.sortable:after{content:' \\2195';color:var(--mute)}\n"
	".verdict{font-size:1.15em;padding:.5em .8em;border-left:6px solid var(--fail);background:#fdf1f1;margin:.6em 0}\n"
	".verdict.ok{border-color:var(--ok);background:#eff7ef}.verdict.warn{border-color:var(--warn);background:#fff4e5}\n"
	".fail{color:var(--fail);font-weight:600}.ok{color:var(--ok)}.mute{color:var(--mute)}\n"
	"td.cell-ok{background:#c8e6c9}td.cell-kswapd{background:#fff59d}td.cell-no{background:#ffcdd2}"
	"td.cell-na{background:#eee}\n"
	"dl.kv{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.kv dt{font-weight:600}"
	"dl.kv dd{margin:0}\n"
	".charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:.3em 0}figcaption{color:var(--mute);font-size:.9em}\n"
	"svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-weight:600;font-size:12px}\n"
	"svg .axis{stroke:#999;stroke-width:1}svg .grid{stroke:#eee}\n"
	"svg .free{fill:#64b5f6}svg .mark-min{stroke:var(--fail);stroke-width:2}"
	"svg .mark-low{stroke:var(--warn);stroke-width:2}svg .mark-high{stroke:var(--ok);stroke-width:2}\n"
	"svg .reserve{fill:var(--fail);fill-opacity:.15}svg .request{stroke:#000;stroke-width:2;stroke-dasharray:4 2}\n"
	"svg .req-order{fill:#000;fill-opacity:.06;stroke:#000;stroke-dasharray:3 2}\n"
	"svg .mt-U{fill:#e57373}svg .mt-M{fill:#81c784}svg .mt-E{fill:#64b5f6}svg .mt-H{fill:#ffb74d}"
	"svg .mt-R{fill:#ba68c8}svg .mt-C{fill:#4db6ac}svg .mt-I{fill:#bdbdbd}svg .mt-any{fill:#90a4ae}\n"
	"svg .mt-usable{fill:#81c784}svg .mt-unusable{fill:#bdbdbd}svg .mt-mixed{fill:#ffe082}\n"
	"svg .unusable{fill-opacity:.4;stroke:#555;stroke-dasharray:2 2}\n"
	"svg .have{fill:none;stroke:#1565c0;stroke-width:2}svg .need{fill:none;stroke:var(--fail);stroke-width:2;"
	"stroke-dasharray:5 3}svg .dot-ok{fill:var(--ok)}svg .dot-fail{fill:var(--fail)}\n"
	"svg .k0{fill:#e57373}svg .k1{fill:#ba68c8}svg .k2{fill:#7986cb}svg .k3{fill:#4fc3f7}svg .k4{fill:#4db6ac}"
	"svg .k5{fill:#aed581}svg .k6{fill:#fff176}svg .k7{fill:#ffb74d}svg .k8{fill:#a1887f}svg .k9{fill:#90a4ae}"
	"svg .k10{fill:#f06292}svg .k11{fill:#9575cd}svg .k12{fill:#4dd0e1}svg .k13{fill:#dce775}svg .k14{fill:#ff8a65}\n"
	"svg .bar{fill:#7986cb}svg .bar-victim{fill:var(--fail)}\n"
	"@media print{h2{break-before:auto}.charts{display:block}}\n";

void bs_html_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      /* the page stands alone: forbid any fetch, so a stray reference cannot leak the ticket */
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>", out);
	bs_html_escape(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(style, out);
	fputs("</style>\n</head>\n<body>\n", out);
}

/* Click a sortable header: sort its table's body by that column, numbers as numbers; again to reverse. */
static const char script[] =
	"<script>\n"
	"document.querySelectorAll('th.sortable').forEach(function(th){th.addEventListener('click',function(){"
	"var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,d=th.dataset.dir==='a'?'d':'a';th.dataset.dir=d;"
	"var v=function(r){var c=r.cells[i];var s=c?(c.dataset.v||c.textContent):'';var n=parseFloat(s);"
	"return isNaN(n)?s:n;};"
	"Array.from(b.rows).sort(function(x,y){var p=v(x),q=v(y),r=p>q?1:q>p?-1:0;return d==='a'?r:-r;})"
	".forEach(function(r){b.appendChild(r);});});});\n"
	"</script>\n";

void bs_html_end(FILE *out)
{
	fputs(script, out);
	fputs("</body>\n</html>\n", out);
}

const char *bs_size_text(char *buf, size_t len, uint64_t kb)
{
	static const char *const unit[] = { "MiB", "GiB", "TiB", "PiB" };
	double v = (double)kb;
	int u = -1;

	if (kb < 1024) {
		snprintf(buf, len, "%" PRIu64 " kB", kb);
		return buf;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	/* three significant digits: 1.23 GiB, 12.3 GiB, 123 GiB */
	snprintf(buf, len, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, unit[u]);
	return buf;
}
