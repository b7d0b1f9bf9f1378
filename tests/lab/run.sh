#!/bin/sh
# run.sh - the kernel lab (`make lab`): boot stock Debian cloud kernels under
# qemu (TCG), provoke one page allocation whose outcome and cause we control
# per boot, and check buddyscope's diagnosis against what the kernel did.
#
#   O=build tests/lab/run.sh [SCENARIO...]     all scenarios when none named
#   O=build tests/lab/run.sh --check [SCENARIO...]
#                      checks only, on the runs the last boots left
#
# Environment: LAB_KERNELS (metapackages, default the 6.1 and 6.12 cloud
# kernels), LAB_JOBS (qemus at once, 2), LAB_BOOTS (boots per scenario while a
# boot cannot serve as ground truth, 3), LAB_TIMEOUT (seconds per boot, 120),
# LAB_BUDDYSCOPE (the binary checked, default $O/buddyscope).
# Everything it fetches or builds stays in $O/lab; nothing is installed.
# Exit status: 0 when every check of every scenario agrees, 1 otherwise.
# docs/lab.md describes the scenarios, the guest and the checks.
set -eu

LAB_DIR=$(cd "$(dirname "$0")" && pwd)
O=${O:-build}
mkdir -p "$O/lab"
O=$(cd "$O" && pwd)
LAB=$O/lab
BS=${LAB_BUDDYSCOPE:-$O/buddyscope}
JOBS=${LAB_JOBS:-2}
TIMEOUT=${LAB_TIMEOUT:-120}
BOOTS=${LAB_BOOTS:-3}
KERNELS=${LAB_KERNELS:-"linux-image-cloud-amd64 linux-image-6.12-cloud-amd64"}
# Guest memory: qemu's pc machine puts RAM above 4 GiB only from 3.5 GiB on;
# memmap= and mem= then leave 16 MiB DMA, 112 MiB DMA32 and 256 MiB Normal,
# so every zone exists and draining them is quick under TCG.  Normal's 1% is
# above a pageblock, which 6.10+ needs to reserve MIGRATE_HIGHATOMIC there.
# slub_max_order=0 keeps slab pages at order 0, so that slabs emptied while
# memory is fragmented do not hand back whole high-order blocks.
QEMU_MEM=3584M
# shellcheck disable=SC2016 # the $ is memmap='s own syntax
APPEND='console=ttyS0 panic=-1 oops=panic rootfstype=ramfs memmap=2944M$128M mem=4352M slub_max_order=0'

die() {
	echo "lab: $*" >&2
	exit 1
}

# The scenario line for a name, without comments.
scenario_line() {
	grep -v '^#' "$LAB_DIR/scenarios" | awk -v n="$1" '$1 == n'
}

# The value of KEY=VALUE among a scenario's shape fields, or nothing.
shape_key() {
	scenario_line "$1" | tr ' \t' '\n\n' | sed -n "s/^$2=//p" | head -n 1
}

# --- kernels ---------------------------------------------------------------

# apt's lists name today's kernels only when they are fresh: a fresh machine
# may carry the lists of its image, whose kernels the security mirror no
# longer has.  As root, refresh them unless a list arrived within the day
# (the change time of a Release file: apt gives the lists the mirror's
# modification dates, and touches Release files on every update).
refresh_lists() {
	[ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Release' -cmin -1440 2>/dev/null)" ] &&
		return 0
	if [ "$(id -u)" != 0 ]; then
		echo "lab: apt's package lists may be stale; run apt-get update as root" >&2
		return 0
	fi
	echo "  APT    update" >&2
	apt-get update -qq >/dev/null 2>&1 ||
		echo "lab: apt-get update failed (no network?); the package lists may be stale" >&2
}

# The ABI a metapackage points at today (it moves with security updates).
resolve_abi() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(.*\)-cloud-amd64$/\1/p' | head -n 1
}

# The packages a kernel's headers need to build a module: the headers, their
# -common part and the kbuild tools.
header_packages() {
	echo "linux-headers-$1-cloud-amd64"
	apt-cache depends "linux-headers-$1-cloud-amd64" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-headers-.*-common\|linux-kbuild-.*\)$/\1/p'
}

# The .deb of the candidate version of a package, downloaded into $LAB/debs
# unless it is there already (linux-kbuild-6.1 keeps its name across updates,
# so the version is part of what is looked for).  Prints the file's path.
fetch_deb() {
	ver=$(apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
	[ -n "$ver" ] || die "no candidate for $1 (apt-get update?)"
	for deb in "$LAB/debs/$1_$(echo "$ver" | sed 's/:/%3a/')"_*.deb; do
		[ -f "$deb" ] && { echo "$deb"; return 0; }
	done
	mkdir -p "$LAB/debs"
	(cd "$LAB/debs" && apt-get download -q -o APT::Sandbox::User=root "$1=$ver" >"$LAB/debs/.log" 2>&1) ||
		{ sed 's/^/  /' "$LAB/debs/.log" >&2; die "cannot download $1 $ver: the lab needs the Debian mirror"; }
	for deb in "$LAB/debs/$1_$(echo "$ver" | sed 's/:/%3a/')"_*.deb; do
		[ -f "$deb" ] && { echo "$deb"; return 0; }
	done
	die "apt-get download $1 $ver left no .deb"
}

# Unpacks image and headers into $LAB/k/ABI (never into /), points the
# headers' Makefile at its unpacked -common half, builds bslab.ko and the
# base initramfs.
prepare_kernel() {
	abi=$1
	k=$LAB/k/$abi
	pkgs="linux-image-$abi-cloud-amd64 $(header_packages "$abi")"
	[ "$(echo "$pkgs" | wc -w)" -ge 3 ] || die "cannot resolve the headers of $abi"
	debs=""
	for p in $pkgs; do
		debs="$debs $(fetch_deb "$p")"
	done
	# Unpack again whenever the set of .debs changed.
	if [ "$(cat "$k/.unpacked" 2>/dev/null)" != "$debs" ]; then
		rm -rf "$k"
		mkdir -p "$k/root"
		for deb in $debs; do
			dpkg-deb -x "$deb" "$k/root"
		done
		hdr=$k/root/usr/src/linux-headers-$abi-cloud-amd64
		sed -i "s|^include /usr/src/|include $k/root/usr/src/|" "$hdr/Makefile"
		echo "$debs" >"$k/.unpacked"
	fi
	hdr=$k/root/usr/src/linux-headers-$abi-cloud-amd64
	cc=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$hdr/.kernelvariables")
	command -v "${cc:-gcc}" >/dev/null || die "$abi wants ${cc:-gcc} to build modules"
	rm -rf "$k/module"
	cp -r "$LAB_DIR/module" "$k/module"
	# No pahole here: skip the module's BTF, which the lab does not need.
	# `make lab O=DIR` passes O=DIR down in MAKEFLAGS, which kbuild would take
	# as its output directory: the kernel's make starts with none of ours.
	MAKEFLAGS='' MAKELEVEL='' MFLAGS='' \
		make -s -C "$hdr" M="$k/module" CONFIG_DEBUG_INFO_BTF_MODULES= modules \
		>"$k/module.log" 2>&1 || { cat "$k/module.log" >&2; die "bslab.ko does not build for $abi"; }
	rm -rf "$k/initramfs"
	mkdir -p "$k/initramfs/bin"
	cp "$(command -v busybox)" "$k/initramfs/bin/busybox"
	cp "$LAB/rawcopy" "$k/initramfs/bin/rawcopy"
	cp "$LAB_DIR/init" "$k/initramfs/init"
	chmod 0755 "$k/initramfs/init"
	cp "$k/module/bslab.ko" "$k/initramfs/bslab.ko"
	(cd "$k/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) >"$k/base.cpio.gz"
	[ -f "$k/root/boot/vmlinuz-$abi-cloud-amd64" ] || die "no kernel image in $abi"
}

# --- one boot --------------------------------------------------------------

# boot ABI NAME: one scenario on one kernel; leaves console.log, snap/ (the
# snapshot layout) and trace/ (the trace recording layout) in the run dir.
boot_once() {
	abi=$1 name=$2
	k=$LAB/k/$abi
	run=$LAB/runs/$abi/$name
	line=$(scenario_line "$name")
	[ -n "$line" ] || die "no scenario $name"
	# shellcheck disable=SC2086 # the line's fields
	set -- $line
	gfp=$4 order=$5
	shift 5
	# was=, wasfast= and fast= are what the lab checks, not module parameters
	args=""
	for a in "$@"; do
		case $a in was=* | wasfast=* | fast=*) ;; *) args="$args${args:+ }$a" ;; esac
	done
	set -- $args
	case $order in
	kmalloc:*) req="kmalloc_size=${order#kmalloc:}" ;;
	*) req="order=$order" ;;
	esac
	rm -rf "$run"
	mkdir -p "$run/conf"
	printf 'SCENARIO=%s\nARGS="scenario=%s gfp=%s %s %s"\n' \
		"$name" "$name" "$gfp" "$req" "$*" >"$run/conf/lab.conf"
	(cd "$run/conf" && echo lab.conf | cpio -o -H newc --quiet | gzip -1) >"$run/conf.cpio.gz"
	cat "$k/base.cpio.gz" "$run/conf.cpio.gz" >"$run/initrd.gz"
	t0=$(date +%s)
	rc=0
	timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -machine pc -smp 1 -m "$QEMU_MEM" \
		-nodefaults -no-user-config -display none -monitor none -no-reboot \
		-serial "file:$run/console.log" \
		-kernel "$k/root/boot/vmlinuz-$abi-cloud-amd64" -initrd "$run/initrd.gz" \
		-append "$APPEND" >"$run/qemu.log" 2>&1 || rc=$?
	echo "$(($(date +%s) - t0))" >"$run/seconds"
	[ "$rc" = 124 ] && echo "timeout after ${TIMEOUT}s" >"$run/boot-error"
	[ "$rc" != 0 ] && [ "$rc" != 124 ] && echo "qemu exit $rc" >"$run/boot-error"
	tr -d '\r' <"$run/console.log" | sed -n '/^@@bslab-tar-begin$/,/^@@bslab-tar-end$/p' |
		sed '1d;$d' >"$run/dump.b64"
	mkdir -p "$run/out"
	if [ -s "$run/dump.b64" ] && base64 -d "$run/dump.b64" | tar -C "$run/out" -xzf - 2>/dev/null; then
		mv "$run/out/snap" "$run/snap"
		mv "$run/out/trace" "$run/trace"
	else
		echo "no snapshot in the console" >>"$run/boot-error"
	fi
	rm -rf "$run/out" "$run/dump.b64" "$run/conf" "$run/conf.cpio.gz" "$run/initrd.gz"
}

# Why the boot in RUN cannot serve as ground truth for scenario NAME with
# expected outcome EXPECT, or nothing when it can: the kernel must have
# decided what the scenario provoked (direct reclaim may free a page whose
# buddy is free, and then an order-1 request succeeds), and no block may have
# come back between the snapshot and the request (then the snapshot is not
# the state the kernel decided on).
boot_unfit() {
	said=$(kernel_said "$1/console.log" "$2")
	if [ -z "$said" ]; then
		echo "no outcome"
	elif [ "${said%% *}" != "$3" ]; then
		echo "the kernel said ${said%% *}"
	elif [ -n "$(shape_key "$2" was)" ] &&
		[ "$(kernel_before "$1/console.log" "$2" | cut -d' ' -f1)" != "$(shape_key "$2" was)" ]; then
		echo "before the change the kernel said $(kernel_before "$1/console.log" "$2" | cut -d' ' -f1)"
	elif tr -d '\r' <"$1/console.log" | grep -q "bslab: after the snapshot: "; then
		echo "blocks came back after the snapshot"
	fi
}

# One scenario on one kernel: boots again, up to BOOTS times, while the boot
# cannot serve as ground truth; every earlier boot's reason stays in
# RUN/reboots and shows in the table.
boot() {
	abi=$1 name=$2
	run=$LAB/runs/$abi/$name
	# shellcheck disable=SC2046 # the line's fields
	set -- $(scenario_line "$name")
	expect=$2
	why="" tries=0 log=""
	while :; do
		tries=$((tries + 1))
		boot_once "$abi" "$name"
		why=$(boot_unfit "$run" "$name" "$expect")
		if [ -z "$why" ] || [ "$tries" -ge "$BOOTS" ]; then
			break
		fi
		log="$log${log:+; }boot $tries: $why"
	done
	[ -n "$log" ] && echo "$log" >"$run/reboots"
	echo "  BOOT   $abi $name ($(cat "$run/seconds")s${log:+, after $log})"
}

# --- checks ----------------------------------------------------------------

# The kernel's own outcome line: "outcome order mask".
kernel_said() {
	tr -d '\r' <"$1" | sed -n "s/.*bslab: result scenario=$2 order=\([0-9]*\) kmalloc=[0-9]* gfp=\(0x[0-9a-f]*\) .* outcome=\([a-z]*\)\$/\3 \1 \2/p" |
		head -n 1
}

# The kernel's outcome before a sysctl= change: "outcome fastpath".
kernel_before() {
	tr -d '\r' <"$1" | sed -n "s/.*bslab: before scenario=$2 fastpath=\([a-z?]*\) outcome=\([a-z]*\)\$/\2 \1/p" |
		head -n 1
}

# Whether the kernel's last request left the fast path: ok, fail or ?.
kernel_fast() {
	tr -d '\r' <"$1" | sed -n "s/.*bslab: result scenario=$2 .* fastpath=\([a-z?]*\) outcome=[a-z]*\$/\1/p" |
		head -n 1
}

# status's prediction from the snapshot, under --what-if SETTING when one
# is given: "outcome fastpath" (ok_min, ok_low), or "n/a n/a".
status_pair() {
	# 0 no warning, 3 warnings, 4 some file missing: all are answers
	out=$("$BS" status --root "$1" --json --gfp "$2" --order "$3" ${4:+--what-if "$4"} 2>/dev/null) &&
		rc=0 || rc=$?
	case $rc in 0 | 3 | 4) ;; *) echo "n/a n/a"; return ;; esac
	echo "$out" | jq -r 'def w: if . == true then "ok" elif . == false then "fail" else "n/a" end;
		(if .what_if then .what_if[0].request else .request end) as $r
		| "\($r.ok_min | w) \($r.ok_low | w)"' 2>/dev/null || echo "n/a n/a"
}

# explain --what-if SETTING on the console's report: ok when it says the
# request would have succeeded, fail when not, or n/a.
explain_whatif() {
	"$BS" explain --json --what-if "$2" "$1" 2>/dev/null | jq -r '.events[0].what_if[0].request_succeeds
		| if . == true then "ok" elif . == false then "fail" else "n/a" end' 2>/dev/null || echo "n/a"
}

# explain's view of the console, one line: reports cause decode order mask
# zones-in-zonelist zones-passing-min.
explain_says() {
	"$BS" explain --json "$1" 2>/dev/null | jq -r '
		.stats.reports as $n | (.events[0] // {}) as $e
		| ($e.verdict.cause // "-") as $c
		| (if $c == "constrained_nodes"
		   then ($e.verdict.memory_state // $c) else $c end) as $cause
		| [$n, $cause, ($e.gfp.decode_matches_kernel // "-"),
		   ($e.order // "-"), ($e.gfp.mask // "-" | ascii_downcase),
		   ([$e.zones[]? | select(.in_zonelist)] | length),
		   ([$e.zones[]? | select(.in_zonelist and .watermark_ok != false)] | length)]
		| map(tostring) | join(" ")' 2>/dev/null || echo "error"
}

# status's prediction for the request from the snapshot: ok, fail, or why not.
status_says() {
	# 0 no warning, 3 warnings, 4 some file missing: all are answers
	out=$("$BS" status --root "$1" --json --gfp "$2" --order "$3" 2>/dev/null) && rc=0 || rc=$?
	case $rc in 0 | 3 | 4) ;; *) echo "n/a"; return ;; esac
	echo "$out" | jq -r 'if .request.ok_min == true then "ok"
		elif .request.ok_min == false then "fail" else "n/a" end' 2>/dev/null || echo "n/a"
}

# trace's replay of the recording: "fail" when it reports a failed request
# of this order and mask, "ok" when it reports none, or why not.
trace_says() {
	# 0 no failed allocation, 3 failures seen, 4 an event was missing
	out=$("$BS" trace --replay "$1" --json 2>/dev/null) && rc=0 || rc=$?
	case $rc in 0 | 3 | 4) ;; *) echo "n/a"; return ;; esac
	dec=$(printf '%d' "$3")
	echo "$out" | jq -r --argjson o "$2" --arg m "$3" --arg d "$dec" '
		[.failed_allocations.sites[]? | select(.order == $o)
		 | select((.gfp.mask | tostring | ascii_downcase) as $x | $x == $m or $x == $d)]
		| if length > 0 then "fail" else "ok" end' 2>/dev/null || echo "n/a"
}

# Event name counts as tracefs printed them in trace.txt, "name count" per
# line; a page allocation that succeeded is "mm_page_alloc_ok" (the replay
# keeps only failures: page NULL, pfn -1).
printed_events() {
	awk '!/^#/ {
		for (i = 2; i <= NF; i++)
			if ($i ~ /^[a-z0-9_]+:$/ && $(i - 1) ~ /^[0-9]+\.[0-9]+:$/) {
				n = substr($i, 1, length($i) - 1)
				if (n == "mm_page_alloc" && $(i + 1) !~ /^page=(0+|\(null\))$/)
					n = n "_ok"
				c[n]++
				break
			}
	} END { for (n in c) print n, c[n] }' "$1" | sort
}

# trace_events RUN: "D/W" when the replay of RUN/trace decoded, kind by
# kind, every entry the kernel wrote: W is trace.txt's entries-written, D
# what the replay decoded plus the successful page allocations it skips by
# design.  Otherwise "D/W:why".  Leaves both lists in RUN/events.{printed,decoded}.
trace_events() {
	run=$1
	txt=$run/trace/trace.txt
	[ -f "$txt" ] || { echo "no-trace.txt"; return; }
	# shellcheck disable=SC2046 # in-buffer written
	set -- $(sed -n 's|^# entries-in-buffer/entries-written: \([0-9]*\)/\([0-9]*\) .*|\1 \2|p' "$txt")
	[ $# = 2 ] || { echo "no-entries-written"; return; }
	inbuf=$1 written=$2
	# 0 no failed allocation, 3 failures seen, 4 an event was missing
	out=$("$BS" trace --replay "$run/trace" --json 2>/dev/null) && rc=0 || rc=$?
	case $rc in 0 | 3 | 4) ;; *) echo "n/a"; return ;; esac
	echo "$out" | jq -r '.events | to_entries[] | select(.value.count > 0)
		| "\(.key | sub(".*:"; "")) \(.value.count)"' | sort >"$run/events.decoded"
	printed_events "$txt" >"$run/events.printed"
	ok=$(awk '$1 == "mm_page_alloc_ok" { print $2 }' "$run/events.printed")
	total=$(awk -v ok="${ok:-0}" '{ s += $2 } END { print s + ok }' "$run/events.decoded")
	why=""
	[ "$inbuf" = "$written" ] || why="$why overwritten"
	[ "$(echo "$out" | jq -r .partial)" = false ] || why="$why partial"
	grep -v '^mm_page_alloc_ok ' "$run/events.printed" | cmp -s - "$run/events.decoded" ||
		why="$why kinds"
	[ "$total" = "$written" ] || why="$why total"
	why=$(echo "${why# }" | tr " " ",")
	echo "$total/$written${why:+:$why}"
}

# check ABI NAME: prints one table row, returns 1 when anything disagrees.
check() {
	abi=$1 name=$2
	run=$LAB/runs/$abi/$name
	# shellcheck disable=SC2046 # the line's fields
	set -- $(scenario_line "$name")
	expect=$2 cause=$3
	bad=""
	[ -f "$run/console.log" ] || {
		printf '%-24s %-15s %-6s %-16s not booted\n' "$name" "$abi" "$expect" "$cause"
		return 1
	}
	said=$(kernel_said "$run/console.log" "$name")
	[ -f "$run/boot-error" ] && bad="$bad boot($(head -n 1 "$run/boot-error"))"
	if [ -z "$said" ]; then
		kout="-" korder=0 kmask=0x0
		bad="$bad no-outcome"
	else
		# shellcheck disable=SC2086 # outcome order mask
		set -- $said
		kout=$1 korder=$2 kmask=$3
		[ "$kout" = "$expect" ] || bad="$bad not-provoked"
	fi
	sysctl=$(shape_key "$name" sysctl) was=$(shape_key "$name" was)
	wasfast=$(shape_key "$name" wasfast) fast=$(shape_key "$name" fast)
	reported=$expect
	[ "$was" = fail ] && reported=fail
	# shellcheck disable=SC2046 # explain_says' fields
	set -- $(explain_says "$run/console.log")
	if [ "$reported" = fail ] && [ "$cause" != silent ]; then
		verdict=$2
		[ "$1" = 1 ] || bad="$bad explain:$1-reports"
		[ "$2" = "$cause" ] || bad="$bad explain:cause"
		[ "${3:-}" = true ] || bad="$bad explain:decode"
		[ "${4:-}" = "$korder" ] && [ "${5:-}" = "$kmask" ] || bad="$bad explain:request"
		[ "${6:-0}" -gt 0 ] && [ "${7:-1}" = 0 ] || bad="$bad explain:replay"
	else
		verdict="$1-reports"
		[ "$1" = 0 ] || bad="$bad explain:$1-reports"
	fi
	st=n/a tr=n/a ev=n/a
	if [ -d "$run/snap" ]; then
		st=$(status_says "$run/snap" "$kmask" "$korder")
		tr=$(trace_says "$run/trace" "$korder" "$kmask")
		ev=$(trace_events "$run")
	fi
	if [ -n "$sysctl" ]; then
		# the change: status (and explain, on the report printed before
		# it) predict from what was there before what the kernel did after
		wi="vm.${sysctl%%:*}=${sysctl#*:}"
		# shellcheck disable=SC2046 # outcome fastpath
		set -- $(kernel_before "$run/console.log" "$name") - -
		kwas=$1 kwasfast=$2 kfast=$(kernel_fast "$run/console.log" "$name")
		[ "$kwas" = "$was" ] || bad="$bad not-provoked(before)"
		[ -z "$wasfast" ] || [ "$kwasfast" = "$wasfast" ] || bad="$bad not-provoked(before:fastpath)"
		[ -z "$fast" ] || [ "$kfast" = "$fast" ] || bad="$bad not-provoked(fastpath)"
		# shellcheck disable=SC2046 # outcome fastpath
		set -- $(status_pair "$run/snap" "$kmask" "$korder")
		[ "$1" = "$kwas" ] || bad="$bad status:$1"
		[ -z "$wasfast" ] || [ "$2" = "$kwasfast" ] || bad="$bad status:fastpath:$2"
		st=$1
		# shellcheck disable=SC2046 # outcome fastpath
		set -- $(status_pair "$run/snap" "$kmask" "$korder" "$wi")
		[ "$1" = "$kout" ] || bad="$bad status-what-if:$1"
		[ -z "$fast" ] || [ "$2" = "$kfast" ] || bad="$bad status-what-if:fastpath:$2"
		st="$st>$1"
		[ -z "$fast" ] || st="$st,fast:$2"
		if [ "$kwas" = fail ]; then
			ex=$(explain_whatif "$run/console.log" "$wi")
			[ "$ex" = "$kout" ] || bad="$bad explain-what-if:$ex"
			verdict="$verdict>$ex"
		fi
		kout="$kwas>$kout"
	elif [ "$st" != "$kout" ]; then
		bad="$bad status:$st"
	fi
	[ "$tr" = "${kout#*>}" ] || bad="$bad trace:$tr"
	case $ev in *:* | n/a | no-*) bad="$bad events" ;; esac
	agree=yes
	[ -z "$bad" ] || agree="NO:$bad"
	[ -f "$run/reboots" ] && agree="$agree (booted again: $(cat "$run/reboots"))"
	printf '%-24s %-15s %-6s %-16s %-6s %-16s %-6s %-6s %-9s %s\n' "$name" "$abi" "$expect" \
		"$cause" "$kout" "$verdict" "$st" "$tr" "$ev" "$agree"
	[ -z "$bad" ]
}

# --- main ------------------------------------------------------------------

case "${1:-}" in
--boot)
	boot "$2" "$3"
	exit 0
	;;
-h | --help)
	sed -n '2,16s/^# \{0,1\}//p' "$0"
	exit 0
	;;
--check)
	check_only=1
	shift
	;;
esac

[ -x "$BS" ] || die "$BS missing: run make first"
for t in qemu-system-x86_64 busybox cpio jq apt-get dpkg-deb timeout; do
	command -v "$t" >/dev/null || die "$t missing: scripts/deps.sh lab installs it"
done
names=${*:-$(grep -v '^#' "$LAB_DIR/scenarios" | awk 'NF { print $1 }')}
for n in $names; do
	[ -n "$(scenario_line "$n")" ] || die "no scenario $n in tests/lab/scenarios"
done

# The kernels of $KERNELS, fetched, unpacked and with bslab.ko built.
prepare_all() {
	${CC:-cc} -std=c11 -static -O2 -Wall -Wextra -Werror -o "$LAB/rawcopy" \
		"$LAB_DIR/rawcopy.c" || die "cannot build rawcopy (static)"
	refresh_lists
	for meta in $KERNELS; do
		abi=$(resolve_abi "$meta")
		[ -n "$abi" ] || die "cannot resolve $meta (apt-get update?)"
		echo "  KERNEL $meta -> $abi" >&2
		prepare_kernel "$abi" >&2
		echo "$abi"
	done
}

# Every scenario on every kernel, $JOBS boots at a time.
boot_all() {
	for abi in $abis; do
		for n in $names; do
			echo "$abi $n"
		done
	done | xargs -P "$JOBS" -L 1 "$0" --boot
}

t_start=$(date +%s)
if [ -n "${check_only:-}" ]; then
	abis=$(cd "$LAB/runs" 2>/dev/null && ls) || true
	[ -n "$abis" ] || die "no runs in $LAB/runs: boot first"
	t_built=$t_start t_booted=$t_start
else
	abis=$(prepare_all)
	t_built=$(date +%s)
	boot_all
	t_booted=$(date +%s)
fi

results=$LAB/results.txt
{
	printf '%-24s %-15s %-6s %-16s %-6s %-16s %-6s %-6s %-9s %s\n' scenario kernel expect cause \
		kernel explain status trace events agree
	pass=0 fail=0
	for abi in $abis; do
		for n in $names; do
			if check "$abi" "$n"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		done
	done
	t_end=$(date +%s)
	echo "lab: $pass agree, $fail disagree; $((t_end - t_start))s in all" \
		"(kernels and module $((t_built - t_start))s, boots $((t_booted - t_built))s," \
		"checks $((t_end - t_booted))s, $JOBS qemu at a time)"
	[ "$fail" = 0 ]
} >"$results" && rc=0 || rc=1
cat "$results"
exit "$rc"
