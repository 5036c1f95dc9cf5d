#!/usr/bin/env bash
# One way to call every external signer, so the interoperability test loops over tools alone:
#   sign.sh itext5|pdfbox2|pdfsig|openssl|pyhanko IN OUT KEY CERT sha256|sha1 adbe.pkcs7.detached|ETSI.CAdES.detached
# KEY is PKCS#8 PEM (unencrypted, RSA or EC), CERT is PEM. Exits 3 with a one-line reason on
# stdout when the tool cannot sign that combination, so the test can report it, not fail on it.
# The Java signer is compiled once into $SIGNERS_BUILD (default: a folder under the temp dir).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 7 ] || { echo "usage: $0 itext5|pdfbox2|pdfsig|openssl|pyhanko IN OUT KEY CERT DIGEST SUBFILTER" >&2; exit 2; }
signer=$1 in=$2 out=$3 key=$4 cert=$5 digest=$6 subfilter=$7
case $digest in sha256 | sha1) ;; *) echo "digest $digest: only sha256 or sha1"; exit 3 ;; esac
case $subfilter in adbe.pkcs7.detached | ETSI.CAdES.detached) ;; *) echo "sub-filter $subfilter unknown"; exit 3 ;; esac

case $signer in
itext5 | pdfbox2)
  build=${SIGNERS_BUILD:-${TMPDIR:-/tmp}/lode-signers}
  cp=$(paste -sd: "$here/classpath")
  if [ ! -f "$build/Sign.class" ] || [ "$here/Sign.java" -nt "$build/Sign.class" ]; then
    mkdir -p "$build"
    # compile into a private folder, then move: tests running at once must not see half a class
    tmp=$(mktemp -d "$build/javac.XXXXXX")
    javac -nowarn -cp "$cp" -d "$tmp" "$here/Sign.java"
    mv -f "$tmp"/*.class "$build/"
    rm -rf "$tmp"
  fi
  exec java -cp "$cp:$build" Sign "$signer" "$in" "$out" "$key" "$cert" "$digest" "$subfilter"
  ;;
pdfsig)
  # poppler 22.12 refuses both: "Only digest SHA256 is supported at the moment with
  # -add-signature", "-etsi is not supported yet with -add-signature"
  [ "$digest" = sha256 ] || { echo "pdfsig -add-signature signs with SHA-256 only"; exit 3; }
  [ "$subfilter" = adbe.pkcs7.detached ] || { echo "pdfsig -add-signature writes adbe.pkcs7.detached only (-etsi not supported)"; exit 3; }
  exec bash "$here/pdfsig_sign.sh" "$in" "$out" "$key" "$cert" "$digest" "$subfilter"
  ;;
openssl)
  exec python3 "$here/cms_into_pdf.py" "$in" "$out" "$key" "$cert" "$digest" "$subfilter"
  ;;
pyhanko)
  # pyHanko as installed in the project's .venv by scripts/test-deps.sh
  exec "$here/../../../../.venv/bin/python" -W ignore "$here/pyhanko_sign.py" "$in" "$out" "$key" "$cert" "$digest" "$subfilter"
  ;;
*)
  echo "signer $signer unknown (itext5, pdfbox2, pdfsig, openssl, pyhanko)" >&2
  exit 2
  ;;
esac
