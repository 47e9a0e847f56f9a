"""The desk's confirmation steps, for the moves that cannot be taken back (``buttons.CONFIRM_ACTIONS``:
publish, retract, marking a match as wrong; and removing evidence).

Each works without JavaScript: a GET of the action's URL is its confirmation page and changes nothing; a
POST without ``confirm=yes`` (a stale page, a form posted from elsewhere) is sent to that page with what
was typed kept in its address; only a POST with ``confirm=yes`` reaches the service. Publish's page is
the preview: the public page as readers will see it, ClaimReview included, bannered "Preview — not
published", built by ``workflows.preview`` and never stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from factcheck.claims.models import Claim
from factcheck.publishing.views import base_context
from factcheck.safety import http_url
from factcheck.verdicts.models import EvidenceLink

from .. import permissions, transitions
from ..actions import Action
from ..exceptions import WorkflowError
from ..preview import publication_preview
from . import forms
from .buttons import action_url

CONFIRM = "yes"
# What a confirmation page may carry over from the refused POST (never the CSRF token).
_KEPT_FIELDS = {
    Action.PUBLISH: ("version",),
    Action.RETRACT: ("version", "reason"),
    Action.DISMISS_MATCH: ("version", "archived", "other_claim", "reason"),
}


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == CONFIRM


def _change_url(claim_id) -> str:
    return reverse("admin:claims_claim_change", args=[claim_id])


def _refused(request, claim: Claim, reason: str) -> HttpResponseRedirect:
    messages.error(request, reason)
    return HttpResponseRedirect(_change_url(claim.pk))


def _refusal(user, claim: Claim, action: str) -> str | None:
    """Why ``user`` may not do ``action`` to ``claim`` now (state, policy, role), or None."""
    try:
        transitions.get_transition(claim.state, action)
        transitions.check_policy(action)
    except WorkflowError as error:
        return error.message
    return permissions.refusal(user, action, claim)


def confirmation_step(model_admin, request, claim: Claim, action: str):
    """The page that asks before ``action`` (GET), or the way to it from an unconfirmed POST."""
    if request.method == "POST":
        keep = {k: request.POST[k] for k in _KEPT_FIELDS[action] if request.POST.get(k)}
        return HttpResponseRedirect(action_url(claim.pk, action) + (f"?{urlencode(keep)}" if keep else ""))
    if action == Action.PUBLISH:
        return publish_preview(model_admin, request, claim)
    if action == Action.DISMISS_MATCH:
        return match_dismissal(model_admin, request, claim)
    return retract_confirmation(model_admin, request, claim)


def retry_url(request, claim: Claim, action: str, version: int | None) -> str:
    """Back to ``action``'s confirmation page after a stale refusal: what was typed kept, the version now."""
    keep = {k: request.POST[k] for k in _KEPT_FIELDS[action] if request.POST.get(k)}
    if version is not None:
        keep["version"] = version
    return action_url(claim.pk, action) + (f"?{urlencode(keep)}" if keep else "")


def publish_preview(model_admin, request, claim: Claim):
    """The public page as it will be published, with "Publish now" (a confirmed POST) on top."""
    try:
        preview = publication_preview(request.user, claim, request)
    except WorkflowError as error:
        return _refused(request, claim, error.message)
    fc = preview.page.fc
    context = base_context(
        request,
        title=gettext("Preview: %(title)s") % {"title": fc.title},
        canonical=fc.path,
        description=fc.summary or fc.claim_text,
        noindex=True,
    )
    context.update(
        page=preview.page,
        fc=fc,
        claim_review=preview.claim_review,
        og_type="article",
        claim=claim,
        publish_url=action_url(claim.pk, Action.PUBLISH),
        change_url=_change_url(claim.pk),
        version=request.GET.get("version") or claim.version,
        confirm=CONFIRM,
    )
    return TemplateResponse(request, "workflows/desk/publish_preview.html", context)


def _confirm_page(model_admin, request, claim, **context):
    return TemplateResponse(
        request,
        "workflows/desk/confirm.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Claim._meta,
            "claim": claim,
            "change_url": _change_url(claim.pk),
            "confirm": CONFIRM,
            **context,
        },
    )


def retract_confirmation(model_admin, request, claim: Claim):
    reason = _refusal(request.user, claim, Action.RETRACT)
    if reason:
        return _refused(request, claim, reason)
    form = forms.RetractForm(
        initial={"reason": request.GET.get("reason", ""), "version": request.GET.get("version") or claim.version},
        auto_id="id_retract_%s",
    )
    verdict = claim.verdict
    return _confirm_page(
        model_admin,
        request,
        claim,
        title=gettext("Retract this fact-check?"),
        form=form,
        action_url=action_url(claim.pk, Action.RETRACT),
        submit_label=gettext("Retract now"),
        danger=True,
        subject=verdict.headline,
        public_url=verdict.get_absolute_url() if verdict.slug else "",
        consequences=[
            gettext(
                "The public page stays up, with a retraction notice and your reason above the headline; the rating "
                "is marked as withdrawn."
            ),
            gettext(
                "It leaves the index, the feeds, the sitemap and the ClaimReview data, so search engines and "
                "aggregators stop showing the rating."
            ),
            gettext(
                "This cannot be undone: a retracted fact-check cannot be published again. To fix a mistake and keep "
                "the fact-check up, publish a correction instead."
            ),
        ],
    )


def dismissal_url(claim: Claim, *, archived: int | None = None, other_claim: int | None = None) -> str:
    """The confirmation page for marking one of ``claim``'s matches as wrong (a plain link: works without JS)."""
    target = {"archived": archived} if archived is not None else {"other_claim": other_claim}
    return action_url(claim.pk, Action.DISMISS_MATCH) + "?" + urlencode({**target, "version": claim.version})


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def match_dismissal(model_admin, request, claim: Claim):
    """Marking a match as wrong: the match side by side with the claim, what follows, an optional reason."""
    try:
        transitions.check_activity(claim.state, Action.DISMISS_MATCH)
    except WorkflowError as error:
        return _refused(request, claim, error.message)
    reason = permissions.refusal(request.user, Action.DISMISS_MATCH, claim)
    if reason:
        return _refused(request, claim, reason)
    archived_id, other_id = _as_id(request.GET.get("archived")), _as_id(request.GET.get("other_claim"))
    other = (
        Claim.objects.select_related("article")
        .filter(pk=other_id, cluster_id=claim.cluster_id)
        .exclude(pk=claim.pk)
        .first()
        if other_id is not None and claim.cluster_id
        else None
    )
    remembered = gettext(
        "The dismissal is remembered: this claim is not matched with it again, and the match "
        "report (manage.py match_report) counts it when the match threshold is tuned."
    )
    told = gettext("Your name, and your reason if you give one, go into the claim's history.")
    if archived_id is not None and archived_id == claim.archived_match_id:
        archived = claim.archived_match
        subject, title = archived.claim_text, gettext("Not the same claim as this archived fact-check?")
        link = {"url": archived.url} if http_url(archived.url) else None
        consequences = [
            gettext(
                "The claim is no longer marked “already checked”: the queue and the claim page stop showing this "
                "fact-check beside it."
            ),
            remembered,
            told,
        ]
    elif other is not None:
        size = Claim.objects.filter(cluster_id=claim.cluster_id).count()
        subject, link = other.text, None
        title = gettext("Not the same claim as this claim from “%(article)s”?") % {"article": other.article}
        consequences = [
            gettext(
                "The claim leaves its group of repeats (“%(cluster)s”, %(size)d claims): it is no longer shown as "
                "the same claim as this one, nor as the others in the group."
            )
            % {"cluster": claim.cluster, "size": size},
            remembered,
            told,
        ]
    else:
        return _refused(
            request,
            claim,
            gettext("This claim is not matched with that any more: the claim page shows its matches as they are now."),
        )
    form = forms.MatchDismissForm(
        initial={
            "archived": archived_id if other is None else None,
            "other_claim": other.pk if other is not None else None,
            "reason": request.GET.get("reason", ""),
            "version": request.GET.get("version") or claim.version,
        },
        auto_id="id_dismiss_match_%s",
    )
    return _confirm_page(
        model_admin,
        request,
        claim,
        title=title,
        form=form,
        action_url=action_url(claim.pk, Action.DISMISS_MATCH),
        submit_label=gettext("Mark the match as wrong"),
        danger=True,
        subject=subject,
        link=link,
        consequences=consequences,
    )


def evidence_removal(model_admin, request, claim: Claim, link: EvidenceLink):
    """Removing an evidence link: asked first (GET), done on a confirmed POST by the caller."""
    return _confirm_page(
        model_admin,
        request,
        claim,
        title=gettext("Remove this evidence link?"),
        action_url=reverse("admin:claims_claim_evidence_remove", args=[claim.pk, link.pk]),
        submit_label=gettext("Remove now"),
        danger=True,
        subject=link.title,
        link=link,
        hidden={"expected_updated_at": link.updated_at.isoformat()},
        consequences=[
            gettext(
                "The link, its quote and its stance are removed from the draft; the verdict's history records who "
                "removed it."
            ),
            gettext("There is no undo: to bring it back, add it again with “Add evidence”."),
        ],
    )
