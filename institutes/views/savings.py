"""Savings groups toward the SMART Saving Group standard: the levels a district enters, the
level-3 groups of the area and their selection for the programme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cddfund import closing, pages
from cddfund.access import edit_view, post_only, read_view, roles_view
from cddfund.models import District, Province
from cddfund.scope import Role, can_edit, get_visible_or_404, scope_of
from cddfund.uploads import document_view
from institutes import forms
from institutes.models import (
    FORUM_PARTICIPANTS,
    FORUM_STEPS,
    ForumPhoto,
    Level,
    SsgForum,
    SsgSelection,
    VillageGroup,
)
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
    unreported = request.GET.get("unreported") == "1"
    page = None
    # Central office reads one province at a time: the country's list, sorted by area, would
    # be sorted anew on every page as the country grows.
    if province is not None or not scope.is_country:
        page = selectors.level_three_page(
            request.user,
            year,
            request.GET.get("page"),
            province=province,
            district=district,
            lead_only=lead_only,
            unreported=unreported,
        )
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
            "unreported": unreported,
            "counts": selectors.selection_counts(request.user, year),
            "can_select": request.user.role in savings.SELECTING_ROLES,
            "can_enter": request.user.role == Role.DISTRICT,
            "back": request.get_full_path(),
            "crumbs": [(_("กลุ่มออมทรัพย์ฯ สู่มาตรฐาน SMART Saving Group"), None)],
        },
    )


# A page of the levels form: what an officer checks and saves at once, on a phone too.
LEVELS_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
@edit_view()
def savings_levels(request):
    """The district's savings groups and their development level in a fiscal year, a page of
    them at a time (``?todo=1``: those without a level yet); a page is saved together or not at
    all, each refusal shown on its group's row."""
    year = fiscal_year_of(request)
    todo = request.GET.get("todo") == "1"
    page = Paginator(selectors.with_levels(request.user, year, todo=todo), LEVELS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    groups = list(page.object_list)
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
            # The same page again; with ?todo=1 the groups just saved have left it.
            return redirect(request.get_full_path())
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
            "page": page,
            "todo": todo,
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


@require_http_methods(["GET", "POST"])
@read_view(SsgSelection)
def forum_page(request, pk):
    """The forum held with a selected group: its record (a form for the district officer), its
    photos, and whether the report to the province is late."""
    selection = get_visible_or_404(
        SsgSelection.objects.select_related("group__village", "district"), request.user, pk=pk
    )
    forum = SsgForum.objects.filter(selection=selection).first()
    editable = can_edit(request.user, selection)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = forms.SsgForumForm(request.POST or None, instance=forum) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            savings.forum_save(
                by=request.user,
                selection=selection,
                held_on=data["held_on"],
                participants=data["participants"],
                participant_names=data["participant_names"],
                reported_on=data["reported_on"],
                steps={field: data[field] for field, _label in FORUM_STEPS},
            )
        except ValidationError as exc:
            pages.show_errors(form, closing.refused(exc))
        else:
            messages.success(request, _("บันทึกเวทีแล้ว"))
            return redirect(reverse("ssg_forum", args=[selection.pk]))
    start, end = savings.third_quarter(selection.fiscal_year)
    return render(
        request,
        "institutes/ssg_forum.html",
        {
            "selection": selection,
            "forum": forum,
            "form": form,
            "photo_form": forms.ForumPhotoForm() if editable and forum else None,
            "photos": forum.photos.all() if forum else [],
            "quarter": (start, end),
            "outside_quarter": bool(forum and not start <= forum.held_on <= end),
            "late": bool(forum and savings.report_late(forum)),
            "due": savings.report_due(forum) if forum else None,
            "steps": [(label, getattr(forum, f)) for f, label in FORUM_STEPS] if forum else [],
            "names": forum.participant_names.splitlines() if forum else [],
            "target": FORUM_PARTICIPANTS,
            "crumbs": [
                (
                    _("กลุ่มออมทรัพย์ฯ สู่มาตรฐาน SMART Saving Group"),
                    _list_url(selection.fiscal_year),
                ),
                (selection.group.name, None),
            ],
        },
    )


@post_only
@edit_view(SsgSelection)
def forum_photo_add(request, pk):
    selection = get_visible_or_404(SsgSelection.objects, request.user, pk=pk)
    forum = SsgForum.objects.filter(selection=selection).first()
    form = forms.ForumPhotoForm(request.POST, request.FILES)
    if forum is None:
        messages.error(request, _("บันทึกเวทีก่อนจึงเพิ่มรูปภาพได้"))
    elif not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            savings.photo_add(
                by=request.user,
                forum=forum,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("เพิ่มรูปภาพแล้ว"))
    return redirect(reverse("ssg_forum", args=[selection.pk]))


@require_http_methods(["GET", "POST"])
@edit_view(ForumPhoto)
def forum_photo_delete(request, pk):
    photo = get_visible_or_404(ForumPhoto.objects.select_related("forum"), request.user, pk=pk)
    back = reverse("ssg_forum", args=[photo.forum.selection_id])
    return pages.confirm_delete(
        request,
        record=photo,
        delete=lambda: savings.photo_delete(by=request.user, photo=photo),
        done=_("ลบรูปภาพแล้ว"),
        back=back,
    )


forum_photo = document_view(ForumPhoto, "image")
