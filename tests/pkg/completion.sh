#!/bin/bash
# completion.sh - the bash completion, driven as bash-completion drives it
# (COMP_WORDS, COMP_CWORD, the function it registered): commands, a
# command's options, and --kernel / -k values, which are the kernels whose
# GFP tables the binary knows (gfp --list-kernels), each one that --kernel
# accepts and that keys a table of its own.  The zsh completion is parsed by zsh.
set -u
cd "$(dirname "$0")/../.."
BIN=${BUDDYSCOPE:-build/buddyscope}
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" "$tmp/bin/buddyscope"
BC=/usr/share/bash-completion/bash_completion
[ -r $BC ] || { echo "FAIL bash-completion is not installed (scripts/deps.sh check)"; exit 1; }

# complete WORDS...: what bash would offer for the last word
complete_words() {
	PATH="$tmp/bin:$PATH" bash -c '
		. '"$BC"' 2>/dev/null
		. contrib/completion/buddyscope.bash
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_buddyscope buddyscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$@"
}

"$BIN" gfp --list-kernels >"$tmp/kernels" || bad "gfp --list-kernels fails"
[ "$(wc -l <"$tmp/kernels")" -ge 40 ] || bad "gfp --list-kernels lists $(wc -l <"$tmp/kernels") kernels"
# every listed value is accepted by --kernel and keys a table of its own
while read -r k; do
	t=$("$BIN" gfp 0x10 --kernel "$k" 2>&1 | sed -n 's/^kernel .*-> table \([^ ]*\).*/\1/p')
	[ -n "$t" ] || bad "--kernel $k selects no table"
	echo "$t"
done <"$tmp/kernels" | sort -u >"$tmp/tables"
[ "$(wc -l <"$tmp/tables")" = "$(wc -l <"$tmp/kernels")" ] ||
	bad "$(wc -l <"$tmp/kernels") listed kernels select only $(wc -l <"$tmp/tables") different tables"

got=$(complete_words buddyscope explain --kernel 4.1 | tr '\n' ' ')
[ "$got" = "4.10 4.11 4.12 4.13 4.14.177 4.14.5 4.15 4.16 4.18 4.19 " ] || bad "explain --kernel 4.1<TAB>: '$got'"
got=$(complete_words buddyscope gfp -k 3.10.0- | tr '\n' ' ')
[ "$got" = "3.10.0-1062.el7 3.10.0-1160.el7 3.10.0-514.el7 " ] || bad "gfp -k 3.10.0-<TAB>: '$got'"
got=$(complete_words buddyscope status --kernel 6.1 | head -1)
[ "$got" = "6.1" ] || bad "status --kernel 6.1<TAB>: first '$got'"
got=$(complete_words buddyscope ex | tr '\n' ' ')
[ "$got" = "explain exporter " ] || bad "buddyscope ex<TAB>: '$got'"
complete_words buddyscope exporter --tr | grep -qx -- --trace || bad "exporter --tr<TAB> does not offer --trace"

if command -v zsh >/dev/null; then
	zsh -n contrib/completion/_buddyscope || bad "zsh cannot parse contrib/completion/_buddyscope"
else
	bad "zsh is not installed (scripts/deps.sh check): the zsh completion is unchecked"
fi
[ "$fail" -eq 0 ] && echo "completion: ok" || echo "completion: $fail failed"
[ "$fail" -eq 0 ]
