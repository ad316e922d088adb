from django.urls import path

from debts import views
from debts.views import evidence, programme, visits

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/find/", views.household_find, name="household_find"),
    path("centres/<int:pk>/households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/survey/", views.survey_create, name="survey_create"),
    path("households/<int:pk>/classify/", views.household_classify, name="household_classify"),
    path("households/<int:pk>/target/", views.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("households/<int:pk>/steps/<str:kind>/", views.restructure_step, name="restructure_step"),
    path("centres/<int:pk>/households/", views.centre_households, name="centre_households"),
    path("centres/<int:pk>/one-contract/", views.centre_one_contract, name="centre_one_contract"),
    path("centres/<int:pk>/transfers/", views.centre_transfers, name="centre_transfers"),
    path(
        "centres/<int:pk>/debtor-classes/",
        views.centre_debtor_classes,
        name="centre_debtor_classes",
    ),
    path(
        "centres/<int:pk>/debtor-classes/defaults/",
        views.debtor_classes_defaults,
        name="debtor_classes_defaults",
    ),
    path(
        "centres/<int:pk>/debtor-classes/new/",
        views.debtor_class_create,
        name="debtor_class_create",
    ),
    path("debtor-classes/<int:pk>/edit/", views.debtor_class_edit, name="debtor_class_edit"),
    path("debtor-classes/<int:pk>/delete/", views.debtor_class_delete, name="debtor_class_delete"),
    path("debt-events/<int:pk>/document/", views.event_document, name="event_document"),
    path("debt-events/<int:pk>/evidence/", views.event_evidence, name="event_evidence"),
    path("targets/<int:pk>/enrolment-form/", views.enrolment_form, name="enrolment_form"),
    path("debts/kpi/", views.kpi_page, name="debt_kpi"),
    # The debt-management programme of seed 004 (debts.views.programme).
    path("centres/<int:pk>/debt-plan/", programme.centre_debt_plan, name="centre_debt_plan"),
    path("centres/<int:pk>/debt-plan/edit/", programme.debt_plan_edit, name="debt_plan_edit"),
    path("debt-plans/<int:pk>/options/", programme.plan_option_add, name="plan_option_add"),
    path("plan-options/<int:pk>/delete/", programme.plan_option_delete, name="plan_option_delete"),
    path("debt-plans/<int:pk>/approve/", programme.plan_approve, name="plan_approve"),
    path("centres/<int:pk>/courses/new/", programme.course_create, name="course_create"),
    path("courses/<int:pk>/edit/", programme.course_edit, name="course_edit"),
    path("courses/<int:pk>/", programme.course_attendance, name="course_attendance"),
    path("targets/<int:pk>/support/", programme.target_support, name="target_support"),
    path("targets/<int:pk>/months/", programme.target_months, name="target_months"),
    path("targets/<int:pk>/life-plan/", programme.target_life_plan, name="target_life_plan"),
    path("targets/<int:pk>/occupation/", programme.target_support_add, name="target_support_add"),
    path("occupation-support/<int:pk>/delete/", programme.support_delete, name="support_delete"),
    path("life-plans/<int:pk>/document/", programme.life_plan_document, name="life_plan_document"),
    # The KPI's evidence file (debts.views.evidence).
    path("centres/<int:pk>/evidence/", evidence.centre_evidence, name="centre_evidence"),
    path("debts/evidence/", evidence.evidence_summary, name="evidence_summary"),
    # Follow-up visits and focus groups (debts.views.visits).
    path("centres/<int:pk>/visits/", visits.centre_visits, name="centre_visits"),
    path("centres/<int:pk>/visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/actions/", visits.action_add, name="visit_action_add"),
    path("visit-actions/<int:pk>/check/", visits.action_check, name="visit_action_check"),
    path("visits/<int:pk>/photos/", visits.visit_photo_add, name="visit_photo_add"),
    path("visit-photos/<int:pk>/", visits.visit_photo, name="visit_photo"),
    path("visit-photos/<int:pk>/delete/", visits.visit_photo_delete, name="visit_photo_delete"),
]
