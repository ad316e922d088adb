"""Follow-up visits and focus groups at a centre (seed 004): the 11 questions answered, the
model household that presented, actions agreed and followed up at the next visit, photos."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cddfund import thai
from debts.models import QUESTIONS, FollowUpVisit, Household, VisitAction
from debts.services import visits
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db

PAPAO = "บ้านป่าเปา"


@pytest.fixture
def setup(households, centres, accounts):
    centre = centres[PAPAO]
    return {
        "centre": centre,
        "officer": accounts["phan"],
        "first": FollowUpVisit.objects.filter(centre=centre).order_by("visited_on").first(),
    }


def _visit(setup, **given):
    values = {
        "by": setup["officer"],
        "centre": setup["centre"],
        "visited_on": timezone.localdate(),
        "kind": "visit",
        "level": "district",
        "team": "พัฒนากรอำเภอพาน",
        **given,
    }
    return visits.visit_save(**values)


def test_a_visit_keeps_the_answers_to_the_seeds_eleven_questions(setup, accounts):
    visit = _visit(setup, answers={1: " คำสั่งแต่งตั้งเป็นปัจจุบัน ", 5: "", 11: "ยึดหลักธรรมาภิบาล"})
    assert len(QUESTIONS) == 11
    assert visit.answers == {"1": "คำสั่งแต่งตั้งเป็นปัจจุบัน", "11": "ยึดหลักธรรมาภิบาล"}
    answered = visit.answered
    assert [n for n, _q, a in answered if a] == [1, 11] and len(answered) == 11
    with pytest.raises(ValidationError) as too_long:
        _visit(setup, answers={4: "ก" * 2001})
    assert too_long.value.message_dict == {"answer_4": ["ผลการติดตามประเด็นที่ 4 ยาวเกิน 2,000 ตัวอักษร"]}
    with pytest.raises(ValidationError) as kind:
        _visit(setup, kind="party")
    assert "kind" in kind.value.message_dict
    with pytest.raises(ValidationError, match="วันที่ต้องไม่เลยวันนี้"):
        _visit(setup, visited_on=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _visit(setup, by=accounts["chiangrai"])


def test_the_model_household_is_one_of_the_centres_that_reduced_its_debt(setup):
    centre = setup["centre"]
    not_reduced = Household.objects.filter(centre=centre, enrolled_on__isnull=True).first()
    with pytest.raises(ValidationError) as refused:
        _visit(setup, model_household=not_reduced)
    assert refused.value.message_dict == {
        "model_household": [
            "ครัวเรือนต้นแบบคือครัวเรือนที่ลดหนี้หรือปลดหนี้ได้แล้ว: "
            f"{not_reduced} ยังไม่ลดหนี้จากเมื่อเข้าสู่การบริหารจัดการหนี้"
        ]
    }
    elsewhere = Household.objects.exclude(centre=centre).filter(enrolled_on__isnull=False).first()
    with pytest.raises(ValidationError, match="ต้องเป็นครัวเรือนของศูนย์นี้"):
        _visit(setup, model_household=elsewhere)
    assert setup["first"].model_household.outstanding == 0  # the demo's: it cleared its debt


def test_an_action_agreed_is_followed_up_at_a_later_visit_only(setup):
    first = setup["first"]
    action = visits.action_add(
        by=setup["officer"],
        visit=first,
        action="จัดทำทะเบียนลูกหนี้ให้เป็นปัจจุบัน",
        who="เลขานุการศูนย์",
        due=first.visited_on + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as early_due:
        visits.action_add(
            by=setup["officer"],
            visit=first,
            action="x",
            who="y",
            due=first.visited_on - datetime.timedelta(days=1),
        )
    assert early_due.value.message_dict == {
        "due": [f"กำหนดเสร็จต้องไม่ก่อนวันที่ติดตาม ({thai.format_date(first.visited_on)})"]
    }
    with pytest.raises(ValidationError, match="ติดตามผลได้ในการติดตามครั้งหลังจากวันที่ตกลง"):
        visits.action_check(by=setup["officer"], action=action, at=first, done_on=None)
    later = _visit(setup)
    with pytest.raises(ValidationError, match="วันที่ดำเนินการต้องไม่ก่อนวันที่ตกลง"):
        visits.action_check(
            by=setup["officer"],
            action=action,
            at=later,
            done_on=first.visited_on - datetime.timedelta(days=1),
        )
    visits.action_check(by=setup["officer"], action=action, at=later, done_on=None, note="ยังไม่ครบ")
    action.refresh_from_db()
    assert (action.checked_at, action.done_on, action.check_note) == (later, None, "ยังไม่ครบ")


def test_the_visit_page_follows_up_earlier_actions_and_refuses_a_crafted_one(setup, client_for):
    first = setup["first"]
    action = visits.action_add(
        by=setup["officer"],
        visit=first,
        action="ทบทวนระเบียบ",
        who="ประธาน",
        due=timezone.localdate(),
    )
    later = _visit(setup)
    page = client_for("phan").get(reverse("visit_detail", args=[later.pk])).content.decode()
    assert "ติดตามข้อตกลงจากครั้งก่อน" in page and "ทบทวนระเบียบ" in page
    check = reverse("visit_action_check", args=[action.pk])
    done = client_for("phan").post(
        check, {"at": later.pk, f"a{action.pk}-done_on": thai.format_date(timezone.localdate())}
    )
    assert done.status_code == 302 and done.url == reverse("visit_detail", args=[later.pk])
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    # A visit of another centre, or one that is not a number, is not taken as "at".
    other = FollowUpVisit.objects.exclude(centre=setup["centre"]).first()
    assert client_for("phan").post(check, {"at": other.pk}).status_code == 404
    crafted = client_for("phan").post(check, {"at": "1 OR 1=1"}, follow=True)
    assert "ไม่พบการติดตามที่บันทึกผลข้อตกลงนี้" in crafted.content.decode()
    assert client_for("chiangrai").post(check, {"at": later.pk}).status_code == 403


def _jpeg_with_location() -> SimpleUploadedFile:
    image = Image.new("RGB", (2400, 1600), (90, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (19.0, 54.0, 0.0), 3: "E", 4: (99.0, 49.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("visit.jpg", out.getvalue(), "image/jpeg")


def test_a_visits_photo_loses_its_location_unless_the_officer_keeps_it(setup):
    first = setup["first"]
    plain = visits.photo_add(by=setup["officer"], visit=first, upload=_jpeg_with_location())
    kept = visits.photo_add(
        by=setup["officer"], visit=first, upload=_jpeg_with_location(), keep_location=True
    )
    with plain.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.size == (1600, 1067) and not image.getexif().get_ifd(0x8825)
        assert image.getexif().get(0x010F) is None
    with kept.image.open("rb") as stored:
        exif = Image.open(io.BytesIO(stored.read())).getexif()
        assert exif.get_ifd(0x8825)[1] == "N" and exif.get(0x010F) is None
    with pytest.raises(ValidationError) as pdf:
        visits.photo_add(by=setup["officer"], visit=first, upload=pdf_upload())
    assert pdf.value.message_dict == {"image": ["รับเฉพาะรูปภาพ JPEG หรือ PNG"]}


def test_the_centres_visits_page_and_the_visit_form(setup, client_for):
    centre = setup["centre"]
    listing = client_for("chiangrai").get(reverse("centre_visits", args=[centre.pk]))
    assert listing.status_code == 200 and "ลงพื้นที่ติดตามสนับสนุน" in listing.content.decode()
    assert "+ บันทึกการติดตาม" not in listing.content.decode()
    form = client_for("phan").get(reverse("visit_create", args=[centre.pk])).content.decode()
    assert all(str(q) in form for q in QUESTIONS)
    refused = client_for("phan").post(
        reverse("visit_create", args=[centre.pk]),
        {"visited_on": "31/02/2568", "kind": "visit", "level": "district", "team": "ทีม",
         "answer_3": "ประชุมเจรจากับเจ้าหนี้ทุกราย"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "ประชุมเจรจากับเจ้าหนี้ทุกราย" in refused.content.decode()  # nothing typed is lost
    saved = client_for("phan").post(
        reverse("visit_create", args=[centre.pk]),
        {"visited_on": thai.format_date(timezone.localdate()), "kind": "focus",
         "level": "province", "team": "สพจ.เชียงราย", "answer_3": "ประชุมเจรจา"},
    )  # fmt: skip
    visit = FollowUpVisit.objects.filter(centre=centre).latest("id")
    assert saved.status_code == 302 and visit.answers == {"3": "ประชุมเจรจา"}
    assert VisitAction.objects.filter(visit=visit).count() == 0
