import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Assessment
from cddfund import demo
from cddfund.periods import Period
from debts.models import Household
from institutes.models import Centre
from reports import data
from reports.registers import REGISTER_REPORTS
from tests.test_debts import replayed

pytestmark = pytest.mark.django_db

LAST, CURRENT = demo.fiscal_years()


def _plain(text: str) -> str:
    """Sarabun maps sara am and sara aa to one glyph code: compare text with both as sara aa."""
    return text.replace("\u0e33", "\u0e32").replace("\u0e4d", "")


def test_levels_summary_matches_the_raw_assessments(records, accounts):
    report = data.levels_summary(accounts["central"], Period(CURRENT))
    expected = defaultdict(Counter)
    for assessment in (
        Assessment.objects.of_centres()
        .filter(fiscal_year=CURRENT)
        .select_related("district", "level")
    ):
        row = expected[assessment.district.name_th]
        row["assessed"] += 1
        if assessment.state == "approved":
            row["approved"] += 1
            row[f"level{assessment.level.level}"] += 1
    for row in report.rows:
        assert row["centres"] == 1
        assert {k: row[k] for k in ("assessed", "approved", "level1", "level2", "level3")} == {
            k: expected[row["label"]][k]
            for k in ("assessed", "approved", "level1", "level2", "level3")
        }
    assert [s.label for s in report.sections] == ["พะเยา", "เชียงราย"]
    assert report.total["centres"] == 4 and report.total["assessed"] == 4
    assert report.total["approved"] == sum(c["approved"] for c in expected.values())


def test_debt_results_match_the_raw_loans(records, accounts):
    period = Period.current()
    report = data.debt_results(accounts["chiangrai"], period)
    years = {period.fiscal_year - 2, period.fiscal_year - 1, period.fiscal_year}
    assert {row["label"] for row in report.rows} == {"แม่สรวย", "พาน"}
    for row in report.rows:
        targets = [
            h
            for h in Household.objects.filter(district__name_th=row["label"])
            if set(h.targets.values_list("fiscal_year", flat=True)) & years
        ]
        enrolled = {
            h.pk: replayed(h, min(h.targets.values_list("enrolled_on", flat=True))) for h in targets
        }
        then = {h.pk: replayed(h, period.as_of()) for h in targets}
        assert row["targets"] == len(targets)
        assert row["one"] == sum(1 for h in targets if then[h.pk][1] == 1)
        assert row["none"] == sum(1 for h in targets if then[h.pk][1] == 0)
        assert row["reached"] == row["one"] + row["none"]
        assert row["reduced"] == sum(1 for h in targets if then[h.pk][0] < enrolled[h.pk][0])
        assert row["cleared"] == sum(1 for h in targets if then[h.pk][0] == 0 < enrolled[h.pk][0])
        assert row["enrolled"] == sum(e for e, _ in enrolled.values())
        assert row["then"] == sum(t for t, _ in then.values())
    assert report.total["share"] == Decimal("75.00") and report.total["score"] == 2


def test_reports_hold_only_the_users_area(records, accounts):
    assert [r["label"] for r in data.levels_summary(accounts["maesuai"], Period(CURRENT)).rows] == [
        "แม่สรวย"
    ]
    assert {r["label"] for r in data.debt_results(accounts["phayao"], Period.current()).rows} == {
        "ปง",
        "เชียงม่วน",
    }


def test_pdf_is_an_a4_thai_report_with_its_totals(records, client_for):
    year = Period.current().fiscal_year
    response = client_for("central").get(reverse("report_pdf", args=["debts"]), {"year": year})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(max(width, height)) == 842 and round(min(width, height)) == 595  # A4
    text = _plain("".join(p.extract_text() for p in reader.pages))
    assert _plain("รายงานผลสัมฤทธิ์การบริหารจัดการหนี้") in text
    assert _plain(f"ประจำปีงบประมาณ {year}") in text
    assert "880,000.00" in text and "684,000.00" in text
    assert _plain("หน้า 1/") in text
    fonts = {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert any("Sarabun" in name for name in fonts)


def test_excel_has_thai_headers_formats_frozen_header_and_subtotals(records, client_for):
    response = client_for("chiangrai").get(
        reverse("report_excel", args=["levels"]), {"year": CURRENT}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[1][0] == f"แบบสรุปผลการประเมินการจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน ประจำปีงบประมาณ {CURRENT}"
    )
    assert rows[4][:4] == ("อำเภอ", "ศูนย์ทั้งหมด", "ประเมินแล้ว", "จังหวัดอนุมัติ")
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref.startswith("A5:")
    labels = [r[0] for r in rows[5:]]
    assert labels == ["พาน", "แม่สรวย", "รวมจังหวัดเชียงราย", "รวมทั้งหมด"]
    assert sheet.cell(row=6, column=2).number_format == "#,##0"
    assert sheet.cell(row=8, column=1).font.bold


def test_preview_shows_the_table_and_chart(records, client_for):
    page = client_for("chiangrai").get(
        reverse("report_preview", args=["levels"]), {"year": CURRENT}
    )
    content = page.content.decode()
    assert "<svg" in content and "รวมจังหวัดเชียงราย" in content and "รวมทั้งหมด" in content
    assert [r["label"] for r in page.context["report"].rows] == ["พาน", "แม่สรวย"]


def test_the_countrys_preview_is_a_row_per_province_and_its_files_every_district(
    records, client_for
):
    url = reverse("report_preview", args=["levels"])
    page = client_for("central").get(url, {"year": CURRENT})
    report, content = page.context["report"], page.content.decode()
    assert [r["label"] for r in report.rows] == ["พะเยา", "เชียงราย"]
    assert [r["centres"] for r in report.rows] == [2, 2] and report.total["centres"] == 4
    assert report.columns[0].label == "จังหวัด" and "แม่สรวย" not in content
    assert '<option value="">ทุกจังหวัด (แถวละจังหวัด)</option>' in content
    # Each province opens its districts.
    code = next(r["province_code"] for r in report.rows if r["label"] == "เชียงราย")
    link = f'<a href="?year={CURRENT}&amp;province={code}&amp;group=">เชียงราย</a>'
    assert link in content
    opened = client_for("central").get(url, {"year": CURRENT, "province": code, "group": ""})
    assert [r["label"] for r in opened.context["report"].rows] == ["พาน", "แม่สรวย"]
    assert f'href="/reports/levels/pdf/?year={CURRENT}"' in content  # every district
    excel = client_for("central").get(reverse("report_excel", args=["levels"]), {"year": CURRENT})
    labels = [r[0] for r in list(load_workbook(io.BytesIO(excel.content)).active.values)[5:]]
    assert "แม่สรวย" in labels and "รวมจังหวัดเชียงราย" in labels


def test_the_countrys_preview_shows_one_provinces_districts_when_chosen(
    records, client_for, accounts
):
    code = accounts["chiangrai"].province_id
    page = client_for("central").get(
        reverse("report_preview", args=["levels"]), {"year": CURRENT, "province": code}
    )
    report = page.context["report"]
    assert [r["label"] for r in report.rows] == ["พาน", "แม่สรวย"]
    assert report.sections[0].subtotal["label"] == "รวมจังหวัดเชียงราย" and report.total == {}
    assert f'<option value="{code}" selected>' in page.content.decode()
    # A code that is not one of the provinces shown reads as none chosen.
    other = client_for("central").get(
        reverse("report_preview", args=["levels"]), {"year": CURRENT, "province": "99"}
    )
    assert [r["label"] for r in other.context["report"].rows] == ["พะเยา", "เชียงราย"]


def test_api_gives_the_same_figures_in_scope(records, client_for, client):
    year = Period.current().fiscal_year
    payload = client_for("phayao").get(reverse("report_api", args=["debts"]), {"year": year}).json()
    assert payload["fiscal_year"] == year and payload["period"] == str(year)
    assert [s["province"] for s in payload["sections"]] == ["พะเยา"]
    assert payload["total"]["targets"] == 8 and payload["total"]["enrolled"] == "440000.00"
    assert client.get(reverse("report_api", args=["debts"])).status_code == 302
    assert client_for("central").get(reverse("report_api", args=["nothing"])).status_code == 404


def test_directory_lists_every_centre_with_its_latest_approved_level(records, accounts):
    report = data.centre_directory(accounts["central"], Period.current())
    assert len(report.rows) == 4
    by_name = {row["label"]: row for row in report.rows}
    for centre in Centre.objects.all():
        latest = centre.assessments.filter(state="approved").order_by("-fiscal_year").first()
        assert by_name[centre.name]["level"] == f"{latest.level.level} ({latest.fiscal_year})"
    assert {row["level"][-6:] for row in report.rows} == {f"({LAST})", f"({CURRENT})"}
    assert report.total["members"] == sum(
        c.memberships.filter(left_on__isnull=True).count() for c in Centre.objects.all()
    )
    assert report.total["label"] == "รวมทั้งหมด (4 ศูนย์)"


def test_the_country_directory_is_shown_a_province_at_a_time_and_filed_whole(records, client_for):
    client = client_for("central")
    url = reverse("report_preview", args=["directory"])
    page = client.get(url)  # the first of the provinces that have centres
    provinces = [p.name_th for p in page.context["provinces"]]
    assert sorted(provinces) == ["พะเยา", "เชียงราย"]
    assert page.context["province"].name_th == provinces[0]
    assert {r["province"] for r in page.context["report"].rows} == {provinces[0]}
    phayao = client.get(url, {"province": "56"})
    assert {r["province"] for r in phayao.context["report"].rows} == {"พะเยา"}
    assert phayao.context["report"].total["label"] == "รวมทั้งหมด (2 ศูนย์)"
    assert "ไฟล์ PDF และ Excel รวมทุกจังหวัด" in phayao.content.decode()
    # The files hold every province.
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("report_excel", args=["directory"])).content)
    )
    text = " ".join(str(c.value) for row in sheet.active.iter_rows() for c in row if c.value)
    assert "รวมทั้งหมด (4 ศูนย์)" in text
    # A province's staff see their own province, with no choice to make.
    assert client_for("phayao").get(url).context["provinces"] is None


def test_the_directory_on_screen_is_a_page_of_the_whole_directory(
    records, accounts, client_for, monkeypatch
):
    """A page of centres at a time, in the files' order, with the whole area's count and members
    as the total; the same queries whatever the page or the number of centres."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(data, "DIRECTORY_PER_PAGE", 1)
    client = client_for("chiangrai")
    url = reverse("report_preview", args=["directory"])
    whole = data.centre_directory(accounts["chiangrai"], Period.current())
    assert len(whole.rows) == 2
    shown = []
    for number in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"page": number})
        assert page.context["page"].paginator.num_pages == 2
        assert page.context["report"].total == {
            "label": whole.total["label"],
            "members": whole.total["members"],
        }
        shown += page.context["report"].rows
        counted = len(queries)
    assert [row["label"] for row in shown] == [row["label"] for row in whole.rows]
    assert shown == whole.rows
    assert "หน้า 2 จาก 2" in page.content.decode()
    # A page past the last shows the last; more centres take no more queries.
    assert client.get(url, {"page": 9}).context["page"].number == 2
    monkeypatch.setattr(data, "DIRECTORY_PER_PAGE", 50)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == counted


@pytest.mark.parametrize(
    "register", ["one-contract", "transfers", "shares", "board", "members", "plan"]
)
def test_each_centre_register_exports_as_excel_with_its_rows(
    records, centres, client_for, register
):
    centre = centres["บ้านป่าเปา"]
    url = reverse("centre_register", args=[centre.pk, register, "xlsx"])
    response = client_for("chiangrai").get(url, {"year": CURRENT})
    sheet = load_workbook(io.BytesIO(response.content)).active
    body = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] != "รวม"]
    expected = {
        "one-contract": centre.households.filter(baseline_on__isnull=False).count(),
        "transfers": 2,
        "shares": centre.share_transactions.count(),
        "board": centre.board_members.count(),
        "members": centre.memberships.count(),
        "plan": Assessment.objects.get(centre=centre, fiscal_year=CURRENT).plan_items.count(),
    }[register]
    assert len(body) == expected
    assert client_for("maesuai").get(url).status_code == 404


def test_a_centre_register_as_pdf_names_the_centre(records, centres, client_for):
    centre = centres["บ้านป่าเปา"]
    response = client_for("phan").get(reverse("centre_register", args=[centre.pk, "shares", "pdf"]))
    text = _plain("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    assert _plain("ทะเบียนคุมเงินลงหุ้น") in text and _plain(centre.name) in text
    assert (
        client_for("phan")
        .get(reverse("centre_register", args=[centre.pk, "nothing", "pdf"]))
        .status_code
        == 404
    )


def test_an_export_runs_keeps_its_file_and_is_private(records, accounts, client_for):
    from reports import exports
    from reports.models import Export

    client = client_for("central")
    response = client.post(
        reverse("export_start", args=["debts"]) + "?year=2570", {"extension": "xlsx"}
    )
    export = Export.objects.get(user=accounts["central"])
    assert response.url == export.get_absolute_url()
    assert client.get(reverse("export_status", args=[export.pk])).json()["status"] == "queued"
    exports.export_run(export.pk)  # what the queued job runs
    status = client.get(reverse("export_status", args=[export.pk])).json()
    assert (status["status"], status["progress"]) == ("done", 100)
    downloaded = b"".join(client.get(status["download"]).streaming_content)
    sheet = load_workbook(io.BytesIO(downloaded)).active
    assert sheet.cell(row=2, column=1).value.endswith("ประจำปีงบประมาณ 2570")
    assert (
        client_for("chiangrai").get(reverse("export_status", args=[export.pk])).status_code == 404
    )


def _area_export(client, **fields):
    from reports.models import Export

    response = client.post(
        reverse("area_registers_export"),
        {"register": "all", "extension": "xlsx", "year": CURRENT, **fields},
    )
    return response, Export.objects.order_by("-pk").first()


def test_a_province_registers_export_holds_every_centre_of_the_province(
    records, centres, accounts, client_for
):
    from reports import exports

    client = client_for("central")
    chiangrai = accounts["chiangrai"].province
    response, export = _area_export(client, province=chiangrai.pk)
    assert response.url == export.get_absolute_url()
    exports.export_run(export.pk)
    export.refresh_from_db()
    assert (export.status, export.progress) == ("done", 100)
    book = load_workbook(
        io.BytesIO(client.get(reverse("export_file", args=[export.pk])).getvalue())
    )
    assert len(book.sheetnames) == len(REGISTER_REPORTS)
    sheet = book[book.sheetnames[0]]
    assert "จังหวัดเชียงราย" in sheet.cell(row=2, column=1).value
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    in_province = Centre.objects.filter(province=chiangrai)
    households = Household.objects.filter(centre__in=in_province, baseline_on__isnull=False)
    rows = [r for r in body if not str(r[0]).startswith("รวม")]
    assert len(rows) == households.count()
    assert Counter(r[0] for r in rows) == Counter(h.centre.name for h in households)
    subtotals = {r[0] for r in body if str(r[0]).startswith("รวม ")}
    assert subtotals == {
        f"รวม {c.name} ({households.filter(centre=c).count()} รายการ)" for c in in_province
    }
    total = body[-1]
    assert total[0] == f"รวมทั้งหมด ({in_province.count()} ศูนย์)"
    assert Decimal(str(total[6])) == sum(h.baseline_outstanding for h in households)
    assert Decimal(str(total[9])) == sum(h.outstanding for h in households)
    # The share register of the same file: one row per transaction of the province's centres.
    shares = book[next(n for n in book.sheetnames if n.startswith("ทะเบียนคุมเงินลงหุ้น"))]
    share_rows = [
        r for r in shares.iter_rows(min_row=6, values_only=True) if not str(r[0]).startswith("รวม")
    ]
    assert len(share_rows) == sum(c.share_transactions.count() for c in in_province)


def test_area_registers_stay_inside_the_users_area(records, centres, accounts, client_for):
    from reports import exports

    phayao = accounts["phayao"].province
    response, _ = _area_export(client_for("chiangrai"), province=phayao.pk)
    assert response.status_code == 200
    assert "เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ" in response.content.decode()
    # A district officer gets the centres of the own district only.
    phan = accounts["phan"]
    response, export = _area_export(
        client_for("phan"), province=phan.province_id, register="members"
    )
    exports.export_run(export.pk)
    body = load_workbook(
        io.BytesIO(client_for("phan").get(reverse("export_file", args=[export.pk])).getvalue())
    ).active
    named = {
        r[0] for r in body.iter_rows(min_row=6, values_only=True) if not str(r[0]).startswith("รวม")
    }
    assert named == set(
        Centre.objects.filter(district=phan.district).values_list("name", flat=True)
    )
    assert "อำเภอ" in body.cell(row=2, column=1).value


def test_area_registers_as_pdf_start_each_register_on_a_new_page(
    records, centres, accounts, client_for
):
    from reports import exports

    client = client_for("phayao")
    _, export = _area_export(client, province=accounts["phayao"].province_id, extension="pdf")
    exports.export_run(export.pk)
    reader = PdfReader(io.BytesIO(client.get(reverse("export_file", args=[export.pk])).getvalue()))
    first_lines = [_plain(page.extract_text()) for page in reader.pages]
    for register in ("ทะเบียนคุมเงินลงหุ้น", "ทะเบียนคณะกรรมการ", "แผนการพัฒนา"):
        assert any(_plain(register) in text for text in first_lines)
    for centre in Centre.objects.filter(province=accounts["phayao"].province):
        assert any(_plain(centre.name) in text for text in first_lines)
    assert len(reader.pages) >= 6


def test_the_reports_page_offers_the_area_registers_form(records, client_for):
    page = client_for("chiangrai").get(reverse("report_index")).content.decode()
    assert 'action="/reports/registers/export/"' in page and "เชียงราย" in page
    response = client_for("chiangrai").post(reverse("area_registers_export"), {"year": "2025"})
    assert "ปีงบประมาณเป็นปีพุทธศักราช" in response.content.decode()


@pytest.mark.django_db(databases=["default", "replica"])
def test_reports_read_from_the_replica_when_one_is_configured(accounts, settings):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from cddfund.routers import replica_reads
    from debts.models import Household

    settings.REPORTS_DATABASE = "replica"
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        with replica_reads():
            data.debt_results(accounts["central"], Period(2568))
        Household.objects.exists()  # outside a report: the primary
    assert len(replica.captured_queries) >= 1
    assert len(primary.captured_queries) == 1
    settings.REPORTS_DATABASE = None
    with CaptureQueriesContext(connections["replica"]) as replica, replica_reads():
        data.debt_results(accounts["central"], Period(2568))
    assert replica.captured_queries == []


def test_bound_parts_keep_their_order_and_the_file_is_valid(tmp_path):
    """Parts are written out as they come (reports/binding.py): the bound file has every page
    of every part, in order, drawn as the part drew it, and qpdf finds nothing wrong in it."""
    import pikepdf
    from weasyprint import HTML

    from reports import render

    parts = [
        HTML(
            string=f"<html lang='th'><p>part {n} of 5</p>"
            + "<p style='break-before: page'>more</p>" * (n % 2)
        ).write_pdf()
        for n in range(5)
    ]
    target = tmp_path / "bound.pdf"
    assert render.bind(iter(parts), target) == 7  # parts 1 and 3 have two pages
    texts = [page.extract_text() for page in PdfReader(target).pages]
    assert [t for t in texts if t.startswith("part")] == [f"part {n} of 5" for n in range(5)]
    with pikepdf.open(target) as bound:
        assert bound.check_pdf_syntax() == []
        assert len(bound.pages) == 7 and bound.Root.Lang == "th"
        # Each page keeps its fonts and size.
        with pikepdf.open(io.BytesIO(parts[0])) as part:
            assert list(bound.pages[0].mediabox) == list(part.pages[0].mediabox)
        assert bound.pages[0].Resources.Font


def test_a_bound_page_keeps_what_it_took_from_its_parts_page_tree_and_its_links(tmp_path):
    import pikepdf

    from reports import render

    part = pikepdf.new()
    part.add_blank_page(page_size=(200, 100))
    part.add_blank_page(page_size=(200, 100))
    first, second = part.pages[0].obj, part.pages[1].obj
    # The size and rotation kept on the page tree, not on the pages.
    part.Root.Pages.MediaBox = first.MediaBox
    part.Root.Pages.Rotate = 90
    del first["/MediaBox"], second["/MediaBox"]
    # A link on the first page to the second.
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
        Dest=[second, pikepdf.Name.Fit],
    )  # fmt: skip
    first.Annots = part.make_indirect(pikepdf.Array([part.make_indirect(link)]))
    content = io.BytesIO()
    part.save(content)

    target = tmp_path / "bound.pdf"
    assert render.bind([content.getvalue()] * 2, target) == 4
    with pikepdf.open(target) as bound:
        assert bound.check_pdf_syntax() == []
        pages = [page.obj for page in bound.pages]
        assert all(list(page.MediaBox) == [0, 0, 200, 100] and page.Rotate == 90 for page in pages)
        # Each part's link leads to its own second page.
        assert pages[0].Annots[0].Dest[0].objgen == pages[1].objgen
        assert pages[2].Annots[0].Dest[0].objgen == pages[3].objgen


def test_a_part_that_fails_leaves_no_half_written_file(tmp_path):
    from weasyprint import HTML

    from reports import render

    def parts():
        yield HTML(string="<p>part</p>").write_pdf()
        raise RuntimeError("a centre's register failed")

    target = tmp_path / "bound.pdf"
    with pytest.raises(RuntimeError):
        render.bind(parts(), target)
    assert not target.exists()


# --- the levels summary of a province or the country: read as last counted -----------------------


def test_the_levels_of_wider_areas_are_the_last_count_and_the_same_as_counted_live(
    records, accounts
):
    from cddfund.services import tallies_count

    period = Period.current()
    who = ("central", "chiangrai", "maesuai")
    live = {w: data.levels_summary(accounts[w], period) for w in who}
    assert live["central"].total["assessed"] > 0 and live["central"].total["approved"] > 0
    tallies_count()
    for w in who:
        counted = data.levels_summary(accounts[w], period)
        assert counted.rows == live[w].rows and counted.total == live[w].total
        # A district officer's own figures are always counted live.
        assert ("นับไว้เมื่อ" in " ".join(counted.notes)) == (w != "maesuai")


def test_closing_keeps_the_levels_as_they_are_not_as_last_counted(records, accounts):
    from cddfund.models import AreaTally
    from cddfund.services import tallies_count
    from reports.services import period_close, period_keep

    central = accounts["central"]
    last_year = Period(Period.current().fiscal_year - 1)
    live = data.levels_summary(central, last_year)
    assert live.total["assessed"] > 0
    tallies_count(today=last_year.end)  # a count that holds last year
    AreaTally.objects.filter(name__startswith="levels_").update(count=0)
    assert data.levels_summary(central, last_year).total["assessed"] == 0  # the page: the count
    period_keep(period_close(by=central, period=last_year))
    kept = data.report("levels", central, last_year)
    assert kept.snapshot is not None
    assert [kept.total[k] for k in data.LEVELS_STATES] == [
        live.total[k] for k in data.LEVELS_STATES
    ]
