from django.urls import path

from assessments import views

urlpatterns = [
    path("assessments/", views.progress, name="assessment_progress"),
    path("assessments/province-summary/", views.province_submit, name="province_submit"),
    path("assessments/queue/", views.review_queue, name="assessment_queue"),
    path("assessments/returned/", views.returned_list, name="assessment_returned"),
    path("assessments/deadlines/", views.deadlines, name="assessment_deadlines"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/answers/", views.answers_save, name="assessment_answers"),
    path("assessments/<int:pk>/submit/", views.submit, name="assessment_submit"),
    path("assessments/<int:pk>/review/", views.review, name="assessment_review"),
    path("assessments/<int:pk>/reopen/", views.reopen, name="assessment_reopen"),
    path("assessments/<int:pk>/plan/", views.plan_edit, name="assessment_plan"),
    path("answers/<int:pk>/evidence/", views.evidence_file, name="answer_evidence"),
    path("centres/<int:pk>/assessments/", views.centre_assessments, name="centre_assessments"),
    path("centres/<int:pk>/assessments/start/", views.assessment_start, name="assessment_start"),
    path(
        "ssg-selections/<int:pk>/assessments/start/",
        views.group_assessment_start,
        name="group_assessment_start",
    ),
    path("indicator-sets/", views.indicator_sets, name="indicator_sets"),
    path("indicator-sets/upload/", views.indicator_set_upload, name="indicator_set_upload"),
    path("indicator-sets/<int:pk>/", views.indicator_set_detail, name="indicator_set_detail"),
]
