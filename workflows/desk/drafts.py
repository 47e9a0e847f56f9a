"""The verdict draft at the desk: one form for the rating, headline, summary, explanation and the evidence
rows, saved in one transaction, so nothing typed is ever lost.

- **One submit, all or nothing.** ``draft_save_view`` calls ``verdict_save_draft`` (only when the draft
  differs from what is saved), then ``evidence_update`` for each changed row and ``evidence_add`` for each
  new one, inside one ``transaction.atomic``: a refusal of any part writes nothing. The typed form goes to
  the session and the claim page shows it again (``draft_context``) with each reason next to its field.
- **No silent overwrite.** A stale version answers the conflict page (409): the saved draft ("theirs": who
  saved it, when) beside what was typed ("yours"), field by field, with a choice for each field that
  differs and the writer's text editable to merge by hand. The merge is saved on the version it was made
  against; if someone saved again meanwhile, the page comes back with the newer version.
- **History and preview.** Every save is a ``DraftRevision`` (``draft_history_view`` lists and shows
  them); ``preview_view`` answers the sanitizer's output for the live preview, and after a save the
  writer is told what the sanitizer removed.

Every rule stays in the services; this module only parses, calls them and presents the outcome.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Claim
from factcheck.sanitize import clean_html, removed_by_cleaning
from factcheck.verdicts.models import EvidenceLink, Verdict

from .. import draft_history, permissions, services
from ..actions import Action
from ..exceptions import NotVisible, StaleEdit, ValidationFailed, WorkflowError
from ..sentences import and_join
from .buttons import action_url
from .forms import DraftForm
from .rendering import DESK_RENDERER

STASH = "factdesk:draft-form:{}"
PREFIX = "evidence"
FIELD_LABELS = {
    "rating": _("rating"),
    "headline": _("headline"),
    "summary": _("summary"),
    "explanation": _("explanation"),
}


class EvidenceRowForm(forms.Form):
    """One evidence link in the draft form: an existing one (``id`` and the ``updated_at`` it was loaded
    with, so an edit made meanwhile by someone else is refused, not overwritten) or a new one."""

    default_renderer = DESK_RENDERER

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    expected_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(max_length=2000, assume_scheme="https", label=_("Web address (URL)"))
    title = forms.CharField(label=_("Title"), max_length=300)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    quote = forms.CharField(
        label=_("Quote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The passage that matters, quoted exactly."),
    )
    stance = forms.ChoiceField(
        label=_("Stance"), choices=EvidenceLink.Stance.choices, initial=EvidenceLink.Stance.CONTEXT
    )
    accessed_on = forms.DateField(
        label=_("Accessed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )

    SERVICE_FIELDS = ("url", "title", "publisher", "quote", "stance", "accessed_on")

    def is_new(self) -> bool:
        value = self["id"].value()
        return value in (None, "")


EvidenceFormSet = forms.formset_factory(EvidenceRowForm, extra=1, renderer=DESK_RENDERER)


def _row_initial(link: EvidenceLink) -> dict:
    return {
        "id": link.pk,
        "expected_updated_at": link.updated_at.isoformat(),
        "url": link.url,
        "title": link.title,
        "publisher": link.publisher,
        "quote": link.quote,
        "stance": link.stance,
        "accessed_on": link.accessed_on,
    }


def _draft_initial(verdict: Verdict) -> dict:
    return {
        "rating": verdict.rating_id,
        "headline": verdict.headline,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "version": verdict.version,
    }


def _links(verdict: Verdict) -> list[EvidenceLink]:
    return list(verdict.evidence.order_by("created_at", "id"))


def _bind(data, verdict: Verdict) -> tuple[DraftForm, EvidenceFormSet | None]:
    """The forms bound to posted (or stashed) data. A post without the evidence rows (an older page, a
    script) saves the draft fields alone."""
    form = DraftForm(data, auto_id="id_draft_%s")
    formset = None
    if f"{PREFIX}-TOTAL_FORMS" in data:
        formset = EvidenceFormSet(data, prefix=PREFIX, initial=[_row_initial(link) for link in _links(verdict)])
    return form, formset


# --- the form on the claim page ----------------------------------------------------------------------------


def draft_context(
    request, claim: Claim, verdict: Verdict | None, allowed: list[str], *, evidence: list[EvidenceLink] | None = None
) -> dict:
    """The draft part of the claim page: the one form (bound to what was typed, with the reasons, after a
    refusal), its links, and whether evidence can be edited. ``evidence``: the verdict's links as the page
    already read them (in ``_links`` order), so they are not read twice."""
    context = {"can_edit_evidence": Action.EVIDENCE in allowed}
    if verdict is None:
        return context
    context.update(
        draft_history_url=reverse("admin:claims_claim_draft_history", args=[claim.pk]),
        draft_saves=verdict.draft_revisions.count(),
    )
    if Action.DRAFT not in allowed:
        return context
    stash = request.session.pop(STASH.format(claim.pk), None)
    if stash:
        form, formset = _bind(stash["data"], verdict)
        form.is_valid()
        if formset is not None:
            formset.is_valid()
        _apply_errors(form, formset, stash.get("errors") or {})
    else:
        form = DraftForm(initial=_draft_initial(verdict), auto_id="id_draft_%s")
        formset = None
    if formset is None:
        links = _links(verdict) if evidence is None else evidence
        formset = EvidenceFormSet(prefix=PREFIX, initial=[_row_initial(link) for link in links])
    context.update(
        draft_form=form,
        evidence_formset=formset,
        draft_url=action_url(claim.pk, Action.DRAFT),
        draft_preview_url=reverse("admin:claims_claim_draft_preview", args=[claim.pk]),
        draft_restored=bool(stash),
        draft_refusal=(stash or {}).get("reason", ""),
    )
    return context


def _apply_errors(form, formset, errors: dict) -> None:
    for field, msgs in (errors.get("draft") or {}).items():
        form.add_error(field if field in form.fields else None, list(msgs))
    if formset is None:
        return
    for index, fields in (errors.get("rows") or {}).items():
        index = int(index)
        if index < len(formset.forms):
            row = formset.forms[index]
            for field, msgs in fields.items():
                row.add_error(field if field in row.fields else None, list(msgs))


def _refuse(request, claim: Claim, data, reason: str, errors: dict | None = None) -> HttpResponseRedirect:
    """Nothing was saved: keep every typed value for the claim page, with the reasons, and say so."""
    keep = {key: data.get(key) for key in data if key != "csrfmiddlewaretoken"}
    request.session[STASH.format(claim.pk)] = {"data": keep, "errors": errors or {}, "reason": reason}
    reason = reason if reason.endswith(".") else reason + "."
    messages.error(
        request, gettext("Nothing was saved: %(reason)s Everything you typed is kept below.") % {"reason": reason}
    )
    return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]) + "#verdict")


class _RowRefused(Exception):
    def __init__(self, index: int, error: WorkflowError):
        super().__init__(error.message)
        self.index, self.error = index, error


# --- saving -----------------------------------------------------------------------------------------------


def _values(form: DraftForm) -> dict:
    data = form.cleaned_data
    return {
        "rating": data["rating"].pk if data.get("rating") else None,
        "headline": data["headline"].strip(),
        "summary": data["summary"].strip(),
        "explanation": data["explanation"],
    }


def _differs(values: dict, saved: draft_history.SavedDraft) -> list[str]:
    """The draft fields typed differently from the saved draft (the explanation as the sanitizer keeps it)."""
    differ = []
    for field in draft_history.DRAFT_FIELDS:
        typed = clean_html(values[field]) if field == "explanation" else values[field]
        if (typed or "") != (saved.value(field) or ""):
            differ.append(field)
    return differ


def _save(claim: Claim, actor, values: dict, version, formset) -> dict:
    """All writes of one submit, in one transaction; raises on the first refusal (nothing is kept)."""
    outcome = {"draft": None, "added": 0, "updated": 0}
    with transaction.atomic():
        verdict = Verdict.objects.get(claim=claim)
        if _differs(values, draft_history.saved_draft(verdict)):
            outcome["draft"] = services.verdict_save_draft(
                claim_id=claim.pk,
                actor=actor,
                rating_id=values["rating"],
                headline=values["headline"],
                summary=values["summary"],
                explanation=values["explanation"],
                version=version,
            )
        for index, row in enumerate(formset.forms if formset is not None else []):
            if not row.has_changed() and row.is_new():
                continue  # the blank row for a new source
            fields = {name: row.cleaned_data.get(name) for name in EvidenceRowForm.SERVICE_FIELDS}
            try:
                if row.is_new():
                    services.evidence_add(claim_id=claim.pk, actor=actor, **fields)
                    outcome["added"] += 1
                elif row.has_changed():
                    services.evidence_update(
                        evidence_id=row.cleaned_data["id"],
                        actor=actor,
                        expected_updated_at=row.cleaned_data["expected_updated_at"] or None,
                        **{k: ("" if v is None and k != "accessed_on" else v) for k, v in fields.items()},
                    )
                    outcome["updated"] += 1
            except WorkflowError as error:
                raise _RowRefused(index, error) from None
    return outcome


def _row_error(claim: Claim, formset, refused: _RowRefused) -> tuple[str, dict]:
    error, row = refused.error, formset.forms[refused.index]
    title = row.cleaned_data.get("title") or "a new source"
    if isinstance(error, ValidationFailed) and error.errors:
        fields = {name if name in row.fields else "__all__": msgs for name, msgs in error.errors.items()}
        first = next(iter(error.errors.values()), [error.message])
        return f"the evidence “{title}” was refused: {' '.join(first)}", {str(refused.index): fields}
    if isinstance(error, StaleEdit):
        link = EvidenceLink.objects.filter(pk=row.cleaned_data.get("id"), verdict__claim=claim).first()
        now = (
            " " + gettext("It now reads: “%(title)s”, %(url)s.") % {"title": link.title, "url": link.url}
            if link
            else ""
        )
        return (
            gettext("someone changed the evidence “%(title)s” since you loaded it: compare, then save again.")
            % {"title": title},
            {str(refused.index): {"__all__": [error.message + now]}},
        )
    said = gettext("the evidence “%(title)s” was refused: %(reason)s") % {"title": title, "reason": error.message}
    return said, {str(refused.index): {"__all__": [error.message]}}


def _said(outcome: dict) -> str:
    parts = []
    if outcome["draft"] is not None:
        parts.append(gettext("Draft saved (version %(version)s).") % {"version": outcome["draft"].version})
    if outcome["added"]:
        parts.append(
            gettext("Evidence added.")
            if outcome["added"] == 1
            else gettext("Evidence added (%(count)d links).") % {"count": outcome["added"]}
        )
    if outcome["updated"]:
        parts.append(
            gettext("Evidence updated.")
            if outcome["updated"] == 1
            else gettext("Evidence updated (%(count)d links).") % {"count": outcome["updated"]}
        )
    return " ".join(parts)


def _form_problems(form, formset) -> str:
    """The first few field errors, as one sentence for the message at the top."""
    problems = [
        f"{form.fields[name].label or name}: {' '.join(msgs)}" if name in form.fields else " ".join(msgs)
        for name, msgs in form.errors.items()
    ]
    for row in formset.forms if formset is not None else []:
        title = row["title"].value() or gettext("a new source")
        problems.extend(
            gettext("the evidence “%(title)s”, %(field)s: %(problems)s")
            % {"title": title, "field": row.fields[name].label or name, "problems": " ".join(msgs)}
            if name in row.fields
            else gettext("the evidence “%(title)s”: %(problems)s") % {"title": title, "problems": " ".join(msgs)}
            for name, msgs in row.errors.items()
        )
    shown = "; ".join(problems[:3]) + (gettext("; and more, marked below") if len(problems) > 3 else "")
    return f"{shown}." if shown else gettext("some fields need correcting (marked below).")


def draft_save_view(model_admin, request, claim: Claim):
    """POST of the draft form (and of the conflict page's merge)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = request.POST
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        messages.error(request, gettext("This claim has no verdict draft yet: start the review first."))
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
    form, formset = _bind(data, verdict)
    valid = form.is_valid()
    rows_valid = formset.is_valid() if formset is not None else True
    if not (valid and rows_valid):
        if "version" in form.errors:
            return _refuse(
                request,
                claim,
                data,
                gettext(
                    "the page did not say which version of the draft you edited. "
                    "Copy your text, reload the claim page and save again."
                ),
            )
        return _refuse(request, claim, data, _form_problems(form, formset))
    values, version = _values(form), form.cleaned_data["version"]
    if data.get("merge"):
        values, missing = _resolve_merge(verdict, form, values, data)
        if missing:
            return conflict_page(
                model_admin,
                request,
                claim,
                form,
                values,
                data,
                gettext("Choose, for each field that differs, which version to keep."),
                missing,
            )
    try:
        outcome = _save(claim, request.user, values, version, formset)
    except StaleEdit:
        return conflict_page(
            model_admin,
            request,
            claim,
            form,
            values,
            data,
            gettext(
                "Someone saved this draft while you were editing version %(version)s: your changes are "
                "not saved yet, and nothing of theirs was overwritten."
            )
            % {"version": version},
        )
    except _RowRefused as refused:
        reason, rows = _row_error(claim, formset, refused)
        return _refuse(request, claim, _merged_data(data, values), reason, {"rows": rows})
    except ValidationFailed as error:
        fields = {("rating" if k == "rating_id" else k): v for k, v in error.errors.items()}
        return _refuse(request, claim, _merged_data(data, values), error.message, {"draft": fields})
    except WorkflowError as error:
        return _refuse(request, claim, _merged_data(data, values), error.message)
    said = _said(outcome)
    messages.success(request, said or gettext("Nothing to save: the draft and the evidence are as they were saved."))
    if outcome["draft"] is not None:
        removed = removed_by_cleaning(values["explanation"])
        if removed:
            messages.warning(
                request,
                gettext(
                    "Removed from the explanation: %(removed)s. The rest is saved; "
                    "the preview shows it as readers will see it."
                )
                % {"removed": and_join(removed)},
            )
    return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]) + "#verdict")


def _merged_data(data, values: dict):
    """The posted data with the merge's choices applied (what the form shows again after a refusal)."""
    merged = data.copy()
    for field in draft_history.DRAFT_FIELDS:
        merged[field] = "" if values[field] is None else str(values[field])
    for key in ["merge", *(f"keep_{f}" for f in draft_history.DRAFT_FIELDS)]:
        merged.pop(key, None)
    return merged


# --- the conflict page -------------------------------------------------------------------------------------


def _resolve_merge(verdict, form, values, data) -> tuple[dict, list[str]]:
    """The merge's choices applied: per differing field the saved value ("theirs") or the typed, possibly
    hand-edited one ("mine"); and the differing fields left unchosen. On a version that moved on since the
    page was shown, the values go to the save as typed, which refuses them as stale: the page comes back
    with the newer version."""
    saved = draft_history.saved_draft(verdict)
    if form.cleaned_data["version"] != saved.version:
        return values, []
    missing, resolved = [], dict(values)
    for field in _differs(values, saved):
        choice = data.get(f"keep_{field}")
        if choice == "theirs":
            resolved[field] = saved.value(field) or (None if field == "rating" else "")
        elif choice != "mine":
            missing.append(field)
    return resolved, missing


def conflict_page(model_admin, request, claim, form, values, data, message, missing=()):
    verdict = Verdict.objects.get(claim=claim)
    saved = draft_history.saved_draft(verdict)
    differ = set(_differs(values, saved))
    fields = []
    for field in draft_history.DRAFT_FIELDS:
        fields.append(
            {
                "name": field,
                "label": capfirst(FIELD_LABELS[field]),
                "differs": field in differ,
                "theirs": _shown(field, saved.rating if field == "rating" else getattr(saved, field)),
                "mine": _shown(field, form.cleaned_data.get(field)),
                "input": form[field],
                "choice": data.get(f"keep_{field}", ""),
                "error": gettext("Choose which %(field)s to keep: the saved one, or yours (edited as you like).")
                % {"field": FIELD_LABELS[field]}
                if field in missing
                else "",
            }
        )
    evidence = [(key, value) for key in data if key.startswith(f"{PREFIX}-") for value in data.getlist(key)]
    typed_rows = [
        data.get(f"{PREFIX}-{i}-title")
        for i in range(_int(data.get(f"{PREFIX}-TOTAL_FORMS")))
        if not data.get(f"{PREFIX}-{i}-id") and data.get(f"{PREFIX}-{i}-url")
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Claim._meta,
        "claim": claim,
        "title": gettext("Someone else saved this draft: compare and merge"),
        "message": message,
        "saved": saved,
        "fields": fields,
        "evidence_hidden": evidence,
        "typed_rows": typed_rows,
        "form": form,
        "draft_url": action_url(claim.pk, Action.DRAFT),
        "change_url": reverse("admin:claims_claim_change", args=[claim.pk]),
        "history_url": reverse("admin:claims_claim_draft_history", args=[claim.pk]),
        "preview_url": reverse("admin:claims_claim_draft_preview", args=[claim.pk]),
    }
    return TemplateResponse(request, "workflows/desk/draft_conflict.html", context, status=409)


def _int(value) -> int:
    try:
        return max(0, min(int(value), 1000))
    except (TypeError, ValueError):
        return 0


def _shown(field: str, value):
    if field == "explanation":
        return mark_safe(clean_html(value)) if value else ""  # noqa: S308 - the sanitizer's output
    return value if value not in (None, "") else ""


# --- history and preview -----------------------------------------------------------------------------------


def _claim_for(model_admin, request, object_id) -> Claim:
    claim = model_admin.get_object(request, str(object_id))
    if claim is None:
        raise Http404("No such claim.")
    if not permissions.can(request.user, Action.VIEW_VERDICT, claim):
        raise PermissionDenied
    return claim


def draft_history_view(model_admin, request, object_id, number=None):
    """The draft's saves, newest first; with ``number``, that save in full and what it changed."""
    claim = _claim_for(model_admin, request, object_id)
    change_url = reverse("admin:claims_claim_change", args=[claim.pk])
    base = {
        **model_admin.admin_site.each_context(request),
        "opts": Claim._meta,
        "claim": claim,
        "change_url": change_url,
        "history_url": reverse("admin:claims_claim_draft_history", args=[claim.pk]),
    }
    try:
        if number is None:
            verdict, revisions = draft_history.revisions(request.user, claim)
            return TemplateResponse(
                request,
                "workflows/desk/draft_history.html",
                {**base, "title": gettext("Draft history"), "verdict": verdict, "revisions": revisions},
            )
        verdict, revision, previous = draft_history.revision(request.user, claim, int(number))
    except NotVisible as error:
        raise Http404(error.message) from None
    changed = [str(FIELD_LABELS.get(name.removesuffix("_id"), name)) for name in revision.changed]
    return TemplateResponse(
        request,
        "workflows/desk/draft_revision.html",
        {
            **base,
            "title": gettext("Draft version %(number)s") % {"number": revision.number},
            "verdict": verdict,
            "revision": revision,
            "previous": previous,
            "changed": and_join(changed),
            "explanation_html": mark_safe(clean_html(revision.explanation)),  # noqa: S308 - the sanitizer's output
        },
    )


def preview_view(model_admin, request, object_id):
    """The explanation as readers will see it (the sanitizer's output) and what the sanitizer would remove,
    for the editor's live preview. POST (the text can be long); nothing is saved."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _claim_for(model_admin, request, object_id)
    typed = request.POST.get("explanation", "")[:200_000]
    return JsonResponse({"html": clean_html(typed), "removed": removed_by_cleaning(typed)})
