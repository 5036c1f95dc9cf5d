#!/usr/bin/env bash
# Checks lode's dependencies against deny.toml: their licences, where they come from, no
# wildcard versions. Installs cargo-deny from crates.io the first time (about two minutes).
# (Security advisories are not checked here: their database is fetched from GitHub, which the
# build machines cannot reach. Run `cargo deny check advisories` where it can.)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.20.2
if ! cargo deny --version 2>/dev/null | grep -q "$VERSION"; then
    echo "deny: installing cargo-deny $VERSION"
    cargo install cargo-deny --version "$VERSION" --locked --quiet
fi
# Every crate of the lock file, for every platform (cargo-deny reads them all, not only those
# this machine builds), fetched first: the check itself then runs offline.
cargo fetch --locked --quiet
exec cargo deny --offline check licenses bans sources
