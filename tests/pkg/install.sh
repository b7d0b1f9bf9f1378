#!/bin/sh
# install.sh - `make install` and `make uninstall` handle the same set:
# install into a scratch DESTDIR puts every expected file there (binary,
# man page, completions, example, docs/json.md, the exporter's systemd unit
# and /etc/default file, static library, public
# header and the headers it includes, which must compile on their own
# with -I$PREFIX/include/buddyscope),
# and uninstall removes every file install put there.
set -u
cd "$(dirname "$0")/../.."
O=${O:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

make --no-print-directory O="$O" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; bad "make install failed"; }
for f in bin/buddyscope share/man/man1/buddyscope.1 share/bash-completion/completions/buddyscope \
	share/zsh/vendor-completions/_buddyscope share/doc/buddyscope/json.md \
	share/doc/buddyscope/examples/ceph-centos7.log lib/libbuddyscope.a include/buddyscope/buddyscope.h; do
	[ -f "$tmp/root/usr/$f" ] || bad "make install did not install /usr/$f"
done
# the exporter's unit where systemd looks, its options in /etc/default, ExecStart the installed binary
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
[ -f "$tmp/root$unitdir/buddyscope-exporter.service" ] ||
	bad "make install did not install $unitdir/buddyscope-exporter.service"
[ -f "$tmp/root/etc/default/buddyscope-exporter" ] || bad "make install did not install /etc/default/buddyscope-exporter"
grep -q '^ExecStart=/usr/bin/buddyscope exporter' "$tmp/root$unitdir/buddyscope-exporter.service" 2>/dev/null ||
	bad "the installed unit does not start /usr/bin/buddyscope"
make --no-print-directory O="$O" install DESTDIR="$tmp/local" PREFIX=/usr/local >"$tmp/install-local.log" 2>&1 &&
	grep -q '^ExecStart=/usr/local/bin/buddyscope exporter' "$tmp/local/usr/local/lib/systemd/system/buddyscope-exporter.service" ||
	bad "with PREFIX=/usr/local the unit is not under it or does not start /usr/local/bin/buddyscope"
[ -x "$tmp/root/usr/bin/buddyscope" ] || bad "the installed binary is not executable"
"$tmp/root/usr/bin/buddyscope" --version >/dev/null || bad "the installed binary does not run"
# the installed header is usable by itself: a program that includes it and links the library
printf '#include <buddyscope.h>\nint main(void) { return bs_snapshot_archive_name("x.tar.gz") ? 0 : 1; }\n' \
	>"$tmp/use.c"
if ${CC:-cc} -std=c11 -D_GNU_SOURCE -I"$tmp/root/usr/include/buddyscope" -o "$tmp/use" "$tmp/use.c" \
	"$tmp/root/usr/lib/libbuddyscope.a" -larchive -ldl -lm >"$tmp/cc.log" 2>&1 && "$tmp/use"; then
	:
else
	cat "$tmp/cc.log"
	bad "a program using the installed header and library does not build or run"
fi
find "$tmp/root" -type f | sort >"$tmp/installed"

make --no-print-directory O="$O" uninstall DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/uninstall.log" 2>&1 ||
	{ cat "$tmp/uninstall.log"; bad "make uninstall failed"; }
left=$(find "$tmp/root" -type f)
[ -z "$left" ] || bad "make uninstall left: $left"
for d in share/doc/buddyscope include/buddyscope; do
	[ ! -d "$tmp/root/usr/$d" ] || bad "make uninstall left the directory /usr/$d"
done
echo "install: $(wc -l <"$tmp/installed") files installed and removed again"
[ "$fail" -eq 0 ] && echo "install: ok" || echo "install: $fail failed"
[ "$fail" -eq 0 ]
