#!/usr/bin/env bash
# Signs with poppler's own signer (pdfsig -add-signature, NSS underneath), so lode is checked
# against the CMS that NSS writes. pdfsig signs only from an NSS database, so a throwaway one is
# made from the PEM key and certificate (via PKCS#12) and removed afterwards.
#   pdfsig_sign.sh IN OUT KEY CERT sha256|sha1 adbe.pkcs7.detached|ETSI.CAdES.detached
set -euo pipefail
in=$1 out=$2 key=$3 cert=$4 digest=$5 subfilter=$6
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
certutil -N -d "sql:$db" --empty-password
# the PKCS#12 needs some password on the way; the database itself has none
openssl pkcs12 -export -inkey "$key" -in "$cert" -name signer -passout pass:p12 -out "$db/signer.p12"
pk12util -i "$db/signer.p12" -d "sql:$db" -W p12 >/dev/null
etsi=()
[ "$subfilter" = ETSI.CAdES.detached ] && etsi=(-etsi)
# poppler 22.12 fails about half the time with an EC key ("signDocument: unable update
# signature"; seemingly an ECDSA signature's length varies by a byte and poppler wants an exact
# size), so that one failure is retried; any other is final.
for _ in $(seq 1 20); do
  if err=$(pdfsig -add-signature -nssdir "sql:$db" -nick signer -digest "${digest^^}" "${etsi[@]}" \
    -reason "lode interoperability test" "$in" "$out" 2>&1); then
    exit 0
  fi
  grep -q 'unable update signature' <<<"$err" || { echo "$err" >&2; exit 1; }
done
echo "pdfsig -add-signature failed 20 times with 'unable update signature' (EC key?)"
exit 3
