"""The audit trail in the admin (``PGHISTORY_ADMIN_CLASS``): django-pghistory's event list.

Its change list predates Django's facet counts and fails on them (``?_facets=True``), so they
are off. No event holds a national ID (households keep only the masked copy in their trail).
"""

from django.contrib import admin
from pghistory.admin import EventsAdmin


class AuditAdmin(EventsAdmin):
    show_facets = admin.ShowFacets.NEVER
