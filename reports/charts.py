"""The chart of each report, as server-rendered SVG (the same in the preview and the PDF)."""

from django.utils.translation import gettext as _

from cddfund.charts import stacked_bars


def chart(report) -> str:
    if report.slug == "levels":
        return stacked_bars(
            [(row["label"], [row["level3"], row["level2"], row["level1"]]) for row in report.rows],
            [_("ระดับ 3 ดี"), _("ระดับ 2 ปานกลาง"), _("ระดับ 1 ต้องปรับปรุง")],
            title=_("การกระจายระดับการพัฒนาแยกตามอำเภอ"),
        )
    if report.slug == "debts":
        return stacked_bars(
            [
                (row["label"], [row["reduced"], row["targets"] - row["reduced"]])
                for row in report.rows
            ],
            [_("ลด/ปลดหนี้ได้"), _("ยังไม่ลด")],
            title=_("ความก้าวหน้าตัวชี้วัดการลดหนี้แยกตามอำเภอ"),
        )
    if report.slug == "ssg":
        return stacked_bars(
            [
                (row["label"], [row["with_plan"], row["selected"] - row["with_plan"]])
                for row in report.rows
            ],
            [_("มีแผนตามมาตรฐาน SSG"), _("ยังไม่มีแผน")],
            title=_("กลุ่มเป้าหมายที่มีแผนการบริหารจัดการตามมาตรฐานแยกตามอำเภอ"),
        )
    return ""
