"""Excel import: the dry run's row-by-row report, all-or-nothing, idempotent re-upload, the
round trip, scope, and the pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pghistory.models import Events

from cddfund import thai
from debts.models import Household, Loan, Survey
from imports import jobs as import_jobs
from imports import layout, running, sheets
from imports.models import ImportJob
from institutes.models import VillageGroup
from institutes.selectors import books as book_selectors
from institutes.services import members as member_services

pytestmark = pytest.mark.django_db

PHAN_VILLAGE = "57051111"  # บ้านป่าเปา, อ.พาน (the officer "phan")
OTHER_DISTRICT_VILLAGE = "57100206"  # บ้านโป่ง, อ.แม่สรวย


GOOD_ID = thai.with_check_digit("310050012345")
SECOND_ID = thai.with_check_digit("310050012346")


def _sheet(book, key, rows):
    spec = sheets.SHEETS[key]
    sheet = book.create_sheet(spec.title)
    sheet.append([str(c.header) for c in spec.columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in spec.columns])


def _save(book) -> bytes:
    del book[book.sheetnames[0]]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LOAN = {
    "head_national_id": GOOD_ID,
    "surveyed_on": "01/06/2568",
    "creditor_group": "กองทุนหมู่บ้านป่าเปา",
    "borrower": "",
    "contract_date": "15/01/2567",
    "principal": 20000,
    "outstanding": 12000.5,
    "interest_rate": 6,
    "term_months": 24,
    "months_in_arrears": 0,
}


def fixture_workbook() -> bytes:
    """Good rows and one of every kind of bad row."""
    book = Workbook()
    _sheet(
        book,
        "groups",
        [
            {  # row 2: good
                "village": PHAN_VILLAGE,
                "group_type": "กลุ่มอาชีพ",
                "name": "กลุ่มจักสานบ้านป่าเปา",
                "founded_on": "10/02/2565",
                "member_count": 15,
                "capital": "25,000.00",
            },
            {  # row 3: another district
                "village": OTHER_DISTRICT_VILLAGE,
                "group_type": "กลุ่มอาชีพ",
                "name": "กลุ่มใหม่",
                "member_count": 5,
                "capital": 100,
            },
            {  # row 4: amount not a number, unknown type
                "village": PHAN_VILLAGE,
                "group_type": "ชมรม",
                "name": "กลุ่มเย็บผ้า",
                "member_count": 5,
                "capital": "ห้าพัน",
            },
            {  # row 5: unknown village
                "village": "57051199",
                "group_type": "กลุ่มอาชีพ",
                "name": "กลุ่มอื่น",
                "member_count": 5,
                "capital": 1,
            },
        ],
    )
    _sheet(
        book,
        "households",
        [
            {  # row 2: good
                "village": PHAN_VILLAGE,
                "house_number": "88/1",
                "head_name": "นายทดสอบ นำเข้า",
                "head_national_id": GOOD_ID,
                "members": 4,
            },
            {  # row 3: wrong check digit
                "village": PHAN_VILLAGE,
                "house_number": "88/2",
                "head_name": "นางผิด หลักตรวจ",
                "head_national_id": GOOD_ID[:12] + str((int(GOOD_ID[12]) + 1) % 10),
                "members": 2,
            },
            {  # row 4: good, second household
                "village": PHAN_VILLAGE,
                "house_number": "88/3",
                "head_name": "นางสอง นำเข้า",
                "head_national_id": SECOND_ID,
                "members": 3,
            },
        ],
    )
    _sheet(
        book,
        "loans",
        [
            LOAN,  # row 2: good
            {  # row 3: good, external bank loan of the same survey
                **LOAN,
                "creditor_group": None,
                "external_kind": "ธนาคารพาณิชย์/ธนาคารของรัฐ",
                "external_name": "ธ.ก.ส.",
                "contract_no": "B-77",
            },
            {**LOAN, "head_national_id": SECOND_ID, "creditor_group": "กลุ่มที่ไม่มี"},  # row 4
            {**LOAN, "head_national_id": SECOND_ID, "contract_date": "15/01/2024"},  # row 5: CE
            {**LOAN, "head_national_id": GOOD_ID},  # row 6: duplicate contract of row 2
        ],
    )
    # Contract numbers: every row has one; row 2 and row 6 share "K-1".
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["F2"] = "K-1"
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["F4"] = "K-2"
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["F5"] = "K-3"
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["F6"] = "K-1"
    return _save(book)


@pytest.fixture
def workbook_path(tmp_path):
    path = tmp_path / "registers.xlsx"
    path.write_bytes(fixture_workbook())
    return path


def _errors(result):
    return {(sheet, row, column): message for sheet, row, column, message in result.errors}


def test_the_dry_run_reports_every_bad_row_and_writes_nothing(households, accounts, workbook_path):
    before = (VillageGroup.objects.count(), Household.objects.count(), Loan.objects.count())
    result = running.run(workbook_path, accounts["phan"], write=False)
    counts = {
        s.title: (s.rows, s.created, s.updated, s.unchanged, s.rejected) for s in result.sheets
    }
    assert counts == {
        "กลุ่มในหมู่บ้าน": (4, 1, 0, 0, 3),
        "ครัวเรือน": (3, 2, 0, 0, 1),
        "สัญญาเงินกู้ (สำรวจหนี้)": (5, 2, 0, 0, 3),
    }
    errors = _errors(result)
    assert errors[("กลุ่มในหมู่บ้าน", 3, "รหัสหมู่บ้าน")] == "อยู่นอกพื้นที่ที่คุณรับผิดชอบ นำเข้าไม่ได้"
    assert errors[("กลุ่มในหมู่บ้าน", 4, "ทุน (บาท)")] == "ต้องเป็นตัวเลข"
    assert errors[("กลุ่มในหมู่บ้าน", 4, "ประเภทกลุ่ม")].startswith("ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้")
    assert "ไม่พบหมู่บ้านรหัส 57051199" in errors[("กลุ่มในหมู่บ้าน", 5, "รหัสหมู่บ้าน")]
    assert "หลักตรวจสอบ" in errors[("ครัวเรือน", 3, "เลขประจำตัวประชาชนหัวหน้าครัวเรือน")]
    loans = "สัญญาเงินกู้ (สำรวจหนี้)"
    assert 'ไม่พบกลุ่ม "กลุ่มที่ไม่มี"' in errors[(loans, 4, "กลุ่มเจ้าหนี้ในหมู่บ้าน")]
    assert "ปี 2024 เป็นปี ค.ศ." in errors[(loans, 5, "วันที่ทำสัญญา")]
    assert errors[(loans, 6, "-")] == "ซ้ำกับแถวที่ 2 ของแผ่นงานเดียวกัน"
    assert before == (VillageGroup.objects.count(), Household.objects.count(), Loan.objects.count())


def test_the_import_writes_the_valid_rows_audited_and_a_reupload_changes_nothing(
    households, accounts, workbook_path
):
    phan = accounts["phan"]
    checked = running.run(workbook_path, phan, write=False)
    audit = {"user": phan.pk, "command": "นำเข้าจากไฟล์ registers.xlsx"}
    result = running.run(workbook_path, phan, write=True, checked=checked, audit=audit)
    assert result.file_error == "" and result.changes == 5
    household = Household.objects.get(head_national_id=GOOD_ID)
    assert household.baseline_on == datetime.date(2025, 6, 1)
    assert household.baseline_contracts == 1  # the bank loan is kept but not counted
    assert household.loans.count() == 2
    assert household.loans.get(contract_no="K-1").outstanding == Decimal("12000.50")
    assert VillageGroup.objects.filter(name="กลุ่มจักสานบ้านป่าเปา", capital=25000).exists()
    event = Events.objects.tracks(household).first()
    assert event.pgh_context["command"] == "นำเข้าจากไฟล์ registers.xlsx"

    again = running.run(workbook_path, phan, write=False)
    assert again.changes == 0
    assert sum(s.unchanged for s in again.sheets) == 5
    assert Survey.objects.filter(household=household).count() == 1


def test_a_corrected_file_updates_the_rows_it_matches(households, accounts, tmp_path):
    phan = accounts["phan"]
    path = tmp_path / "registers.xlsx"
    path.write_bytes(fixture_workbook())
    running.run(path, phan, write=True)
    book = load_workbook(path)
    book["ครัวเรือน"]["E2"] = 6  # members of the first household
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["N2"] = "ซื้อปุ๋ย"  # purpose of its loan
    book.save(path)
    result = running.run(path, phan, write=True)
    updated = {s.title: s.updated for s in result.sheets}
    assert updated["ครัวเรือน"] == 1 and updated["สัญญาเงินกู้ (สำรวจหนี้)"] == 1
    assert Household.objects.get(head_national_id=GOOD_ID).members == 6
    # A surveyed figure cannot be changed by a file.
    book["สัญญาเงินกู้ (สำรวจหนี้)"]["J2"] = 11000
    book.save(path)
    result = running.run(path, phan, write=False)
    assert (
        "ตัวเลขที่สำรวจแก้ด้วยการนำเข้าไม่ได้"
        in _errors(result)[("สัญญาเงินกู้ (สำรวจหนี้)", 2, "หนี้คงค้าง (บาท)")]
    )


def test_nothing_is_written_when_the_records_changed_after_the_check(
    households, accounts, workbook_path
):
    phan = accounts["phan"]
    checked = running.run(workbook_path, phan, write=False)
    # Meanwhile another officer records the same house and head by hand, under another ID.
    from debts.services.households import household_create
    from institutes.models import Centre

    household_create(
        by=phan,
        centre=Centre.objects.get(village__moo=11, village__subdistrict_id="570511"),
        house_number="88/3",
        head_name="นางสอง นำเข้า",
        head_national_id=thai.with_check_digit("310050012999"),
        members=3,
    )
    groups = VillageGroup.objects.count()
    result = running.run(workbook_path, phan, write=True, checked=checked)
    assert "ข้อมูลในระบบเปลี่ยนไปหลังการตรวจ" in result.file_error
    assert "ไม่ได้นำเข้าข้อมูลใดเลย" in result.file_error
    assert VillageGroup.objects.count() == groups
    assert not Household.objects.filter(head_national_id=GOOD_ID).exists()


def test_exported_registers_import_back_unchanged(households, books, accounts, tmp_path):
    phan = accounts["phan"]
    path = tmp_path / "export.xlsx"
    layout.workbook(path, sheets.sheets(), phan)
    result = running.run(path, phan, write=False)
    assert result.errors == [] and result.changes == 0
    unchanged = {s.title: s.unchanged for s in result.sheets}
    assert unchanged["ครัวเรือน"] == Household.objects.filter(district=phan.district).count()
    assert unchanged["สัญญาเงินกู้ (สำรวจหนี้)"] > 0
    assert unchanged["คณะกรรมการศูนย์"] > 0 and unchanged["ทะเบียนคุมเงินลงหุ้น"] > 0
    assert unchanged["บัญชีรับ-จ่ายของศูนย์"] > 0
    assert unchanged["ทะเบียนเงินกู้ระหว่างกลุ่ม"] > 0
    assert unchanged["การรับชำระเงินกู้ระหว่างกลุ่ม"] > 0
    assert unchanged["เงินรับฝากสมาชิก (บุคคล)"] > 0
    assert unchanged["ระดับการพัฒนากลุ่มออมทรัพย์"] > 0


def test_a_file_that_is_not_a_known_workbook_is_refused_whole(accounts, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    assert "Excel (.xlsx)" in running.run(path, accounts["phan"], write=False).file_error
    book = Workbook()
    book.active.title = "อะไรก็ได้"
    book.save(path)
    assert "ไม่พบแผ่นงานที่นำเข้าได้" in running.run(path, accounts["phan"], write=False).file_error
    book = Workbook()
    book.active.title = "ครัวเรือน"
    book.active.append(["บ้านเลขที่"])
    book.save(path)
    result = running.run(path, accounts["phan"], write=False)
    assert "ไม่พบคอลัมน์ รหัสหมู่บ้าน" in result.errors[0][3]


def test_dates_typed_in_either_calendar_cell(accounts):
    column = sheets.Column("d", "วันที่", "date")
    assert column.read("15/03/2568") == datetime.date(2025, 3, 15)
    assert column.read(datetime.datetime(2025, 3, 15)) == datetime.date(2025, 3, 15)
    assert column.read(datetime.datetime(2568, 3, 15)) == datetime.date(2025, 3, 15)
    with pytest.raises(sheets.RowError, match=r"ปี ค\.ศ\."):
        column.read("15/03/2025")
    money = sheets.Column("m", "เงิน", "money")
    assert money.read(1234.5) == Decimal("1234.50")
    with pytest.raises(sheets.RowError, match="ทศนิยม"):
        money.read("10.005")


def test_the_pages_upload_check_confirm_and_keep_the_job_private(households, accounts, client_for):
    client = client_for("phan")
    page = client.get(reverse("import_index")).content.decode()
    assert reverse("import_template", args=["loans"]) in page
    template = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("import_template", args=["loans"])).streaming_content)
        )
    )
    assert template.sheetnames == ["คำอธิบาย", "สัญญาเงินกู้ (สำรวจหนี้)"]
    assert template["สัญญาเงินกู้ (สำรวจหนี้)"]["A1"].value == "เลขประจำตัวประชาชนหัวหน้าครัวเรือน"

    refused = client.post(
        reverse("import_upload"), {"file": SimpleUploadedFile("a.csv", b"a,b", "text/csv")}
    )
    assert "รับเฉพาะไฟล์ Excel (.xlsx)" in refused.content.decode()

    upload = SimpleUploadedFile("registers.xlsx", fixture_workbook())
    response = client.post(reverse("import_upload"), {"file": upload})
    job = ImportJob.objects.get(user=accounts["phan"])
    assert response.url == job.get_absolute_url()
    import_jobs.check(job.pk)  # what the queued job runs
    job.refresh_from_db()
    assert (job.total_rows, job.progress_rows, job.percent) == (12, 12, 100)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "ผลการตรวจ (ยังไม่ได้บันทึก)" in page and "ยืนยันนำเข้า 5 แถว" in page
    assert "ซ้ำกับแถวที่ 2 ของแผ่นงานเดียวกัน" in page
    assert not Household.objects.filter(head_national_id=GOOD_ID).exists()

    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 302
    import_jobs.write(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.import_seconds is not None
    assert "นำเข้าเรียบร้อย บันทึก 5 แถว" in client.get(job.get_absolute_url()).content.decode()
    assert Household.objects.filter(head_national_id=GOOD_ID).exists()
    # The same job run again (a worker that died after the import, a retry) imports nothing more.
    counts = (Household.objects.count(), Loan.objects.count())
    import_jobs.write(job.pk)
    assert (Household.objects.count(), Loan.objects.count()) == counts
    # Confirming twice does nothing more.
    client.post(reverse("import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert client_for("maesuai").get(job.get_absolute_url()).status_code == 404
    assert client_for("chiangrai").get(reverse("import_index")).status_code == 403


def test_a_register_longer_than_a_sheet_continues_on_more_sheets(
    households, accounts, tmp_path, monkeypatch
):
    monkeypatch.setattr(layout, "MAX_SHEET_ROWS", 2)
    phan = accounts["phan"]
    path = tmp_path / "households.xlsx"
    layout.workbook(path, [sheets.SHEETS["households"]], phan)
    names = load_workbook(path, read_only=True).sheetnames
    count = Household.objects.filter(district=phan.district).count()
    assert names[1:] == ["ครัวเรือน"] + [f"ครัวเรือน ({n})" for n in range(2, (count + 1) // 2 + 1)]
    result = running.run(path, phan, write=False)
    assert result.sheets[0].unchanged == count and result.errors == []
    assert running.count_rows(path) == count


def test_the_centres_books_come_in_from_excel_once(centres, accounts, tmp_path):
    """Opening balances, income and expenses of a centre's books: written through the books'
    service, refused rows named in Thai, and a re-upload changes nothing."""
    phan = accounts["phan"]
    centre = centres["บ้านป่าเปา"]
    village = centre.village.code
    book = Workbook()
    _sheet(
        book,
        "books",
        [
            {
                "village": village,
                "kind": "ยอดยกมา (เงินสดหรือเงินฝากที่มีอยู่ก่อนเริ่มบันทึกบัญชีในระบบ)",
                "entry_on": "01/10/2568",
                "money": "1101",
                "account": "3901",
                "amount": 5000,
                "description": "เงินสดยกมาจากสมุดเดิม",
                "document_no": "ยม.1",
            },
            {
                "village": village,
                "kind": "จ่ายเงิน (ค่าใช้จ่าย หรือจ่ายอื่น ๆ)",
                "entry_on": "02/10/2568",
                "money": "1101",
                "account": "5901",
                "amount": 320,
                "description": "ค่าถ่ายเอกสาร",
                "document_no": "บ.9",
            },
            {
                "village": village,
                "kind": "จ่ายเงิน (ค่าใช้จ่าย หรือจ่ายอื่น ๆ)",
                "entry_on": "03/10/2568",
                "money": "1101",
                "account": "9999",
                "amount": 10,
                "description": "บัญชีที่ไม่มี",
                "document_no": "",
            },
        ],
    )
    path = tmp_path / "books.xlsx"
    path.write_bytes(_save(book))
    checked = running.run(path, phan, write=False)
    errors = _errors(checked)
    assert errors == {
        (
            "บัญชีรับ-จ่ายของศูนย์",
            4,
            "รหัสบัญชีคู่รายการ",
        ): "ไม่พบบัญชีรหัส 9999 ในผังบัญชีของศูนย์นี้ (ดูรหัสที่หน้าผังบัญชีของศูนย์)"
    }
    before = centre.journal_entries.count()
    result = running.run(path, phan, write=True, checked=checked, audit={"user": phan.pk})
    assert result.changes == 2
    assert centre.journal_entries.count() == before + 2
    expense = centre.journal_entries.get(description="ค่าถ่ายเอกสาร")
    assert {(line.account.code, line.debit, line.credit) for line in expense.lines.all()} == {
        ("5901", Decimal(320), 0),
        ("1101", 0, Decimal(320)),
    }
    again = running.run(path, phan, write=False)
    assert again.changes == 0
    assert {s.title: s.unchanged for s in again.sheets}["บัญชีรับ-จ่ายของศูนย์"] == 2


def test_loans_repayments_and_deposits_come_in_from_excel_once(centres, accounts, tmp_path):
    """A centre's loans to groups (decided at a recorded board meeting), their repayments and
    its members' deposits: written through the services that post their entries, each refused
    row named in Thai, and a re-upload changes nothing."""
    phan = accounts["phan"]
    centre = centres["บ้านป่าเปา"]
    village = centre.village.code
    meeting = centre.meetings.filter(kind="board").order_by("held_on").first()
    member_services.individual_member_add(
        by=phan, centre=centre, name="นางสาวทดสอบ ฝากดี", joined_on=datetime.date(2020, 1, 1)
    )
    day = thai.format_date(meeting.held_on + datetime.timedelta(days=1))
    later = thai.format_date(meeting.held_on + datetime.timedelta(days=40))
    group = "กองทุนหมู่บ้านป่าเปา"
    loan = {
        "village": village,
        "group": group,
        "lent_on": day,
        "amount": 20000,
        "interest_rate": 6,
        "term_months": 10,
        "plan": "ผ่อนเงินต้นเท่ากันทุกเดือน",
        "decided_on": thai.format_date(meeting.held_on),
        "contract_no": "สก.1/2568",
        "money": "1101",
    }
    book = Workbook()
    _sheet(
        book,
        "books",
        [
            {
                "village": village,
                "kind": "ยอดยกมา (เงินสดหรือเงินฝากที่มีอยู่ก่อนเริ่มบันทึกบัญชีในระบบ)",
                "entry_on": thai.format_date(meeting.held_on),
                "money": "1101",
                "account": "3901",
                "amount": 30000,
                "description": "เงินสดยกมา",
            }
        ],
    )
    _sheet(
        book,
        "group-loans",
        [
            loan,
            {**loan, "contract_no": "สก.2/2568", "decided_on": "01/01/2550"},
            {**loan, "contract_no": "สก.3/2568", "money": "5901"},
        ],
    )
    repayment = {
        "village": village,
        "group": group,
        "contract_no": "สก.1/2568",
        "paid_on": later,
        "principal": 2000,
        "interest": 100,
        "receipt_no": "ร.1",
        "money": "1101",
    }
    _sheet(
        book,
        "group-loan-repayments",
        [repayment, {**repayment, "principal": 50000, "receipt_no": "ร.2"}],
    )
    deposit = {
        "village": village,
        "member": "นางสาวทดสอบ ฝากดี",
        "kind": "ฝาก",
        "made_on": later,
        "amount": 1500,
        "receipt_no": "ฝ.1",
        "money": "1101",
    }
    _sheet(
        book,
        "deposits",
        [
            deposit,
            {**deposit, "kind": "ถอน", "amount": 9000, "receipt_no": "ถ.1"},
            {**deposit, "member": "ไม่มีชื่อนี้"},
        ],
    )
    path = tmp_path / "money.xlsx"
    path.write_bytes(_save(book))
    checked = running.run(path, phan, write=False)
    errors = _errors(checked)
    assert errors == {
        ("ทะเบียนเงินกู้ระหว่างกลุ่ม", 3, "วันที่ประชุมคณะกรรมการที่มีมติให้กู้"): (
            "ไม่พบการประชุมคณะกรรมการของศูนย์นี้วันที่ 01/01/2550 (บันทึกการประชุมที่มีมติให้กู้ที่หน้าการประชุมก่อน)"
        ),
        ("ทะเบียนเงินกู้ระหว่างกลุ่ม", 4, "รหัสบัญชีเงินสด/ธนาคาร"): (
            "รหัส 5901 ไม่ใช่เงินสดหรือบัญชีธนาคารของศูนย์ (1101 = เงินสด, 1102-… = บัญชีธนาคาร)"
        ),
        ("การรับชำระเงินกู้ระหว่างกลุ่ม", 3, "เงินต้น (บาท)"): (
            "ชำระเงินต้นได้ไม่เกิน 18,000.00 บาท: เงินกู้ของกลุ่ม กองทุนหมู่บ้านป่าเปา "
            "20,000.00 บาท ชำระแล้ว 2,000.00 บาท"
        ),
        ("เงินรับฝากสมาชิก (บุคคล)", 3, "จำนวนเงิน (บาท)"): (
            f"ถอนได้ไม่เกิน 1,500.00 บาท (เงินฝากคงเหลือของ นางสาวทดสอบ ฝากดี ณ วันที่ {later})"
        ),
        ("เงินรับฝากสมาชิก (บุคคล)", 4, "ชื่อ-นามสกุลสมาชิก"): (
            'ไม่พบสมาชิกรายบุคคล "ไม่มีชื่อนี้" ของศูนย์นี้ (เพิ่มที่ทะเบียนสมาชิกก่อน)'
        ),
    }
    cash = centre.accounts.get(code="1101")
    before = sum(line.debit - line.credit for line in cash.lines.all())
    result = running.run(path, phan, write=True, checked=checked, audit={"user": phan.pk})
    assert result.changes == 4
    made = centre.group_loans.get(contract_no="สก.1/2568")
    assert made.decision == meeting and made.repayments.get().principal == Decimal(2000)
    after = sum(line.debit - line.credit for line in cash.lines.all())
    assert after - before == 30000 - 20000 + 2100 + 1500
    assert book_selectors.reconciliation([centre.pk]).get(centre.pk, []) == []
    again = running.run(path, phan, write=False)
    assert again.changes == 0
    unchanged = {s.title: s.unchanged for s in again.sheets}
    assert unchanged["ทะเบียนเงินกู้ระหว่างกลุ่ม"] == 1
    assert unchanged["การรับชำระเงินกู้ระหว่างกลุ่ม"] == 1
    assert unchanged["เงินรับฝากสมาชิก (บุคคล)"] == 1


def test_savings_groups_levels_come_in_from_excel(centres, accounts, tmp_path):
    phan = accounts["phan"]
    village = centres["บ้านป่าเปา"].village.code
    book = Workbook()
    row = {"village": village, "group": "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา", "fiscal_year": 2571}
    _sheet(
        book,
        "group-levels",
        [
            {**row, "level": "ระดับ 3 (ดี)"},
            {**row, "fiscal_year": 2572, "level": "2"},
            {**row, "group": "กองทุนหมู่บ้านป่าเปา", "level": "3"},
            {**row, "fiscal_year": 2573, "level": "4"},
        ],
    )
    path = tmp_path / "levels.xlsx"
    path.write_bytes(_save(book))
    checked = running.run(path, phan, write=False)
    assert {(r, c): m for _s, r, c, m in checked.errors} == {
        (
            4,
            "ชื่อกลุ่มออมทรัพย์เพื่อการผลิต",
        ): "กองทุนหมู่บ้านป่าเปา ไม่ใช่กลุ่มออมทรัพย์เพื่อการผลิต: บันทึกระดับการพัฒนาได้เฉพาะกลุ่มออมทรัพย์ฯ",
        (5, "ระดับการพัฒนา"): "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: ระดับ 1 (ต้องปรับปรุง), ระดับ 2 (ปานกลาง), "
        "ระดับ 3 (ดี)",
    }
    result = running.run(path, phan, write=True, checked=checked, audit={"user": phan.pk})
    assert result.changes == 2
    group = VillageGroup.objects.get(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา")
    assert dict(group.levels.values_list("fiscal_year", "level"))[2571] == 3
    assert running.run(path, phan, write=False).changes == 0
