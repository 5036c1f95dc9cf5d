#!/usr/bin/env bash
# Runs every test: domain unit tests, storage and API tests on SQLite and PostgreSQL, the
# audit CLI, two nodes on PostgreSQL with an S3 server, and the browser test in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-deps.sh
exec cargo nextest run --workspace --all-targets --no-fail-fast "$@"
