"""The admin's workflow pages: one POST endpoint per button (each calls one service), evidence editing,
"My claims", the editors' dashboard and the claim's audit trail.

Refusals never become 500s: a ``WorkflowError`` is shown as an admin error message and nothing changes.
Views are plain functions taking the ``ModelAdmin``, wired up by ``ClaimAdmin.get_urls``.
"""
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from factcheck.claims.models import Claim
from factcheck.publishing.display import http_url
from factcheck.sanitize import clean_html
from factcheck.verdicts.models import EvidenceLink

from . import forms, permissions, selectors, services, transitions
from .actions import Action
from .display import bar_chart, highlight_claim
from .exceptions import NotVisible, StaleEdit, ValidationFailed, WorkflowError
from .models import PanelVote, VerdictRevision
from .roles import ADMIN, EDITOR

DRAFT_STASH = "factdesk:draft:{}"


@dataclass(frozen=True)
class Button:
    label: str
    form: type
    run: Callable  # (claim, actor, form) -> success message
    inline: bool = False  # a plain button; otherwise the form opens in a <details>
    danger: bool = False


def _v(form) -> int | None:
    return form.cleaned_data.get("version")


def _start(claim, actor, form):
    services.review_start(claim_id=claim.pk, actor=actor, version=_v(form))
    return "Review started: add evidence and draft the verdict below."


def _submit(claim, actor, form):
    services.verdict_submit(claim_id=claim.pk, actor=actor, version=_v(form))
    return "Submitted for sign-off."


def _approve(claim, actor, form):
    services.verdict_approve(claim_id=claim.pk, actor=actor, note=form.cleaned_data.get("note", ""), version=_v(form))
    return "Approved: ready to publish."


def _vote(claim, actor, form):
    rating_id = form.cleaned_data["rating"].pk
    return services.verdict_vote(claim_id=claim.pk, actor=actor, rating_id=rating_id, version=_v(form)).message


def _return(claim, actor, form):
    services.verdict_return(claim_id=claim.pk, actor=actor, note=form.cleaned_data["note"], version=_v(form))
    return "Returned to the reviewer with your note."


def _assign(claim, actor, form):
    services.claim_assign(claim_id=claim.pk, actor=actor, reviewers=form.reviewers(),
                          due_at=form.cleaned_data["due_at"], priority=form.cleaned_data["priority"], version=_v(form))
    return f"Assigned to {', '.join(u.get_username() for u in form.reviewers())}."


def _reassign(claim, actor, form):
    services.claim_reassign(claim_id=claim.pk, actor=actor, reviewers=form.reviewers(),
                            due_at=form.cleaned_data["due_at"], version=_v(form))
    return f"Reassigned to {', '.join(u.get_username() for u in form.reviewers())}."


def _unassign(claim, actor, form):
    services.claim_unassign(claim_id=claim.pk, actor=actor, note=form.cleaned_data["note"], version=_v(form))
    return "Unassigned: the claim is back in the queue."


def _dismiss(claim, actor, form):
    data = form.cleaned_data
    services.claim_dismiss(claim_id=claim.pk, actor=actor, reason=data["reason"], note=data["note"], version=_v(form))
    return "Dismissed."


def _reopen(claim, actor, form):
    services.claim_reopen(claim_id=claim.pk, actor=actor, note=form.cleaned_data["note"], version=_v(form))
    return "Reopened: the claim is back in the queue."


def _publish(claim, actor, form):
    verdict = services.factcheck_publish(claim_id=claim.pk, actor=actor, version=_v(form))
    return f"Published at {verdict.get_absolute_url()}."


def _correct(claim, actor, form):
    data = form.cleaned_data
    services.factcheck_correct(
        claim_id=claim.pk, actor=actor, what_changed=data["what_changed"], note=data["note"], kind=data["kind"],
        new_rating_id=data["new_rating"].pk if data["new_rating"] else None, version=_v(form),
        speaker=data["speaker"] or None, claim_type=data["claim_type"] or None,
    )
    return "Correction published."


def _retract(claim, actor, form):
    services.factcheck_retract(claim_id=claim.pk, actor=actor, reason=form.cleaned_data["reason"], version=_v(form))
    return "Retracted: the public page now shows the retraction notice."


def _set_priority(claim, actor, form):
    services.claim_set_priority(claim_id=claim.pk, actor=actor, priority=form.cleaned_data["priority"],
                                version=_v(form))
    return "Priority changed."


def _edit(claim, actor, form):
    data = form.cleaned_data
    services.claim_update_details(claim_id=claim.pk, actor=actor, claim_type=data["claim_type"],
                                  speaker=data["speaker"], version=_v(form))
    return "Details saved."


def _draft(claim, actor, form):
    data = form.cleaned_data
    verdict = services.verdict_save_draft(
        claim_id=claim.pk, actor=actor, rating_id=data["rating"].pk if data["rating"] else None,
        headline=data["headline"], summary=data["summary"], explanation=data["explanation"], version=data["version"],
    )
    return f"Draft saved (version {verdict.version})."


def _evidence(claim, actor, form):
    data = form.cleaned_data
    services.evidence_add(claim_id=claim.pk, actor=actor, url=data["url"], title=data["title"],
                          publisher=data["publisher"], quote=data["quote"], stance=data["stance"],
                          accessed_on=data["accessed_on"])
    return "Evidence added."


# Display order on the claim page follows ``allowed_actions`` (the table's order).
BUTTONS: dict[str, Button] = {
    Action.DISMISS: Button("Dismiss", forms.DismissForm, _dismiss, danger=True),
    Action.ASSIGN: Button("Assign", forms.AssignForm, _assign),
    Action.REOPEN: Button("Reopen", forms.NoteForm, _reopen),
    Action.START: Button("Start review", forms.VersionForm, _start, inline=True),
    Action.UNASSIGN: Button("Unassign", forms.NoteForm, _unassign, danger=True),
    Action.REASSIGN: Button("Reassign", forms.ReassignForm, _reassign),
    Action.SUBMIT: Button("Submit for sign-off", forms.VersionForm, _submit, inline=True),
    Action.APPROVE: Button("Approve", forms.VersionForm, _approve, inline=True),
    Action.VOTE: Button("Vote", forms.VoteForm, _vote),
    Action.RETURN: Button("Return with a note", forms.RequiredNoteForm, _return),
    Action.PUBLISH: Button("Publish", forms.VersionForm, _publish, inline=True),
    Action.CORRECT: Button("Publish a correction", forms.CorrectForm, _correct),
    Action.RETRACT: Button("Retract", forms.RetractForm, _retract, danger=True),
    Action.SET_PRIORITY: Button("Change priority", forms.PriorityForm, _set_priority),
    Action.EDIT: Button("Edit type and speaker", forms.DetailsForm, _edit),
    # Not in the action bar: the draft and evidence forms have panels of their own.
    Action.DRAFT: Button("Save draft", forms.DraftForm, _draft),
    Action.EVIDENCE: Button("Add evidence", forms.EvidenceForm, _evidence),
}
PANEL_ACTIONS = {Action.DRAFT, Action.EVIDENCE}


def _change_url(claim_id) -> str:
    return reverse("admin:claims_claim_change", args=[claim_id])


def _action_url(claim_id, action) -> str:
    return reverse("admin:claims_claim_workflow", args=[claim_id, action])


def _form_errors(form) -> str:
    parts = (f"{'' if field == '__all__' else field + ': '}{' '.join(errs)}" for field, errs in form.errors.items())
    return " ".join(parts)


def _error_text(error: WorkflowError) -> str:
    """The error's message, plus its field errors when the message does not already say them."""
    if isinstance(error, ValidationFailed) and error.errors:
        details = [f"{field}: {' '.join(msgs)}" for field, msgs in error.errors.items()]
        if not any(msg in error.message for msgs in error.errors.values() for msg in msgs):
            return f"{error.message} {'; '.join(details)}"
    return error.message


def _get_claim(model_admin, request, object_id) -> Claim:
    claim = model_admin.get_object(request, object_id)
    if claim is None:
        raise Http404("No such claim.")
    if not model_admin.has_view_permission(request, claim):
        raise PermissionDenied
    return claim


def workflow_action_view(model_admin, request, object_id, action):
    """POST only: parse the button's form, call its service, report the outcome, go back to the claim."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    claim = _get_claim(model_admin, request, object_id)
    button = BUTTONS.get(action)
    if button is None:
        raise Http404(f"Unknown workflow action {action!r}.")
    form = button.form(request.POST)
    target = _change_url(claim.pk) + ("#verdict" if action in PANEL_ACTIONS else "")
    if not form.is_valid():
        messages.error(request, f"Could not {button.label.lower()}: {_form_errors(form)}")
        _stash_draft(request, claim, action)
        return HttpResponseRedirect(target)
    try:
        message = button.run(claim, request.user, form)
    except WorkflowError as error:
        messages.error(request, _error_text(error))
        _stash_draft(request, claim, action, stale=isinstance(error, StaleEdit))
        return HttpResponseRedirect(target)
    request.session.pop(DRAFT_STASH.format(claim.pk), None)
    messages.success(request, message)
    return HttpResponseRedirect(target)


def _stash_draft(request, claim, action, *, stale: bool = False) -> None:
    """A refused draft save keeps the typed text for the next page view, so no work is lost."""
    if action != Action.DRAFT:
        return
    keep = {k: request.POST.get(k, "") for k in ("rating", "headline", "summary", "explanation")}
    request.session[DRAFT_STASH.format(claim.pk)] = keep
    if stale:
        messages.warning(request, "Your text is kept in the form below, on top of the newer version: compare it "
                                  "with the saved draft shown beside it, then save again.")


def evidence_edit_view(model_admin, request, object_id, evidence_id):
    """The evidence link's edit form. Whoever may not see the draft gets 403 whatever the method, so a
    POST can neither change the link nor echo it back; the service decides who may change it."""
    claim = _get_claim(model_admin, request, object_id)
    if not permissions.can(request.user, Action.VIEW_VERDICT, claim):
        raise PermissionDenied
    link = get_object_or_404(EvidenceLink, pk=evidence_id, verdict__claim=claim)
    if request.method == "POST":
        form = forms.EvidenceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evidence_update(
                    evidence_id=link.pk, actor=request.user, expected_updated_at=data["expected_updated_at"] or None,
                    url=data["url"], title=data["title"], publisher=data["publisher"], quote=data["quote"],
                    stance=data["stance"], accessed_on=data["accessed_on"],
                )
            except WorkflowError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, "Evidence updated.")
                return HttpResponseRedirect(_change_url(claim.pk) + "#evidence")
    else:
        form = forms.EvidenceForm(initial={
            "url": link.url, "title": link.title, "publisher": link.publisher, "quote": link.quote,
            "stance": link.stance, "accessed_on": link.accessed_on, "expected_updated_at": link.updated_at.isoformat(),
        })
    context = {
        **model_admin.admin_site.each_context(request), "opts": Claim._meta, "claim": claim, "link": link,
        "form": form, "title": f"Edit evidence: {link.title}", "change_url": _change_url(claim.pk),
    }
    return TemplateResponse(request, "workflows/admin/evidence_edit.html", context)


def evidence_remove_view(model_admin, request, object_id, evidence_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    claim = _get_claim(model_admin, request, object_id)
    link = get_object_or_404(EvidenceLink, pk=evidence_id, verdict__claim=claim)
    try:
        services.evidence_remove(evidence_id=link.pk, actor=request.user,
                                 expected_updated_at=request.POST.get("expected_updated_at") or None)
    except WorkflowError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Removed the evidence link “{link.title}”.")
    return HttpResponseRedirect(_change_url(claim.pk) + "#evidence")


# --- the claim page -------------------------------------------------------------------------------


def _action_buttons(claim, allowed: list[str]) -> list[dict]:
    buttons = []
    for action in allowed:
        if action in PANEL_ACTIONS or action not in BUTTONS:
            continue
        spec = BUTTONS[action]
        initial = {"version": claim.version}
        if action == Action.SET_PRIORITY:
            initial["priority"] = claim.priority
        if action == Action.EDIT:
            initial.update(claim_type=claim.claim_type, speaker=claim.speaker)
        buttons.append({
            "action": action, "label": spec.label, "url": _action_url(claim.pk, action), "inline": spec.inline,
            "danger": spec.danger, "form": spec.form(initial=initial, auto_id=f"id_{action}_%s"),
        })
    return buttons


def claim_workflow_context(request, claim: Claim) -> dict:
    """Everything the claim page shows around the standard (read-only) fields."""
    user = request.user
    allowed = transitions.allowed_actions(user, claim)
    role = permissions.role_of(user)
    try:
        verdict = selectors.verdict_for(user, claim)
        hidden_reason = ""
    except NotVisible as error:
        verdict, hidden_reason = None, error.message
    context = {
        "claim": claim,
        "highlighted": highlight_claim(claim),
        "buttons": _action_buttons(claim, allowed),
        "allowed_actions": allowed,
        "role": role,
        "verdict": verdict,
        "verdict_hidden_reason": hidden_reason,
        "assignments": claim.assignments.select_related("reviewer", "assigned_by").order_by("assigned_at", "id"),
        "siblings": (
            Claim.objects.filter(cluster_id=claim.cluster_id).exclude(pk=claim.pk).select_related("article")[:20]
            if claim.cluster_id else []
        ),
        "history": selectors.claim_history(user, claim),
        "policy": transitions.signoff_policy(),
        # Stored URLs become links only when they are absolute http(s): a javascript: or data: URL written
        # past validation (an import, a direct edit) is shown as text, never as a link.
        "archived_href": http_url(claim.archived_match.url) if claim.archived_match_id else "",
    }
    if verdict is not None:
        context["evidence"] = [
            {"link": e, "href": http_url(e.url),
             "edit_url": reverse("admin:claims_claim_evidence_edit", args=[claim.pk, e.pk]),
             "remove_url": reverse("admin:claims_claim_evidence_remove", args=[claim.pk, e.pk])}
            for e in verdict.evidence.all()
        ]
        context["votes"] = PanelVote.objects.filter(verdict=verdict).select_related("editor", "rating").order_by(
            "-verdict_version", "created_at")
        # Sanitized on save already; cleaned again here in case a row was written some other way.
        context["explanation_html"] = mark_safe(clean_html(verdict.explanation))  # noqa: S308
        if role in (EDITOR, ADMIN):
            revisions = list(VerdictRevision.objects.filter(verdict=verdict).select_related("created_by"))
            for revision in revisions:
                revision.pretty = json.dumps(revision.snapshot, indent=2, ensure_ascii=False)
            context["revisions"] = revisions
    if Action.DRAFT in allowed and verdict is not None:
        stash = request.session.pop(DRAFT_STASH.format(claim.pk), None)
        initial = {"rating": verdict.rating_id, "headline": verdict.headline, "summary": verdict.summary,
                   "explanation": verdict.explanation}
        if stash:
            initial.update(stash)
        initial["version"] = verdict.version
        context["draft_form"] = forms.DraftForm(initial=initial, auto_id="id_draft_%s")
        context["draft_url"] = _action_url(claim.pk, Action.DRAFT)
        context["draft_restored"] = bool(stash)
    context["can_edit_evidence"] = Action.EVIDENCE in allowed
    if Action.EVIDENCE in allowed:
        context["evidence_form"] = forms.EvidenceForm(auto_id="id_evidence_%s")
        context["evidence_url"] = _action_url(claim.pk, Action.EVIDENCE)
    return context


# --- pages of their own ---------------------------------------------------------------------------


def _page(model_admin, request, template, title, **extra):
    context = {**model_admin.admin_site.each_context(request), "opts": Claim._meta, "title": title, **extra}
    return TemplateResponse(request, template, context)


def my_claims_view(model_admin, request):
    """A reviewer's desk: their active assignments, soonest due first."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    rows = [
        {"assignment": a, "claim": a.claim, "highlighted": highlight_claim(a.claim, window=80),
         "url": _change_url(a.claim_id)}
        for a in selectors.my_assignments(request.user)
    ]
    return _page(model_admin, request, "workflows/admin/my_claims.html", "My claims", rows=rows)


def dashboard_view(model_admin, request):
    """For editors: the state of the desk at a glance, with charts drawn on the server."""
    if permissions.role_of(request.user) not in (EDITOR, ADMIN):
        raise PermissionDenied
    stats = selectors.dashboard_stats()
    charts = {
        "states": bar_chart([(row["label"], row["count"]) for row in stats["counts_by_state"]],
                            title="Claims by state"),
        "workload": bar_chart([(row["username"], row["open"]) for row in stats["workloads"]],
                              title="Open assignments per reviewer", colour="#8a6100"),
        "ratings": bar_chart([(row["label"], row["count"], row["colour"]) for row in stats["ratings"]],
                             title="Ratings of approved and published verdicts"),
    }
    median = stats["median_assignment_to_approval"]
    return _page(model_admin, request, "workflows/admin/dashboard.html", "Desk dashboard", stats=stats,
                 charts=charts, median=_duration(median) if median else None)


def _duration(delta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def history_view(model_admin, request, object_id):
    """The admin's "History" link: the claim's audit trail, oldest first, read-only."""
    claim = _get_claim(model_admin, request, object_id)
    return _page(model_admin, request, "workflows/admin/claim_history.html", f"History: {claim}", claim=claim,
                 history=selectors.claim_history(request.user, claim), change_url=_change_url(claim.pk),
                 highlighted=highlight_claim(claim))


def bulk_summary(claims) -> list:
    return [format_html("{} ({})", highlight_claim(c, window=60), c.get_state_display()) for c in claims]

