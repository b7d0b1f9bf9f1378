#!/bin/sh
# no-tracelibs.sh - explain, gfp, status --root and snapshot give their
# normal answers on a machine without libtracefs1 and libtraceevent1, and
# trace says which Debian package it needs.
#
# The libraries are hidden in a private mount namespace (unshare -m): the
# real files behind libtracefs.so.1 and libtraceevent.so.1 get /dev/null
# bind-mounted over them, so the dynamic loader cannot load them; nothing
# outside the namespace sees it, and it ends with the test.  Each command's
# stdout and exit status must equal those of the same command run
# normally.  Needs root (for the mount namespace): without it the test
# says so and fails.
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
fail=0

if [ "$(id -u)" != 0 ]; then
	echo "no-tracelibs: needs root for a mount namespace (unshare -m): NOT RUN, counted as failed"
	exit 1
fi
libs=""
for so in libtraceevent.so.1 libtracefs.so.1; do
	f=$(ldconfig -p | sed -n "s/.*[[:space:]]$so .*=> //p" | head -1)
	[ -n "$f" ] && libs="$libs $(readlink -f "$f")"
done
if [ -z "$libs" ]; then
	echo "no-tracelibs: the tracing libraries are not installed here; nothing to hide: NOT RUN"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# run NAME ARGS...: normally, then with the libraries hidden
run() {
	name=$1
	shift
	"$BUDDYSCOPE" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	echo $? >"$tmp/$name.rc"
	# shellcheck disable=SC2086
	unshare -m sh -c 'for f in '"$libs"'; do mount --bind /dev/null "$f" || exit 99; done
		exec "$@"' sh "$BUDDYSCOPE" "$@" >"$tmp/$name.hidden.out" 2>"$tmp/$name.hidden.err" </dev/null
	echo $? >"$tmp/$name.hidden.rc"
}
# same NAME: identical stdout and exit status, and a real answer (not empty)
same() {
	if [ "$(cat "$tmp/$1.hidden.rc")" = 99 ]; then
		echo "FAIL $1: could not hide the libraries"
		fail=$((fail + 1))
	elif ! [ -s "$tmp/$1.out" ]; then
		echo "FAIL $1: no output even with the libraries"
		fail=$((fail + 1))
	elif cmp -s "$tmp/$1.out" "$tmp/$1.hidden.out" && cmp -s "$tmp/$1.rc" "$tmp/$1.hidden.rc"; then
		echo "ok   $1 without the tracing libraries (exit $(cat "$tmp/$1.rc"))"
	else
		echo "FAIL $1: differs without the tracing libraries"
		diff "$tmp/$1.out" "$tmp/$1.hidden.out" | head -5
		cat "$tmp/$1.hidden.err"
		fail=$((fail + 1))
	fi
}

run explain explain --kernel 3.10.0-514.el7.x86_64 examples/ceph-centos7.log
same explain
run gfp gfp 0x104050 --kernel 3.10.0-514.el7.x86_64 --order 5
same gfp
run status status --root tests/fixtures/proc/x86_64-6.18-firecracker
same status
run status-json status --json --root tests/fixtures/proc/x86_64-5.4-ubuntu-vault
same status-json

# snapshot: a copy of a fixture root saves the same files either way
"$BUDDYSCOPE" snapshot --root tests/fixtures/proc/x86_64-6.18-firecracker -o "$tmp/snap-a" >/dev/null 2>&1
unshare -m sh -c 'for f in '"$libs"'; do mount --bind /dev/null "$f" || exit 99; done
	exec "$@"' sh "$BUDDYSCOPE" snapshot --root tests/fixtures/proc/x86_64-6.18-firecracker -o "$tmp/snap-b" \
	>/dev/null 2>&1
if diff -r "$tmp/snap-a" "$tmp/snap-b" >/dev/null && [ -f "$tmp/snap-b/proc/buddyinfo" ]; then
	echo "ok   snapshot without the tracing libraries"
else
	echo "FAIL snapshot: differs without the tracing libraries"
	fail=$((fail + 1))
fi

# the proof that they were hidden: trace cannot load them, and says which package
run trace trace --replay tests/fixtures/trace/hugetlb-fail
if [ "$(cat "$tmp/trace.rc")" = 0 ] || [ "$(cat "$tmp/trace.rc")" = 3 ]; then
	if grep -q "Debian package libtraceevent1" "$tmp/trace.hidden.err" && [ "$(cat "$tmp/trace.hidden.rc")" = 1 ]; then
		echo "ok   trace without the tracing libraries names the package to install"
	else
		echo "FAIL trace without the tracing libraries: exit $(cat "$tmp/trace.hidden.rc"), stderr:"
		cat "$tmp/trace.hidden.err"
		fail=$((fail + 1))
	fi
else
	echo "FAIL trace --replay did not work even with the libraries (exit $(cat "$tmp/trace.rc"))"
	fail=$((fail + 1))
fi
[ "$fail" -eq 0 ] && echo "no-tracelibs: ok" || echo "no-tracelibs: $fail failed"
[ "$fail" -eq 0 ]
