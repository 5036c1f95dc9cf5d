#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian 12 machine of the project's kind:
# Chromium and ChromeDriver (Debian packages), moto's S3 server (PyPI, in ./.venv), and a
# running PostgreSQL on 127.0.0.1:5432. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium for the browser tests; poppler-utils (pdftotext, pdffonts, pdfsig) and qpdf read back
# the PDFs lode writes; libnss3-tools (certutil) gives pdfsig a trust store; openssl makes test
# keys and checks CMS signatures; softhsm2 is the PKCS#11 token and opensc (pkcs11-tool) puts
# certificates on it.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! command -v pdftotext >/dev/null || ! command -v qpdf >/dev/null \
  || ! command -v certutil >/dev/null || ! command -v openssl >/dev/null \
  || ! command -v softhsm2-util >/dev/null || ! command -v pkcs11-tool >/dev/null; then
  echo "test-deps: installing chromium, chromium-driver, poppler-utils, qpdf, libnss3-tools, openssl, softhsm2, opensc"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver poppler-utils qpdf libnss3-tools openssl softhsm2 opensc >/dev/null
fi

# The geological archive: Tesseract with its Vietnamese model reads scanned pages, poppler's
# pdftoppm renders PDF scans to images for it, libtiff-tools (tiff2pdf) turns TIFF scans into
# PDF pages, qpdf joins the searchable pages, libxml2-utils (xmllint) reads the XML lode writes.
if ! command -v tesseract >/dev/null || [ ! -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] \
  || ! command -v tiff2pdf >/dev/null || ! command -v xmllint >/dev/null; then
  echo "test-deps: installing tesseract-ocr, tesseract-ocr-vie, libtiff-tools, libxml2-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tesseract-ocr tesseract-ocr-vie libtiff-tools libxml2-utils >/dev/null
fi

# The cadastre: PROJ's cs2cs and cct check lode's coordinate conversions; GDAL's ogrinfo
# reads its OGC API and its exported Shapefiles and KML as GIS software does.
if ! command -v cct >/dev/null || ! command -v cs2cs >/dev/null || ! command -v ogrinfo >/dev/null; then
  echo "test-deps: installing proj-bin, gdal-bin"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends proj-bin gdal-bin >/dev/null
fi

# moto (S3 server), schemathesis (API fuzzer), aiosmtpd (a real SMTP server for mail tests),
# openpyxl (reads back the XLSX lode writes), pyHanko (signs and validates PDFs, both ways).
if [ ! -x .venv/bin/moto_server ] || [ ! -x .venv/bin/st ] || [ ! -x .venv/bin/aiosmtpd ] \
  || [ ! -x .venv/bin/pyhanko ] || ! .venv/bin/python -c 'import openpyxl' 2>/dev/null; then
  echo "test-deps: installing moto, schemathesis, aiosmtpd, openpyxl and pyHanko into .venv"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check 'moto[server]==5.*' 'schemathesis==4.*' \
    'aiosmtpd==1.*' 'openpyxl==3.*' 'pyhanko==0.38.*' 'pyhanko-cli==0.6.*'
fi

# pyoai, an OAI-PMH harvester for the archive's catalogue, in a venv of its own: it needs an
# lxml older than pyHanko's.
if ! .venv-harvest/bin/python -c 'import oaipmh.client' 2>/dev/null; then
  echo "test-deps: installing pyoai into .venv-harvest"
  python3 -m venv .venv-harvest
  .venv-harvest/bin/pip install -q --disable-pip-version-check 'pyoai==2.5.*' 'lxml<5'
fi

# The ISO 19139 schemas (and the GML and XLink ones they import), as pycsw's wheel carries
# them, for xmllint to check the archive's metadata offline.
if [ ! -f .schemas/pycsw/plugins/profiles/apiso/schemas/ogc/iso/19139/20070417/gmd/gmd.xsd ]; then
  echo "test-deps: fetching the ISO 19139 schemas (pycsw's wheel) into .schemas"
  mkdir -p .schemas
  .venv-harvest/bin/pip download -q --disable-pip-version-check --no-deps 'pycsw==2.6.2' -d .schemas
  (cd .schemas && python3 -m zipfile -e pycsw-2.6.2-py2.py3-none-any.whl .)
fi

# axe-core (npm, pinned in scripts/a11y): the accessibility checks run inside the browser tests.
if [ ! -f scripts/a11y/node_modules/axe-core/axe.min.js ]; then
  echo "test-deps: installing axe-core into scripts/a11y"
  npm ci --prefix scripts/a11y --no-audit --no-fund --silent
fi

# pg_dump and pg_restore: the backups of a PostgreSQL store.
if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null || ! command -v psql >/dev/null; then
  echo "test-deps: installing postgresql-client"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-client >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "test-deps: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

# Test databases left behind by an interrupted run.
psql -h 127.0.0.1 -U root -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'lode\_t\_%'" 2>/dev/null |
  while read -r db; do psql -h 127.0.0.1 -U root -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; done

# Java, iText 5, PDFBox 2 and BouncyCastle: signers from the field for the interoperability test
# (crates/lode-sign/tests/signers), so lode verifies CMS it did not write (PDFBox's BouncyCastle
# output is BER). The jar paths are listed in tests/signers/classpath.
if ! command -v javac >/dev/null || [ ! -f /usr/share/java/itext5.jar ] \
  || [ ! -f /usr/share/java/pdfbox2.jar ] || [ ! -f /usr/share/java/bcpkix.jar ]; then
  echo "test-deps: installing openjdk-17-jdk-headless, libitext5-java, libpdfbox2-java, libbcprov-java, libbcpkix-java"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jdk-headless libitext5-java libpdfbox2-java libbcprov-java libbcpkix-java >/dev/null
fi
