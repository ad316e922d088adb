from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cddfund import errors, views
from cddfund.forms import LoginForm

handler500 = errors.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("search/", views.search, name="search"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/settings/", views.inbox_settings, name="inbox_settings"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("villages/", views.village_list, name="village_list"),
    path("villages/new/", views.village_create, name="village_create"),
    path("villages/<int:pk>/", views.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("villages/<int:pk>/delete/", views.village_delete, name="village_delete"),
    path("areas/<str:level>/", views.area_options, name="area_options"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/inspection-regions.yaml", views.region_file, name="region_file"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("institutes.urls")),
    path("", include("debts.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("imports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
