"""One-stop dossiers (hồ sơ một cửa, một cửa liên thông) as a kind of work.

- `models`: the procedure catalogue (data: components, time limit, liên thông steps), the
  dossier (a `WorkItem`), its daily code counter, clock events, ratings and citizen notices;
  the portal's statuses (DOMAIN.md §2) and their moves.
- `catalogue`: procedures — create, import from CSV/JSON, the demo ones.
- `numbering`: `<agency code>-YYMMDD-XXXX`, gap-free per agency per day.
- `intake` → `processing`: the services, one unit of work each (receive, accept, hand-off
  through the steps, supplement, refusal, apology, result, withdrawal).
- `clock`: the dossier's due moment replayed from its pauses by the calendar engine.
- `citizen`: the public side — lookup with a second factor, timeline, rating; `notices`:
  telling the citizen of every change through an adapter (e-mail / SMS stand-in).
- `slips`: the receipt and appointment slip (HTML and PDF with QR), the control sheet.
- `kind` / `setup` / `views` / `public_views` / `api` / `access`: wiring, pages, JSON, readers.
"""
