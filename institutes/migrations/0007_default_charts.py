"""Open the default chart of accounts of every centre recorded before the books existed, with
an account for each of its bank accounts."""

from django.db import migrations

# The default chart of ``institutes.services.books.DEFAULT_CHART``, as it was when the books
# came in (a migration keeps its own copy: the code may change later).
CHART = [
    ("1101", "cash", "asset", "เงินสด"),
    ("2201", "borrowed", "liability", "เงินกู้จากแหล่งอื่น"),
    ("3201", "support", "equity", "ทุนจากเงินสนับสนุนและเงินบริจาค"),
    ("3301", "welfare_fund", "equity", "กองทุนสวัสดิการ"),
    ("3901", "opening", "equity", "ทุนสะสม (ยอดยกมา)"),
    ("4101", "interest_income", "income", "รายได้ดอกเบี้ยเงินให้กู้ระหว่างกลุ่ม"),
    ("4901", "other_income", "income", "รายได้อื่น"),
    ("5101", "welfare", "expense", "ค่าใช้จ่ายสวัสดิการชุมชน"),
    ("5901", "expense", "expense", "ค่าใช้จ่ายดำเนินงาน"),
]


def open_charts(apps, schema_editor):
    values = ", ".join(["(%s, %s, %s, %s)"] * len(CHART))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO institutes_account
                   (province_id, district_id, centre_id, code, role, kind, name)
            SELECT c.province_id, c.district_id, c.id, chart.code, chart.role, chart.kind,
                   chart.name
              FROM institutes_centre c
             CROSS JOIN (VALUES {values}) AS chart(code, role, kind, name)
            ON CONFLICT DO NOTHING
            """,
            [value for row in CHART for value in row],
        )
        # And the account of each bank account (code 1102-<its id>).
        cursor.execute(
            """
            INSERT INTO institutes_account
                   (province_id, district_id, centre_id, code, role, kind, name, bank_account_id)
            SELECT b.province_id, b.district_id, b.centre_id, '1102-' || b.id, 'bank', 'asset',
                   'เงินฝากธนาคาร ' || b.bank || ' ' || b.branch || ' ' || b.number, b.id
              FROM institutes_bankaccount b
            ON CONFLICT DO NOTHING
            """
        )


class Migration(migrations.Migration):
    dependencies = [("institutes", "0006_books")]

    operations = [migrations.RunPython(open_charts, migrations.RunPython.noop)]
