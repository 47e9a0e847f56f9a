"""How history tells a change of tags or topics (``workflows.services.tags``): "Erin tagged the claim
“vaccines” and removed the tag “NHS”", "Erin filed the claim under Health". The registry lists these events
under the ``edit`` entry, whose permission cell the tag services use."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from .sentences import Told, and_join, quoted


def _quoted(names) -> str:
    return and_join(quoted(n) for n in names or [])


def _tag_change(t: Told, *, tagged: str) -> str:
    """``tagged``: the translated phrase for the object, with ``%(tags)s`` (each object its own words)."""
    added, removed = t.data.get("added") or [], t.data.get("removed") or []
    if not isinstance(added, list) or not isinstance(removed, list):
        raise KeyError("added")
    parts = []
    if added:
        parts.append(tagged % {"tags": _quoted(added)})
    if removed:
        removal = ngettext("removed the tag %(tags)s", "removed the tags %(tags)s", len(removed))
        parts.append(removal % {"tags": _quoted(removed)})
    if not parts:
        raise KeyError("added")
    return gettext("%(actor)s %(changes)s") % {"actor": t.actor, "changes": and_join(parts)}


def claim_tags(t: Told) -> str:
    return _tag_change(t, tagged=gettext("tagged the claim %(tags)s"))


def factcheck_tags(t: Told) -> str:
    return _tag_change(t, tagged=gettext("tagged the fact-check %(tags)s"))


def topics(t: Told) -> str:
    accepted, removed = t.data.get("accepted") or [], t.data.get("removed") or []
    parts = []
    if accepted:
        parts.append(gettext("filed the claim under %(topics)s") % {"topics": and_join(accepted)})
    if removed:
        parts.append(gettext("took it off %(topics)s") % {"topics": and_join(removed)})
    if not parts:
        raise KeyError("accepted")
    return gettext("%(actor)s %(changes)s") % {"actor": t.actor, "changes": and_join(parts)}
