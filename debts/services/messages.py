"""Thai messages of the rules that more than one debts service enforces, declared once."""

from django.utils.translation import gettext_lazy as _

CREDITOR_OTHER_VILLAGE = _("กลุ่ม %(group)s ไม่ได้อยู่ในทะเบียนกลุ่มของหมู่บ้านนี้")
NOT_SURVEYED = _("ต้องสำรวจหนี้ของครัวเรือนก่อน")
RATE_RANGE = _("อัตราดอกเบี้ยต้องอยู่ระหว่าง 0 ถึง 100% ต่อปี")
TERM_REQUIRED = _("ระยะเวลาต้องอย่างน้อย 1 เดือน")
CONTRACT_TAKEN = _("กลุ่ม %(group)s มีสัญญาเลขที่ %(number)s อยู่แล้ว")
