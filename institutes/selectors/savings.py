"""The savings groups of the SMART Saving Group programme, in the user's area."""

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber

from institutes.models import (
    SSG_TARGET_PER_PROVINCE,
    Centre,
    ForumPhoto,
    GroupLevel,
    GroupType,
    Level,
    SsgForum,
    SsgSelection,
    VillageGroup,
)

# The level-3 groups on a page of the list.
LEVEL_THREE_PER_PAGE = 25


def _led_centre():
    """The centre a group (the outer query's row) leads, if any."""
    return Centre.objects.filter(lead_group=OuterRef("pk"))


def savings_groups(user) -> QuerySet[VillageGroup]:
    return VillageGroup.objects.visible_to(user).filter(group_type=GroupType.SAVINGS)


def with_levels(user, fiscal_year: int, *, todo: bool = False) -> QuerySet[VillageGroup]:
    """The savings groups of the user's area with their level in ``fiscal_year`` (or None) and
    their level the year before (to copy from), in the order of their villages; ``todo``: only
    those without a level in ``fiscal_year`` yet."""
    level_in = GroupLevel.objects.filter(group=OuterRef("pk"))
    groups = (
        savings_groups(user)
        .select_related("village", "district")
        .annotate(
            level=Subquery(level_in.filter(fiscal_year=fiscal_year).values("level")[:1]),
            previous=Subquery(level_in.filter(fiscal_year=fiscal_year - 1).values("level")[:1]),
        )
        .order_by("district__name_th", "village__subdistrict_id", "village__moo", "name", "pk")
    )
    if todo:
        groups = groups.exclude(Exists(level_in.filter(fiscal_year=fiscal_year)))
    return groups


def level_three(
    user, fiscal_year: int, *, province=None, district=None, lead_only=False, unreported=False
) -> QuerySet[VillageGroup]:
    """The level-3 savings groups of ``fiscal_year`` in their order: those that lead a centre
    first (the seed's first condition), then by area and name. The levels are read first, by
    the area's index of the year's levels (``institutes_level_year`` and
    ``institutes_level_year_province``): the country's level-3 groups are never all read for one
    province's page. Only what the order needs is read here; ``level_three_page`` reads a page
    of them in full."""
    levels = GroupLevel.objects.visible_to(user).filter(fiscal_year=fiscal_year, level=Level.THREE)
    if province is not None:
        levels = levels.filter(province=province)
    if district is not None:
        levels = levels.filter(district=district)
    groups = savings_groups(user).filter(pk__in=levels.values("group_id"))
    if province is not None:
        groups = groups.filter(province=province)
    if district is not None:
        groups = groups.filter(district=district)
    leads = Exists(_led_centre())
    if lead_only:
        groups = groups.filter(leads)
    if unreported:  # a forum held and not yet reported to the province
        groups = groups.filter(
            Exists(
                SsgForum.objects.filter(
                    selection__group=OuterRef("pk"),
                    selection__fiscal_year=fiscal_year,
                    reported_on__isnull=True,
                )
            )
        )
    return groups.annotate(leads=leads).order_by(
        "-leads", "province__name_th", "district__name_th", "village__subdistrict_id", "name", "pk"
    )


def level_three_page(user, fiscal_year: int, number, **filters) -> Page:
    """Page ``number`` of ``level_three`` (25 groups), each with the centre it leads and its
    selection for the year. The area's level-3 groups are sorted by their ids and sort keys
    alone, and only the page's 25 are read in full: a province's 1,433 groups at ten times the
    country had each been joined to its selection, its forum and who chose it before the sort."""
    order = level_three(user, fiscal_year, **filters)
    page = Paginator(order.values_list("pk", flat=True), LEVEL_THREE_PER_PAGE).get_page(number)
    ids = list(page.object_list)
    found = (
        savings_groups(user)
        .filter(pk__in=ids)
        .annotate(
            chosen=FilteredRelation(
                "ssg_selections", condition=Q(ssg_selections__fiscal_year=fiscal_year)
            ),
            leads=Exists(_led_centre()),
            centre_name=Subquery(_led_centre().values("name")[:1]),
            selected_at=F("chosen__selected_at"),
            selection_id=F("chosen__id"),
            # Looked up for each row (its unique index), not joined: joined, a low guess of the
            # rows had PostgreSQL read every forum of the country once per group.
            forum_held_on=Subquery(
                SsgForum.objects.filter(selection=OuterRef("chosen__id")).values("held_on")[:1]
            ),
            selected_by_first=F("chosen__selected_by__first_name"),
            selected_by_last=F("chosen__selected_by__last_name"),
            selected_by_username=F("chosen__selected_by__username"),
        )
        .select_related("village", "district", "province")
    )
    by_id = {group.pk: group for group in found}
    page.object_list = [by_id[pk] for pk in ids]
    return page


def selection_counts(user, fiscal_year: int) -> list[dict]:
    """Per province of the user's area: the groups chosen for ``fiscal_year`` and the target."""
    rows = (
        SsgSelection.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year)
        .values("province_id", "province__name_th")
        .annotate(selected=Count("id"))
        .order_by("province__name_th")
    )
    return [{**row, "target": SSG_TARGET_PER_PROVINCE} for row in rows]


def forum_photos(forum_ids, per_forum: int) -> dict[int, list[ForumPhoto]]:
    """The first ``per_forum`` photos of each forum, by forum id, in one query."""
    found: dict[int, list[ForumPhoto]] = {}
    photos = (
        ForumPhoto.objects.filter(forum_id__in=list(forum_ids))
        .annotate(n=Window(RowNumber(), partition_by=F("forum_id"), order_by=["uploaded_at", "id"]))
        .filter(n__lte=per_forum)
        .order_by("forum_id", "n")
    )
    for photo in photos:
        found.setdefault(photo.forum_id, []).append(photo)
    return found
