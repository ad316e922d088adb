import shutil

import pytest
from django.core.management import call_command

from cddfund import dbtools


@pytest.mark.django_db
def test_backup_writes_a_pg_dump_archive(tmp_path, capsys):
    if not dbtools.is_embedded() and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed for the external server")
    target = tmp_path / "backup.dump"
    call_command("backup_db", output=str(target))
    assert target.read_bytes()[:5] == b"PGDMP"
    assert "Backup written" in capsys.readouterr().out
