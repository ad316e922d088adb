import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cddfund.filters import AreaFilterSet
from cddfund.forms import AreaSelect
from cddfund.models import Village
from cddfund.periods import Period
from cddfund.search import not_an_id
from debts import figures, rules
from debts.models import DebtorClass, Household, TargetHousehold
from debts.selectors import household_search, targeted_in
from debts.selectors.programme import no_support

STANDING_CHOICES = [
    ("reduced", _("ลดหนี้ได้ (รวมปลดหนี้)")),
    ("cleared", _("ปลดหนี้แล้ว")),
    ("not_reduced", _("ยังไม่ลดหนี้")),
    ("not_enrolled", _("ยังไม่เข้าสู่การบริหารจัดการหนี้")),
    ("not_surveyed", _("ยังไม่สำรวจหนี้")),
]
PERIOD_INVALID = _("ไม่มีงวดรายงานนี้ (เช่น 2569 หรือ 2569-1)")


def _period(value: str) -> None:
    try:
        Period.from_code(value)
    except ValueError:
        raise forms.ValidationError(PERIOD_INVALID, code="invalid") from None


class HouseholdFilter(AreaFilterSet):
    q = django_filters.CharFilter(
        label=_("ชื่อ บ้านเลขที่ หรือเลขประจำตัว 4 หลักท้าย"),
        method="search",
        validators=[not_an_id],
        max_length=100,
    )
    village = django_filters.ModelChoiceFilter(
        label=_("หมู่บ้าน"),
        queryset=Village.objects.none(),
        empty_label=_("ทุกหมู่บ้าน"),
        widget=AreaSelect(parent="id_subdistrict", level="villages"),
    )
    debtor_class = django_filters.ModelChoiceFilter(
        label=_("ประเภทลูกหนี้"), queryset=DebtorClass.objects.none(), empty_label=_("ทุกประเภท")
    )
    target_year = django_filters.NumberFilter(label=_("เป้าหมายปีงบประมาณ"), method="target")
    # The KPI page's links: the target households it counted in a period, their standing as of
    # the period's last day (the standing and 1-contract filters then read that day too).
    kpi_period = django_filters.CharFilter(
        label=_("เป้าหมายตัวชี้วัด ณ งวด"),
        method="kpi_targets",
        validators=[_period],
        max_length=6,
        widget=forms.HiddenInput,
    )
    centre = django_filters.NumberFilter(field_name="centre_id", widget=forms.HiddenInput)
    one_contract = django_filters.ChoiceFilter(
        label=_("1 ครัวเรือน 1 สัญญา"),
        choices=[("yes", _("ถึงแล้ว")), ("no", _("ยังไม่ถึง"))],
        empty_label=_("ทั้งหมด"),
        method="by_one_contract",
    )
    classified = django_filters.ChoiceFilter(
        label=_("การจัดประเภทลูกหนี้"),
        choices=[("yes", _("จัดประเภทแล้ว")), ("no", _("สำรวจแล้ว ยังไม่จัดประเภท"))],
        empty_label=_("ทั้งหมด"),
        method="by_classified",
    )
    unsupported_year = django_filters.NumberFilter(
        label=_("เป้าหมายที่ยังไม่มีการสนับสนุน ปีงบประมาณ"),
        method="by_unsupported",
        min_value=2500,
        max_value=2700,
    )
    standing = django_filters.ChoiceFilter(
        label=_("ผลการลดหนี้"), choices=STANDING_CHOICES, empty_label=_("ทั้งหมด"), method="by_standing"
    )

    class Meta:
        model = Household
        fields = ["q", "province", "district", "subdistrict", "village", "debtor_class"]

    subdistrict_field = "village__subdistrict"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        data = self.data or {}
        subdistrict = data.get("subdistrict")
        self.filters["village"].queryset = (
            Village.objects.visible_to(user).filter(subdistrict_id=subdistrict)
            if subdistrict
            else Village.objects.none()
        )
        village = data.get("village")
        self.filters["debtor_class"].queryset = (
            DebtorClass.objects.visible_to(user).filter(centre__village_id=village)
            if village
            else DebtorClass.objects.none()
        )

    def search(self, queryset, name, value):
        """A name, a house number or the ending of an ID (debts.selectors.household_search)."""
        value = value.strip()
        return queryset.filter(household_search(self.user, value)) if value else queryset

    def by_classified(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(debtor_class__isnull=False)
        return queryset.filter(rules.q("unclassified"))

    def by_unsupported(self, queryset, name, value):
        """Households targeted in the year with no support recorded for them yet."""
        if not value:
            return queryset
        waiting = TargetHousehold.objects.filter(no_support(), fiscal_year=int(value))
        return queryset.filter(pk__in=waiting.values("household_id"))

    def target(self, queryset, name, value):
        return queryset.filter(targeted_in([int(value)])) if value else queryset

    def _period(self) -> Period | None:
        code = self.form.cleaned_data.get("kpi_period")
        return Period.from_code(code) if code else None

    def kpi_targets(self, queryset, name, value):
        if not value:
            return queryset
        return figures.households_on(queryset, Period.from_code(value), user=self.user)

    def by_one_contract(self, queryset, name, value):
        """Reached 1 household 1 contract: today, or as of the KPI period's last day."""
        if period := self._period():
            return figures.households_on(
                queryset, period, "reached" if value == "yes" else "not_reached", self.user
            )
        reached = figures.reached()
        return queryset.filter(reached) if value == "yes" else queryset.exclude(reached)

    def by_standing(self, queryset, name, value):
        """Reduced or cleared: today, or as of the KPI period's last day."""
        period = self._period()
        if period and value in ("reduced", "cleared", "not_reduced"):
            return figures.households_on(queryset, period, value, self.user)
        return {
            "reduced": lambda: queryset.filter(figures.reduced()),
            "cleared": lambda: queryset.filter(figures.cleared()),
            "not_reduced": lambda: queryset.filter(enrolled_on__isnull=False).exclude(
                figures.reduced()
            ),
            "not_enrolled": lambda: queryset.filter(
                baseline_on__isnull=False, enrolled_on__isnull=True
            ),
            "not_surveyed": lambda: queryset.filter(baseline_on__isnull=True),
        }[value]()
