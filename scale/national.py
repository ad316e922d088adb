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

import csv
import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from assessments.models import IndicatorSet
from cddfund import thai
from cddfund.models import District, Subdistrict

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
    "households": 1_000_000,
    "loans": 2_500_000,
}
CHUNK = 100_000  # rows per COPY


def national_id(n: int) -> str:
    """A valid, unique national ID for each n (the middle digits are a bijection of n)."""
    return thai.with_check_digit(f"{1 + n % 8}{(n * 7919 + 12_345) % 10**11:011d}")


def _value(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "t" if v else "f"
    return v


@dataclass
class Table:
    """Rows waiting for COPY into one table; written every CHUNK rows."""

    name: str
    columns: tuple[str, ...]
    rows: list = field(default_factory=list)
    count: int = 0

    def add(self, *values) -> None:
        self.rows.append(values)

    def maybe_flush(self) -> None:
        """Called between households: a household's rows are still open to changes until then."""
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in self.rows:
            writer.writerow(["\\N" if v is None else _value(v) for v in row])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN "
                "WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
        self.count += len(self.rows)
        self.rows = []


class Ids:
    """The next free id of each table (the run writes its own keys)."""

    def __init__(self):
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
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


def required_columns(table: str) -> set[str]:
    """The columns of ``table``'s model that a row must give: NOT NULL with no default in the
    database (COPY does not apply a model's Python defaults)."""
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    return {
        f.column for f in model._meta.concrete_fields if not f.null and f.db_default is NOT_PROVIDED
    }


def _counts(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * scale)) for k, v in BASE.items()}


def existing_records() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM institutes_centre)"
            " + (SELECT COUNT(*) FROM debts_household)"
        )
        return cursor.fetchone()[0]


class Seeder:
    def __init__(self, scale: float, seed: int, say=print):
        self.scale = scale
        self.random = random.Random(seed)
        self.counts = _counts(scale)
        self.ids = Ids()
        self.say = say
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.year = thai.fiscal_year(self.today)
        self.written: dict[str, int] = {}

    # --- helpers -------------------------------------------------------------------------

    def name(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.random.randrange((end - start).days + 1))

    def money(self, low: int, high: int, step: int = 100) -> Decimal:
        return Decimal(self.random.randrange(low, high, step))

    def table(self, name: str, *columns: str) -> Table:
        missing = required_columns(name) - {"id", *columns}
        if missing:
            # A column added to a model since this seeder was written: it must be given here.
            raise ValueError(f"seed_national writes {name} without {', '.join(sorted(missing))}")
        return Table(name, ("id", *columns))

    # --- the run -------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.staff()
            self.villages()
            self.centres_and_groups()
            self.households_and_loans()
            self.assessments()
            self.ids.sync_sequences()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.written

    def _done(self, *tables: Table) -> None:
        for t in tables:
            t.flush()
            self.written[t.name] = t.count
            self.say(f"{t.name}: {t.count:,}")

    def staff(self) -> None:
        """A district officer for every district, provincial staff for every province."""
        users = self.table(
            "cddfund_user",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "role",
            "province_id",
            "district_id",
            "position",
        )
        unusable = make_password(None)
        with connection.cursor() as cursor:
            cursor.execute("SELECT username FROM cddfund_user")
            taken = {r[0] for r in cursor.fetchall()}
        self.officer: dict[str, int] = {}
        for district in District.objects.filter(is_active=True).order_by("code"):
            username = f"district-{district.code}"
            if username in taken:
                continue
            first, last = self.name().split(" ", 1)
            self.officer[district.code] = pk = self.ids.take("cddfund_user")
            users.add(
                pk, unusable, False, username, first, last, "", False, True, self.now,
                "district", district.province_id, district.code, "นักวิชาการพัฒนาชุมชน",
            )  # fmt: skip
        provinces = {d.province_id for d in District.objects.filter(is_active=True)}
        for code in sorted(provinces):
            username = f"province-{code}"
            if username in taken:
                continue
            first, last = self.name().split(" ", 1)
            users.add(
                self.ids.take("cddfund_user"), unusable, False, username, first, last, "",
                False, True, self.now, "province", code, None, "นักวิชาการพัฒนาชุมชน",
            )  # fmt: skip
        self._done(users)

    def villages(self) -> None:
        subdistricts = list(
            Subdistrict.objects.filter(is_active=True)
            .select_related("district")
            .order_by("code")
            .values_list("code", "district_id", "district__province_id")
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT subdistrict_id, MAX(moo) FROM cddfund_village GROUP BY 1")
            used = dict(cursor.fetchall())
        table = self.table(
            "cddfund_village", "province_id", "district_id", "subdistrict_id", "moo", "name"
        )
        # Spread evenly over the country's subdistricts, in code order (so by district).
        n = self.counts["villages"]
        self.village_rows = []
        picked = [subdistricts[i * len(subdistricts) // n] for i in range(n)]
        for code, district, province in picked:
            moo = used.get(code, 0) + 1
            if moo > 99:
                continue
            used[code] = moo
            pk = self.ids.take("cddfund_village")
            name = f"บ้าน{self.random.choice(('หนอง', 'ห้วย', 'ดอน', 'ป่า', 'นา', 'โป่ง'))}"
            name += self.random.choice(("หมู", "สิงห์", "แก้ว", "ทอง", "เปา", "คำ", "ใหม่"))
            table.add(pk, province, district, code, moo, name)
            table.maybe_flush()
            self.village_rows.append((pk, province, district, code, moo))
        self._done(table)

    def centres_and_groups(self) -> None:
        centres = self.table(
            "institutes_centre",
            "province_id", "district_id", "name", "village_id", "founded_on", "cdd_budget",
            "budget_fiscal_year", "operating_model", "transition_step", "share_price",
            "lead_group_id", "has_fixed_office", "office_address", "regulations_approved_on",
            "regulations_file", "regulations_separate", "status",
        )  # fmt: skip
        groups = self.table(
            "institutes_villagegroup",
            "province_id", "district_id", "village_id", "group_type", "name", "founded_on",
            "member_count", "capital",
        )  # fmt: skip
        members = self.table(
            "institutes_membership", "province_id", "district_id", "centre_id", "group_id",
            "joined_on", "left_on",
        )  # fmt: skip
        shares = self.table(
            "institutes_sharetransaction", "province_id", "district_id", "centre_id",
            "group_id", "kind", "made_on", "amount", "shares", "receipt_no", "recorded_by_id",
            "recorded_at",
        )  # fmt: skip
        board = self.table(
            "institutes_boardmember", "province_id", "district_id", "centre_id", "name",
            "position", "part", "represents_id", "term_start", "term_end", "order_id",
        )  # fmt: skip
        n = self.counts["centres"]
        step = max(1, len(self.village_rows) // n)
        per_centre = max(1, round(self.counts["groups"] / n))
        self.centres = []  # (id, province, district, village, [group ids], officer)
        for index in range(0, min(n * step, len(self.village_rows)), step):
            village, province, district, _code, _moo = self.village_rows[index]
            centre = self.ids.take("institutes_centre")
            founded = self.date_between(datetime.date(2019, 10, 1), datetime.date(2023, 9, 30))
            officer = self.officer.get(district)
            group_ids = []
            for g in range(per_centre):
                kind, label = GROUP_KINDS[g % len(GROUP_KINDS)]
                pk = self.ids.take("institutes_villagegroup")
                group_ids.append(pk)
                groups.add(
                    pk, province, district, village, kind, f"{label} {g + 1}",
                    self.date_between(datetime.date(2005, 1, 1), founded),
                    self.random.randint(10, 200), self.money(10_000, 2_000_000, 1000),
                )  # fmt: skip
            model = self.random.choice((1, 1, 2, 2, 3, 4))
            step_no = None if model == 1 else self.random.choice((0, 1, 2, 3))
            centres.add(
                centre, province, district, f"ศูนย์จัดการกองทุนชุมชนบ้าน{centre}", village,
                founded, True, thai.fiscal_year(founded), model, step_no, Decimal(100),
                group_ids[0], self.random.random() < 0.6, "", founded, "", False,
                "active" if self.random.random() < 0.97 else "inactive",
            )  # fmt: skip
            joined = founded
            for pk in group_ids[: max(3, per_centre - 2)]:
                members.add(
                    self.ids.take("institutes_membership"), province, district, centre, pk,
                    joined, None,
                )  # fmt: skip
                if officer:
                    for k in range(3):
                        made = joined + datetime.timedelta(days=90 * k + 1)
                        shares.add(
                            self.ids.take("institutes_sharetransaction"), province, district,
                            centre, pk, "purchase", made, Decimal(1000 * (k + 1)), 10 * (k + 1),
                            f"{centre}/{pk}/{k}", officer, self.now,
                        )  # fmt: skip
            term_start = datetime.date(2023, 10, 1)
            term_end = datetime.date(2027, 9, 30)
            positions = ("chair", "vice_chair", "secretary", "treasurer", "member")
            reps = group_ids[: max(3, per_centre - 2)]
            for k, pk in enumerate(reps):
                board.add(
                    self.ids.take("institutes_boardmember"), province, district, centre,
                    self.name(), positions[min(k, 4)], 1, pk, term_start, term_end, None,
                )  # fmt: skip
            for _k in range(len(reps) // 2):
                board.add(
                    self.ids.take("institutes_boardmember"), province, district, centre,
                    self.name(), "member", 2, None, term_start, term_end, None,
                )  # fmt: skip
            self.centres.append((centre, province, district, village, group_ids, officer))
            for t in (centres, groups, members, shares, board):
                t.maybe_flush()
        self._done(centres, groups, members, shares, board)

    def households_and_loans(self) -> None:
        households = self.table(
            "debts_household",
            "province_id", "district_id", "centre_id", "village_id", "house_number",
            "head_name", "head_national_id", "head_id_masked", "members", "phone", "baseline_on",
            "baseline_contracts", "baseline_outstanding", "active_contracts", "outstanding",
            "debtor_class_id",
        )  # fmt: skip
        loans = self.table(
            "debts_loan",
            "province_id", "district_id", "household_id", "creditor_group_id", "external_kind",
            "external_name", "contract_no", "borrower", "contract_date", "principal",
            "outstanding", "interest_rate", "term_months", "months_in_arrears", "purpose",
            "status", "opened_by_id",
        )  # fmt: skip
        surveys = self.table(
            "debts_survey", "province_id", "district_id", "household_id", "surveyed_on",
            "is_baseline", "recorded_by_id", "recorded_at", "note",
        )  # fmt: skip
        lines = self.table(
            "debts_surveyline", "province_id", "district_id", "survey_id", "loan_id",
            "outstanding", "interest_rate", "term_months", "months_in_arrears",
        )  # fmt: skip
        events = self.table(
            "debts_debtevent", "province_id", "district_id", "household_id", "kind",
            "occurred_on", "reason", "decision_ref", "contract_ref", "document", "old_rate",
            "new_rate", "old_term", "new_term", "outstanding_after", "contracts_after",
            "recorded_by_id", "recorded_at",
        )  # fmt: skip
        movements = self.table(
            "debts_loanmovement", "event_id", "loan_id", "amount", "before", "after"
        )
        targets = self.table(
            "debts_targethousehold", "province_id", "district_id", "household_id",
            "fiscal_year", "reason", "chosen_by_id", "trained_on", "has_life_plan",
            "keeps_accounts",
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("SELECT head_national_id FROM debts_household")
            taken = {r[0] for r in cursor.fetchall()}
        centres = [c for c in self.centres if c[5]]
        total = self.counts["households"]
        loans_per_household = self.counts["loans"] / total
        serial = 0
        for index, (centre, province, district, village, group_ids, officer) in enumerate(centres):
            size = total * (index + 1) // len(centres) - total * index // len(centres)
            for house in range(size):
                serial += 1
                head_id = national_id(serial)
                while head_id in taken:
                    serial += 1
                    head_id = national_id(serial)
                household = self.ids.take("debts_household")
                head = self.name()
                baseline_on = self.date_between(
                    datetime.date(2022, 10, 1), datetime.date(2024, 9, 30)
                )
                survey = self.ids.take("debts_survey")
                surveys.add(
                    survey, province, district, household, baseline_on, True, officer, self.now,
                    "",
                )  # fmt: skip
                count = max(1, min(6, round(self.random.gauss(loans_per_household, 1.1))))
                owned = []  # [loan id, outstanding, is_village, rate, term]
                for k in range(count):
                    loan = self.ids.take("debts_loan")
                    village_loan = self.random.random() < 0.9
                    principal = self.money(5_000, 150_000, 500)
                    outstanding = (principal * Decimal(self.random.uniform(0.2, 1))).quantize(
                        Decimal("0.01")
                    )
                    rate = Decimal(self.random.choice((0, 3, 6, 6, 9, 12)))
                    term = self.random.choice((12, 24, 36, 60))
                    arrears = self.random.choice((0, 0, 0, 1, 2, 4, 7, 13))
                    group = self.random.choice(group_ids) if village_loan else None
                    loans.add(
                        loan, province, district, household, group,
                        "" if village_loan else "bank", "" if village_loan else "ธ.ก.ส.",
                        f"{household}-{k + 1}", head,
                        self.date_between(datetime.date(2018, 1, 1), baseline_on), principal,
                        outstanding, rate, term, arrears, "ประกอบอาชีพ", "active", officer,
                    )  # fmt: skip
                    lines.add(
                        self.ids.take("debts_surveyline"), province, district, survey, loan,
                        outstanding, rate, term, arrears,
                    )  # fmt: skip
                    owned.append([loan, outstanding, village_loan, group])
                baseline_village = [o for o in owned if o[2]]
                baseline_contracts = len(baseline_village)
                baseline_outstanding = sum((o[1] for o in baseline_village), Decimal(0))
                # What happened since: consolidation to one contract, repayments, or nothing.
                roll = self.random.random()
                event_day = self.date_between(baseline_on + datetime.timedelta(days=30), self.today)
                if roll < 0.15 and len(baseline_village) > 1:
                    event = self.ids.take("debts_debtevent")
                    new_loan = self.ids.take("debts_loan")
                    amount = sum((o[1] for o in baseline_village), Decimal(0))
                    for o in baseline_village:
                        movements.add(
                            self.ids.take("debts_loanmovement"), event, o[0], -o[1], o[1], 0
                        )
                        o[1] = Decimal(0)
                    for o in baseline_village:
                        self._close(loans, o[0])
                    loans.add(
                        new_loan, province, district, household, group_ids[0], "", "",
                        f"C{household}", head, event_day, amount, amount, Decimal(3), 60, 0,
                        "รวมสัญญา", "active", officer,
                    )  # fmt: skip
                    movements.add(
                        self.ids.take("debts_loanmovement"), event, new_loan, amount, 0, amount
                    )
                    owned.append([new_loan, amount, True, group_ids[0]])
                    after = [o for o in owned if o[2] and o[1] > 0]
                    events.add(
                        event, province, district, household, "consolidation", event_day,
                        "รวมหนี้เป็นสัญญาเดียว", f"มติที่ {household}", f"C{household}", "",
                        None, None, None, None, sum((o[1] for o in after), Decimal(0)),
                        len(after), officer, self.now,
                    )  # fmt: skip
                elif roll < 0.55 and baseline_village:
                    event = self.ids.take("debts_debtevent")
                    target = self.random.choice(baseline_village)
                    paid = (
                        target[1]
                        if self.random.random() < 0.25
                        else (target[1] * Decimal(self.random.uniform(0.05, 0.6))).quantize(
                            Decimal("0.01")
                        )
                    )
                    movements.add(
                        self.ids.take("debts_loanmovement"), event, target[0], -paid,
                        target[1], target[1] - paid,
                    )  # fmt: skip
                    target[1] -= paid
                    if target[1] == 0:
                        self._close(loans, target[0])
                    else:
                        self._set_outstanding(loans, target[0], target[1])
                    after = [o for o in owned if o[2] and o[1] > 0]
                    events.add(
                        event, province, district, household, "repayment", event_day,
                        "ชำระหนี้", "", "", "", None, None, None, None,
                        sum((o[1] for o in after), Decimal(0)), len(after), officer, self.now,
                    )  # fmt: skip
                active = [o for o in owned if o[2] and o[1] > 0]
                households.add(
                    household, province, district, centre, village, f"{house + 1}",
                    head, head_id, thai.mask_national_id(head_id), self.random.randint(1, 8), "",
                    baseline_on,
                    baseline_contracts, baseline_outstanding, len(active),
                    sum((o[1] for o in active), Decimal(0)), None,
                )  # fmt: skip
                for t in (households, loans, surveys, lines, events, movements, targets):
                    t.maybe_flush()
                if self.random.random() < 0.3:
                    year = self.year - self.random.randint(0, 2)
                    targets.add(
                        self.ids.take("debts_targethousehold"), province, district, household,
                        year, "หนี้หลายสัญญา", officer, None, self.random.random() < 0.5,
                        self.random.random() < 0.5,
                    )  # fmt: skip
        self._done(households, loans, surveys, lines, events, movements, targets)

    def _find(self, loans: Table, loan_id: int) -> int:
        """The row of a loan of the current household (the last few rows written)."""
        for i in range(len(loans.rows) - 1, -1, -1):
            if loans.rows[i][0] == loan_id:
                return i
        raise LookupError(loan_id)

    # Columns of a debts_loan row (see households_and_loans): 11 = outstanding, 16 = status.
    def _close(self, loans: Table, loan_id: int) -> None:
        i = self._find(loans, loan_id)
        r = loans.rows[i]
        loans.rows[i] = (*r[:11], Decimal(0), *r[12:16], "closed", *r[17:])

    def _set_outstanding(self, loans: Table, loan_id: int, value: Decimal) -> None:
        i = self._find(loans, loan_id)
        r = loans.rows[i]
        loans.rows[i] = (*r[:11], value, *r[12:])

    def assessments(self) -> None:
        indicator_set = (
            IndicatorSet.objects.prefetch_related("areas__indicators__criteria", "levels")
            .order_by("-applies_from")
            .first()
        )
        if indicator_set is None:
            self.say("no indicator set loaded: assessments skipped (run load_indicator_set)")
            return
        indicators = [
            (i.pk, sorted((c.pk, c.points) for c in i.criteria.all()))
            for area in indicator_set.areas.all()
            for i in area.indicators.all()
        ]
        max_score = sum(max(p for _pk, p in criteria) for _i, criteria in indicators)
        levels = sorted(
            ((lv.min_percent, lv.pk) for lv in indicator_set.levels.all()), reverse=True
        )
        assessments = self.table(
            "assessments_assessment", "province_id", "district_id", "centre_id", "fiscal_year",
            "indicator_set_id", "state", "score", "max_score", "percent", "level_id",
            "created_by_id", "created_at",
        )  # fmt: skip
        answers = self.table(
            "assessments_answer", "province_id", "district_id", "assessment_id", "indicator_id",
            "criterion_id", "suggested_id", "suggestion_evidence", "override_reason", "note",
            "evidence", "return_comment",
        )  # fmt: skip
        for centre, province, district, _village, _groups, officer in self.centres:
            if not officer:
                continue
            for year in (self.year - 2, self.year - 1, self.year):
                if year == self.year:
                    state = self.random.choice(("draft", "submitted", "returned", "approved"))
                else:
                    state = "approved" if self.random.random() < 0.9 else "submitted"
                pk = self.ids.take("assessments_assessment")
                score = 0
                strength = self.random.uniform(0.3, 1.0)
                for indicator, criteria in indicators:
                    pick = criteria[min(len(criteria) - 1, int(strength * len(criteria)))]
                    score += pick[1]
                    answers.add(
                        self.ids.take("assessments_answer"), province, district, pk, indicator,
                        pick[0], None, "", "", "", "", "",
                    )  # fmt: skip
                percent = (Decimal(score * 100) / max_score).quantize(Decimal("0.01"))
                level = next((lv for minimum, lv in levels if percent >= minimum), None)
                assessments.add(
                    pk, province, district, centre, year, indicator_set.pk, state, score,
                    max_score, percent, level, officer, self.now,
                )  # fmt: skip
                answers.maybe_flush()
                assessments.maybe_flush()
        self._done(assessments, answers)
