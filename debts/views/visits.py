"""Pages of the follow-up visits and focus groups at a centre: the centre's list, the visit's
form, and its page with the actions agreed, the earlier actions it follows up and its photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cddfund import closing, pages
from cddfund.access import edit_view, post_only, read_view
from cddfund.scope import can_edit, get_visible_or_404
from cddfund.uploads import document_view
from debts import forms, selectors
from debts.models import FollowUpVisit, VisitAction, VisitPhoto
from debts.selectors import visits as visit_selectors
from debts.services import visits
from institutes import selectors as centre_selectors
from institutes.models import Centre
from institutes.views import centre_page


@require_GET
@read_view(Centre)
def centre_visits(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_visits",
        "debts/centre_visits.html",
        visits=visit_selectors.centre_visits(centre),
    )


def _visit_form_page(request, centre, visit=None):
    form = forms.VisitForm(request.POST or None, instance=visit, centre=centre)
    return pages.form_page(
        request,
        form,
        save=lambda data: visits.visit_save(
            by=request.user,
            centre=centre,
            visit=visit,
            answers=form.answers(),
            **form.visit_fields(),
        ),
        go=lambda saved: reverse("visit_detail", args=[saved.pk]),
        done=_("บันทึกการติดตามแล้ว"),
        back=reverse("visit_detail", args=[visit.pk])
        if visit
        else reverse("centre_visits", args=[centre.pk]),
        back_label=centre.name,
        title=_("การติดตามสนับสนุนการบริหารจัดการหนี้"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def visit_create(request, pk):
    return _visit_form_page(request, centre_selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(FollowUpVisit)
def visit_edit(request, pk):
    visit = selectors.get_record_for_edit(FollowUpVisit, request.user, pk)
    return _visit_form_page(request, visit.centre, visit)


def _visit(request, pk) -> FollowUpVisit:
    return get_visible_or_404(
        FollowUpVisit.objects.select_related("centre", "model_household", "recorded_by"),
        request.user,
        pk=pk,
    )


@require_GET
@read_view(FollowUpVisit)
def visit_detail(request, pk):
    visit = _visit(request, pk)
    editable = can_edit(request.user, visit)
    return render(
        request,
        "debts/visit_detail.html",
        {
            "visit": visit,
            "editable": editable,
            "actions": visit.actions.select_related("checked_at"),
            "earlier": [
                (a, forms.ActionCheckForm(prefix=f"a{a.pk}") if editable else None)
                for a in visit_selectors.open_actions(visit)
            ],
            "photos": visit.photos.all(),
            "action_form": forms.VisitActionForm() if editable else None,
            "photo_form": forms.VisitPhotoForm() if editable else None,
            "crumbs": [
                (visit.centre.name, reverse("centre_visits", args=[visit.centre_id])),
                (str(visit.get_kind_display()), None),
            ],
        },
    )


def _refusal(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(closing.refused(exc).messages))


def _form_refusal(request, form) -> None:
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))


@post_only
@edit_view(FollowUpVisit)
def action_add(request, pk):
    visit = selectors.get_record_for_edit(FollowUpVisit, request.user, pk)
    form = forms.VisitActionForm(request.POST)
    if not form.is_valid():
        _form_refusal(request, form)
    else:
        try:
            visits.action_add(by=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(request, _("เพิ่มข้อตกลงแล้ว"))
    return redirect("visit_detail", visit.pk)


@post_only
@edit_view(VisitAction)
def action_check(request, pk):
    """The visit named in ``at`` follows up an action agreed at an earlier one."""
    action = selectors.get_record_for_edit(VisitAction, request.user, pk)
    given = request.POST.get("at", "")
    if not given.isdigit():  # the page always names the visit; anything else is refused
        messages.error(request, _("ไม่พบการติดตามที่บันทึกผลข้อตกลงนี้"))
        return redirect("visit_detail", action.visit_id)
    at = get_visible_or_404(FollowUpVisit.objects, request.user, pk=int(given))
    form = forms.ActionCheckForm(request.POST, prefix=f"a{action.pk}")
    if not form.is_valid():
        _form_refusal(request, form)
    else:
        try:
            visits.action_check(by=request.user, action=action, at=at, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(request, _("บันทึกผลการติดตามข้อตกลงแล้ว"))
    return redirect("visit_detail", at.pk)


@post_only
@edit_view(FollowUpVisit)
def visit_photo_add(request, pk):
    visit = selectors.get_record_for_edit(FollowUpVisit, request.user, pk)
    form = forms.VisitPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_refusal(request, form)
    else:
        try:
            visits.photo_add(
                by=request.user,
                visit=visit,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                keep_location=form.cleaned_data["keep_location"],
            )
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(request, _("เพิ่มรูปภาพแล้ว"))
    return redirect("visit_detail", visit.pk)


@require_http_methods(["GET", "POST"])
@edit_view(VisitPhoto)
def visit_photo_delete(request, pk):
    photo = selectors.get_record_for_edit(VisitPhoto, request.user, pk)
    return pages.confirm_delete(
        request,
        record=photo,
        delete=lambda: visits.photo_delete(by=request.user, photo=photo),
        done=_("ลบรูปภาพแล้ว"),
        back=reverse("visit_detail", args=[photo.visit_id]),
    )


visit_photo = document_view(VisitPhoto, "image")
