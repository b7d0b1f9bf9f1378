#!/bin/bash
# run.sh - `buddyscope exporter` and `explain --follow` against the real
# engine: a real Prometheus server (Debian's prometheus package) scrapes
# the exporter on a random loopback port with temporary storage and is
# queried through its HTTP API; promtool checks the exposition; the
# kernel log gets clearly marked drill reports (tests/exporter/drill.sh,
# root only); load, faults, TLS and basic auth, an unreadable /proc.
# Everything it starts it stops; nothing but loopback is used.
#   LOAD_SECONDS   length of the 100-scraper load (default 10; the issue asks 30)
# Ends with "exporter: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${BUDDYSCOPE:-build/buddyscope}
LOAD_SECONDS=${LOAD_SECONDS:-10}
SCRAPERS=100
pass=0
fail=0
work=$(mktemp -d)
pids=""

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

. tests/exporter/lib.sh
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
check() { # check NAME COMMAND...: passes when COMMAND succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

for tool in prometheus promtool curl jq htpasswd openssl; do
	if ! command -v "$tool" >/dev/null; then
		bad "$tool is not installed (scripts/deps.sh build installs it): the exporter tests cannot run"
		echo "exporter: $pass passed, $fail failed"
		exit 1
	fi
done
root=0
[ "$(id -u)" = 0 ] && root=1

# start_exporter ARGS...: sets EXP_PORT, EXP_PID; fails when it does not serve within 5 s.
start_exporter() {
	local i
	EXP_PORT=$(free_port)
	"$BIN" exporter --listen "127.0.0.1:$EXP_PORT" "$@" 2>"$work/exporter.$EXP_PORT.err" &
	EXP_PID=$!
	pids="$pids $EXP_PID"
	for i in $(seq 50); do
		grep -q "serving metrics" "$work/exporter.$EXP_PORT.err" && return 0
		kill -0 "$EXP_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$work/exporter.$EXP_PORT.err"
	return 1
}

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# The value of one sample in an exposition file: metric{labels} as written.
sample() { awk -v k="$2" '$1 == k { print $2; found = 1 } END { exit !found }' "$1"; }

# --- the alerting rules and the dashboard ------------------------------------

check "promtool check rules: contrib/prometheus/buddyscope.rules.yml" \
	sh -c "promtool check rules contrib/prometheus/buddyscope.rules.yml >/dev/null"
check "promtool test rules: the alerts fire when they should, and only then" \
	sh -c "cd contrib/prometheus && promtool test rules buddyscope.rules.test.yml >/dev/null"
check "the Grafana dashboard is JSON whose every query names a buddyscope metric" \
	sh -c "jq -e '[.panels[].targets[]?.expr] | length > 0 and all(test(\"buddyscope_\"))' contrib/grafana/buddyscope.json >/dev/null"

# --- the exposition --------------------------------------------------------

if ! start_exporter --user-records; then
	bad "exporter starts and serves"
	echo "exporter: $pass passed, $fail failed"
	exit 1
fi
url="http://127.0.0.1:$EXP_PORT"
main_pid=$EXP_PID
curl -s -D "$work/headers" -o "$work/m1" "$url/metrics"
check "GET /metrics is 200 with the text format's content type" \
	grep -qi '^content-type: text/plain; version=0.0.4' "$work/headers"
check "promtool check metrics passes on the exposition" sh -c "promtool check metrics <'$work/m1'"
check "the families the issue names are there" sh -c "
	for f in buddyscope_zone_free_bytes buddyscope_zone_managed_bytes buddyscope_zone_watermark_bytes \
		 buddyscope_alloc_highest_order buddyscope_zone_fragmentation_index buddyscope_zone_unusable_free_ratio \
		 buddyscope_zone_free_blocks buddyscope_kernel_reports_by_kind_total buddyscope_vmstat_compact_stall_total; do
		grep -q \"^\$f[{ ]\" '$work/m1' || { echo \"missing \$f\"; exit 1; }
	done"
check "GFP_KERNEL's highest order is a number from -1 to 19 at both marks" sh -c "
	for m in low min; do
		v=\$(awk -v k=\"buddyscope_alloc_highest_order{node=\\\"0\\\",gfp=\\\"GFP_KERNEL\\\",mark=\\\"\$m\\\"}\" '\$1 == k { print \$2 }' '$work/m1')
		[ -n \"\$v\" ] && [ \"\$v\" -ge -1 ] && [ \"\$v\" -le 19 ] || exit 1
	done"
if [ -r /proc/pressure/memory ]; then
	check "PSI memory some/full are exported when /proc/pressure/memory is there" \
		grep -q '^buddyscope_memory_pressure_seconds_total{pressure="full"}' "$work/m1"
fi

# zone free bytes against /proc/zoneinfo read at the same moment: free
# pages move between the two reads, so within 2% or 1024 pages
zone_free_agrees() {
	local page n=0 bad=0 node zone pages v diff tol
	page=$(getconf PAGESIZE)
	curl -s -o "$work/m2" "$url/metrics"
	awk '/^Node/ { node = $2; sub(",", "", node); zone = $4 }
	     /^  pages free/ { print node, zone, $3 }' /proc/zoneinfo >"$work/zi"
	while read -r node zone pages; do
		v=$(sample "$work/m2" "buddyscope_zone_free_bytes{node=\"$node\",zone=\"$zone\"}") || continue
		n=$((n + 1))
		diff=$((v / page - pages))
		diff=${diff#-}
		tol=$((pages / 50 > 1024 ? pages / 50 : 1024))
		if [ "$diff" -gt "$tol" ]; then
			echo "node $node $zone: exporter $((v / page)) pages, zoneinfo $pages"
			bad=1
		fi
	done <"$work/zi"
	[ "$n" -gt 0 ] && [ "$bad" = 0 ]
}
check "buddyscope_zone_free_bytes agrees with /proc/zoneinfo for every zone" zone_free_agrees

# --- HTTP faults -----------------------------------------------------------

check "an unknown path is 404" test "$(code "$url/nope")" = 404
check "/ links to /metrics" sh -c "curl -s '$url/' | grep -q 'href=\"metrics\"'"
check "POST is 405" test "$(code -X POST -d x "$url/metrics")" = 405
big=$(head -c 40000 /dev/zero | tr '\0' a)
check "a 40 KB header is refused (431)" test "$(code -H "X-Big: $big" "$url/metrics")" = 431
check "after it, scrapes still answer 200" test "$(code "$url/metrics")" = 200

# slow clients: 20 connections that never finish their headers, one that
# reads the answer at 200 bytes/s; a scrape meanwhile answers within 3 s
for i in $(seq 20); do
	(exec 7<>"/dev/tcp/127.0.0.1/$EXP_PORT"; printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n' >&7; sleep 8) &
	pids="$pids $!"
done
curl -s --limit-rate 200 -o /dev/null "$url/metrics" &
pids="$pids $!"
sleep 0.5
check "slow and silent clients do not stall another scraper" \
	test "$(code --max-time 3 "$url/metrics")" = 200

# --- load: 100 scrapers at once -------------------------------------------

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# One curl process keeps $SCRAPERS transfers in flight at once (--parallel),
# batch after batch until LOAD_SECONDS are over: the exporter sees a hundred
# concurrent scrapers without a hundred shells forking on two cores.
load() {
	local start end half i bad_codes total r0="" r1 args=()
	start=$(date +%s)
	end=$((start + LOAD_SECONDS))
	half=$((start + LOAD_SECONDS / 2))
	for i in $(seq "$SCRAPERS"); do
		args+=(-o /dev/null "$url/metrics")
	done
	: >"$work/codes"
	while [ "$(date +%s)" -lt "$end" ]; do
		curl -s --parallel --parallel-immediate --parallel-max "$SCRAPERS" --max-time 20 \
			-w '%{http_code}\n' "${args[@]}" >>"$work/codes"
		# the first half warms the workers' malloc arenas up; the second must not grow
		[ -z "$r0" ] && [ "$(date +%s)" -ge "$half" ] && r0=$(rss "$main_pid")
	done
	r1=$(rss "$main_pid")
	total=$(wc -l <"$work/codes")
	bad_codes=$(grep -vc '^200$' "$work/codes")
	echo "load: $total scrapes, $SCRAPERS at a time, in ${LOAD_SECONDS}s, $bad_codes not 200; RSS ${r0} kB at half time, ${r1} kB at the end"
	[ "$bad_codes" = 0 ] && [ "$total" -ge "$SCRAPERS" ] && [ "$r1" -le $((r0 + r0 / 10 + 1024)) ]
}
check "$SCRAPERS concurrent scrapers for ${LOAD_SECONDS}s: every answer 200, RSS flat in the second half (within 10% + 1 MB)" load

# --- Prometheus scrapes it -------------------------------------------------

start_prometheus "$EXP_PORT"
# wait_query EXPR WANT SECONDS: until EXPR's value equals WANT
wait_query() {
	local i v=""
	for i in $(seq $(($3 * 2))); do
		v=$(query "$1")
		[ "$v" = "$2" ] && return 0
		sleep 0.5
	done
	echo "$1 = '${v}', want '$2'"
	return 1
}
# a loaded machine (the sanitizer binary after the 100-scraper load) can delay the first scrape well past its interval
check "Prometheus scrapes the exporter (up == 1)" wait_query 'up{job="buddyscope"}' 1 120
check "Prometheus holds every zone's free bytes" \
	wait_query 'count(buddyscope_zone_free_bytes)' "$(grep -c '^buddyscope_zone_free_bytes{' "$work/m1")" 10
check "Prometheus answers GFP_KERNEL's headroom" \
	sh -c "[ -n \"\$(curl -s '$papi/query' --data-urlencode 'query=max by (gfp) (buddyscope_alloc_highest_order{gfp=\"GFP_KERNEL\",mark=\"min\"})' | jq -r '.data.result[0].value[1] // empty')\" ]"

# --- drill reports through /dev/kmsg ---------------------------------------

if [ "$root" = 1 ]; then
	start_exporter || bad "a second exporter (without --user-records) starts"
	plain_url="http://127.0.0.1:$EXP_PORT"
	key='buddyscope_kernel_reports_total{kind="page_alloc_failure",order="5",gfp="GFP_KERNEL"}'
	before=$(curl -s "$url/metrics" | awk -v k="$key" '$1 == k { print $2 }')
	before=${before:-0}
	tests/exporter/drill.sh "exporter-$$"
	counted() {
		local i v
		for i in $(seq 20); do
			v=$(curl -s "$url/metrics" | awk -v k="$key" '$1 == k { print $2 }')
			[ "${v:-0}" -ge $((before + 1)) ] && return 0
			sleep 0.25
		done
		echo "$key = ${v:-absent}, was $before"
		return 1
	}
	check "a drill report written to /dev/kmsg is counted by kind, order and GFP class" counted
	check "without --user-records, records user space wrote are not counted" \
		sh -c "! curl -s '$plain_url/metrics' | grep -q '^buddyscope_kernel_reports_total{'"
	check "the drill report reaches Prometheus" \
		wait_query "buddyscope_kernel_reports_by_kind_total{kind=\"page_alloc_failure\"} >= $((before + 1))" \
		"$(curl -s "$url/metrics" | awk '$1 == "buddyscope_kernel_reports_by_kind_total{kind=\"page_alloc_failure\"}" { print $2 }')" 15
else
	bad "drill reports through /dev/kmsg need root: not run"
fi

# --- web config: basic auth and TLS ----------------------------------------

hash=$(htpasswd -nbBC 10 prom s3cret | cut -d: -f2)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
cat >"$work/web.yml" <<YML
tls_server_config:
  cert_file: tls.crt
  key_file: tls.key
basic_auth_users:
  prom: '$hash'
YML
if start_exporter --web-config "$work/web.yml"; then
	surl="https://127.0.0.1:$EXP_PORT/metrics"
	check "web config: no password is 401" test "$(code --cacert "$work/tls.crt" "$surl")" = 401
	check "web config: a wrong password is 401" test "$(code --cacert "$work/tls.crt" -u prom:wrong "$surl")" = 401
	check "web config: an unknown user is 401" test "$(code --cacert "$work/tls.crt" -u eve:s3cret "$surl")" = 401
	check "web config: the right password over TLS is 200" \
		test "$(code --cacert "$work/tls.crt" -u prom:s3cret "$surl")" = 200
	check "web config: plain HTTP to the TLS port gets no metrics" \
		sh -c "! curl -s --max-time 3 'http://127.0.0.1:$EXP_PORT/metrics' | grep -q buddyscope_"
else
	bad "exporter starts with a TLS and basic-auth web config"
fi
printf 'tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n' >"$work/web-bad.yml"
check "a web config asking for what is not implemented is refused by name" \
	sh -c "'$BIN' exporter --web-config '$work/web-bad.yml' 2>&1 | grep -q client_auth_type"

# --- /proc files it cannot read --------------------------------------------

fake="$work/root"
mkdir -p "$fake/proc/zoneinfo" "$fake/proc/sys/kernel"
cp /proc/buddyinfo /proc/vmstat /proc/meminfo "$fake/proc/"
cp /proc/sys/kernel/osrelease "$fake/proc/sys/kernel/"
ln -s /nonexistent "$fake/proc/pagetypeinfo"
if start_exporter --root "$fake" --migratetype; then
	curl -s -o "$work/m3" "http://127.0.0.1:$EXP_PORT/metrics"
	check "unreadable /proc files: still 200 and valid" sh -c "promtool check metrics <'$work/m3'"
	check "unreadable /proc files: said so per file" sh -c "
		grep -q '^buddyscope_proc_file_readable{file=\"zoneinfo\"} 0' '$work/m3' &&
		grep -q '^buddyscope_proc_file_readable{file=\"pagetypeinfo\"} 0' '$work/m3' &&
		grep -q '^buddyscope_proc_file_readable{file=\"buddyinfo\"} 1' '$work/m3'"
	check "without --migratetype, /proc/pagetypeinfo is not read (nor said unreadable)" \
	sh -c "! grep -q '^buddyscope_proc_file_readable{file=\"pagetypeinfo\"}\\|^buddyscope_zone_free_blocks_by_migratetype' '$work/m1'"
check "unreadable /proc files: the rest is exported, no watermark invented" sh -c "
		grep -q '^buddyscope_zone_free_blocks{' '$work/m3' && ! grep -q '^buddyscope_zone_watermark_bytes{' '$work/m3'"
else
	bad "exporter starts on a root with unreadable files"
fi

# --- textfile ----------------------------------------------------------------

check "--textfile writes a valid exposition and leaves no temporary file" sh -c "
	'$BIN' exporter --textfile '$work/tf/buddyscope.prom' 2>/dev/null; [ \$? -ne 0 ] &&
	mkdir '$work/tf' && '$BIN' exporter --textfile '$work/tf/buddyscope.prom' &&
	promtool check metrics <'$work/tf/buddyscope.prom' && [ \$(ls '$work/tf' | wc -l) = 1 ]"

# --- explain --follow ------------------------------------------------------

if [ "$root" = 1 ]; then
	"$BIN" explain --follow --user-records --json >"$work/follow.out" 2>"$work/follow.err" &
	fpid=$!
	pids="$pids $fpid"
	sleep 1
	# appears_once TAG: the tag's report came out as one line, while follow still runs
	appears_once() {
		local i
		for i in $(seq 20); do
			[ "$(grep -c "bsdrill-$1" "$work/follow.out")" = 1 ] && return 0
			sleep 0.25
		done
		echo "bsdrill-$1: $(grep -c "bsdrill-$1" "$work/follow.out") lines"
		return 1
	}
	tests/exporter/drill.sh "follow1-$$"
	check "explain --follow prints a report written to /dev/kmsg once it is complete" appears_once "follow1-$$"
	tests/exporter/drill.sh "follow2-$$"
	check "explain --follow prints the next report on a line of its own" appears_once "follow2-$$"
	kill "$fpid"
	wait "$fpid" 2>/dev/null
	check "explain --follow --json: every line is one JSON object" \
		sh -c "[ -s '$work/follow.out' ] && jq -e -s 'all(type == \"object\")' '$work/follow.out' >/dev/null"
	check "explain --follow --json: the drill reports are order-5 page allocation failures" \
		sh -c "[ \"\$(grep 'bsdrill-follow[12]-$$' '$work/follow.out' | jq -r '[.kind, .order] | @tsv' | sort -u)\" = \"\$(printf 'page_alloc_failure\t5')\" ]"
else
	bad "explain --follow on /dev/kmsg needs root to write the drill reports: not run"
fi

echo "exporter: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
