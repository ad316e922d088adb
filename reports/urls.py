from django.urls import path

from reports import views

urlpatterns = [
    path("reports/", views.report_index, name="report_index"),
    path("reports/<slug:slug>/", views.report_preview, name="report_preview"),
    path("reports/<slug:slug>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<slug:slug>/xlsx/", views.report_excel, name="report_excel"),
    path("api/reports/<slug:slug>/", views.report_api, name="report_api"),
    path(
        "centres/<int:pk>/registers/<slug:register>.<str:extension>",
        views.centre_register,
        name="centre_register",
    ),
]
