"""factory_boy factories that build only what a test needs, each through the product's own
service (as every write does), so a test meets the same rules as an officer.

    officer = OfficerFactory()                    # a district officer of อ.พาน
    centre = CentreFactory(by=officer)            # with its own new village
    group = VillageGroupFactory(village=centre.village, by=officer)
    household = HouseholdFactory(centre=centre, by=officer)

The official areas are the real ones (loaded once per test database); an officer's district
defaults to อ.พาน จ.เชียงราย (5705): ``OfficerFactory(district_code="5710")`` for another.
"""

import datetime
from decimal import Decimal

import factory

from assessments import services as assessment_services
from assessments.models import Assessment, Deadline
from cddfund import services as core_services
from cddfund import thai
from cddfund.models import District, Subdistrict, User, Village
from cddfund.scope import Role
from debts.models import Classification, DebtEvent, DebtorClass, Household, TargetHousehold
from debts.services import classes, households, restructure
from institutes.models import (
    AccountRole,
    AppointmentOrder,
    BankAccount,
    BoardMember,
    BoardPart,
    CapitalReceipt,
    CapitalSource,
    Centre,
    GroupType,
    IndividualMember,
    Meeting,
    MeetingKind,
    Membership,
    OperatingModel,
    PlanActivity,
    ShareTransaction,
    VillageGroup,
    WelfareCategory,
    WelfareGrant,
)
from institutes.services import board, books, centres, members, registers, shares


class ServiceFactory(factory.Factory):
    """A factory whose records are made by a service: ``_create`` calls ``_service(**fields)``;
    ``by``, the officer who writes, is one of the fields."""

    class Meta:
        abstract = True

    _service = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls._service(**kwargs)


class OfficerFactory(factory.django.DjangoModelFactory):
    """A district officer (staff accounts are made by the account manager, not by a service a
    test can call without one)."""

    class Meta:
        model = User

    class Params:
        district_code = "5705"  # อ.พาน จ.เชียงราย

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"เจ้าหน้าที่{n}")
    role = Role.DISTRICT
    district = factory.LazyAttribute(lambda o: District.objects.get(pk=o.district_code))
    province = factory.SelfAttribute("district.province")
    password = factory.PostGenerationMethodCall("set_password", "an-officers-password-1")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])


class VillageFactory(ServiceFactory):
    class Meta:
        model = Village

    _service = staticmethod(core_services.village_create)
    by = factory.SubFactory(OfficerFactory)
    subdistrict = factory.LazyAttribute(
        lambda o: Subdistrict.objects.filter(district_id=o.by.district_id).order_by("pk").first()
    )
    moo = factory.Sequence(lambda n: 1 + n % 99)
    name = factory.Sequence(lambda n: f"บ้านทดสอบ{n}")


class CentreFactory(ServiceFactory):
    class Meta:
        model = Centre

    _service = staticmethod(centres.centre_create)
    by = factory.SubFactory(OfficerFactory)
    village = factory.LazyAttribute(lambda o: VillageFactory(by=o.by))
    name = factory.LazyAttribute(lambda o: f"ศูนย์จัดการกองทุนชุมชน{o.village.name}")
    founded_on = datetime.date(2015, 1, 15)
    operating_model = OperatingModel.SAVINGS_LED
    # A centre of another model says how far it has come toward model 1.
    transition_step = factory.LazyAttribute(
        lambda o: None if o.operating_model == OperatingModel.SAVINGS_LED else 0
    )
    cdd_budget = False
    budget_fiscal_year = None
    share_price = Decimal("100")
    has_fixed_office = False
    office_address = ""
    regulations_separate = False
    status = "active"


class VillageGroupFactory(ServiceFactory):
    class Meta:
        model = VillageGroup

    _service = staticmethod(members.group_create)
    by = factory.SubFactory(OfficerFactory)
    village = factory.LazyAttribute(lambda o: VillageFactory(by=o.by))
    group_type = GroupType.SAVINGS
    name = factory.Sequence(lambda n: f"กลุ่มออมทรัพย์ทดสอบ{n}")
    founded_on = datetime.date(2010, 6, 1)
    member_count = 30
    capital = Decimal("50000")


class MembershipFactory(ServiceFactory):
    class Meta:
        model = Membership

    _service = staticmethod(members.membership_join)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    group = factory.LazyAttribute(lambda o: VillageGroupFactory(by=o.by, village=o.centre.village))
    joined_on = datetime.date(2016, 1, 1)


class HouseholdFactory(ServiceFactory):
    class Meta:
        model = Household

    _service = staticmethod(households.household_create)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    house_number = factory.Sequence(lambda n: f"{n + 1}/1")
    head_name = factory.Sequence(lambda n: f"นายทดสอบ ครัวเรือน{n}")
    head_national_id = factory.Sequence(lambda n: thai.with_check_digit(f"3570599{n:05d}"))
    members = 4
    phone = ""


class SharePurchaseFactory(ServiceFactory):
    """A member group's share purchase (the group joins the centre first)."""

    class Meta:
        model = ShareTransaction

    _service = staticmethod(shares.share_purchase)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    group = factory.LazyAttribute(lambda o: MembershipFactory(by=o.by, centre=o.centre).group)
    amount = Decimal("1000")
    on = datetime.date(2020, 1, 15)


class BoardMemberFactory(ServiceFactory):
    """A group representative (part 1) of a member group."""

    class Meta:
        model = BoardMember

    _service = staticmethod(board.board_member_save)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    name = factory.Sequence(lambda n: f"นายกรรมการ ทดสอบ{n}")
    position = "member"
    part = BoardPart.REPRESENTATIVE
    represents = factory.LazyAttribute(lambda o: MembershipFactory(by=o.by, centre=o.centre).group)
    term_start = datetime.date(2023, 1, 1)
    term_end = datetime.date(2026, 12, 31)


class DebtorClassFactory(ServiceFactory):
    class Meta:
        model = DebtorClass

    _service = staticmethod(classes.debtor_class_save)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    name = factory.Sequence(lambda n: f"ประเภททดสอบ{n}")
    order = factory.Sequence(lambda n: n + 1)
    description = ""
    arrears_from = None
    arrears_to = None


def surveyed_household(*, by=None, amounts=(5000, 3000), surveyed_on=datetime.date(2024, 11, 1)):
    """A household surveyed with one village loan per amount, each from a member group of its
    centre (its baseline survey)."""
    by = by or OfficerFactory()
    household = HouseholdFactory(by=by)
    loans = [
        households.LoanInput(
            contract_no=f"F-{household.pk}-{i}",
            borrower="",
            contract_date=datetime.date(2023, 1, 1),
            principal=Decimal(amount),
            outstanding=Decimal(amount),
            interest_rate=Decimal("6"),
            term_months=24,
            creditor_group=MembershipFactory(by=by, centre=household.centre).group,
        )
        for i, amount in enumerate(amounts)
    ]
    households.survey_record(by=by, household=household, surveyed_on=surveyed_on, new_loans=loans)
    household.refresh_from_db()
    return household


class TargetFactory(ServiceFactory):
    """A surveyed household chosen as a target of a fiscal year."""

    class Meta:
        model = TargetHousehold

    _service = staticmethod(classes.target_save)
    by = factory.SubFactory(OfficerFactory)
    household = factory.LazyAttribute(lambda o: surveyed_household(by=o.by))
    fiscal_year = 2568
    enrolled_on = factory.LazyAttribute(lambda o: o.household.baseline_on)
    reason = "หนี้หลายสัญญา"


class AssessmentFactory(ServiceFactory):
    """An assessment of a centre (draft), with the indicator set that applies to its year."""

    class Meta:
        model = Assessment

    _service = staticmethod(assessment_services.assessment_start)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    fiscal_year = 2568


class BankAccountFactory(ServiceFactory):
    class Meta:
        model = BankAccount

    _service = staticmethod(centres.bank_account_save)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    bank = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"
    branch = "พาน"
    number = factory.Sequence(lambda n: f"020-{n:07d}")
    name = factory.LazyAttribute(lambda o: o.centre.name)


class IndividualMemberFactory(ServiceFactory):
    """A person who is a member in their own name (only a model-3 centre has them)."""

    class Meta:
        model = IndividualMember

    _service = staticmethod(members.individual_member_add)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(
        lambda o: CentreFactory(by=o.by, operating_model=OperatingModel.NEW)
    )
    name = factory.Sequence(lambda n: f"นางสมาชิก ทดสอบ{n}")
    joined_on = datetime.date(2016, 3, 1)


class AppointmentOrderFactory(ServiceFactory):
    class Meta:
        model = AppointmentOrder

    _service = staticmethod(board.order_save)
    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))
    number = factory.Sequence(lambda n: f"{n + 1}/2566")
    issued_on = datetime.date(2023, 10, 2)
    signed_by = "นายอำเภอพาน"


class RegisterFactory(ServiceFactory):
    """A record of one of the centre's registers (institutes.services.registers.RECORD_RULES)."""

    class Meta:
        abstract = True

    by = factory.SubFactory(OfficerFactory)
    centre = factory.LazyAttribute(lambda o: CentreFactory(by=o.by))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return registers.register_save(model=model_class, **kwargs)


class CapitalReceiptFactory(RegisterFactory):
    class Meta:
        model = CapitalReceipt

    source = CapitalSource.SUPPORT
    received_on = datetime.date(2020, 5, 1)
    amount = Decimal("50000")
    giver = "สำนักงานพัฒนาชุมชนจังหวัด"


class MeetingFactory(RegisterFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.BOARD
    held_on = datetime.date(2024, 3, 5)
    attendance = 12
    agenda = "รายงานผลการดำเนินงาน"


class PlanActivityFactory(RegisterFactory):
    class Meta:
        model = PlanActivity

    fiscal_year = 2568
    title = factory.Sequence(lambda n: f"อบรมการทำบัญชีครัวเรือน ครั้งที่ {n + 1}")
    planned_month = datetime.date(2025, 1, 1)


class WelfareGrantFactory(RegisterFactory):
    """A welfare grant paid through a group that is a member in the grant's fiscal year."""

    class Meta:
        model = WelfareGrant

    fiscal_year = 2568
    category = WelfareCategory.ELDERLY
    via_group = factory.LazyAttribute(lambda o: MembershipFactory(by=o.by, centre=o.centre).group)
    people = 5
    amount = Decimal("2500")
    paid_on = factory.LazyAttribute(
        lambda o: thai.fiscal_year_bounds(o.fiscal_year)[0] + datetime.timedelta(days=30)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The welfare is paid out of the centre's cash: the cash it had when its books began.
        centre = kwargs["centre"]
        books.entry_record(
            by=kwargs["by"],
            centre=centre,
            kind=books.ManualKind.OPENING,
            money=books.money_account(centre, None),
            account=books.account_of(centre, AccountRole.OPENING),
            amount=kwargs["amount"],
            on=centre.founded_on,
            description="ยอดยกมา",
        )
        return super()._create(model_class, *args, **kwargs)


class ClassificationFactory(ServiceFactory):
    """A surveyed household put in one of its centre's debtor classes."""

    class Meta:
        model = Classification

    _service = staticmethod(classes.household_classify)
    by = factory.SubFactory(OfficerFactory)
    household = factory.LazyAttribute(lambda o: surveyed_household(by=o.by))
    debtor_class = factory.LazyAttribute(
        lambda o: DebtorClassFactory(by=o.by, centre=o.household.centre)
    )


class RepaymentFactory(ServiceFactory):
    """A repayment of part of the first loan of a surveyed household (its debt event)."""

    class Meta:
        model = DebtEvent

    by = factory.SubFactory(OfficerFactory)
    household = factory.LazyAttribute(lambda o: surveyed_household(by=o.by))
    loan = factory.LazyAttribute(lambda o: o.household.loans.order_by("pk").first())
    amount = Decimal("1000")
    on = datetime.date(2025, 1, 10)
    reason = "ชำระตามงวด"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return restructure.loan_repay(**kwargs).event


class DeadlineFactory(ServiceFactory):
    """The assessment deadlines of a fiscal year (set by central office)."""

    class Meta:
        model = Deadline

    _service = staticmethod(assessment_services.deadline_save)
    by = factory.LazyFunction(
        lambda: OfficerFactory(role=Role.CENTRAL, district=None, province=None)
    )
    fiscal_year = 2569
    district_due = datetime.date(2026, 7, 31)
    province_due = datetime.date(2026, 8, 31)
