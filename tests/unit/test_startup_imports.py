"""What ``django.setup()`` imports: every web process and the Celery parent pay for it, whether or not they ever
score a sentence, link a claim, send a chat message or write a spreadsheet.

Before the heavy libraries were imported where they are used, setup took ~185 MB and 2,240 modules (scipy alone
490 modules, scikit-learn 124); without them ~80 MB and ~1,200. A worker imports NumPy, SciPy's sparse
matrices and onnxruntime with its first article.
"""

import subprocess
import sys

#: Top-level packages that must not be loaded by ``django.setup()`` itself.
HEAVY = ("numpy", "scipy", "sklearn", "joblib", "narwhals", "onnxruntime", "tokenizers", "apprise", "xlsxwriter")

_CHILD = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
import django
django.setup()
from django.urls import resolve  # the URL conf imports every view module, as a web worker's first request does
resolve("/")
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_setup_and_the_url_conf_load_no_heavy_library():
    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(__import__("json").loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & set(HEAVY), f"django.setup() imported {sorted(loaded & set(HEAVY))}"
