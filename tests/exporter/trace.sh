#!/bin/bash
# trace.sh - `buddyscope exporter --trace` on this machine's kernel, as
# root: the exporter reads the allocator's tracepoints in its own tracefs
# instance while tests/exporter/squeeze.c makes the kernel fail order-9
# allocations (and compact to try to avoid it); a real Prometheus scrapes
# it and is queried; the kernel's own counters (/proc/vmstat
# htlb_buddy_alloc_fail, compact_stall) are the oracle.  Then SIGTERM must
# leave the tracing state as it was, also in a mount namespace where
# tracefs was not mounted (the exporter mounts it, and must unmount it).
# Everything it starts it stops; only loopback is used.
# Ends with "exporter-trace: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${BUDDYSCOPE:-build/buddyscope}
pass=0
fail=0
work=$(mktemp -d)
pids=""

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

. tests/exporter/lib.sh
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
check() { # check NAME COMMAND...
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}
finish() { echo "exporter-trace: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

for tool in prometheus promtool curl jq unshare setpriv "${CC:-cc}"; do
	command -v "$tool" >/dev/null || { bad "$tool is not installed (scripts/deps.sh build installs it)"; finish; }
done
if [ "$(id -u)" != 0 ]; then
	bad "exporter --trace needs root (a tracefs instance): not run"
	finish
fi

check "--trace with --textfile is a usage error (exit 2)" \
	sh -c "'$BIN' exporter --trace --textfile '$work/x.prom' 2>/dev/null; [ \$? = 2 ]"
check "--trace as another user than root says it needs root and exits 1" sh -c "
	setpriv --reuid=65534 --regid=65534 --clear-groups '$BIN' exporter --trace --listen 127.0.0.1:1 \
		>/dev/null 2>'$work/nonroot.err'; rc=\$?
	grep -q 'needs root' '$work/nonroot.err' && [ \$rc = 1 ]"

# wait_serving ERRFILE PID: the exporter said it serves within 10 s
wait_serving() {
	local i
	for i in $(seq 100); do
		grep -q "serving metrics" "$1" && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	cat "$1"
	return 1
}

T=$(awk '$3 == "tracefs" { print $2; exit }' /proc/self/mounts)
# the global tracing state: the exporter works in an instance of its own and must not touch it
global() {
	[ -n "$T" ] || return 0
	for f in tracing_on current_tracer set_event trace_clock buffer_size_kb events/enable; do
		printf '%s=%s\n' "$f" "$(cat "$T/$f" 2>/dev/null)"
	done
}
before=$(global)

port=$(free_port)
"$BIN" exporter --trace --listen "127.0.0.1:$port" 2>"$work/exp.err" &
exp=$!
pids="$pids $exp"
if ! wait_serving "$work/exp.err" "$exp"; then
	bad "exporter --trace starts and serves"
	finish
fi
url="http://127.0.0.1:$port/metrics"
T=$(awk '$3 == "tracefs" { print $2; exit }' /proc/self/mounts)
check "the exporter traces in an instance of its own (instances/buddyscope-PID)" test -d "$T/instances/buddyscope-$exp"
curl -s -o "$work/m0" "$url"
check "promtool check metrics passes with the --trace families" sh -c "promtool check metrics <'$work/m0'"
check "the --trace families are there: trace_up, failures, stall histograms" sh -c "
	grep -q '^buddyscope_trace_up 1\$' '$work/m0' &&
	grep -q '^buddyscope_trace_alloc_failures_all_total ' '$work/m0' &&
	for s in direct_reclaim memcg_reclaim direct_compaction; do
		grep -q \"^buddyscope_trace_stall_seconds_bucket{stall=\\\"\$s\\\",le=\\\"+Inf\\\"}\" '$work/m0' || exit 1
	done"

start_prometheus "$port"
# wait_true EXPR SECONDS: until the query returns a (non-empty) result
wait_true() {
	local i v=""
	for i in $(seq $(($2 * 2))); do
		v=$(query "$1")
		[ -n "$v" ] && return 0
		sleep 0.5
	done
	echo "no result for: $1"
	return 1
}
check "Prometheus scrapes the --trace exporter (up == 1)" wait_true 'up{job="buddyscope"} == 1' 30

# --- the squeeze: the kernel fails order-9 allocations ---------------------------

"${CC:-cc}" -O2 -o "$work/squeeze" tests/exporter/squeeze.c || { bad "tests/exporter/squeeze.c builds"; finish; }
fails9() { awk '$1 ~ /^buddyscope_trace_alloc_failures_total\{order="9",/ { s += $2 } END { print s + 0 }' "$1"; }
series() { awk -v k="$2" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' "$1"; }
# direct reclaim: each try_to_free_pages() counts one allocstall_* in /proc/vmstat and fires one begin/end pair
allocstall() { awk '$1 ~ /^allocstall_/ { s += $2 } END { print s + 0 }' /proc/vmstat; }
dc='buddyscope_trace_stall_seconds_count{stall="direct_compaction"}'
dr='buddyscope_trace_stall_seconds_count{stall="direct_reclaim"}'
curl -s -o "$work/m0" "$url"
as0=$(allocstall)
htlb=0
cstall=0
# compact_stall also counts attempts whose zones were all deferred (no compaction ran, nothing to time):
# squeeze up to three times until some compaction ran
for i in 1 2 3; do
	if ! "$work/squeeze" >"$work/squeeze.out"; then
		bad "the squeeze ran and restored nr_hugepages and compact_unevictable_allowed"
		break
	fi
	htlb=$((htlb + $(awk '$1 == "htlb_buddy_alloc_fail" { print $2 }' "$work/squeeze.out")))
	cstall=$((cstall + $(awk '$1 == "compact_stall" { print $2 }' "$work/squeeze.out")))
	curl -s -o "$work/m1" "$url"
	[ "$(series "$work/m1" "$dc")" -gt "$(series "$work/m0" "$dc")" ] && break
done
as1=$(allocstall)
echo "kernel counted: htlb_buddy_alloc_fail +$htlb, compact_stall +$cstall, allocstall +$((as1 - as0)) in $i squeeze(s)"
got=$(($(fails9 "$work/m1") - $(fails9 "$work/m0")))
check "the kernel failed order-9 allocations (htlb_buddy_alloc_fail rose)" test "$htlb" -gt 0
check "every failed order-9 allocation the kernel counted is counted, by order (got $got, kernel $htlb)" \
	test "$got" -ge "$htlb"
check "the failures carry a GFP class label" \
	grep -q '^buddyscope_trace_alloc_failures_total{order="9",gfp="[A-Za-z_]*"} [1-9]' "$work/m1"
check "the all-orders total is the sum of the by-order series" sh -c "
	awk '\$1 ~ /^buddyscope_trace_alloc_failures_total\\{/ { s += \$2 }
	     \$1 == \"buddyscope_trace_alloc_failures_all_total\" { t = \$2 }
	     END { exit !(s == t && t > 0) }' '$work/m1'"
drn=$(($(series "$work/m1" "$dr") - $(series "$work/m0" "$dr")))
# reclaims running across either end of the window may fall on one side only
check "direct reclaim stalls timed = allocstall counted by the kernel (got $drn, kernel $((as1 - as0)), within 2)" \
	test $((drn - (as1 - as0))) -le 2 -a $(((as1 - as0) - drn)) -le 2
check "direct compaction stalls were timed (the kernel counted $cstall compact_stall)" \
	test "$(series "$work/m1" "$dc")" -gt "$(series "$work/m0" "$dc")"
after_fail=$(fails9 "$work/m1")
# each histogram: buckets never decrease, +Inf equals _count, _sum is not negative
hist_ok() {
	awk '/^buddyscope_trace_stall_seconds_bucket/ {
		match($1, /stall="[a-z_]*"/); s = substr($1, RSTART, RLENGTH)
		if (s in last && $2 < last[s]) bad = 1
		last[s] = $2
		if ($1 ~ /le="\+Inf"/) inf[s] = $2
	}
	/^buddyscope_trace_stall_seconds_count/ { match($1, /stall="[a-z_]*"/); cnt[substr($1, RSTART, RLENGTH)] = $2 }
	/^buddyscope_trace_stall_seconds_sum/ { if ($2 < 0) bad = 1 }
	END { for (s in cnt) if (inf[s] != cnt[s]) bad = 1; exit bad || length(cnt) != 3 }' "$1"
}
check "the stall histograms are well formed (cumulative, +Inf == _count)" hist_ok "$work/m1"
check "Prometheus holds the order-9 failures" \
	wait_true "sum(buddyscope_trace_alloc_failures_total{order=\"9\"}) >= $after_fail" 15
check "Prometheus computes a direct-compaction stall quantile from the histogram" \
	wait_true 'histogram_quantile(0.9, sum by (le) (buddyscope_trace_stall_seconds_bucket{stall="direct_compaction"})) >= 0' 15

# --- SIGTERM restores the tracing state ----------------------------------------

kill -TERM "$exp"
wait "$exp"
rc=$?
check "SIGTERM stops the --trace exporter with exit status 0" test "$rc" = 0
check "SIGTERM removed the exporter's tracefs instance" test ! -e "$T/instances/buddyscope-$exp"
check "the global tracing state is as before" test "$(global)" = "$before"

# --- tracefs not mounted: the exporter mounts it and unmounts it on SIGTERM ---------

# a private mount namespace, so the machine's own tracefs mount is never touched
cat >"$work/ns.sh" <<'NS'
set -u
T=$(awk '$3 == "tracefs" { print $2; exit }' /proc/self/mounts)
while [ -n "$T" ]; do umount "$T" || exit 3; T=$(awk '$3 == "tracefs" { print $2; exit }' /proc/self/mounts); done
"$BIN" exporter --trace --listen "127.0.0.1:$PORT" 2>"$WORK/ns.err" &
e=$!
for i in $(seq 100); do grep -q "serving metrics" "$WORK/ns.err" && break; sleep 0.1; done
grep -c " tracefs " /proc/self/mounts >"$WORK/ns.mounted"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -c '^buddyscope_trace_up 1$' >"$WORK/ns.up"
kill -TERM "$e"
wait "$e"
echo $? >"$WORK/ns.rc"
grep -c " tracefs " /proc/self/mounts >"$WORK/ns.after"
NS
BIN="$BIN" PORT=$(free_port) WORK="$work" unshare --mount --propagation private sh "$work/ns.sh"
check "with tracefs unmounted, --trace mounts it and serves the trace families" \
	test "$(cat "$work/ns.mounted" 2>/dev/null)" = 1 -a "$(cat "$work/ns.up" 2>/dev/null)" = 1
check "... and on SIGTERM exits 0 with tracefs unmounted again" \
	test "$(cat "$work/ns.rc" 2>/dev/null)" = 0 -a "$(cat "$work/ns.after" 2>/dev/null)" = 0
check "... and said so" grep -q "tracefs was not mounted" "$work/ns.err"

finish
