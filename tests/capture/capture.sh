#!/bin/sh
# capture.sh - capture real unhealthy snapshots of this machine for the
# status fixtures (tests/fixtures/proc/SOURCES.md says which is which):
#
#   tests/capture/capture.sh SCENARIO OUTDIR
#
#   fragmented  fill memory with order-0 pages, free every other one, eat
#               the pageblock-sized blocks left with THP faults (defrag
#               "never" for that step only), snapshot
#   lowmem      fill memory until free pages sit between the min and low
#               marks (LOWMEM_FREE_KB, MemFree to stop at), snapshot
#   dirty       hold memory, raise vm.dirty_ratio/dirty_background_ratio,
#               write a file without syncing it, snapshot
#
# Needs root.  Every setting it changes is put back and every page and
# file it takes is released on exit, also on error or interrupt.  The
# hog (tests/capture/hog.c) has oom_score_adj 1000.
set -eu
scenario=${1:?scenario: fragmented, lowmem or dirty}
out=${2:?output directory}
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
work=$(mktemp -d)
vm=/proc/sys/vm
thp=/sys/kernel/mm/transparent_hugepage
saved_defrag=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/defrag)
saved_dirty=$(cat $vm/dirty_ratio)
saved_bg=$(cat $vm/dirty_background_ratio)
hog_pid=
debugfs_mounted=

restore() {
	[ -n "$debugfs_mounted" ] && umount /sys/kernel/debug
	echo "$saved_defrag" >$thp/defrag
	echo "$saved_dirty" >$vm/dirty_ratio
	echo "$saved_bg" >$vm/dirty_background_ratio
	[ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null
	exec 3>&- 2>/dev/null || true
	rm -rf "$work"
}
trap restore EXIT INT TERM

# the kernel's own extfrag indices go into the snapshot too
if ! mountpoint -q /sys/kernel/debug; then
	mount -t debugfs none /sys/kernel/debug
	debugfs_mounted=1
fi
cc -O2 -o "$work/hog" "$(dirname "$0")/hog.c"
mkfifo "$work/in" "$work/out"

# Start the hog with @args; return once it holds its memory.
hog() {
	"$work/hog" "$@" <"$work/in" >"$work/out" &
	hog_pid=$!
	exec 3>"$work/in"
	read -r ready held <"$work/out"
	echo "hog: $ready, $held MB held" >&2
}

avail_kb() { sed -n 's/^MemAvailable: *\([0-9]*\).*/\1/p' /proc/meminfo; }

case $scenario in
fragmented)
	echo never >$thp/defrag
	hog --until-avail 1500000 --punch --thp 4096
	echo "$saved_defrag" >$thp/defrag
	;;
lowmem)
	# stop when free pages are about the sum of the zones' low marks and the
	# lower zones' lowmem_reserve for movable requests: Normal is then between min and low
	hog --until-free "${LOWMEM_FREE_KB:-215000}" --max 23552 --hold
	sleep 2	# let the hog eat what kswapd frees meanwhile
	;;
dirty)
	# hold all but ~9 GB, so that 3 GB of dirty data is a third of free + file
	keep=$(( $(avail_kb) - 9000000 ))
	[ "$keep" -gt 0 ] || keep=0
	hog --max $((keep / 1024))
	echo 60 >$vm/dirty_ratio
	echo 40 >$vm/dirty_background_ratio
	dd if=/dev/zero of="$work/dirty" bs=1M count=3072 status=none
	;;
*)
	echo "unknown scenario $scenario" >&2
	exit 2
	;;
esac
"$BUDDYSCOPE" snapshot -o "$out" || [ $? -eq 4 ]
echo "snapshot of $scenario in $out" >&2
