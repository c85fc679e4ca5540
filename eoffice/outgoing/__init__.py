"""Outgoing documents (văn bản đi) as a kind of work: drafting, approval, signing, the
outgoing register's number and issuance.

- `kind` / `setup`: the `WorkKind` the `eoffice.kinds` entry point names, and its pages, API,
  menu entries, home queue and periodic job.
- `models`: the draft (a `WorkItem`), recipients, approval chains, outside organisations,
  register counters; states and their moves.
- `schemas`: the pydantic models every operation takes (API bodies and HTML forms alike).
- `drafting` → `approval` → `issuance`: the services, one unit of work each; `answers` is the
  one place the kind reaches incoming documents (the reply that completes one, the recall
  that reaches the receivers' copies).
- `numbering`: Decree 30 notation and the gap-free yearly series per agency.
- `uploads` / `conversion`: the body as PDF (DOCX converted by LibreOffice when installed).
- `queries`, `views`, `api`, `access`: lists and the register, pages, JSON API, readers.
"""
