#!/bin/sh
# sync.sh - --help, the man page and the README say the same command line.
# For every command, the options its --help lists (short form, long form,
# argument name; -h/--help aside) must be exactly those of the man page's
# OPTIONS subsection for it (".SS CMD", one ".TP" heading per option), and
# each must appear in the man page's SYNOPSIS and in the README's synopsis
# line of the command with the same short form and argument name; neither
# may list an option --help lacks.  A short option must mean the same long
# option in every command.  POSIX sh, sed and awk only.
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
MAN=docs/buddyscope.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# roff to plain text: \- to -, font escapes and quotes dropped; alternating
# macros (.BI .BR .RB .IR ...) join their arguments, .B and .I keep spaces
roff_text() {
	awk '{
		line = $0
		gsub(/\\-/, "-", line); gsub(/\\f[BIRP]/, "", line)
		m = line; sub(/ .*/, "", m)
		rest = line; if (index(rest, " ")) sub(/^[^ ]* /, "", rest); else rest = ""
		out = ""; n = 0; inq = 0; cur = ""
		for (i = 1; i <= length(rest); i++) {
			c = substr(rest, i, 1)
			if (c == "\"") { inq = !inq; continue }
			if (c == " " && !inq) { if (cur != "") { a[++n] = cur; cur = "" } continue }
			cur = cur c
		}
		if (cur != "") a[++n] = cur
		sep = (m == ".B" || m == ".I") ? " " : ""
		for (i = 1; i <= n; i++) out = out (i > 1 ? sep : "") a[i]
		print (m ~ /^\./ ? out : line)
	}'
}

# one spec per line, "SHORT LONG ARG" ("-" where none), from "-k, --kernel VER"
norm() {
	sed -e 's/^ *//' -e 's/  .*//' | awk '{
		s = "-"; l = "-"; a = "-"
		if ($1 ~ /^-[A-Za-z],$/) { s = substr($1, 1, 2); l = $2; a = $3 } else { l = $1; a = $2 }
		if (a == "") a = "-"
		if (l != "--help") print s, l, a
	}' | sort
}

cmds=$("$BUDDYSCOPE" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ -n "$cmds" ] || bad "no commands in buddyscope --help"
for c in $cmds; do
	"$BUDDYSCOPE" "$c" --help | sed -n '/^options:/,/^$/p' | grep '^ \{1,4\}-' | norm >"$tmp/$c.help"
	[ -s "$tmp/$c.help" ] || bad "$c: no options in its --help"
	sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN" | awk -v c="$c" '
		/^\.SS / { cur = $2; next }
		/^\.S[HS] / { cur = "" }
		cur == c && want { print; want = 0; next }
		cur == c && /^\.TP/ { want = 1 }' | roff_text | norm >"$tmp/$c.man"
	if ! cmp -s "$tmp/$c.help" "$tmp/$c.man"; then
		bad "$c: --help and the man page's OPTIONS differ (< help, > man):"
		diff "$tmp/$c.help" "$tmp/$c.man" | grep '^[<>]'
	fi
	# the synopsis lines of the command, as text
	sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$MAN" | roff_text | tr '\n' ' ' | sed 's/buddyscope /\n&/g' |
		grep "^buddyscope $c " >"$tmp/$c.mansyn"
	awk -v c="$c" '$1 == "buddyscope" && $2 == c { on = 1; print; next }
		on && /^                    / { print; next } { on = 0 }' README.md >"$tmp/$c.readme"
	for where in mansyn readme; do
		[ -s "$tmp/$c.$where" ] || { bad "$c: no synopsis in the $where"; continue; }
		syn=$(sed 's/[][]/ /g; s/|-/ | -/g' "$tmp/$c.$where" | tr -s ' \n' '  ')
		while read -r s l a; do
			want="$l"
			[ "$a" != - ] && want="$l $a"
			case " $syn " in *" $want "*) ;; *) bad "$c: the $where synopsis lacks \"$want\"" ;; esac
			if [ "$s" != - ]; then
				case " $syn " in *" $s | $l "*) ;; *) bad "$c: the $where synopsis lacks \"$s|$l\"" ;; esac
			fi
		done <"$tmp/$c.help"
		for l in $(printf '%s\n' "$syn" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
			[ "$l" = --help ] && continue
			grep -q -- " $l " "$tmp/$c.help" || bad "$c: the $where synopsis has $l, which --help lacks"
		done
	done
done
# a short option means one long option everywhere
cat "$tmp"/*.help | awk '$1 != "-"' | sort -u | awk '{ if (seen[$1] && seen[$1] != $2) print $1, seen[$1], $2; seen[$1] = $2 }' \
	>"$tmp/clash"
[ -s "$tmp/clash" ] && bad "short options with two meanings: $(cat "$tmp/clash")"
[ "$fail" -eq 0 ] && echo "sync: ok ($(echo $cmds | wc -w) commands: --help = man page = README)" ||
	echo "sync: $fail failed"
[ "$fail" -eq 0 ]
