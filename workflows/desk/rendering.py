"""The desk forms' renderer: Django's own form templates (``django/forms/...``), written out in Python for
the handful the claim page draws dozens of times (inputs, selects and their options, text areas, labels,
error lists, a field with its label and help, a form as divs).

The claim page draws the verdict draft, its evidence rows, the restate form and every action's form: some
two hundred small template renders (each input includes ``attrs.html``), a third of the page's template
time (about 9 ms a page). Here each is one string join. The output is the templates' own, byte for byte
(every ``{{ }}`` goes through the template engine's ``render_value_in_context``, or for a plain string
the very escaping it would apply, so escaping and localisation are the engine's;
``tests/unit/workflows/test_desk_page_drawing.py`` renders the desk's forms both ways and compares). A
widget or a template this module does not know (the explanation's rich-text editor, a custom option
template) is rendered by the templates as before. The labels, the same few dozen on every claim page, are
drawn once per process for everything they depend on (``_label_tag``, ``_readonly_label``).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

# What ``render_value_in_context`` reads of a template context: a plain ``Context`` (autoescape on, the
# project's own time zone and localisation settings). It is only read, never pushed to, so one serves all.
_CONTEXT = Context(autoescape=True, use_l10n=None, use_tz=None)


def _var(value) -> str:
    """``{{ value }}``. A plain or safe string, most of what a form draws, is answered directly: the engine
    would neither localise nor convert it, only escape the plain one (Django's ``escape`` is ``html.escape``)."""
    kind = type(value)
    if kind is str:
        return html_escape(value)
    if kind is SafeString:
        return value
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as ``%s`` (no localisation), escaped unless it was safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 (the filter's own ``"%" + arg`` formatting)
    return _var(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 (it was safe)


def _attrs(attrs) -> str:
    """``django/forms/widgets/attrs.html`` and ``django/forms/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_var(name)}" if value is True else f' {_var(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_var(widget["type"])}" name="{_var(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _option(option) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_var(option["label"])}</option>\n'


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _select(widget) -> str | None:
    parts = [f'<select name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_var(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # an option template of its own: the templates draw the select
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget) -> str:
    value = _var(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_var(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


def _label(context) -> str:
    if not context["use_tag"]:
        return _var(context["label"]) + "\n"
    tag = _var(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_var(context['label'])}</{tag}>\n"


def _errors(context) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = f' id="{_var(errors.field_id)}_error"' if errors.field_id else ""
    items = "".join(f"<li>{_var(error)}</li>" for error in errors)
    return f'<ul class="{_var(context["error_class"])}"{field_id}>{items}</ul>'


def _field(context) -> str:
    field = context["field"]
    parts = []
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_var(described)}"' if described else ""
        parts.append(f"\n  <fieldset{described}>\n  {_var(field.legend_tag()) if field.label else ''}\n")
    else:
        parts.append(f"\n  {_label_tag(field) if field.label else ''}\n")
    parts.append("\n")
    if field.help_text:
        helptext_id = f' id="{_var(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{helptext_id}>{_var(mark_safe(field.help_text))}</div>')  # noqa: S308 (``|safe``)
    parts.append(f"\n{_var(field.errors)}\n{_var(field)}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    parts.append("\n")
    return "".join(parts)


def _remembered(drawn: dict[tuple, str], kept: int, key: tuple, draw: Callable[[], str]) -> str:
    """``drawn[key]``, drawn first if new; a process keeps at most ``kept`` (then starts again: a bound, not
    an eviction policy, for keys that are a handful in practice)."""
    html = drawn.get(key)
    if html is None:
        if len(drawn) >= kept:
            drawn.clear()
        html = drawn[key] = draw()
    return html


#: A form field's ``<label>`` (``BoundField.label_tag()``), by everything that method reads.
_FIELD_LABELS: dict[tuple, str] = {}
FIELD_LABELS_KEPT = 2048


def _label_tag(field) -> str:
    """``{{ field.label_tag }}``: the claim page draws the same few dozen labels (the draft's, each evidence
    row's, every action form's) on every view, so each is drawn once per process for everything it depends
    on: the language (the punctuation that stops the suffix), the label, the suffixes, the id it points to
    and the widget that turns the id into the label's ``for``, whether it is required, and the form's label
    template and renderer."""
    form, widget, label = field.form, field.field.widget, field.label
    key = (
        get_language(),
        str(label),
        isinstance(label, SafeData),
        _text_or_none(field.field.label_suffix),
        _text_or_none(form.label_suffix),
        widget.attrs.get("id") or field.auto_id,
        type(widget),
        field.field.required,
        _text_or_none(getattr(form, "required_css_class", None)),
        hasattr(form, "required_css_class"),
        form.template_name_label,
        type(form.renderer),
    )
    return _remembered(_FIELD_LABELS, FIELD_LABELS_KEPT, key, lambda: _var(field.label_tag()))


def _text_or_none(value) -> str | None:
    return None if value is None else str(value)


def _div(context) -> str:
    errors, fields, hidden = context["errors"], context["fields"], context["hidden_fields"]
    parts = [_var(errors), "\n"]
    if errors and not fields:
        parts.append(f"\n  <div>{''.join(_var(f) for f in hidden)}</div>\n")
    parts.append("\n")
    last = len(fields) - 1
    for index, (field, _field_errors) in enumerate(fields):
        classes = field.css_classes()
        classes = f' class="{_var(classes)}"' if classes else ""
        parts.append(f"\n  <div{classes}>\n    {_var(field.as_field_group())}\n    ")
        if index == last:
            parts.append(f"\n      {''.join(_var(f) for f in hidden)}\n    ")
        parts.append("\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(f"\n  {''.join(_var(f) for f in hidden)}\n")
    parts.append("\n")
    return "".join(parts)


def _widget(draw):
    return lambda context: draw(context["widget"])


# Template name -> the same output, drawn in Python; None from a function means "let the template draw it".
INPUT_TEMPLATES = (
    "input",
    "text",
    "hidden",
    "url",
    "date",
    "number",
    "email",
    "password",
    "checkbox",
    "datetime",
    "time",
    "search",
    "tel",
)
FAST = {
    **{f"django/forms/widgets/{name}.html": _widget(_input) for name in INPUT_TEMPLATES},
    "django/forms/widgets/select.html": _widget(_select),
    "django/forms/widgets/textarea.html": _widget(_textarea),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/field.html": _field,
    "django/forms/div.html": _div,
}


class DeskFormRenderer(DjangoTemplates):
    """Django's default form renderer, with ``FAST``'s templates drawn in Python (same output)."""

    def render(self, template_name, context, request=None):
        draw = FAST.get(template_name)
        if draw is not None:
            html = draw(context)
            if html is not None:
                return html.strip()  # as ``BaseRenderer.render`` strips the template's output
        return super().render(template_name, context, request)


#: The one instance the desk's forms share (it holds the template engine).
DESK_RENDERER = DeskFormRenderer()


# --- the claim page's read-only fields -------------------------------------------------------------------


def readonly_fieldsets(adminform) -> str | None:
    """The change form's ``field_sets`` block (``admin/includes/fieldset.html`` for each fieldset, as the
    admin's ``change_form.html`` includes it) when every line is one read-only field, which is all the claim
    page shows: the same HTML, without a template node per field. None: the template draws it."""
    parts = ["\n"]
    for index, fieldset in enumerate(adminform):
        html = _readonly_fieldset(fieldset, index)
        if html is None:
            return None
        parts.append(f"\n  {html}\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped as the template does)


#: A read-only field's ``<label>`` as ``AdminReadonlyField.label_tag`` draws it, by everything it depends on.
_READONLY_LABELS: dict[tuple, str] = {}
READONLY_LABELS_KEPT = 512


def _readonly_label(field) -> str:
    """``{{ field.label_tag }}`` of a read-only field: its label (capitalised, escaped unless safe), the
    form's suffix, "inline" unless first on its line. The same seventeen labels on every claim page, so each
    is drawn once per process and language."""
    label = field.field["label"]
    key = (get_language(), str(label), isinstance(label, SafeData), field.is_first, str(field.form.label_suffix))
    return _remembered(_READONLY_LABELS, READONLY_LABELS_KEPT, key, lambda: _var(field.label_tag()))


def _readonly_fieldset(fieldset, index: int, heading_level: int = 2) -> str | None:
    heading = f"fieldset-0-{index}-heading"
    parts = [f'<fieldset class="module aligned {_var(fieldset.classes)}"']
    if fieldset.name:
        parts.append(f' aria-labelledby="{heading}"')
    parts.append(">\n    ")
    collapsible = bool(fieldset.name) and fieldset.is_collapsible
    if fieldset.name:
        parts.append(
            f'\n        {"<details><summary>" if collapsible else ""}\n        <h{heading_level} id="{heading}" '
            f'class="fieldset-heading">{_var(fieldset.name)}</h{heading_level}>\n        '
            f"{'</summary>' if collapsible else ''}\n    "
        )
    parts.append("\n    ")
    if fieldset.description:
        parts.append(f'\n        <div class="description">{_var(mark_safe(fieldset.description))}</div>\n    ')  # noqa: S308
    parts.append("\n    ")
    for line in fieldset:
        fields = list(line)
        if len(line.fields) != 1 or len(fields) != 1 or not fields[0].is_readonly or fields[0].is_checkbox:
            return None
        field = fields[0]
        errors = line.errors()
        classes = "form-row" + (" errors" if errors else "") + ("" if line.has_visible_field else " hidden")
        if field.field["name"]:
            classes += f" field-{_var(field.field['name'])}"
        help_text = field.field["help_text"]
        help_html = ""
        if help_text:
            hidden = " hidden" if field.field["is_hidden"] else ""
            help_html = (
                f'\n                        <div class="help{hidden}">\n                            '
                f"<div>{_var(mark_safe(help_text))}</div>\n                        </div>\n                    "  # noqa: S308
            )
        parts.append(
            f'\n        <div class="{classes}">\n            {_var(errors)}\n            '
            f'\n                <div>\n                    \n                        <div class="flex-container">'
            f"\n                            \n                                {_readonly_label(field)}"
            f'\n                                \n                                    <div class="readonly">'
            f"{_var(field.contents())}</div>\n                                \n                            "
            f"\n                        </div>\n                    {help_html}\n                </div>\n            "
            f"\n            \n        </div>\n    "
        )
    parts.append("\n    ")
    if collapsible:
        parts.append("</details>")
    parts.append("\n</fieldset>\n")
    return "".join(parts)
