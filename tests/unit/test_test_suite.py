"""The test suite's own rules: what keeps the inner loop fast, and where shared specifications live."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import get_hasher

REPO = Path(__file__).resolve().parents[2]
#: An import of a test module (``tests/.../test_*.py``) from anywhere in the suite.
IMPORTS_A_TEST_MODULE = re.compile(
    r"^\s*(?:from\s+tests(?:\.\w+)*\.test_\w+\s+import|import\s+tests(?:\.\w+)*\.test_)", re.MULTILINE
)


def test_passwords_are_hashed_with_the_fast_test_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert get_hasher().algorithm == "md5"


def test_no_test_file_imports_another_test_file():
    """Shared specifications (the permission matrix, the action list, payloads) live in ``tests/specs.py``."""
    offenders = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "tests").rglob("*.py"))
        if IMPORTS_A_TEST_MODULE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
