#!/bin/sh
# run.sh - the HTML pages in a real browser.  Headless Chromium loads each
# page buddyscope writes (explain --html, status --html) and dumps the DOM
# it built; the checks below assert on that DOM: the verdict, every chart
# by its id, the text of hostile names and the absence of their markup.
# The page itself must stand alone: no reference outside it.
#   UPDATE_SCREENSHOT=1  also rewrite docs/explain-example.png
# Ends with "html: N passed, M failed"; no Chromium is a failure, said so.
set -u
cd "$(dirname "$0")/../.."
BUDDYSCOPE=${BUDDYSCOPE:-build/buddyscope}
CHROMIUM=${CHROMIUM:-chromium}
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	echo "FAIL html: $CHROMIUM not found: no browser to render the pages (scripts/deps.sh build installs chromium)"
	echo "html: 0 passed, 1 failed"
	exit 1
fi

# Chromium refuses to run as root with its sandbox; each run gets its own profile, removed after.
browse() { # $1 = page, then chromium's own arguments
	page=$1
	shift
	profile=$(mktemp -d)
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
		"$@" "file://$page" 2>"$work/chromium.err"
	rc=$?
	rm -rf "$profile"
	return $rc
}

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# page NAME WANT_EXIT ARGS...: write $work/NAME.html with buddyscope ARGS --html, and its rendered DOM
page() {
	name=$1
	want=$2
	shift 2
	# shellcheck disable=SC2086
	$BUDDYSCOPE "$@" --html "$work/$name.html" >/dev/null 2>"$work/$name.err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$name: buddyscope exit $rc, want $want"
		cat "$work/$name.err"
	fi
	if browse "$work/$name.html" --dump-dom >"$work/$name.dom" && [ -s "$work/$name.dom" ]; then
		ok
	else
		bad "$name: chromium could not render the page"
		tail -5 "$work/chromium.err"
	fi
	# self-contained: nothing the browser could fetch
	if sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$work/$name.html" |
		grep -qiE '<link|<img|<iframe|<[a-z]+ [^>]*(src|href)="?[^"#]|url\(|@import|https?://'; then
		bad "$name: the page refers to something outside it"
	else
		ok
	fi
}

# has NAME WHAT PATTERN: the rendered DOM matches the extended regex PATTERN
has() {
	if grep -qE -- "$3" "$work/$1.dom"; then ok; else bad "$1: rendered DOM lacks $2 ($3)"; fi
}

# lacks NAME WHAT PATTERN: it does not
lacks() {
	if grep -qE -- "$3" "$work/$1.dom"; then bad "$1: rendered DOM has $2 ($3)"; else ok; fi
}

# count NAME WHAT PATTERN N: at least N matches
count() {
	n=$(grep -oE -- "$3" "$work/$1.dom" | wc -l)
	if [ "$n" -ge "$4" ]; then ok; else bad "$1: $n of $2, want >= $4"; fi
}

# The bundled example: the verdict, per zone its marks and blocks, the step chart.
page example 3 explain --kernel 3.10.0-514.el7.x86_64 examples/ceph-centos7.log
has example "the verdict" '<div class="verdict bad"><strong class="cause">fragmentation</strong>'
for z in 0 1 2 3; do
	has example "zone $z's marks chart" "<svg [^>]*id=\"marks-1-$z\""
	has example "zone $z's blocks chart" "<svg [^>]*id=\"orders-1-$z\""
done
has example "the step chart" '<svg [^>]*id="steps-1"'
has example "the failing step, with the replay's own sentence" '<title>o=3: - 990 blocks x 8 pages = 1673 &lt;= min&gt;&gt;4 3208 \(12832 kB\): FAIL</title>'
has example "the requested order marked" 'order &gt;= 5 requested'
has example "the request on the marks" 'class="request"'
has example "the lowmem_reserve that applied" 'lowmem_reserve that applied: 64161 pages'
has example "the replay table" 'id="zones-1"'
if [ "${UPDATE_SCREENSHOT:-0}" = 1 ]; then
	browse "$work/example.html" --window-size=1100,2300 --hide-scrollbars --screenshot="$work/example.png" >/dev/null &&
		cp "$work/example.png" docs/explain-example.png
fi
if browse "$work/example.html" --window-size=1100,2300 --screenshot="$work/shot.png" >/dev/null &&
	[ "$(head -c 8 "$work/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	ok
else
	bad "example: no PNG screenshot"
fi

# A log of several reports: the summary table linking to every group, the timeline.
page multi 3 explain tests/fixtures/reports/x86_64-ixgbe-atomic-interleaved-3.18.log
has multi "the summary table" '<table id="summary">'
count multi "summary links to groups" '<a href="#g[0-9]+">' 2
count multi "group sections" '<section class="group[^"]*" id="g[0-9]+">' 2
count multi "verdicts" '<div class="verdict' 2
has multi "the timeline" '<svg [^>]*id="timeline"'
has multi "the timeline's bars" 'page_alloc_failure: [0-9]+ in minute'
has multi "an OOM's memory chart" '<svg [^>]*id="oom-memory-[0-9]+"'

# An OOM: the verdict, the memory breakdown and the largest tasks.
page oom 3 explain tests/fixtures/reports/oomanalyser-archlinux-6.1.log
has oom "the verdict" '<div class="verdict bad"><strong class="cause">[a-z_]+</strong>'
has oom "the memory breakdown" '<svg [^>]*id="oom-memory-1"'
has oom "the largest tasks" '<svg [^>]*id="oom-tasks-1"'
has oom "the task table" '<table id="oom-tasks-table-1">'
has oom "the victim marked" 'class="bar-victim"'

# status on a snapshot: the verdict, the grid coloured, every zone's charts and protection.
page status 3 status --root tests/fixtures/proc/x86_64-5.4-ubuntu-kubernetes
has status "the verdict" '<div id="verdict" class="verdict warn">'
has status "the grid" '<table id="grid">'
count status "green grid cells" 'class="cell-ok"' 10
for z in 0 1 2; do
	has status "zone $z's marks chart" "<svg [^>]*id=\"marks-$z\""
	has status "zone $z's blocks chart" "<svg [^>]*id=\"orders-$z\""
	has status "zone $z's protection, named" "<table id=\"protection-$z\""
done
has status "migratetypes stacked" 'class="mt-M"'
has status "unusable lists told apart" 'class="mt-H unusable"'
has status "protection labelled by zone" '<th class="num">DMA32</th>'

# A fragmented snapshot: cells that fail are red.
page frag 3 status --root tests/fixtures/proc/x86_64-6.18-fragmented
count frag "red grid cells" 'class="cell-no"' 1

# Hostile names: the text is there, the markup is not.
page hostile 3 explain tests/fixtures/made/hostile/hostile-names.log
has hostile "the task name as text" '&lt;img src=x onerror=alert\(1\)&gt;'
has hostile "the module name as text" '\[&lt;svg/onload=alert\(2\)&gt;\]'
has hostile "the cgroup path as text" '/k8s/"&gt;&lt;script&gt;alert\(3\)&lt;/script&gt;'
has hostile "the victim's name as text" '&lt;iframe src=//evil&gt;'
lacks hostile "an img element" '<img'
lacks hostile "an iframe element" '<iframe'
lacks hostile "an injected script" '<script>alert'
lacks hostile "an injected handler" '<[a-z]+ [^>]*on(error|load|mouseover)='
count hostile "group sections" '<section class="group' 2

echo "html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
