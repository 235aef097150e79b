#!/usr/bin/env bash
# Runs the whole test suite: library, sample, rules (promtool), dashboards and collector configuration
# against a real Prometheus. Needs only the .NET 10 SDK; installs Prometheus from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh
dotnet test OtelKpi.sln --configuration Release "$@"
