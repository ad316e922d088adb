import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cddfund import thai
from cddfund.periods import Period
from debts import figures, forms, selectors
from debts.models import DebtEvent, Household, Loan, SurveyLine
from debts.services import classes, households, restructure
from debts.services.households import LoanInput
from tests.test_restructure import surveyed_household

pytestmark = pytest.mark.django_db
D = datetime.date


def _household_form(**overrides):
    data = {
        "house_number": "77/1",
        "head_name": "นายใหม่ มาดี",
        "head_national_id": "1-1017-00230-70-8",
        "members": "4",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_household_with_a_checked_national_id(centres, client_for):
    centre = centres["บ้านป่าเปา"]
    response = client_for("phan").post(
        reverse("household_create", args=[centre.pk]), _household_form()
    )
    household = Household.objects.get(head_national_id="1101700230708")
    assert response.url == household.get_absolute_url()
    assert (household.village, household.district_id) == (centre.village, "5705")


def test_wrong_check_digit_and_taken_id_are_refused(centres, client_for):
    centre = centres["บ้านป่าเปา"]
    client = client_for("phan")
    response = client.post(
        reverse("household_create", args=[centre.pk]),
        _household_form(head_national_id="1101700230709"),
    )
    assert response.context["form"].errors["head_national_id"] == [
        "เลขประจำตัวประชาชนไม่ถูกต้อง: หลักสุดท้าย (หลักตรวจสอบ) ไม่ตรง"
    ]
    client.post(reverse("household_create", args=[centre.pk]), _household_form())
    response = client.post(
        reverse("household_create", args=[centre.pk]), _household_form(house_number="78")
    )
    assert response.context["form"].errors["head_national_id"] == [
        f"เลขประจำตัวประชาชนนี้เป็นหัวหน้าครัวเรือน 77/1 {centre.village} อยู่แล้ว"
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(head_national_id="1101700230708").update(head_national_id="123")


def test_possible_duplicate_is_flagged_until_confirmed(centres, client_for):
    centre = centres["บ้านป่าเปา"]
    client = client_for("phan")
    client.post(reverse("household_create", args=[centre.pk]), _household_form())
    second = _household_form(head_national_id="3100600445635", head_name="นายใหม่  มาดี")
    response = client.post(reverse("household_create", args=[centre.pk]), second)
    assert response.context["form"].non_field_errors() == [
        "อาจซ้ำกับครัวเรือนที่มีอยู่: บ้านเลขที่ 77/1 นายใหม่ มาดี ถ้าไม่ใช่ครัวเรือนเดียวกัน ให้ติ๊กยืนยันแล้วบันทึกอีกครั้ง"
    ]
    assert Household.objects.filter(centre=centre).count() == 1
    response = client.post(
        reverse("household_create", args=[centre.pk]), {**second, "duplicate_confirmed": "on"}
    )
    assert response.status_code == 302
    assert Household.objects.filter(centre=centre).count() == 2


def test_bank_loans_are_kept_but_left_out_of_the_standing(accounts, centres):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    household = households.household_create(
        by=officer,
        centre=centre,
        house_number="5",
        head_name="นางทด ลอง",
        head_national_id="3100600445635",
        members=2,
    )
    group = centre.memberships.first().group
    households.survey_record(
        by=officer,
        household=household,
        surveyed_on=D(2024, 11, 1),
        new_loans=[
            LoanInput(
                "A1",
                "",
                D(2023, 1, 1),
                Decimal(10000),
                Decimal(8000),
                Decimal(6),
                12,
                creditor_group=group,
            ),
            LoanInput(
                "B1",
                "",
                D(2023, 1, 1),
                Decimal(90000),
                Decimal(90000),
                Decimal(7),
                60,
                external_kind="bank",
                external_name="ธนาคารออมสิน",
            ),
        ],
    )
    household.refresh_from_db()
    assert (household.baseline_contracts, household.baseline_outstanding) == (1, Decimal(8000))
    assert household.reached_one_contract
    assert Loan.objects.filter(household=household).count() == 2


@pytest.mark.parametrize(
    ("loan", "field", "message"),
    [
        (
            {"outstanding": Decimal(20000)},
            "outstanding",
            "หนี้คงค้างต้องไม่เกินเงินต้นตามสัญญา (10,000.00 บาท)",
        ),
        ({"principal": Decimal(0)}, "principal", "จำนวนเงินต้องมากกว่า 0 บาท"),
        ({"interest_rate": Decimal(120)}, "interest_rate", "อัตราดอกเบี้ยต้องอยู่ระหว่าง 0 ถึง 100% ต่อปี"),
        (
            {"contract_date": D(2025, 1, 1)},
            "contract_date",
            "วันที่ทำสัญญาต้องไม่หลังวันที่สำรวจ (01/11/2567)",
        ),
        (
            {"creditor_group": None},
            "creditor_group",
            "เลือกกลุ่มเจ้าหนี้ในหมู่บ้าน หรือระบุสถาบันการเงินนอกหมู่บ้าน อย่างใดอย่างหนึ่ง",
        ),
    ],
)
def test_bad_survey_lines_are_refused_on_their_row(accounts, centres, loan, field, message):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    household = households.household_create(
        by=officer,
        centre=centre,
        house_number="5",
        head_name="นางทด ลอง",
        head_national_id="3100600445635",
        members=2,
    )
    fields = {
        "contract_no": "X1",
        "borrower": "",
        "contract_date": D(2023, 1, 1),
        "principal": Decimal(10000),
        "outstanding": Decimal(5000),
        "interest_rate": Decimal(6),
        "term_months": 12,
        "creditor_group": centre.memberships.first().group,
    }
    fields.update(loan)
    with pytest.raises(ValidationError) as info:
        households.survey_record(
            by=officer,
            household=household,
            surveyed_on=D(2024, 11, 1),
            new_loans=[LoanInput(**fields)],
        )
    assert info.value.message_dict[f"loans-0-{field}"] == [message]
    assert not Loan.objects.filter(household=household).exists()


def test_the_baseline_survey_is_kept_unchanged(accounts, centres):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    household, _ = surveyed_household(officer, centre, [1000, 2000])
    line = SurveyLine.objects.filter(survey__household=household).first()
    with pytest.raises(Exception, match="survey_lines_are_kept"), transaction.atomic():
        SurveyLine.objects.filter(pk=line.pk).update(outstanding=1)
    households.survey_record(
        by=officer, household=household, surveyed_on=D(2025, 5, 1), new_loans=[]
    )
    household.refresh_from_db()
    assert household.baseline_on == D(2024, 11, 1)
    assert household.surveys.filter(is_baseline=True).count() == 1


def test_survey_page_records_loans_from_the_formset(centres, accounts, client_for):
    centre = centres["บ้านป่าเปา"]
    household = households.household_create(
        by=accounts["phan"],
        centre=centre,
        house_number="5",
        head_name="นางทด ลอง",
        head_national_id="3100600445635",
        members=2,
    )
    group = centre.memberships.first().group
    data = {
        "surveyed_on": "01/11/2567",
        "note": "",
        "loans-TOTAL_FORMS": "3",
        "loans-INITIAL_FORMS": "0",
        "loans-MIN_NUM_FORMS": "0",
        "loans-MAX_NUM_FORMS": "20",
        "loans-0-creditor_group": group.pk,
        "loans-0-contract_no": "S1",
        "loans-0-contract_date": "01/01/2566",
        "loans-0-principal": "10000",
        "loans-0-outstanding": "9000",
        "loans-0-interest_rate": "6",
        "loans-0-term_months": "12",
        "loans-0-months_in_arrears": "0",
        "loans-1-external_kind": "bank",
        "loans-1-external_name": "ธ.ก.ส.",
        "loans-1-contract_no": "B1",
        "loans-1-contract_date": "01/01/2566",
        "loans-1-principal": "50000",
        "loans-1-outstanding": "60000",
        "loans-1-interest_rate": "7",
        "loans-1-term_months": "36",
        "loans-1-months_in_arrears": "0",
    }
    client = client_for("phan")
    response = client.post(reverse("survey_create", args=[household.pk]), data)
    assert response.context["formset"].forms[1].errors["outstanding"] == [
        "หนี้คงค้างต้องไม่เกินเงินต้นตามสัญญา (50,000.00 บาท)"
    ]
    assert not Loan.objects.filter(household=household).exists()
    data["loans-1-outstanding"] = "40000"
    response = client.post(reverse("survey_create", args=[household.pk]), data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.baseline_contracts, household.baseline_outstanding) == (1, Decimal(9000))


def test_a_first_survey_takes_any_number_of_loans(centres, accounts, client_for):
    centre = centres["บ้านป่าเปา"]
    household = households.household_create(
        by=accounts["phan"],
        centre=centre,
        house_number="6",
        head_name="นายหลาย สัญญา",
        head_national_id="3100600445643",
        members=3,
    )
    groups = [m.group for m in centre.memberships.all()]
    url = reverse("survey_create", args=[household.pk])
    client = client_for("phan")
    assert b"data-add-loan" in client.get(url).content

    def loan(i):
        return {
            f"loans-{i}-creditor_group": groups[i % len(groups)].pk,
            f"loans-{i}-contract_no": f"M{i}",
            f"loans-{i}-contract_date": "01/01/2566",
            f"loans-{i}-principal": "1000",
            f"loans-{i}-outstanding": "1000",
            f"loans-{i}-interest_rate": "6",
            f"loans-{i}-term_months": "12",
        }

    data = {"surveyed_on": "01/11/2567", "note": "ห้าสัญญา", "loans-INITIAL_FORMS": "0"}
    data |= {"loans-TOTAL_FORMS": "3", **loan(0), **loan(1), **loan(2)}
    # Without JavaScript "+ เพิ่มสัญญา" posts the form back with one more row: nothing is saved
    # and nothing typed is lost.
    more = client.post(url, {**data, "add_loan": "1"})
    assert more.status_code == 200 and len(more.context["formset"].forms) == 4
    assert more.context["formset"].forms[2]["contract_no"].value() == "M2"
    assert more.context["form"]["note"].value() == "ห้าสัญญา"
    assert not household.loans.exists()
    saved = client.post(url, {**data, "loans-TOTAL_FORMS": "5", **loan(3), **loan(4)})
    assert saved.status_code == 302
    household.refresh_from_db()
    assert (household.baseline_contracts, household.baseline_outstanding) == (5, Decimal(5000))
    # The rows are bounded: a posted count past the limit is refused with its message.
    other = households.household_create(
        by=accounts["phan"],
        centre=centre,
        house_number="7",
        head_name="นายเกิน ขีด",
        head_national_id="3100600445651",
        members=1,
    )
    refused = client.post(
        reverse("survey_create", args=[other.pk]),
        {**data, "loans-TOTAL_FORMS": str(forms.MAX_LOANS + 1)},
    )
    assert refused.status_code == 200 and not other.loans.exists()
    assert refused.context["formset"].non_form_errors() == [
        f"บันทึกได้ไม่เกิน {forms.MAX_LOANS} สัญญาต่อการสำรวจหนึ่งครั้ง"
    ]


def test_adding_a_loan_row_with_a_forged_count_is_refused_not_an_error(
    centres, accounts, client_for
):
    household = households.household_create(
        by=accounts["phan"],
        centre=centres["บ้านป่าเปา"],
        house_number="8",
        head_name="นายปลอม จำนวน",
        head_national_id="3100600445678",
        members=1,
    )
    url = reverse("survey_create", args=[household.pk])
    for forged in ("x", "-5", ""):
        response = client_for("phan").post(
            url, {"surveyed_on": "01/11/2567", "loans-TOTAL_FORMS": forged, "add_loan": "1"}
        )
        assert response.status_code == 200
    assert not household.loans.exists()


def test_classification_is_suggested_from_months_in_arrears(accounts, centres):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    classes.debtor_classes_add_defaults(by=officer, centre=centre)
    household, _ = surveyed_household(officer, centre, [1000])
    Loan.objects.filter(household=household).update(months_in_arrears=5)
    assert classes.suggested_class(household).name == "ค้างชำระปานกลาง"
    classes.household_classify(
        by=officer, household=household, debtor_class=classes.suggested_class(household)
    )
    household.refresh_from_db()
    assert household.debtor_class.name == "ค้างชำระปานกลาง"
    assert household.classifications.first().classified_by == officer


def test_an_unused_debtor_class_is_deleted_after_confirming_one_in_use_is_kept(
    accounts, centres, client_for
):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    unused, used = classes.debtor_classes_add_defaults(by=officer, centre=centre)[:2]
    household, _ = surveyed_household(officer, centre, [1000])
    classes.household_classify(by=officer, household=household, debtor_class=used)
    client = client_for("phan")
    confirm = client.get(reverse("debtor_class_delete", args=[unused.pk]))
    assert confirm.status_code == 200 and unused.name in confirm.content.decode()
    deleted = client.post(reverse("debtor_class_delete", args=[unused.pk]), follow=True)
    assert [str(m) for m in deleted.context["messages"]] == ["ลบประเภทลูกหนี้แล้ว"]
    refused = client.post(reverse("debtor_class_delete", args=[used.pk]), follow=True)
    assert [str(m) for m in refused.context["messages"]] == ["ลบไม่ได้ เพราะมีข้อมูลอื่นอ้างถึงรายการนี้อยู่"]
    assert list(centre.debtor_classes.filter(pk__in=[unused.pk, used.pk])) == [used]


def test_a_household_is_a_target_once_per_fiscal_year(accounts, centres):
    officer, centre = accounts["phan"], centres["บ้านป่าเปา"]
    household, _ = surveyed_household(officer, centre, [1000])
    on = D(2025, 10, 1)
    classes.target_save(
        by=officer, household=household, fiscal_year=2569, enrolled_on=on, reason="หนี้หลายสัญญา"
    )
    with pytest.raises(ValidationError) as info:
        classes.target_save(
            by=officer, household=household, fiscal_year=2569, enrolled_on=on, reason="ซ้ำ"
        )
    assert info.value.message_dict["fiscal_year"] == ["ครัวเรือนนี้เป็นเป้าหมายของปีงบประมาณ 2569 อยู่แล้ว"]


def replayed(household, day):
    """What ``household`` owed the village at the end of ``day``, replayed forwards from its raw
    records: each loan from its first survey line (or from nothing, when an event opened it),
    plus the movements dated up to ``day``. Independent of debts/figures.py."""
    total, contracts = Decimal(0), 0
    for loan in household.loans.filter(creditor_group__isnull=False):
        if loan.opened_by_id:
            known, value = loan.opened_by.occurred_on, Decimal(0)
        else:
            first = loan.survey_lines.order_by("survey__surveyed_on", "id").first()
            known, value = first.survey.surveyed_on, first.outstanding
        if known > day:
            continue
        value += sum(m.amount for m in loan.movements.filter(event__occurred_on__lte=day))
        total += value
        contracts += value > 0
    return total, contracts


def test_kpi_matches_a_count_from_the_raw_records(households, accounts):
    period = Period.current()
    rows, total = selectors.kpi(accounts["central"], period, "province")
    expected = {}
    for household in Household.objects.all():
        enrolments = sorted(household.targets.values_list("fiscal_year", "enrolled_on"))
        years = {year for year, on in enrolments if on <= period.end}
        if not years & {period.fiscal_year - 2, period.fiscal_year - 1, period.fiscal_year}:
            continue
        at_enrolment, _ = replayed(household, min(on for _, on in enrolments))
        then, _ = replayed(household, period.as_of())
        counts = expected.setdefault(household.province_id, [0, 0])
        counts[0] += 1
        counts[1] += then < at_enrolment
    assert {r.key: [r.targets, r.reduced] for r in rows} == expected
    assert (total.targets, total.reduced) == (16, 12)
    assert total.share == Decimal("75.00") and total.score == 2


@pytest.mark.parametrize(
    ("share", "score"),
    [
        (None, 0),
        (Decimal("59.99"), 0),
        (Decimal(60), 1),
        (Decimal(70), 2),
        (Decimal(85), 3),
        (Decimal(90), 4),
        (Decimal("99.99"), 4),
        (Decimal(100), 5),
    ],
)
def test_kpi_score_steps(share, score):
    assert figures.kpi_score(share) == score


def test_kpi_page_links_to_the_households_behind_each_number(households, client_for):
    page = client_for("chiangrai").get(reverse("debt_kpi"), {"year": Period.current().fiscal_year})
    rows = page.context["rows"]
    assert [r.label for r in rows] == ["พาน", "แม่สรวย"]
    phan = rows[0]
    listed = client_for("chiangrai").get(
        reverse("household_list") + "?" + phan.query + "&standing=reduced"
    )
    assert len(listed.context["table"].page.object_list) == phan.reduced
    assert client_for("maesuai").get(reverse("debt_kpi")).context["level"] == "centre"


def test_household_list_filters(households, client_for):
    client = client_for("central")

    def names(**params):
        response = client.get(reverse("household_list"), params)
        return [row.record.head_name for row in response.context["table"].page.object_list]

    assert len(names(standing="cleared")) == 4
    # Reached: at most one village contract left (8 with one, the 4 cleared with none).
    assert len(names(one_contract="yes")) == 12
    assert len(names(standing="not_surveyed")) == 4
    assert names(q="ปันดี", province="57", district="5705") == ["นายอินทร์ ปันดี"]
    # Fewer than three letters: the beginning of the name only (no trigram to read in fewer).
    assert names(q="นา") and all(n.startswith("นา") for n in names(q="นา"))
    assert names(q="ปั") == []
    last_digits = Household.objects.filter(district_id="5705").first().head_national_id[-4:]
    # Only the roles that see IDs in full search by an ID's ending (security tests: the rest).
    assert names(q=last_digits) == []
    officer = client_for("phan")
    found = officer.get(reverse("household_list"), {"q": last_digits}).context["table"]
    assert len(found.page.object_list) == 1
    assert len(names(target_year=Period.current().fiscal_year)) == 4


def test_household_list_never_counts_and_its_queries_do_not_grow(households, accounts, client_for):
    client = client_for("central")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("household_list"), {"standing": "reduced"})
    officer, centre = accounts["phan"], Household.objects.filter(district_id="5705").first().centre
    for n in range(30):
        household, _ = surveyed_household(
            officer, centre, [1000], national_id=thai.with_check_digit(f"19999000{n:04d}")
        )
        restructure.loan_repay(
            by=officer,
            household=household,
            loan=household.loans.get(),
            amount=Decimal(10),
            on=D(2025, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("household_list"), {"standing": "reduced"})
    assert len(few) == len(many)
    assert not any("COUNT(" in q["sql"] for q in many.captured_queries)


def test_restructuring_flow_previews_then_saves(households, client_for):
    household = Household.objects.filter(district_id="5705", active_contracts=3).first()
    loans = list(household.loans.filter(status="active", creditor_group__isnull=False))
    group = loans[0].creditor_group
    client = client_for("phan")
    data = {
        "occurred_on": thai.format_date(timezone.localdate()),
        "reason": "",
        "decision_ref": "มติ 3/2569",
        "loans": [loan.pk for loan in loans],
        "to_group": group.pk,
        "contract_ref": "C-FLOW-1",
        "rate": "5",
        "term": "48",
        "stage": "preview",
    }
    url = reverse("restructure_step", args=[household.pk, "consolidation"])
    preview = client.post(url, data)
    assert preview.templates[0].name == "debts/step_preview.html"
    assert (
        preview.context["outcome"].before.contracts,
        preview.context["outcome"].after.contracts,
    ) == (3, 1)
    assert not DebtEvent.objects.filter(household=household, kind="consolidation").exists()
    saved = client.post(url, {**data, "stage": "confirm"})
    assert saved.url == household.get_absolute_url()
    household.refresh_from_db()
    assert (
        household.reached_one_contract and household.outstanding == household.baseline_outstanding
    )
    shown = [str(m) for m in client.get(saved.url).context["messages"]]
    assert shown == ["บันทึกรายการรวมสัญญาแล้ว"]


def test_a_saved_repayment_says_so_once(households, client_for):
    household = Household.objects.filter(district_id="5705", outstanding__gt=0).first()
    loan = household.loans.filter(status="active").first()
    client = client_for("phan")
    url = reverse("restructure_step", args=[household.pk, "repayment"])
    data = {
        "occurred_on": thai.format_date(timezone.localdate()),
        "loan": loan.pk,
        "amount": "100",
        "stage": "confirm",
    }
    saved = client.post(url, data, follow=True)
    assert [str(m) for m in saved.context["messages"]] == ["บันทึกรายการชำระหนี้แล้ว"]


def test_household_page_shows_standing_chart_and_timeline(households, client_for):
    household = Household.objects.filter(
        district_id="5705", active_contracts=1, outstanding__gt=0
    ).first()
    page = client_for("chiangrai").get(household.get_absolute_url())
    content = page.content.decode()
    assert "<svg" in content and "polyline" in content
    assert "รวมสัญญา" in content and "สำรวจหนี้ครั้งแรก (ฐาน)" in content
    assert household.head_national_id not in content  # masked for provincial staff
    assert "xxxxx-xx" in content
    officer_page = client_for("phan").get(household.get_absolute_url()).content.decode()
    assert thai.format_national_id(household.head_national_id) in officer_page


def test_centre_registers_show_transfers_and_one_contract(households, client_for):
    centre = Household.objects.filter(district_id="5705").first().centre
    transfers = client_for("chiangrai").get(reverse("centre_transfers", args=[centre.pk]))
    assert len(transfers.context["rows"]) == 2
    register = client_for("chiangrai").get(reverse("centre_one_contract", args=[centre.pk]))
    assert len(register.context["households"]) == 5


def test_household_page_and_registers_query_counts(
    households, accounts, client_for, django_assert_num_queries
):
    client = client_for("chiangrai")
    client.get(reverse("home"))
    household = Household.objects.filter(
        district_id="5705", active_contracts=1, outstanding__gt=0
    ).first()
    centre = household.centre
    # session, user, household with its village and areas; timeline: survey totals, surveys,
    # classifications, events, their movements; loans; targets; history events and the names
    # of its centre, village and debtor class
    with django_assert_num_queries(14):
        assert client.get(household.get_absolute_url()).status_code == 200
    # session, user, centre, transfers, their movements
    with django_assert_num_queries(5):
        assert client.get(reverse("centre_transfers", args=[centre.pk])).status_code == 200
    # session, user, centre, households, their targets
    with django_assert_num_queries(5):
        assert client.get(reverse("centre_one_contract", args=[centre.pk])).status_code == 200
