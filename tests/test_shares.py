import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from institutes import selectors
from institutes.models import GroupType, ShareTransaction
from institutes.services import centres as centre_services
from institutes.services import members, shares

D = datetime.date


@pytest.fixture
def setup(accounts, villages):
    """A centre in บ้านโป่ง with two member groups and no shares yet."""
    officer = accounts["maesuai"]
    village = villages["บ้านโป่ง"]
    centre = centre_services.centre_create(
        by=officer,
        village=village,
        name="ศูนย์ทดสอบ",
        founded_on=D(2020, 1, 1),
        operating_model=1,
        status="active",
    )
    groups = []
    for name in ("กลุ่มออมทรัพย์ทดสอบ", "กองทุนหมู่บ้านทดสอบ"):
        group = members.group_create(
            by=officer,
            village=village,
            group_type=GroupType.SAVINGS,
            name=name,
            founded_on=D(2010, 1, 1),
            member_count=50,
            capital=Decimal("100000"),
        )
        members.membership_join(by=officer, centre=centre, group=group, joined_on=D(2020, 2, 1))
        groups.append(group)
    return officer, centre, groups


def _errors(exc_info, field="amount"):
    return exc_info.value.message_dict[field]


@pytest.mark.django_db
def test_purchase_and_withdrawal_give_balances_as_of_any_date(setup):
    officer, centre, (a, b) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("1000"), on=D(2021, 1, 1)
    )
    shares.share_purchase(
        by=officer, centre=centre, group=b, amount=Decimal("500"), on=D(2021, 6, 1)
    )
    shares.share_withdraw(
        by=officer, centre=centre, group=a, amount=Decimal("300"), on=D(2022, 1, 1)
    )

    rows, total = selectors.share_totals(centre, D(2021, 12, 31))
    assert {r["group__name"]: r["balance"] for r in rows} == {a.name: 1000, b.name: 500}
    assert total == Decimal("1500")
    rows, total = selectors.share_totals(centre, D(2022, 1, 1))
    assert {r["group__name"]: r["balance"] for r in rows} == {a.name: 700, b.name: 500}
    assert total == Decimal("1200")
    _, total = selectors.share_totals(centre, D(2020, 12, 31))
    assert total == 0


@pytest.mark.django_db
def test_withdrawal_beyond_the_balance_says_how_much_is_available(setup):
    officer, centre, (a, _) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("1000"), on=D(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as info:
        shares.share_withdraw(
            by=officer, centre=centre, group=a, amount=Decimal("1500"), on=D(2021, 2, 1)
        )
    assert _errors(info) == [
        "ถอนได้ไม่เกิน 1,000.00 บาท: ยอดเงินลงหุ้นของกลุ่ม กลุ่มออมทรัพย์ทดสอบ ณ วันที่ 01/02/2564 มี 1,000.00 บาท"
    ]
    assert ShareTransaction.objects.filter(kind="withdrawal").count() == 0


@pytest.mark.django_db
def test_backdated_withdrawal_cannot_overdraw_an_earlier_date(setup):
    officer, centre, (a, _) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("1000"), on=D(2021, 3, 1)
    )
    with pytest.raises(ValidationError) as info:
        shares.share_withdraw(
            by=officer, centre=centre, group=a, amount=Decimal("100"), on=D(2021, 2, 1)
        )
    assert _errors(info)[0].startswith("ถอนได้ไม่เกิน 0.00 บาท")


@pytest.mark.django_db
def test_a_later_withdrawal_limits_an_earlier_one(setup):
    officer, centre, (a, _) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("1000"), on=D(2021, 1, 1)
    )
    shares.share_withdraw(
        by=officer, centre=centre, group=a, amount=Decimal("800"), on=D(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as info:
        shares.share_withdraw(
            by=officer, centre=centre, group=a, amount=Decimal("300"), on=D(2021, 3, 1)
        )
    assert _errors(info)[0].startswith("ถอนได้ไม่เกิน 200.00 บาท")


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_zero_or_negative_amounts_are_refused(setup, amount):
    officer, centre, (a, _) = setup
    with pytest.raises(ValidationError) as info:
        shares.share_purchase(by=officer, centre=centre, group=a, amount=amount, on=D(2021, 1, 1))
    assert _errors(info) == ["จำนวนเงินต้องมากกว่า 0 บาท"]


@pytest.mark.django_db
def test_future_dates_are_refused(setup):
    officer, centre, (a, _) = setup
    with pytest.raises(ValidationError) as info:
        shares.share_purchase(
            by=officer,
            centre=centre,
            group=a,
            amount=Decimal(1),
            on=D.today() + datetime.timedelta(days=1),
        )
    assert _errors(info, "made_on")[0].startswith("วันที่ต้องไม่เลยวันนี้")


@pytest.mark.django_db
def test_a_group_buys_only_while_it_is_a_member(setup):
    officer, centre, (a, _) = setup
    with pytest.raises(ValidationError) as info:
        shares.share_purchase(
            by=officer, centre=centre, group=a, amount=Decimal(1), on=D(2020, 1, 15)
        )
    assert _errors(info, "group") == ["กลุ่ม กลุ่มออมทรัพย์ทดสอบ ไม่ได้เป็นสมาชิกของศูนย์ ณ วันที่ 15/01/2563"]


@pytest.mark.django_db
def test_a_priced_share_needs_whole_shares_and_counts_them(setup):
    officer, centre, (a, _) = setup
    centre_services.centre_update(by=officer, centre=centre, share_price=Decimal("100"))
    with pytest.raises(ValidationError) as info:
        shares.share_purchase(
            by=officer, centre=centre, group=a, amount=Decimal("150"), on=D(2021, 1, 1)
        )
    assert _errors(info) == ["จำนวนเงินต้องเป็นจำนวนหุ้นเต็ม (หุ้นละ 100.00 บาท)"]
    txn = shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("300"), on=D(2021, 1, 1)
    )
    assert txn.shares == 3


@pytest.mark.django_db
def test_the_database_refuses_an_overdraft_written_without_the_service(setup):
    officer, centre, (a, _) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("100"), on=D(2021, 1, 1)
    )
    with (
        pytest.raises(IntegrityError, match="institutes_share_balance_not_negative"),
        transaction.atomic(),
    ):
        ShareTransaction.objects.create(
            centre=centre,
            province_id=centre.province_id,
            district_id=centre.district_id,
            group=a,
            kind="withdrawal",
            amount=Decimal("101"),
            made_on=D(2021, 2, 1),
            recorded_by=officer,
        )


@pytest.mark.django_db
def test_deleting_a_purchase_that_a_withdrawal_relies_on_is_refused(setup):
    officer, centre, (a, _) = setup
    purchase = shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("100"), on=D(2021, 1, 1)
    )
    shares.share_withdraw(
        by=officer, centre=centre, group=a, amount=Decimal("60"), on=D(2021, 2, 1)
    )
    with pytest.raises(ValidationError) as info:
        shares.share_delete(by=officer, txn=purchase)
    assert info.value.messages == [
        "ลบรายการนี้ไม่ได้ เพราะยอดเงินลงหุ้นของกลุ่ม กลุ่มออมทรัพย์ทดสอบ จะติดลบ ณ วันที่ 01/02/2564"
    ]
    assert ShareTransaction.objects.filter(pk=purchase.pk).exists()


@pytest.mark.django_db
def test_share_form_shows_the_thai_message_on_the_amount_field(setup, client_for):
    officer, centre, (a, _) = setup
    shares.share_purchase(
        by=officer, centre=centre, group=a, amount=Decimal("100"), on=D(2021, 1, 1)
    )
    response = client_for("maesuai").post(
        reverse("share_create", args=[centre.pk]),
        {
            "kind": "withdrawal",
            "group": a.pk,
            "made_on": "01/02/2564",
            "amount": "150",
            "receipt_no": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"][0].startswith("ถอนได้ไม่เกิน 100.00 บาท")
    page = client_for("maesuai").post(
        reverse("share_create", args=[centre.pk]),
        {"kind": "purchase", "group": a.pk, "made_on": "01/02/2564", "amount": "150"},
    )
    assert page.status_code == 302
    assert ShareTransaction.objects.filter(centre=centre).count() == 2


@pytest.mark.django_db
def test_a_saved_line_is_answered_as_saved_whatever_happens_to_the_database_after(
    setup, client_for, monkeypatch
):
    """Nothing is written after the form's transaction commits (its message included), so a
    database restarting just then cannot answer an error for a line that is saved."""
    from django.db import OperationalError

    _, centre, (a, _) = setup
    client = client_for("maesuai")

    def restarting(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", restarting)
    response = client.post(
        reverse("share_create", args=[centre.pk]),
        {"kind": "purchase", "group": a.pk, "made_on": "01/02/2564", "amount": "150"},
    )
    assert response.status_code == 302
    assert ShareTransaction.objects.filter(centre=centre).count() == 1
    monkeypatch.undo()
    assert "บันทึกรายการหุ้นแล้ว" in client.get(response["Location"]).content.decode()


def test_two_withdrawals_at_the_same_moment_cannot_together_overdraw(areas_loaded):
    """Two connections withdraw 700 of a 1,000 balance at once: one succeeds, one is refused."""
    from cddfund import demo

    officer = demo.seed_accounts()["maesuai"]
    village = demo.seed_villages(demo.seed_accounts())["บ้านโป่ง"]
    centre = centre_services.centre_create(
        by=officer,
        village=village,
        name="ศูนย์พร้อมกัน",
        founded_on=D(2020, 1, 1),
        operating_model=1,
        status="active",
    )
    group = members.group_create(
        by=officer,
        village=village,
        group_type=GroupType.SAVINGS,
        name="กลุ่มพร้อมกัน",
        founded_on=D(2010, 1, 1),
        member_count=5,
        capital=Decimal(0),
    )
    members.membership_join(by=officer, centre=centre, group=group, joined_on=D(2020, 2, 1))
    shares.share_purchase(
        by=officer, centre=centre, group=group, amount=Decimal(1000), on=D(2021, 1, 1)
    )

    first_inside = threading.Event()
    outcomes = []

    def withdraw(hold: bool):
        try:
            with transaction.atomic():
                shares.share_withdraw(
                    by=officer, centre=centre, group=group, amount=Decimal(700), on=D(2021, 2, 1)
                )
                if hold:
                    first_inside.set()
                    # Keep the transaction open while the other connection tries.
                    threading.Event().wait(1.0)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["amount"][0])
        finally:
            connections.close_all()

    holder = threading.Thread(target=withdraw, args=(True,))
    holder.start()
    first_inside.wait(5)
    other = threading.Thread(target=withdraw, args=(False,))
    other.start()
    holder.join()
    other.join()

    assert len(outcomes) == 2
    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert refused.startswith("ถอนได้ไม่เกิน 300.00 บาท")
    _, total = selectors.share_totals(centre, D(2030, 1, 1))
    assert total == Decimal(300)
    assert connection.vendor == "postgresql"
