"""What to do next: the home page's work list, the inbox and its e-mail, the deadline
reminders, and the header's search box."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import dashboard as assessment_work
from assessments import reminders, services
from assessments.models import Deadline
from assessments.views import QUEUE_PER_PAGE
from cddfund import notifications
from cddfund.models import Notification, User
from cddfund.search import SEARCH_LOOKS_LIKE_ID, ranked_large
from cddfund.services import tallies_count
from debts.models import Household, TargetHousehold
from tests.factories import AssessmentFactory, CentreFactory, surveyed_household
from tests.test_assessments import _fill

pytestmark = pytest.mark.django_db

NOTICE = "ทดสอบแจ้ง %(what)s"


def _returned(accounts, centres, comment="แก้ตัวชี้วัดที่ 5 ก่อนส่งใหม่"):
    """บ้านโป่ง's assessment of 2568, sent by แม่สรวย and returned by the province."""
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    answer = assessment.answers.get(indicator__number=5)
    services.assessment_return(
        by=accounts["chiangrai"],
        assessment=assessment,
        comments={answer.indicator_id: "ขอไฟล์ระเบียบฉบับลงนาม"},
        comment=comment,
    )
    return assessment


def _unread(accounts) -> dict:
    return dict(
        User.objects.filter(username__in=accounts).values_list("username", "unread_notifications")
    )


def test_a_return_reaches_the_districts_officers_and_nobody_else(centres, accounts, client_for):
    assessment = _returned(accounts, centres)
    unread = _unread(accounts)
    # Submitted: the province's staff; returned: the district's officers.
    assert unread["chiangrai"] == 1 and unread["maesuai"] == 1
    assert {k: v for k, v in unread.items() if k not in ("chiangrai", "maesuai")} == dict.fromkeys(
        set(unread) - {"chiangrai", "maesuai"}, 0
    )
    notice = Notification.objects.get(user=accounts["maesuai"])
    assert notice.url == assessment.get_absolute_url()
    assert notice.text == (
        f"จังหวัดส่งแบบประเมินระดับการพัฒนาศูนย์ {centres['บ้านโป่ง']} ปีงบประมาณ 2568 "
        "กลับให้แก้ไข (ความเห็น 1 ตัวชี้วัด) แก้ตัวชี้วัดที่ 5 ก่อนส่งใหม่"
    )

    officer = client_for("maesuai")
    page = officer.get(reverse("inbox")).content.decode()
    assert "กลับให้แก้ไข" in page and 'class="badge"' in page
    # Someone else's notification does not exist for them, even by its number.
    assert client_for("phan").post(reverse("inbox_open", args=[notice.pk])).status_code == 404
    assert client_for("chiangrai").post(reverse("inbox_open", args=[notice.pk])).status_code == 404
    opened = officer.post(reverse("inbox_open", args=[notice.pk]))
    assert opened.status_code == 302 and opened.url == assessment.get_absolute_url()
    assert User.objects.get(username="maesuai").unread_notifications == 0
    assert 'class="badge"' not in officer.get(reverse("home")).content.decode()


def test_the_returned_list_shows_the_provinces_comments(centres, accounts, client_for):
    assessment = _returned(accounts, centres)
    home = client_for("maesuai").get(reverse("home"))
    lines = {line.label: line for line in home.context["work"]}
    line = lines["แบบประเมินที่จังหวัดส่งกลับให้แก้ไข"]
    assert (line.count, line.url) == (1, reverse("assessment_returned"))
    page = client_for("maesuai").get(line.url)
    [row] = page.context["page"].object_list
    assert (row.pk, row.return_note, row.commented) == (assessment.pk, "แก้ตัวชี้วัดที่ 5 ก่อนส่งใหม่", 1)
    assert "แก้ตัวชี้วัดที่ 5 ก่อนส่งใหม่" in page.content.decode()
    # Another district has nothing returned; provincial staff have no such list.
    assert client_for("phan").get(line.url).context["page"].paginator.count == 0
    assert client_for("chiangrai").get(line.url).status_code == 403
    # Sent again, it leaves the officer's list and is back in the province's queue.
    _fill(accounts["maesuai"], assessment)
    services.assessment_submit(by=accounts["maesuai"], assessment=assessment)
    assert "แบบประเมินที่จังหวัดส่งกลับให้แก้ไข" not in {
        line.label for line in client_for("maesuai").get(reverse("home")).context["work"]
    }
    queue = client_for("chiangrai").get(reverse("assessment_queue")).context["page"]
    assert [a.pk for a in queue] == [assessment.pk]


def test_a_notification_outside_the_readers_scope_is_not_shown(villages, accounts, client_for):
    phan = accounts["phan"]
    pong_village = villages["บ้านห้วยสิงห์"]  # พะเยา: not phan's
    notifications.notify(
        User.objects.filter(pk=phan.pk),
        NOTICE,
        params={"what": "นอกพื้นที่"},
        url=pong_village.get_absolute_url(),
        province_id=pong_village.province_id,
        district_id=pong_village.district_id,
    )
    notice = Notification.objects.get(user=phan)
    assert list(notifications.inbox(phan)) == []
    page = client_for("phan").get(reverse("inbox"))
    assert "นอกพื้นที่" not in page.content.decode()
    assert User.objects.get(pk=phan.pk).unread_notifications == 0  # the inbox recounted
    assert client_for("phan").post(reverse("inbox_open", args=[notice.pk])).status_code == 404


def test_a_notification_links_only_inside_the_site(accounts):
    for url in ("https://evil.example/", "//evil.example/x"):
        with pytest.raises(ValueError):
            notifications.notify(User.objects.filter(pk=accounts["phan"].pk), NOTICE, url=url)


def test_a_keyed_notification_is_written_and_counted_once(accounts):
    users = User.objects.filter(username__in=["phan", "maesuai"])
    assert notifications.notify(users, NOTICE, params={"what": "ก"}, key="k1") == 2
    assert notifications.notify(users, NOTICE, params={"what": "ก"}, key="k1") == 0
    assert Notification.objects.filter(key="k1").count() == 2
    assert _unread(accounts)["phan"] == 1


def test_the_unread_count_is_not_an_audited_change(accounts):
    from cddfund.models import UserEvent

    before = UserEvent.objects.count()
    notifications.notify(User.objects.filter(pk=accounts["phan"].pk), NOTICE, params={"what": "x"})
    notifications.mark_read(accounts["phan"])
    assert UserEvent.objects.count() == before


def test_an_officer_turns_email_off_on_the_settings_page(accounts, client_for):
    client = client_for("phan")
    page = client.get(reverse("inbox_settings")).content.decode()
    assert "ส่งการแจ้งเตือนทางอีเมลด้วย" in page
    assert client.post(reverse("inbox_settings"), {}).status_code == 302
    assert User.objects.get(username="phan").email_notifications is False


def test_mark_all_read(accounts, client_for):
    users = User.objects.filter(pk=accounts["phan"].pk)
    for what in ("ก", "ข", "ค"):
        notifications.notify(users, NOTICE, params={"what": what})
    response = client_for("phan").post(reverse("inbox_read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(user=accounts["phan"], read_at__isnull=True).count() == 0
    assert User.objects.get(pk=accounts["phan"].pk).unread_notifications == 0


# --- e-mail and reminders (jobs) -----------------------------------------------------------------


def _with_email(accounts, *names, on=True):
    for name in names:
        User.objects.filter(pk=accounts[name].pk).update(
            email=f"{name}@cdd.example", email_notifications=on
        )


def test_notifications_are_emailed_once_to_those_who_want_them(areas_loaded, run_jobs):
    from cddfund import demo

    accounts = demo.seed_accounts()
    _with_email(accounts, "maesuai")
    _with_email(accounts, "phan", on=False)
    users = User.objects.filter(username__in=["maesuai", "phan", "pong"])  # pong: no address
    notifications.notify(users, NOTICE, params={"what": "รายงานพร้อม"}, url="/inbox/")
    run_jobs()
    assert [m.to for m in mail.outbox] == [["maesuai@cdd.example"]]
    assert "ทดสอบแจ้ง รายงานพร้อม" in mail.outbox[0].subject
    assert "/inbox/" in mail.outbox[0].body
    assert notifications.mail_pending() == 0
    assert len(mail.outbox) == 1


def _deadline_day(year=2568):
    """A day within the default week before the districts' deadline of ``year``."""
    district_due = services.default_deadline(year)[0]
    return district_due - datetime.timedelta(days=3)


def test_a_reminder_run_twice_reminds_once(centres, accounts):
    _with_email(accounts, "maesuai", "phan", "pong")
    today = _deadline_day()
    told = reminders.deadline_reminders(today)
    # Every district with a centre not yet sent: its officers.
    assert told == User.objects.filter(role="district").count() == 4
    assert reminders.deadline_reminders(today) == 0
    assert reminders.deadline_reminders(today + datetime.timedelta(days=1)) == 0
    maesuai = Notification.objects.get(user=accounts["maesuai"])
    assert "อีก 3 วันถึงกำหนดส่งแบบประเมินปีงบประมาณ 2568" in maesuai.text
    assert "ยังไม่ได้ส่ง 1 ศูนย์" in maesuai.text
    notifications.mail_pending()
    notifications.mail_pending()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "maesuai@cdd.example",
        "phan@cdd.example",
        "pong@cdd.example",
    ]


def test_no_reminder_before_its_days_or_when_central_office_sets_none(centres, accounts):
    today = _deadline_day()
    assert reminders.deadline_reminders(today - datetime.timedelta(days=10)) == 0
    district_due, province_due = services.default_deadline(2568)
    Deadline.objects.create(
        fiscal_year=2568, district_due=district_due, province_due=province_due, remind_days=0
    )
    assert reminders.deadline_reminders(today) == 0


def test_a_district_that_sent_everything_is_not_reminded(centres, accounts):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    reminders.deadline_reminders(_deadline_day())
    assert not Notification.objects.filter(user=officer, key__startswith="remind:").exists()
    assert Notification.objects.filter(user=accounts["phan"], key__startswith="remind:").exists()


def test_reminders_from_two_workers_at_once_remind_once(areas_loaded):
    from cddfund import demo
    from institutes import demo as institutes_demo

    context = {"accounts": demo.seed_accounts()}
    context["villages"] = demo.seed_villages(context["accounts"])
    institutes_demo.seed(context)
    today = _deadline_day()
    barrier = threading.Barrier(2)
    told = []

    def run():
        try:
            barrier.wait()
            told.append(reminders.deadline_reminders(today))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(told)[0] == 0 and sorted(told)[1] > 0
    keys = Notification.objects.filter(key__startswith="remind:district")
    assert keys.count() == sorted(told)[1]
    assert keys.values("user").distinct().count() == keys.count()


def test_the_weekly_digest_names_the_late_districts_once_a_week(centres, accounts):
    after = services.default_deadline(2568)[0] + datetime.timedelta(days=2)
    assert reminders.weekly_digest(after) == User.objects.filter(role="province").count()
    assert reminders.weekly_digest(after) == 0
    digest = Notification.objects.get(user=accounts["chiangrai"])
    assert "อำเภอที่ส่งแบบประเมินล่าช้า 2 อำเภอ" in digest.text
    assert "พาน" in digest.text and "แม่สรวย" in digest.text
    # The next week it comes again.
    assert reminders.weekly_digest(after + datetime.timedelta(days=7)) > 0


def test_central_office_sets_how_many_days_ahead(accounts, client_for):
    client = client_for("central")
    url = reverse("assessment_deadlines") + "?year=2568"
    data = {
        "fiscal_year": 2568,
        "district_due": "15/03/2568",
        "province_due": "30/03/2568",
        "remind_days": 61,
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["form"].errors["remind_days"]
    data["remind_days"] = 14
    assert client.post(url, data).status_code == 302
    assert Deadline.objects.get(fiscal_year=2568).remind_days == 14


# --- the work list -------------------------------------------------------------------------------


def test_deadline_lines_appear_near_the_deadline_and_turn_late_after(centres, accounts):
    district_due, province_due = services.default_deadline(2568)
    officer = accounts["maesuai"]
    early = district_due - datetime.timedelta(days=30)
    assert [w.label for w in assessment_work.work(officer, early)] == ["แบบประเมินที่จังหวัดส่งกลับให้แก้ไข"]
    near = assessment_work.work(officer, district_due - datetime.timedelta(days=2))[1]
    assert (near.count, near.late) == (1, False) and "อีก 2 วัน" in near.note
    late = assessment_work.work(officer, district_due + datetime.timedelta(days=1))[1]
    assert late.late and "เลยกำหนด" in late.note
    province = assessment_work.work(
        accounts["chiangrai"], district_due + datetime.timedelta(days=1)
    )
    assert {w.label: w.count for w in province}["อำเภอที่ส่งแบบประเมินปีงบประมาณ 2568 ล่าช้า"] == 2
    central = assessment_work.work(accounts["central"], province_due + datetime.timedelta(days=1))
    assert central[0].count == 2 and central[0].late
    services.province_submit(by=accounts["phayao"], fiscal_year=2568, note="ทุกศูนย์ยังไม่ได้ประเมิน")
    central = assessment_work.work(accounts["central"], province_due + datetime.timedelta(days=1))
    assert central[0].count == 1


def test_debt_lines_lead_to_exactly_the_households_counted(households, accounts, client_for):
    from cddfund import thai

    client = client_for("phan")
    lines = {w.label: w for w in client.get(reverse("home")).context["work"]}
    unclassified = Household.objects.filter(
        district_id=accounts["phan"].district_id, baseline_on__isnull=False, debtor_class=None
    )
    line = lines.get("ครัวเรือนที่สำรวจหนี้แล้วแต่ยังไม่จัดประเภทลูกหนี้")
    assert (line.count if line else 0) == unclassified.count()
    if line:
        listed = client.get(line.url).context["table"].data
        assert {h.pk for h in listed} == set(unclassified.values_list("pk", flat=True))
    year = thai.fiscal_year(datetime.date.today())
    waiting = TargetHousehold.objects.filter(
        district_id=accounts["phan"].district_id, fiscal_year=year
    )
    label = f"ครัวเรือนเป้าหมายปีงบประมาณ {year} ที่ยังไม่มีการสนับสนุน"
    if label in lines:
        listed = client.get(lines[label].url).context["table"].data
        assert len(listed) == lines[label].count <= waiting.count()


# The home page of each role: the session, the user, the cards and the work list (a few queries
# for each app's lines), whatever the number of records and whatever the day (the deadline
# lines are counted all year, shown only as the deadline nears).
# Every area reads its households' counts from its districts' rows (debts.models.HouseholdCounts).
# Central office and a province: their tallies (none here: counted live); once the tallies are
# counted, the cards' counts are read from them.
PINNED_HOME_QUERIES = {"phan": 15, "chiangrai": 14, "central": 13}
PINNED_HOME_QUERIES_TALLIED = {"phan": 15, "chiangrai": 12, "central": 10}


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_home_page_counts_in_the_same_queries_whatever_the_data(
    households, accounts, centres, client_for
):
    personas = ("phan", "chiangrai", "central")
    before = {persona: _home_queries(client_for(persona)) for persona in personas}
    # More of everything the lines count, in พาน: centres with draft assessments, surveyed
    # households not yet classified, a returned assessment in แม่สรวย.
    _returned(accounts, centres)
    for _n in range(3):
        AssessmentFactory(by=accounts["phan"])
        surveyed_household(by=accounts["phan"])
    after = {persona: _home_queries(client_for(persona)) for persona in personas}
    assert after == before
    assert before == PINNED_HOME_QUERIES
    tallies_count()
    assert {persona: _home_queries(client_for(persona)) for persona in personas} == (
        PINNED_HOME_QUERIES_TALLIED
    )


# --- the search box ------------------------------------------------------------------------------


def test_the_search_box_finds_a_household_by_the_end_of_its_id(households, accounts, client_for):
    household = Household.objects.filter(district_id=accounts["phan"].district_id).first()
    suffix = household.head_national_id[-4:]
    page = client_for("phan").get(reverse("search"), {"q": suffix})
    urls = [hit.url for kind in page.context["found"] for hit in kind.hits]
    assert household.get_absolute_url() in urls
    # The province sees IDs masked: their digits find nothing (unless a house number).
    page = client_for("chiangrai").get(reverse("search"), {"q": suffix})
    found = [hit.url for kind in page.context["found"] for hit in kind.hits]
    assert household.get_absolute_url() not in found or household.house_number == suffix


def test_a_whole_id_never_reaches_an_address(households, accounts, client_for):
    household = Household.objects.filter(district_id=accounts["phan"].district_id).first()
    client = client_for("phan")
    posted = client.post(reverse("search"), {"q": household.head_national_id})
    assert posted.status_code == 200  # not redirected to ?q=<the ID>
    assert posted.context["form"].errors["q"] == [str(SEARCH_LOOKS_LIKE_ID)]
    assert posted.context["found"] == []
    by_get = client.get(reverse("search"), {"q": household.head_national_id[:6]})
    assert by_get.context["found"] == []
    named = client.post(reverse("search"), {"q": household.head_name})
    assert named.status_code == 302 and "q=" in named.url


def test_the_search_box_stays_inside_the_users_area(households, centres, client_for):
    name = centres["บ้านป่าเปา"].name
    inside = client_for("chiangrai").get(reverse("search"), {"q": "ป่าเปา"})
    assert name in [hit.label for kind in inside.context["found"] for hit in kind.hits]
    outside = client_for("pong").get(reverse("search"), {"q": "ป่าเปา"})
    assert outside.context["found"] == []
    assert "ไม่พบ" in outside.content.decode()
    short = client_for("pong").get(reverse("search"), {"q": "ก"})
    assert short.context["form"].errors["q"]


def test_search_puts_the_whole_name_first(villages):
    from cddfund.models import Village

    base = villages["บ้านป่าเปา"]
    for moo, name in ((31, "บ้านดอนแก้วเหนือ"), (32, "ดอนแก้ว"), (33, "บ้านดอนแก้ว")):
        Village.objects.create(
            subdistrict=base.subdistrict,
            moo=moo,
            name=name,
            province_id=base.province_id,
            district_id=base.district_id,
        )
    found = [v.name for v in ranked_large(Village.objects.all(), "name", "ดอนแก้ว", 10)]
    assert found == ["ดอนแก้ว", "บ้านดอนแก้ว", "บ้านดอนแก้วเหนือ"]


# --- the background work tells its owner ---------------------------------------------------------


def test_an_export_tells_its_owner_once_with_a_link(records, accounts):
    from reports import exports
    from reports.models import Export

    officer = accounts["phan"]
    export = Export.objects.create(
        user=officer, report="levels", fiscal_year=2568, extension="xlsx"
    )
    exports.export_run(export.pk)
    exports.export_run(export.pk)  # a second run of a finished export does nothing
    [notice] = Notification.objects.filter(user=officer, key__startswith="export:")
    assert notice.text == f"ไฟล์ {export} พร้อมดาวน์โหลดแล้ว"
    assert notice.url == export.get_absolute_url()
    assert (notice.province_id, notice.district_id) == (officer.province_id, officer.district_id)


def test_an_import_tells_its_owner_the_check_is_done(households, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import jobs
    from imports.models import ImportJob
    from tests.test_imports import fixture_workbook

    officer = accounts["phan"]
    job = ImportJob.objects.create(
        user=officer,
        file=SimpleUploadedFile("registers.xlsx", fixture_workbook()),
        original_name="registers.xlsx",
    )
    jobs.check(job.pk)
    jobs.announce(job.pk)
    jobs.announce(job.pk)
    [notice] = Notification.objects.filter(user=officer, key__startswith="import:")
    assert notice.text == "ตรวจไฟล์ registers.xlsx เสร็จแล้ว: ดูผลการตรวจแล้วยืนยันการนำเข้า"
    assert notice.url == job.get_absolute_url()
    # Its line on the home page waits for the officer to confirm.
    from imports import dashboard

    assert {w.label: w.count for w in dashboard.work(officer)}[
        "ไฟล์ Excel ที่ตรวจแล้ว รอยืนยันการนำเข้า"
    ] == 1


def test_a_forum_not_reported_within_a_week_is_late_on_the_home_page(centres, client_for):
    from cddfund import thai
    from institutes.models import SsgForum, SsgSelection

    today = datetime.date.today()
    SsgForum.objects.all().delete()
    selection = SsgSelection.objects.filter(fiscal_year=thai.fiscal_year(today)).first()
    officer = User.objects.filter(role="district", district_id=selection.district_id).first()
    forum = SsgForum.objects.create(
        selection=selection,
        held_on=today - datetime.timedelta(days=10),
        participants=15,
        recorded_by=officer,
        province_id=selection.province_id,
        district_id=selection.district_id,
    )
    lines = {w.label: w for w in client_for(officer.username).get(reverse("home")).context["work"]}
    late = lines["เวทีกลุ่มออมทรัพย์ฯ ที่เลยกำหนดรายงานจังหวัด (7 วันหลังจัดเวที)"]
    assert (late.count, late.late) == (1, True)
    listed = client_for(officer.username).get(late.url).context["page"].object_list
    assert [g.pk for g in listed] == [forum.selection.group_id]
    SsgForum.objects.filter(pk=forum.pk).update(reported_on=today)
    lines = {w.label for w in client_for(officer.username).get(reverse("home")).context["work"]}
    assert not any("เวทีกลุ่มออมทรัพย์ฯ" in label for label in lines)


def test_the_assessment_lines_take_the_same_queries_on_every_day_of_the_year(centres, accounts):
    district_due, province_due = services.default_deadline(2568)
    days = [
        district_due - datetime.timedelta(days=60),
        district_due - datetime.timedelta(days=2),
        province_due + datetime.timedelta(days=2),
    ]
    for persona in ("maesuai", "chiangrai", "central"):
        counts = set()
        for day in days:
            with CaptureQueriesContext(connection) as queries:
                assessment_work.work(accounts[persona], day)
            counts.add(len(queries))
        assert len(counts) == 1, (persona, counts)


def test_the_review_queue_shows_a_page_at_a_time_in_order(centres, accounts, client_for):
    officer = accounts["maesuai"]
    sent = []
    for n in range(QUEUE_PER_PAGE + 2):
        assessment = AssessmentFactory(
            by=officer, centre=CentreFactory(by=officer, name=f"ศูนย์ {n:02}")
        )
        _fill(officer, assessment)
        services.assessment_submit(by=officer, assessment=assessment)
        sent.append(assessment.pk)
    client = client_for("chiangrai")
    first = client.get(reverse("assessment_queue"))
    later = client.get(reverse("assessment_queue") + "?page=2")
    shown = [a.pk for a in first.context["page"]] + [a.pk for a in later.context["page"]]
    assert len(first.context["page"]) == QUEUE_PER_PAGE and "หน้า 1 จาก 2" in first.content.decode()
    assert shown == sorted(shown) and set(sent) <= set(shown)
