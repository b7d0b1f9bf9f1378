#!/bin/sh
# run.sh - explain's inputs, made with the real tools from real fixtures:
# gzip, xz, zstd and bzip2 (concatenated gzip members, truncated and
# corrupt streams), a real journal file written by systemd-journal-remote
# from an export stream, every journalctl -o rendering of that journal,
# util-linux dmesg --json, sosreport and plain log directories, and the
# same report read from two inputs.  Each case asserts that explain finds
# the same groups and verdicts as in the plain fixture.
# Ends with "input: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
B=${BUDDYSCOPE:-build/buddyscope}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# check NAME CMD...: the command must succeed
check() {
	name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}
# The groups explain finds: kind, count and verdict of each.
sig() { "$B" explain --json "$@" 2>/dev/null | jq -c '[.events[] | [.kind, .count, .verdict.cause]]'; }
# jqt FILE EXPR: jq -e on explain's JSON already in FILE
jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }

for tool in gzip xz zstd bzip2 perl jq journalctl dmesg; do
	command -v $tool >/dev/null || { bad "missing tool $tool (scripts/deps.sh build installs it)"; }
done
JR=/usr/lib/systemd/systemd-journal-remote
[ -x $JR ] || bad "missing $JR (package systemd-journal-remote)"

FIX="examples/ceph-centos7.log tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log"

echo "== compressed inputs"
for f in $FIX; do
	want=$(sig "$f")
	[ "$want" != "[]" ] || bad "fixture $f has no report"
	b=$T/$(basename "$f")
	gzip -c "$f" >"$b.gz"
	xz -c "$f" >"$b.xz"
	zstd -q -c "$f" >"$b.zst"
	bzip2 -c "$f" >"$b.bz2"
	for c in gz:gzip xz:xz zst:zstd bz2:bzip2; do
		ext=${c%%:*}
		kind=${c#*:}
		# detected by content: the name says nothing
		cp "$b.$ext" "$T/noname"
		check "$kind $f: same groups" [ "$(sig "$T/noname")" = "$want" ]
		"$B" explain --json "$T/noname" >"$T/o.json" 2>/dev/null
		check "$kind $f: inputs[0].kind" jqt "$T/o.json" ".inputs[0].kind == \"$kind+text\" and .inputs[0].bytes == $(wc -c <"$b.$ext")"
	done
done

f=examples/ceph-centos7.log
gzip -c $f >"$T/m1.gz"
gzip -c tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log >"$T/m2.gz"
cat "$T/m1.gz" "$T/m2.gz" "$T/m1.gz" >"$T/concat.gz"
"$B" explain --json "$T/concat.gz" >"$T/o.json" 2>/dev/null
check "concatenated gzip members: every member read" jqt "$T/o.json" \
	'.stats.by_kind.page_alloc_failure == 2 and .stats.by_kind.oom == 1 and .stats.damaged == 0'

# truncated and corrupt: the failure, then 450 KiB of other logs (several
# zstd and bzip2 -1 blocks), cut four fifths in: the failure is still analysed
for c in gzip xz zstd "bzip2 -1"; do
	cat $f tests/fixtures/reports/*.log | $c -c >"$T/three"
	c=${c% -1}
	size=$(wc -c <"$T/three")
	head -c $((size * 4 / 5)) "$T/three" >"$T/cut"
	"$B" explain --json "$T/cut" >"$T/o.json" 2>"$T/err"
	rc=$?
	check "$c truncated: reports before the cut analysed" \
		jqt "$T/o.json" '.stats.by_kind.page_alloc_failure >= 1 and .stats.damaged == 1 and .inputs[0].damaged and (.inputs[0].error | test("truncated"))'
	check "$c truncated: exit status 3" [ $rc = 3 ]
	check "$c truncated: stderr names the file" grep -q "damaged input $T/cut: $c data truncated" "$T/err"
done
cat $f $f $f | gzip -c >"$T/three"
size=$(wc -c <"$T/three")
{ head -c $((size / 2)) "$T/three"; printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'; tail -c +$((size / 2 + 33)) "$T/three"; } >"$T/corrupt"
"$B" explain --json "$T/corrupt" >"$T/o.json" 2>"$T/err"
check "gzip corrupt: damaged, named" jqt "$T/o.json" '.inputs[0].damaged and (.inputs[0].error | test("gzip data damaged"))'
printf 'Z' | gzip -c | head -c 5 >"$T/empty"
"$B" explain --json "$T/empty" >"$T/o.json" 2>"$T/err"
rc=$?
check "gzip cut in its header: unreadable, exit 4" [ $rc = 4 ]
check "gzip cut in its header: nothing read" jqt "$T/o.json" '.stats.unreadable == 1 and .inputs[0].read == false'

echo "== systemd journal"
BOOT1=0123456789abcdef0123456789abcdef
BOOT2=fedcba9876543210fedcba9876543210
# boot 1 (2023-04-29 13:00 UTC): the ceph failure; boot 2 (a day later): the OOM
perl tests/input/mkexport.pl $BOOT1 1682773200000000 <examples/ceph-centos7.log >"$T/j.export"
perl tests/input/mkexport.pl $BOOT2 1682859600000000 <tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log >>"$T/j.export"
$JR --output="$T/j.journal" "$T/j.export" >/dev/null 2>&1
check "systemd-journal-remote wrote a journal" [ -s "$T/j.journal" ]
want=$(sig examples/ceph-centos7.log tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log)
check "journal file: same groups as the plain fixtures" [ "$(sig "$T/j.journal")" = "$want" ]
"$B" explain --json "$T/j.journal" >"$T/o.json" 2>/dev/null
check "journal file: kind, entries, UTC wall and boot stamps" jqt "$T/o.json" \
	'.inputs[0].kind == "journal" and .inputs[0].records > 40 and .events[0].first.wall_tz == "utc" and .events[0].first.mono == 1.000001 and .events[0].first.wall == 1682773201'
check "export stream: same groups" [ "$(sig "$T/j.export")" = "$want" ]
for fmt in short short-precise short-iso short-iso-precise short-full short-monotonic short-unix cat \
	json json-seq json-pretty export verbose; do
	journalctl --file="$T/j.journal" -o $fmt >"$T/r.$fmt" 2>/dev/null
	check "journalctl -o $fmt: same groups" [ "$(sig "$T/r.$fmt")" = "$want" ]
	gzip -c "$T/r.$fmt" >"$T/r.$fmt.gz"
	check "journalctl -o $fmt | gzip: same groups" [ "$(sig "$T/r.$fmt.gz")" = "$want" ]
done
"$B" explain --json "$T/r.json" >"$T/o.json" 2>/dev/null
check "json: kind json, entries counted" jqt "$T/o.json" '.inputs[0].kind == "json" and .inputs[0].records > 40'
# a user-space entry in the JSON stream is not the kernel's
printf '{"MESSAGE":"kworker/0:1: page allocation failure: order:9, mode:0x24000c0","_TRANSPORT":"syslog"}\n' >"$T/user.json"
check "json: a non-kernel entry is passed over" [ "$(sig "$T/user.json")" = "[]" ]

# a journal directory, and --journal --root over an OS tree with --boot/--since/--until
mkdir -p "$T/root/var/log/journal/$BOOT1"
cp "$T/j.journal" "$T/root/var/log/journal/$BOOT1/system.journal"
check "journal directory: same groups" [ "$(sig "$T/root/var/log/journal")" = "$want" ]
check "--journal --root: same groups" [ "$(sig --journal --root "$T/root")" = "$want" ]
check "--boot 0: the last boot only (the OOM)" [ "$(sig --journal --root "$T/root" --boot 0)" = "$(sig tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log)" ]
check "--boot -1: the boot before (the ceph failure)" [ "$(sig --journal --root "$T/root" --boot -1)" = "$(sig examples/ceph-centos7.log)" ]
check "--boot 1: the first boot" [ "$(sig --journal --root "$T/root" --boot 1)" = "$(sig examples/ceph-centos7.log)" ]
check "--boot BOOT_ID" [ "$(sig --journal --root "$T/root" --boot $BOOT2)" = "$(sig tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log)" ]
check "--since/--until (UTC): the first day only" [ "$(sig --journal --root "$T/root" --since "2023-04-29 00:00:00 UTC" --until "2023-04-29 23:59:59 UTC")" = "$(sig examples/ceph-centos7.log)" ]
check "--since a day with no entry after it: nothing" [ "$(sig --journal --root "$T/root" --since "2023-05-01")" = "[]" ]
check "--since on a journal file" [ "$(sig --since "2023-04-30 00:00:00 UTC" "$T/j.journal")" = "$(sig tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log)" ]
"$B" explain --journal --root "$T/root" --boot -5 >/dev/null 2>"$T/err"
rc=$?
check "--boot beyond the journal: exit 4, said why" [ $rc = 4 ]
check "--boot beyond the journal: message" grep -q "no boot -5 in the journal" "$T/err"
"$B" explain --since "next tuesday" "$T/j.journal" >/dev/null 2>&1
check "--since that journalctl would not take: usage error" [ $? = 2 ]

echo "== this machine's journal"
if [ -S /run/systemd/journal/socket ] && [ -w /dev/kmsg ]; then
	tag="buddyscope-input-test-$$-$(date +%s)"
	echo "<4>$tag: page allocation failure: order:7, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)" >/dev/kmsg
	sleep 2
	"$B" explain --json --journal --boot 0 --since -5min >"$T/o.json" 2>/dev/null
	check "--journal reads back the line written to /dev/kmsg" jqt "$T/o.json" \
		'.stats.by_kind.page_alloc_failure >= 1 and .inputs[0].kind == "journal"'
else
	echo "note: systemd-journald does not run here: --journal on this machine is not tested (--root is, above)"
fi
mkdir -p "$T/noroot"
"$B" explain --json --journal --root "$T/noroot" >"$T/o.json" 2>"$T/err"
rc=$?
check "--journal where there is no journal: exit 4, not 'no report'" [ $rc = 4 ]
check "--journal where there is no journal: said why" jqt "$T/o.json" \
	'.inputs[0].read == false and (.inputs[0].error | test("no kernel entry in the journal"))'

echo "== dmesg --json (util-linux)"
# util-linux's shape, {"dmesg":[{"pri":4,"time":652.272622,"msg":"..."}]},
# made from the fixture with jq (dmesg -F of util-linux 2.38 keeps the
# prefixes of every line after the first in "msg", so it cannot make it)
jq -R -n '{dmesg: [inputs | capture("^\\[ *(?<t>[0-9.]+)\\] ?(?<m>.*)$") | {pri: 4, time: (.t | tonumber), msg: .m}]}' \
	tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log >"$T/dmesg.json"
check "dmesg --json: same groups" [ "$(sig "$T/dmesg.json")" = "$(sig tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log)" ]
"$B" explain --json "$T/dmesg.json" >"$T/o.json" 2>/dev/null
check "dmesg --json: kind and boot stamp" jqt "$T/o.json" '.inputs[0].kind == "dmesg-json" and .events[0].first.mono == 652.272622'
# and the real tool on this machine's own kernel log: every record read
if dmesg --json >"$T/own.json" 2>/dev/null; then
	"$B" explain --json "$T/own.json" >"$T/o.json" 2>/dev/null
	check "dmesg --json of this machine: every record read" jqt "$T/o.json" \
		".inputs[0].kind == \"dmesg-json\" and .inputs[0].records == $(jq '.dmesg | length' "$T/own.json")"
else
	echo "note: dmesg --json cannot read this machine's kernel log: only the made file is tested"
fi

echo "== directories"
S=$T/sosreport-host-2023
mkdir -p "$S/sos_commands/kernel" "$S/var/log" "$S/etc"
cp tests/fixtures/reports/arm-qcom-fork-order3-oom-4.4.log "$S/sos_commands/kernel/dmesg"
sed 's/^/Apr 29 21:54:31 ceph-node7 kernel: /' examples/ceph-centos7.log >"$T/syslog"
gzip -c "$T/syslog" >"$S/var/log/messages-20230430.gz"
echo "not a log" >"$S/etc/hostname"
"$B" explain --json --year 2023 "$S" >"$T/o.json" 2>/dev/null
check "sosreport: the kernel logs inside found and read" jqt "$T/o.json" \
	'(.inputs | map(.kind)) == ["sosreport", "text", "gzip+text"] and .inputs[0].files == 2 and .stats.by_kind.oom == 1 and .stats.by_kind.page_alloc_failure == 1'
# -v never folds: the temporary path makes the Input: line longer than 80 columns
"$B" explain -v --year 2023 "$S" >"$T/o.txt" 2>/dev/null
check "sosreport: text says which files were read" grep -q "Input:     $S/var/log/messages-20230430.gz (gzip+text" "$T/o.txt"
D=$T/logs
mkdir -p "$D"
cp "$T/syslog" "$D/kern.log"
cp "$T/syslog" "$D/syslog"
"$B" explain --json --year 2023 "$D" >"$T/o.json" 2>/dev/null
check "kern.log and syslog: the same report counted once" jqt "$T/o.json" \
	'.stats.all_reports == 1 and .stats.duplicates == 1 and .events[0].count == 1 and .inputs[0].files == 2'
"$B" explain --json --year 2023 "$T/syslog" "$T/syslog" >"$T/o.json" 2>/dev/null
check "the same file twice: counted once" jqt "$T/o.json" '.stats.all_reports == 1 and .stats.duplicates == 1'
cat "$T/syslog" "$T/syslog" >"$T/twice"
"$B" explain --json --year 2023 "$T/twice" >"$T/o.json" 2>/dev/null
check "a report repeated inside one input counts twice" jqt "$T/o.json" '.stats.all_reports == 2 and .stats.duplicates == 0'
P=$T/plain
mkdir -p "$P"
cp examples/ceph-centos7.log "$P/capture.txt"
head -c 4096 /dev/urandom | gzip -c | tail -c +20 >"$P/blob.bin"
"$B" explain --json "$P" >"$T/o.json" 2>/dev/null
check "plain directory: log-looking files read, binary ones not" jqt "$T/o.json" \
	'.inputs[0].kind == "directory" and .inputs[0].files == 1 and .inputs[1].name == "'"$P"'/capture.txt" and .stats.all_reports == 1'
mkdir -p "$T/empty-dir"
"$B" explain --json "$T/empty-dir" >"$T/o.json" 2>/dev/null
check "a directory with no log: exit 4, said so" [ $? = 4 ]
check "a directory with no log: error" jqt "$T/o.json" '.inputs[0].error | test("no kernel log found")'

echo "input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
