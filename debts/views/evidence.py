"""The evidence file of the KPI for a period (seed 004): a centre's checklist, and every centre
of the reader's area at a glance with the files to download."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cddfund.access import read_view
from cddfund.models import Province
from cddfund.periods import Period
from cddfund.routers import replica_reads
from cddfund.scope import scope_of
from debts.selectors import evidence
from institutes import selectors as centre_selectors
from institutes.models import Centre
from institutes.views import centre_page


@require_GET
@read_view(Centre)
def centre_evidence(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    period = Period.from_query(request.GET)
    return centre_page(
        request,
        centre,
        "centre_evidence",
        "debts/centre_evidence.html",
        period=period,
        file=evidence.centre_file(centre, period),
    )


# A page of centres is counted at a time: a province has up to about 120 centres, and each more
# is another count of its households as of the period's last day.
CENTRES_PER_PAGE = 25


@require_GET
@read_view()
def evidence_summary(request):
    """The evidence of every centre in the area (one province at a time for central office):
    how many of the 11 items each has complete and how much is missing."""
    period = Period.from_query(request.GET)
    provinces = province = None
    if scope_of(request.user).is_country:
        provinces = Province.objects.order_by("name_th")
        code = request.GET.get("province", "")
        province = provinces.filter(pk=code).first() if code.isdigit() else None
    page, files = None, []
    if province is not None or not scope_of(request.user).is_country:
        with replica_reads():
            centres = evidence.area_centres(request.user, province)
            page = Paginator(centres, CENTRES_PER_PAGE).get_page(request.GET.get("page"))
            files = evidence.area_summary(request.user, period, page.object_list)
    return render(
        request,
        "debts/evidence_summary.html",
        {
            "period": period,
            "provinces": provinces,
            "province": province or getattr(request.user, "province", None),
            "files": files,
            "page": page,
            "items": evidence.ITEMS,
            "crumbs": [(_("หลักฐานตัวชี้วัดการบริหารจัดการหนี้"), None)],
        },
    )
