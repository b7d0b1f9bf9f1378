#!/bin/sh
# run-fuzz.sh - `make fuzz`: each libFuzzer target for FUZZ_SECONDS (default
# 300), FUZZ_JOBS (2) at a time, seeded as in make check; the corpus grows
# in $(O)/fuzz/corpus-NAME and crash inputs land in $(O)/fuzz/NAME-crash-*.
# Keep each crash input under tests/fixtures/fuzz-regress/NAME/ once fixed.
set -u
O=${O:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
FUZZ_JOBS=${FUZZ_JOBS:-2}
. ./tests/fuzz-lib.sh
rc=0

fuzz_long() { # $1 = binary
	name=$(basename "$1")
	corpus="$O/fuzz/corpus-$name"
	mkdir -p "$corpus"
	fuzz_seed "$name" "$corpus"
	# shellcheck disable=SC2046
	"$1" -max_total_time="$FUZZ_SECONDS" $(fuzz_opts "$name") \
		-artifact_prefix="$O/fuzz/$name-" "$corpus" >"$O/fuzz/$name.log" 2>&1
	echo "$name: exit $? ($(grep -o 'Done [0-9]* runs' "$O/fuzz/$name.log" | tail -1)), log in $O/fuzz/$name.log"
}

echo "== each target for ${FUZZ_SECONDS}s, ${FUZZ_JOBS} at a time"
set -- "$O"/fuzz/fuzz_*
while [ $# -gt 0 ]; do
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$FUZZ_JOBS" ]; do
		[ -x "$1" ] && { fuzz_long "$1" & i=$((i + 1)); }
		shift
	done
	wait
done
for l in "$O"/fuzz/fuzz_*.log; do
	grep -q '^Done [0-9]* runs' "$l" || { tail -30 "$l"; rc=1; }
done
exit $rc
