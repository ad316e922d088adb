from django.urls import path

from reports import views

urlpatterns = [
    path("reports/", views.report_index, name="report_index"),
    path("reports/periods/", views.period_list, name="period_list"),
    path("reports/periods/<str:code>/close/", views.period_close, name="period_close"),
    path("reports/periods/<str:code>/reopen/", views.period_reopen, name="period_reopen"),
    path("assessments/<int:pk>/print.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("verify/", views.verify_index, name="verify_index"),
    path("verify/<str:code>/", views.verify_document, name="verify_document"),
    path("reports/ssg-bpm/", views.ssg_bpm, name="ssg_bpm"),
    path("reports/ssg-bpm/file.<str:extension>", views.ssg_bpm_file, name="ssg_bpm_file"),
    path("reports/evidence/export/", views.evidence_export, name="evidence_export"),
    path(
        "centres/<int:pk>/evidence/print.pdf", views.centre_evidence_pdf, name="centre_evidence_pdf"
    ),
    path("targets/<int:pk>/enrolment.pdf", views.enrolment_pdf, name="enrolment_pdf"),
    path("debt-events/<int:pk>/contract.pdf", views.contract_pdf, name="contract_pdf"),
    path("visits/<int:pk>/report.pdf", views.visit_pdf, name="visit_pdf"),
    path("reports/registers/export/", views.area_registers_export, name="area_registers_export"),
    path("reports/<slug:slug>/", views.report_preview, name="report_preview"),
    path("reports/<slug:slug>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<slug:slug>/xlsx/", views.report_excel, name="report_excel"),
    path("api/reports/<slug:slug>/", views.report_api, name="report_api"),
    path("reports/<slug:slug>/export/", views.export_start, name="export_start"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/file/", views.export_file, name="export_file"),
    path(
        "centres/<int:pk>/registers/<slug:register>.<str:extension>",
        views.centre_register,
        name="centre_register",
    ),
]
