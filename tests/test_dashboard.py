import pytest
from django.urls import reverse

from assessments import demo as assessments_demo

pytestmark = pytest.mark.django_db


def _cards(client):
    return {str(card.label): card.number for card in client.get(reverse("home")).context["cards"]}


def test_home_cards_count_only_the_users_area(households, centres, accounts, client_for):
    assessments_demo.seed({"accounts": accounts, "centres": centres})
    phan = _cards(client_for("phan"))
    assert phan["ศูนย์จัดการกองทุนชุมชนในพื้นที่"] == "1"
    assert phan["ครัวเรือนที่สำรวจหนี้แล้ว"] == "5"
    # Reached: at most one village contract left (two with one, the cleared one with none).
    assert phan["ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"] == "3"
    central = _cards(client_for("central"))
    assert central["ครัวเรือนที่สำรวจหนี้แล้ว"] == "20"
    assert _cards(client_for("chiangrai"))["แบบประเมินรอจังหวัดตรวจ"] == "1"
    assert _cards(client_for("phayao"))["แบบประเมินรอจังหวัดตรวจ"] == "0"
