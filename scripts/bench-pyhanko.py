#!/usr/bin/env python3
"""The same signing and validation work as `lode-bench sign`, done by pyHanko in one process
(no interpreter start-up counted): prints `<file> <key> sign <per second> verify <per second>`
for B-B, then the same for B-T with the timestamp authority at TSA_URL.

Usage: bench-pyhanko.py DIR TSA_URL   (DIR holds the files, keys and certificates lode-bench
wrote, and the CA whose root certifies the authority under DIR/ca)
"""
import io, sys, time
from pathlib import Path
from pyhanko.sign import signers, fields, timestamps
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext
from asn1crypto import pem, x509

def rate(fn, budget=1.5, most=200):
    n, start = 0, time.perf_counter()
    while n < most and (n < 3 or time.perf_counter() - start < budget):
        fn(); n += 1
    return n / (time.perf_counter() - start)

d = Path(sys.argv[1])
tsa_url = sys.argv[2]
with open(d / "ca" / "root.pem", "rb") as f:
    tsa_root = x509.Certificate.load(pem.unarmor(f.read())[2])
for key in ["rsa", "p256"]:
    signer = signers.SimpleSigner.load(str(d / f"{key}.key"), str(d / f"{key}.crt"))
    with open(d / f"{key}.crt", "rb") as f:
        der = pem.unarmor(f.read())[2]
    vc = ValidationContext(trust_roots=[x509.Certificate.load(der), tsa_root])
    for size in ["100k", "1m", "10m"]:
        data = (d / f"{size}.pdf").read_bytes()
        meta = signers.PdfSignatureMetadata(field_name="Sig1")
        def sign():
            w = IncrementalPdfFileWriter(io.BytesIO(data))
            return signers.sign_pdf(w, meta, signer=signer).getvalue()
        signed = sign()
        def verify():
            r = PdfFileReader(io.BytesIO(signed))
            st = validate_pdf_signature(r.embedded_signatures[0], vc)
            assert st.intact and st.valid
        def sign_t():
            w = IncrementalPdfFileWriter(io.BytesIO(data))
            # a timestamper per signature, as pyHanko's command line uses it: one kept across
            # signatures holds an HTTP session bound to an event loop already closed
            tsa = timestamps.HTTPTimeStamper(tsa_url)
            return signers.sign_pdf(w, meta, signer=signer, timestamper=tsa).getvalue()
        stamped = sign_t()
        def verify_t():
            r = PdfFileReader(io.BytesIO(stamped))
            st = validate_pdf_signature(r.embedded_signatures[0], vc)
            assert st.intact and st.valid and st.timestamp_validity is not None
            assert st.timestamp_validity.intact and st.timestamp_validity.valid
        print(f"{size} {key} B-B sign {rate(sign):.1f} verify {rate(verify):.1f}"
              f" B-T sign {rate(sign_t):.1f} verify {rate(verify_t):.1f}", flush=True)
