from django.urls import path

from institutes import views
from institutes.views import books, savings

urlpatterns = [
    # Savings groups toward the SMART Saving Group standard (institutes.views.savings).
    path("savings-groups/", savings.savings_groups, name="savings_groups"),
    path("savings-groups/levels/", savings.savings_levels, name="savings_levels"),
    path("savings-groups/<int:pk>/select/", savings.savings_select, name="savings_select"),
    path("ssg-selections/<int:pk>/forum/", savings.forum_page, name="ssg_forum"),
    path("ssg-selections/<int:pk>/photos/", savings.forum_photo_add, name="ssg_forum_photo_add"),
    path("forum-photos/<int:pk>/", savings.forum_photo, name="ssg_forum_photo"),
    path(
        "forum-photos/<int:pk>/delete/", savings.forum_photo_delete, name="ssg_forum_photo_delete"
    ),
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
    # The centre's money (institutes.views.books).
    path("centres/<int:pk>/books/", books.centre_books, name="centre_books"),
    path("centres/<int:pk>/books/statements/", books.centre_statements, name="centre_statements"),
    path("centres/<int:pk>/books/accounts/", books.centre_chart, name="centre_chart"),
    path("centres/<int:pk>/books/accounts/new/", books.account_create, name="account_create"),
    path("centres/<int:pk>/books/new/", books.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", books.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", books.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/document/", books.entry_document, name="entry_document"),
    path("centres/<int:pk>/bank-statements/new/", books.statement_create, name="statement_create"),
    path("bank-statements/<int:pk>/edit/", books.statement_edit, name="statement_edit"),
    path("bank-statements/<int:pk>/delete/", books.statement_delete, name="statement_delete"),
    path("bank-statements/<int:pk>/document/", books.statement_document, name="statement_document"),
    path("centres/<int:pk>/loans/", books.centre_loans, name="centre_loans"),
    path("centres/<int:pk>/loans/new/", books.loan_create, name="loan_create"),
    path("loans/<int:pk>/", books.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/delete/", books.loan_delete, name="loan_delete"),
    path("loans/<int:pk>/repay/", books.repayment_create, name="repayment_create"),
    path("repayments/<int:pk>/delete/", books.repayment_delete, name="repayment_delete"),
    path("centres/<int:pk>/deposits/", books.centre_deposits, name="centre_deposits"),
    path("centres/<int:pk>/deposits/new/", books.deposit_create, name="deposit_create"),
    path("individual-members/<int:pk>/move-deposits/", books.deposit_move, name="deposit_move"),
    path("deposits/<int:pk>/delete/", books.deposit_delete, name="deposit_delete"),
    path("books/reconciliation/", books.reconciliation, name="books_reconciliation"),
]

# Create, change and delete of every register kept on the centre's page.
for key, (create, edit, delete) in views.RECORD_VIEWS.items():
    urlpatterns += [
        path(f"centres/<int:pk>/{key}/new/", create, name=f"{key}_create"),
        path(f"{key}/<int:pk>/edit/", edit, name=f"{key}_edit"),
        path(f"{key}/<int:pk>/delete/", delete, name=f"{key}_delete"),
    ]
