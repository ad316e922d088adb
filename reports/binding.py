"""PDF documents bound into one as they come, written object by object: a province's registers
or KPI evidence file, centre by centre (``render.bind``), in memory that does not grow with the
pages (8 bytes an object and 8 a page, for the cross-reference table and the page tree written
last).

qpdf (pikepdf) reads each part; its objects are numbered anew and written out at once, so
nothing of a part stays after it is written. Binding the parts with qpdf instead kept every
page's objects until the file was saved: about 45 KB a page, 482 MiB for a province of 6,596
pages (BENCHMARKS.md). The parts are the app's own documents (WeasyPrint): what they hold that a
bound file keeps is their pages and what the pages use; each part's outline and named
destinations are left out, as a bound file of qpdf left them.
"""

from array import array
from decimal import Decimal

import pikepdf
from pikepdf import Name, ObjectType

# What a page may take from the page tree above it (PDF 32000-1, 7.7.3.4).
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
PAGE_TREE = 1  # its object number; written last, once every page is known
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


class Binder:
    """A PDF written to ``out`` (a binary file) part by part: ``add`` each part in order, then
    ``close``, which writes the page tree, the catalog and the cross-reference table."""

    def __init__(self, out):
        self.out, self.at = out, 0
        self.offsets = array("Q", [0, 0])  # by object number; 0 is the free list's head
        self.kids = array("Q")
        self.lang = None
        self._write(HEADER)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.at += len(data)

    def _object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.at
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _number(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def add(self, part: pikepdf.Pdf) -> int:
        """Write every page of ``part`` and what its pages use; returns its number of pages."""
        numbers: dict[tuple[int, int], int] = {}
        waiting: list[pikepdf.Object] = []

        def ref(obj: pikepdf.Object) -> bytes:
            key = obj.objgen
            if key not in numbers:
                numbers[key] = self._number()
                waiting.append(obj)
            return b"%d 0 R" % numbers[key]

        def value(obj) -> bytes:
            if isinstance(obj, pikepdf.Object) and obj.is_indirect:
                return ref(obj)
            return _direct(obj, value)

        pages = [page.obj for page in part.pages]
        for page in pages:
            ref(page)
            self.kids.append(numbers[page.objgen])
        if self.lang is None and "/Lang" in part.Root:
            self.lang = part.Root.Lang.unparse(resolved=True)
        page_keys = {page.objgen for page in pages}
        while waiting:
            obj = waiting.pop()
            number = numbers[obj.objgen]
            if obj.objgen in page_keys:
                self._object(number, _page(obj, value))
            elif obj._type_code == ObjectType.stream:
                raw = obj.read_raw_bytes()  # still compressed, as the part has it
                head = _dictionary(obj.stream_dict.items(), value, skip="/Length", extra=[
                    b"/Length %d" % len(raw)
                ])  # fmt: skip
                self._object(number, head + b"\nstream\n" + raw + b"\nendstream")
            else:
                self._object(number, _direct(obj, value))
        return len(pages)

    def close(self) -> int:
        """Write the page tree, the catalog and the cross-reference table; returns the number
        of pages."""
        kids = b" ".join(b"%d 0 R" % kid for kid in self.kids)
        self._object(PAGE_TREE, b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(self.kids), kids))
        catalog = self._number()
        lang = b"/Lang " + self.lang if self.lang else b""
        self._object(catalog, b"<</Type/Catalog/Pages %d 0 R%s>>" % (PAGE_TREE, lang))
        xref = self.at
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for start in range(1, len(self.offsets), 4096):
            chunk = self.offsets[start : start + 4096]
            self._write(b"".join(b"%010d 00000 n \n" % offset for offset in chunk))
        self._write(
            b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.offsets), catalog, xref)
        )
        return len(self.kids)


def _dictionary(items, value, skip: str = "", extra=()) -> bytes:
    body = b"".join(Name(key).unparse() + b" " + value(v) for key, v in items if key != skip)
    return b"<<" + body + b"".join(extra) + b">>"


def _page(page: pikepdf.Object, value) -> bytes:
    """A page under the bound file's page tree, with what it took from its part's tree."""
    extra, have = [b"/Parent %d 0 R" % PAGE_TREE], set(page.keys())
    node = page.get("/Parent")
    while node is not None:
        for key in INHERITED:
            if key not in have and key in node:
                extra.append(Name(key).unparse() + b" " + value(node[key]))
                have.add(key)
        node = node.get("/Parent")
    return _dictionary(page.items(), value, skip="/Parent", extra=extra)


def _direct(obj, value) -> bytes:
    """An object written in place; what it refers to goes through ``value``."""
    if isinstance(obj, bool):
        return b"true" if obj else b"false"
    if isinstance(obj, int):
        return b"%d" % obj
    if isinstance(obj, Decimal | float):
        return format(Decimal(obj), "f").encode()
    if obj is None:
        return b"null"
    kind = obj._type_code
    if kind == ObjectType.array:
        return b"[" + b" ".join(value(item) for item in obj) + b"]"
    if kind == ObjectType.dictionary:
        return _dictionary(obj.items(), value)
    return obj.unparse()  # a name, a string, a number, a boolean or null
