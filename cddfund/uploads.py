"""Uploaded documents: PDF, JPEG or PNG up to 10 MB, the type checked by the file's content.

The uploaded name says nothing: a file named ``minutes.html`` whose bytes start like a PDF is a
PDF. The stored name's extension and the type a file is served with both come from its content,
and every file is sent only through a view that checks the record's scope, with headers that
keep a browser from running it (``serve``).
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cddfund.access import read_view
from cddfund.scope import get_visible_or_404

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TOO_LARGE = _("ไฟล์ใหญ่เกิน 10 MB (ไฟล์นี้ %(size)s MB)")
UPLOAD_WRONG_TYPE = _("รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ไฟล์นี้ไม่ใช่ทั้งสามแบบ)")
UPLOAD_EMPTY = _("ไฟล์ว่างเปล่า")

# A user's file never runs as a page of this site, even if a browser were to render it as one.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Kind:
    signature: bytes
    extension: str
    content_type: str
    inline: bool  # images open in the browser; a PDF downloads (browsers' viewers refuse a
    # sandboxed PDF, and the sandbox is not negotiable)


KINDS = (
    Kind(b"%PDF-", ".pdf", "application/pdf", inline=False),
    Kind(b"\xff\xd8\xff", ".jpg", "image/jpeg", inline=True),
    Kind(b"\x89PNG\r\n\x1a\n", ".png", "image/png", inline=True),
)


def detect(head: bytes) -> Kind | None:
    """The accepted kind that these leading bytes start, or None."""
    return next((kind for kind in KINDS if head.startswith(kind.signature)), None)


def _head(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    return head


def validate_document(upload) -> None:
    if upload.size == 0:
        raise ValidationError(UPLOAD_EMPTY, code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            UPLOAD_TOO_LARGE, code="too_large", params={"size": f"{upload.size / 1048576:.1f}"}
        )
    if detect(_head(upload)) is None:
        raise ValidationError(UPLOAD_WRONG_TYPE, code="wrong_type")


def document_path(instance, filename: str) -> str:
    """A random name (the officer's file name may hold personal data) with the extension of
    the content (``DocumentField`` passes it in ``filename``)."""
    kind = next((k for k in KINDS if filename.endswith(k.extension)), None)
    folder = instance._meta.label_lower.replace(".", "/")
    return f"documents/{folder}/{uuid.uuid4().hex}{kind.extension if kind else ''}"


class DocumentField(models.FileField):
    """A FileField for PDF, JPEG or PNG documents, stored under a name its content chooses."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", document_path)
        kwargs.setdefault("validators", [validate_document])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        stored = getattr(model_instance, self.attname)
        if stored and not stored._committed:
            kind = detect(_head(stored.file))
            if kind is None:  # the validator runs in full_clean; this is the guarantee
                raise ValidationError(UPLOAD_WRONG_TYPE, code="wrong_type")
            stored.save(f"document{kind.extension}", stored.file, save=False)
        return stored


def serve(stored) -> FileResponse:
    """Send a stored document with the type of its content, never of its name: a PDF as a
    download, an image inline; anything else (a file stored before names were chosen by
    content) as opaque bytes to download. The browser may not sniff, frame or run it."""
    handle = stored.open("rb")
    kind = detect(_head(handle))
    stem = stored.name.rsplit("/", 1)[-1].split(".", 1)[0]
    if kind is None:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{stem}.bin",
            content_type="application/octet-stream",
        )
    else:
        response = FileResponse(
            handle,
            as_attachment=not kind.inline,
            filename=f"{stem}{kind.extension}",
            content_type=kind.content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def document_view(model, field: str):
    """A view that sends the document in ``field`` of a record to whoever may see the record."""

    @require_GET
    @read_view(model)
    def view(request, pk):
        record = get_visible_or_404(model.objects, request.user, pk=pk)
        stored = getattr(record, field)
        if not stored:
            raise Http404
        return serve(stored)

    return view
