#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# regen-all.sh - fetch the GFP headers of every kernel in sources.list into a
# scratch directory (never into the repo), rewrite its facts file
# (tools/gfpgen/facts/<id>.facts, the committed reference data) with
# gfpgen, then regenerate lib/kernel/knowledge/gfp_layout_*.c and
# lib/kernel/knowledge/gfp_index.c from all facts with tools/gfpgen/layouts.
#
#   tools/gfpgen/regen-all.sh              # fetch over HTTPS from GitHub
#   GFPGEN_GIT_ROOT=/path tools/gfpgen/regen-all.sh
#                                          # read local clones instead:
#                                          # $GFPGEN_GIT_ROOT/<owner>+<name>/repo
#   tools/gfpgen/regen-all.sh 6.18         # only the tables named
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$here/facts
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gfpgen-src.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

paths="Makefile include/linux/gfp.h include/linux/gfp_types.h
include/trace/events/mmflags.h include/trace/events/gfpflags.h include/trace/events/kmem.h"

sym() { echo "$1" | tr -c 'A-Za-z0-9\n' '_'; }

fetch_file() { # tree commit path dest
	local tree=$1 commit=$2 path=$3 dest=$4 gd
	if [ -n "${GFPGEN_GIT_ROOT:-}" ]; then
		gd=$GFPGEN_GIT_ROOT/${tree/\//+}/repo
		[ -d "$gd/.git" ] && gd=$gd/.git
		git --git-dir="$gd" show "$commit:$path" >"$dest" 2>/dev/null || { rm -f "$dest"; return 1; }
	else
		curl -fsSL "https://raw.githubusercontent.com/$tree/$commit/$path" -o "$dest" 2>/dev/null ||
			{ rm -f "$dest"; return 1; }
	fi
}

while read -r id tree tag commit subdir version distro note; do
	case $id in ''|'#'*) continue ;; esac
	if [ $# -gt 0 ]; then
		want=0
		for a in "$@"; do [ "$a" = "$id" ] && want=1; done
		[ $want -eq 1 ] || continue
	fi
	d=$scratch/$id
	pre=
	[ "$subdir" = . ] || pre=$subdir/
	for p in $paths; do
		mkdir -p "$d/$(dirname "$p")"
		fetch_file "$tree" "$commit" "$pre$p" "$d/$p" || true
	done
	[ -f "$d/include/linux/gfp.h" ] || { echo "regen-all: $id: cannot fetch gfp.h from $tree@$commit" >&2; exit 1; }
	args=(--id "$id" --tree "$tree" --tag "$tag" --commit "$commit" --version "$version")
	case $distro in
	-) ;;
	stable:*)
		IFS=: read -r _ sfrom sto <<<"$distro"
		args+=(--stable-from "$sfrom" --stable-to "$sto") ;;
	since:*)
		args+=(--since "${distro#since:}") ;;
	*)
		IFS=: read -r dname dmaj dfrom dto <<<"$distro"
		args+=(--distro "$dname" --distro-major "$dmaj" --distro-from "$dfrom" --distro-to "$dto") ;;
	esac
	[ -n "$note" ] && args+=(--note "$note")
	echo "  GFPGEN  $id" >&2
	"$here/gfpgen" "${args[@]}" --out "$out/$(sym "$id").facts" "$d"
done <"$here/sources.list"

# the layouts and the index, from every kernel's facts
"$here/layouts"
