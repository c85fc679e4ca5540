"""The archivist's search page (Tìm trong kho lưu trữ) and the page image a hit opens at:
registered on the archive's blueprint. Every page and image checks the document's access
regime through `dossiers.get_document`, so a hit link never shows what its reader may not see."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from eoffice.errors import ServiceError
from eoffice.archive import dossiers, finder, page_images
from eoffice.archive.views import bp
from eoffice.web.guard import current_actor, requires
from eoffice.web.paging import page_number


def _filters() -> dict[str, list[Any]]:
    filters: dict[str, list[Any]] = {key: [v.replace("\x00", "") for v in request.args.getlist(key)]
                                     for key in finder.FACET_LABELS if request.args.getlist(key)}
    if "year" in filters:
        filters["year"] = [int(y) for y in filters["year"] if y.isdigit() and len(y) <= 4]
    return filters


@bp.get("/search")
@requires("archive.work")
def search() -> Any:
    from search import SearchError

    text = request.args.get("q", "")
    filters = _filters()
    result = None
    try:
        result = finder.search(current_user, text, filters, page_number())
    except SearchError as exc:
        flash(exc.message, "error")
    return render_template("archive/search.html", result=result, text=text, filters=filters, facet_labels=finder.FACET_LABELS)


@bp.get("/documents/<int:document_id>/hit")
@requires("archive.work")
def document_hit(document_id: int) -> Any:
    """A search hit: the page image of the first page holding the words searched for."""
    document = dossiers.get_document(current_actor(), document_id)
    if page_images.page_file(document) is None:
        return redirect(url_for(".document", document_id=document_id))
    page = page_images.page_of_hit(document, request.args.get("q", ""))
    return redirect(url_for(".document_page", document_id=document_id, page=page, q=request.args.get("q", "")))


@bp.get("/documents/<int:document_id>/pages/<int:page>")
@requires("archive.work")
def document_page(document_id: int, page: int) -> Any:
    document = dossiers.get_document(current_actor(), document_id)
    stored = page_images.page_file(document)
    if stored is None:
        abort(404)
    pages = stored.page_count or len(page_images.page_texts(stored))
    if not 1 <= page <= max(pages, 1):
        abort(404)
    return render_template("archive/page.html", document=document, page=page, pages=pages, q=request.args.get("q", ""))


@bp.get("/documents/<int:document_id>/pages/<int:page>.png")
@requires("archive.work")
def document_page_image(document_id: int, page: int) -> Response:
    document = dossiers.get_document(current_actor(), document_id)
    try:
        path = page_images.page_image(document, page)
    except ServiceError:
        abort(404)
    response = send_file(path, mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"  # its access regime decides each time
    return response
