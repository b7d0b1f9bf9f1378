#!/bin/sh
# dense.sh - `make bench`, the storm rows: buddyscope explain on logs that are
# nearly all reports, against grep -c and cat of the same file, in the same
# run, warm cache.
#
#   BENCH_DENSE_MB  size of the report-dense logs in MiB (default 256)
#   BENCH_HEADERS   lines of the bare-header log (default 10000000)
#   BENCH_RUNS      timed runs per command, the best counts (default 5)
#   O               build tree (default build); the logs live in $O/bench/
#
# The report-dense log is the real published reports of tests/fixtures/
# reports/ concatenated (a blank line after each), again and again up to
# its size.  Its variant renames the frames just above the outermost one
# in every copy (kthread -> kthread_c17, ...): reports that differ only in
# their last frames, each copy a failure of its own, for the cost of
# grouping.  The third log is one bare header line ten million times:
# ten million one-line reports.  The truth of each is what grep -c counts
# of "page allocation failure"; three fixtures are left out because that
# count is not theirs (a header printed twice, a header hard-wrapped before
# its mode, a header in KERN_CONT pieces of two CPUs).
#
# Exit status: 0 when buddyscope found exactly those reports in each log
# and its peak RSS stayed under 64 MiB, 1 otherwise.  Timing never fails.
set -eu

O=${O:-build}
DENSE_MB=${BENCH_DENSE_MB:-256}
HEADERS=${BENCH_HEADERS:-10000000}
RUNS=${BENCH_RUNS:-5}
RSS_LIMIT_KB=65536
FX=tests/fixtures/reports
SKIP="arm64-64k-cma-5.4.log arm64-rhel8-qede-kdump-order6-indented-4.18.log
mips-mt7621-two-cpus-interleaved-atomic-4.14.log"
NEEDLE="page allocation failure"
HEADER="kworker/u16:2: page allocation failure: order:4, mode:0x40d0(__GFP_IO|__GFP_FS|__GFP_COMP|__GFP_RECLAIMABLE)"
BIN=$O/buddyscope
dir=$O/bench

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN not built"
for v in "$DENSE_MB" "$HEADERS" "$RUNS"; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_DENSE_MB, BENCH_HEADERS and BENCH_RUNS must be positive numbers" ;; esac
done
mkdir -p "$dir"

# --- the logs --------------------------------------------------------------
base=$dir/dense-base.log
: >"$base.tmp"
for f in "$FX"/*.log; do
	case " $(echo $SKIP) " in *" ${f##*/} "*) continue ;; esac
	cat "$f" >>"$base.tmp"
	echo >>"$base.tmp"
done
mv "$base.tmp" "$base"
copies=$(awk -v mb="$DENSE_MB" -v b="$(wc -c <"$base")" 'BEGIN { c = int(mb * 1048576 / b); print c < 1 ? 1 : c }')
same=$dir/dense-${DENSE_MB}M.log
distinct=$dir/dense-distinct-${DENSE_MB}M.log
headers=$dir/headers-${HEADERS}.log
key="$copies $(cat "$base" | cksum) $(sed -n '/^# --- the logs/,/^# --- timing/p' "$0" | cksum)"
if [ "$(cat "$dir/dense.key" 2>/dev/null)" != "$key" ] || [ ! -f "$same" ] || [ ! -f "$distinct" ] ||
	[ ! -f "$headers" ]; then
	rm -f "$dir/dense.key"
	# the frames just above a trace's outermost one, renamed per copy: the
	# last frames differ (not the outermost itself, ret_from_fork and the
	# like, which tell the parser that a trace ended)
	perl -e '
		my ($base, $copies, $same, $distinct) = @ARGV;
		open(my $in, "<:raw", $base) or die "$base: $!";
		my $text = do { local $/; <$in> };
		open(my $s, ">:raw", $same) or die "$same: $!";
		open(my $d, ">:raw", $distinct) or die "$distinct: $!";
		my $outer = qr/\b(kthread|worker_thread|process_one_work|cpu_startup_entry|start_secondary|do_syscall_64|el0_svc|rest_init|cpu_idle|smpboot_thread_fn|do_idle|cpu_bringup_and_idle|x86_64_start_kernel)\+0x/;
		for my $k (1 .. $copies) {
			print $s $text;
			(my $t = $text) =~ s/$outer/$1_c$k+0x/g;
			print $d $t;
		}
		close($s) or die; close($d) or die;
	' "$base" "$copies" "$same.tmp" "$distinct.tmp" || die "cannot write the report-dense logs"
	mv "$same.tmp" "$same"
	mv "$distinct.tmp" "$distinct"
	yes "$HEADER" | head -n "$HEADERS" >"$headers.tmp"
	mv "$headers.tmp" "$headers"
	echo "$key" >"$dir/dense.key"
fi
want_base=$(grep -c "$NEEDLE" "$base")
want_dense=$((want_base * copies))

# --- timing ----------------------------------------------------------------
. bench/timing.sh

load=$(cut -d" " -f1-3 /proc/loadavg)
status=ok
peak=0
rows=""
# one log: grep -c, cat, buddyscope explain --json; checks the count
bench_log() {
	tag=$1 file=$2 want=$3
	cat "$file" >/dev/null	# warm the page cache for everyone alike
	timed "grep_$tag" "0 1" grep -c "$NEEDLE" "$file"
	timed -n "cat_$tag" "0" cat "$file"
	timed "json_$tag" "0 3" "$BIN" explain --json "$file"
	found=$(jq -r '.stats.reports' "$dir/json_$tag.out" 2>/dev/null) || found="?"
	groups=$(jq -r '.stats.distinct' "$dir/json_$tag.out" 2>/dev/null) || groups="?"
	all=$(jq -r '.stats.all_reports' "$dir/json_$tag.out" 2>/dev/null) || all=0
	eval "found_$tag=$found groups_$tag=$groups all_$tag=$all"
	[ "$found" = "$want" ] || status=FAILED
	eval "r=\$rss_json_$tag"
	[ "$r" -gt "$peak" ] && peak=$r
	[ "$(cat "$dir/grep_$tag.out")" = "$want" ] || die "grep counted $(cat "$dir/grep_$tag.out") in $file, not $want"
}
bench_log same "$same" "$want_dense"
bench_log distinct "$distinct" "$want_dense"
bench_log headers "$headers" "$HEADERS"
[ "$peak" -lt $RSS_LIMIT_KB ] || status=FAILED

# --- the result ------------------------------------------------------------
# shellcheck disable=SC2154
awk -v runs="$RUNS" -v copies="$copies" -v mb="$DENSE_MB" -v nh="$HEADERS" \
	-v bs="$(wc -c <"$same")" -v bd="$(wc -c <"$distinct")" -v bh="$(wc -c <"$headers")" \
	-v gs="$t_grep_same" -v cs="$t_cat_same" -v js="$t_json_same" \
	-v gd="$t_grep_distinct" -v cd="$t_cat_distinct" -v jd="$t_json_distinct" \
	-v gh="$t_grep_headers" -v ch="$t_cat_headers" -v jh="$t_json_headers" \
	-v want="$want_dense" -v fs="$found_same" -v fd="$found_distinct" -v fh="$found_headers" \
	-v ks="$groups_same" -v kd="$groups_distinct" -v peak="$peak" \
	-v as="$all_same" -v ad="$all_distinct" -v ah="$all_headers" 'BEGIN {
	printf "\nbench: report-dense logs: the fixtures concatenated %d times (%d MiB, %d page allocation failures), and one header line %d times\n", copies, mb, want, nh
	printf "%-44s %8s %8s %7s %7s %9s\n", "best of " runs " runs, warm cache", "seconds", "MB/s", "/grep", "/cat", "us/report"
	# us/report: per report of any kind (stats.all_reports), OOM and memory dumps included
	row("report-dense: grep -c", gs, bs, gs, cs, 0)
	row("report-dense: cat", cs, bs, gs, cs, 0)
	row("report-dense: buddyscope explain --json", js, bs, gs, cs, as)
	row("every report distinct: grep -c", gd, bd, gd, cd, 0)
	row("every report distinct: cat", cd, bd, gd, cd, 0)
	row("every report distinct: explain --json", jd, bd, gd, cd, ad)
	row(sprintf("%d header lines: grep -c", nh), gh, bh, gh, ch, 0)
	row(sprintf("%d header lines: explain --json", nh), jh, bh, gh, ch, ah)
	printf "buddyscope: %s, %s and %s of %d, %d and %d reports found; %s and %s groups; peak RSS %.1f MiB, limit 64 MiB\n", fs, fd, fh, want, want, nh, ks, kd, peak / 1024
	printf "reports of any kind: %d, %d and %d\n", as, ad, ah
	printf "cost per distinct report: %.2f us more than per repeated one ((distinct - dense) / reports)\n", (jd - js) / 1e3 / (ad > 0 ? ad : 1)
}
function row(name, ns, bytes, g, c, reports) {
	printf "%-44s %8.3f %8.0f %6.2fx %6.2fx", name, ns / 1e9, bytes / (ns / 1e3), ns / g, ns / c
	if (reports > 0)
		printf " %9.2f", ns / 1e3 / reports
	printf "\n"
}'
echo "bench (report-dense): $status"
# shellcheck disable=SC2154
{
	echo "runs (s): dense json$times_json_same; distinct json$times_json_distinct; headers json$times_json_headers"
	echo "peak RSS (kB): dense $rss_json_same, distinct $rss_json_distinct, headers $rss_json_headers"
	echo "$(nproc) CPUs, load average $load before the runs; logs in $dir"
}
[ "$status" = ok ]
