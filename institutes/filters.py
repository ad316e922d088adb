import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.filters import AreaFilterSet
from institutes.models import Centre, CentreStatus, OperatingModel


class CentreFilter(AreaFilterSet):
    q = django_filters.CharFilter(label=_("ค้นหาชื่อศูนย์"), method="search")
    operating_model = django_filters.ChoiceFilter(
        label=_("รูปแบบ"), choices=OperatingModel.choices, empty_label=_("ทุกรูปแบบ")
    )
    status = django_filters.ChoiceFilter(
        label=_("สถานะ"), choices=CentreStatus.choices, empty_label=_("ทุกสถานะ")
    )

    subdistrict_field = "village__subdistrict"

    class Meta:
        model = Centre
        fields = ["q", "province", "district", "subdistrict", "operating_model", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(village__name__icontains=value))
