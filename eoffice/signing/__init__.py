"""Digital signatures: placing them (`eoffice.signing.sign`), checking them
(`eoffice.signing.validation`) and the certificates the office trusts (`eoffice.signing.trust`).

Signing and validation live apart from any kind of work: outgoing drafts sign, incoming
documents, deliveries and archive records validate, all through these packages."""
