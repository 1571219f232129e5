"""A throwaway certification authority, made at test time: no key is ever checked in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.now(UTC)


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    def pem(self, path: Path) -> Path:
        path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        return path

    def p12(self, path: Path, password: str, chain: list[Issued] = ()) -> Path:
        data = pkcs12.serialize_key_and_certificates(
            b"signer",
            self.key,
            self.certificate,
            [c.certificate for c in chain],
            serialization.BestAvailableEncryption(password.encode()),
        )
        path.write_bytes(data)
        return path

    def key_pkcs8_pem(self, path: Path) -> Path:
        path.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Tuyên giáo Tỉnh ủy Lạng Sơn (thử nghiệm)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(**set_bits: bool) -> x509.KeyUsage:
    bits = dict.fromkeys(
        [
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ],
        False,
    )
    bits.update(set_bits)
    return x509.KeyUsage(**bits)


def make_ca(common_name: str = "CA thử nghiệm") -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=30))
        .not_valid_after(NOW + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, certificate)


def issue(
    ca: Issued,
    common_name: str,
    *,
    not_before: datetime = NOW - timedelta(days=1),
    not_after: datetime = NOW + timedelta(days=365),
    signing: bool = True,
    dns: str | None = None,
    time_stamping: bool = False,
    key=None,
    key_usage: bool = True,
) -> Issued:
    """A certificate from ``ca``; ``signing=False`` gives one issued for encryption only;
    ``time_stamping`` one for a time-stamp authority (RSA: pyHanko's test TSA signs only with RSA);
    ``key`` another kind of key (RSA-1024, DSA, Ed25519…); ``key_usage=False`` one without the extension."""
    if key is None:
        key = rsa.generate_private_key(65537, 2048) if time_stamping else ec.generate_private_key(ec.SECP256R1())
    usage = _key_usage(digital_signature=True, content_commitment=True) if signing else _key_usage(key_agreement=True)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    if key_usage:
        builder = builder.add_extension(usage, critical=True)
    if time_stamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if dns:
        import ipaddress

        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(dns), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def sign_pdf(data: bytes, signer: Issued, chain: list[Issued] = ()) -> bytes:
    """``data`` signed by ``signer`` with pyHanko directly, as another tool would: no policy of ours applies."""
    from io import BytesIO

    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def der(issued: Issued):
        return asn1_x509.Certificate.load(issued.certificate.public_bytes(serialization.Encoding.DER))

    private = signer.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    simple = signers.SimpleSigner(
        signing_cert=der(signer),
        signing_key=keys.PrivateKeyInfo.load(private),
        cert_registry=SimpleCertificateStore.from_certs([der(c) for c in chain]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = BytesIO()
    signers.PdfSigner(meta, simple).sign_pdf(IncrementalPdfFileWriter(BytesIO(data)), output=out)
    return out.getvalue()


def revocation_list(ca: Issued, revoked: list[Issued], path: Path) -> Path:
    """A CRL from ``ca``, valid for a week, listing ``revoked`` as revoked an hour ago (PEM)."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(NOW - timedelta(days=1))
        .next_update(NOW + timedelta(days=7))
    )
    for issued in revoked:
        entry = x509.RevokedCertificateBuilder().serial_number(issued.certificate.serial_number)
        builder = builder.add_revoked_certificate(entry.revocation_date(NOW - timedelta(hours=1)).build())
    path.write_bytes(builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    return path
