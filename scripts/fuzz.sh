#!/usr/bin/env bash
# Fuzzes the PDF reader, the verifier and the DER inputs with cargo fuzz (libFuzzer), each
# target for SECONDS (default 120), from seeds made here: PDFs signed by lode (B-B, B-T with a
# document timestamp), broken copies, a timestamp request, a CRL, an OCSP request, a PKCS#12
# file.
# Usage: scripts/fuzz.sh [SECONDS]
# Not part of scripts/test.sh (the CI budget); docs/benchmarks.md records the last long run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo fuzz asks the compiler for sanitizer flags only nightly has; the stable compiler takes
# them when told it is bootstrapping, which is how this project fuzzes on its one toolchain.
export RUSTC_BOOTSTRAP=1
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
cargo build -q -p lode
lode=target/debug/lode
"$lode" pki init "$seeds/ca" >/dev/null
"$lode" pki issue "$seeds/ca" --name "Fuzz" --file fuzz >/dev/null
# a small page, its cross-reference table written by qpdf
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R/Size 4>>\n' > "$seeds/raw.pdf"
qpdf "$seeds/raw.pdf" "$seeds/plain.pdf" 2>/dev/null || [ -s "$seeds/plain.pdf" ]
qpdf --object-streams=generate "$seeds/plain.pdf" "$seeds/streams.pdf" 2>/dev/null || true
rm -f "$seeds/raw.pdf"
"$lode" sign --key "$seeds/ca/fuzz.key.pem" --cert "$seeds/ca/fuzz.chain.pem" "$seeds/plain.pdf" "$seeds/signed.pdf" >/dev/null
"$lode" sign --key "$seeds/ca/fuzz.key.pem" --cert "$seeds/ca/fuzz.chain.pem" "$seeds/signed.pdf" "$seeds/twice.pdf" >/dev/null
"$lode" pki crl "$seeds/ca" --out "$seeds/issuing.crl" >/dev/null
openssl ts -query -data "$seeds/plain.pdf" -sha256 -cert -out "$seeds/request.tsq" 2>/dev/null || true
openssl pkcs12 -export -inkey "$seeds/ca/fuzz.key.pem" -in "$seeds/ca/fuzz.chain.pem" \
  -passout pass:password -out "$seeds/key.p12" 2>/dev/null || true
openssl ocsp -issuer "$seeds/ca/issuing.pem" -cert "$seeds/ca/fuzz.chain.pem" -no_nonce \
  -reqout "$seeds/request.ocsp" 2>/dev/null || true
for target in pdf_reader verify der_inputs; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    der_inputs) cp "$seeds"/*.crl "$seeds"/*.tsq "$seeds"/*.p12 "$seeds"/*.ocsp "$corpus"/ 2>/dev/null || true ;;
    *) cp "$seeds"/*.pdf "$corpus"/ ;;
  esac
  echo "fuzz: $target for ${seconds}s"
  (cd fuzz && cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
     -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=1048576 2>&1 | tail -4)
done
