"""Pages of the archive: the catalogue by year, the dossiers (open, file, close, transfer,
export as PDF + XML), a filed document, and digitisation (batch upload with progress, the
review queue). Every action goes through `act_on_page`, so a refused one shows its message
and changes nothing."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from eoffice.auth.permissions import can, require
from eoffice.db import db, get_or_not_found
from eoffice.org.models import Unit
from eoffice.archive import catalogue as catalogue_service
from eoffice.archive import digitise, dossiers, export, queries
from eoffice.archive.models import (
    ACCESS_LABELS, EVENT_LABELS, STATUS_LABELS, ArchiveDossier, Catalogue, CatalogueEntry, ImportBatch,
    ScanImport,
)
from eoffice.archive.schemas import CatalogueIn, DocumentMetaIn, EntryIn, FileItemIn, FileScanIn, OpenDossierIn
from eoffice.web.form_input import FormReader, FormState, PageForms
from eoffice.web.guard import current_actor, requires
from eoffice.web.page_actions import act_on_page, no_input
from eoffice.work.models import WorkFile

bp = Blueprint("archive", __name__, url_prefix="/archive", template_folder="templates",
               static_folder="static", static_url_path="/static")

ENTRY_FIELDS = {"missing_code": "code", "missing_title": "title", "code_taken": "code", "unit_inactive": "owner_unit_id",
                "user_not_in_unit": "owner_user_id"}
META_FIELDS = {"missing_subject": "subject"}


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"STATUS_LABELS": STATUS_LABELS, "EVENT_LABELS": EVENT_LABELS, "ACCESS_LABELS": ACCESS_LABELS}


def _units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.name)))



# --- Catalogue -------------------------------------------------------------------------------
@bp.get("/catalogues")
@requires("archive.work")
def catalogues(failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/catalogues.html", catalogues=catalogue_service.catalogues(), forms=PageForms(failed),
                           may_manage=can(current_user, "archive.catalogue.manage")), status


@bp.post("/catalogues")
@requires("archive.catalogue.manage")
def create_catalogue() -> Any:
    created: list[Catalogue] = []
    return act_on_page("catalogue", "Đã tạo danh mục hồ sơ.", lambda form: form.model(CatalogueIn),
                       lambda data: created.append(catalogue_service.create(current_actor(), data)), {"catalogue_exists": "year"},
                       done=lambda: redirect(url_for(".catalogue", catalogue_id=created[0].id)),
                       failed_page=lambda state: catalogues(state, 400))


def _render_catalogue(book: Catalogue, failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/catalogue.html", book=book, forms=PageForms(failed), units=_units(),
                           may_manage=can(current_user, "archive.catalogue.manage"),
                           may_approve=can(current_user, "archive.catalogue.approve")), status


@bp.get("/catalogues/<int:catalogue_id>")
@requires("archive.work")
def catalogue(catalogue_id: int) -> Any:
    return _render_catalogue(get_or_not_found(Catalogue, catalogue_id, "danh mục hồ sơ"))


def _on_catalogue(catalogue_id: int, form_id: str, success: str, build: Callable[[FormReader], Any],
                  call: Callable[[Catalogue, Any], Any], fields: Optional[dict[str, Any]] = None,
                  done: Optional[Callable[[], Any]] = None) -> Any:
    book = get_or_not_found(Catalogue, catalogue_id, "danh mục hồ sơ")
    return act_on_page(form_id, success, build, lambda data: call(book, data), fields or {},
                       done=done or (lambda: redirect(url_for(".catalogue", catalogue_id=catalogue_id))),
                       failed_page=lambda state: _render_catalogue(get_or_not_found(Catalogue, catalogue_id, "danh mục"), state, 400))


@bp.post("/catalogues/<int:catalogue_id>/entries")
@requires("archive.catalogue.manage")
def add_entry(catalogue_id: int) -> Any:
    return _on_catalogue(catalogue_id, "entry", "Đã thêm hồ sơ vào danh mục.",
                         lambda form: form.model(EntryIn, retention_years=form.text("retention_years") or None,
                                                 owner_user_id=form.text("owner_user_id") or None),
                         lambda book, data: catalogue_service.add_entry(current_actor(), book, data), ENTRY_FIELDS)


@bp.post("/catalogues/<int:catalogue_id>/approve")
@requires("archive.catalogue.approve")
def approve(catalogue_id: int) -> Any:
    return _on_catalogue(catalogue_id, "approve", "Đã phê duyệt danh mục hồ sơ.", no_input,
                         lambda book, _: catalogue_service.approve(current_actor(), book))


@bp.post("/catalogues/<int:catalogue_id>/copy")
@requires("archive.catalogue.manage")
def copy_forward(catalogue_id: int) -> Any:
    created: list[Catalogue] = []
    return _on_catalogue(catalogue_id, "copy", "Đã sao chép danh mục sang năm sau; hãy sửa rồi trình duyệt.", no_input,
                         lambda book, _: created.append(catalogue_service.copy_forward(current_actor(), book)),
                         done=lambda: redirect(url_for(".catalogue", catalogue_id=created[0].id)))


# --- Dossiers --------------------------------------------------------------------------------
def _approved_entries() -> list[CatalogueEntry]:
    return list(db.session.scalars(select(CatalogueEntry).join(Catalogue).where(Catalogue.status == "approved")
                                   .order_by(Catalogue.year.desc(), CatalogueEntry.code)))


@bp.get("/dossiers", endpoint="dossiers")
@requires("archive.work")
def dossiers_page(failed: Optional[FormState] = None, status: int = 200) -> Any:
    listed = list(db.session.scalars(queries.dossiers_query(current_user, request.args.get("status", ""),
                                                            request.args.get("year", type=int))))
    return render_template("archive/dossiers.html", dossiers=listed, entries=_approved_entries(), forms=PageForms(failed)), status


@bp.post("/dossiers")
@requires("archive.work")
def open_dossier() -> Any:
    created: list[ArchiveDossier] = []
    return act_on_page("open", "Đã mở hồ sơ.", lambda form: form.model(OpenDossierIn),
                       lambda data: created.append(dossiers.open_dossier(current_actor(), data)),
                       {"catalogue_not_approved": "entry_id", "dossier_exists": "entry_id"},
                       done=lambda: redirect(url_for(".dossier", dossier_id=created[0].id)),
                       failed_page=lambda state: dossiers_page(state, 400))


def _render_dossier(dossier: ArchiveDossier, failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/dossier.html", dossier=dossier, forms=PageForms(failed),
                           may_handle=can(current_user, "archive_dossier.handle", dossier),
                           may_keep=can(current_user, "archive.keep")), status


@bp.get("/dossiers/<int:dossier_id>")
@requires("archive.work")
def dossier(dossier_id: int) -> Any:
    return _render_dossier(dossiers.get_dossier(current_actor(), dossier_id))


def _on_dossier(dossier_id: int, form_id: str, success: str, build: Callable[[FormReader], Any],
                call: Callable[[ArchiveDossier, Any], Any], fields: Optional[dict[str, Any]] = None) -> Any:
    item = dossiers.get_dossier(current_actor(), dossier_id)
    return act_on_page(form_id, success, build, lambda data: call(item, data), fields or {},
                       done=lambda: redirect(url_for(".dossier", dossier_id=dossier_id)),
                       failed_page=lambda state: _render_dossier(dossiers.get_dossier(current_actor(), dossier_id), state, 400))


def _meta(form: FormReader, model: Any = DocumentMetaIn, **fixed: Any) -> Any:
    return form.model(model, page_count=form.text("page_count") or None, access_regime=form.text("access_regime") or None,
                      issued_date=form.text("issued_date") or None, **fixed)


@bp.get("/file-item/<int:item_id>")
@requires("archive.work")
def choose_dossier(item_id: int) -> Any:
    """From a document's, task's or one-stop dossier's page: pick the open dossier to file it in."""
    from eoffice.work.access import may_read
    from eoffice.work.models import WorkItem

    item = get_or_not_found(WorkItem, item_id, "văn bản")
    if not may_read(current_user, item):
        abort(403)
    mine = [d for d in queries.open_dossiers(current_user) if can(current_user, "archive_dossier.handle", d)]
    return render_template("archive/choose_dossier.html", item=item, dossiers=mine, forms=PageForms())


@bp.post("/dossiers/<int:dossier_id>/items")
@requires("archive.work")
def file_item(dossier_id: int) -> Any:
    return _on_dossier(dossier_id, "item", "Đã đưa văn bản vào hồ sơ.", lambda form: _meta(form, FileItemIn),
                       lambda d, data: dossiers.file_item(current_actor(), d, data),
                       {**META_FIELDS, "already_filed": "source_item_id", "bad_source": "source_item_id"})


@bp.post("/dossiers/<int:dossier_id>/uploads")
@requires("archive.work")
def file_upload(dossier_id: int) -> Any:
    upload = request.files.get("file")

    def call(d: ArchiveDossier, data: DocumentMetaIn) -> Any:
        if upload is None or not upload.filename:
            from eoffice.errors import ServiceError

            raise ServiceError("missing_file", "Hãy chọn tệp văn bản cần đưa vào hồ sơ.")
        return dossiers.file_upload(current_actor(), d, dossiers.Upload(upload.stream, upload.filename), data)

    return _on_dossier(dossier_id, "upload", "Đã đưa tệp vào hồ sơ.", _meta, call,
                       {**META_FIELDS, "missing_file": "file", "type_not_allowed": "file", "too_large": "file", "empty": "file"})


@bp.post("/dossiers/<int:dossier_id>/close")
@requires("archive.work")
def close(dossier_id: int) -> Any:
    return _on_dossier(dossier_id, "close", "Đã đóng hồ sơ; hạn nộp lưu là một năm kể từ hôm nay.", no_input,
                       lambda d, _: dossiers.close(current_actor(), d))


@bp.post("/dossiers/<int:dossier_id>/transfer")
@requires("archive.keep")
def transfer(dossier_id: int) -> Any:
    return _on_dossier(dossier_id, "transfer", "Đã nhận nộp lưu hồ sơ vào Lưu trữ cơ quan; biên bản giao nhận đã được lập.",
                       no_input, lambda d, _: dossiers.transfer(current_actor(), d))


@bp.get("/dossiers/<int:dossier_id>/export.pdf")
@requires("archive.work")
def export_pdf(dossier_id: int) -> Response:
    item = dossiers.get_dossier(current_actor(), dossier_id)
    return Response(export.dossier_pdf(item), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="ho-so-{item.code}.pdf"'})


@bp.get("/dossiers/<int:dossier_id>/export.xml")
@requires("archive.work")
def export_xml(dossier_id: int) -> Response:
    item = dossiers.get_dossier(current_actor(), dossier_id)
    return Response(export.dossier_xml(item), mimetype="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="ho-so-{item.code}.xml"'})


@bp.get("/documents/<int:document_id>")
@requires("archive.work")
def document(document_id: int) -> Any:
    return render_template("archive/document.html", document=dossiers.get_document(current_actor(), document_id))


@bp.get("/files/<int:file_id>")
@requires("archive.work")
def download(file_id: int) -> Response:
    """A dossier's or a filed document's file, for those who may read it (its access regime)."""
    from eoffice.files.download import file_response

    record = db.session.get(WorkFile, file_id)
    if record is None or record.work_item.kind not in ("archive_dossier", "archive_doc"):
        abort(404)
    require(current_user, f"{record.work_item.kind}.view", record.work_item)
    return file_response(record)


# --- Digitisation ----------------------------------------------------------------------------
@bp.get("/imports")
@requires("archive.keep")
def imports(failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/imports.html", batches=queries.batches(), scans=queries.scans_to_review(),
                           open_dossiers=queries.open_dossiers(current_user), forms=PageForms(failed)), status


@bp.post("/imports")
@requires("archive.keep")
def new_batch() -> Any:
    batch = digitise.new_batch(current_actor(), request.form.get("label", "") or "Tải lên từ trình duyệt", source="web")
    return jsonify({"batch": batch.id, "url": url_for(".batch", batch_id=batch.id)}), 201


@bp.post("/imports/<int:batch_id>/files")
@requires("archive.keep")
def batch_file(batch_id: int) -> Any:
    """One file of a browser batch (the page sends them one by one and shows the progress)."""
    batch = get_or_not_found(ImportBatch, batch_id, "lô nhập")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify({"error": {"code": "missing_file", "message": "Không nhận được tệp nào."}}), 400
    scan = digitise.take_in(current_actor(), batch, upload.stream, upload.filename)
    return jsonify({"id": scan.id, "filename": scan.filename, "status": scan.status, "label": scan.status_label,
                    "reason": scan.reason}), 201


@bp.get("/imports/<int:batch_id>")
@requires("archive.keep")
def batch(batch_id: int) -> Any:
    item = get_or_not_found(ImportBatch, batch_id, "lô nhập")
    if request.args.get("format") == "json":
        report = digitise.report(item)
        return jsonify({"imported": len(report.imported), "duplicates": len(report.duplicates), "failed": len(report.failed),
                        "waiting": len(report.waiting), "lines": report.lines})
    return render_template("archive/batch.html", batch=item, report=digitise.report(item))


@bp.post("/scans/<int:scan_id>/file")
@requires("archive.keep")
def file_scan(scan_id: int) -> Any:
    return act_on_page(f"scan{scan_id}", "Đã đưa bản quét vào hồ sơ.",
                       lambda form: _meta(form, FileScanIn, scan_id=scan_id, dossier_id=form.text("dossier_id") or None),
                       lambda data: digitise.file_scan(current_actor(), data), {**META_FIELDS, "dossier_not_open": "dossier_id"},
                       done=lambda: redirect(url_for(".imports")), failed_page=lambda state: imports(state, 400))


@bp.get("/scans/<int:scan_id>/<which>")
@requires("archive.keep")
def scan_file(scan_id: int, which: str) -> Response:
    from eoffice.files.download import file_response

    scan = get_or_not_found(ScanImport, scan_id, "bản quét")
    stored = {"original": scan.original, "ocr": scan.searchable}.get(which)
    if stored is None:
        abort(404)
    return file_response(stored)
