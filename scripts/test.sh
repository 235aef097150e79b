#!/usr/bin/env bash
# Runs the whole test suite: library, sample, packaging, rules (promtool), dashboards and collector
# configuration against a real Prometheus (including the grafana/dashboard-linter rules and both dashboards drawn
# by tools/dashboard-render), then the benchmarks' quick mode (they build, run and verify what
# they measure; the numbers of a quick run mean nothing). Needs only the .NET 10 SDK; installs the rest from
# Debian when missing (scripts/install-prerequisites.sh: Prometheus, Alertmanager, VictoriaMetrics, the Native AOT
# tool chain, iproute2, tmux, Node.js, and wrk for the benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh
export PATH="$PWD/.tools/bin:$PATH" # where install-prerequisites.sh unpacks Prometheus and wrk without root
# The Node packages of the PromQL grammar the lint parses with and of the dashboard renderer the picture tests draw with.
scripts/node-packages.sh
dotnet test OtelKpi.sln --configuration Release "$@"
bench/run.sh --quick
