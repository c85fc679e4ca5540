"""Electronic document exchange between agencies (liên thông văn bản, edXML — QCVN 102:2016).

`edxml` writes and reads the package one agency sends another: the message header (sender,
recipients, số/ký hiệu, promulgation, type, trích yếu, signer, priority, trace headers with the
business type), the status messages (arrived, refused, accepted, assigned, processing, done,
recall…) and the files travelling with it. The transport (the national exchange platform,
VDXP/LGSP) sits behind an adapter; this package knows only the format.
"""
