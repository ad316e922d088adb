"""Photos users upload (a forum's or a visit's pictures for the BPM report): JPEG or PNG by
content, checked for size before they are read and for pixels before they are decoded, turned
upright, shrunk to at most ``LONGEST_SIDE`` pixels and stored again as a plain JPEG (nothing of
the original file, its metadata included, is kept; only where the officer asks, the place it was
taken: the GPS block of its EXIF)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cddfund.scope import AreaScoped
from cddfund.uploads import MAX_UPLOAD_BYTES, UPLOAD_EMPTY, UPLOAD_TOO_LARGE, DocumentField

LONGEST_SIDE = 1600
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is refused before it is decoded
NOT_A_PHOTO = _("รับเฉพาะรูปภาพ JPEG หรือ PNG")
TOO_MANY_PIXELS = _("รูปภาพใหญ่เกินไป (%(pixels)s ล้านพิกเซล รับได้ไม่เกิน 40 ล้านพิกเซล)")


GPS_IFD = 0x8825


def photo_from_upload(upload, *, keep_location: bool = False) -> ContentFile:
    """The uploaded photo as a JPEG of at most ``LONGEST_SIDE`` pixels, or a Thai refusal;
    ``keep_location``: with the GPS position it carried, and nothing else of its EXIF."""
    if upload.size == 0:
        raise ValidationError(UPLOAD_EMPTY)
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(UPLOAD_TOO_LARGE, params={"size": f"{upload.size / 1048576:.1f}"})
    upload.seek(0)
    try:
        image = Image.open(upload)  # reads the header only
        if image.format not in ("JPEG", "PNG"):
            raise ValidationError(NOT_A_PHOTO)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ValidationError(
                TOO_MANY_PIXELS, params={"pixels": f"{width * height / 1_000_000:.0f}"}
            )
        location = Image.Exif()
        if keep_location and (gps := image.getexif().get_ifd(GPS_IFD)):
            location[GPS_IFD] = dict(gps)
        image = ImageOps.exif_transpose(image)
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(NOT_A_PHOTO) from exc
    out = io.BytesIO()
    kept = {"exif": location.tobytes()} if len(location) else {}
    image.save(out, "JPEG", quality=85, optimize=True, **kept)
    return ContentFile(out.getvalue(), name="photo.jpg")


class PhotoRecord(AreaScoped):
    """A photo kept with a record (a forum's, a visit's): written through ``attach``, served only
    through its record's scoped view."""

    image = DocumentField(_("รูปภาพ"))
    caption = models.CharField(_("คำอธิบายภาพ"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]


def attach(photo: PhotoRecord, upload, *, keep_location: bool = False) -> None:
    """``upload`` as ``photo``'s image (``photo_from_upload``), refused on its field."""
    try:
        photo.image = photo_from_upload(upload, keep_location=keep_location)
    except ValidationError as exc:
        raise ValidationError({"image": exc}) from exc
