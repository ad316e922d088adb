"""The holes an attacker among the users would try, each closed and kept closed.

Uploads that would run as pages, roles that climb, national IDs recovered from their masks,
log-in throttling bypassed or turned against an office, workbooks that inflate to gigabytes,
and messages that fall back to English.
"""

import importlib
import io
import re
import time
import zipfile

import pytest
from axes.models import AccessAttempt
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import clear_url_caches, reverse

from cddfund import capped
from cddfund.demo import DEMO_PASSWORD
from cddfund.models import User
from cddfund.scope import Role
from cddfund.search import SEARCH_LOOKS_LIKE_ID
from debts.models import Household
from imports import jobs as import_jobs
from imports import running, sheets, workbooks
from imports.models import ImportJob, ImportStatus
from institutes.models import Meeting
from institutes.services import registers
from tests.files import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

HTML = b"<html><script>fetch('/staff/')</script></html>"


# --- uploads that cannot run ----------------------------------------------------------------


def _minutes(centres, accounts, upload):
    centre = centres["บ้านป่าเปา"]
    meeting = centre.meetings.first()
    registers.register_save(
        by=accounts["phan"], centre=centre, model=Meeting, record=meeting, minutes_file=upload
    )
    meeting.refresh_from_db()
    return meeting


def test_a_pdf_named_html_is_stored_and_served_as_a_pdf_download(centres, accounts, client_for):
    meeting = _minutes(
        centres, accounts, SimpleUploadedFile("minutes.html", PDF_BYTES, "text/html")
    )
    assert meeting.minutes_file.name.endswith(".pdf")
    response = client_for("central").get(reverse("meeting_minutes", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_an_image_named_svg_is_served_inline_as_its_real_type(centres, accounts, client_for):
    meeting = _minutes(centres, accounts, SimpleUploadedFile("x.svg", PNG_BYTES, "image/svg+xml"))
    assert meeting.minutes_file.name.endswith(".png")
    response = client_for("chiangrai").get(reverse("meeting_minutes", args=[meeting.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_a_stored_file_that_is_not_a_document_downloads_as_opaque_bytes(
    centres, accounts, client_for
):
    """A file stored under an .html name before names came from content is never a page."""
    meeting = centres["บ้านป่าเปา"].meetings.first()
    meeting.minutes_file.save("documents/old/minutes.html", ContentFile(HTML), save=False)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_file=meeting.minutes_file.name)
    response = client_for("central").get(reverse("meeting_minutes", args=[meeting.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"]


def test_svg_and_html_content_is_refused_whatever_its_name(centres, accounts):
    from django.core.exceptions import ValidationError

    for name, content in [("x.pdf", b"<svg onload='alert(1)'/>"), ("x.png", HTML)]:
        with pytest.raises(ValidationError) as info:
            _minutes(centres, accounts, SimpleUploadedFile(name, content, "application/pdf"))
        assert info.value.messages == ["รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ไฟล์นี้ไม่ใช่ทั้งสามแบบ)"]


def test_stored_files_have_no_public_url_even_with_debug(settings):
    import cddfund.urls

    settings.DEBUG = True
    try:
        importlib.reload(cddfund.urls)
        clear_url_caches()
        routes = [str(p.pattern) for p in cddfund.urls.urlpatterns]
        assert not any("media" in route for route in routes)
    finally:
        settings.DEBUG = False
        importlib.reload(cddfund.urls)
        clear_url_caches()


def test_pages_carry_a_policy_that_runs_only_the_sites_own_script(client_for):
    response = client_for("maesuai").get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_hold_no_inline_script_handler_or_style():
    """The policy forbids them, so a template that used one would break in the browser."""
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if path.name == "pdf.html" or "pdf" in path.parts:  # WeasyPrint, never a browser
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(
            r"\son[a-z]+\s*=|\sstyle\s*=", text
        ):
            offenders.append(str(path))
    assert offenders == []


# --- roles that cannot climb ------------------------------------------------------------------

LEVEL = {Role.DISTRICT: 1, Role.PROVINCE: 2, Role.CENTRAL: 3, Role.ADMIN: 4}
ACTORS = {Role.DISTRICT: "maesuai", Role.PROVINCE: "chiangrai", Role.CENTRAL: "central"}
ACTORS[Role.ADMIN] = "admin"
AREA = {
    Role.DISTRICT: {"province": "57", "district": "5705"},
    Role.PROVINCE: {"province": "56", "district": ""},
    Role.CENTRAL: {"province": "", "district": ""},
    Role.ADMIN: {"province": "", "district": ""},
}


def _allowed(actor: str, target: str) -> bool:
    """Only central office and administrators manage accounts, only below their own level,
    and the pages never make an administrator."""
    return (
        actor in (Role.CENTRAL, Role.ADMIN)
        and target != Role.ADMIN
        and LEVEL[target] < LEVEL[actor]
    )


def _form(role, **overrides):
    data = {
        "username": "target",
        "first_name": "ทดสอบ",
        "last_name": "บัญชี",
        "email": "",
        "position": "",
        "role": role,
        "is_active": "on",
        "password": "",
        **AREA[role],
    }
    data.update(overrides)
    return data


def _target(role) -> User:
    return User.objects.create_user(
        username=f"t-{role}", password="an-old-long-password", role=role, first_name="เดิม",
        province_id=AREA[role]["province"] or None, district_id=AREA[role]["district"] or None,
    )  # fmt: skip


@pytest.mark.parametrize("target", Role.values)
@pytest.mark.parametrize("actor", Role.values)
def test_create_account_only_below_your_own_level(actor, target, accounts, client_for):
    data = _form(target, username="newone", password="a-new-long-password-7")
    client_for(ACTORS[actor]).post(reverse("staff_create"), data)
    assert User.objects.filter(username="newone").exists() == _allowed(actor, target)


@pytest.mark.parametrize("target", Role.values)
@pytest.mark.parametrize("actor", Role.values)
def test_edit_account_only_below_your_own_level(actor, target, accounts, client_for):
    account = _target(target)
    response = client_for(ACTORS[actor]).post(
        reverse("staff_edit", args=[account.pk]),
        _form(target, username=account.username, first_name="เปลี่ยน"),
    )
    account.refresh_from_db()
    assert (account.first_name == "เปลี่ยน") == _allowed(actor, target)
    if not _allowed(actor, target):
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("target", Role.values)
@pytest.mark.parametrize("actor", Role.values)
def test_set_password_only_below_your_own_level(actor, target, accounts, client_for):
    account = _target(target)
    client_for(ACTORS[actor]).post(
        reverse("staff_edit", args=[account.pk]),
        _form(target, username=account.username, first_name="เดิม", password="brand-new-pass-91"),
    )
    account.refresh_from_db()
    assert account.check_password("brand-new-pass-91") == _allowed(actor, target)


@pytest.mark.parametrize("new_role", Role.values)
@pytest.mark.parametrize("actor", [Role.CENTRAL, Role.ADMIN])
def test_a_role_is_granted_only_below_the_granters(actor, new_role, accounts, client_for):
    account = _target(Role.DISTRICT)
    client_for(ACTORS[actor]).post(
        reverse("staff_edit", args=[account.pk]), _form(new_role, username=account.username)
    )
    account.refresh_from_db()
    assert (account.role == new_role) == (new_role == Role.DISTRICT or _allowed(actor, new_role))
    assert not account.is_superuser


@pytest.mark.parametrize("actor", Role.values)
def test_nobody_changes_their_own_role_or_area(actor, accounts, client_for):
    me = accounts[ACTORS[actor]]
    response = client_for(me.username).post(
        reverse("staff_edit", args=[me.pk]), _form(Role.ADMIN, username=me.username)
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.role == actor


def test_the_role_list_offers_only_grantable_roles(client_for):
    form = client_for("central").get(reverse("staff_create")).context["form"]
    assert [value for value, _ in form.fields["role"].choices] == [Role.DISTRICT, Role.PROVINCE]


def test_a_new_password_logs_the_account_out_everywhere_and_is_audited(accounts, client_for):
    phan = accounts["phan"]
    session = Client()
    session.post(reverse("login"), {"username": "phan", "password": DEMO_PASSWORD})
    assert session.get(reverse("home")).status_code == 200
    client_for("central").post(
        reverse("staff_edit", args=[phan.pk]),
        _form(Role.DISTRICT, username="phan", district="5705", password="brand-new-pass-91"),
    )
    assert session.get(reverse("home")).status_code == 302
    page = client_for("central").get(reverse("staff_edit", args=[phan.pk]))
    entry = next(e for e in page.context["history"] if e.action == "ตั้งรหัสผ่านใหม่")
    assert entry.user == accounts["central"]


def test_the_staff_list_links_only_accounts_you_may_change(accounts, client_for):
    content = client_for("central").get(reverse("staff_list")).content.decode()
    assert reverse("staff_edit", args=[accounts["phan"].pk]) in content
    assert reverse("staff_edit", args=[accounts["admin"].pk]) not in content
    assert reverse("staff_edit", args=[accounts["central"].pk]) not in content


# --- national IDs that stay masked --------------------------------------------------------------


def _ids(queryset):
    return [(h.pk, h.head_national_id) for h in queryset]


def test_digits_never_match_a_masked_id(households, client_for):
    """Provincial staff see 3-5705-xxxxx-xx-3: no search on the hidden digits finds anything."""
    client = client_for("chiangrai")
    household = Household.objects.filter(province_id="57").first()
    for digits in (household.head_national_id[-3:], household.head_national_id[-4:]):
        page = client.get(reverse("household_list"), {"q": digits})
        found = [row.record.pk for row in page.context["table"].page.object_list]
        assert household.pk not in found or household.house_number == digits


def test_a_whole_id_in_the_search_box_is_refused(households, client_for):
    household = Household.objects.filter(district_id="5705").first()
    page = client_for("phan").get(reverse("household_list"), {"q": household.head_national_id})
    assert page.context["filter"].form.errors["q"] == [str(SEARCH_LOOKS_LIKE_ID)]
    assert page.context["filter"].form.cleaned_data.get("q") is None  # not searched on


def test_a_whole_id_is_found_by_post_inside_the_scope_only(households, client_for):
    inside = Household.objects.filter(province_id="57").first()
    outside = Household.objects.exclude(province_id="57").first()
    client = client_for("chiangrai")
    found = client.post(reverse("household_find"), {"national_id": inside.head_national_id})
    assert found.status_code == 302 and found.url == inside.get_absolute_url()
    assert inside.head_national_id not in found.url
    missed = client.post(reverse("household_find"), {"national_id": outside.head_national_id})
    assert missed.status_code == 200
    assert missed.context["find_form"].errors["national_id"] == [
        "ไม่พบครัวเรือนที่หัวหน้าครัวเรือนมีเลขประจำตัวนี้ในพื้นที่ของคุณ"
    ]
    assert outside.get_absolute_url() not in missed.content.decode()


def test_no_national_id_reaches_the_audit_trail(centres, client_for):
    from django.db import connection

    national_id = "3570500000018"
    response = client_for("phan").post(
        reverse("household_create", args=[centres["บ้านป่าเปา"].pk]),
        {
            "house_number": "99",
            "head_name": "นายทดสอบ ความลับ",
            "head_national_id": national_id,
            "members": "3",
            "phone": "",
        },
    )
    assert response.status_code == 302
    household = Household.objects.get(head_national_id=national_id)
    household_update = client_for("phan").post(
        reverse("household_edit", args=[household.pk]),
        {
            "house_number": "99",
            "head_name": "นายทดสอบ ความลับ",
            "head_national_id": "1101700203450",
            "members": "4",
            "phone": "",
        },
    )
    assert household_update.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_name LIKE '%%event' OR table_name LIKE 'pghistory%%'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        leaks = []
        for table in tables:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" t WHERE t::text ~ %s',
                ["3570500000018|1101700203450"],
            )
            if cursor.fetchone()[0]:
                leaks.append(table)
    assert leaks == []
    page = client_for("phan").get(reverse("household_detail", args=[household.pk]))
    changes = [c for entry in page.context["history"] for c in entry.changes]
    assert {(c.before, c.after) for c in changes if "เลขประจำตัว" in c.label} >= {
        ("3-5705-xxxxx-xx-8", "1-1017-xxxxx-xx-0")
    }


# --- log-in protection ---------------------------------------------------------------------------


def _login(client, username, password, address="10.0.0.1", path="login", **extra):
    url = reverse(path) if path == "login" else path
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_a_locked_name_stays_locked_in_every_spelling(client, accounts):
    for typed in ["maesuai", "MAESUAI", "ｍａｅｓｕａｉ", "Maesuai", "maesuai "]:
        _login(client, typed, "wrong")
    assert _login(client, "ｍａｅｓｕａｉ", DEMO_PASSWORD).status_code == 429
    assert _login(client, "maesuai", DEMO_PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().username == "maesuai"


def test_the_admin_log_in_is_throttled_by_the_same_rule(client, accounts):
    for _ in range(5):
        _login(client, "admin", "wrong", path="/admin/login/")
    assert _login(client, "admin", DEMO_PASSWORD, path="/admin/login/").status_code == 429
    assert _login(client, "admin", DEMO_PASSWORD).status_code == 429


def test_behind_a_proxy_each_client_is_counted_on_its_own(client, accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.9"
    for _ in range(5):
        _login(client, "maesuai", "wrong", proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = _login(client, "maesuai", DEMO_PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    # The officer at another address, through the same proxy, logs in.
    office = _login(client, "maesuai", DEMO_PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert office.status_code == 302


def test_a_client_cannot_choose_its_address(client, accounts, settings):
    """Entries a client writes into X-Forwarded-For come before the proxy's: they are ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        forged = f"198.51.100.{n}, 203.0.113.5"
        _login(client, "maesuai", "wrong", "10.0.0.9", HTTP_X_FORWARDED_FOR=forged)
    response = _login(
        client, "maesuai", DEMO_PASSWORD, "10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert response.status_code == 429
    # Without a trusted proxy the header means nothing at all.
    settings.TRUSTED_PROXY_COUNT = 0
    assert (
        _login(client, "phan", "wrong", "10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code
        == 200
    )
    assert AccessAttempt.objects.filter(username="phan").get().ip_address == "10.0.0.7"


def test_many_addresses_lock_a_name_only_at_a_much_higher_count(client, accounts, settings):
    settings.LOGIN_USER_FAILURE_LIMIT = 12
    for n in range(11):
        _login(client, "maesuai", "wrong", f"10.0.1.{n}")
    assert _login(client, "maesuai", DEMO_PASSWORD, "10.0.2.1").status_code == 302
    other = Client()
    for n in range(12):
        _login(other, "phan", "wrong", f"10.0.1.{n}")
    assert _login(other, "phan", DEMO_PASSWORD, "10.0.2.1").status_code == 429


def test_an_administrator_unlocks_a_name_from_the_command_line(client, accounts):
    for _ in range(5):
        _login(client, "maesuai", "wrong")
    assert _login(client, "maesuai", DEMO_PASSWORD).status_code == 429
    call_command("axes_reset_username", "maesuai", stdout=io.StringIO())
    assert _login(client, "maesuai", DEMO_PASSWORD).status_code == 302


# --- workbooks with limits ----------------------------------------------------------------------


def _workbook(parts: dict[str, bytes]) -> bytes:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", b"<Types/>")
        for name, data in parts.items():
            book.writestr(name, data)
    return target.getvalue()


def _upload(data: bytes, name="bomb.xlsx"):
    return SimpleUploadedFile(name, data)


def _refusal(data: bytes) -> list[str]:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        import_jobs.validate_workbook(_upload(data))
    return info.value.messages


def test_shared_strings_that_inflate_past_the_limit_are_refused_unread():
    size = workbooks.MAX_SHARED_STRINGS_BYTES + 1024 * 1024
    strings = b"<sst uniqueCount='1'><si><t>" + b"A" * size + b"</t></si></sst>"
    data = _workbook({"xl/sharedStrings.xml": strings})
    assert len(data) < 1024 * 1024  # a small file ...
    assert _refusal(data) == [
        "เมื่อแตกไฟล์แล้วมีขนาด 61 MB เกินกำหนด 60 MB กรุณาลบแผ่นงานหรือข้อมูลที่ไม่ใช้ออก หรือแบ่งเป็นหลายไฟล์"
    ]


def test_a_workbook_inflating_past_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024)
    data = _workbook({f"xl/media/image{n}.png": b"\0" * 1024 * 1024 for n in range(3)})
    assert _refusal(data)[0].startswith("เมื่อแตกไฟล์แล้วมีขนาด 3 MB เกินกำหนด 2 MB")


def test_too_many_shared_strings_are_refused():
    data = _workbook({"xl/sharedStrings.xml": b'<sst count="5200000" uniqueCount="5200000">'})
    assert _refusal(data) == [
        "ไฟล์นี้มีข้อความไม่ซ้ำกัน 5,200,000 ข้อความ เกินกำหนด 1,000,000 กรุณาแบ่งเป็นหลายไฟล์"
    ]


def test_a_sheet_declaring_millions_of_rows_is_refused():
    sheet = b'<worksheet><dimension ref="A1:K5200000"/><sheetData/></worksheet>'
    assert _refusal(_workbook({"xl/worksheets/sheet1.xml": sheet})) == [
        "แผ่นงาน sheet1 มี 5,199,999 แถว เกินกำหนด 200,000 แถวต่อแผ่นงาน "
        "กรุณาแบ่งเป็นหลายไฟล์ (หรือลบแถวว่างท้ายแผ่นงาน)"
    ]


def test_a_sheet_that_hides_its_size_stops_at_the_row_limit(accounts, monkeypatch, tmp_path):
    from openpyxl import Workbook

    monkeypatch.setattr(workbooks, "MAX_ROWS", 50)
    spec = sheets.SHEETS["groups"]
    book = Workbook()
    sheet = book.active
    sheet.title = spec.title
    sheet.append([str(c.header) for c in spec.columns])
    for n in range(60):
        sheet.append([f"x{n}"] * len(spec.columns))
    path = tmp_path / "long.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tmp_path / "hidden.xlsx", "w") as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            out.writestr(info, data)
    result = running.run(tmp_path / "hidden.xlsx", accounts["maesuai"], write=False)
    assert result.file_error.startswith(f"แผ่นงาน {spec.title} มี > 50 แถว เกินกำหนด 50 แถว")


def test_a_file_that_is_not_a_zip_is_refused():
    assert _refusal(b"PK\x03\x04 not really a zip") == [
        "เปิดไฟล์นี้เป็น Excel (.xlsx) ไม่ได้ กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วลองใหม่"
    ]


def _allocate():
    b"x" * (1024 * 1024 * 1024)


def test_reading_runs_under_a_memory_cap():
    assert capped.run_capped(_allocate, memory_bytes=256 * 1024 * 1024) == "failed"
    assert capped.run_capped(lambda: None, memory_bytes=256 * 1024 * 1024) is None


def test_work_that_stops_progressing_is_stopped():
    started = time.monotonic()
    outcome = capped.run_capped(
        time.sleep, 60, memory_bytes=64 * 1024 * 1024, stall_seconds=0.5, poll_seconds=0.1
    )
    assert outcome == "stalled"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("failed", import_jobs.OUT_OF_MEMORY),
        ("stalled", import_jobs.STALLED % {"minutes": import_jobs.STALL_SECONDS // 60}),
    ],
)
def test_a_check_that_dies_or_stalls_fails_with_a_message(accounts, monkeypatch, outcome, message):
    job = ImportJob.objects.create(
        user=accounts["maesuai"], file=_upload(b"PK"), original_name="a.xlsx"
    )
    monkeypatch.setattr(import_jobs, "run_capped", lambda *a, **k: outcome)
    import_jobs.run_in_child(import_jobs.check, job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportStatus.FAILED, str(message))


# --- Thai everywhere ---------------------------------------------------------------------------

THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_password_validators_speak_thai(client_for):
    response = client_for("phan").post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "12345678", "new_password2": "12345678"},
    )
    messages = [m for errors in response.context["form"].errors.values() for m in errors]
    assert messages and all(THAI.search(m) for m in messages), messages


def _product_form_classes():
    import inspect

    from django import forms as django_forms

    from assessments import forms as assessment_forms
    from cddfund import forms as core_forms
    from debts import forms as debt_forms
    from imports import views as import_views
    from institutes import forms as centre_forms
    from reports import forms as report_forms

    for module in (core_forms, import_views, centre_forms, debt_forms, assessment_forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, django_forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            if issubclass(cls, django_forms.BaseModelForm) and cls._meta.model is None:
                continue  # a base for the register forms, each of which is checked
            yield cls
    yield report_forms.AreaRegistersForm


def _build(cls, data, pool):
    """The form with whichever of the pool's keyword arguments its constructor asks for."""
    import inspect

    from django.contrib.auth.forms import AuthenticationForm

    if issubclass(cls, AuthenticationForm):
        return cls(RequestFactory().post("/"), data=data)
    wanted = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for name, parameter in inspect.signature(init).parameters.items():
            if parameter.kind is parameter.KEYWORD_ONLY and name in pool:
                wanted.add(name)
    return cls(data, **{name: pool[name] for name in wanted})


def test_every_form_refuses_bad_input_in_thai(households, accounts, centres):
    """Every form of the product, given empty, overlong, huge and negative input: each message
    it shows (Django's own validators included) is Thai."""
    centre = centres["บ้านโป่ง"]
    pool = {
        "user": accounts["maesuai"],
        "centre": centre,
        "village": centre.village,
        "household": Household.objects.filter(centre=centre).first(),
        "meetings": centre.meetings.all(),
    }
    english = {}
    checked = 0
    for cls in _product_form_classes():
        names = list(_build(cls, None, pool).fields)
        for value in (None, "x" * 1001, "9" * 25, "-1.555", "1.23456"):
            data = {} if value is None else dict.fromkeys(names, value)
            form = _build(cls, data, pool)
            form.is_valid()
            for field, messages in form.errors.items():
                checked += len(messages)
                for message in messages:
                    if not THAI.search(message):
                        english[f"{cls.__name__}.{field}"] = message
    assert checked > 100
    assert english == {}


def test_the_audit_trail_in_the_admin_opens_with_facets(client_for, households):
    client = client_for("admin")
    for url in (
        "/admin/pghistory/middlewareevents/",
        "/admin/pghistory/middlewareevents/?_facets=True",
    ):
        assert client.get(url).status_code == 200


def test_an_id_taken_in_another_district_does_not_say_where(households, centres, client_for):
    elsewhere = Household.objects.exclude(district_id="5705").first()
    response = client_for("phan").post(
        reverse("household_create", args=[centres["บ้านป่าเปา"].pk]),
        {
            "house_number": "98",
            "head_name": "นายทดสอบ ซ้ำ",
            "head_national_id": elsewhere.head_national_id,
            "members": "2",
            "phone": "",
        },
    )
    assert response.context["form"].errors["head_national_id"] == [
        "เลขประจำตัวประชาชนนี้เป็นหัวหน้าครัวเรือนในอำเภออื่นอยู่แล้ว"
    ]
    assert str(elsewhere.village) not in response.content.decode()


def test_an_id_in_an_imported_files_name_is_masked_before_it_reaches_the_audit_trail(
    accounts, client_for
):
    client = client_for("phan")
    template = b"".join(client.get(reverse("import_template", args=["groups"])).streaming_content)
    upload = SimpleUploadedFile("ครัวเรือน 3-5705-00000-01-8 และ 1101700203450.xlsx", template)
    client.post(reverse("import_upload"), {"file": upload})
    job = ImportJob.objects.get(user=accounts["phan"])
    assert job.original_name == "ครัวเรือน 3-5705-xxxxx-xx-8 และ 1-1017-xxxxx-xx-0.xlsx"
    assert import_jobs._audit(job)["command"].endswith(job.original_name)
