#!/usr/bin/env bash
# Runs the whole test suite: library, sample, packaging, rules (promtool), dashboards and collector
# configuration against a real Prometheus, then the benchmarks' quick mode (they build, run and verify what
# they measure; the numbers of a quick run mean nothing). Needs only the .NET 10 SDK; installs Prometheus
# and wrk from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh
export PATH="$PWD/.tools/bin:$PATH" # where install-prerequisites.sh unpacks Prometheus and wrk without root
dotnet test OtelKpi.sln --configuration Release "$@"
bench/run.sh --quick
