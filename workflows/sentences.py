"""What an audit event says, told for a reader: names for ids, labels for codes, "3 March" for a date.

The registry writes each event's sentence as a template (``"{actor} assigned the claim to {reviewers},
due {due_at}"``) or, where the wording depends on the data, a small function of a :class:`Told`. A
template's placeholders are the event's data keys, each rendered by the kind of value it holds
(``KINDS``); a key with no kind, or data an older event lacks, is a ``KeyError``, and the caller falls
back to the event's brief sentence, so a reader never sees a dict, an id or ``None``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import DismissReason, Priority
from factcheck.verdicts.models import EvidenceLink

# Data keys that hold user ids and rating ids, looked up once for a whole page of events.
PEOPLE_KEYS = ("reviewers", "withdrawn", "lead")
RATING_KEYS = ("rating", "winner", "proposed")


def and_join(items: Iterable[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"``."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def quoted(text) -> str:
    return f"“{text}”"


def lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def day(value) -> str:
    """An ISO date or date-time → "3 March", with the year when it is not this year."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if isinstance(moment, datetime.datetime):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        date = local.date()
    else:
        date = parse_date(value) if isinstance(value, str) else value
    if not isinstance(date, datetime.date):
        raise KeyError(value)
    # The day as the active language says it in a sentence ("3 March", "3 марта", "3 de marzo"): formats in
    # factcheck/formats/.
    return date_format(date, "MONTH_DAY_FORMAT" if date.year == timezone.localdate().year else "DATE_FORMAT")


def _choice(enum) -> Callable:
    def label(value) -> str:
        try:
            return lower_first(str(enum(value).label))
        except ValueError:
            raise KeyError(value) from None

    return label


STANCES = {
    EvidenceLink.Stance.SUPPORTS: _("supports the claim"),
    EvidenceLink.Stance.REFUTES: _("refutes the claim"),
    EvidenceLink.Stance.CONTEXT: _("gives context"),
}


@dataclass
class Names:
    """Display names for the ids a batch of events mentions (users by id, ratings by id)."""

    users: dict[int, str] = field(default_factory=dict)
    ratings: dict[int, str] = field(default_factory=dict)


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else gettext("The system")


class Told:
    """One event as a sentence sees it: ``told["reviewers"]`` is "Rafael Ortiz and Sam Lee"."""

    def __init__(self, event, names: Names):
        self.event = event
        self.data = event.data if isinstance(event.data, dict) else {}
        self.names = names
        self.actor = person(event.actor)

    # --- values by kind ------------------------------------------------------------------------------

    def user(self, user_id) -> str:
        if user_id in self.names.users:
            return self.names.users[user_id]
        raise KeyError(user_id)

    def users(self, ids) -> str:
        return and_join(self.user(i) for i in ids)

    def rating(self, value) -> str:
        """A rating id, a published snapshot (``{"label": ...}``) or a label already."""
        if isinstance(value, dict):
            value = value.get("label")
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and value in self.names.ratings:
            return self.names.ratings[value]
        raise KeyError(value)

    def __getitem__(self, key: str) -> str:
        if key == "actor":
            return self.actor
        render = KINDS.get(key)
        if render is None or key not in self.data or self.data[key] in (None, ""):
            raise KeyError(key)
        return render(self, self.data[key])

    def format(self, template: str) -> str:
        """``template`` may be a lazy translation: it is read in the language active now."""
        return str(template).format_map(self)


KINDS: dict[str, Callable[[Told, object], str]] = {
    "reviewers": Told.users,
    "withdrawn": Told.users,
    "lead": Told.user,
    "due_at": lambda told, value: day(value),
    "priority": lambda told, value: _choice(Priority)(value),
    "from": lambda told, value: _choice(Priority)(value),
    "to": lambda told, value: _choice(Priority)(value),
    "reason": lambda told, value: _choice(DismissReason)(value),
    "previous_reason": lambda told, value: _choice(DismissReason)(value),
    "rating": Told.rating,
    "winner": Told.rating,
    "proposed": Told.rating,
    "title": lambda told, value: quoted(value),
    "what_changed": lambda told, value: quoted(value),
    "url": lambda told, value: str(value),
    "stance": lambda told, value: str(STANCES[value]),
    "version": lambda told, value: str(int(value)),
    "verdict_version": lambda told, value: str(int(value)),
}


def ids_in(data: dict, keys: tuple[str, ...]) -> set[int]:
    """The integer ids under ``keys`` (a value, or a list of values) of one event's data."""
    found: set[int] = set()
    for key in keys:
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool):
                found.add(item)
    return found


def field_changes(model, changes: dict, *, labels: dict[str, str] | None = None) -> str:
    """``{"speaker": ["A", "B"]}`` → "the speaker from “A” to “B”", in the model's field order; a field
    with choices shows its labels, a date its day, an empty value "nothing"."""
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    parts = []
    for name in sorted(changes, key=lambda n: order.get(n, len(order))):
        old, new = changes[name]
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field since removed: name it as stored
            model_field = None
        label = (labels or {}).get(name) or (str(model_field.verbose_name) if model_field else name.replace("_", " "))
        parts.append(
            gettext("the %(field)s from %(old)s to %(new)s")
            % {"field": label, "old": _value(model_field, old), "new": _value(model_field, new)}
        )
    return and_join(parts)


def _value(model_field, value) -> str:
    if value in (None, ""):
        return gettext("nothing")
    if model_field is not None and model_field.choices:
        return lower_first(str(dict(model_field.flatchoices).get(value, value)))
    if model_field is not None and model_field.get_internal_type() in ("DateField", "DateTimeField"):
        return day(value)
    return quoted(value)
