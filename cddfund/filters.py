import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.forms import AreaSelect
from cddfund.models import District, Province, Subdistrict, Village


class AreaFilterSet(django_filters.FilterSet):
    """Province → district → subdistrict filters, every choice limited to the user's scope.

    Subclasses name where their model keeps its subdistrict (``subdistrict_field``).
    """

    subdistrict_field = "subdistrict"

    province = django_filters.ModelChoiceFilter(
        label=_("จังหวัด"), queryset=Province.objects.none(), empty_label=_("ทุกจังหวัด")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("อำเภอ"),
        queryset=District.objects.none(),
        empty_label=_("ทุกอำเภอ"),
        widget=AreaSelect(parent="id_province", level="districts"),
    )
    subdistrict = django_filters.ModelChoiceFilter(
        label=_("ตำบล"),
        queryset=Subdistrict.objects.none(),
        empty_label=_("ทุกตำบล"),
        widget=AreaSelect(parent="id_district", level="subdistricts"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = user.scope
        data = self.data or {}
        province = data.get("province") or scope.province_id
        district = data.get("district") or scope.district_id
        self.filters["province"].queryset = Province.objects.visible_to(user).filter(is_active=True)
        self.filters["district"].queryset = (
            District.objects.visible_to(user).filter(province_id=province)
            if province
            else District.objects.none()
        )
        self.filters["subdistrict"].queryset = (
            Subdistrict.objects.visible_to(user).filter(district_id=district)
            if district
            else Subdistrict.objects.none()
        )
        self.filters["subdistrict"].field_name = self.subdistrict_field
        # No choice the user's scope already makes: a district officer has one district.
        if scope.district_id:
            del self.filters["province"], self.filters["district"]
        elif scope.province_id:
            del self.filters["province"]


class VillageFilter(AreaFilterSet):
    q = django_filters.CharFilter(label=_("ค้นหาชื่อหมู่บ้าน"), method="search")

    class Meta:
        model = Village
        fields = ["q", "province", "district", "subdistrict"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(subdistrict__name_th__icontains=value))
