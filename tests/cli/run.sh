#!/bin/sh
# run.sh - data-driven CLI tests.  Each tests/cli/*.test file is one test:
#   # what it proves            (comment lines)
#   args: explain --json FILE   (the command line, required)
#   stdin: FILE                 (optional)
#   exit: 3                     (expected exit status, required)
#   golden: tests/cli/golden/x  (optional: stdout must equal this file)
#   contains: text              (any number: stdout must contain it; runs of
#                               white space, line breaks too, match any run:
#                               text folds at 80 columns wherever it falls)
#   absent: text                (any number: stdout must not contain it, alike)
#   stderr: text                (any number: stderr must contain it)
#   nostderr: text              (any number: stderr must not contain it)
#   jq: EXPR                    (any number: jq -e EXPR on stdout is true)
# UPDATE_GOLDEN=1 rewrites golden files (review the diff before committing).
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
pass=0
fail=0

for t in tests/cli/*.test; do
	args=$(sed -n 's/^args: //p' "$t")
	want=$(sed -n 's/^exit: //p' "$t")
	stdin=$(sed -n 's/^stdin: //p' "$t")
	golden=$(sed -n 's/^golden: //p' "$t")
	out=$(mktemp)
	err=$(mktemp)
	# shellcheck disable=SC2086
	if [ -n "$stdin" ]; then
		$BUDDYSCOPE $args <"$stdin" >"$out" 2>"$err"
	else
		$BUDDYSCOPE $args </dev/null >"$out" 2>"$err"
	fi
	rc=$?
	why=""
	[ "$rc" = "$want" ] || why="exit $rc, want $want"
	if [ -n "$golden" ]; then
		if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
			cp "$out" "$golden"
		elif ! diff -u "$golden" "$out" >"$out.diff" 2>&1; then
			why="$why; stdout differs from $golden"
			head -40 "$out.diff"
		fi
		rm -f "$out.diff"
	fi
	tr -s ' \n\t' '   ' <"$out" >"$out.flat"
	while IFS= read -r line; do
		case "$line" in
		"contains: "*)
			s=${line#contains: }
			f=$(printf '%s' "$s" | tr -s ' \t' '  ')
			grep -qF -- "$f" "$out.flat" || why="$why; stdout lacks \"$s\"" ;;
		"absent: "*)
			s=${line#absent: }
			f=$(printf '%s' "$s" | tr -s ' \t' '  ')
			! grep -qF -- "$f" "$out.flat" || why="$why; stdout has \"$s\"" ;;
		"stderr: "*)
			s=${line#stderr: }
			grep -qF -- "$s" "$err" || why="$why; stderr lacks \"$s\"" ;;
		"nostderr: "*)
			s=${line#nostderr: }
			! grep -qF -- "$s" "$err" || why="$why; stderr has \"$s\"" ;;
		"jq: "*)
			e=${line#jq: }
			jq -e "$e" "$out" >/dev/null 2>&1 || why="$why; jq false: $e" ;;
		esac
	done <"$t"
	if grep -q "runtime error\|AddressSanitizer\|LeakSanitizer" "$err"; then
		why="$why; sanitizer report"
		cat "$err"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $t:${why#;}"
	fi
	rm -f "$out" "$out.flat" "$err"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
