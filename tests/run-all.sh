#!/bin/sh
# run-all.sh - everything `make check` runs once the binaries are built:
# the cmocka unit tests, again under ASan+UBSan, the CLI golden tests
# against both binaries, the input tests (tests/input/run.sh) against
# both, the HTML pages rendered by headless Chromium (tests/html/run.sh),
# the exporter against a real Prometheus (LOAD_SECONDS=10 of load, not the
# issue's 30), with --trace, and explain --follow on journals, again with
# both binaries, the generated GFP tables regenerated from their
# committed facts (tools/gfpgen/layouts --check), the inputs that once
# crashed a fuzz target, and each libFuzzer target for FUZZ_SECONDS (60),
# FUZZ_JOBS (2) at a time.
# Ends with one line CI reads: "check: N passed, M failed".
set -u
O=${O:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-2}
. ./tests/fuzz-lib.sh
pass=0
fail=0
failed=""

count_cmocka() { # $1 = log, $2 = name
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	[ "${f:-0}" -gt 0 ] && failed="$failed $2"
}

# A shell runner's closing "$2: N passed, M failed" line; no such line counts as one failure.
count_runner() { # $1 = log, $2 = prefix, $3 = name
	p=$(sed -n "s/^$2: \\([0-9]*\\) passed, \\([0-9]*\\) failed\$/\\1/p" "$1")
	f=$(sed -n "s/^$2: \\([0-9]*\\) passed, \\([0-9]*\\) failed\$/\\2/p" "$1")
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-1}))
	[ "${f:-1}" -gt 0 ] && failed="$failed $3"
}

run_unit() { # $1 = dir, $2 = label
	for t in "$1"/test_*; do
		[ -x "$t" ] || continue
		name="$2/$(basename "$t")"
		log=$(mktemp)
		if "$t" >"$log" 2>&1; then rc=0; else rc=$?; fi
		cat "$log"
		count_cmocka "$log" "$name"
		if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
			# crashed or sanitizer abort before cmocka could summarise
			fail=$((fail + 1))
			failed="$failed $name(rc=$rc)"
		fi
		rm -f "$log"
	done
}

echo "== unit tests"
run_unit "$O/tests" unit
echo "== unit tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_unit "$O/san/tests" san

for bin in "$O/buddyscope" "$O/san/buddyscope"; do
	echo "== CLI tests with $bin"
	log=$(mktemp)
	BUDDYSCOPE="$bin" ./tests/cli/run.sh >"$log" 2>&1
	cat "$log"
	count_runner "$log" cli "cli($bin)"
	rm -f "$log"
done

for bin in "$O/buddyscope" "$O/san/buddyscope"; do
	echo "== input tests (compressors, journal, directories) with $bin"
	log=$(mktemp)
	BUDDYSCOPE="$bin" ./tests/input/run.sh >"$log" 2>&1
	cat "$log"
	count_runner "$log" input "input($bin)"
	rm -f "$log"
done
# A shell runner against the built binary, its log shown and its closing line counted.
run_runner() { # $1 = script, $2 = prefix, $3 = name
	log=$(mktemp)
	BUDDYSCOPE="$O/buddyscope" "$1" >"$log" 2>&1
	cat "$log"
	count_runner "$log" "$2" "$3"
	rm -f "$log"
}

echo "== HTML pages in headless Chromium"
run_runner ./tests/html/run.sh html html
echo "== colour and width on a pseudo-terminal (tests/tty/run.sh)"
run_runner ./tests/tty/run.sh tty tty
echo "== command line, docs, install and snapshot archives (shell tests)"
for t in tests/docs/sync.sh tests/pkg/install.sh tests/pkg/no-tracelibs.sh tests/snapshot/archive.sh tests/pkg/completion.sh tests/snapshot/reference.sh; do
	if BUDDYSCOPE="$O/buddyscope" O="$O" "./$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done

# The exporter suites with both binaries: run.sh (a real Prometheus, load,
# faults, explain --follow on /dev/kmsg), trace.sh (--trace on this kernel's
# tracepoints), journal.sh (explain --follow on growing journals).  Sanitizer
# reports go to files, since servers stopped by a signal have no one reading
# their stderr; any report is a failure.
for bin in "$O/buddyscope" "$O/san/buddyscope"; do
	san=$(mktemp -d)
	for suite in run:exporter trace:exporter-trace journal:journal-follow; do
		echo "== tests/exporter/${suite%%:*}.sh with $bin"
		log=$(mktemp)
		ASAN_OPTIONS=log_path=$san/asan:detect_leaks=1 \
		UBSAN_OPTIONS=log_path=$san/ubsan:print_stacktrace=1:halt_on_error=1 \
			BUDDYSCOPE="$bin" "./tests/exporter/${suite%%:*}.sh" >"$log" 2>&1
		cat "$log"
		count_runner "$log" "${suite#*:}" "${suite#*:}($bin)"
		rm -f "$log"
	done
	if [ -n "$(ls "$san")" ]; then
		cat "$san"/*
		fail=$((fail + 1))
		failed="$failed sanitizer-reports(exporter,$bin)"
	else
		pass=$((pass + 1))
	fi
	rm -rf "$san"
done

echo "== generated GFP tables against their committed facts"
if ./tools/gfpgen/layouts --check; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	failed="$failed gfp-layouts"
fi

echo "== fuzzer regression inputs (tests/fixtures/fuzz-regress)"
for d in tests/fixtures/fuzz-regress/*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	log=$(mktemp)
	fuzz_replay "$name" >"$log"
	cat "$log"
	p=$(grep -c ': ok$' "$log")
	f=$(grep -c ': FAILED$' "$log")
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -gt 0 ] && failed="$failed regress/$name"
	rm -f "$log"
done

# One target for FUZZ_SECONDS in its own directory (seeds, corpus,
# artifacts); the exit status and the log are left next to it.
fuzz_run() { # $1 = binary, $2 = work dir
	fuzz_seed "$(basename "$1")" "$2"
	# shellcheck disable=SC2046
	"$1" -max_total_time="$FUZZ_SECONDS" $(fuzz_opts "$(basename "$1")") \
		-artifact_prefix="$2/" "$2" >"$2.log" 2>&1
	echo $? >"$2.rc"
}

echo "== fuzzers, ${FUZZ_SECONDS}s each, ${FUZZ_JOBS} at a time"
set -- "$O"/fuzz/fuzz_*
while [ $# -gt 0 ]; do
	batch=""
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$FUZZ_JOBS" ]; do
		if [ -x "$1" ]; then
			work=$(mktemp -d)
			fuzz_run "$1" "$work" &
			batch="$batch $1=$work"
			i=$((i + 1))
		fi
		shift
	done
	wait
	for b in $batch; do
		fz=${b%%=*}
		work=${b#*=}
		name=$(basename "$fz")
		if [ "$(cat "$work.rc")" = 0 ]; then
			echo "fuzz $name: ok ($(grep -o 'Done [0-9]* runs' "$work.log" | tail -1))"
			pass=$((pass + 1))
			rm -rf "$work"
		else
			tail -40 "$work.log"
			echo "fuzz $name: FAILED (artifacts in $work)"
			fail=$((fail + 1))
			failed="$failed $name"
		fi
		rm -f "$work.log" "$work.rc"
	done
done

if [ -n "$failed" ]; then
	echo "failed:$failed"
fi
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
