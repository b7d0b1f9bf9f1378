#!/bin/sh
# journal.sh - `explain --follow` on systemd journals that grow while it
# runs: real journal files written by systemd-journal-remote from export
# streams (tests/input/mkexport.pl), appended to by a second
# systemd-journal-remote run, followed as a journal file and through
# --journal --root over an OS tree.  Each report must come out, as one
# JSON object per line, once its entries are in the journal.
# Ends with "journal-follow: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${BUDDYSCOPE:-build/buddyscope}
JR=/usr/lib/systemd/systemd-journal-remote
pass=0
fail=0
T=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"' EXIT

ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
finish() { echo "journal-follow: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

for tool in perl jq; do
	command -v $tool >/dev/null || { bad "$tool is not installed (scripts/deps.sh check)"; finish; }
done
[ -x $JR ] || { bad "missing $JR (package systemd-journal-remote)"; finish; }

BOOT=0123456789abcdef0123456789abcdef
# export streams: the ceph order-5 failure, then an hour later the ARM OOM
perl tests/input/mkexport.pl $BOOT 1682773200000000 <examples/ceph-centos7.log >"$T/a.export"
perl tests/input/mkexport.pl $BOOT 1682776800000000 <tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log >"$T/b.export"
# the same OOM as records a program wrote to /dev/kmsg: facility user (1)
sed 's/^SYSLOG_FACILITY=0$/SYSLOG_FACILITY=1/' "$T/b.export" >"$T/u.export"

# lines_within FILE N SECONDS: FILE has N lines before the time is up
lines_within() {
	i=0
	while [ $i -lt $(($3 * 4)) ]; do
		[ "$(wc -l <"$1")" -ge "$2" ] && break
		sleep 0.25
		i=$((i + 1))
	done
	[ "$(wc -l <"$1")" = "$2" ] || { echo "$1: $(wc -l <"$1") lines, want $2"; return 1; }
}
kinds() { jq -r .kind "$1" | tr '\n' ' '; }

# --- a journal file ----------------------------------------------------------
$JR --output="$T/j.journal" "$T/a.export" >/dev/null 2>&1
check "systemd-journal-remote wrote a journal file" test -s "$T/j.journal"
"$BIN" explain --follow --json "$T/j.journal" >"$T/f.out" 2>"$T/f.err" &
fpid=$!
pids="$pids $fpid"
check "a journal file given to --follow: the report it holds comes out" lines_within "$T/f.out" 1 10
$JR --output="$T/j.journal" "$T/u.export" >/dev/null 2>&1
$JR --output="$T/j.journal" "$T/b.export" >/dev/null 2>&1
check "entries appended by systemd-journal-remote come out as they arrive, one report a line" \
	lines_within "$T/f.out" 2 10
check "... the kernel's entries only: the user-facility copy is not read" \
	test "$(kinds "$T/f.out")" = "page_alloc_failure oom "
check "... each line is one JSON object, the OOM with its order" \
	sh -c "jq -e -s 'length == 2 and all(type == \"object\") and .[1].order == 3' '$T/f.out' >/dev/null"
kill -TERM "$fpid"
wait "$fpid"
rc=$?
check "SIGTERM ends the follow with exit 3 (failures were printed)" test "$rc" = 3

# --- --user-records: the user-facility copy too --------------------------------
"$BIN" explain --follow --json --user-records "$T/j.journal" >"$T/u.out" 2>/dev/null &
upid=$!
pids="$pids $upid"
check "--user-records also reads what programs wrote to /dev/kmsg (3 reports)" lines_within "$T/u.out" 3 10
kill -TERM "$upid"
wait "$upid"

# --- --journal --root: an OS tree's journal directory ---------------------------
mkdir -p "$T/root/var/log/journal/$BOOT"
$JR --output="$T/root/var/log/journal/$BOOT/system.journal" "$T/a.export" >/dev/null 2>&1
"$BIN" explain --follow --journal --root "$T/root" >"$T/r.out" 2>"$T/r.err" &
rpid=$!
pids="$pids $rpid"
i=0
while [ $i -lt 40 ] && ! grep -q "order-5 page allocation failure" "$T/r.out"; do sleep 0.25; i=$((i + 1)); done
check "--journal --root DIR: the report already in the journal comes out (text)" \
	grep -q "order-5 page allocation failure, mode 0x104050" "$T/r.out"
$JR --output="$T/root/var/log/journal/$BOOT/system.journal" "$T/b.export" >/dev/null 2>&1
i=0
while [ $i -lt 40 ] && ! grep -qi "oom" "$T/r.out"; do sleep 0.25; i=$((i + 1)); done
check "--journal --root DIR: the OOM appended later comes out too" grep -qi "oom" "$T/r.out"
kill -TERM "$rpid"
wait "$rpid"

# --- usage ------------------------------------------------------------------------
timeout 10 "$BIN" explain --follow --journal --boot 0 >/dev/null 2>"$T/e.err"
rc=$?
check "--follow --journal with --boot is a usage error (exit 2)" test "$rc" = 2
timeout 10 "$BIN" explain --follow --journal "$T/j.journal" >/dev/null 2>&1
rc=$?
check "--follow --journal with a FILE is a usage error (exit 2)" test "$rc" = 2
timeout 10 "$BIN" explain --follow --journal --root "$T/nowhere" >/dev/null 2>"$T/n.err"
rc=$?
check "--follow --journal --root on a tree without a journal: exit 1, said so" \
	sh -c "[ $rc = 1 ] && grep -q 'follow $T/nowhere' '$T/n.err'"

finish
