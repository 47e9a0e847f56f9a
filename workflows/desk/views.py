"""The desk's pages in the admin: one POST endpoint for every button (the registry's service for the
action), evidence editing, the claim page's workflow panel, "My claims", the editors' dashboard and the
claim's history.

Refusals never become 500s: a ``WorkflowError`` is shown as an admin error message and nothing changes.
Views are plain functions taking the ``ModelAdmin``, wired up by ``ClaimAdmin.get_urls``.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from factcheck.claims.models import Assignment, Claim, ClaimState
from factcheck.roles import ADMIN, EDITOR, role_of
from factcheck.safety import http_url
from factcheck.sanitize import clean_html
from factcheck.verdicts.models import EvidenceLink

from .. import claim_page, history, permissions, registry, selectors, services
from ..actions import Action
from ..exceptions import StaleEdit, ValidationFailed, WorkflowError
from ..models import VerdictRevision
from . import claim_edits, confirm, drafts, forms, queue
from .buttons import BUTTONS, CONFIRM_ACTIONS, MATCH_ACTIONS, PANEL_ACTIONS, action_buttons, action_url
from .display import bar_chart, choice_label, highlight_claim, score_percent, score_reasons


def _change_url(claim_id) -> str:
    return reverse("admin:claims_claim_change", args=[claim_id])


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


def get_claim(model_admin, request, object_id) -> Claim:
    """The claim the user may view, or 404 / 403 (for the desk's other view modules)."""
    return _get_claim(model_admin, request, object_id)


def _get_claim(model_admin, request, object_id) -> Claim:
    claim = model_admin.get_object(request, object_id)
    if claim is None:
        raise Http404("No such claim.")
    if not model_admin.has_view_permission(request, claim):
        raise PermissionDenied
    return claim


def workflow_action_view(model_admin, request, object_id, action):
    """POST only: parse the button's form, call the registry's service, report the outcome, go back.

    Irreversible actions (``CONFIRM_ACTIONS``) ask first: a GET is their confirmation page (publish: the
    preview) and an unconfirmed POST goes there (``confirm``)."""
    if request.method != "POST" and action not in CONFIRM_ACTIONS:
        return HttpResponseNotAllowed(["POST"])
    claim = _get_claim(model_admin, request, object_id)
    if action == Action.DRAFT:  # the draft and its evidence rows are one form: workflows.desk.drafts
        return drafts.draft_save_view(model_admin, request, claim)
    if action in CONFIRM_ACTIONS and not confirm.confirmed(request):
        return confirm.confirmation_step(model_admin, request, claim, action)
    button, spec = BUTTONS.get(action), registry.ACTIONS.get(action)
    if button is None or spec is None:
        raise Http404(f"Unknown workflow action {action!r}.")
    form = button.form(request.POST)
    target = _change_url(claim.pk) + (
        "#verdict" if action in PANEL_ACTIONS else "#matches" if action in MATCH_ACTIONS else ""
    )
    target = queue.keep_view(request, target)  # the queue: back to the claim within the editor's queue view
    if not form.is_valid():
        messages.error(
            request,
            gettext("Could not %(action)s: %(errors)s")
            % {"action": str(spec.label).lower(), "errors": _form_errors(form)},
        )
        keep_typed(request, claim, action)
        return HttpResponseRedirect(target)
    kwargs = form.service_kwargs()
    try:
        result = spec.run(claim_id=claim.pk, actor=request.user, **kwargs)
    except WorkflowError as error:
        messages.error(request, _error_text(error))
        if action in MATCH_ACTIONS and isinstance(error, StaleEdit):  # ask again, on the claim as it is now
            return HttpResponseRedirect(confirm.retry_url(request, claim, action, error.current_version))
        keep_typed(request, claim, action)
        return HttpResponseRedirect(target)
    # The queue: a triage move from the claim page goes on to the next claim of the editor's view.
    moved_on = queue.after_triage(request, claim, action, spec.message(result, kwargs))
    if moved_on is not None:
        return moved_on
    messages.success(request, spec.message(result, kwargs))
    return HttpResponseRedirect(target)


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
            try:
                services.evidence_update(
                    evidence_id=link.pk,
                    actor=request.user,
                    expected_updated_at=form.cleaned_data["expected_updated_at"] or None,
                    **form.service_kwargs(),
                )
            except WorkflowError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, gettext("Evidence updated."))
                return HttpResponseRedirect(_change_url(claim.pk) + "#evidence")
    else:
        form = forms.EvidenceForm(
            initial={
                "url": link.url,
                "title": link.title,
                "publisher": link.publisher,
                "quote": link.quote,
                "stance": link.stance,
                "accessed_on": link.accessed_on,
                "expected_updated_at": link.updated_at.isoformat(),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Claim._meta,
        "claim": claim,
        "link": link,
        "form": form,
        "title": gettext("Edit evidence: %(title)s") % {"title": link.title},
        "change_url": _change_url(claim.pk),
    }
    return TemplateResponse(request, "workflows/desk/evidence_edit.html", context)


def evidence_remove_view(model_admin, request, object_id, evidence_id):
    """Asked first (``confirm.evidence_removal``): GET shows what goes (403 to whoever may not see the
    draft, as on the edit page), a POST without ``confirm=yes`` is sent back to that page; a confirmed POST
    calls the service, which decides who may remove it."""
    claim = _get_claim(model_admin, request, object_id)
    if request.method == "GET" and not permissions.can(request.user, Action.VIEW_VERDICT, claim):
        raise PermissionDenied
    link = get_object_or_404(EvidenceLink, pk=evidence_id, verdict__claim=claim)
    if request.method == "GET":
        return confirm.evidence_removal(model_admin, request, claim, link)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not confirm.confirmed(request):
        return HttpResponseRedirect(request.path)
    try:
        services.evidence_remove(
            evidence_id=link.pk, actor=request.user, expected_updated_at=request.POST.get("expected_updated_at") or None
        )
    except WorkflowError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, gettext("Removed the evidence link “%(title)s”.") % {"title": link.title})
    return HttpResponseRedirect(_change_url(claim.pk) + "#evidence")


# --- the claim page -------------------------------------------------------------------------------

#: How many of its newest events the claim page lists; "Show the whole history" opens the rest.
HISTORY_SHOWN = 20


def claim_workflow_context(request, claim: Claim) -> dict:
    """Everything the claim page shows around the standard (read-only) fields: the one claim page
    selector's answer (``workflows.claim_page``), with the desk's buttons, forms and links on top."""
    page = claim_page.claim_page(request.user, claim.pk, claim=claim)
    claim, verdict, allowed = page.claim, page.verdict, page.allowed_actions
    role = role_of(request.user)
    recent, history_more = page.recent_history(HISTORY_SHOWN)
    context = {
        "page": page,
        "claim": claim,
        "highlighted": highlight_claim(claim),
        "buttons": action_buttons(claim, allowed, verdict=verdict, kept=kept_forms(request, claim)),
        "allowed_actions": allowed,
        "role": role,
        "verdict": verdict,
        "verdict_hidden_reason": page.hidden_reason,
        "assignments": page.assignments,
        "assignment_rows": [
            {
                "assignment": a,
                "role": choice_label(Assignment, "role", a.role),
                "state": choice_label(Assignment, "state", a.state),
            }
            for a in page.assignments
        ],
        # The claim's choices as the page names them (``choice_label``: each label map built once per process).
        "labels": {
            name: choice_label(Claim, name, getattr(claim, name))
            for name in ("claim_type", "state", "dismiss_reason", "priority")
        },
        "siblings": page.siblings,
        # The newest events, with a link to the whole history (its own page) when there are more: a claim
        # worked on for weeks has hundreds, and the page is opened all day.
        "history": recent,
        "history_more": history_more,
        "history_url": reverse("admin:claims_claim_history", args=[claim.pk]),
        "policy": page.policy,
        # Stored URLs become links only when they are absolute http(s): a javascript: or data: URL written
        # past validation (an import, a direct edit) is shown as text, never as a link.
        "archived_href": http_url(claim.archived_match.url) if claim.archived_match_id else "",
        "score_text": score_percent(claim.score),
        "score_why": score_reasons(claim),
        "match_percent": score_percent(claim.match_score) if claim.match_score is not None else "",
        **match_context(claim, page, allowed),
    }
    if verdict is not None:
        context["evidence"] = [
            {
                "link": e,
                "href": http_url(e.url),
                "stance": choice_label(EvidenceLink, "stance", e.stance),
                "link_status": choice_label(EvidenceLink, "link_status", e.link_status),
                "edit_url": reverse("admin:claims_claim_evidence_edit", args=[claim.pk, e.pk]),
                "remove_url": reverse("admin:claims_claim_evidence_remove", args=[claim.pk, e.pk]),
            }
            for e in page.evidence
        ]
        context["votes"] = page.votes
        if role in (EDITOR, ADMIN):
            revisions = list(VerdictRevision.objects.filter(verdict=verdict).select_related("created_by"))
            for revision in revisions:
                revision.pretty = json.dumps(revision.snapshot, indent=2, ensure_ascii=False)
            context["revisions"] = revisions
    # The draft with its evidence rows, one form (workflows.desk.drafts); a separate "Add evidence" form
    # only where there is no draft form, so adding evidence never drops typed draft text.
    context.update(drafts.draft_context(request, claim, verdict, allowed, evidence=page.evidence))
    if verdict is not None and "draft_form" not in context:
        # The verdict as text where there is no draft form (which holds the explanation itself). Sanitized on
        # save already; cleaned again here in case a row was written some other way.
        context["explanation_html"] = mark_safe(clean_html(verdict.explanation))  # noqa: S308
    if Action.EVIDENCE in allowed and "draft_form" not in context:
        context["evidence_form"] = forms.EvidenceForm(auto_id="id_evidence_%s")
        context["evidence_url"] = action_url(claim.pk, Action.EVIDENCE)
    context.update(signoff_context(request, claim, allowed, history=(recent, not history_more)))
    return context


def match_context(claim: Claim, page, allowed) -> dict:
    """The matches panel: a "Not the same claim…" link beside each match (to editors), and the matches
    editors marked as wrong before."""
    can_dismiss = Action.DISMISS_MATCH in allowed
    return {
        "dismiss_archived_url": (
            confirm.dismissal_url(claim, archived=claim.archived_match_id)
            if can_dismiss and claim.archived_match_id
            else ""
        ),
        "sibling_rows": [
            {
                "claim": other,
                "state": choice_label(Claim, "state", other.state),
                "dismiss_url": confirm.dismissal_url(claim, other_claim=other.pk) if can_dismiss else "",
            }
            for other in page.siblings
        ],
        "dismissed_matches": [
            {
                "dismissal": d,
                "score": score_percent(d.score) if d.score is not None else "",
                "text": d.archived.claim_text if d.archived_id else d.other_claim.text,
                "kind": pgettext("a dismissed match", "fact-check")
                if d.archived_id
                else pgettext("a dismissed match", "claim"),
                "by": d.dismissed_by.get_full_name() or d.dismissed_by.get_username(),
            }
            for d in page.dismissed_matches
        ],
    }


# --- sign-off signals, typed text kept, the claim as the desk states it ----------------------------

KEPT_FORMS = "factdesk:kept:{}"


def keep_typed(request, claim, action) -> None:
    """A refused button form (a correction, a return note, a retraction reason) comes back filled in and
    open on the next page view, so nothing typed is lost. The draft keeps its own (``drafts``)."""
    if action == Action.DRAFT or action not in BUTTONS:
        return
    skip = {"csrfmiddlewaretoken", "version", "confirm"}
    typed = {k: (v if len(v) > 1 else v[0]) for k, v in request.POST.lists() if k not in skip and v}
    kept = request.session.get(KEPT_FORMS.format(claim.pk), {})
    request.session[KEPT_FORMS.format(claim.pk)] = {**kept, action: typed}


def kept_forms(request, claim) -> dict:
    return request.session.pop(KEPT_FORMS.format(claim.pk), None) or {}


def signoff_context(request, claim, allowed, *, history: tuple[list, bool] | None = None) -> dict:
    """The returned box (the editor's note on top, until the reviewer resubmits) and the restate form.
    ``history``: the claim's newest events as the reader may read them, and whether they are all of them (the
    claim page has read them): the latest review move among them says whether the claim waits on a return."""
    if history is None:
        # Only a claim in review can be waiting on a return (``pending_returns`` reads no other): no query else.
        returned = (
            selectors.pending_returns(request.user, [claim.pk]).get(claim.pk)
            if claim.state == ClaimState.IN_REVIEW
            else None
        )
    else:
        returned = selectors.pending_return_among(request.user, claim, history[0], complete=history[1])
    context = {
        "returned": returned,
        # The note's last line speaks to the reviewer who revises; to the editor it says what is awaited.
        "returned_to_me": Action.DRAFT in allowed,
    }
    if Action.EDIT in allowed:
        context["restate_form"] = claim_edits.restate_form(request, claim)
        context["restate_url"] = reverse("admin:claims_claim_restate", args=[claim.pk])
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
        {
            "assignment": a,
            "claim": a.claim,
            "highlighted": highlight_claim(a.claim, window=80),
            "url": _change_url(a.claim_id),
        }
        for a in selectors.my_assignments(request.user)
    ]
    # Work returned by an editor: a "Returned" badge and the note's first line (one query for them all).
    returns = selectors.pending_returns(request.user, [row["claim"].pk for row in rows])
    for row in rows:
        event = returns.get(row["claim"].pk)
        row["returned"] = event
        row["returned_note"] = (event.note or "").strip().splitlines()[0] if event and event.note.strip() else ""
    return _page(model_admin, request, "workflows/desk/my_claims.html", gettext("My claims"), rows=rows)


def dashboard_view(model_admin, request):
    """For editors: the state of the desk at a glance, with charts drawn on the server."""
    if role_of(request.user) not in (EDITOR, ADMIN):
        raise PermissionDenied
    stats = selectors.dashboard_stats()
    charts = {
        "states": bar_chart(
            [(row["label"], row["count"]) for row in stats["counts_by_state"]], title=gettext("Claims by state")
        ),
        "workload": bar_chart(
            [(row["username"], row["open"]) for row in stats["workloads"]],
            title=gettext("Open assignments per reviewer"),
            colour="#8a6100",
        ),
        "ratings": bar_chart(
            [(row["label"], row["count"], row["colour"]) for row in stats["ratings"]],
            title=gettext("Ratings of approved and published verdicts"),
        ),
    }
    median = stats["median_assignment_to_approval"]
    return _page(
        model_admin,
        request,
        "workflows/desk/dashboard.html",
        gettext("Desk dashboard"),
        stats=stats,
        charts=charts,
        median=_duration(median) if median else None,
    )


def _duration(delta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return gettext("%(hours)s hours") % {"hours": number_format(hours, 1)}
    return gettext("%(days)s days") % {"days": number_format(hours / 24, 1)}


def history_view(model_admin, request, object_id):
    """The admin's "History" link: the claim's history in sentences, newest first, read-only."""
    claim = _get_claim(model_admin, request, object_id)
    return _page(
        model_admin,
        request,
        "workflows/desk/claim_history.html",
        gettext("History: %(claim)s") % {"claim": claim},
        claim=claim,
        history=history.claim_history(request.user, claim),
        change_url=_change_url(claim.pk),
        highlighted=highlight_claim(claim),
    )


def bulk_summary(claims) -> list:
    return [format_html("{} ({})", highlight_claim(c, window=60), c.get_state_display()) for c in claims]
