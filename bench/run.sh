#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md: the BenchmarkDotNet suites (per request, scrape, resource
# sampling), resident memory per series, and the wrk load test. Results go to bench/artifacts/<time>/.
#
#   bench/run.sh            full run, for publishing (about 45 minutes; wants an otherwise idle machine)
#   bench/run.sh --baseline main   the same, the load test also running OtelKpi as built from main
#   bench/run.sh --quick    smoke run: everything builds, starts, verifies what it measures and exits 0
#                           (numbers meaningless; about 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
baseline=() # --baseline REV: the load test also runs OtelKpi as built from that git revision (before/after)
while (($# > 0)); do
  case "$1" in
    --quick) quick=true ;;
    --baseline) baseline=(--baseline "$2"); shift ;;
    *) echo "usage: $0 [--quick] [--baseline REV]" >&2; exit 2 ;;
  esac
  shift
done

out="bench/artifacts/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
  echo "started: $(date -u +%FT%TZ)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu: $(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "dotnet: $(dotnet --version) sdk"
} | tee "$out/machine.txt"

# The machine's load during the run, every 10 s, so that the published numbers can state their conditions.
(while sleep 10; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg) dotnet_processes=$(pgrep -c dotnet || true)"; done >"$out/loadavg.log") &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

echo "== Building"
dotnet build bench/OtelKpi.Benchmarks -c Release --nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }

echo "== BenchmarkDotNet: per request, scrape, resource sampling"
bdn=(dotnet bench/OtelKpi.Benchmarks/bin/Release/net10.0/OtelKpi.Benchmarks.dll --filter '*' --artifacts "$out/bdn")
if $quick; then
  # In process and one iteration each: proves that every suite starts, verifies its set-up and runs.
  bdn+=(--job dry --inProcess)
fi
"${bdn[@]}" >"$out/bdn.log" 2>&1 || { tail -n 60 "$out/bdn.log" >&2; echo "error: a benchmark failed, see $out/bdn.log" >&2; exit 1; }
cat "$out"/bdn/results/*-report-github.md

echo "== Resident memory per series"
if $quick; then
  bench/memory/run.sh --quick --results "$out/memory"
else
  bench/memory/run.sh --results "$out/memory"
fi

echo "== Throughput under load"
if $quick; then
  bench/load/run.sh --quick --results "$out/load" "${baseline[@]}"
else
  bench/load/run.sh --results "$out/load" "${baseline[@]}"
fi

echo "finished: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
awk '{ print $2 }' "$out/loadavg.log" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "1-minute load average during the run: min %s, median %s, max %s (%d samples)\n", v[1], v[int((NR + 1) / 2)], v[NR], NR }' \
  | tee -a "$out/machine.txt"
echo "All results: $out"
