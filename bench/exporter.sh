#!/bin/sh
# exporter.sh - CPU time per scrape of `buddyscope exporter` against
# Debian's prometheus-node-exporter with only its buddyinfo and zoneinfo
# collectors, measured side by side in the same run: both serve on
# loopback, one curl process scrapes each BENCH_SCRAPES times per round,
# rounds alternate (so load from elsewhere falls on both), and the CPU
# each server spent is read from /proc/PID/stat (utime + stime).  Prints
# microseconds per scrape, series per scrape and the ratios.
# Goal: cheaper than node_exporter, while answering more.
set -eu
cd "$(dirname "$0")/.."
O=${O:-build}
BIN="$O/buddyscope"
SCRAPES=${BENCH_SCRAPES:-500}
ROUNDS=${BENCH_ROUNDS:-4}
NE=$(command -v prometheus-node-exporter || true)
[ -n "$NE" ] || { echo "bench/exporter.sh: prometheus-node-exporter is not installed (scripts/deps.sh bench)" >&2; exit 1; }
work=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() {
	while :; do
		p=$(shuf -i 20000-60999 -n 1)
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || { echo "$p"; return; }
	done
}

# wait_up URL: until it answers 200 (10 s at most)
wait_up() {
	for _ in $(seq 100); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
		sleep 0.1
	done
	echo "bench/exporter.sh: $1 does not answer" >&2
	exit 1
}

bport=$(free_port)
"$BIN" exporter --listen "127.0.0.1:$bport" 2>"$work/bs.err" &
bpid=$!
pids="$pids $bpid"
nport=$(free_port)
"$NE" --web.listen-address="127.0.0.1:$nport" --collector.disable-defaults \
	--collector.buddyinfo --collector.zoneinfo --log.level=warn 2>"$work/ne.err" &
npid=$!
pids="$pids $npid"
burl="http://127.0.0.1:$bport/metrics"
nurl="http://127.0.0.1:$nport/metrics"
wait_up "$burl"
wait_up "$nurl"

# CPU ticks (utime + stime) of PID so far
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# one curl process, SCRAPES sequential scrapes of URL over one connection
scrape() {
	: >"$work/cfg"
	i=0
	while [ $i -lt "$SCRAPES" ]; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$1" >>"$work/cfg"
		i=$((i + 1))
	done
	curl -s -K "$work/cfg"
}

# warm both up (Go's runtime, malloc arenas), then alternate
scrape "$burl"
scrape "$nurl"
bs_ticks=0
ne_ticks=0
r=0
while [ $r -lt "$ROUNDS" ]; do
	t0=$(ticks "$bpid"); scrape "$burl"; t1=$(ticks "$bpid")
	bs_ticks=$((bs_ticks + t1 - t0))
	t0=$(ticks "$npid"); scrape "$nurl"; t1=$(ticks "$npid")
	ne_ticks=$((ne_ticks + t1 - t0))
	r=$((r + 1))
done
n=$((SCRAPES * ROUNDS))
bs_series=$(curl -s "$burl" | grep -vc '^#')
ne_series=$(curl -s "$nurl" | grep -c '^node_\(buddyinfo\|zoneinfo\)')
ne_all=$(curl -s "$nurl" | grep -vc '^#')
awk -v b="$bs_ticks" -v ne="$ne_ticks" -v n="$n" -v hz="$hz" -v bs="$bs_series" -v nes="$ne_series" -v nea="$ne_all" 'BEGIN {
	bu = b / hz / n * 1e6; nu = ne / hz / n * 1e6
	printf "exporter scrape CPU (%d scrapes each, alternating rounds, server CPU from /proc/PID/stat)\n", n
	printf "  %-52s %9.1f us/scrape  %4d series\n", "buddyscope exporter", bu, bs
	printf "  %-52s %9.1f us/scrape  %4d series (%d buddyinfo/zoneinfo)\n", \
		"prometheus-node-exporter (buddyinfo+zoneinfo only)", nu, nea, nes
	if (nu > 0) printf "  ratio buddyscope / node_exporter: %.2f (goal: < 1)\n", bu / nu
	if (nu > 0 && bu > 0) printf "  per series: buddyscope %.2f us, node_exporter %.2f us\n", bu / bs, nu / nea
}'
