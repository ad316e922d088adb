"""Uploaded documents: PDF, JPEG or PNG up to 10 MB, the type checked by the file's content."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TOO_LARGE = _("ไฟล์ใหญ่เกิน 10 MB (ไฟล์นี้ %(size)s MB)")
UPLOAD_WRONG_TYPE = _("รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ไฟล์นี้ไม่ใช่ทั้งสามแบบ)")
UPLOAD_EMPTY = _("ไฟล์ว่างเปล่า")

# Leading bytes of each accepted type, and the extension the stored file gets.
SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
]


def detect_type(head: bytes) -> str | None:
    for signature, extension in SIGNATURES:
        if head.startswith(signature):
            return extension
    return None


def validate_document(upload) -> None:
    if upload.size == 0:
        raise ValidationError(UPLOAD_EMPTY, code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            UPLOAD_TOO_LARGE, code="too_large", params={"size": f"{upload.size / 1048576:.1f}"}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if detect_type(head) is None:
        raise ValidationError(UPLOAD_WRONG_TYPE, code="wrong_type")


def document_path(instance, filename: str) -> str:
    """Stored under a random name (the officer's file name may hold personal data)."""
    suffix = PurePath(filename).suffix.lower()[:5]
    folder = instance._meta.label_lower.replace(".", "/")
    return f"documents/{folder}/{uuid.uuid4().hex}{suffix}"
