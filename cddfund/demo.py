"""Demo data: the four centres' villages named in the CDD documents and one account per role and
area. Later parts of the product add their own demo records on top (see seed_demo)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cddfund import services, thai
from cddfund.models import District, Province, Subdistrict, User, Village
from cddfund.scope import Role

DEMO_PASSWORD = "cddfund-demo"


def fiscal_years() -> tuple[int, int]:
    """The previous and the current fiscal year: the demo's dated records fall in these two, so
    every report and card of a fresh ``make run`` has figures whatever the day."""
    current = thai.fiscal_year(timezone.localdate())
    return current - 1, current


def day_of(fiscal_year: int, month: int, day: int) -> datetime.date:
    """That day of a fiscal year (October to December fall in its first calendar year), or
    today if it has not come yet (no record is dated in the future)."""
    first, last = thai.fiscal_year_bounds(fiscal_year)
    found = datetime.date(first.year if month >= 10 else last.year, month, day)
    return min(found, timezone.localdate())


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    district: str | None = None
    province: str | None = None
    position: str = ""


ACCOUNTS = [
    DemoAccount("admin", "ผู้ดูแล", "ระบบ", Role.ADMIN, position="ผู้ดูแลระบบ"),
    DemoAccount("central", "สมชาย", "ใจดี", Role.CENTRAL, position="สำนักพัฒนาทุนและองค์การการเงินชุมชน"),
    DemoAccount("chiangrai", "สมศรี", "มีสุข", Role.PROVINCE, province="57", position="สพจ.เชียงราย"),
    DemoAccount("phayao", "วิไล", "รักถิ่น", Role.PROVINCE, province="56", position="สพจ.พะเยา"),
    DemoAccount("maesuai", "ประเสริฐ", "แก้วมา", Role.DISTRICT, district="5710", position="พัฒนากร"),
    DemoAccount("phan", "อรุณี", "ทองดี", Role.DISTRICT, district="5705", position="พัฒนากร"),
    DemoAccount("pong", "บุญมี", "ศรีปง", Role.DISTRICT, district="5606", position="พัฒนากร"),
    DemoAccount(
        "chiangmuan", "จันทร์เพ็ญ", "ใจงาม", Role.DISTRICT, district="5604", position="พัฒนากร"
    ),
]

# (subdistrict code, หมู่ที่, name, district officer who enters it)
VILLAGES = [
    ("571002", 6, "บ้านโป่ง", "maesuai"),
    ("570511", 11, "บ้านป่าเปา", "phan"),
    ("560601", 1, "บ้านห้วยสิงห์", "pong"),
    ("560402", 3, "บ้านหนองหมู", "chiangmuan"),
]


def seed_accounts() -> dict[str, User]:
    users = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])
    }
    if "admin" not in users:
        users["admin"] = User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, first_name="ผู้ดูแล", last_name="ระบบ"
        )
    admin = users["admin"]
    for account in ACCOUNTS:
        if account.username in users:
            continue
        district = District.objects.get(pk=account.district) if account.district else None
        province = (
            district.province
            if district
            else Province.objects.get(pk=account.province)
            if account.province
            else None
        )
        users[account.username] = services.staff_create(
            by=admin,
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            role=account.role,
            password=DEMO_PASSWORD,
            province=province,
            district=district,
            position=account.position,
        )
    return users


def seed_villages(users: dict[str, User]) -> dict[str, Village]:
    villages = {}
    for code, moo, name, officer in VILLAGES:
        subdistrict = Subdistrict.objects.get(pk=code)
        village = Village.objects.filter(subdistrict=subdistrict, moo=moo).first()
        if village is None:
            village = services.village_create(
                by=users[officer], subdistrict=subdistrict, moo=moo, name=name
            )
        villages[name] = village
    return villages


def seed(context: dict) -> None:
    context["accounts"] = seed_accounts()
    context["villages"] = seed_villages(context["accounts"])
