#!/bin/sh
# trace.sh - what `buddyscope trace` costs a page-allocation-heavy workload.
# Times bench/pagealloc (best of BENCH_RUNS, 5) alone, under `buddyscope
# trace` and under `trace-cmd record` of the same events, and prints the
# slowdown ratios.  Goal: under 1.05 for buddyscope, and no worse than
# trace-cmd.  Needs root (both tracers create tracefs instances).
set -eu
O=${O:-build}
RUNS=${BENCH_RUNS:-5}
ROUNDS=${BENCH_ROUNDS:-200}
BS="$(pwd)/$O/buddyscope"
W="$(pwd)/$O/bench/pagealloc"
mkdir -p "$O/bench"
${CC:-cc} -O2 -o "$W" bench/pagealloc.c
[ "$(id -u)" = 0 ] || { echo "bench/trace.sh: needs root" >&2; exit 1; }
# both tracers mount tracefs when it is absent; leave the machine as found
if ! grep -q " tracefs " /proc/self/mounts; then
	mount -t tracefs nodev /sys/kernel/tracing
	trap 'umount /sys/kernel/tracing' EXIT
fi
T=$(awk '$3 == "tracefs" { print $2; exit }' /proc/self/mounts)
# the global tracing state, to show that neither tracer changed it
global() { for f in tracing_on current_tracer set_event events/enable trace_clock options/*; do
	printf '%s=%s\n' "$f" "$(cat "$T/$f" 2>/dev/null)"; done; }
before=$(global)
EVENTS="kmem:mm_page_alloc_extfrag vmscan:mm_vmscan_direct_reclaim_begin
vmscan:mm_vmscan_direct_reclaim_end vmscan:mm_vmscan_memcg_reclaim_begin vmscan:mm_vmscan_memcg_reclaim_end
vmscan:mm_vmscan_kswapd_wake vmscan:mm_vmscan_kswapd_sleep vmscan:mm_vmscan_wakeup_kswapd
compaction:mm_compaction_try_to_compact_pages compaction:mm_compaction_begin compaction:mm_compaction_end
compaction:mm_compaction_deferred compaction:mm_compaction_defer_compaction compaction:mm_compaction_defer_reset
compaction:mm_compaction_kcompactd_wake"

best() { # best time of RUNS runs of the workload
	b=""
	for _ in $(seq "$RUNS"); do
		t=$("$W" "$ROUNDS")
		b=$(echo "$t ${b:-$t}" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$b"
}

under() { # $@: a tracer to run in the background around best()
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep 2
	b=$(best)
	if kill -INT "$pid" 2>/dev/null; then
		wait "$pid" || true
		echo "$b"
	else
		echo "failed"	# the tracer exited early: its time means nothing
	fi
}

alone=$(best)
bs=$(under "$BS" trace)
tc_args=""
for e in $EVENTS; do tc_args="$tc_args -e $e"; done
# -f filters the -e before it: only failures, as buddyscope asks the kernel.
# -d --no-filter: trace-cmd otherwise writes /proc/sys/kernel/ftrace_enabled
# (without -d) and set_ftrace_pid (to hide its own threads), and kernels
# whose function tracer refuses those writes with EPERM make it fail
# ("Can't enable ftrace") or crash; events alone need neither.
tmp=$(mktemp -d)
# shellcheck disable=SC2086
tc=$(cd "$tmp" && under trace-cmd record -d --no-filter -B buddyscope-bench $tc_args \
	-e kmem:mm_page_alloc -f "pfn == 0xffffffffffffffff" -o "$tmp/trace.dat")
rm -rf "$tmp"
# trace-cmd leaves its -B instance behind
rmdir "$T/instances/buddyscope-bench" 2>/dev/null || true
after=$(global)
ratio() { echo "$1 $2" | awk '$1 == "failed" || $2 == "failed" { print "n/a"; next } { printf "%.3f", $1 / $2 }'; }
echo "pagealloc alone:                 $alone s"
echo "under buddyscope trace:          $bs s  ratio $(ratio "$bs" "$alone")"
echo "under trace-cmd record (same):   $tc s  ratio $(ratio "$tc" "$alone")"
echo "buddyscope / trace-cmd:          $(ratio "$bs" "$tc")"
if [ "$before" = "$after" ]; then
	echo "global tracing state:            unchanged"
else
	echo "global tracing state CHANGED:"
	d=$(mktemp -d); echo "$before" >"$d/before"; echo "$after" >"$d/after"
	diff "$d/before" "$d/after" || true; rm -rf "$d"
fi
