"""The official figures of household debt, each defined once (domain guide §3, seed 004).

Every page, card, register, indicator suggestion, report, export and the API counts with these:

- **Village debt**: loans from the village's groups only (a loan with a creditor group); banks and
  other financial institutions are left out.
- **Reached "1 household, 1 contract"** (ถึง 1 ครัวเรือน 1 สัญญา): a surveyed household with at most
  one active village contract, shown split into "1 สัญญา" (one left) and "ปลดหนี้ (0 สัญญา)" (none).
- **Entered debt management**: the household's first enrolment as a target household
  (``Household.enrolled_on``), owing then ``Household.enrolled_outstanding``.
- **Reduced** (ลดหนี้): entered debt management and owes the village less than it did then;
  cleared households are reduced too. **Cleared** (ปลดหนี้): owed something then, owes nothing.
- **The KPI** (indicator 10 of the provincial plan): among the target households of the fiscal
  year and the two before that were enrolled by the period's last day, the share that reduced,
  in per cent rounded half up (``thai.percent``), scored 60 → 1, 70 → 2, 80 → 3, 90 → 4, 100 → 5.

Each definition is written once (``debts.rules``) and read three ways: as a filter on today's
standing columns (kept by the services), as SQL over the standing as of a day, and on one
household in memory. A period's figures are computed as of its last day from the dated records
(``STANDING_SQL``): a loan is known from the day it was found or opened (``Loan.opened_on``) and
owed on a day what it owes now less the movements dated after that day. Adding or changing
records dated after a period never changes that period's figures.
"""

import datetime
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cddfund import thai
from cddfund.periods import Period
from cddfund.scope import scope_of
from debts import rules
from debts.models import Household, TargetHousehold

KPI_STEPS = [
    (Decimal(100), 5),
    (Decimal(90), 4),
    (Decimal(80), 3),
    (Decimal(70), 2),
    (Decimal(60), 1),
]

# --- the definitions, written once (debts.rules) -----------------------------------------------
# As of a day, OWED and CONTRACTS are read from the standing ``s`` of each household ``h``.
AS_OF_DAY = {rules.OWED: "s.owed", rules.CONTRACTS: "s.contracts"}


def _rule_sql(name: str) -> str:
    """The rule over a household ``h`` and its standing ``s`` (owed, contracts) as of a day."""
    return rules.sql(name, on_day=AS_OF_DAY)


def one_contract() -> Q:
    return rules.q("one")


def no_contract() -> Q:
    return rules.q("none")


def reached() -> Q:
    return rules.q("reached")


def reduced() -> Q:
    return rules.q("reduced")


def cleared() -> Q:
    return rules.q("cleared")


def reached_one_contract(household: Household) -> bool:
    return rules.holds("reached", household)


def is_reduced(household: Household) -> bool:
    return rules.holds("reduced", household)


def is_cleared(household: Household) -> bool:
    return rules.holds("cleared", household)


def result(household: Household) -> str:
    """ปลดหนี้, ลดหนี้ or "-" (not in debt management, or not lower than at enrolment)."""
    if is_cleared(household):
        return "ปลดหนี้"
    return "ลดหนี้" if is_reduced(household) else "-"


def kpi_score(share: Decimal | None) -> int:
    if share is None:
        return 0
    return next((score for floor, score in KPI_STEPS if share >= floor), 0)


# --- as of a day ------------------------------------------------------------------------------

# What each household owed the village at the end of a day and how many village contracts it
# still had: every village loan known by that day, at what it owes now less the movements dated
# after that day. Two ways, the same figures (tests/test_figures.py):
#
# - ``STANDING_SQL``, for the whole country: one pass over the loans and the later movements of
#   the scoped households, grouped and joined by hash.
# - ``STANDING_BY_HOUSEHOLD``, for an area: the households found once, then each one's loans and
#   their later movements through the indexes. Its cost follows the area's households whatever
#   PostgreSQL guesses their number to be; a guess of a handful had made it loop over the grouped
#   pass once per household (a district's page of centres: 170 ms; this way 16 ms; a province's
#   112 → 27 ms; the country's 2.8 s grouped against 4.9 s this way, BENCHMARKS.md "Growth").
STANDING_SQL = """
    SELECT l.household_id,
           sum(l.outstanding - coalesce(m.moved, 0)) AS owed,
           count(*) FILTER (WHERE l.outstanding - coalesce(m.moved, 0) > 0) AS contracts
      FROM debts_loan l
      LEFT JOIN (
            SELECT m.loan_id, sum(m.amount) AS moved
              FROM debts_loanmovement m JOIN debts_debtevent e ON e.id = m.event_id
             WHERE e.occurred_on > %(day)s AND e.household_id IN (SELECT id FROM scoped)
             GROUP BY m.loan_id
           ) m ON m.loan_id = l.id
     WHERE l.creditor_group_id IS NOT NULL AND l.opened_on <= %(day)s
       AND l.household_id IN (SELECT id FROM scoped)
     GROUP BY l.household_id
"""


STANDING_BY_HOUSEHOLD = """
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(l.outstanding - coalesce(later.moved, 0)), 0) AS owed,
               count(*) FILTER (WHERE l.outstanding - coalesce(later.moved, 0) > 0) AS contracts
          FROM debts_loan l
          LEFT JOIN LATERAL (
                SELECT sum(m.amount) AS moved
                  FROM debts_loanmovement m JOIN debts_debtevent e ON e.id = m.event_id
                 WHERE m.loan_id = l.id AND e.occurred_on > %(day)s
               ) later ON true
         WHERE l.household_id = h.id AND l.creditor_group_id IS NOT NULL AND l.opened_on <= %(day)s
    ) s
"""


def _today() -> datetime.date:
    return timezone.localdate()


# The columns of ``h`` a figure reads: every column of the household.
STANDING_ROW = tuple(field.attname for field in Household._meta.concrete_fields)


def _on_day_sql(
    households: QuerySet[Household],
    day: datetime.date,
    select: str,
    tail: str = "",
    *,
    country: bool = False,
):
    """``select`` over ``h`` (each household of ``households``) and ``s`` (what it owed the
    village and its active village contracts at the end of ``day``), as SQL and its parameters;
    ``country``: ``households`` are the whole country's (read in one grouped pass).

    From today on nothing can be dated later (every dated record refuses the future), so the
    standing as of ``day`` is the household's standing columns; before, it is ``STANDING_SQL``
    or ``STANDING_BY_HOUSEHOLD``."""
    if day >= _today():
        # The households' own rows, read once where ``households`` finds them (looked up again
        # by id, a district's thousands of rows were read twice).
        rows_sql, rows_params = households.order_by().values(*STANDING_ROW).query.sql_with_params()
        joined = (
            "CROSS JOIN LATERAL (SELECT h.outstanding AS owed, h.active_contracts AS contracts) s"
        )
        return f"SELECT {select} FROM ({rows_sql}) h {joined} WHERE true {tail}", list(rows_params)
    ids_sql, ids_params = households.order_by().values("id").query.sql_with_params()
    if not country:
        sql = (
            f"WITH scoped AS MATERIALIZED ({ids_sql}) SELECT {select} FROM scoped "
            f"JOIN debts_household h ON h.id = scoped.id "
            f"{STANDING_BY_HOUSEHOLD.replace('%(day)s', '%s')} WHERE true {tail}"
        )
        return sql, [*ids_params, day, day]
    inner = STANDING_SQL.replace("(SELECT id FROM scoped)", f"({ids_sql})")
    joined = (
        f"LEFT JOIN ({inner.replace('%(day)s', '%s')}) s0 ON s0.household_id = h.id "
        "CROSS JOIN LATERAL (SELECT coalesce(s0.owed, 0) AS owed, "
        "coalesce(s0.contracts, 0) AS contracts) s"
    )
    params = [day, *ids_params, day, *ids_params]
    sql = f"SELECT {select} FROM debts_household h {joined} WHERE h.id IN ({ids_sql}) {tail}"
    return sql, [*params, *ids_params]


def _on_day(
    households: QuerySet[Household],
    day: datetime.date,
    select: str,
    tail: str = "",
    *,
    country: bool = False,
):
    """The rows of ``_on_day_sql``."""
    sql, params = _on_day_sql(households, day, select, tail, country=country)
    with connections[households.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def outstanding_on(household: Household, day: datetime.date) -> Decimal:
    """What ``household`` owed the village at the end of ``day``."""
    [(owed,)] = _on_day(Household.objects.filter(pk=household.pk), day, "s.owed")
    return owed


def enrolment(household: Household) -> tuple[datetime.date | None, Decimal]:
    """When the household entered debt management and what it owed the village then."""
    first = (
        TargetHousehold.objects.filter(household=household)
        .order_by("enrolled_on")
        .values_list("enrolled_on", flat=True)
        .first()
    )
    return first, (max(outstanding_on(household, first), Decimal(0)) if first else Decimal(0))


# --- a period's figures -----------------------------------------------------------------------


def kpi_targets(period: Period) -> Q:
    """The target records that count their household in a period: of its fiscal year or the
    two before, enrolled by its last day."""
    years = range(period.fiscal_year - 2, period.fiscal_year + 1)
    return Q(fiscal_year__in=years, enrolled_on__lte=period.end)


def targets_in(period: Period, user=None) -> Exists:
    """Target households counted in a period (``kpi_targets``). With ``user``, only the targets
    of their area are read (their own area columns): without it PostgreSQL reads the whole
    country's targets to keep one province's."""
    targets = TargetHousehold.objects.visible_to(user) if user else TargetHousehold.objects
    return Exists(targets.filter(kpi_targets(period), household=OuterRef("pk")))


def _is_country(user) -> bool:
    """Whether ``user``'s households are the whole country's (no user: an area's)."""
    return user is not None and scope_of(user).is_country


COUNTED = ("one", "none", "reduced", "cleared")
GROUPS = {
    None: "NULL",
    "centre": "h.centre_id",
    "district": "h.district_id",
    "province": "h.province_id",
}


def period_counts(
    households: QuerySet[Household], period: Period, by: str | None = None, user=None
) -> list[dict]:
    """The target households of ``households`` counted in ``period``, as of its last day, one row
    per centre, district or province (``by``; ``key`` is its id) or one row for all: ``targets``,
    ``one`` (1 contract), ``none`` (0 contracts), ``reached`` (both), ``reduced`` (cleared
    included), ``cleared``, what they owed at enrolment (``enrolled``) and at the period's last
    day (``then``), ``share`` and ``score``. ``user``: whose area ``households`` are of."""
    return [finish(row) for row in _period_counts(households, period, [GROUPS[by]], user)]


def period_counts_by_district_and_centre(
    households: QuerySet[Household], period: Period, user=None
) -> tuple[list[dict], list[dict]]:
    """``period_counts`` by district and by centre, from one pass over the households (closing
    a period keeps both)."""
    districts: dict = {}
    centres: dict = {}
    for row in _period_counts(households, period, [GROUPS["district"], GROUPS["centre"]], user):
        district, centre = row.pop("key")
        for rows, key in ((districts, district), (centres, centre)):
            if key in rows:
                rows[key] = {k: rows[key][k] + row[k] for k in row}
            else:
                rows[key] = dict(row)
    return (
        [finish({"key": key, **row}) for key, row in districts.items()],
        [finish({"key": key, **row}) for key, row in centres.items()],
    )


PERIOD_SUMS = ("targets", *COUNTED, "enrolled", "then")


def _period_counts(households, period: Period, groups: list[str], user) -> list[dict]:
    """The sums of ``period_counts`` (``PERIOD_SUMS``) per value of ``groups``: ``key`` is the
    value, or a tuple of them for two or more."""
    counts = ", ".join(f"count(*) FILTER (WHERE {_rule_sql(name)})" for name in COUNTED)
    rows = _on_day(
        households.filter(targets_in(period, user)),
        period.as_of(),
        f"{', '.join(groups)}, count(*), {counts}, "
        "coalesce(sum(h.enrolled_outstanding), 0), coalesce(sum(s.owed), 0)",
        "GROUP BY " + ", ".join(str(n) for n in range(1, len(groups) + 1)),
        country=_is_country(user),
    )
    width = len(groups)
    return [
        {
            "key": row[0] if width == 1 else tuple(row[:width]),
            **dict(zip(PERIOD_SUMS, row[width:], strict=True)),
        }
        for row in rows
    ]


def day_counts(households: QuerySet[Household], day: datetime.date) -> dict:
    """``households`` as of the end of ``day``: how many, and how many of them reached one
    contract or none, reduced and cleared (the definitions above)."""
    counts = ", ".join(f"count(*) FILTER (WHERE {_rule_sql(name)})" for name in COUNTED)
    [row] = _on_day(households, day, f"count(*), {counts}")
    return dict(zip(("households", *COUNTED), row, strict=True))


def households_on(
    households: QuerySet[Household], period: Period, rule: str | None = None, user=None
):
    """The target households of ``households`` (of ``user``'s area) counted in ``period`` (those
    for which ``rule`` holds as of its last day, when one is named): the household list behind a
    KPI figure."""
    counted = households.filter(targets_in(period, user))
    if rule is None:
        return counted
    where = (
        f"AND {_rule_sql(rule)}"
        if not rule.startswith("not_")
        else (f"AND h.enrolled_on IS NOT NULL AND NOT ({_rule_sql(rule[4:])})")
    )
    found = _on_day_sql(counted, period.as_of(), "h.id", where, country=_is_country(user))
    return counted.filter(pk__in=RawSQL(*found))


def finish(row: dict) -> dict:
    """The derived figures of a row of counts (also of a subtotal of rows)."""
    row["reached"] = row["one"] + row["none"]
    row["share"] = thai.percent(row["reduced"], row["targets"])
    row["score"] = kpi_score(row["share"])
    row["enrolled"] = row.get("enrolled") or Decimal(0)
    row["then"] = row.get("then") or Decimal(0)
    return row


def today_counts(households: QuerySet[Household]) -> dict:
    """Today's standing of ``households``: surveyed, reached 1 household 1 contract (one, none),
    in debt management, reduced and cleared."""
    return households.aggregate(
        surveyed=Count("id", filter=Q(baseline_on__isnull=False)),
        reached=Count("id", filter=reached()),
        one=Count("id", filter=one_contract()),
        none=Count("id", filter=no_contract()),
        enrolled=Count("id", filter=Q(enrolled_on__isnull=False)),
        reduced=Count("id", filter=reduced()),
        cleared=Count("id", filter=cleared()),
    )
