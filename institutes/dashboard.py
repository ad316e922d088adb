import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.registry import Card, Hit, Work
from cddfund.scope import Role, can_edit
from cddfund.search import ranked_large
from cddfund.selectors import tallied_or
from institutes.models import REPORT_WITHIN_DAYS, Centre, SsgForum, VillageGroup
from institutes.selectors import centre_list


def centres_by_district(_year: int):
    return Centre.objects.order_by().values("district_id").annotate(n=Count("id"))


def cards(user) -> list[Card]:
    centres = tallied_or(user, "centres", Centre.objects.visible_to(user))
    found = [
        Card(
            f"{centres:,}",
            _("ศูนย์จัดการกองทุนชุมชนในพื้นที่"),
            reverse("centre_list"),
        )
    ]
    if can_edit(user):
        found.append(Card("+", _("เพิ่มศูนย์"), reverse("centre_create")))
    return found


def work(user) -> list[Work]:
    """The district officer's forums held and not yet reported to the province (within a week
    of the forum, seed 002 step 6; late after it)."""
    if user.role != Role.DISTRICT:
        return []
    today = timezone.localdate()
    year = thai.fiscal_year(today)
    since = today - datetime.timedelta(days=REPORT_WITHIN_DAYS)
    counts = (
        SsgForum.objects.visible_to(user)
        .filter(selection__fiscal_year=year, reported_on__isnull=True)
        .aggregate(late=Count("id", filter=Q(held_on__lt=since)), due=Count("id"))
    )
    url = f"{reverse('savings_groups')}?fy={year}&unreported=1"
    return [
        Work(
            counts["late"],
            _("เวทีกลุ่มออมทรัพย์ฯ ที่เลยกำหนดรายงานจังหวัด (%(days)s วันหลังจัดเวที)")
            % {"days": REPORT_WITHIN_DAYS},
            url,
            late=True,
        ),
        Work(
            counts["due"] - counts["late"],
            _("เวทีกลุ่มออมทรัพย์ฯ ที่ต้องรายงานจังหวัดภายในสัปดาห์นี้"),
            url,
        ),
    ]


def find_centres(user, query: str, limit: int) -> list[Hit]:
    """Centres of the user's area by name (the header's search box)."""
    found = ranked_large(centre_list(user), "name", query, limit, keyed=True)
    return [
        Hit(
            c.name,
            f"{c.village} อ.{c.district.name_th} จ.{c.province.name_th}",
            c.get_absolute_url(),
        )
        for c in found
    ]


def find_groups(user, query: str, limit: int) -> list[Hit]:
    """Groups of the user's area by name, each linking to its village's centre (or village)."""
    centre = Centre.objects.filter(village=OuterRef("village")).order_by("pk").values("pk")[:1]
    found = ranked_large(
        VillageGroup.objects.visible_to(user)
        .select_related("village", "district")
        .annotate(centre_id=Subquery(centre)),
        "name",
        query,
        limit,
        keyed=True,
    )
    return [
        Hit(
            g.name,
            f"{g.get_group_type_display()} · {g.village} อ.{g.district.name_th}",
            reverse("centre_groups", args=[g.centre_id])
            if g.centre_id
            else g.village.get_absolute_url(),
        )
        for g in found
    ]
