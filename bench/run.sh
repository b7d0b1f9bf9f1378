#!/bin/sh
# run.sh - `make bench`: buddyscope explain against grep -c and rg -c on one
# large syslog, in the same run, warm cache.
#
#   BENCH_SIZE_MB   size of the generated syslog in MiB (default 1024)
#   BENCH_RUNS      timed runs per command, the best counts (default 5)
#   BENCH_REPORTS   report copies per GiB (default 3000, see bench/mklog.c)
#   BENCH_FIXTURES  report files mklog copies in (default: five real reports
#                   of four eras, 2.6.32 to 6.7); mklog counts the lines
#                   with "page allocation failure", so each must open a report
#   O               build tree (default build); the syslog lives in $O/bench/
#
# bench/mklog.c writes the syslog once (reused while its size, its fixtures
# and mklog.c stay the same) and says how many reports it holds.  The first
# eight lines of output are the result; details follow.  Exit status: 0 when
# buddyscope found exactly the reports mklog wrote and its peak RSS stayed
# under 64 MiB, 1 otherwise.  Timing never fails the bench.
set -eu

O=${O:-build}
CC=${CC:-cc}
SIZE_MB=${BENCH_SIZE_MB:-1024}
RUNS=${BENCH_RUNS:-5}
PER_GIB=${BENCH_REPORTS:-3000}
RSS_LIMIT_KB=65536
FX=tests/fixtures/reports
FIXTURES=${BENCH_FIXTURES:-"$FX/seed-ceph-centos7.log $FX/x86_64-atlantic-order5-6.7.log \
$FX/x86_64-btrfs-nofs-debian-5.19.log $FX/x86_64-forcedeth-irq-2.6.32.log"}
BIN=$O/buddyscope
dir=$O/bench
log=$dir/syslog-${SIZE_MB}M.log
truth=$dir/syslog-${SIZE_MB}M.truth

die() { echo "bench: $*" >&2; exit 1; }

./scripts/deps.sh bench || die "missing packages (see above)"
[ -x "$BIN" ] || die "$BIN not built"
case $SIZE_MB in '' | *[!0-9]*) die "BENCH_SIZE_MB=$SIZE_MB is not a number" ;; esac
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS=$RUNS is not a positive number" ;; esac
mkdir -p "$dir"

# --- the generator, and the syslog ---------------------------------------
$CC -O2 -std=c11 -Wall -Wextra -Werror -o "$dir/mklog" bench/mklog.c || die "cannot build mklog"
# shellcheck disable=SC2086
key="$SIZE_MB $PER_GIB $(cat bench/mklog.c $FIXTURES | cksum) $FIXTURES"
if [ -f "$log" ] && [ -f "$truth" ] && [ "$(sed -n 's/^key //p' "$truth")" = "$key" ] &&
	[ "$(wc -c <"$log")" -eq "$(sed -n 's/^bytes //p' "$truth")" ]; then
	made="reused"
else
	rm -f "$log" "$truth"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	"$dir/mklog" -m "$SIZE_MB" -r "$PER_GIB" -o "$log.tmp" $FIXTURES >"$truth.tmp" ||
		die "mklog failed"
	t1=$(date +%s%N)
	echo "key $key" >>"$truth.tmp"
	mv "$log.tmp" "$log"
	mv "$truth.tmp" "$truth"
	made=$(awk -v ns=$((t1 - t0)) -v b="$(sed -n 's/^bytes //p' "$truth")" \
		'BEGIN { printf "made in %.2f s, %.0f MB/s", ns / 1e9, b / (ns / 1e3) }')
fi
bytes=$(sed -n 's/^bytes //p' "$truth")
lines=$(sed -n 's/^lines //p' "$truth")
want=$(sed -n 's/^reports //p' "$truth")

# --- timing ---------------------------------------------------------------
. bench/timing.sh

load=$(cut -d" " -f1-3 /proc/loadavg)	# other work on the machine skews the times
cat "$log" >/dev/null	# warm the page cache for everyone alike
timed grep "0 1" grep -c "page allocation failure" "$log"
timed rg "0 1" rg -c "page allocation failure" "$log"
timed json "0 3" "$BIN" explain --json "$log"
timed text "0 3" "$BIN" explain "$log"

# --- checks ---------------------------------------------------------------
found=$(jq -r '.stats.reports' "$dir/json.out" 2>/dev/null) || found=""
distinct=$(jq -r '.stats.distinct' "$dir/json.out" 2>/dev/null) || distinct="?"
# shellcheck disable=SC2154
peak=$rss_json
# shellcheck disable=SC2154
[ "$rss_text" -gt "$peak" ] && peak=$rss_text
status=ok
if [ "$found" = "$want" ]; then count_ok=ok; else count_ok=WRONG; status=FAILED; fi
if [ "$peak" -lt $RSS_LIMIT_KB ]; then rss_ok=ok; else rss_ok="OVER LIMIT"; status=FAILED; fi

# --- the eight lines ------------------------------------------------------
# shellcheck disable=SC2154
awk -v file="$log" -v mb="$SIZE_MB" -v lines="$lines" -v want="$want" -v made="$made" \
	-v runs="$RUNS" -v bytes="$bytes" \
	-v g="$t_grep" -v r="$t_rg" -v j="$t_json" -v t="$t_text" 'BEGIN {
	printf "bench: %s: %d MiB, %d lines, %d reports (mklog, %s)\n", file, mb, lines, want, made
	printf "%-34s %9s %9s %8s %8s\n", "best of " runs " runs, warm cache", "seconds", "MB/s", "/grep", "/rg"
	row("grep -c \"page allocation failure\"", g)
	row("rg -c \"page allocation failure\"", r)
	row("buddyscope explain --json", j)
	row("buddyscope explain (text)", t)
}
function row(name, ns) {
	printf "%-34s %9.3f %9.0f %7.2fx %7.2fx\n", name, ns / 1e9, bytes / (ns / 1e3), ns / g, ns / r
}'
printf 'buddyscope: %s of %s reports found (%s), peak RSS %s MiB, limit 64 MiB (%s)\n' \
	"${found:-?}" "$want" "$count_ok" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')" \
	"$rss_ok"
echo "bench: $status"

# --- details --------------------------------------------------------------
echo
# shellcheck disable=SC2154
{
	echo "runs (s): grep$times_grep; rg$times_rg; json$times_json; text$times_text"
	echo "peak RSS (kB): grep $rss_grep, rg $rss_rg, buddyscope --json $rss_json, text $rss_text"
	echo "grep counted $(cat "$dir/grep.out") lines, rg $(cat "$dir/rg.out"); buddyscope: $distinct distinct failures"
	jq -c '.stats' "$dir/json.out" 2>/dev/null || echo "buddyscope --json output is not JSON"
	sed -n 's/^template /mklog: /p' "$truth"
	echo "$(grep --version | sed -n 1p); $(rg --version | sed -n 1p); $($CC --version | sed -n 1p)"
	echo "$(nproc) CPUs, load average $load before the runs, $(uname -r); outputs in $dir/{grep,rg,json,text}.out"
}
[ "$status" = ok ]
