#!/usr/bin/env bash
# Throughput under load: the same minimal endpoint (GET /api/items/{id:int}) served by Kestrel on loopback,
# bare, with OtelKpi and with prometheus-net (defaults, and with its adapters off), driven by wrk.
# All variants run at once, each on its own port; after a warm-up each, wrk drives them one at a time in a
# rotated order for many short rounds, so that a noisy neighbour hits every variant alike. The table shows
# medians (and the spread) and ratios to bare; paired.py then compares OtelKpi with every other variant
# round by round (median of the per-round ratios with its 95% interval, rounds won).
#
#   bench/load/run.sh                      full run (60 rounds x 4 variants x 2 s, about 11 minutes)
#   bench/load/run.sh --quick              one short round: proves that the harness works
#   bench/load/run.sh --rounds 5 --duration 20 --connections 64 --variants "bare otelkpi"
#   bench/load/run.sh --port 5599          fixed ports 5599, 5600, ... instead of free ones picked at run time
#   bench/load/run.sh --baseline main      also runs OtelKpi as built from that git revision (variant
#                                          otelkpi-baseline), for a before/after in the same run
#
# With two or more CPUs the services are pinned to CPU 0 and wrk (one thread) to CPU 1, so that the client
# never competes with a service for its core: requests per second then measure the service's own cost.
# An idle service uses no CPU while another is measured (prometheus-net's adapters wake up once a second).
set -euo pipefail
cd "$(dirname "$0")/../.."

# Many short rounds rather than a few long ones: the paired comparison needs rounds, not seconds, to
# resolve a few per cent on a noisy machine (docs/benchmarks.md, section 2).
rounds=60
duration=2
warmup=15
connections=32
variants="bare otelkpi prometheus-net prometheus-net-http-only"
port="" # free loopback ports picked at run time unless --port names the first of fixed ones
results_dir=""
baseline="" # a git revision whose OtelKpi runs next to the working tree's

while (($# > 0)); do
  case "$1" in
    --quick) rounds=1; duration=2; warmup=1 ;;
    --rounds) rounds="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --variants) variants="$2"; shift ;;
    --port) port="$2"; shift ;;
    --results) results_dir="$2"; shift ;;
    --baseline) baseline="$2"; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done

# wrk from Debian when it is missing; without root it lands in .tools/bin.
scripts/install-prerequisites.sh --load-tools-only
export PATH="$PWD/.tools/bin:$PATH"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# GET http://127.0.0.1:<port><path> with bash's /dev/tcp (curl is not on every Debian): prints the body; fails
# unless the answer is 200. HTTP/1.0, so Kestrel sends the body unchunked and closes the connection after it.
http_get() {
  local port="$1" path="$2" response status
  response=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3 && cat <&3) \
    || { echo "error: GET http://127.0.0.1:$port$path failed" >&2; return 1; }
  status=${response%%$'\r'*}
  [[ "$status" =~ ^HTTP/1\.[01]\ 200\  ]] || { echo "error: GET http://127.0.0.1:$port$path answered: $status" >&2; return 1; }
  printf '%s\n' "${response#*$'\r\n\r\n'}"
}

# A loopback port nobody listens on, below Linux's ephemeral range (32768-60999) so that outgoing connections
# do not take it meanwhile; start_service tries another one if someone did.
free_port() {
  local candidate
  for _ in $(seq 1 100); do
    candidate=$((20000 + RANDOM % 12000))
    listening "$candidate" || { echo "$candidate"; return 0; }
  done
  echo "error: found no free loopback port" >&2
  exit 1
}
results_dir="${results_dir:-bench/artifacts/load-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results_dir"
results="$results_dir/results.tsv"
printf 'round\tvariant\trequests_per_second\tp99_ms\trss_mib\tcpu_us_per_request\tuser_cpu_us_per_request\n' >"$results"

echo "Building the benchmark service"
dotnet build bench/OtelKpi.Benchmarks.Service -c Release --nologo -v quiet >"$results_dir/build.log" 2>&1 \
  || { cat "$results_dir/build.log" >&2; exit 1; }
service_dll=bench/OtelKpi.Benchmarks.Service/bin/Release/net10.0/OtelKpi.Benchmarks.Service.dll
baseline_dll=""
if [[ -n "$baseline" ]]; then
  # The revision's own sources, library and benchmark service alike, built outside the working tree.
  baseline_dir=$(mktemp -d)
  git archive "$baseline" | tar -x -C "$baseline_dir"
  echo "Building the benchmark service of $baseline ($(git rev-parse --short "$baseline"))"
  dotnet build "$baseline_dir/bench/OtelKpi.Benchmarks.Service" -c Release --nologo -v quiet >"$results_dir/build-baseline.log" 2>&1 \
    || { cat "$results_dir/build-baseline.log" >&2; exit 1; }
  baseline_dll="$baseline_dir/bench/OtelKpi.Benchmarks.Service/bin/Release/net10.0/OtelKpi.Benchmarks.Service.dll"
  variants="${variants/otelkpi/otelkpi otelkpi-baseline}"
  [[ "$variants" == *otelkpi-baseline* ]] || variants="$variants otelkpi-baseline"
  echo "baseline: $baseline $(git rev-parse "$baseline")" >"$results_dir/baseline.txt"
fi

server_pin=()
client_pin=()
if (($(nproc) >= 2)) && command -v taskset >/dev/null 2>&1; then
  server_pin=(taskset -c 0)
  client_pin=(taskset -c 1)
fi

read -r -a variant_list <<<"$variants"
count=${#variant_list[@]}
declare -A pid_of port_of
service_pids=()

stop_services() {
  for pid in "${service_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${service_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  service_pids=()
}
trap 'stop_services; [[ -z "${baseline_dir:-}" ]] || rm -rf "$baseline_dir"' EXIT

start_service() { # variant fixed-port-or-empty log
  local variant="$1" fixed_port="$2" log="$3" service_port pid attempt dll="$service_dll" served="$1"
  if [[ "$variant" == otelkpi-baseline ]]; then dll=$baseline_dll; served=otelkpi; fi
  for attempt in 1 2 3 4 5; do
    if [[ -n "$fixed_port" ]]; then service_port=$fixed_port; else service_port=$(free_port); fi
    "${server_pin[@]}" dotnet "$dll" serve "$served" "http://127.0.0.1:$service_port" >"$log" 2>&1 &
    pid=$!
    service_pids+=("$pid")
    for _ in $(seq 1 300); do
      if grep -q '^listening' "$log" 2>/dev/null; then
        pid_of[$variant]=$pid
        port_of[$variant]=$service_port
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "error: the $variant service did not start within 30 s" >&2
      exit 1
    fi
    wait "$pid" 2>/dev/null || true
    if [[ -z "$fixed_port" ]] && ((attempt < 5)) && grep -qi 'address already in use' "$log"; then
      continue # someone took the port between the check and the bind
    fi
    cat "$log" >&2
    echo "error: the $variant service exited" >&2
    exit 1
  done
}

# Requests the service counted for the item route, read from its own /metrics.
counted_requests() {
  local variant="$1"
  local series label
  case "$variant" in
    otelkpi*) series='http_server_request_duration_seconds_count{'; label='http_route="/api/items/{id:int}"' ;;
    prometheus-net*) series='http_request_duration_seconds_count{'; label='endpoint="/api/items/{id:int}"' ;;
    *) echo 0; return ;;
  esac
  local body
  body=$(http_get "${port_of[$variant]}" /metrics) || exit 1
  awk -v s="$series" -v l="$label" 'index($0, s) == 1 && index($0, l) > 0 { n += $NF } END { printf "%d\n", n }' <<<"$body"
}

# wrk prints latencies as 812.00us, 1.23ms or 1.05s.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000
    else if (v ~ /ms$/) n = n
    else if (v ~ /s$/) n = n * 1000
    printf "%.3f\n", n
  }'
}

rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"
}

# User-mode and kernel-mode clock ticks of a process, as "utime stime" (/proc/<pid>/stat fields 14 and 15).
cpu_ticks() {
  awk '{ print $14, $15 }' "/proc/$1/stat"
}
clock_ticks_per_second=$(getconf CLK_TCK)
# Microseconds of CPU per request: ticks requests
us_per_request() {
  awk -v t="$1" -v hz="$clock_ticks_per_second" -v n="$2" 'BEGIN { printf "%.2f\n", t / hz * 1e6 / n }'
}

echo "Load test: ${count} variants, ${warmup} s warm-up each, then ${rounds} rounds of ${duration} s per variant, ${connections} connections"
for ((i = 0; i < count; i++)); do
  variant="${variant_list[$i]}"
  start_service "$variant" "${port:+$((port + i))}" "$results_dir/${variant}.service.log"
done

declare -A measured
for variant in "${variant_list[@]}"; do
  # Prometheus would have scraped the service long before: prometheus-net starts its adapters then.
  [[ "$variant" == bare ]] || http_get "${port_of[$variant]}" /metrics >/dev/null
  "${client_pin[@]}" wrk -t1 -c"$connections" -d"${warmup}s" "http://127.0.0.1:${port_of[$variant]}/api/items/42" >"$results_dir/${variant}.warmup.txt"
  measured[$variant]=0
done

for ((round = 1; round <= rounds; round++)); do
  for ((i = 0; i < count; i++)); do
    variant="${variant_list[$(((i + round - 1) % count))]}"
    out="$results_dir/round${round}-${variant}.wrk.txt"
    ticks_before=$(cpu_ticks "${pid_of[$variant]}")
    "${client_pin[@]}" wrk -t1 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:${port_of[$variant]}/api/items/42" >"$out"
    ticks_after=$(cpu_ticks "${pid_of[$variant]}")
    rss=$(rss_mib "${pid_of[$variant]}")

    if grep -qE 'Non-2xx|Socket errors' "$out"; then
      cat "$out" >&2
      echo "error: wrk reported failed requests against the $variant service" >&2
      exit 1
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    requests=$(awk '/requests in/ { print $1 }' "$out")
    measured[$variant]=$((measured[$variant] + requests))
    # The service's own CPU per request: unlike requests per second, it does not depend on whether the
    # service or the client was the bottleneck, and a neighbour's load barely moves it.
    read -r user_before system_before <<<"$ticks_before"
    read -r user_after system_after <<<"$ticks_after"
    cpu=$(us_per_request $((user_after + system_after - user_before - system_before)) "$requests")
    # User mode alone: where a metric library's work is; the kernel's loopback networking, the same for every
    # variant, is most of a request's CPU and most of its noise.
    user_cpu=$(us_per_request $((user_after - user_before)) "$requests")

    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$variant" "$rps" "$p99" "$rss" "$cpu" "$user_cpu" >>"$results"
    printf '  round %2d  %-26s %10.0f req/s   p99 %8.3f ms   RSS %7.1f MiB   CPU %6.2f us/request\n' "$round" "$variant" "$rps" "$p99" "$rss" "$cpu"
  done
done

# A service that dropped requests from its metrics would look cheaper than it is.
for variant in "${variant_list[@]}"; do
  [[ "$variant" == bare ]] && continue
  counted=$(counted_requests "$variant")
  if ((counted < measured[$variant])); then
    echo "error: the $variant service counted $counted requests, wrk completed ${measured[$variant]} in the measured runs alone" >&2
    exit 1
  fi
done
stop_services

# Medians per variant. Throughput and CPU per request against bare are medians of the per-round ratios: each
# round measures all variants back to back, so a ratio within a round is the least disturbed by a neighbour.
echo
awk -F'\t' -v order="$variants" '
  function median(list,    n, values, i, j, t) {
    n = split(list, values, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) { t = values[j]; values[j] = values[j - 1]; values[j - 1] = t }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  function spread(list, format,    n, values, i, lo, hi) {
    n = split(list, values, " "); lo = values[1] + 0; hi = lo
    for (i = 2; i <= n; i++) { if (values[i] + 0 < lo) lo = values[i] + 0; if (values[i] + 0 > hi) hi = values[i] + 0 }
    return sprintf(format "-" format, lo, hi)
  }
  NR > 1 {
    rps[$2] = rps[$2] " " $3; p99[$2] = p99[$2] " " $4; rss[$2] = rss[$2] " " $5; cpu[$2] = cpu[$2] " " $6; runs[$2]++
    round_rps[$1, $2] = $3; round_cpu[$1, $2] = $6; rounds[$1] = 1
  }
  END {
    n = split(order, names, " ")
    for (k = 1; k <= n; k++) for (r in rounds) if (round_rps[r, "bare"] > 0 && ((r, names[k]) in round_rps)) {
      rps_ratios[names[k]] = rps_ratios[names[k]] " " round_rps[r, names[k]] / round_rps[r, "bare"]
      cpu_ratios[names[k]] = cpu_ratios[names[k]] " " round_cpu[r, names[k]] / round_cpu[r, "bare"]
    }
    print "| Variant | Runs | Requests/s (median) | min-max | vs bare | min-max | CPU us/request (median) | vs bare | min-max | p99 latency ms (median) | vs bare | RSS MiB (median) | vs bare |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    bp = median(p99["bare"]); bm = median(rss["bare"])
    for (k = 1; k <= n; k++) {
      v = names[k]; p = median(p99[v]); m = median(rss[v])
      printf "| %s | %d | %.0f | %s | %s | %s | %.2f | %s | %s | %.3f | %s | %.1f | %s |\n", v, runs[v], median(rps[v]), spread(rps[v], "%.0f"),
        (v in rps_ratios ? sprintf("%.3f", median(rps_ratios[v])) : "-"), (v in rps_ratios ? spread(rps_ratios[v], "%.3f") : "-"), median(cpu[v]),
        (v in cpu_ratios ? sprintf("%.3f", median(cpu_ratios[v])) : "-"), (v in cpu_ratios ? spread(cpu_ratios[v], "%.3f") : "-"),
        p, (bp > 0 ? sprintf("%.2f", p / bp) : "-"), m, (bm > 0 ? sprintf("%.2f", m / bm) : "-")
    }
  }' "$results" | tee "$results_dir/summary.md"
echo
python3 "$(dirname "$0")/paired.py" "$results" otelkpi | tee "$results_dir/paired.md"
echo
echo "Raw results: $results"
