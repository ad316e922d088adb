"""Thai messages of the rules that more than one debts service enforces, declared once."""

from django.utils.translation import gettext_lazy as _

CREDITOR_OTHER_VILLAGE = _("กลุ่ม %(group)s ไม่ได้อยู่ในทะเบียนกลุ่มของหมู่บ้านนี้")
NOT_SURVEYED = _("ต้องสำรวจหนี้ของครัวเรือนก่อน")
