#!/bin/sh
# status.sh - `buddyscope status` against `cat` of the same proc files, in
# the same run, best of BENCH_RUNS (default 20) each; prints the ratios.
# The goal is within 2x of cat: status reads each file once and spawns nothing.
set -eu
cd "$(dirname "$0")/.."
O=${O:-build}
BIN="$O/buddyscope"
RUNS=${BENCH_RUNS:-20}
FILES="/proc/buddyinfo /proc/zoneinfo /proc/pagetypeinfo /proc/vmstat /proc/meminfo
/proc/sys/kernel/osrelease /proc/version"
for f in /proc/sys/vm/min_free_kbytes /proc/sys/vm/watermark_scale_factor /proc/sys/vm/watermark_boost_factor \
	/proc/sys/vm/extfrag_threshold /proc/sys/vm/compaction_proactiveness /proc/sys/vm/lowmem_reserve_ratio \
	/proc/sys/vm/vfs_cache_pressure /proc/sys/vm/swappiness /proc/sys/vm/dirty_ratio \
	/proc/sys/vm/dirty_background_ratio /proc/sys/vm/dirty_writeback_centisecs \
	/proc/sys/vm/dirty_expire_centisecs /proc/sys/vm/overcommit_memory /proc/sys/vm/zone_reclaim_mode \
	/sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag \
	/sys/kernel/mm/ksm/run /sys/kernel/mm/ksm/pages_sharing; do
	[ -r "$f" ] && FILES="$FILES $f"
done

# best wall time in seconds of RUNS runs of "$@" (output discarded)
best() {
	b=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		t=$((e - s))
		if [ -z "$b" ] || [ $t -lt "$b" ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}

# shellcheck disable=SC2086
cat_ns=$(best cat $FILES)
text_ns=$(best "$BIN" status)
json_ns=$(best "$BIN" status --json)
nfiles=$(echo $FILES | wc -w)
echo "status bench: best of $RUNS runs, $nfiles files"
awk -v c="$cat_ns" -v t="$text_ns" -v j="$json_ns" 'BEGIN {
	printf "  cat of the same files   %8.3f ms\n", c / 1e6
	printf "  buddyscope status       %8.3f ms  %5.2fx cat\n", t / 1e6, t / c
	printf "  buddyscope status --json %7.3f ms  %5.2fx cat\n", j / 1e6, j / c
}'
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
