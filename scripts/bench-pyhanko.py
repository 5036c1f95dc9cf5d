#!/usr/bin/env python3
"""The same signing and validation work as `lode-bench sign`, done by pyHanko in one process
(no interpreter start-up counted): prints `<file> <key> sign <per second> verify <per second>`.

Usage: bench-pyhanko.py DIR   (DIR holds the files, keys and certificates lode-bench wrote)
"""
import io, sys, time
from pathlib import Path
from pyhanko.sign import signers, fields
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
for key in ["rsa", "p256"]:
    signer = signers.SimpleSigner.load(str(d / f"{key}.key"), str(d / f"{key}.crt"))
    with open(d / f"{key}.crt", "rb") as f:
        der = pem.unarmor(f.read())[2]
    vc = ValidationContext(trust_roots=[x509.Certificate.load(der)])
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
        print(f"{size} {key} sign {rate(sign):.1f} verify {rate(verify):.1f}", flush=True)
