# lib.sh - what the exporter test runners share (sourced, bash): a free
# loopback port, a real Prometheus scraping one target every second with
# temporary storage, and its query API.  The caller has $work (a
# temporary directory) and $pids (what cleanup kills).

# A loopback port nothing answers on.
free_port() {
	local p
	while :; do
		p=$(shuf -i 20000-60999 -n 1)
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}

# start_prometheus TARGET: Prometheus scraping 127.0.0.1:TARGET as job "buddyscope"; sets $papi.
start_prometheus() {
	local pport
	pport=$(free_port)
	cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: buddyscope
    static_configs:
      - targets: ['127.0.0.1:$1']
YML
	prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
		--web.listen-address="127.0.0.1:$pport" --log.level=warn >"$work/prometheus.log" 2>&1 &
	pids="$pids $!"
	papi="http://127.0.0.1:$pport/api/v1"
}

# The value of the first series an instant query returns, "" when none.
query() { curl -s "$papi/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
