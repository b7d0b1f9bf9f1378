#!/bin/sh
# archive.sh - snapshot as one archive for a ticket, read back as it is:
#  - snapshot -o FILE.tar.gz / .tar.xz of a saved root holds the same files
#    as snapshot -o DIR of it (checked with tar, not with our reader);
#  - status --root FILE gives the same report as status --root DIR;
#  - explain FILE finds the report in the kernel log the snapshot saved;
#  - an archive with a member outside the tree ("../x", "/x") or a symlink
#    is refused (exit 4) and nothing is written outside;
#  - a root with nothing to read exits 4, for snapshot and status;
#  - a live snapshot records the time, hostname, uptime, kernel command
#    line, and slabinfo when run as root.
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
ok() { echo "ok   $*"; }

# a saved root: a fixture's proc files and the bundled example as its kernel log
mkdir -p "$tmp/root"
cp -r tests/fixtures/proc/x86_64-6.18-firecracker/. "$tmp/root/"
cp examples/ceph-centos7.log "$tmp/root/dmesg"

"$BUDDYSCOPE" snapshot --root "$tmp/root" -o "$tmp/dir" >/dev/null 2>&1; rc=$?
[ $rc = 0 ] || bad "snapshot -o DIR exit $rc"
for ext in tar.gz tar.xz; do
	"$BUDDYSCOPE" snapshot --root "$tmp/root" -o "$tmp/snap.$ext" >/dev/null 2>&1; rc=$?
	[ $rc = 0 ] || bad "snapshot -o snap.$ext exit $rc"
	mkdir "$tmp/x-$ext" && tar -C "$tmp/x-$ext" -xaf "$tmp/snap.$ext" || bad "tar cannot read snap.$ext"
	if diff -r "$tmp/dir" "$tmp/x-$ext/snap" >/dev/null; then
		ok "snap.$ext holds the snapshot tree under snap/ (tar agrees)"
	else
		bad "snap.$ext differs from snapshot -o DIR"
	fi
done

"$BUDDYSCOPE" status --root "$tmp/dir" >"$tmp/status-dir" 2>&1; rd=$?
"$BUDDYSCOPE" status --root "$tmp/snap.tar.gz" >"$tmp/status-arc" 2>&1; ra=$?
if [ $rd = $ra ] && [ -s "$tmp/status-dir" ] &&
	diff "$tmp/status-dir" "$tmp/status-arc" | grep '^[<>]' | grep -v '^[<>] source ' | grep -q .; then
	bad "status --root FILE differs from status --root DIR beyond the source line"
	diff "$tmp/status-dir" "$tmp/status-arc" | head
elif [ $rd = $ra ] && grep -q "^source   $tmp/snap.tar.gz;" "$tmp/status-arc"; then
	ok "status --root FILE.tar.gz = status --root DIR (exit $ra)"
else
	bad "status --root FILE: exit $ra (DIR: $rd) or no source line naming the archive"
fi
ls "${TMPDIR:-/tmp}" | grep -q "^buddyscope-snapshot-" && bad "status left its unpacked copy behind"

"$BUDDYSCOPE" explain --kernel 3.10.0-514.el7.x86_64 "$tmp/snap.tar.gz" >"$tmp/explain" 2>&1; rc=$?
if [ $rc = 3 ] && grep -q "order-5 page allocation failure" "$tmp/explain" &&
	grep -q "Verdict:   fragmentation" "$tmp/explain"; then
	ok "explain FILE.tar.gz reads the saved kernel log"
else
	bad "explain FILE.tar.gz: exit $rc"
	head -5 "$tmp/explain"
fi

# hostile archives, made with tar itself
mkdir -p "$tmp/evil/a" && echo x >"$tmp/evil/a/dmesg" && ln -s /etc/passwd "$tmp/evil/a/link"
tar -C "$tmp/evil" -czf "$tmp/symlink.tar.gz" a
echo x >"$tmp/evil/escape"
tar -C "$tmp/evil/a" -czf "$tmp/dotdot.tar.gz" -P ../escape 2>/dev/null
tar -czf "$tmp/absolute.tar.gz" -P "$tmp/evil/escape" 2>/dev/null
for a in symlink dotdot absolute; do
	"$BUDDYSCOPE" status --root "$tmp/$a.tar.gz" >/dev/null 2>"$tmp/err"; rc=$?
	if [ $rc = 4 ] && grep -q "not a plain relative file" "$tmp/err"; then
		ok "status refuses an archive with a $a member (exit 4)"
	else
		bad "status --root $a.tar.gz: exit $rc: $(cat "$tmp/err")"
	fi
done
ls "${TMPDIR:-/tmp}" | grep -q "^buddyscope-snapshot-" && bad "a refused archive left its directory behind"

mkdir "$tmp/empty"
"$BUDDYSCOPE" snapshot --root "$tmp/empty" -o "$tmp/nothing" >/dev/null 2>&1; rc=$?
[ $rc = 4 ] && ok "snapshot of a root with nothing to read exits 4" || bad "snapshot of an empty root: exit $rc"
"$BUDDYSCOPE" status --root "$tmp/no-such-dir" >/dev/null 2>&1; rc=$?
[ $rc = 4 ] && ok "status --root on a missing path exits 4" || bad "status --root missing: exit $rc"

# live: what a ticket needs besides the memory files
"$BUDDYSCOPE" snapshot -o "$tmp/live" >/dev/null 2>&1
for f in time proc/sys/kernel/hostname proc/uptime proc/cmdline; do
	[ -s "$tmp/live/$f" ] || bad "a live snapshot lacks $f"
done
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' "$tmp/live/time" ||
	bad "the snapshot time is not an ISO 8601 UTC stamp: $(cat "$tmp/live/time")"
[ "$(cat "$tmp/live/proc/sys/kernel/hostname")" = "$(cat /proc/sys/kernel/hostname)" ] || bad "hostname differs"
if [ "$(id -u)" = 0 ]; then
	head -1 "$tmp/live/proc/slabinfo" 2>/dev/null | grep -q "^slabinfo - version" &&
		ok "a live snapshot as root records time, hostname, uptime, cmdline and slabinfo" ||
		bad "a live snapshot as root lacks slabinfo"
else
	echo "note: not root: slabinfo is root only, not checked"
fi
[ "$fail" -eq 0 ] && echo "archive: ok" || echo "archive: $fail failed"
[ "$fail" -eq 0 ]
