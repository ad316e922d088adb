"""Savings groups toward the SMART Saving Group standard: the levels a district enters, the
level-3 groups of the area and their selection for the programme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cddfund.access import edit_view, post_only, read_view, roles_view
from cddfund.models import District, Province
from cddfund.scope import Role, get_visible_or_404, scope_of
from institutes.models import Level, VillageGroup
from institutes.selectors import savings as selectors
from institutes.services import savings
from institutes.views import fiscal_year_of


def _list_url(fiscal_year: int, **params) -> str:
    query = {"fy": fiscal_year, **{k: v for k, v in params.items() if v}}
    return f"{reverse('savings_groups')}?{urlencode(query)}"


@require_GET
@read_view()
def savings_groups(request):
    """The level-3 savings groups of the user's area in a fiscal year, those that lead a centre
    first, with their selection for the programme."""
    year = fiscal_year_of(request)
    scope = scope_of(request.user)
    provinces = province = districts = district = None
    if scope.is_country:
        provinces = Province.objects.order_by("name_th")
        code = request.GET.get("province", "")
        province = provinces.filter(pk=code).first() if code.isdigit() else None
    if scope.district_id is None and (province or not scope.is_country):
        districts = District.objects.visible_to(request.user).order_by("name_th")
        if province:
            districts = districts.filter(province=province)
        code = request.GET.get("district", "")
        district = districts.filter(pk=code).first() if code.isdigit() else None
    lead_only = request.GET.get("lead") == "1"
    groups = selectors.level_three(
        request.user, year, province=province, district=district, lead_only=lead_only
    )
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "institutes/savings_groups.html",
        {
            "page": page,
            "fiscal_year": year,
            "years": range(year - 3, year + 2),
            "provinces": provinces,
            "province": province,
            "districts": districts,
            "district": district,
            "lead_only": lead_only,
            "counts": selectors.selection_counts(request.user, year),
            "can_select": request.user.role in savings.SELECTING_ROLES,
            "can_enter": request.user.role == Role.DISTRICT,
            "back": request.get_full_path(),
            "crumbs": [(_("กลุ่มออมทรัพย์ฯ สู่มาตรฐาน SMART Saving Group"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@edit_view()
def savings_levels(request):
    """The district's savings groups and their development level in a fiscal year, all on one
    form; saved together or not at all, each refusal shown on its group's row."""
    year = fiscal_year_of(request)
    groups = list(selectors.with_levels(request.user, year))
    errors: dict[int, str] = {}
    typed: dict[int, str] = {}
    if request.method == "POST":
        typed = {g.pk: request.POST.get(f"level_{g.pk}", "") for g in groups}
        changes = 0
        try:
            with transaction.atomic():
                for group in groups:
                    value = typed[group.pk]
                    if value == "" or (group.level is not None and str(group.level) == value):
                        continue
                    try:
                        level = int(value)
                        savings.level_set(
                            by=request.user, group=group, fiscal_year=year, level=level
                        )
                        changes += 1
                    except ValueError:
                        errors[group.pk] = str(savings.LEVEL_INVALID)
                    except ValidationError as exc:
                        errors[group.pk] = " ".join(exc.messages)
                if errors:
                    raise ValidationError("")
        except ValidationError:
            messages.error(request, _("ยังไม่ได้บันทึก: แก้ระดับของกลุ่มที่แจ้งไว้ก่อน"))
        else:
            messages.success(request, _("บันทึกระดับการพัฒนาแล้ว %(n)s กลุ่ม") % {"n": changes})
            return redirect(f"{reverse('savings_levels')}?fy={year}")
    rows = [
        {
            "group": g,
            "value": typed.get(g.pk, "" if g.level is None else str(g.level)),
            "error": errors.get(g.pk),
        }
        for g in groups
    ]
    return render(
        request,
        "institutes/savings_levels.html",
        {
            "rows": rows,
            "fiscal_year": year,
            "years": range(year - 3, year + 2),
            "levels": Level.choices,
            "crumbs": [
                (_("กลุ่มออมทรัพย์ฯ สู่มาตรฐาน SMART Saving Group"), _list_url(year)),
                (_("ระดับการพัฒนากลุ่มออมทรัพย์"), None),
            ],
        },
    )


@post_only
@roles_view(*savings.SELECTING_ROLES, model=VillageGroup)
def savings_select(request, pk):
    """Choose (``action=select``) or drop (``action=unselect``) a group for a fiscal year."""
    group = get_visible_or_404(VillageGroup.objects, request.user, pk=pk)
    year = fiscal_year_of(request) if "fy" in request.GET else _posted_year(request)
    action = savings.select if request.POST.get("action") == "select" else savings.unselect
    try:
        action(by=request.user, group=group, fiscal_year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = (
            _("คัดเลือก %(group)s เป็นกลุ่มเป้าหมายปีงบประมาณ %(year)s แล้ว")
            if action is savings.select
            else _("ยกเลิกการคัดเลือก %(group)s ปีงบประมาณ %(year)s แล้ว")
        )
        messages.success(request, done % {"group": group.name, "year": year})
    back = request.POST.get("back", "")
    return redirect(back if back.startswith(reverse("savings_groups")) else _list_url(year))


def _posted_year(request) -> int:
    try:
        year = int(request.POST.get("fy", ""))
    except ValueError:
        year = 0
    return year if 2500 <= year <= 2700 else fiscal_year_of(request)
