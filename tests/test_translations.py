"""Thai first, English available: every message of the product has its English translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = (".venv", ".git", ".pgdata", ".stack", ".stack-faults", "test-artifacts", "backups")


def _untranslated(po: str) -> list[str]:
    """The messages of a .po file that are fuzzy or have an empty translation."""
    missing = []
    for block in po.split("\n\n")[1:]:  # the first block is the header
        if block.startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block, re.M)[:1])
        translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$((?:\n".*")*)', block, re.M)
        empty = any(not (first or rest.strip()) for first, rest in translations)
        if "#, fuzzy" in block or "fuzzy," in block or empty:
            missing.append(msgid or block.splitlines()[-1])
    return missing


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_message_has_an_english_translation(tmp_path):
    """makemessages over a copy of the source (so the project's own files stay as they are)
    finds no new message, and none is fuzzy or empty."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*LEFT_OUT, "__pycache__"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"]
        + [f"--ignore={p}" for p in ("tests", *LEFT_OUT)],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cddfund.settings.test"},
    )
    po = (copy / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    assert _untranslated(po) == []


def test_a_fuzzy_or_empty_translation_is_found():
    po = (
        'msgid ""\nmsgstr ""\n\n'
        'msgid "ก"\nmsgstr "A"\n\n'
        '#, fuzzy\nmsgid "ข"\nmsgstr "B"\n\n'
        'msgid "ค"\nmsgstr ""\n\n'
        'msgid "ง"\nmsgid_plural "ง"\nmsgstr[0] "D"\nmsgstr[1] ""\n'
    )
    assert _untranslated(po) == ["ข", "ค", "ง"]
