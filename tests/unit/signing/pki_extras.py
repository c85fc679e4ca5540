"""More of the test PKI for validation: a timestamp authority and an intermediate CA."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.unit.documents.pdf_factory import TestPki, _key, _name, _pem_key, root_of

_root = root_of  # one place loads the test root (tests.unit.documents.pdf_factory)


def _test_name(common_name: str) -> x509.Name:
    return _name(common_name, "eoffice tests")


def _builder(subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, issuer_key: rsa.RSAPrivateKey,
             start: datetime, end: datetime) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))


def timestamper(pki: TestPki, *, fixed_dt: datetime | None = None) -> object:
    """pyHanko's in-process timestamp authority with a TSA certificate from the test root."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    root, root_key = _root(pki)
    key = _key()
    now = datetime.now(timezone.utc)
    cert = (_builder(_test_name("eoffice Test TSA"), root.subject, key, root_key, now - timedelta(days=3650), now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(root_key, hashes.SHA256()))
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return DummyTimeStamper(tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
                            tsa_key=asn1_keys.PrivateKeyInfo.load(der_key), fixed_dt=fixed_dt)


def intermediate_and_signer(pki: TestPki, directory: Path, *, ca_name: str = "eoffice Test Sub CA") -> tuple[Path, Path, Path]:
    """An intermediate CA under the test root and a signer under it: (intermediate, signer cert, signer key)."""
    root, root_key = _root(pki)
    now = datetime.now(timezone.utc)
    ca_key = _key()
    ca = (_builder(_test_name(ca_name), root.subject, ca_key, root_key, now - timedelta(days=1), now + timedelta(days=3000))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(root_key, hashes.SHA256()))
    key = _key()
    signer = (_builder(_test_name("Lê Thị Ký"), ca.subject, key, ca_key, now - timedelta(days=1), now + timedelta(days=300))
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .sign(ca_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    paths = (directory / "sub-ca.pem", directory / "sub-signer.pem", directory / "sub-signer.key")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(signer.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(_pem_key(key))
    return paths
