"""The page steps every app shares (cddfund/pages.py)."""

from django import forms
from django.core.exceptions import ValidationError

from cddfund import pages


class AmountForm(forms.Form):
    amount = forms.DecimalField()


def test_a_services_refusal_lands_on_its_field_or_above_the_form():
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    refusal = ValidationError(
        {"amount": ValidationError("ถอนได้ไม่เกิน 1.00 บาท"), "group": ValidationError("ไม่พบกลุ่ม")}
    )
    pages.show_errors(form, refusal)
    assert form.errors["amount"] == ["ถอนได้ไม่เกิน 1.00 บาท"]
    # The form has no "group" field: the message shows above the form instead of failing.
    assert form.non_field_errors() == ["ไม่พบกลุ่ม"]
    assert form.data["amount"] == "5"  # what the user typed is kept


def test_a_refusal_without_a_field_shows_above_the_form():
    form = AmountForm({"amount": "5"})
    form.is_valid()
    pages.show_errors(form, ValidationError("ศูนย์นี้ปิดแล้ว"))
    assert form.non_field_errors() == ["ศูนย์นี้ปิดแล้ว"]


def test_the_site_has_an_icon_and_a_manifest_for_the_home_screen(client):
    from django.contrib.staticfiles import finders

    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert [i["sizes"] for i in manifest["icons"]] == ["192x192", "512x512"]
    for entry in manifest["icons"]:
        assert finders.find(entry["src"].removeprefix("/static/"))
