# fuzz-lib.sh - sourced by run-all.sh (make check) and run-fuzz.sh (make
# fuzz): how each libFuzzer target is seeded and run, and its regression
# inputs replayed.  POSIX sh; the caller sets O.

# fuzz_seed NAME DIR: the seed corpus of target NAME into DIR.  Every parser
# reads kernel text, so the real fixtures seed them all; fuzz_explain also
# gets long inputs made by concatenating them (several reports, several
# minutes, several inputs split by form feeds), since its bugs live there.
fuzz_seed() {
	cp tests/fixtures/reports/*.log tests/fixtures/wrappers/*.txt "$2"/ 2>/dev/null
	# the input readers: journal renderings and compressed streams (made, see its README)
	case "$1" in fuzz_input_*) cp tests/fixtures/made/input/oom* "$2"/ ;; esac
	for f in tests/fixtures/proc/*/proc/*info; do cp "$f" "$2/$(echo "$f" | tr / _)"; done
	if [ "$1" = fuzz_snapshot_archive ]; then
		# real archives of a real snapshot tree, as snapshot -o writes them
		for f in tar tar.gz; do
			tar -C tests/fixtures/proc -caf "$2/seed.$f" x86_64-6.18-firecracker
		done
	fi
	# the exporter's web config is YAML, not kernel text: its own seeds, and one with PSI after a NUL
	if [ "$1" = fuzz_web_config ]; then
		cp tests/fixtures/web-config/*.yml "$2"/
		{ cat tests/fixtures/web-config/tls-auth.yml; printf '\0'; cat tests/fixtures/web-config/psi-memory.txt; } >"$2/with-psi"
	fi
	if [ "$1" = fuzz_explain ]; then
		cat tests/fixtures/reports/*.log >"$2/concat-all"
		# four groups of every fourth fixture, each fixture its own input
		for k in 0 1 2 3; do
			ls tests/fixtures/reports/*.log | awk -v k=$k 'NR % 4 == k' |
				while read -r f; do cat "$f"; printf '\f'; done >"$2/concat-inputs-$k"
		done
		cat tests/fixtures/reports/*.log tests/fixtures/wrappers/*.txt >"$2/concat-wrapped"
	fi
}

# fuzz_opts NAME: libFuzzer options of target NAME.  The parsers read one
# report at a time (64 KiB is plenty); explain reads whole logs.
fuzz_opts() {
	case "$1" in
	fuzz_explain) echo "-max_len=4194304 -dict=fuzz/explain.dict -rss_limit_mb=3072" ;;
	*) echo "-max_len=65536" ;;
	esac
}

# fuzz_replay NAME: run each input kept in tests/fixtures/fuzz-regress/NAME/
# once through the target; prints "regress NAME/FILE: ok|FAILED" per file.
fuzz_replay() {
	fz="$O/fuzz/$1"
	rlog=$(mktemp)
	for f in tests/fixtures/fuzz-regress/"$1"/*; do
		[ -f "$f" ] || continue
		if [ -x "$fz" ] && "$fz" "$f" >"$rlog" 2>&1; then
			echo "regress $1/$(basename "$f"): ok"
		else
			tail -30 "$rlog"
			echo "regress $1/$(basename "$f"): FAILED"
		fi
	done
	rm -f "$rlog"
}
