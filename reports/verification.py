"""Verifiable printouts: every PDF and Excel file of a closed period carries a short code and a
QR code of its verification page (``/verify/<code>/``), and the system keeps the SHA-256 of the
file's bytes under that code. The page shows the period, who closed it, the snapshot's checksum
and the figures; a file dropped on it verifies only if not one byte has changed.
"""

import hashlib
import io
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse

# No 0/O, 1/I/L or U: a code read off paper is typed without doubt.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
GROUPS, GROUP_LENGTH = 3, 4  # 12 characters: about 59 bits, never guessed
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Stamp:
    code: str

    @classmethod
    def new(cls) -> "Stamp":
        groups = (
            "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
        )
        return cls("-".join(groups))

    @property
    def url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("verify_document", args=[self.code])

    def qr(self):
        return segno.make(self.url, error="m")

    @property
    def svg_data_uri(self) -> str:
        return self.qr().svg_data_uri(scale=4, border=1)

    def png(self) -> io.BytesIO:
        out = io.BytesIO()
        self.qr().save(out, kind="png", scale=3, border=1)
        out.seek(0)
        return out


def normalised(code: str) -> str:
    """A code as typed (any case, spaces, with or without dashes) in its printed form."""
    letters = "".join(c for c in (code or "").upper() if c in ALPHABET)
    if len(letters) != GROUPS * GROUP_LENGTH:
        return ""
    return "-".join(letters[i : i + GROUP_LENGTH] for i in range(0, len(letters), GROUP_LENGTH))


def digest_of(upload) -> str | None:
    """The SHA-256 of an uploaded file, read in chunks; None when it is larger than any file
    the system issues (its size is checked before anything is read)."""
    if upload.size > MAX_UPLOAD_BYTES:
        return None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
