#!/bin/sh
# reference.sh - a snapshot says when and where it was taken, and explain
# reads a snapshot archive with that time:
#  - status --root SNAPSHOT prints "taken TIME on HOST" (text) and
#    snapshot_time / hostname (JSON) from the snapshot's own files; live,
#    both are null; a snapshot without them prints no taken line;
#  - explain FILE.tar.gz takes the snapshot's time, not the archive's
#    mtime, as the reference for syslog stamps without a year: a "Dec 30"
#    report in a snapshot taken on 2019-03-01 is from 2018;
#  - an archive without a kernel log is an input that failed: listed in
#    inputs[] with why, exit 4, and the other inputs are still analysed.
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
ok() { echo "ok   $*"; }
command -v jq >/dev/null || { echo "FAIL jq is not installed (scripts/deps.sh check)"; exit 1; }

# --- status: taken when, on which host ----------------------------------------
mkdir -p "$tmp/root/proc/sys/kernel"
cp -r tests/fixtures/proc/x86_64-6.18-firecracker/. "$tmp/root/"
"$BUDDYSCOPE" status --root "$tmp/root" >"$tmp/s0" 2>/dev/null
grep -q '^taken ' "$tmp/s0" && bad "a snapshot without time and hostname prints a taken line"
printf '2019-03-01T00:00:00Z\n' >"$tmp/root/time"
printf 'db-17.example\n' >"$tmp/root/proc/sys/kernel/hostname"
"$BUDDYSCOPE" status --root "$tmp/root" >"$tmp/s1" 2>/dev/null
if grep -qx 'taken    2019-03-01T00:00:00Z on db-17.example' "$tmp/s1"; then
	ok "status --root: taken 2019-03-01T00:00:00Z on db-17.example"
else
	bad "status --root does not say when and where: $(grep '^taken' "$tmp/s1")"
fi
"$BUDDYSCOPE" status --root "$tmp/root" --json 2>/dev/null |
	jq -e '.snapshot_time == "2019-03-01T00:00:00Z" and .hostname == "db-17.example"' >/dev/null &&
	ok "status --root --json: snapshot_time and hostname" || bad "status --root --json lacks snapshot_time/hostname"
if [ -r /proc/zoneinfo ]; then
	"$BUDDYSCOPE" status --json 2>/dev/null | jq -e '.snapshot_time == null and .hostname == null' >/dev/null &&
		ok "live status: snapshot_time and hostname are null" || bad "live status: snapshot_time/hostname not null"
fi

# --- explain: the snapshot's time as the reference ---------------------------------
# the example's report as syslog lines of Dec 30 (no year in the stamp)
sed 's/^/Dec 30 10:00:00 db-17 kernel: /' examples/ceph-centos7.log >"$tmp/root/dmesg"
"$BUDDYSCOPE" snapshot --root "$tmp/root" -o "$tmp/snap.tar.gz" >/dev/null 2>&1 || bad "snapshot -o snap.tar.gz"
touch -d '2026-06-01 00:00:00' "$tmp/snap.tar.gz"	# copied much later: mtime says 2026
"$BUDDYSCOPE" explain --json --kernel 3.10.0-514.el7.x86_64 "$tmp/snap.tar.gz" >"$tmp/e.json" 2>"$tmp/e.err"
rc=$?
year=$(jq -r '.events[0].first.wall | todate | .[0:4]' "$tmp/e.json" 2>/dev/null)
if [ "$rc" = 3 ] && [ "$year" = 2018 ]; then
	ok "explain FILE.tar.gz: Dec 30 before a snapshot of 2019-03-01 is 2018 (not the mtime's year)"
else
	bad "explain FILE.tar.gz: exit $rc, year $year (want 3, 2018)"
fi
jq -e '.inputs[0].kind == "snapshot" and (.inputs[0].name | endswith("snap.tar.gz:dmesg"))' "$tmp/e.json" >/dev/null &&
	ok "the archive is listed in inputs[] as a snapshot" || bad "inputs[0] is not the snapshot: $(jq -c '.inputs[0]' "$tmp/e.json")"

# --- an archive without a kernel log: a failed input, the rest analysed ---------------
rm "$tmp/root/dmesg"
"$BUDDYSCOPE" snapshot --root "$tmp/root" -o "$tmp/nolog.tar.gz" >/dev/null 2>&1
"$BUDDYSCOPE" explain --json "$tmp/nolog.tar.gz" >"$tmp/n.json" 2>"$tmp/n.err"
rc=$?
if [ "$rc" = 4 ] && jq -e '.inputs[0].read == false and (.inputs[0].error | test("without a kernel log"))' "$tmp/n.json" >/dev/null &&
	grep -q "without a kernel log" "$tmp/n.err"; then
	ok "an archive without dmesg: inputs[0] unreadable with why, said on stderr, exit 4"
else
	bad "an archive without dmesg: exit $rc, inputs $(jq -c .inputs "$tmp/n.json" 2>/dev/null)"
fi
"$BUDDYSCOPE" explain --json "$tmp/nolog.tar.gz" examples/ceph-centos7.log >"$tmp/m.json" 2>/dev/null
rc=$?
if [ "$rc" = 3 ] && jq -e '(.inputs | length) == 2 and .events[0].kind == "page_alloc_failure"' "$tmp/m.json" >/dev/null; then
	ok "with another input: both listed, its report analysed, exit 3"
else
	bad "an archive without dmesg beside a log: exit $rc"
fi
[ "$fail" -eq 0 ] && echo "reference: ok" || echo "reference: $fail failed"
[ "$fail" -eq 0 ]
