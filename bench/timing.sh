#!/bin/sh
# timing.sh - sourced by the bench scripts: timed(), the best of $RUNS runs
# of a command with its peak RSS, its output kept in $dir.
#
# timed [-n] NAME OKCODES CMD...: run CMD $RUNS times, stdout to
# $dir/NAME.out (-n: to /dev/null, for cat, whose output is not worth a
# file; GNU grep stops at the first match when its stdout is /dev/null, so
# never for grep); sets t_NAME (best, ns), rss_NAME (peak kB over all runs) and
# times_NAME.  OKCODES lists the exit statuses that are not errors.
timed() {
	out=
	[ "$1" = -n ] && out=/dev/null && shift
	name=$1 okcodes=$2
	out=${out:-$dir/$name.out}
	shift 2
	best="" rss=0 times=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		if /usr/bin/time -f %M -o "$dir/$name.rss" "$@" >"$out" 2>"$dir/$name.err"; then
			rc=0
		else
			rc=$?
		fi
		t1=$(date +%s%N)
		case " $okcodes " in
		*" $rc "*) ;;
		*)
			sed 's/^/  /' "$dir/$name.err" | head -20 >&2
			die "$name: exit status $rc ($*)"
			;;
		esac
		ns=$((t1 - t0))
		times="$times $(awk -v ns=$ns 'BEGIN { printf "%.3f", ns / 1e9 }')"
		[ -z "$best" ] || [ "$ns" -lt "$best" ] && best=$ns
		k=$(tail -n 1 "$dir/$name.rss")
		[ "$k" -gt "$rss" ] && rss=$k
		i=$((i + 1))
	done
	eval "t_$name=$best rss_$name=$rss times_$name='$times'"
}

