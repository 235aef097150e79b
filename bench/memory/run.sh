#!/usr/bin/env bash
# Resident memory per request-duration series: each measurement is a fresh service process (server GC, as a
# web application) that grows from 10 to N histogram series; see bench/OtelKpi.Benchmarks.Service/SeriesMemoryProbe.cs.
# The variants alternate in a rotated order for several rounds; the table shows medians.
#
#   bench/memory/run.sh                    full run (3 rounds, 1,000 and 10,000 series)
#   bench/memory/run.sh --quick            one round at 1,000 series: proves that the probe works
#   bench/memory/run.sh --rounds 5 --series "10000"
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=3
series_counts="1000 10000"
variants="otelkpi prometheus-net prometheus-net-http-only"
results_dir=""

while (($# > 0)); do
  case "$1" in
    --quick) rounds=1; series_counts="1000" ;;
    --rounds) rounds="$2"; shift ;;
    --series) series_counts="$2"; shift ;;
    --variants) variants="$2"; shift ;;
    --results) results_dir="$2"; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done

results_dir="${results_dir:-bench/artifacts/memory-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$results_dir"
raw="$results_dir/probes.txt"
: >"$raw"

echo "Building the benchmark service"
dotnet build bench/OtelKpi.Benchmarks.Service -c Release --nologo -v quiet >"$results_dir/build.log" 2>&1 \
  || { cat "$results_dir/build.log" >&2; exit 1; }
service_dll=bench/OtelKpi.Benchmarks.Service/bin/Release/net10.0/OtelKpi.Benchmarks.Service.dll

read -r -a variant_list <<<"$variants"
count=${#variant_list[@]}
for ((round = 1; round <= rounds; round++)); do
  for series in $series_counts; do
    for ((i = 0; i < count; i++)); do
      variant="${variant_list[$(((i + round - 1) % count))]}"
      line=$(dotnet "$service_dll" memory "$variant" "$series")
      echo "  round $round  $line"
      echo "$line" >>"$raw"
    done
  done
done

# Per added series: resident memory after a full GC and after an aggressive one (what stays), managed heap,
# and the large-object part of the heap (scrape buffers).
echo
awk -v order="$variants" -v sizes="$series_counts" '
  function median(list,    n, values, i, j, t) {
    n = split(list, values, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) { t = values[j]; values[j] = values[j - 1]; values[j - 1] = t }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  {
    delete f
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["variant"] SUBSEP f["series"]
    rss[key] = rss[key] " " (f["rss_after"] - f["rss_before"]) / f["added"]
    kept[key] = kept[key] " " (f["retained_after"] - f["retained_before"]) / f["added"]
    heap[key] = heap[key] " " (f["heap_after"] - f["heap_before"]) / f["added"]
    loh[key] = loh[key] " " (f["loh_after"] - f["loh_before"]) / f["added"]
    body[key] = body[key] " " f["body_bytes"]
    runs[key]++
  }
  END {
    print "| Series | Variant | Runs | Resident B/series, full GC | OtelKpi / this | Resident B/series retained | OtelKpi / this | Heap B/series | of which large objects | Scrape body bytes |"
    print "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    nv = split(order, names, " "); ns = split(sizes, counts, " ")
    for (s = 1; s <= ns; s++) {
      base = median(rss["otelkpi" SUBSEP counts[s]]); baseKept = median(kept["otelkpi" SUBSEP counts[s]])
      for (k = 1; k <= nv; k++) {
        key = names[k] SUBSEP counts[s]
        if (!(key in runs)) continue
        r = median(rss[key]); m = median(kept[key])
        printf "| %d | %s | %d | %.0f | %s | %.0f | %s | %.0f | %.0f | %.0f |\n", counts[s], names[k], runs[key],
          r, (r > 0 && base != "" ? sprintf("%.2f", base / r) : "-"),
          m, (m > 0 && baseKept != "" ? sprintf("%.2f", baseKept / m) : "-"),
          median(heap[key]), median(loh[key]), median(body[key])
      }
    }
  }' "$raw" | tee "$results_dir/summary.md"
echo
echo "Raw results: $raw"
