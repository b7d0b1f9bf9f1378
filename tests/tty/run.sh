#!/bin/sh
# tests/tty/run.sh - colour and width on a real terminal: buddyscope is run
# on a pseudo-terminal made by script(1) (util-linux), as a person runs it,
# and through a pipe, as a script does.  On the terminal FAIL, ok and the
# verdict are coloured; with NO_COLOR set, or through a pipe, no escape
# sequence is written.  A terminal wider than 80 columns is used whole,
# a narrower one still gets 80.
# Ends with "tty: N passed, M failed" (tests/run-all.sh reads it).
set -u
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
case $BUDDYSCOPE in /*) ;; *) BUDDYSCOPE=$(pwd)/$BUDDYSCOPE ;; esac
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ESC=$(printf '\033')

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

if ! command -v script >/dev/null 2>&1; then
	# util-linux's script(1) is in every Debian (bsdutils, essential); its absence is a broken machine
	echo "FAIL script(1) not found: no pseudo-terminal to test colour on"
	echo "tty: 0 passed, 1 failed"
	exit 1
fi

# on_tty NAME COLS ENV... -- ARGS...: buddyscope ARGS on a COLS-wide pty, its output (CRs dropped) in $work/NAME
on_tty() {
	name=$1 cols=$2
	shift 2
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	cmd="stty cols $cols rows 50; exec env -u NO_COLOR$envs '$BUDDYSCOPE'"
	for a in "$@"; do cmd="$cmd '$a'"; done
	script -qec "$cmd" /dev/null </dev/null | tr -d '\r' >"$work/$name"
}

has_esc() { grep -q "$ESC\\[" "$work/$1"; }
widest() { awk '{ gsub(/\033\[[0-9;]*m/, ""); if (length($0) > w) w = length($0) } END { print w + 0 }' "$work/$1"; }

EX="explain --kernel 3.10.0-514.el7.x86_64 examples/ceph-centos7.log"
STATUS="status --root tests/fixtures/proc/x86_64-6.18-fragmented"

# explain on a terminal: the verdict's cause bold red, FAIL red, ok green
on_tty ex 80 -- $EX
if grep -q "Verdict:   ${ESC}\\[1;31mfragmentation${ESC}\\[0m" "$work/ex"; then ok; else bad "explain on a tty: verdict not coloured"; fi
if grep -q "${ESC}\\[1;31mFAIL${ESC}\\[0m" "$work/ex"; then ok; else bad "explain on a tty: FAIL not red"; fi
if grep -q "${ESC}\\[32mok${ESC}\\[0m" "$work/ex"; then ok; else bad "explain on a tty: ok not green"; fi

# NO_COLOR (any non-empty value, no-color.org) on the same terminal: none
on_tty ex-nc 80 NO_COLOR=1 -- $EX
if has_esc ex-nc; then bad "explain with NO_COLOR on a tty wrote escapes"; else ok; fi
if grep -q "Verdict:   fragmentation" "$work/ex-nc"; then ok; else bad "explain with NO_COLOR: verdict missing"; fi
# an empty NO_COLOR is unset, as no-color.org says
on_tty ex-nc-empty 80 NO_COLOR= -- $EX
if has_esc ex-nc-empty; then ok; else bad "explain with an empty NO_COLOR on a tty: no colour"; fi

# through a pipe: none
# shellcheck disable=SC2086
env -u NO_COLOR "$BUDDYSCOPE" $EX >"$work/ex-pipe" 2>&1
if has_esc ex-pipe; then bad "explain into a pipe wrote escapes"; else ok; fi
if grep -q "Verdict:   fragmentation" "$work/ex-pipe"; then ok; else bad "explain into a pipe: verdict missing"; fi

# status: its verdict bold on a terminal, nothing with NO_COLOR or a pipe
on_tty st 80 -- $STATUS
if grep -q "verdict  ${ESC}\\[1m" "$work/st"; then ok; else bad "status on a tty: verdict not bold"; fi
on_tty st-nc 80 NO_COLOR=1 -- $STATUS
if has_esc st-nc; then bad "status with NO_COLOR on a tty wrote escapes"; else ok; fi
# shellcheck disable=SC2086
env -u NO_COLOR "$BUDDYSCOPE" $STATUS >"$work/st-pipe" 2>&1
if has_esc st-pipe; then bad "status into a pipe wrote escapes"; else ok; fi

# width: 80 columns on an 80-column terminal, the whole of a wider one, never fewer than 80
w=$(widest ex)
if [ "$w" -le 80 ]; then ok; else bad "explain on an 80-column tty: a line of $w columns"; fi
on_tty ex-wide 132 -- $EX
w=$(widest ex-wide)
if [ "$w" -gt 80 ] && [ "$w" -le 132 ]; then ok; else bad "explain on a 132-column tty: widest line $w, want 81..132"; fi
on_tty ex-narrow 60 -- $EX
w=$(widest ex-narrow)
if [ "$w" -gt 60 ] && [ "$w" -le 80 ]; then ok; else bad "explain on a 60-column tty: widest line $w, want 61..80"; fi
on_tty st-wide 132 -- $STATUS
w=$(widest st-wide)
if [ "$w" -gt 80 ] && [ "$w" -le 132 ]; then ok; else bad "status on a 132-column tty: widest line $w, want 81..132"; fi
# status -v: every table whole, wider than an 80-column terminal
on_tty st-verbose 80 -- $STATUS -v
w=$(widest st-verbose)
if [ "$w" -gt 80 ]; then ok; else bad "status -v on an 80-column tty: widest line $w, want its whole tables (> 80)"; fi

echo "tty: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
