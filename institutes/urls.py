from django.urls import path

from institutes import views

urlpatterns = [
    path("centres/", views.centre_list, name="centre_list"),
    path("centres/new/", views.centre_create, name="centre_create"),
    path("centres/<int:pk>/", views.centre_detail, name="centre_detail"),
    path("centres/<int:pk>/edit/", views.centre_edit, name="centre_edit"),
    path("centres/<int:pk>/regulations/", views.regulations_file, name="centre_regulations"),
    path("centres/<int:pk>/groups/", views.centre_groups, name="centre_groups"),
    path("centres/<int:pk>/members/", views.centre_members, name="centre_members"),
    path("centres/<int:pk>/members/join/", views.membership_join, name="membership_join"),
    path("centres/<int:pk>/members/individual/", views.individual_add, name="individual_add"),
    path("memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("individual-members/<int:pk>/leave/", views.individual_leave, name="individual_leave"),
    path("individual-members/<int:pk>/move/", views.individual_move, name="individual_move"),
    path("centres/<int:pk>/shares/", views.centre_shares, name="centre_shares"),
    path("centres/<int:pk>/shares/new/", views.share_create, name="share_create"),
    path("shares/<int:pk>/delete/", views.share_delete, name="share_delete"),
    path("centres/<int:pk>/capital/", views.centre_capital, name="centre_capital"),
    path("centres/<int:pk>/board/", views.centre_board, name="centre_board"),
    path("orders/<int:pk>/file/", views.order_file, name="order_file"),
    path("centres/<int:pk>/meetings/", views.centre_meetings, name="centre_meetings"),
    path("meetings/<int:pk>/minutes/", views.minutes_file, name="meeting_minutes"),
    path("centres/<int:pk>/plan/", views.centre_plan, name="centre_plan"),
    path("centres/<int:pk>/welfare/", views.centre_welfare, name="centre_welfare"),
]

# Create, change and delete of every register kept on the centre's page.
for key, (create, edit, delete) in views.RECORD_VIEWS.items():
    urlpatterns += [
        path(f"centres/<int:pk>/{key}/new/", create, name=f"{key}_create"),
        path(f"{key}/<int:pk>/edit/", edit, name=f"{key}_edit"),
        path(f"{key}/<int:pk>/delete/", delete, name=f"{key}_delete"),
    ]
