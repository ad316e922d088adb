"""The permission matrix of every URL in the URL conf, generated so that a new page is covered
as soon as it is routed.

Each view says who may open it (``read_view``, ``edit_view``, ``roles_view``) and, for pages of
one record, which model it shows. The test creates such a record in อ.พาน จ.เชียงราย and checks
each persona: inside the scope the page opens (or answers 403 to a read-only role), outside the
scope it answers 404.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Answer, Assessment, IndicatorSet
from cddfund.models import Notification, User, Village
from cddfund.scope import Role
from debts.models import (
    DebtEvent,
    DebtorClass,
    DebtPlan,
    FollowUpVisit,
    Household,
    LifePlan,
    OccupationSupport,
    PlanOption,
    TargetHousehold,
    TrainingCourse,
    VisitAction,
    VisitPhoto,
)
from debts.services import classes, programme, restructure
from imports import jobs as import_jobs
from imports.models import ImportJob
from institutes.models import (
    AppointmentOrder,
    BankAccount,
    BankStatement,
    BoardMember,
    CapitalReceipt,
    Centre,
    ForumPhoto,
    GroupLoan,
    GroupLoanRepayment,
    IndividualMember,
    JournalEntry,
    Meeting,
    MemberDeposit,
    Membership,
    PlanActivity,
    ShareTransaction,
    SsgSelection,
    VillageGroup,
    WelfareGrant,
)
from institutes.services import board, books, registers
from institutes.services import centres as centres_api
from reports import exports
from reports.models import Export
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db

PERSONAS = ["maesuai", "phan", "pong", "chiangrai", "phayao", "central", "admin"]

# Routes that are not the product's own pages: Django's admin (scoped by ScopedAdmin, tested
# below), language switching, and the auth views (tested in test_auth).
FOREIGN_PREFIXES = ("admin/", "i18n/", "accounts/")


def _in_centre(model, village="บ้านป่าเปา"):
    return lambda ctx: model.objects.filter(centre=ctx["centres"][village]).first()


# One record of each scoped model (in อ.พาน unless only another centre can have one), for the
# pages that show a single record.
SAMPLE_RECORD = {
    Village: lambda ctx: ctx["villages"]["บ้านป่าเปา"],
    User: lambda ctx: ctx["accounts"]["phan"],
    Centre: lambda ctx: ctx["centres"]["บ้านป่าเปา"],
    VillageGroup: lambda ctx: VillageGroup.objects.filter(
        village=ctx["villages"]["บ้านป่าเปา"]
    ).first(),
    BankAccount: _in_centre(BankAccount),
    Membership: _in_centre(Membership),
    IndividualMember: _in_centre(IndividualMember, "บ้านห้วยสิงห์"),
    ShareTransaction: _in_centre(ShareTransaction),
    CapitalReceipt: _in_centre(CapitalReceipt),
    AppointmentOrder: _in_centre(AppointmentOrder),
    BoardMember: _in_centre(BoardMember),
    Meeting: _in_centre(Meeting),
    PlanActivity: _in_centre(PlanActivity),
    WelfareGrant: _in_centre(WelfareGrant),
    Household: _in_centre(Household),
    DebtorClass: _in_centre(DebtorClass),
    TargetHousehold: lambda ctx: TargetHousehold.objects.filter(
        household__centre=ctx["centres"]["บ้านป่าเปา"]
    ).first(),
    Assessment: lambda ctx: Assessment.objects.filter(centre=ctx["centres"]["บ้านป่าเปา"]).latest(
        "fiscal_year"
    ),
    Answer: lambda ctx: Answer.objects.exclude(evidence="").first(),
    IndicatorSet: lambda ctx: IndicatorSet.objects.first(),
    Export: lambda ctx: Export.objects.get(user=ctx["accounts"]["phan"]),
    ImportJob: lambda ctx: ImportJob.objects.get(user=ctx["accounts"]["phan"]),
    GroupLoan: _in_centre(GroupLoan),
    SsgSelection: lambda ctx: SsgSelection.objects.filter(forum__isnull=False).first(),
    ForumPhoto: lambda ctx: ForumPhoto.objects.first(),
    GroupLoanRepayment: _in_centre(GroupLoanRepayment),
    MemberDeposit: _in_centre(MemberDeposit),
    JournalEntry: lambda ctx: (
        JournalEntry.objects.filter(centre=ctx["centres"]["บ้านป่าเปา"], source="manual")
        .exclude(document="")
        .first()
    ),
    BankStatement: lambda ctx: (
        BankStatement.objects.filter(centre=ctx["centres"]["บ้านป่าเปา"]).exclude(document="").first()
    ),
    DebtEvent: lambda ctx: (
        DebtEvent.objects.filter(
            household__centre=ctx["centres"]["บ้านป่าเปา"], kind__in=["transfer", "consolidation"]
        )
        .exclude(document="")
        .first()
    ),
    DebtPlan: lambda ctx: DebtPlan.objects.filter(centre=ctx["centres"]["บ้านป่าเปา"]).first(),
    PlanOption: lambda ctx: PlanOption.objects.filter(
        plan__centre=ctx["centres"]["บ้านป่าเปา"]
    ).first(),
    TrainingCourse: _in_centre(TrainingCourse),
    OccupationSupport: lambda ctx: OccupationSupport.objects.filter(
        target__household__centre=ctx["centres"]["บ้านป่าเปา"]
    ).first(),
    FollowUpVisit: _in_centre(FollowUpVisit),
    VisitAction: lambda ctx: VisitAction.objects.filter(
        visit__centre=ctx["centres"]["บ้านป่าเปา"]
    ).first(),
    VisitPhoto: lambda ctx: VisitPhoto.objects.filter(
        visit__centre=ctx["centres"]["บ้านป่าเปา"]
    ).first(),
    # The export's notification to its officer (made by export_run below).
    Notification: lambda ctx: Notification.objects.filter(user=ctx["accounts"]["phan"]).first(),
    LifePlan: lambda ctx: (
        LifePlan.objects.filter(target__household__centre=ctx["centres"]["บ้านป่าเปา"])
        .exclude(document="")
        .first()
    ),
}

# Sample values for URL arguments that are not a record's key.
ARGUMENT_SAMPLES = {
    "level": "districts",
    "kind": "repayment",
    "slug": "levels",
    "register": "shares",
    "extension": "xlsx",
    "sheet": "households",
    "code": "2569",  # a period's code (a printout's code is looked up in test_periods)
}


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = [
    (route, pattern)
    for route, pattern in _routes()
    if not route.startswith(FOREIGN_PREFIXES) and pattern.name
]


def test_every_product_route_declares_who_may_open_it():
    undeclared = [route for route, p in ROUTES if not hasattr(p.callback, "access")]
    assert undeclared == []


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    """The demo data, seeded once for this module inside a transaction that is rolled back at
    its end, with a document on each record that can carry one (so that the download pages
    have something to send)."""
    from assessments import demo as assessments_demo
    from cddfund import demo
    from debts import demo as debts_demo
    from institutes import demo as institutes_demo

    with django_db_blocker.unblock(), transaction.atomic():
        context: dict = {}
        demo.seed(context)
        institutes_demo.seed(context)
        institutes_demo.seed_books(context)
        debts_demo.seed(context)
        assessments_demo.seed(context)
        draft = Assessment.objects.of_centres().get(state="draft")
        answer = draft.answers.select_related("indicator").first()
        assessment_services.answers_save(
            by=context["accounts"]["pong"],
            assessment=draft,
            answers={
                answer.indicator_id: assessment_services.AnswerInput(
                    criterion=answer.indicator.criteria.first(), evidence=pdf_upload()
                )
            },
        )
        centre = context["centres"]["บ้านป่าเปา"]
        officer = context["accounts"]["phan"]
        export = Export.objects.create(
            user=officer, report="levels", fiscal_year=2568, extension="xlsx"
        )
        exports.export_run(export.pk)
        job = ImportJob.objects.create(
            user=officer, file=SimpleUploadedFile("a.xlsx", b"PK"), original_name="a.xlsx"
        )
        import_jobs.check(job.pk)
        centres_api.centre_update(by=officer, centre=centre, regulations_file=pdf_upload())
        board.order_save(by=officer, centre=centre, order=centre.orders.first(), file=pdf_upload())
        registers.register_save(
            by=officer,
            centre=centre,
            model=Meeting,
            record=centre.meetings.first(),
            minutes_file=pdf_upload(),
        )
        entry = centre.journal_entries.filter(source="manual", document_no__startswith="บ.").first()
        lines = {line.account.is_money: line for line in entry.lines.select_related("account")}
        books.entry_record(
            by=officer,
            centre=centre,
            kind=books.ManualKind.PAYMENT if lines[True].credit else books.ManualKind.RECEIPT,
            money=lines[True].account,
            account=lines[False].account,
            amount=lines[True].debit or lines[True].credit,
            on=entry.entry_on,
            description=entry.description,
            document=pdf_upload(),
            entry=entry,
        )
        statement = centre.bank_statements.first()
        books.bank_statement_save(
            by=officer,
            centre=centre,
            bank_account=statement.bank_account,
            as_of=statement.as_of,
            balance=statement.balance,
            document=pdf_upload(),
            statement=statement,
        )
        target = TargetHousehold.objects.filter(household__centre=centre).first()
        classes.target_save(
            by=officer,
            household=target.household,
            fiscal_year=target.fiscal_year,
            target=target,
            enrolment_form=pdf_upload(),
        )
        transfer = DebtEvent.objects.filter(household__centre=centre, kind="transfer").first()
        restructure.event_evidence_save(
            by=officer, event=transfer, decision_ref="มติที่ 1", document=pdf_upload()
        )
        life_plan = LifePlan.objects.filter(target__household__centre=centre).first()
        programme.life_plan_save(
            by=officer,
            target=life_plan.target,
            made_on=life_plan.made_on,
            summary=life_plan.summary,
            document=pdf_upload(),
        )
        household = Household.objects.filter(centre=centre, active_contracts=1).first()
        restructure.loan_repay(
            by=officer,
            household=household,
            loan=household.loans.get(status="active"),
            amount=Decimal(1),
            on=timezone.localdate(),
            document=pdf_upload(),
        )
        yield context
        transaction.set_rollback(True)


def _url(pattern, ctx):
    kwargs = {}
    record = None
    for name in pattern.pattern.converters:
        if name == "pk":
            model = pattern.callback.scoped_model
            assert model in SAMPLE_RECORD, f"{pattern.name}: no sample record for {model}"
            record = SAMPLE_RECORD[model](ctx)
            assert record is not None, f"{pattern.name}: the demo has no {model.__name__}"
            kwargs["pk"] = record.pk
        else:
            assert name in ARGUMENT_SAMPLES, f"{pattern.name}: no sample value for <{name}>"
            kwargs[name] = ARGUMENT_SAMPLES[name]
    return reverse(pattern.name, kwargs=kwargs), record


def _expected(view, persona: User, record) -> int:
    """200 (302 after a POST-only action) when allowed, 403 for the wrong role, 404 out of scope."""
    if isinstance(record, Notification):
        in_scope = record.user_id == persona.pk and persona.scope.contains(
            province_id=record.province_id, district_id=record.district_id
        )  # its reader's, while inside the reader's scope
    elif record is not None and hasattr(record, "user_id") and not hasattr(record, "district_id"):
        in_scope = record.user_id == persona.pk  # private to its owner (an export)
    else:
        in_scope = (
            record is None
            or not hasattr(record, "district_id")
            or persona.scope.contains(
                province_id=record.province_id, district_id=record.district_id
            )
        )
    # A POST-only action redirects when it worked and shows the page again when it refused the
    # input: both mean the user was let in.
    allowed = "in" if getattr(view, "post_only", False) else 200
    if view.access == "roles":
        if persona.role not in view.allowed_roles:
            return 403
        return allowed if in_scope else 404
    if not in_scope:
        return 404
    if view.access == "edit" and persona.role != Role.DISTRICT:
        return 403
    return allowed


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_permission_matrix(route, pattern, ctx, client, client_for):
    """Each persona's answer; anonymous visitors go to log in; unsupported methods answer 405."""
    accounts = ctx["accounts"]
    url, record = _url(pattern, ctx)
    method = "post" if getattr(pattern.callback, "post_only", False) else "get"
    if pattern.callback.access == "public":
        # The same answer for everyone, signed in or not: nothing of a user's own.
        anonymous = client.get(url).status_code
        assert anonymous in (200, 404)
        assert {p: client_for(p).get(url).status_code for p in PERSONAS} == dict.fromkeys(
            PERSONAS, anonymous
        )
        assert client.delete(url).status_code == 405
        return
    got = {}
    for persona in PERSONAS:
        code = getattr(client_for(persona), method)(url).status_code
        got[persona] = "in" if method == "post" and code in (200, 302) else code
    expected = {
        persona: _expected(pattern.callback, accounts[persona], record) for persona in PERSONAS
    }
    assert got == expected

    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))

    assert client_for("phan").delete(url).status_code == 405
    assert client_for("phan").put(url).status_code == 405
    if method == "post":
        assert client_for("phan").get(url).status_code == 405


def test_scope_examples_from_the_issue(villages, client_for):
    phan_village = reverse("village_detail", args=[villages["บ้านป่าเปา"].pk])
    phayao_village = reverse("village_detail", args=[villages["บ้านห้วยสิงห์"].pk])
    assert client_for("maesuai").get(phan_village).status_code == 404
    assert client_for("phayao").get(phan_village).status_code == 404
    assert client_for("central").get(phan_village).status_code == 200
    assert client_for("central").get(phayao_village).status_code == 200
    assert client_for("chiangrai").get(phan_village).status_code == 200


def test_admin_lists_go_through_the_same_scope(villages, accounts, client_for):
    response = client_for("admin").get(reverse("admin:cddfund_village_changelist"))
    assert response.status_code == 200
    assert "บ้านป่าเปา" in response.content.decode()
    # Only the system administrator reaches the admin at all.
    assert client_for("central").get(reverse("admin:index")).status_code == 302


def test_scoped_admin_queryset_follows_the_user_scope(rf, villages, accounts):
    from django.contrib import admin

    model_admin = admin.site._registry[Village]
    request = rf.get("/")
    request.user = accounts["maesuai"]
    assert [v.name for v in model_admin.get_queryset(request)] == ["บ้านโป่ง"]
    request.user = accounts["phayao"]
    assert {v.name for v in model_admin.get_queryset(request)} == {"บ้านห้วยสิงห์", "บ้านหนองหมู"}


def _readable(response) -> str:
    """A response's text: a page, or the text inside an Excel or PDF file."""
    import io
    import zipfile

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return " ".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    if body.startswith(b"%PDF") and len(body) > 1000:  # a rendered report, not a test upload
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")


def test_no_page_or_file_shows_a_whole_national_id_to_roles_that_see_it_masked(ctx, client_for):
    """Every GET route of the URL conf, its page, export or API answer, for every role that sees
    IDs masked: no household's whole ID, in any spelling. The district officer, who sees IDs in
    full, is the control."""
    import re

    from cddfund import thai

    ids = list(Household.objects.values_list("head_national_id", flat=True))
    spellings = [thai.format_national_id(i) for i in ids] + ids
    whole = re.compile("|".join(re.escape(s) for s in spellings))
    seen = {}
    for _route, pattern in ROUTES:
        if getattr(pattern.callback, "post_only", False):
            continue
        url, _ = _url(pattern, ctx)
        for persona in ["chiangrai", "phayao", "central", "admin"]:
            response = client_for(persona).get(url)
            if response.status_code == 200 and whole.search(_readable(response)):
                seen[(url, persona)] = whole.search(_readable(response)).group(0)
    for url in ("/admin/pghistory/middlewareevents/", "/admin/axes/accessattempt/"):
        response = client_for("admin").get(url)
        assert response.status_code == 200
        if whole.search(_readable(response)):
            seen[(url, "admin")] = whole.search(_readable(response)).group(0)
    assert seen == {}
    household = SAMPLE_RECORD[Household](ctx)
    control = client_for("phan").get(reverse("household_detail", args=[household.pk]))
    assert thai.format_national_id(household.head_national_id) in control.content.decode()
