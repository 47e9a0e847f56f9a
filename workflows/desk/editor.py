"""The explanation's editor: django-prose-editor's ProseMirror build (its assets ship in its wheel), set up
by our own static module so it runs under the CSP (``script-src 'self'``: no inline script, no import map).

The module offers only what the one sanitizer (``factcheck.sanitize``) keeps: paragraphs, line breaks,
bold, italic, links, lists, quotes and headings h2–h4; links without ``target``. So what a writer makes is
what readers get, and the live preview (the sanitizer's own output, from ``drafts.preview_view``) shows
anything pasted that will not survive. Without JavaScript the field is the plain HTML text box it was.
"""

from django import forms

EDITOR_ASSETS = "django_prose_editor/"


class ExplanationEditor(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 10, "data-explanation-editor": "", **(attrs or {})})

    class Media:
        css = {
            "all": [
                f"{EDITOR_ASSETS}material-icons.css",
                f"{EDITOR_ASSETS}editor.css",
                f"{EDITOR_ASSETS}overrides.css",
                "workflows/desk/draft.css",
            ]
        }
        js = [forms.Script("workflows/desk/explanation_editor.js", type="module")]
