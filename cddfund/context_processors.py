from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.scope import Role

# (label, url name, roles that see it; empty = every signed-in role)
MENU = [
    (_("หน้าหลัก"), "home", ()),
    (_("ศูนย์"), "centre_list", ()),
    (_("ครัวเรือน"), "household_list", ()),
    (_("ผลการจัดการหนี้"), "debt_kpi", ()),
    (_("การประเมิน"), "assessment_progress", ()),
    (_("รอตรวจ"), "assessment_queue", (Role.PROVINCE,)),
    (_("รายงาน"), "report_index", ()),
    (_("หมู่บ้าน"), "village_list", ()),
    (_("นำเข้า Excel"), "import_index", (Role.DISTRICT,)),
    (_("บัญชีเจ้าหน้าที่"), "staff_list", (Role.CENTRAL, Role.ADMIN)),
    (_("ผู้ดูแลระบบ"), "admin:index", (Role.ADMIN,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    path = request.path
    menu = []
    for label, name, roles in MENU:
        if roles and user.role not in roles:
            continue
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        menu.append({"label": label, "url": url, "active": active})
    return {"menu": menu}
