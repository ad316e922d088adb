"""The KPI's evidence file (seed 004 items 1-11): each item satisfied by the records, what is
missing listed with where to fix it, the area at a glance agreeing with each centre's file, the
province's files (PDF bound by centre, zip of documents) and the forms printed pre-filled."""

import io
import zipfile

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cddfund.demo import fiscal_years
from cddfund.models import Province
from cddfund.periods import Period
from debts import figures
from debts.models import DebtEvent, Household, TargetHousehold
from debts.selectors import evidence
from debts.services import classes, restructure
from debts.views import evidence as evidence_views
from institutes.models import Centre
from reports import evidence as printouts
from tests.factories import CentreFactory
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db

LAST, CURRENT = fiscal_years()
PAPAO = "บ้านป่าเปา"


def _item(found, number):
    return next(i for i in found.items if i.item.number == number)


def test_the_demo_centres_file_of_last_year_lists_exactly_what_is_missing(households, centres):
    centre = centres[PAPAO]
    found = evidence.centre_file(centre, Period(LAST))
    assert [i.item.number for i in found.items] == list(range(1, 12))
    one, plan = _item(found, 1), _item(found, 2)
    assert one.complete and one.found == 3  # the three of last year reduced their debt
    assert plan.complete and plan.found == 1
    targets = TargetHousehold.objects.filter(household__centre=centre, fiscal_year=LAST)
    enrolment = _item(found, 4)
    assert not enrolment.complete and len(enrolment.missing) == targets.count()
    assert enrolment.missing[0].text.endswith("ยังไม่ได้แนบแบบบันทึกการเข้าร่วมโครงการที่ลงนาม")
    transfers = _item(found, 5)
    # The demo's transfer and two consolidations of last year carry their decisions, no contract.
    assert [m.text.split(": ")[1] for m in transfers.missing] == ["ยังไม่ได้แนบสัญญาที่ลงนาม"] * 3
    training = _item(found, 8)
    assert training.found == 2 and len(training.missing) == 1  # one attended two days of three
    assert _item(found, 11).complete  # the province's visit left a photo
    assert found.complete == sum(1 for i in found.items if i.complete)


def test_a_planted_gap_is_found_and_closing_it_completes_the_item(
    households, centres, accounts, client_for
):
    centre = centres[PAPAO]
    officer = accounts["phan"]
    period = Period(LAST)
    event = (
        DebtEvent.objects.filter(household__centre=centre, kind="transfer")
        .order_by("occurred_on")
        .first()
    )
    restructure.event_evidence_save(by=officer, event=event, decision_ref="")
    found = _item(evidence.centre_file(centre, period), 5)
    assert any(m.text.endswith("ยังไม่ได้ระบุมติคณะกรรมการ") for m in found.missing)
    for step in DebtEvent.objects.filter(
        household__centre=centre, kind__in=["transfer", "consolidation"]
    ):
        response = client_for("phan").post(
            reverse("event_evidence", args=[step.pk]),
            {"decision_ref": "มติที่ 5/2568", "document": pdf_upload()},
        )
        assert response.status_code == 302
    assert _item(evidence.centre_file(centre, period), 5).complete
    for target in TargetHousehold.objects.filter(household__centre=centre, fiscal_year=LAST):
        classes.target_save(
            by=officer,
            household=target.household,
            fiscal_year=target.fiscal_year,
            target=target,
            enrolment_form=pdf_upload(),
        )
    enrolment = _item(evidence.centre_file(centre, period), 4)
    assert enrolment.complete and len(enrolment.documents) == 3


@pytest.mark.parametrize("round_", [0, 1, 2])
def test_the_area_at_a_glance_agrees_with_each_centres_file(households, accounts, round_):
    for year in (LAST, CURRENT):
        period = Period(year, round_)
        for summary in evidence.area_summary(
            accounts["central"], period, evidence.area_centres(accounts["central"])
        ):
            found = evidence.centre_file(summary.centre, period)
            assert (summary.complete, summary.gaps) == (found.complete, found.gaps), (
                summary.centre,
                period,
                [(i.item.number, i.found, len(i.missing), i.complete) for i in found.items],
                summary.found,
                summary.missing,
            )


def test_the_area_at_a_glance_counts_the_kpis_households_not_their_debts(
    households, accounts, client_for
):
    """Item 1 at a glance is whether a centre has the KPI's households: counted without
    working out any household's debts as of the period's last day (the centre's file lists
    those that reduced)."""
    period = Period(LAST)
    central = accounts["central"]
    CentreFactory(by=accounts["phan"])  # a centre without target households
    summaries = evidence.area_summary(central, period, evidence.area_centres(central))
    for summary in summaries:
        kpi = Household.objects.filter(centre=summary.centre).filter(figures.targets_in(period))
        assert summary.found[1] == kpi.count()
    assert any(s.found[1] for s in summaries) and any(not s.found[1] for s in summaries)
    with CaptureQueriesContext(connection) as captured:
        client_for("chiangrai").get(reverse("evidence_summary"), {"year": LAST})
    assert captured.captured_queries
    assert not [q for q in captured.captured_queries if "debts_loan" in q["sql"]]


def test_the_area_page_reads_the_centres_targets_by_their_centre(households, client_for):
    """A target carries its household's centre, so that a page of centres reads its targets
    by them: through the households, PostgreSQL read every target of the centres' districts."""
    targets = TargetHousehold.objects.all()
    assert targets.exists() and not targets.exclude(centre=F("household__centre")).exists()
    with CaptureQueriesContext(connection) as captured:
        client_for("chiangrai").get(reverse("evidence_summary"), {"year": LAST})
    read = [q["sql"] for q in captured.captured_queries if "debts_targethousehold" in q["sql"]]
    assert len(read) == 3  # items 1, 4-8 and 9
    assert not [sql for sql in read if '"debts_household"' in sql]


def test_the_area_page_takes_the_same_queries_whatever_the_number_of_centres(
    households, centres, accounts, client_for, django_assert_max_num_queries
):
    client = client_for("chiangrai")
    url = reverse("evidence_summary")
    client.get(url, {"year": LAST})
    with django_assert_max_num_queries(40) as captured:
        page = client.get(url, {"year": LAST})
    assert centres[PAPAO].name in page.content.decode()
    extra = CentreFactory(by=accounts["phan"])
    with django_assert_max_num_queries(len(captured)):
        assert extra.name in client.get(url, {"year": LAST}).content.decode()
    choose = client_for("central").get(url, {"year": LAST}).content.decode()
    assert "เลือกจังหวัดเพื่อดูหลักฐานของศูนย์ในจังหวัด" in choose


def test_the_area_page_counts_a_page_of_centres_at_a_time(
    households, centres, accounts, client_for, monkeypatch
):
    monkeypatch.setattr(evidence_views, "CENTRES_PER_PAGE", 1)
    client, url = client_for("chiangrai"), reverse("evidence_summary")
    first = client.get(url, {"year": LAST})
    second = client.get(url, {"year": LAST, "page": 2})
    shown = [[f.centre for f in p.context["files"]] for p in (first, second)]
    assert [len(s) for s in shown] == [1, 1] and shown[0] != shown[1]
    assert set(shown[0] + shown[1]) == set(Centre.objects.filter(province_id=57, status="active"))
    assert 'rel="next"' in first.content.decode() and "หน้า 1 จาก 2" in first.content.decode()


def test_the_provinces_files_bind_every_centre_and_zip_the_documents(households, accounts):
    province = Province.objects.get(pk=57)
    period = Period(LAST)
    pdf = io.BytesIO()
    pages = printouts.area_pdf(accounts["chiangrai"], province, period, pdf)
    assert pages >= 2 and len(PdfReader(io.BytesIO(pdf.getvalue())).pages) == pages
    archive = io.BytesIO()
    count = printouts.area_zip(accounts["chiangrai"], province, period, archive)
    with zipfile.ZipFile(io.BytesIO(archive.getvalue())) as opened:
        names = opened.namelist()
        missing = [n for n in names if n.endswith("ยังขาด.txt")]
        assert len(missing) == 2  # the province's two demo centres
        photos = [n for n in names if "/11/photo-" in n]
        assert len(photos) == count == 2
        assert "ยังไม่ได้แนบแบบบันทึกการเข้าร่วมโครงการที่ลงนาม" in opened.read(missing[0]).decode()


def test_the_forms_print_pre_filled_for_whoever_may_see_the_record(households, centres, client_for):
    centre = centres[PAPAO]
    target = TargetHousehold.objects.filter(household__centre=centre).first()
    transfer = DebtEvent.objects.filter(household__centre=centre, kind="transfer").first()
    repayment = DebtEvent.objects.filter(household__centre=centre, kind="repayment").first()
    visit = centre.visits.first()
    for url in (
        reverse("enrolment_pdf", args=[target.pk]),
        reverse("contract_pdf", args=[transfer.pk]),
        reverse("visit_pdf", args=[visit.pk]),
        reverse("centre_evidence_pdf", args=[centre.pk]) + f"?year={LAST}",
    ):
        response = client_for("chiangrai").get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
        assert client_for("maesuai").get(url).status_code == 404
    assert client_for("phan").get(reverse("contract_pdf", args=[repayment.pk])).status_code == 404


def test_the_evidence_export_starts_in_the_background_for_the_readers_own_province(
    households, accounts, client_for
):
    url = reverse("evidence_export")
    refused = client_for("chiangrai").post(
        url, {"province": 56, "year": LAST, "extension": "zip"}
    )  # พะเยา: not theirs
    assert refused.status_code == 200
    assert "เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ" in refused.content.decode()
    started = client_for("chiangrai").post(url, {"province": 57, "year": LAST, "extension": "zip"})
    assert started.status_code == 302 and "/exports/" in started.url
