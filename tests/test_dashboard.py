import datetime

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

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


# --- tallies: the wider areas' cards read the last count -----------------------------------------

VILLAGES = "หมู่บ้านในพื้นที่ของคุณ"
CENTRES = "ศูนย์จัดการกองทุนชุมชนในพื้นที่"


def test_a_tally_counts_each_district_as_counted_live(centres, accounts):
    from assessments.models import Assessment, State
    from cddfund import thai
    from cddfund.models import AreaTally, District, Village
    from cddfund.registry import registry
    from cddfund.services import tallies_count
    from institutes.models import Centre

    assessments_demo.seed({"accounts": accounts, "centres": centres})
    year = thai.fiscal_year(timezone.localdate())
    written = tallies_count()
    assert written == AreaTally.objects.count() > 0
    counted = {(t.name, t.district_id): t.count for t in AreaTally.objects.all()}
    for name, records in [
        ("villages", Village.objects.all()),
        ("centres", Centre.objects.all()),
        (
            f"approved_{year}",
            Assessment.objects.of_centres().filter(fiscal_year=year, state=State.APPROVED),
        ),
    ]:
        live = records.order_by().values("district_id").annotate(n=Count("id"))
        assert {(name, r["district_id"]): r["n"] for r in live} == {
            key: n for key, n in counted.items() if key[0] == name and n
        }
    # Every district has its row of each tally, 0 included (a missing one means not counted).
    columns = sum(len(columns) for _function, columns in registry.tallies.values())
    assert written == columns * District.objects.count()
    # Counting again replaces the rows, never adds to them.
    assert tallies_count() == written == AreaTally.objects.count()


def test_wider_areas_read_the_tally_and_a_district_counts_live(villages, accounts, client_for):
    from cddfund.models import AreaTally, Village
    from cddfund.services import tallies_count

    tallies_count()
    before = {who: _cards(client_for(who)) for who in ("phan", "chiangrai", "central")}
    assert before["central"][VILLAGES] == f"{Village.objects.count():,}"
    assert before["chiangrai"][VILLAGES] == str(Village.objects.filter(province_id="57").count())
    village = Village.objects.filter(district_id="5705").first()
    Village.objects.create(
        subdistrict=village.subdistrict,
        moo=90,
        name="บ้านใหม่",
        district_id="5705",
        province_id="57",
    )
    after = {who: _cards(client_for(who)) for who in ("phan", "chiangrai", "central")}
    # The district officer's own entry shows at once; the wider areas show it at the next count.
    assert int(after["phan"][VILLAGES]) == int(before["phan"][VILLAGES]) + 1
    assert after["chiangrai"][VILLAGES] == before["chiangrai"][VILLAGES]
    assert after["central"][VILLAGES] == before["central"][VILLAGES]
    # A count older than an hour (no worker counting) is not read: counted live.
    AreaTally.objects.update(counted_at=timezone.now() - datetime.timedelta(hours=2))
    assert _cards(client_for("central"))[VILLAGES] == f"{Village.objects.count():,}"
    tallies_count()
    assert _cards(client_for("chiangrai"))[VILLAGES] == str(
        Village.objects.filter(province_id="57").count()
    )


def test_a_province_reads_only_its_own_districts_tallies(centres, accounts, client_for):
    from cddfund.models import AreaTally
    from cddfund.services import tallies_count
    from institutes.models import Centre

    tallies_count()
    # A count no district of เชียงราย holds must not reach its card.
    AreaTally.objects.exclude(province_id="57").filter(name="centres").update(count=1000)
    assert _cards(client_for("chiangrai"))[CENTRES] == str(
        Centre.objects.filter(province_id="57").count()
    )
    assert _cards(client_for("central"))[CENTRES] != str(Centre.objects.count())
