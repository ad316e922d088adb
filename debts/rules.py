"""The rules that classify a household by its standing, written once (domain guide §3).

Each is a list of conditions on a household: (column, operator, value), where the value is a
number or another column. OWED and CONTRACTS stand for what the household owes the village and
its active village contracts: today's standing columns, or the same as of a day.

Each rule is read three ways: as a filter on today's standing columns (``q``), as SQL over a
household row (``sql``: today's columns, or its standing as of a day) and on one household in
memory (``holds``). ``debts.figures`` names them for the pages and reports; the database's own
counts of each district's households (``debts.models.HouseholdCounts``) are kept with ``sql``.
This module imports no model, so that the models can use it too.
"""

from django.db.models import F, Q

OWED, CONTRACTS = "owed", "contracts"
SURVEYED = ("baseline_on", "set", None)
ENROLLED = ("enrolled_on", "set", None)
RULES = {
    "surveyed": [SURVEYED],
    "unclassified": [SURVEYED, ("debtor_class_id", "unset", None)],
    "one": [SURVEYED, (CONTRACTS, "=", 1)],
    "none": [SURVEYED, (CONTRACTS, "=", 0)],
    "reached": [SURVEYED, (CONTRACTS, "<=", 1)],
    "reduced": [ENROLLED, (OWED, "<", "enrolled_outstanding")],
    "cleared": [ENROLLED, ("enrolled_outstanding", ">", 0), (OWED, "=", 0)],
}
TODAY = {OWED: "outstanding", CONTRACTS: "active_contracts"}
LOOKUPS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt"}
NULL_TESTS = {"set": False, "unset": True}


def q(name: str) -> Q:
    """The rule as a filter on today's standing columns."""
    found = Q()
    for column, op, value in RULES[name]:
        column = TODAY.get(column, column)
        if op in NULL_TESTS:
            found &= Q(**{f"{column}__isnull": NULL_TESTS[op]})
        else:
            other = F(TODAY.get(value, value)) if isinstance(value, str) else value
            found &= Q(**{f"{column}__{LOOKUPS[op]}": other})
    return found


def sql(name: str, *, row: str = "h", on_day: dict | None = None) -> str:
    """The rule over the household row ``row``: on its standing as of a day (``on_day``: the
    SQL of OWED and CONTRACTS) or, without one, on today's standing columns."""
    fields = on_day or {key: f"{row}.{column}" for key, column in TODAY.items()}
    parts = []
    for column, op, value in RULES[name]:
        column = fields.get(column, f"{row}.{column}")
        if op in NULL_TESTS:
            parts.append(f"{column} IS {'' if NULL_TESTS[op] else 'NOT '}NULL")
        else:
            other = fields.get(value, f"{row}.{value}") if isinstance(value, str) else str(value)
            parts.append(f"{column} {op} {other}")
    return " AND ".join(parts)


def holds(name: str, household) -> bool:
    """Whether the rule holds for ``household`` (a Household) on its standing in memory."""

    def read(column):
        return getattr(household, TODAY.get(column, column))

    for column, op, value in RULES[name]:
        left = read(column)
        if op in NULL_TESTS:
            if (left is None) != NULL_TESTS[op]:
                return False
            continue
        right = read(value) if isinstance(value, str) else value
        if left is None or right is None:
            return False
        if not {"=": left == right, "<": left < right, "<=": left <= right, ">": left > right}[op]:
            return False
    return True
