import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

# The targets' centre, from their household. A column derived from the household, filled in
# one statement with the table's own triggers off: the audit keeps what people changed, and a
# closed period's targets are not changed by it.
FILL = """
ALTER TABLE debts_targethousehold DISABLE TRIGGER USER;
UPDATE debts_targethousehold t SET centre_id = h.centre_id
  FROM debts_household h WHERE h.id = t.household_id;
ALTER TABLE debts_targethousehold ENABLE TRIGGER USER;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("debts", "0021_household_id_end_by_district"),
        ("institutes", "0012_search_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="targethousehold",
            name="centre",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="institutes.centre",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="targethousehold",
            name="centre",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="institutes.centre",
            ),
        ),
        # The audit's update trigger no longer fires for the centre alone (``tracked(exclude=)``).
        pgtrigger.migrations.RemoveTrigger(
            model_name="targethousehold",
            name="update_update",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="targethousehold",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."chosen_by_id" IS DISTINCT FROM (NEW."chosen_by_id") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."enrolled_on" IS DISTINCT FROM (NEW."enrolled_on") OR OLD."enrolment_form" IS DISTINCT FROM (NEW."enrolment_form") OR OLD."fiscal_year" IS DISTINCT FROM (NEW."fiscal_year") OR OLD."has_life_plan" IS DISTINCT FROM (NEW."has_life_plan") OR OLD."household_id" IS DISTINCT FROM (NEW."household_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."keeps_accounts" IS DISTINCT FROM (NEW."keeps_accounts") OR OLD."province_id" IS DISTINCT FROM (NEW."province_id") OR OLD."reason" IS DISTINCT FROM (NEW."reason") OR OLD."trained_on" IS DISTINCT FROM (NEW."trained_on"))',
                    func='INSERT INTO "debts_targethouseholdevent" ("chosen_by_id", "district_id", "enrolled_on", "enrolment_form", "fiscal_year", "has_life_plan", "household_id", "id", "keeps_accounts", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "province_id", "reason", "trained_on") VALUES (NEW."chosen_by_id", NEW."district_id", NEW."enrolled_on", NEW."enrolment_form", NEW."fiscal_year", NEW."has_life_plan", NEW."household_id", NEW."id", NEW."keeps_accounts", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."province_id", NEW."reason", NEW."trained_on"); RETURN NULL;',
                    hash="32bf6d42c87c6f7c89c29b628e47e511f6a61725",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_6168f",
                    table="debts_targethousehold",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddIndex(
            model_name="targethousehold",
            index=models.Index(fields=["centre", "fiscal_year"], name="debts_target_centre_year"),
        ),
    ]
