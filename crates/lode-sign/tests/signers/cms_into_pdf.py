#!/usr/bin/env python3
"""Sign a PDF with `openssl cms -sign -stream`, so that the verifier under test meets the CMS
exactly as OpenSSL streams it (BER, indefinite lengths), not as a PDF library would re-encode it.

    cms_into_pdf.py IN OUT KEY CERT sha256|sha1 adbe.pkcs7.detached|ETSI.CAdES.detached

Appends one incremental update to IN: an invisible signature field (field and widget merged)
on the first page, its signature dictionary, the catalog re-written with /AcroForm and the page
re-written with /Annots, then a cross-reference section of the same kind as the input's (table
or stream) with /Prev. Standard library only, so it runs wherever openssl and python3 do.
Meant for simple unsigned test inputs: a file that already has an /AcroForm, a /Annots by
reference, or encryption is refused rather than half handled.
"""
import re
import subprocess
import sys
import tempfile
import time
import zlib

CONTENTS_BYTES = 8192  # room for the CMS: a certificate or two and a signature


class Ref(tuple):
    pass


class Name(bytes):
    pass


class Raw(bytes):  # number, string, boolean, null: kept byte for byte
    pass


WS = b" \t\r\n\f\x00"
DELIM = b"()<>[]{}/%"


class Parser:
    def __init__(self, data, pos=0):
        self.d, self.p = data, pos

    def ws(self):
        d = self.d
        while self.p < len(d):
            if d[self.p] in WS:
                self.p += 1
            elif d[self.p] == 0x25:  # comment to end of line
                while self.p < len(d) and d[self.p] not in b"\r\n":
                    self.p += 1
            else:
                break

    def token(self):
        self.ws()
        s = self.p
        while self.p < len(self.d) and self.d[self.p] not in WS + DELIM:
            self.p += 1
        return self.d[s:self.p]

    def obj(self):
        self.ws()
        d, p = self.d, self.p
        if d.startswith(b"<<", p):
            self.p += 2
            out = {}
            while True:
                self.ws()
                if d.startswith(b">>", self.p):
                    self.p += 2
                    return out
                key = self.obj()
                out[bytes(key)] = self.obj()
        if d[p] == 0x5B:  # [
            self.p += 1
            out = []
            while True:
                self.ws()
                if d[self.p] == 0x5D:
                    self.p += 1
                    return out
                out.append(self.obj())
        if d[p] == 0x2F:  # /Name
            self.p += 1
            return Name(self.token())
        if d[p] == 0x28:  # (literal string), nested parentheses and escapes
            depth, i = 0, p
            while True:
                c = d[i]
                if c == 0x5C:
                    i += 2
                    continue
                depth += {0x28: 1, 0x29: -1}.get(c, 0)
                i += 1
                if depth == 0:
                    break
            self.p = i
            return Raw(d[p:i])
        if d[p] == 0x3C:  # <hex string>
            self.p = d.index(b">", p) + 1
            return Raw(d[p:self.p])
        tok = self.token()
        if re.fullmatch(rb"\d+", tok):  # maybe "num gen R"
            save = self.p
            gen = self.token()
            if re.fullmatch(rb"\d+", gen) and self.token() == b"R":
                return Ref((int(tok), int(gen)))
            self.p = save
        return Raw(tok)


def ser(v):
    if isinstance(v, Ref):
        return b"%d %d R" % v
    if isinstance(v, Name):
        return b"/" + v
    if isinstance(v, dict):
        return b"<<" + b"".join(b"/" + k + b" " + ser(x) for k, x in v.items()) + b">>"
    if isinstance(v, list):
        return b"[" + b" ".join(ser(x) for x in v) + b"]"
    return bytes(v)


class Pdf:
    def __init__(self, data):
        self.d = data
        self.where = {}  # num -> offset, or (object stream num, index)
        self.trailer = None
        self.startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
        off, seen = self.startxref, set()
        while off is not None and off not in seen:
            seen.add(off)
            tr = self.section(off)
            self.trailer = self.trailer or tr
            if "XRefStm" in tr:  # hybrid file: its stream holds the compressed objects
                self.section(int(tr["XRefStm"]))
            off = int(tr["Prev"]) if "Prev" in tr else None
        self.kind = "table" if data[self.startxref:].lstrip().startswith(b"xref") else "stream"

    def section(self, off):
        """Read one cross-reference section; older sections never override newer ones."""
        p = Parser(self.d, off)
        p.ws()
        if self.d.startswith(b"xref", p.p):
            p.p += 4
            while True:
                first = p.token()
                if first == b"trailer":
                    return {k.decode(): v for k, v in p.obj().items()}
                count = int(p.token())
                for i in range(count):
                    o, _g, t = p.token(), p.token(), p.token()
                    if t == b"n":
                        self.where.setdefault(int(first) + i, int(o))
        dic, raw = self.stream_at(off)
        w = [int(x) for x in dic[b"W"]]
        idx = [int(x) for x in dic.get(b"Index", [Raw(b"0"), dic[b"Size"]])]
        rows = iter(range(0, len(raw), sum(w)))
        for start, count in zip(idx[0::2], idx[1::2]):
            for num in range(start, start + count):
                r = next(rows)
                f = []
                for n in w:
                    f.append(int.from_bytes(raw[r:r + n], "big"))
                    r += n
                typ = f[0] if w[0] else 1
                if typ == 1:
                    self.where.setdefault(num, f[1])
                elif typ == 2:
                    self.where.setdefault(num, (f[1], f[2]))
        return {k.decode(): v for k, v in dic.items()}

    def stream_at(self, off):
        p = Parser(self.d, off)
        p.token(), p.token(), p.token()  # num gen obj
        dic = p.obj()
        p.ws()
        assert self.d.startswith(b"stream", p.p)
        s = p.p + 6
        s += 2 if self.d.startswith(b"\r\n", s) else 1
        length = dic[b"Length"]
        length = int(self.get(length) if isinstance(length, Ref) else length)
        return dic, decode(dic, self.d[s:s + length])

    def get(self, ref):
        w = self.where[ref[0]]
        if isinstance(w, int):
            p = Parser(self.d, w)
            p.token(), p.token(), p.token()
            return p.obj()
        dic, raw = self.stream_at(self.where[w[0]])  # compressed in an object stream
        head = Parser(raw)
        pairs = [(int(head.token()), int(head.token())) for _ in range(int(dic[b"N"]))]
        return Parser(raw, int(dic[b"First"]) + pairs[w[1]][1]).obj()


def decode(dic, raw):
    filters = dic.get(b"Filter", [])
    filters = filters if isinstance(filters, list) else [filters]
    if not filters:
        return raw
    if filters != [b"FlateDecode"]:
        sys.exit(f"cms_into_pdf: stream filter {filters} not supported")
    raw = zlib.decompress(raw)
    parms = dic.get(b"DecodeParms", {})
    pred = int(parms.get(b"Predictor", 1))
    if pred < 10:
        return raw
    cols = int(parms.get(b"Columns", 1)) # PNG predictors, one filter byte a row; xref streams use Up
    out, prev = bytearray(), bytes(cols)
    for r in range(0, len(raw), cols + 1):
        ft, row = raw[r], bytearray(raw[r + 1:r + 1 + cols])
        for i in range(cols):
            a = row[i - 1] if i else 0
            b, c = prev[i], prev[i - 1] if i else 0
            if ft == 1:
                row[i] = (row[i] + a) & 255
            elif ft == 2:
                row[i] = (row[i] + b) & 255
            elif ft == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif ft == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += row
        prev = bytes(row)
    return bytes(out)


def main():
    src, dst, key, cert, digest, subfilter = sys.argv[1:7]
    data = open(src, "rb").read()
    pdf = Pdf(data)
    tr = pdf.trailer
    if "Encrypt" in tr:
        sys.exit("cms_into_pdf: encrypted input not supported")
    root = tr["Root"]
    catalog = pdf.get(root)
    if b"AcroForm" in catalog:
        sys.exit("cms_into_pdf: input already has an /AcroForm; not supported")
    page_ref = catalog[b"Pages"]
    page = pdf.get(page_ref)
    while page.get(b"Type") != b"Page":  # first leaf of the page tree
        kids = page[b"Kids"]
        page_ref = (pdf.get(kids) if isinstance(kids, Ref) else kids)[0]
        page = pdf.get(page_ref)
    annots = page.get(b"Annots", [])
    if isinstance(annots, Ref):
        sys.exit("cms_into_pdf: /Annots by reference not supported")

    size = int(tr["Size"])
    field, sig = Ref((size, 0)), Ref((size + 1, 0))
    catalog[b"AcroForm"] = {b"Fields": [field], b"SigFlags": Raw(b"3")}
    page[b"Annots"] = annots + [field]

    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}

    def emit(ref, body):
        offsets[ref[0]] = (len(out), ref[1])
        out.extend(b"%d %d obj\n" % ref + body + b"\nendobj\n")

    emit(root, ser(catalog))
    emit(page_ref, ser(page))
    emit(field, ser({b"Type": Name(b"Annot"), b"Subtype": Name(b"Widget"), b"FT": Name(b"Sig"),
                     b"T": Raw(b"(Signature%d)" % size), b"V": sig, b"F": Raw(b"132"),
                     b"Rect": Raw(b"[0 0 0 0]"), b"P": page_ref}))
    # ByteRange gets its numbers once the file length is known: room for four 10-digit numbers
    br_hole = b"/ByteRange [" + b" " * 43 + b"]"
    m = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime()).encode()
    emit(sig, b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/" + subfilter.encode() +
         b"/M(" + m + b")" + br_hole + b"/Contents <" + b"0" * (2 * CONTENTS_BYTES) + b">>>")
    br_at = out.rindex(br_hole) + len(b"/ByteRange ")
    c_start = out.rindex(b"/Contents <") + len(b"/Contents ")
    c_end = c_start + 2 * CONTENTS_BYTES + 2

    keep = {k: tr[k] for k in ("Root", "Info", "ID") if k in tr}
    xref_at = len(out)
    if pdf.kind == "table":
        out += b"xref\n"
        nums = sorted(offsets)
        for run in runs(nums):
            out += b"%d %d\n" % (run[0], len(run))
            for n in run:
                out += b"%010d %05d n \n" % offsets[n]
        out += b"trailer\n" + ser({b"Size": Raw(b"%d" % (size + 2)), **{k.encode(): v for k, v in keep.items()},
                                   b"Prev": Raw(b"%d" % pdf.startxref)}) + b"\n"
    else:  # xref stream, listing itself too; uncompressed, which any reader takes
        offsets[size + 2] = (xref_at, 0)
        nums = sorted(offsets)
        rows = b"".join(b"\x01" + offsets[n][0].to_bytes(4, "big") + offsets[n][1].to_bytes(2, "big") for n in nums)
        index = [Raw(b"%d %d" % (r[0], len(r))) for r in runs(nums)]
        dic = {b"Type": Name(b"XRef"), b"Size": Raw(b"%d" % (size + 3)), b"W": Raw(b"[1 4 2]"),
               b"Index": index, **{k.encode(): v for k, v in keep.items()},
               b"Prev": Raw(b"%d" % pdf.startxref), b"Length": Raw(b"%d" % len(rows))}
        out += b"%d 0 obj\n" % (size + 2) + ser(dic) + b"\nstream\n" + rows + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at

    br = b"[0 %d %d %d]" % (c_start, c_end, len(out) - c_end)
    out[br_at:br_at + len(br_hole) - len(b"/ByteRange ")] = br.ljust(len(br_hole) - len(b"/ByteRange "))
    covered = bytes(out[:c_start] + out[c_end:])

    with tempfile.NamedTemporaryFile() as tbs:
        tbs.write(covered)
        tbs.flush()
        # -binary: the bytes are signed as they are; -stream: OpenSSL's own streaming (BER) output
        cmd = ["openssl", "cms", "-sign", "-binary", "-stream", "-outform", "DER", "-in", tbs.name,
               "-signer", cert, "-inkey", key, "-md", digest]
        if subfilter == "ETSI.CAdES.detached":
            cmd.append("-cades")
        cms = detach(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
    if len(cms) > CONTENTS_BYTES:
        sys.exit(f"cms_into_pdf: CMS of {len(cms)} bytes does not fit {CONTENTS_BYTES}")
    out[c_start + 1:c_start + 1 + 2 * len(cms)] = cms.hex().upper().encode()
    open(dst, "wb").write(out)


def tlv(b, i):
    """Where the contents of the BER element at i start, and their length (None: indefinite)."""
    j = i + 1
    if b[i] & 0x1F == 0x1F:  # high tag number
        while b[j] & 0x80:
            j += 1
        j += 1
    n = b[j]
    j += 1
    if n == 0x80:
        return j, None
    if n & 0x80:
        n, j = int.from_bytes(b[j:j + (n & 0x7F)], "big"), j + (n & 0x7F)
    return j, n


def end(b, i):
    j, n = tlv(b, i)
    if n is not None:
        return j + n
    while b[j:j + 2] != b"\0\0":
        j = end(b, j)
    return j + 2


def detach(cms):
    """Drop the eContent. `openssl cms -stream -outform DER` embeds the signed bytes even when
    signing detached (only S/MIME output stays detached, and that one is DER): cutting the
    [0] eContent out of encapContentInfo leaves every other byte as OpenSSL streamed it."""
    i = end(cms, tlv(cms, 0)[0])  # ContentInfo: past contentType
    i = tlv(cms, tlv(cms, i)[0])[0]  # into [0], into SignedData
    i = end(cms, end(cms, i))  # past version, digestAlgorithms
    e, n = tlv(cms, i)  # encapContentInfo
    if n is not None:
        sys.exit("cms_into_pdf: openssl wrote a definite-length encapContentInfo; expected -stream's BER")
    e = end(cms, e)  # past eContentType
    return cms if cms[e:e + 2] == b"\0\0" else cms[:e] + cms[end(cms, e):]


def runs(nums):
    """Consecutive object numbers, one xref subsection each."""
    out = []
    for n in nums:
        if out and out[-1][-1] == n - 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


if __name__ == "__main__":
    main()
