// Signs a PDF the way two Java libraries in real use do, so lode's verifier is checked against
// CMS it did not write: iText 5 (MakeSignature.signDetached) and PDFBox 2 (with a BouncyCastle
// CMSSignedDataGenerator, as in PDFBox's own CreateSignature example). What each writes is kept
// as it is: iText 5 encodes DER itself (and names the ECDSA signature algorithm id-ecPublicKey);
// BouncyCastle's default encoding, which PDFBox's CMS gets, is BER with indefinite lengths.
//
//   java -cp <classpath file's jars>:<dir> Sign itext5|pdfbox2 IN OUT KEY.pem CERT.pem \
//        sha256|sha1 adbe.pkcs7.detached|ETSI.CAdES.detached
//
// KEY is PKCS#8 PEM, unencrypted, RSA or EC. Both write an invisible signature field as an
// incremental update.
import com.itextpdf.text.pdf.PdfReader;
import com.itextpdf.text.pdf.PdfSignatureAppearance;
import com.itextpdf.text.pdf.PdfStamper;
import com.itextpdf.text.pdf.security.BouncyCastleDigest;
import com.itextpdf.text.pdf.security.MakeSignature;
import com.itextpdf.text.pdf.security.PrivateKeySignature;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Calendar;
import java.util.Collections;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

public class Sign {
    public static void main(String[] a) throws Exception {
        if (a.length != 7) {
            System.err.println("usage: Sign itext5|pdfbox2 IN OUT KEY CERT sha256|sha1 SUBFILTER");
            System.exit(2);
        }
        Security.addProvider(new BouncyCastleProvider());
        PrivateKey key = new JcaPEMKeyConverter().setProvider("BC")
                .getPrivateKey(PrivateKeyInfo.getInstance(pem(a[3])));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Paths.get(a[4]))));
        String digest = a[5].toUpperCase(); // SHA256 | SHA1
        boolean cades = a[6].equals("ETSI.CAdES.detached");
        if (a[0].equals("itext5")) itext5(a[1], a[2], key, cert, digest, cades);
        else if (a[0].equals("pdfbox2")) pdfbox2(a[1], a[2], key, cert, digest, cades, a[6]);
        else throw new IllegalArgumentException("unknown signer " + a[0]);
    }

    static byte[] pem(String path) throws Exception {
        String s = new String(Files.readAllBytes(Paths.get(path)), "US-ASCII");
        return Base64.getMimeDecoder().decode(s.replaceAll("-----[A-Z ]+-----", ""));
    }

    // iText 5: CADES adds signing-certificate-v2 itself; its PdfPKCS7 builds the CMS.
    static void itext5(String in, String out, PrivateKey key, X509Certificate cert, String digest,
            boolean cades) throws Exception {
        PdfReader reader = new PdfReader(in);
        try (FileOutputStream os = new FileOutputStream(out)) {
            PdfStamper stamper = PdfStamper.createSignature(reader, os, '\0', null, true); // append
            PdfSignatureAppearance app = stamper.getSignatureAppearance();
            app.setReason("lode interoperability test");
            MakeSignature.signDetached(app, new BouncyCastleDigest(),
                    new PrivateKeySignature(key, digest, "BC"), new Certificate[] {cert}, null, null,
                    null, 0, cades ? MakeSignature.CryptoStandard.CADES : MakeSignature.CryptoStandard.CMS);
        }
    }

    // PDFBox 2: PDFBox only reserves the /Contents; the CMS is BouncyCastle's, as the PDFBox
    // examples build it. For CAdES the signing-certificate-v2 attribute is added here, and
    // signing-time dropped (PAdES has /M for that and forbids the attribute).
    static void pdfbox2(String in, String out, PrivateKey key, X509Certificate cert, String digest,
            boolean cades, String subFilter) throws Exception {
        String alg = digest + "with" + (key.getAlgorithm().startsWith("EC") ? "ECDSA" : "RSA");
        AlgorithmIdentifier digestId = new DefaultDigestAlgorithmIdentifierFinder().find(
                digest.equals("SHA1") ? "SHA-1" : "SHA-256");
        try (PDDocument doc = PDDocument.load(new File(in));
                FileOutputStream os = new FileOutputStream(out)) {
            PDSignature sig = new PDSignature();
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(COSName.getPDFName(subFilter));
            sig.setSignDate(Calendar.getInstance());
            sig.setReason("lode interoperability test");
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(16 * 1024);
            doc.addSignature(sig, content -> {
                try {
                    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
                    JcaSignerInfoGeneratorBuilder sib = new JcaSignerInfoGeneratorBuilder(
                            new JcaDigestCalculatorProviderBuilder().setProvider("BC").build());
                    if (cades) {
                        byte[] hash = MessageDigest.getInstance(digestId.getAlgorithm().getId())
                                .digest(cert.getEncoded());
                        // ESSCertIDv2 leaves its hashAlgorithm out when it is the default SHA-256
                        SigningCertificateV2 scv2 = new SigningCertificateV2(
                                new ESSCertIDv2[] {new ESSCertIDv2(digestId, hash)});
                        ASN1EncodableVector v = new ASN1EncodableVector();
                        v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(scv2)));
                        CMSAttributeTableGenerator std = new DefaultSignedAttributeTableGenerator(new AttributeTable(v));
                        sib.setSignedAttributeGenerator(params -> std.getAttributes(params).remove(CMSAttributes.signingTime));
                    }
                    gen.addSignerInfoGenerator(sib.build(
                            new JcaContentSignerBuilder(alg).setProvider("BC").build(key), cert));
                    gen.addCertificates(new JcaCertStore(Collections.singletonList(cert)));
                    return gen.generate(new CMSProcessableByteArray(IOUtils.toByteArray(content)), false)
                            .getEncoded(); // BouncyCastle's default (BER) encoding
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            }, options);
            doc.saveIncremental(os);
        }
    }
}
