#!/usr/bin/env python3
"""Sign a PDF with pyHanko's own signer (its CMS, its incremental update), so that lode and the
other verifiers meet a signature made by the library most Python signing tools build on.

    pyhanko_sign.py IN OUT KEY CERT sha256|sha1 adbe.pkcs7.detached|ETSI.CAdES.detached

Exits 3 with a one-line reason on stdout when pyHanko will not sign that combination.
"""
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers


def main() -> int:
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        return 2
    src, out, key, cert, digest, sub_filter = sys.argv[1:]
    sub = {
        "adbe.pkcs7.detached": fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
        "ETSI.CAdES.detached": fields.SigSeedSubFilter.PADES,
    }[sub_filter]
    signer = signers.SimpleSigner.load(key, cert)
    if signer is None:
        print("pyHanko could not read the key or the certificate")
        return 1
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", md_algorithm=digest, subfilter=sub
    )
    try:
        with open(src, "rb") as f:
            writer = IncrementalPdfFileWriter(f)
            with open(out, "wb") as o:
                signers.sign_pdf(writer, meta, signer=signer, output=o)
    except Exception as e:  # pyHanko's refusals of a combination, in its words
        if "sha1" in str(e).lower() or "weak" in str(e).lower():
            print(f"pyHanko refuses: {e}".replace("\n", " "))
            return 3
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
