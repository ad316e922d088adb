"""The admin goes through the same scope as every page: ScopedAdmin filters rows and choices."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cddfund.models import District, Province, Subdistrict, User, Village
from cddfund.scope import ScopedQuerySet

admin.site.site_header = "cddfund"
admin.site.site_title = "cddfund"


class ScopedAdmin(admin.ModelAdmin):
    """Read-only: every write goes through the services, which check and audit it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return self.model._default_manager.get_queryset().visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if isinstance(related._default_manager.get_queryset(), ScopedQuerySet):
            kwargs["queryset"] = related._default_manager.get_queryset().visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ["code", "name_th", "name_en", "is_active"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["code", "name_th", "name_en", "province", "is_active"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ScopedAdmin):
    list_display = ["code", "name_th", "name_en", "district", "province", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district", "province"]


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "moo", "subdistrict", "district", "province"]
    search_fields = ["name"]
    list_select_related = ["subdistrict", "district", "province"]
    readonly_fields = ["district", "province"]


@admin.register(User)
class StaffAdmin(ScopedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "province", "district"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("พื้นที่", {"fields": ["role", "province", "district", "position"]}),
    ]
