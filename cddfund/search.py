"""The header's search box: one query over every kind of record an app lets it find
(``registry.finder``), inside the user's scope, best matches first.

The query travels in the URL, and so into access logs: a national ID must not. Up to
``ID_SUFFIX_DIGITS`` digits are read as the ending of an ID (for the roles that see IDs in full)
or a house number; a whole ID is looked up through the household list's POST form.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import CharField, Func, QuerySet
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Hit, registry

ID_SUFFIX_DIGITS = 4
HITS_PER_KIND = 10
SEARCH_LOOKS_LIKE_ID = _(
    'ค้นหาด้วยเลขประจำตัวประชาชนเต็ม 13 หลักที่หน้ารายการครัวเรือน ช่อง "ค้นหาด้วยเลขประจำตัวประชาชน" '
    "(ช่องค้นหานี้รับชื่อ บ้านเลขที่ หรือเลขประจำตัว 4 หลักท้าย)"
)


def not_an_id(value: str) -> None:
    """Refuse a value that may be (a long part of) a national ID: more than 4 digits."""
    digits = value.replace("-", "").replace(" ", "")
    if digits.isdigit() and len(digits) > ID_SUFFIX_DIGITS:
        raise forms.ValidationError(SEARCH_LOOKS_LIKE_ID, code="looks_like_id")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("ค้นหา"),
        min_length=2,
        max_length=100,
        strip=True,
        validators=[not_an_id],
        error_messages={
            "required": _("พิมพ์สิ่งที่ต้องการค้นหา"),
            "min_length": _("พิมพ์อย่างน้อย %(limit_value)d ตัวอักษร"),
            "max_length": _("พิมพ์ได้ไม่เกิน %(limit_value)d ตัวอักษร (พิมพ์มา %(show_value)d)"),
        },
    )


# Thai vowels and tone marks written above or below a consonant. PostgreSQL's trigrams take each
# for a break between words, so a Thai name gives a few short and very common trigrams (สุริยา:
# ส, ร, ยา), and a trigram index reads nearly every row. Without them the name gives trigrams
# of its consonants and letters (สรยา: สรย, รยา), as selective as a Latin name's.
THAI_MARKS = (
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"  # ั ิ ี ึ ื ุ ู ฺ
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"  # ็ ่ ้ ๊ ๋ ์ ํ ๎
)


class SearchKey(Func):
    """A name as its search key: upper case, without the Thai marks above and below the line
    (``THAI_MARKS``), for an index of its trigrams (``GinIndex(OpClass(SearchKey("name"),
    name="gin_trgm_ops"))``)."""

    template = f"TRANSLATE(UPPER(%(expressions)s), '{THAI_MARKS}', '')"
    output_field = CharField()


def search_key(text: str) -> str:
    """``SearchKey`` of ``text``, worked out here for the query's side."""
    return text.upper().translate({ord(mark): None for mark in THAI_MARKS})


def ranked_large(
    queryset: QuerySet, field: str, query: str, limit: int, *, keyed: bool = False
) -> list:
    """Up to ``limit`` rows of ``queryset`` whose ``field`` holds ``query`` (any case), best
    first: the whole name, then names that start with it, then (from three letters) any name
    that holds it. A table that grows with the country (a common first name is in tens of
    thousands of households) is never ranked whole: each step is read by an index of ``field``
    (``UPPER()`` with ``text_pattern_ops``, and with ``gin_trgm_ops``) in no particular order
    and cut at ``limit``. ``keyed``: the table also has an index of ``SearchKey(field)``'s
    trigrams, which the step "anywhere in the name" reads first."""
    if query.isdigit():
        return []  # a house number or an ID's ending, never a name (and no trigram to read)
    found: dict = {}
    # No other order than the index's: a sort would read every match before the first ten.
    steps = [
        queryset.filter(**{f"{field}__iexact": query}).order_by(),
        queryset.filter(**{f"{field}__istartswith": query}).order_by(),
    ]
    # Anywhere in the name from three letters: a trigram index has nothing to read in fewer.
    if len(query) >= 3:
        anywhere = queryset.filter(**{f"{field}__icontains": query})
        key = search_key(query)
        if keyed and len(key) >= 3:  # the key's trigrams find the few names to test
            anywhere = anywhere.alias(search_key=SearchKey(field)).filter(search_key__contains=key)
        steps.append(anywhere.order_by())
    for step in steps:
        if len(found) >= limit:
            break
        # Within a step, the shortest names first (a few rows, sorted here).
        for row in sorted(step[:limit], key=lambda r: (len(getattr(r, field)), getattr(r, field))):
            found.setdefault(row.pk, row)
    return list(found.values())[:limit]


@dataclass
class Found:
    label: str
    hits: list[Hit]
    more: bool


def search(user, query: str) -> list[Found]:
    """Each kind of record that matched, with up to ``HITS_PER_KIND`` hits."""
    found = []
    for finder in registry.finders:
        hits = list(finder.function(user, query, HITS_PER_KIND + 1))
        if hits:
            found.append(Found(finder.label, hits[:HITS_PER_KIND], len(hits) > HITS_PER_KIND))
    return found
