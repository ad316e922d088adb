"""Pages of the shared records: home, villages, dependent area pickers, staff accounts."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from cddfund import notifications, pages, regions, selectors, services
from cddfund import search as finder
from cddfund.access import edit_view, post_only, public_view, read_view, roles_view
from cddfund.audit import history_for
from cddfund.dashboard import all_cards, work_list
from cddfund.filters import VillageFilter
from cddfund.forms import NotificationSettingsForm, RegionsUploadForm, StaffForm, VillageForm
from cddfund.models import Notification, User, Village
from cddfund.navigation import area_crumbs
from cddfund.scope import Role, can_edit
from cddfund.search import SearchForm
from cddfund.tables import StaffTable, VillageTable

PER_PAGE = 25


@require_GET
@read_view()
def home(request):
    return render(
        request,
        "cddfund/home.html",
        {"cards": all_cards(request.user), "work": work_list(request.user)},
    )


@require_http_methods(["GET", "POST"])
@read_view()
def search(request):
    """The header's search box: centres, villages, groups and households in the user's area.
    The box posts, and only a query that is not an ID goes on into the address (``?q=``): a
    national ID typed there never reaches a URL or an access log."""
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            return redirect(f"{reverse('search')}?{urlencode({'q': form.cleaned_data['q']})}")
    else:
        form = SearchForm(request.GET or None)
    found = finder.search(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "cddfund/search.html",
        {"form": form, "found": found, "crumbs": [(_("ค้นหา"), None)]},
    )


@require_GET
@read_view()
def inbox(request):
    page = Paginator(notifications.inbox(request.user), PER_PAGE).get_page(request.GET.get("page"))
    notifications.recount(request.user)
    return render(
        request,
        "cddfund/inbox.html",
        {"page": page, "crumbs": [(_("การแจ้งเตือน"), None)]},
    )


@post_only
@read_view(Notification)
def inbox_open(request, pk):
    """Open a notification: marked read, then its record (a path of this site)."""
    found = notifications.open_notification(request.user, pk)
    return redirect(found.url or reverse("inbox"))


@post_only
@read_view()
def inbox_read_all(request):
    marked = notifications.mark_read(request.user)
    messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(count)s รายการ") % {"count": marked})
    return redirect("inbox")


@require_http_methods(["GET", "POST"])
@read_view()
def inbox_settings(request):
    # Bound on every POST: an unticked box posts nothing at all.
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: notifications.email_preference_save(
            user=request.user, email_notifications=data["email_notifications"]
        ),
        go=lambda _saved: reverse("inbox"),
        done=_("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"),
        back=reverse("inbox"),
        title=_("การแจ้งเตือนทางอีเมล"),
    )


@require_GET
@read_view()
def village_list(request):
    filterset = VillageFilter(
        request.GET or None, queryset=selectors.village_list(request.user), user=request.user
    )
    table = VillageTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "cddfund/village_list.html",
        {
            "filter": filterset,
            "table": table,
            "can_edit": can_edit(request.user),
            "crumbs": [(_("หมู่บ้าน"), None)],
        },
    )


@require_GET
@read_view(Village)
def village_detail(request, pk):
    village = selectors.get_village_for_user(request.user, pk)
    return render(
        request,
        "cddfund/village_detail.html",
        {
            "village": village,
            "crumbs": [*area_crumbs(village), (str(village), None)],
            "history": history_for(village),
            "can_edit": can_edit(request.user, village),
        },
    )


@require_http_methods(["GET", "POST"])
@edit_view()
def village_create(request):
    form = VillageForm(request.POST or None, user=request.user)
    return pages.form_page(
        request,
        form,
        save=lambda data: services.village_create(by=request.user, **_village_fields(data)),
        go=lambda village: village.get_absolute_url(),
        done=_("บันทึกหมู่บ้านแล้ว"),
        back=reverse("village_list"),
        template="cddfund/village_form.html",
    )


def _village_fields(data: dict) -> dict:
    return {name: data[name] for name in ("subdistrict", "moo", "name")}


@require_http_methods(["GET", "POST"])
@edit_view(Village)
def village_edit(request, pk):
    village = selectors.get_village_for_edit(request.user, pk)
    initial = {
        "province": village.province_id,
        "district": village.district_id,
        "subdistrict": village.subdistrict_id,
        "moo": village.moo,
        "name": village.name,
    }
    form = VillageForm(request.POST or None, initial=initial, user=request.user)
    return pages.form_page(
        request,
        form,
        save=lambda data: services.village_update(
            by=request.user, village=village, **_village_fields(data)
        ),
        done=_("บันทึกการแก้ไขแล้ว"),
        back=village.get_absolute_url(),
        template="cddfund/village_form.html",
        village=village,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Village)
def village_delete(request, pk):
    village = selectors.get_village_for_edit(request.user, pk)
    return pages.confirm_delete(
        request,
        record=village,
        delete=lambda: services.village_delete(by=request.user, village=village),
        done=_("ลบหมู่บ้านแล้ว"),
        back=reverse("village_list"),
        cancel=village.get_absolute_url(),
    )


@require_GET
@read_view()
def area_options(request, level):
    """Options for a dependent picker: the children of ``?parent=`` inside the user's scope."""
    if level not in ("districts", "subdistricts", "villages"):
        return JsonResponse({"error": "unknown level"}, status=404)
    parent = request.GET.get("parent", "")
    options = [
        {"value": area.pk, "label": str(area)}
        for area in selectors.area_children(request.user, level, parent)
    ]
    return JsonResponse({"options": options})


@require_GET
@roles_view(Role.CENTRAL, Role.ADMIN)
def staff_list(request):
    search = request.GET.get("q", "").strip()
    table = StaffTable(selectors.staff_list(request.user, search=search), user=request.user)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "cddfund/staff_list.html", {"table": table, "search": search})


def _staff_fields(data):
    return {
        key: data[key]
        for key in (
            "first_name",
            "last_name",
            "email",
            "position",
            "role",
            "province",
            "district",
            "is_active",
            "password",
        )
    }


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@roles_view(Role.CENTRAL, Role.ADMIN)
def staff_create(request):
    form = StaffForm(request.POST or None, user=request.user)
    return pages.form_page(
        request,
        form,
        save=lambda data: services.staff_create(
            by=request.user, username=data["username"], **_staff_fields(data)
        ),
        done=_("สร้างบัญชีเจ้าหน้าที่แล้ว"),
        back=reverse("staff_list"),
        template="cddfund/staff_form.html",
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@roles_view(Role.CENTRAL, Role.ADMIN, model=User)
def staff_edit(request, pk):
    staff = selectors.get_staff_for_edit(request.user, pk)
    initial = {
        "username": staff.username,
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "email": staff.email,
        "position": staff.position,
        "role": staff.role,
        "province": staff.province_id,
        "district": staff.district_id,
        "is_active": staff.is_active,
    }
    form = StaffForm(request.POST or None, initial=initial, instance=staff, user=request.user)
    return pages.form_page(
        request,
        form,
        save=lambda data: services.staff_update(by=request.user, user=staff, **_staff_fields(data)),
        done=_("บันทึกบัญชีเจ้าหน้าที่แล้ว"),
        back=reverse("staff_list"),
        template="cddfund/staff_form.html",
        staff=staff,
        history=history_for(staff),
    )


@require_http_methods(["GET", "POST"])
@read_view()
def region_list(request):
    """The inspection regions and their provinces; central office loads a new mapping."""
    can_load = request.user.role in (Role.CENTRAL, Role.ADMIN)
    form = RegionsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_load:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.regions_load(text=form.cleaned_data["file"], by=request.user)
            except ValidationError as exc:
                pages.show_errors(form, exc)
            else:
                messages.success(request, _("บันทึกการแบ่งเขตตรวจราชการแล้ว"))
                return redirect("region_list")
    return render(
        request,
        "cddfund/region_list.html",
        {
            "groups": regions.provinces_by_region(),
            "mapping": regions.current(),
            "form": form if can_load else None,
        },
    )


@require_GET
@read_view()
def region_file(request):
    response = HttpResponse(regions.as_yaml(), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inspection-regions.yaml"'
    return response


# --- the app on a phone's home screen ------------------------------------------------------------

ICON_CACHE_SECONDS = 7 * 24 * 3600


@require_GET
@public_view
def favicon(request):
    """``/favicon.ico``, which browsers ask for on every first visit whatever the page says."""
    with open(finders.find("icons/favicon.ico"), "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={ICON_CACHE_SECONDS}"
    return response


@require_GET
@public_view
def web_manifest(request):
    """The web app manifest: officers add the app to a phone's home screen."""
    manifest = {
        "name": str(_("ศูนย์จัดการกองทุนชุมชน")),
        "short_name": str(_("กองทุนชุมชน")),
        "lang": get_language() or "th",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7fa",
        "theme_color": "#0b5394",
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    response["Cache-Control"] = "public, max-age=3600"
    return response
