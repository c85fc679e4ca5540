"""The archive (lưu trữ): the yearly dossier catalogue, work dossiers with Circular 02/2019
metadata, transfer to the agency archive with its handover record, export as PDF + XML, and
bulk digitisation of paper records with Vietnamese OCR (ocrmypdf + Tesseract `vie`).

Two kinds of work plug into the core from here: `archive_dossier` (the dossier) and
`archive_doc` (a document filed in one, with its own access regime and search entry)."""
