#!/bin/sh
# run-fuzz.sh - `make fuzz`: each libFuzzer target for FUZZ_SECONDS (default
# 300), seeded with the real fixtures; the corpus grows in build/fuzz/corpus-*.
set -u
O=${O:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
rc=0
for fz in "$O"/fuzz/fuzz_*; do
	[ -x "$fz" ] || continue
	name=$(basename "$fz")
	corpus="$O/fuzz/corpus-$name"
	mkdir -p "$corpus"
	cp -n tests/fixtures/reports/*.log tests/fixtures/wrappers/*.txt "$corpus"/ 2>/dev/null
	echo "== $name for ${FUZZ_SECONDS}s"
	"$fz" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -artifact_prefix="$O/fuzz/$name-" "$corpus" || rc=1
done
exit $rc
