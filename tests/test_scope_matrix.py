"""The permission matrix of every URL in the URL conf, generated so that a new page is covered
as soon as it is routed.

Each view says who may open it (``read_view``, ``edit_view``, ``roles_view``) and, for pages of
one record, which model it shows. The test creates such a record in อ.พาน จ.เชียงราย and checks
each persona: inside the scope the page opens (or answers 403 to a read-only role), outside the
scope it answers 404.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cddfund.models import User, Village
from cddfund.scope import Role

pytestmark = pytest.mark.django_db

PERSONAS = ["maesuai", "phan", "chiangrai", "phayao", "central", "admin"]

# Routes that are not the product's own pages: Django's admin (scoped by ScopedAdmin, tested
# below), language switching, and the auth views (tested in test_auth).
FOREIGN_PREFIXES = ("admin/", "i18n/", "accounts/")

# One record of each scoped model in อ.พาน, for the pages that show a single record.
RECORD_IN_PHAN = {
    Village: lambda accounts, villages: villages["บ้านป่าเปา"],
    User: lambda accounts, villages: accounts["phan"],
}

# Sample values for URL arguments that are not a record's key.
ARGUMENT_SAMPLES = {"level": "districts"}


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = [
    (route, pattern)
    for route, pattern in _routes()
    if not route.startswith(FOREIGN_PREFIXES) and pattern.name
]


def test_every_product_route_declares_who_may_open_it():
    undeclared = [route for route, p in ROUTES if not hasattr(p.callback, "access")]
    assert undeclared == []


def _url(pattern, accounts, villages):
    kwargs = {}
    record = None
    for name in pattern.pattern.converters:
        if name == "pk":
            model = pattern.callback.scoped_model
            assert model in RECORD_IN_PHAN, f"{pattern.name}: no sample record for {model}"
            record = RECORD_IN_PHAN[model](accounts, villages)
            kwargs["pk"] = record.pk
        else:
            assert name in ARGUMENT_SAMPLES, f"{pattern.name}: no sample value for <{name}>"
            kwargs[name] = ARGUMENT_SAMPLES[name]
    return reverse(pattern.name, kwargs=kwargs), record


def _expected(view, persona: User, record) -> int:
    in_scope = record is None or persona.scope.contains(
        province_id=record.province_id, district_id=record.district_id
    )
    if view.access == "roles":
        return 200 if persona.role in view.allowed_roles else 403
    if not in_scope:
        return 404
    if view.access == "edit" and persona.role != Role.DISTRICT:
        return 403
    return 200


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_permission_matrix(route, pattern, accounts, villages, client_for):
    url, record = _url(pattern, accounts, villages)
    got = {persona: client_for(persona).get(url).status_code for persona in PERSONAS}
    expected = {
        persona: _expected(pattern.callback, accounts[persona], record) for persona in PERSONAS
    }
    assert got == expected


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_anonymous_visitors_are_sent_to_log_in(route, pattern, client, accounts, villages):
    url, _ = _url(pattern, accounts, villages)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_scope_examples_from_the_issue(villages, client_for):
    phan_village = reverse("village_detail", args=[villages["บ้านป่าเปา"].pk])
    phayao_village = reverse("village_detail", args=[villages["บ้านห้วยสิงห์"].pk])
    assert client_for("maesuai").get(phan_village).status_code == 404
    assert client_for("phayao").get(phan_village).status_code == 404
    assert client_for("central").get(phan_village).status_code == 200
    assert client_for("central").get(phayao_village).status_code == 200
    assert client_for("chiangrai").get(phan_village).status_code == 200


def test_admin_lists_go_through_the_same_scope(villages, accounts, client_for):
    response = client_for("admin").get(reverse("admin:cddfund_village_changelist"))
    assert response.status_code == 200
    assert "บ้านป่าเปา" in response.content.decode()
    # Only the system administrator reaches the admin at all.
    assert client_for("central").get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_unsupported_methods_answer_405(route, pattern, accounts, villages, client_for):
    url, _ = _url(pattern, accounts, villages)
    assert client_for("phan").delete(url).status_code == 405
    assert client_for("phan").put(url).status_code == 405


def test_scoped_admin_queryset_follows_the_user_scope(rf, villages, accounts):
    from django.contrib import admin

    model_admin = admin.site._registry[Village]
    request = rf.get("/")
    request.user = accounts["maesuai"]
    assert [v.name for v in model_admin.get_queryset(request)] == ["บ้านโป่ง"]
    request.user = accounts["phayao"]
    assert {v.name for v in model_admin.get_queryset(request)} == {"บ้านห้วยสิงห์", "บ้านหนองหมู"}
