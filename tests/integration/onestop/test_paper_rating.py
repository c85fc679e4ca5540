"""The desk types in a satisfaction form the citizen filled in on paper: once per dossier,
only after the result was returned, only by the one-stop desk, counted as a paper rating."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.db import db
from eoffice.onestop import processing
from eoffice.onestop.models import DossierRating
from eoffice.onestop.schemas import StepDoneIn
from tests.helpers import csrf_token, html_problems, login
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive

ANSWERS = {"tiep_can": "rat_hai_long", "thu_tuc": "hai_long", "cong_chuc": "hai_long", "ket_qua": "hai_long",
           "thoi_gian": "khong_hai_long"}


def _post(client, dossier_id: int, answers: dict[str, str]):  # type: ignore[no-untyped-def]
    page = f"/onestop/{dossier_id}"
    return client.post(f"{page}/paper_rating", data={"csrf_token": csrf_token(client, page), **answers}, follow_redirects=True)


def test_the_desk_enters_a_paper_rating_once_after_the_result_is_returned(desk, app):
    dossier = receive()
    client = app.test_client()
    login(client, "motcua", "Demo@2026")
    page = client.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    assert 'data-testid="paper-rating-form"' not in page, "no rating before the result is returned"
    early = _post(client, dossier.id, ANSWERS).get_data(as_text=True)
    assert "Chỉ đánh giá được sau khi đã nhận kết quả" in early
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    db.session.commit()
    page = client.get(f"/onestop/{dossier.id}").get_data(as_text=True)
    assert 'data-testid="paper-rating-form"' in page and html_problems(page) == []
    partial = _post(client, dossier.id, {"tiep_can": "hai_long"}).get_data(as_text=True)
    assert "Hãy chọn mức đánh giá cho" in partial
    assert db.session.scalars(select(DossierRating).where(DossierRating.dossier_id == dossier.id)).all() == []
    done = _post(client, dossier.id, ANSWERS).get_data(as_text=True)
    assert "Đã nhập phiếu đánh giá giấy" in done and 'data-testid="dossier-rating"' in done
    assert 'data-testid="paper-rating-form"' not in done
    rows = db.session.scalars(select(DossierRating).where(DossierRating.dossier_id == dossier.id)).all()
    assert {r.criterion: (r.value, r.channel) for r in rows} == {k: (v, "paper") for k, v in ANSWERS.items()}
    again = _post(client, dossier.id, ANSWERS).get_data(as_text=True)
    assert "chỉ đánh giá một lần" in again and len(
        db.session.scalars(select(DossierRating).where(DossierRating.dossier_id == dossier.id)).all()) == 5


def test_only_the_desk_enters_a_paper_rating(desk, app):
    dossier = receive()
    for who in ("tuphapnt", "chutichnt"):
        processing.complete_step(actor(who), dossier, StepDoneIn())
    processing.return_result(actor("motcua"), dossier)
    db.session.commit()
    client = app.test_client()
    login(client, "tuphapnt", "Demo@2026")
    page = client.get(f"/onestop/{dossier.id}")
    assert page.status_code == 200 and 'data-testid="paper-rating-form"' not in page.get_data(as_text=True)
    refused = client.post(f"/onestop/{dossier.id}/paper_rating",
                          data={"csrf_token": csrf_token(client, f"/onestop/{dossier.id}"), **ANSWERS})
    assert refused.status_code == 403
    assert db.session.scalars(select(DossierRating).where(DossierRating.dossier_id == dossier.id)).all() == []
