from django.contrib import admin

from cddfund.admin import ScopedAdmin
from institutes import models


@admin.register(models.Centre)
class CentreAdmin(ScopedAdmin):
    list_display = ["name", "village", "district", "province", "operating_model", "status"]
    list_filter = ["operating_model", "status"]
    search_fields = ["name"]
    list_select_related = ["village", "district", "province"]


@admin.register(models.VillageGroup)
class VillageGroupAdmin(ScopedAdmin):
    list_display = ["name", "group_type", "village", "district"]
    list_filter = ["group_type"]
    search_fields = ["name"]
    list_select_related = ["village", "district"]


for model in (
    models.BankAccount,
    models.Membership,
    models.IndividualMember,
    models.ShareTransaction,
    models.CapitalReceipt,
    models.AppointmentOrder,
    models.BoardMember,
    models.Meeting,
    models.PlanActivity,
    models.WelfareGrant,
):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ScopedAdmin,),
            {
                "list_display": ["__str__", "centre", "district"],
                "list_select_related": ["centre", "district"],
            },
        ),
    )
