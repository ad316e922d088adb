"""Centres' registers that come in from Excel: the village's groups, a centre's member groups,
the share control register, the board and the centre's own books (opening balances, income,
expenses), each written through the institutes services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from imports import running, sheets
from imports.sheets import CREATED, UNCHANGED, UPDATED, Column, RowError, Sheet
from institutes.models import (
    AppointmentOrder,
    BoardMember,
    BoardPart,
    BoardPosition,
    Centre,
    EntrySource,
    GroupType,
    JournalEntry,
    ManualKind,
    Membership,
    ShareKind,
    ShareTransaction,
    VillageGroup,
)
from institutes.selectors import books as book_selectors
from institutes.services import board as board_services
from institutes.services import books as book_services
from institutes.services import members as member_services
from institutes.services import shares as share_services

NO_CENTRE = _("หมู่บ้านรหัส %(code)s ยังไม่มีศูนย์จัดการกองทุนชุมชน")
GROUP_UNKNOWN = _('ไม่พบกลุ่ม "%(group)s" ในทะเบียนกลุ่มของ%(village)s')
ORDER_UNKNOWN = _("ไม่พบคำสั่งเลขที่ %(number)s ของศูนย์นี้ (บันทึกคำสั่งแต่งตั้งที่หน้าคณะกรรมการก่อน)")
LEFT_ALREADY = _("บันทึกวันที่ออกไว้แล้วเป็น %(date)s แก้ด้วยการนำเข้าไม่ได้")

VILLAGE = Column("village", _("รหัสหมู่บ้าน"), note=_("8 หลัก: รหัสตำบล 6 หลัก + หมู่ที่ 2 หลัก เช่น 57080103"))
CENTRE_VILLAGE = Column("village", _("รหัสหมู่บ้านของศูนย์"), note=_("รหัสหมู่บ้าน 8 หลักของหมู่บ้านที่ตั้งศูนย์"))


def _choices(choices) -> tuple:
    return tuple((value, str(label)) for value, label in choices)


def centre_of(context, code: str) -> Centre:
    village = sheets.village(context, code)
    centre = context.remember(
        ("centre", village.pk), lambda: Centre.objects.filter(village=village).first()
    )
    if centre is None:
        raise RowError("village", NO_CENTRE % {"code": code})
    return centre


def group_of(context, village, name: str, column: str = "group") -> VillageGroup:
    group = context.remember(
        ("group", village.pk, name),
        lambda: VillageGroup.objects.filter(village=village, name=name).first(),
    )
    if group is None:
        raise RowError(column, GROUP_UNKNOWN % {"group": name, "village": village.name})
    return group


# --- ทะเบียนกลุ่ม/องค์กรการเงินในหมู่บ้าน ---------------------------------------------------

GROUP_VALUES = ("group_type", "founded_on", "member_count", "capital")


def write_group(context, run):
    ((_number, row),) = run
    village = sheets.village(context, row["village"])
    values = {k: row[k] for k in GROUP_VALUES}
    existing = VillageGroup.objects.filter(village=village, name=row["name"]).first()
    if existing is None:
        group = member_services.group_create(
            by=context.user, village=village, name=row["name"], **values
        )
        context.cache[("group", village.pk, group.name)] = group
        return [CREATED]
    if not sheets.differs(existing, values, GROUP_VALUES):
        return [UNCHANGED]
    member_services.group_update(by=context.user, group=existing, **values)
    return [UPDATED]


def group_rows(user):
    for group in (
        VillageGroup.objects.visible_to(user)
        .select_related("village")
        .order_by("village__subdistrict_id", "village__moo", "name")
    ):
        yield {"village": group.village.code, "name": group.name} | {
            k: getattr(group, k) for k in GROUP_VALUES
        }


GROUPS = sheets.register(
    Sheet(
        key="groups",
        title="กลุ่มในหมู่บ้าน",
        columns=(
            VILLAGE,
            Column("group_type", _("ประเภทกลุ่ม"), "choice", choices=_choices(GroupType.choices)),
            Column("name", _("ชื่อกลุ่ม"), width=30),
            Column("founded_on", _("วันที่ก่อตั้ง"), "date", required=False),
            Column("member_count", _("จำนวนสมาชิก (คน)"), "int"),
            Column("capital", _("ทุน (บาท)"), "money"),
        ),
        instructions=(
            _("ทะเบียนกลุ่ม/องค์กรการเงินในหมู่บ้าน หนึ่งแถวต่อหนึ่งกลุ่ม"),
            _("กลุ่มที่ชื่อตรงกับกลุ่มเดิมในหมู่บ้านเดียวกันจะถูกแก้ไขตามไฟล์"),
        ),
        write=write_group,
        rows=group_rows,
        key_of=lambda row: (row["village"], row["name"]),
        order=10,
    )
)


# --- กลุ่มสมาชิกของศูนย์ ------------------------------------------------------------------


def write_membership(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    group = group_of(context, centre.village, row["group"])
    existing = Membership.objects.filter(
        centre=centre, group=group, joined_on=row["joined_on"]
    ).first()
    if existing is None:
        membership = member_services.membership_join(
            by=context.user, centre=centre, group=group, joined_on=row["joined_on"]
        )
        if row["left_on"]:
            member_services.membership_leave(
                by=context.user, membership=membership, left_on=row["left_on"]
            )
        return [CREATED]
    if existing.left_on == row["left_on"]:
        return [UNCHANGED]
    if existing.left_on is not None:
        raise RowError("left_on", LEFT_ALREADY % {"date": thai.format_date(existing.left_on)})
    member_services.membership_leave(by=context.user, membership=existing, left_on=row["left_on"])
    return [UPDATED]


def membership_rows(user):
    for m in (
        Membership.objects.visible_to(user)
        .select_related("centre__village", "group")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "joined_on", "id")
    ):
        yield {
            "village": m.centre.village.code,
            "group": m.group.name,
            "joined_on": m.joined_on,
            "left_on": m.left_on,
        }


MEMBERS = sheets.register(
    Sheet(
        key="members",
        title="กลุ่มสมาชิกของศูนย์",
        columns=(
            CENTRE_VILLAGE,
            Column("group", _("ชื่อกลุ่ม"), width=30, note=_("ต้องมีอยู่ในทะเบียนกลุ่มของหมู่บ้าน")),
            Column("joined_on", _("วันที่เข้าเป็นสมาชิก"), "date"),
            Column("left_on", _("วันที่ออก"), "date", required=False),
        ),
        instructions=(
            _("กลุ่มในหมู่บ้านที่เป็นสมาชิกของศูนย์ หนึ่งแถวต่อการเข้าเป็นสมาชิกหนึ่งครั้ง"),
            _("ถ้ากลุ่มออกแล้ว ให้กรอกวันที่ออก"),
        ),
        write=write_membership,
        rows=membership_rows,
        key_of=lambda row: (row["village"], row["group"], row["joined_on"]),
        order=20,
    )
)


# --- ทะเบียนคุมเงินลงหุ้น ----------------------------------------------------------------


def write_share(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    group = group_of(context, centre.village, row["group"])
    same = ShareTransaction.objects.filter(
        centre=centre,
        group=group,
        kind=row["kind"],
        made_on=row["made_on"],
        amount=row["amount"],
        receipt_no=row["receipt_no"],
    )
    if same.exists():
        return [UNCHANGED]
    record = (
        share_services.share_purchase
        if row["kind"] == ShareKind.PURCHASE
        else share_services.share_withdraw
    )
    record(
        by=context.user,
        centre=centre,
        group=group,
        amount=row["amount"],
        on=row["made_on"],
        shares=row["shares"],
        receipt_no=row["receipt_no"],
    )
    return [CREATED]


def share_rows(user):
    for txn in (
        ShareTransaction.objects.visible_to(user)
        .select_related("centre__village", "group")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "made_on", "id")
    ):
        yield {
            "village": txn.centre.village.code,
            "group": txn.group.name,
            "kind": txn.kind,
            "made_on": txn.made_on,
            "amount": txn.amount,
            "shares": txn.shares,
            "receipt_no": txn.receipt_no,
        }


SHARES = sheets.register(
    Sheet(
        key="shares",
        title="ทะเบียนคุมเงินลงหุ้น",
        columns=(
            CENTRE_VILLAGE,
            Column("group", _("กลุ่มสมาชิก"), width=30),
            Column("kind", _("รายการ"), "choice", choices=_choices(ShareKind.choices)),
            Column("made_on", _("วันที่"), "date"),
            Column("amount", _("จำนวนเงิน (บาท)"), "money"),
            Column("shares", _("จำนวนหุ้น"), "int", required=False),
            Column("receipt_no", _("เลขที่ใบเสร็จ"), required=False),
        ),
        instructions=(
            _("การซื้อและถอนหุ้นของกลุ่มสมาชิก เรียงตามวันที่ หนึ่งแถวต่อหนึ่งรายการ"),
            _("รายการที่ตรงกับที่บันทึกไว้ทุกช่อง (กลุ่ม รายการ วันที่ จำนวนเงิน ใบเสร็จ) จะไม่ถูกบันทึกซ้ำ"),
        ),
        write=write_share,
        rows=share_rows,
        key_of=lambda row: tuple(
            row[k] for k in ("village", "group", "kind", "made_on", "amount", "receipt_no")
        ),
        order=30,
    )
)


# --- ทะเบียนคณะกรรมการ -------------------------------------------------------------------

BOARD_VALUES = ("position", "part", "represents", "term_end", "order")


def write_board(context, run):
    """A centre's board comes in whole: representatives first, so that the rule that experts
    are at most half of the representatives is checked on the complete board."""
    centre = centre_of(context, run[0][1]["village"])
    outcomes = {}
    ordered = sorted(run, key=lambda item: (item[1]["part"], item[0]))
    for number, row in ordered:
        try:
            represents = (
                group_of(context, centre.village, row["represents"], "represents")
                if row["represents"]
                else None
            )
            order = None
            if row["order"]:
                order = AppointmentOrder.objects.filter(centre=centre, number=row["order"]).first()
                if order is None:
                    raise RowError("order", ORDER_UNKNOWN % {"number": row["order"]})
            values = {
                "position": row["position"],
                "part": row["part"],
                "represents": represents,
                "term_end": row["term_end"],
                "order": order,
            }
            existing = BoardMember.objects.filter(
                centre=centre, name=row["name"], term_start=row["term_start"]
            ).first()
            if existing is not None and not sheets.differs(existing, values, BOARD_VALUES):
                outcomes[number] = UNCHANGED
                continue
            board_services.board_member_save(
                by=context.user,
                centre=centre,
                member=existing,
                name=row["name"],
                term_start=row["term_start"],
                **values,
            )
            outcomes[number] = UPDATED if existing else CREATED
        except RowError as exc:
            exc.row = number
            raise
        except (ValidationError, PermissionDenied) as exc:
            raise running.refused_at(number, exc) from exc
    return [outcomes[number] for number, _row in run]


def board_rows(user):
    for m in (
        BoardMember.objects.visible_to(user)
        .select_related("centre__village", "represents", "order")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "part", "id")
    ):
        yield {
            "village": m.centre.village.code,
            "name": m.name,
            "position": m.position,
            "part": m.part,
            "represents": m.represents.name if m.represents else "",
            "term_start": m.term_start,
            "term_end": m.term_end,
            "order": m.order.number if m.order else "",
        }


BOARD = sheets.register(
    Sheet(
        key="board",
        title="คณะกรรมการศูนย์",
        columns=(
            CENTRE_VILLAGE,
            Column("name", _("ชื่อ-นามสกุล"), width=28),
            Column("position", _("ตำแหน่ง"), "choice", choices=_choices(BoardPosition.choices)),
            Column("part", _("ส่วน"), "choice", choices=_choices(BoardPart.choices), width=34),
            Column(
                "represents",
                _("ผู้แทนของกลุ่ม"),
                required=False,
                width=28,
                note=_("กรอกเฉพาะส่วนที่ 1 ชื่อกลุ่มสมาชิกที่ผู้นี้เป็นผู้แทน"),
            ),
            Column("term_start", _("เริ่มวาระ"), "date"),
            Column("term_end", _("สิ้นสุดวาระ"), "date"),
            Column("order", _("เลขที่คำสั่งแต่งตั้ง"), required=False),
        ),
        instructions=(
            _("กรรมการทุกคนของศูนย์เดียวกันต้องอยู่ติดกัน ระบบตรวจกฎผู้ทรงคุณวุฒิไม่เกินครึ่งหนึ่งของผู้แทนกลุ่มกับทั้งคณะ"),
            _("ถ้ากรรมการคนใดผิด กรรมการของศูนย์นั้นทั้งคณะจะยังไม่ถูกนำเข้า"),
        ),
        write=write_board,
        rows=board_rows,
        key_of=lambda row: (row["village"], row["name"], row["term_start"]),
        group_of=lambda row: (row["village"],),
        group_label=_("คณะกรรมการของศูนย์"),
        order=40,
    )
)


# --- บัญชีของศูนย์: ยอดยกมา รายรับ รายจ่าย และการโอนระหว่างเงินสดกับธนาคาร -----------------

ACCOUNT_UNKNOWN = _("ไม่พบบัญชีรหัส %(code)s ในผังบัญชีของศูนย์นี้ (ดูรหัสที่หน้าผังบัญชีของศูนย์)")


def account_in(context, centre, code: str, column: str):
    account = context.remember(
        ("account", centre.pk, code), lambda: centre.accounts.filter(code=code).first()
    )
    if account is None:
        raise RowError(column, ACCOUNT_UNKNOWN % {"code": code})
    return account


def write_entry(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    money = account_in(context, centre, row["money"], "money")
    account = account_in(context, centre, row["account"], "account")
    same = JournalEntry.objects.filter(
        centre=centre,
        source=EntrySource.MANUAL,
        entry_on=row["entry_on"],
        description=row["description"],
        document_no=row["document_no"],
        lines__account=money,
        lines__debit__in=[row["amount"], 0],
        lines__credit__in=[row["amount"], 0],
    )
    if same.exists():
        return [UNCHANGED]
    book_services.entry_record(
        by=context.user,
        centre=centre,
        kind=row["kind"],
        money=money,
        account=account,
        amount=row["amount"],
        on=row["entry_on"],
        description=row["description"],
        document_no=row["document_no"],
    )
    return [CREATED]


def entry_rows(user):
    for entry in (
        JournalEntry.objects.visible_to(user)
        .filter(source=EntrySource.MANUAL)
        .select_related("centre__village")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "entry_on", "id")
    ):
        values = book_selectors.manual_entry(entry)
        yield {
            "village": entry.centre.village.code,
            "kind": values["kind"],
            "entry_on": entry.entry_on,
            "money": values["money"].code,
            "account": values["account"].code,
            "amount": values["amount"],
            "description": entry.description,
            "document_no": entry.document_no,
        }


BOOKS = sheets.register(
    Sheet(
        key="books",
        title="บัญชีรับ-จ่ายของศูนย์",
        columns=(
            CENTRE_VILLAGE,
            Column(
                "kind", _("ประเภทรายการ"), "choice", choices=_choices(ManualKind.choices), width=34
            ),
            Column("entry_on", _("วันที่"), "date"),
            Column(
                "money",
                _("รหัสบัญชีเงินสด/ธนาคาร"),
                note=_("1101 = เงินสด, 1102-… = บัญชีธนาคารของศูนย์ (ดูที่หน้าผังบัญชี)"),
            ),
            Column(
                "account",
                _("รหัสบัญชีคู่รายการ"),
                note=_(
                    "3901 ยอดยกมา, 4901 รายได้อื่น, 3301 กองทุนสวัสดิการ, 5901 ค่าใช้จ่าย, "
                    "2201 เงินกู้จากแหล่งอื่น หรือบัญชีปลายทางเมื่อโอน"
                ),
            ),
            Column("amount", _("จำนวนเงิน (บาท)"), "money"),
            Column("description", _("รายการ"), width=30),
            Column("document_no", _("เลขที่เอกสาร"), required=False),
        ),
        instructions=(
            _("ยอดยกมาของเงินสดและเงินฝาก รายรับ รายจ่าย และการโอนระหว่างเงินสดกับธนาคาร"),
            _("หนึ่งแถวต่อหนึ่งรายการ"),
            _("เงินหุ้น เงินกู้ระหว่างกลุ่ม เงินรับฝาก ทุน และสวัสดิการ ลงบัญชีเองเมื่อบันทึกในทะเบียนของรายการนั้น"),
            _("รายการที่ตรงกับที่บันทึกไว้ (วันที่ รายการ เลขที่เอกสาร จำนวนเงิน) จะไม่ถูกบันทึกซ้ำ"),
        ),
        write=write_entry,
        rows=entry_rows,
        key_of=lambda row: tuple(
            row[k] for k in ("village", "entry_on", "description", "document_no", "amount")
        ),
        order=35,
    )
)
