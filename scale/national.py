"""A country-sized synthetic data set for benchmarks (``manage.py seed_national --scale S``).

At scale 1.0: about 75,000 villages, 3,000 centres, 25,000 groups, 1,000,000 households,
2,500,000 loans with their baseline surveys, repayments and consolidations, target households,
share registers, boards, and three fiscal years of assessments in every workflow state; the
official areas are the real ones. The same seed gives the same data.

Rows are written with PostgreSQL's COPY, with the session's triggers off
(``session_replication_role = replica``): the audit triggers would otherwise write a history row
for each of millions of rows (20 minutes instead of seconds for the households alone), and the
foreign-key and balance triggers are redundant because every row is built consistent (the
balances are computed here, the keys come from the same run). Needs a superuser connection.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, IndicatorSet, Instrument
from cddfund import thai
from cddfund.bulk import CopyWriter
from cddfund.models import District, Subdistrict, User, Village
from debts.models import (
    DebtEvent,
    Household,
    Loan,
    LoanMovement,
    Survey,
    SurveyLine,
    TargetHousehold,
)
from debts.services.rollup import household_counts_again
from institutes.models import BoardMember, Centre, Membership, ShareTransaction, VillageGroup
from scale.national_books import Books
from scale.national_programme import Programme
from scale.national_savings import Savings

FIRST_NAMES = [
    "สมชาย",
    "สมศรี",
    "บุญมี",
    "คำปุ่น",
    "จันทร์ทอง",
    "ประเสริฐ",
    "สุดใจ",
    "มานพ",
    "วิไล",
    "บุญส่ง",
    "ทองดี",
    "อรุณี",
    "สายสุนีย์",
    "ประยูร",
    "สมพร",
    "นงลักษณ์",
    "ศรีนวล",
    "บัวผัน",
    "อินทร์",
    "แก้ว",
    "เพ็ญศรี",
    "สุริยา",
    "ชูชาติ",
    "ดวงใจ",
]
LAST_NAMES = [
    "ใจดี",
    "มีสุข",
    "ทองคำ",
    "ศรีวงศ์",
    "ใจซื่อ",
    "สุขใจ",
    "คำแสน",
    "อินต๊ะ",
    "ปัญญา",
    "บุญเรือง",
    "ไชยวงศ์",
    "จันทร์แก้ว",
    "สมบูรณ์",
    "ธรรมวงศ์",
    "แสนเมือง",
    "กันทะ",
    "ยะอินทร์",
    "วงศ์ใหญ่",
    "ศรีสุข",
    "ปินตา",
]
GROUP_KINDS = (
    ("savings", "กลุ่มออมทรัพย์เพื่อการผลิต"),
    ("village_fund", "กองทุนหมู่บ้าน"),
    ("poverty_fund", "กองทุน กข.คจ."),
    ("occupational", "กลุ่มอาชีพทอผ้า"),
    ("occupational", "กลุ่มเลี้ยงสัตว์"),
    ("water_users", "กลุ่มผู้ใช้น้ำ"),
    ("drinking_water", "กลุ่มผู้ผลิตน้ำดื่ม"),
    ("ad_hoc", "กลุ่มเฉพาะกิจ"),
    ("other", "กลุ่มแม่บ้าน"),
)
BASE = {
    "villages": 75_000,
    "centres": 3_000,
    "groups": 25_000,
    "savings_groups": 30_000,  # every production savings group, the centres' leads included
    "households": 1_000_000,
    "loans": 2_500_000,
}


def national_id(n: int) -> str:
    """A valid, unique national ID for each n (the middle digits are a bijection of n)."""
    return thai.with_check_digit(f"{1 + n % 8}{(n * 7919 + 12_345) % 10**11:011d}")


class Ids:
    """The next free id of each table (the run writes its own keys)."""

    def __init__(self):
        self.next: dict[str, int] = {}

    def take(self, model) -> int:
        table = model._meta.db_table
        if table not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.next[table] = cursor.fetchone()[0] + 1
        value = self.next[table]
        self.next[table] += 1
        return value

    def sync_sequences(self) -> None:
        with connection.cursor() as cursor:
            for table in self.next:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


# The fiscal year the data is written for unless told otherwise (``--fiscal-year``).
DEFAULT_FISCAL_YEAR = 2570


def _counts(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * scale)) for k, v in BASE.items()}


def household_count(scale: float) -> int:
    """How many households a seed of ``scale`` writes."""
    return _counts(scale)["households"]


def existing_records() -> int:
    return Centre.objects.count() + Household.objects.count()


def seed_day(fiscal_year: int) -> datetime.date:
    """The day the data is written as of: 1 December of ``fiscal_year`` (BE), two months into it.
    Every date of the run is relative to it, so a seed gives the same rows whatever the day."""
    return thai.fiscal_year_bounds(fiscal_year)[0].replace(month=12, day=1)


class Seeder:
    def __init__(self, scale: float, seed: int, fiscal_year: int = DEFAULT_FISCAL_YEAR, say=print):
        self.scale = scale
        self.random = random.Random(seed)
        self.counts = _counts(scale)
        self.ids = Ids()
        self.say = say
        self.today = seed_day(fiscal_year)
        self.now = timezone.make_aware(datetime.datetime.combine(self.today, datetime.time(9)))
        self.year = fiscal_year
        self.written: dict[str, int] = {}
        self.board_meetings: dict[int, list] = {}  # centre → [(meeting id, day)] (the books')

    # --- helpers -------------------------------------------------------------------------

    def name(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.random.randrange((end - start).days + 1))

    def money(self, low: int, high: int, step: int = 100) -> Decimal:
        return Decimal(self.random.randrange(low, high, step))

    def new(self, writer: CopyWriter, model, **values) -> dict:
        """A row of ``model`` with the next id of its table."""
        return writer.add(id=self.ids.take(model), **values)

    # --- the run -------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.staff()
            self.villages()
            self.centres_and_groups()
            self.programme = Programme(self)
            self.households_and_loans()
            self.assessments()
            Savings(self).run()
            Books(self).run()
            self.programme.plans_and_visits()
            self.ids.sync_sequences()
            household_counts_again()  # what the household table's triggers would have kept
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        with connection.cursor() as cursor:
            # Vacuumed as autovacuum would leave a database in use (its visibility map set, so
            # that an index-only scan does not visit every row), unless inside a transaction
            # (the tests), where only the statistics can be gathered.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        return self.written

    def _done(self, *writers: CopyWriter) -> None:
        for w in writers:
            w.flush()
            self.written[w.table] = w.count
            self.say(f"{w.table}: {w.count:,}")

    def staff(self) -> None:
        """A district officer for every district, provincial staff for every province."""
        users = CopyWriter(User)
        unusable = make_password(None)
        taken = set(User.objects.values_list("username", flat=True))
        self.officer: dict[str, int] = {}

        def add(username: str, **area) -> int:
            first, last = self.name().split(" ", 1)
            return self.new(
                users, User, password=unusable, is_superuser=False, username=username,
                first_name=first, last_name=last, is_staff=False, is_active=True,
                date_joined=self.now, position="นักวิชาการพัฒนาชุมชน", **area,
            )["id"]  # fmt: skip

        for district in District.objects.filter(is_active=True).order_by("code"):
            username = f"district-{district.code}"
            if username not in taken:
                self.officer[district.code] = add(
                    username,
                    role="district",
                    province_id=district.province_id,
                    district_id=district.code,
                )
        if "central" not in taken:
            add("central", role="central")
        provinces = {d.province_id for d in District.objects.filter(is_active=True)}
        self.province_staff: dict[str, int] = {}
        for code in sorted(provinces):
            username = f"province-{code}"
            if username not in taken:
                self.province_staff[code] = add(username, role="province", province_id=code)
        self._done(users)

    def villages(self) -> None:
        subdistricts = list(
            Subdistrict.objects.filter(is_active=True)
            .select_related("district")
            .order_by("code")
            .values_list("code", "district_id", "district__province_id")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT subdistrict_id, MAX(moo) FROM {Village._meta.db_table} GROUP BY 1"
            )
            used = dict(cursor.fetchall())
        villages = CopyWriter(Village)
        # Spread evenly over the country's subdistricts, in code order (so by district).
        n = self.counts["villages"]
        self.village_rows = []
        picked = [subdistricts[i * len(subdistricts) // n] for i in range(n)]
        for code, district, province in picked:
            moo = used.get(code, 0) + 1
            if moo > 99:
                continue
            used[code] = moo
            name = f"บ้าน{self.random.choice(('หนอง', 'ห้วย', 'ดอน', 'ป่า', 'นา', 'โป่ง'))}"
            name += self.random.choice(("หมู", "สิงห์", "แก้ว", "ทอง", "เปา", "คำ", "ใหม่"))
            row = self.new(
                villages, Village, province_id=province, district_id=district,
                subdistrict_id=code, moo=moo, name=name,
            )  # fmt: skip
            villages.maybe_flush()
            self.village_rows.append((row["id"], province, district))
        self._done(villages)

    def centres_and_groups(self) -> None:
        centres, groups = CopyWriter(Centre), CopyWriter(VillageGroup)
        members, shares = CopyWriter(Membership), CopyWriter(ShareTransaction)
        board = CopyWriter(BoardMember)
        n = self.counts["centres"]
        step = max(1, len(self.village_rows) // n)
        per_centre = max(1, round(self.counts["groups"] / n))
        self.centres = []  # (id, province, district, village, [group ids], officer)
        self.group_names: dict[int, str] = {}
        self.shares_of: dict[int, list[dict]] = {}  # each centre's share lines, for its books
        for index in range(0, min(n * step, len(self.village_rows)), step):
            village, province, district = self.village_rows[index]
            area = {"province_id": province, "district_id": district}
            centre = self.ids.take(Centre)
            founded = self.date_between(datetime.date(2019, 10, 1), datetime.date(2023, 9, 30))
            officer = self.officer.get(district)
            group_ids = []
            for g in range(per_centre):
                kind, label = GROUP_KINDS[g % len(GROUP_KINDS)]
                row = self.new(
                    groups, VillageGroup, **area, village_id=village, group_type=kind,
                    name=f"{label} {g + 1}",
                    founded_on=self.date_between(datetime.date(2005, 1, 1), founded),
                    member_count=self.random.randint(10, 200),
                    capital=self.money(10_000, 2_000_000, 1000),
                )  # fmt: skip
                group_ids.append(row["id"])
                self.group_names[row["id"]] = row["name"]
            model = self.random.choice((1, 1, 2, 2, 3, 4))
            centres.add(
                id=centre, **area, name=f"ศูนย์จัดการกองทุนชุมชนบ้าน{centre}",
                village_id=village, founded_on=founded, cdd_budget=True,
                budget_fiscal_year=thai.fiscal_year(founded), operating_model=model,
                transition_step=None if model == 1 else self.random.choice((0, 1, 2, 3)),
                share_price=Decimal(100), lead_group_id=group_ids[0],
                has_fixed_office=self.random.random() < 0.6, regulations_approved_on=founded,
                regulations_separate=False,
                status="active" if self.random.random() < 0.97 else "inactive",
            )  # fmt: skip
            reps = group_ids[: max(3, per_centre - 2)]
            for group in reps:
                self.new(
                    members, Membership, **area, centre_id=centre, group_id=group,
                    joined_on=founded,
                )  # fmt: skip
                if officer:
                    for k in range(3):
                        share = self.new(
                            shares, ShareTransaction, **area, centre_id=centre, group_id=group,
                            kind="purchase", made_on=founded + datetime.timedelta(days=90 * k + 1),
                            amount=Decimal(1000 * (k + 1)), shares=10 * (k + 1),
                            receipt_no=f"{centre}/{group}/{k}", recorded_by_id=officer,
                            recorded_at=self.now,
                        )  # fmt: skip
                        self.shares_of.setdefault(centre, []).append(share.copy())
            term = {
                "term_start": datetime.date(2023, 10, 1),
                "term_end": datetime.date(2027, 9, 30),
            }
            positions = ("chair", "vice_chair", "secretary", "treasurer", "member")
            for k, group in enumerate(reps):
                self.new(
                    board, BoardMember, **area, centre_id=centre, name=self.name(),
                    position=positions[min(k, 4)], part=1, represents_id=group, **term,
                )  # fmt: skip
            for _k in range(len(reps) // 2):
                self.new(
                    board, BoardMember, **area, centre_id=centre, name=self.name(),
                    position="member", part=2, **term,
                )  # fmt: skip
            self.centres.append((centre, province, district, village, group_ids, officer))
            for w in (centres, groups, members, shares, board):
                w.maybe_flush()
        self._done(centres, groups, members, shares, board)

    def households_and_loans(self) -> None:
        households, loans = CopyWriter(Household), CopyWriter(Loan)
        surveys, lines = CopyWriter(Survey), CopyWriter(SurveyLine)
        events, movements = CopyWriter(DebtEvent), CopyWriter(LoanMovement)
        targets = CopyWriter(TargetHousehold)
        taken = set(Household.objects.values_list("head_national_id", flat=True))
        centres = [c for c in self.centres if c[5]]
        total = self.counts["households"]
        loans_per_household = self.counts["loans"] / total
        serial = 0
        for index, (centre, province, district, village, group_ids, officer) in enumerate(centres):
            area = {"province_id": province, "district_id": district}
            size = total * (index + 1) // len(centres) - total * index // len(centres)
            for house in range(size):
                serial += 1
                head_id = national_id(serial)
                while head_id in taken:
                    serial += 1
                    head_id = national_id(serial)
                household = self.ids.take(Household)
                head = self.name()
                baseline_on = self.date_between(
                    datetime.date(2022, 10, 1), datetime.date(2024, 9, 30)
                )
                survey = self.new(
                    surveys, Survey, **area, household_id=household, surveyed_on=baseline_on,
                    is_baseline=True, recorded_by_id=officer, recorded_at=self.now,
                )["id"]  # fmt: skip
                count = max(1, min(6, round(self.random.gauss(loans_per_household, 1.1))))
                owned = []  # the household's loan rows, changed below until they are written
                for k in range(count):
                    village_loan = self.random.random() < 0.9
                    principal = self.money(5_000, 150_000, 500)
                    outstanding = (principal * Decimal(self.random.uniform(0.2, 1))).quantize(
                        Decimal("0.01")
                    )
                    loan = self.new(
                        loans, Loan, **area, household_id=household,
                        creditor_group_id=self.random.choice(group_ids) if village_loan else None,
                        external_kind="" if village_loan else "bank",
                        external_name="" if village_loan else "ธ.ก.ส.",
                        contract_no=f"{household}-{k + 1}", borrower=head,
                        contract_date=self.date_between(datetime.date(2018, 1, 1), baseline_on),
                        principal=principal, outstanding=outstanding,
                        interest_rate=Decimal(self.random.choice((0, 3, 6, 6, 9, 12))),
                        term_months=self.random.choice((12, 24, 36, 60)),
                        months_in_arrears=self.random.choice((0, 0, 0, 1, 2, 4, 7, 13)),
                        purpose="ประกอบอาชีพ", status="active", opened_by_id=None,
                        opened_on=baseline_on,
                    )  # fmt: skip
                    self.new(
                        lines, SurveyLine, **area, survey_id=survey, loan_id=loan["id"],
                        outstanding=outstanding, interest_rate=loan["interest_rate"],
                        term_months=loan["term_months"],
                        months_in_arrears=loan["months_in_arrears"],
                    )  # fmt: skip
                    owned.append(loan)
                baseline_village = [loan for loan in owned if loan["creditor_group_id"]]
                baseline_outstanding = sum(
                    (loan["outstanding"] for loan in baseline_village), Decimal(0)
                )
                # What happened since: consolidation to one contract, repayments, or nothing.
                roll = self.random.random()
                event_day = self.date_between(baseline_on + datetime.timedelta(days=30), self.today)
                event = None
                if roll < 0.15 and len(baseline_village) > 1:
                    event = self.ids.take(DebtEvent)
                    amount = sum((loan["outstanding"] for loan in baseline_village), Decimal(0))
                    for loan in baseline_village:
                        self._move(movements, event, loan, -loan["outstanding"])
                    merged = self.new(
                        loans, Loan, **area, household_id=household,
                        creditor_group_id=group_ids[0], contract_no=f"C{household}",
                        borrower=head, contract_date=event_day, principal=amount,
                        outstanding=Decimal(0), interest_rate=Decimal(3), term_months=60,
                        months_in_arrears=0, purpose="รวมสัญญา", status="active",
                        opened_by_id=event, opened_on=event_day,
                    )  # fmt: skip
                    self._move(movements, event, merged, amount)
                    owned.append(merged)
                    kind, reason = "consolidation", "รวมหนี้เป็นสัญญาเดียว"
                    refs = {"decision_ref": f"มติที่ {household}", "contract_ref": f"C{household}"}
                elif roll < 0.55 and baseline_village:
                    event = self.ids.take(DebtEvent)
                    loan = self.random.choice(baseline_village)
                    paid = (
                        loan["outstanding"]
                        if self.random.random() < 0.25
                        else (loan["outstanding"] * Decimal(self.random.uniform(0.05, 0.6)))
                        .quantize(Decimal("0.01"))
                    )  # fmt: skip
                    self._move(movements, event, loan, -paid)
                    kind, reason, refs = "repayment", "ชำระหนี้", {}
                active = [
                    loan for loan in owned if loan["creditor_group_id"] and loan["outstanding"]
                ]
                standing = sum((loan["outstanding"] for loan in active), Decimal(0))
                # A third become targets of this fiscal year or the two before, enrolled when
                # their year began (or at their survey, if later); what they owed then depends
                # on whether the one step above came before.
                target_year = None
                if self.random.random() < 0.3:
                    target_year = self.year - self.random.randint(0, 2)
                    year_start = thai.fiscal_year_bounds(target_year)[0]
                    enrolled_on = min(max(baseline_on, year_start), self.today)
                    enrolled_outstanding = (
                        standing if event and event_day <= enrolled_on else baseline_outstanding
                    )
                if event:
                    events.add(
                        id=event, **area, household_id=household, kind=kind,
                        occurred_on=event_day, reason=reason, **refs,
                        outstanding_after=standing, contracts_after=len(active),
                        recorded_by_id=officer, recorded_at=self.now,
                    )  # fmt: skip
                arrears = max((loan["months_in_arrears"] for loan in baseline_village), default=0)
                households.add(
                    id=household, **area, centre_id=centre, village_id=village,
                    debtor_class_id=self.programme.debtor_class(centre, area, arrears),
                    house_number=f"{house + 1}", head_name=head, head_national_id=head_id,
                    head_id_masked=thai.mask_national_id(head_id),
                    members=self.random.randint(1, 8), baseline_on=baseline_on,
                    baseline_contracts=len(baseline_village),
                    baseline_outstanding=baseline_outstanding,
                    active_contracts=len(active), outstanding=standing,
                    enrolled_on=enrolled_on if target_year else None,
                    enrolled_outstanding=enrolled_outstanding if target_year else Decimal(0),
                )  # fmt: skip
                if target_year:
                    years = [target_year]
                    # Two in five of the earlier years' targets are followed again the next year.
                    if target_year < self.year and self.random.random() < 0.4:
                        years.append(target_year + 1)
                    for year in years:
                        since = max(enrolled_on, thai.fiscal_year_bounds(year)[0])
                        target = self.new(
                            targets, TargetHousehold, **area, household_id=household,
                            centre_id=centre, fiscal_year=year, enrolled_on=min(since, self.today),
                            reason="หนี้หลายสัญญา", chosen_by_id=officer,
                        )  # fmt: skip
                        self.programme.support(target, centre, area, officer)
                for w in (households, loans, surveys, lines, events, movements, targets):
                    w.maybe_flush()
                self.programme.flush()
        self._done(households, loans, surveys, lines, events, movements, targets)

    def _move(self, movements: CopyWriter, event: int, loan: dict, amount: Decimal) -> None:
        """Moves ``amount`` on a loan row not yet written; a loan paid off is closed."""
        before = loan["outstanding"]
        loan["outstanding"] = before + amount
        if loan["outstanding"] == 0:
            loan["status"] = "closed"
        self.new(
            movements, LoanMovement, event_id=event, loan_id=loan["id"], amount=amount,
            before=before, after=loan["outstanding"],
        )  # fmt: skip

    def assessments(self) -> None:
        indicator_set = (
            IndicatorSet.objects.filter(instrument=Instrument.CENTRE)
            .prefetch_related("areas__indicators__criteria", "levels")
            .order_by("-applies_from")
            .first()
        )
        if indicator_set is None:
            self.say("no indicator set loaded: assessments skipped (run load_indicator_set)")
            return
        # Each indicator's criteria from the fewest points to the most: an assessment's strength
        # (0.15-1.0) picks how far up each answer goes, so the scores reach every level.
        indicators = [
            (i.pk, sorted(((c.pk, c.points) for c in i.criteria.all()), key=lambda c: c[1]))
            for area in indicator_set.areas.all()
            for i in area.indicators.all()
        ]
        max_score = sum(max(p for _pk, p in criteria) for _i, criteria in indicators)
        levels = sorted(
            ((lv.min_percent, lv.pk) for lv in indicator_set.levels.all()), reverse=True
        )
        assessments, answers = CopyWriter(Assessment), CopyWriter(Answer)
        for centre, province, district, _village, _groups, officer in self.centres:
            if not officer:
                continue
            area = {"province_id": province, "district_id": district}
            for year in (self.year - 2, self.year - 1, self.year):
                if year == self.year:
                    state = self.random.choice(("draft", "submitted", "returned", "approved"))
                else:
                    state = "approved" if self.random.random() < 0.9 else "submitted"
                pk = self.ids.take(Assessment)
                score = 0
                strength = self.random.uniform(0.15, 1.0)
                for indicator, criteria in indicators:
                    step = strength * (len(criteria) - 1) + self.random.uniform(-0.5, 0.5)
                    criterion, points = criteria[max(0, min(len(criteria) - 1, round(step)))]
                    score += points
                    self.new(
                        answers, Answer, **area, assessment_id=pk, indicator_id=indicator,
                        criterion_id=criterion,
                    )  # fmt: skip
                percent = (Decimal(score * 100) / max_score).quantize(Decimal("0.01"))
                assessments.add(
                    id=pk, **area, centre_id=centre, fiscal_year=year,
                    indicator_set_id=indicator_set.pk, state=state, score=score,
                    max_score=max_score, percent=percent,
                    level_id=next((lv for minimum, lv in levels if percent >= minimum), None),
                    created_by_id=officer, created_at=self.now,
                )  # fmt: skip
                answers.maybe_flush()
                assessments.maybe_flush()
        self._done(assessments, answers)
