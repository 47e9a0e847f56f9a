"""HTML fragments the admin shows: the claim inside its source sentence, its score and why, and small SVG
bar charts.

Everything user-supplied goes through ``format_html`` (escaped); nothing here marks raw text safe. The
charts are drawn on the server as SVG, so the dashboard needs no JavaScript and no CDN.
"""

import math
import re
from collections.abc import Sequence

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import ClaimOrigin

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Significant digits of a score's distance from 0% or 100% that the desk shows, and the decimals allowed.
_DIGITS, _MIN_DECIMALS, _MAX_DECIMALS = 3, 1, 4


# (model, field name, language) -> {stored value: its label in that language}.
_CHOICE_LABELS: dict[tuple[type, str, str | None], dict] = {}


def choice_label(model: type, field: str, value) -> str | None:
    """What ``instance.get_<field>_display()`` says of ``value`` ("In review" for "in_review"; an unknown value
    as itself), from a map built once per process and language: Django's method builds it again on every
    call, hashing and translating every choice's label, and the claim page asks for some thirty of them."""
    key = (model, field, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        choices = dict(make_hashable(model._meta.get_field(field).flatchoices))
        labels = _CHOICE_LABELS[key] = {v: force_str(label, strings_only=True) for v, label in choices.items()}
    value = make_hashable(value)
    return labels[value] if value in labels else force_str(value, strings_only=True)


def score_percent(score: float | None) -> str:
    """Check-worthiness (or a match's similarity) as a percentage: "87.4%" in the middle, more decimals near
    the ends ("99.72%", "99.96%", "0.04%"), so claims the model ranks apart at the top of the queue do not read
    alike and nothing short of certain reads "100%". The API keeps the float.

    The decimals show three significant digits of the distance to the nearer end (0% or 100%), at least
    one and at most four; trailing zeros past the first decimal are dropped.
    """
    if score is None:
        return "—"
    percent = float(score) * 100
    distance = min(percent, 100 - percent)
    decimals = _MIN_DECIMALS
    if distance > 0:
        decimals = min(_MAX_DECIMALS, max(_MIN_DECIMALS, _DIGITS - 1 - math.floor(math.log10(distance))))
    text = f"{percent:.{decimals}f}"
    if 0 < percent < 100 and float(text) in (0, 100):  # closer to an end than four decimals show
        step = f"{10**-_MAX_DECIMALS:.{_MAX_DECIMALS}f}"
        return f">{100 - float(step):.{_MAX_DECIMALS}f}%" if percent > 50 else f"<{step}%"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(_MIN_DECIMALS, "0")
    return f"{whole}.{fraction}%"


# The signals' names as extraction stores them (``factcheck.extraction.model.INPUT_LABELS``: English, because the
# library knows no Django and the stored JSON stays one language), shown in the reader's language. A test ties
# this table to the library's labels, so a new signal cannot reach the desk untranslated.
SIGNAL_NAMES_SHOWN = {
    "model: check-worthy language": _("model: check-worthy language"),
    "a figure": _("a figure"),
    "a percentage": _("a percentage"),
    "money or cost": _("money or cost"),
    "a date or year": _("a date or year"),
    "a record/first/only": _("a record/first/only"),
    "a medical outcome": _("a medical outcome"),
    "regulatory or legal status": _("regulatory or legal status"),
    "attributed (according to)": _("attributed (according to)"),
    "attributed (said, reported)": _("attributed (said, reported)"),
    "a named person or body": _("a named person or body"),
    "a hope, wish or opinion": _("a hope, wish or opinion"),
    "vague or praising words": _("vague or praising words"),
    "first person (I, we)": _("first person (I, we)"),
    "a question": _("a question"),
    "a lead-in ending in a colon": _("a lead-in ending in a colon"),
    "a short fragment": _("a short fragment"),
    "narration of who spoke": _("narration of who spoke"),
    "a plan or prediction": _("a plan or prediction"),
    "something done (developed, launched)": _("something done (developed, launched)"),
    "textbook background": _("textbook background"),
    "what someone saw or felt": _("what someone saw or felt"),
    "how a treatment works": _("how a treatment works"),
    "a trial or study": _("a trial or study"),
    "a comparison with others": _("a comparison with others"),
    "a dose or schedule": _("a dose or schedule"),
    "an incidental count (guests, pages, items)": _("an incidental count (guests, pages, items)"),
    "nobody else has it (no other, no precedent)": _("nobody else has it (no other, no precedent)"),
    "said by unnamed others (some, critics)": _("said by unnamed others (some, critics)"),
    "a condition or concession (if, albeit)": _("a condition or concession (if, albeit)"),
    "spares the rest (without harming healthy cells)": _("spares the rest (without harming healthy cells)"),
    "work at a named institution": _("work at a named institution"),
    "a remark recalled or noted, with no figure": _("a remark recalled or noted, with no figure"),
    "a speaker on their own business or gain": _("a speaker on their own business or gain"),
    "no figure, status, outcome or record": _("no figure, status, outcome or record"),
}


def _signal(entry) -> str:
    name, contribution = entry["name"], float(entry["contribution"])
    name = SIGNAL_NAMES_SHOWN.get(name, name)
    # A true minus sign on the number only: a name such as "check-worthy" keeps its hyphen.
    return f"{name} ({contribution:+.1f})".replace("(-", "(−")


def score_reasons(claim) -> str:
    """Why the claim scored as it did, in one plain line for editors and reviewers: "Why it scored 87.4%:
    a figure (+1.2), a medical outcome (+0.8)". A claim added by hand was chosen by a person, not the
    model, and says so; a claim stored before signals were kept says nothing."""
    if claim.origin == ClaimOrigin.MANUAL:
        return gettext("Added by hand")
    if claim.origin == ClaimOrigin.TIP and not claim.score_signals:
        return gettext("Reader tip: scored %(score)s by the model") % {"score": score_percent(claim.score)}
    signals = [s for s in (claim.score_signals or []) if isinstance(s, dict) and "name" in s and "contribution" in s]
    if not signals:
        return ""
    reasons = gettext("Why it scored %(score)s: %(signals)s") % {
        "score": score_percent(claim.score),
        "signals": ", ".join(_signal(s) for s in signals),
    }
    note = score_basis_note(claim)
    return f"{note}. {reasons}" if note else reasons


def language_name(code: str) -> str:
    """ "ru" -> "Russian" (in the reader's language where Django knows it), else the code itself."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def score_basis_note(claim) -> str:
    """ "Figures-based score (Russian)" for a claim scored without the language model (``Claim.score_basis``):
    its score rests on figures, money, dates, records and approvals, not on how check-worthy its words sound."""
    if getattr(claim, "score_basis", "") != "figures":
        return ""
    return gettext("Figures-based score (%(language)s)") % {"language": language_name(claim.language or "?")}


def highlight_claim(claim, *, window: int | None = None) -> SafeString:
    """The claim's context with the claim in ``<mark>``; ``window`` trims the context around it."""
    context, text = claim.context or "", claim.text
    at = context.find(text) if text else -1
    if at < 0:
        # The sentence does not contain the claim verbatim (cleaning changed it): show the claim alone.
        return format_html("<mark>{}</mark>", text)
    before, after = context[:at], context[at + len(text) :]
    if window is not None:
        if len(before) > window:
            before = "…" + before[-window:].lstrip()
        if len(after) > window:
            after = after[:window].rstrip() + "…"
    return format_html('<span class="claim-context">{}<mark>{}</mark>{}</span>', before, text, after)


def _colour(value: str | None, default: str) -> str:
    return value if value and _HEX.match(value) else default


def bar_chart(
    rows: Sequence[tuple[str, float]] | Sequence[tuple[str, float, str]],
    *,
    title: str,
    colour: str = "#417690",
    width: int = 560,
    label_width: int = 170,
    bar_height: int = 18,
    gap: int = 6,
) -> SafeString:
    """A horizontal bar chart: one ``(label, value[, colour])`` per bar, scaled to the largest value."""
    if not rows:
        return format_html('<p class="help">{}</p>', gettext("%(title)s: no data yet.") % {"title": title})
    top = max(float(r[1]) for r in rows) or 1.0
    plot = width - label_width - 50
    height = len(rows) * (bar_height + gap) + gap
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#333">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}" font-size="12" fill="#333">{}</text>',
        (
            (
                label_width - 6,
                gap + i * (bar_height + gap) + bar_height - 5,
                row[0],
                label_width,
                gap + i * (bar_height + gap),
                round(plot * float(row[1]) / top, 1),
                bar_height,
                _colour(row[2] if len(row) > 2 else None, colour),
                row[0],
                _number(row[1]),
                label_width + round(plot * float(row[1]) / top, 1) + 4,
                gap + i * (bar_height + gap) + bar_height - 5,
                _number(row[1]),
            )
            for i, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="factdesk-chart" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        bars,
    )


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
