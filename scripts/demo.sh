#!/usr/bin/env bash
# Runs the sample service with its built-in traffic generator on http://127.0.0.1:5080.
# Every KPI on http://127.0.0.1:5080/metrics moves within a minute. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

export Sample__Traffic__Enabled=true
exec dotnet run --project samples/OtelKpi.Sample --configuration Release -- --urls "${SAMPLE_URL:-http://127.0.0.1:5080}"
