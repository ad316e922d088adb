import pytest
from django.urls import reverse

from cddfund.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_log_in_and_out(client, accounts):
    response = _login(client, "maesuai", DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert "ประเสริฐ" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gets_a_thai_message(client, accounts):
    response = _login(client, "maesuai", "wrong")
    assert response.context["form"].non_field_errors() == [
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์เล็ก-ใหญ่มีผล)"
    ]


def test_repeated_failures_cool_off_that_user_at_that_address_only(client, accounts, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "maesuai", "wrong")
    blocked = _login(client, "maesuai", DEMO_PASSWORD)
    assert blocked.status_code == 429
    assert blocked.context["locked_out"] == (
        "เข้าสู่ระบบไม่สำเร็จหลายครั้ง กรุณารอ 15 นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบเพื่อตั้งรหัสผ่านใหม่"
    )
    # A colleague in the same office (same address) still logs in.
    assert _login(client, "phan", DEMO_PASSWORD).status_code == 302
    # The same user from another address is not blocked by the first address.
    assert _login(client, "maesuai", DEMO_PASSWORD, address="10.0.0.2").status_code == 302


def test_cool_off_ends(client, accounts, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "maesuai", "wrong")
    assert _login(client, "maesuai", DEMO_PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2000)
    )
    assert _login(client, "maesuai", DEMO_PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0


def test_password_change(client_for, client, accounts):
    response = client_for("phan").post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    )
    assert response.url == reverse("password_change_done")
    assert _login(client, "phan", "another-long-password").status_code == 302


def test_pages_show_thai_by_default_and_english_on_request(client_for):
    client = client_for("maesuai")
    assert "หมู่บ้าน" in client.get(reverse("village_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("village_list")).content.decode()
    assert "Villages" in content


def test_footer_credits_geothai(client_for):
    content = client_for("central").get(reverse("home")).content.decode()
    assert "GeoThai" in content and "CC BY 4.0" in content


def test_thai_is_the_default_even_for_an_english_browser(client_for):
    content = client_for("maesuai").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="th"' in content.content.decode()
