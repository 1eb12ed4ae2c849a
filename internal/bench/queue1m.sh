#!/usr/bin/env bash
# The queue and dashboard benchmarks at the issue's size (issue 14, item 4):
# 1,000,000 complaints over 10,000 shops on SQLite and PostgreSQL.
#   bash internal/bench/queue1m.sh DIR [sub-benchmark regexp] [benchtime]
# DIR keeps the loaded data between runs: DIR/q1m.db (SQLite) and a
# throw-away PostgreSQL in DIR (started with .ci/postgres when DIR/pg.env is
# missing; schema bench1m). The first run loads both (about 15 minutes each
# on a quiet 2-core machine, more under load); later runs reuse them.
# Stop the server afterwards with: bash .ci/postgres stop DIR
set -euo pipefail
dir=$(cd "${1:?data directory}" && pwd)
sub=${2:-.}
benchtime=${3:-20x}
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$dir/pg.env" ]; then
  bash "$root/.ci/postgres" start "$dir"
fi
# shellcheck disable=SC1091
source "$dir/pg.env"
psql "$FAIRSHOPS_TEST_POSTGRES" -qc 'CREATE SCHEMA IF NOT EXISTS bench1m'
export FAIRSHOPS_BENCH_N=1000000 FAIRSHOPS_BENCH_SHOPS=10000
export FAIRSHOPS_BENCH_SQLITE="$dir/q1m.db"
export FAIRSHOPS_BENCH_POSTGRES="$FAIRSHOPS_TEST_POSTGRES search_path=bench1m"
cd "$root"
GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go test ./adapters/sql -run '^$' -bench "BenchmarkQueue/.*/$sub" \
  -benchtime "$benchtime" -timeout 120m
