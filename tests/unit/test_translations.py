"""The shipped interface catalogues (``factcheck/locale/<lang>/LC_MESSAGES/django.po`` and ``.mo``) are
complete and current.

A catalogue fails when: an entry is untranslated or fuzzy; a string marked in the source is missing from it
(``makemessages`` is run over a copy of the source into a temporary folder and the msgid sets compared);
its ``.mo`` is older than its ``.po`` or says something else; a translation's placeholders (``%(name)s``,
``%s``, ``{name}``) differ from its msgid's, which would raise at run time or lose a value.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "factcheck" / "locale"
SHIPPED = sorted(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
# The folders whose strings the catalogues carry, as makemessages is run for them (README "Languages").
SOURCE_DIRS = ("factcheck", "workflows")
IGNORE = ("*/migrations/*", "*/extraction/*", "*/__pycache__/*")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdifr]|\{(\w*)(?:![rs])?(?::[^}]*)?\}")


def _po(lang: str) -> polib.POFile:
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {lang}: run `python manage.py makemessages -l {lang}` (README)"
    return polib.pofile(str(path))


def _key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def _translations(entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: the msgid with msgstr, or for plurals each form with its msgid."""
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        return [(entry.msgid if k == 0 else entry.msgid_plural, form) for k, form in enumerate(forms)]
    return [(entry.msgid, entry.msgstr)]


def test_every_language_of_the_interface_has_a_catalogue():
    assert SHIPPED, "LANGUAGES names no language besides the default"
    for lang in SHIPPED:
        assert (LOCALE / lang / "LC_MESSAGES" / "django.po").exists(), lang


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    po = _po(lang)
    untranslated = [e.msgid for e in po if not e.obsolete and not all(t for _s, t in _translations(e))]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy (check and unmark them), e.g. {fuzzy[:5]}"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals="), f"{lang}: no Plural-Forms header"


@pytest.mark.parametrize("lang", SHIPPED)
def test_translations_keep_the_placeholders_of_their_msgid(lang):
    wrong = []
    for entry in _po(lang):
        if entry.obsolete:
            continue
        for source, translation in _translations(entry):
            if not translation:
                continue
            expected = _placeholders(source)
            # A plural's singular may leave out the count ("одну минуту") only where the msgid has no other
            # placeholder; everything else must be carried over exactly.
            if _placeholders(translation) != expected:
                wrong.append(f"{entry.msgid!r}: {expected} → {_placeholders(translation)} in {translation!r}")
    assert not wrong, f"{lang}: placeholders differ:\n" + "\n".join(wrong[:10])


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_compiled_catalogue_is_current(lang):
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{lang}: no .mo: run `python manage.py compilemessages`"
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime - 1, (
        f"{lang}: django.mo is older than django.po: run `python manage.py compilemessages`"
    )
    compiled = {_key(e): _translations(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    written = {_key(e): _translations(e) for e in _po(lang) if not e.obsolete and e.msgid and "fuzzy" not in e.flags}
    differ = sorted(str(k) for k in set(compiled) ^ set(written)) + sorted(
        str(k) for k in set(compiled) & set(written) if compiled[k] != written[k]
    )
    assert not differ, f"{lang}: django.mo and django.po disagree (compilemessages): {differ[:5]}"


def test_every_string_marked_in_the_source_is_in_each_catalogue(tmp_path):
    """``makemessages`` over a copy of the source, into an empty locale folder: every msgid it finds must
    be in the shipped catalogue (new screens' strings too), and the catalogue keeps none that is gone."""
    copy = tmp_path / "src"
    copy.mkdir()
    shutil.copy(REPO / "manage.py", copy / "manage.py")
    for folder in SOURCE_DIRS:
        shutil.copytree(
            REPO / folder,
            copy / folder,
            ignore=shutil.ignore_patterns("__pycache__", "locale", "*.pyc", "*.onnx", "*.bin", "*.npz"),
        )
    (copy / "factcheck" / "locale").mkdir()
    env = {**os.environ, "PYTHONPATH": str(copy), "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", SHIPPED[0], "--no-obsolete", "--no-location"]
        + [arg for pattern in IGNORE for arg in ("--ignore", pattern)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = polib.pofile(str(copy / "factcheck" / "locale" / SHIPPED[0] / "LC_MESSAGES" / "django.po"))
    marked = {_key(e) for e in fresh if e.msgid}
    for lang in SHIPPED:
        shipped = {_key(e) for e in _po(lang) if not e.obsolete and e.msgid}
        missing = sorted(marked - shipped, key=str)
        assert not missing, (
            f"{lang}: {len(missing)} marked string(s) not in the catalogue (run makemessages, translate, "
            f"compilemessages), e.g. {missing[:5]}"
        )
        stale = sorted(shipped - marked, key=str)
        assert not stale, f"{lang}: the catalogue keeps {len(stale)} string(s) no source marks, e.g. {stale[:5]}"


@pytest.mark.django_db
def test_the_desks_names_for_models_need_no_migration():
    """``workflows/desk/names.py`` names models and fields in the reader's language at start-up; migrations
    must not see it (they read what the models were declared with)."""
    from io import StringIO

    from django.core.management import call_command

    from factcheck.claims.models import Claim

    assert str(Claim._meta.get_field("claim_type").verbose_name) == "claim type"
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits 1 when a migration would be written
        pytest.fail(f"translated names made migrations appear ({exit_}):\n{out.getvalue()}")
