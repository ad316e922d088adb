from django.urls import path

from imports import views

urlpatterns = [
    path("imports/", views.import_index, name="import_index"),
    path("imports/upload/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", views.import_status, name="import_status"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/templates/<slug:sheet>.xlsx", views.import_template, name="import_template"),
    path("imports/export/<slug:sheet>.xlsx", views.import_export, name="import_export"),
]
