"""The desk's forms for claims an editor restates and adds, around ``workflows.services.claim_edits``.

Restating is on the claim page (``claim_restate``, the ``edit`` activity: editors, and the assigned
reviewer until submission), with the version the editor loaded, so an edit made meanwhile is refused,
never overwritten. Adding is on the article page (the registry's ``add_claim`` desk action): a passage
selected in the article's text, whose offsets ``articles/add_claim.js`` records, or a claim typed with
where it came from. Either way a refusal comes back as a message with everything typed still in the form
(kept in the session for the next page view), and success lands on the claim.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from .. import permissions, registry, services
from ..actions import DeskAction
from ..exceptions import StaleEdit, ValidationFailed, WorkflowError
from . import forms

RESTATE_KEPT = "factdesk:restate:{}"
ADD_KEPT = "factdesk:add-claim:{}"


def _error_text(error: WorkflowError) -> str:
    """The refusal, with each field's reason when the sentence does not already give it."""
    if isinstance(error, ValidationFailed) and error.errors:
        reasons = [m for msgs in error.errors.values() for m in msgs if m not in error.message]
        if reasons:
            return f"{error.message} {' '.join(dict.fromkeys(reasons))}"
    return error.message


def _form_errors(form) -> str:
    return " ".join(e for errs in form.errors.values() for e in errs)


def _typed(request) -> dict:
    return {k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"}


# --- restating, on the claim page ------------------------------------------------------------------------


def restate_form(request, claim) -> forms.RestateForm:
    """The form filled with the claim as the desk states it now, or with what was typed in a refused save
    (then on top of the current version: saving again is a deliberate choice, made with the saved values
    in view)."""
    initial = {
        "claim_reviewed": claim.reviewed_text,
        "speaker": claim.speaker,
        "claim_date": claim.claim_date.isoformat() if claim.claim_date else "",
        "appearance_url": claim.appearance_url,
        "claim_type": claim.claim_type,
    }
    kept = request.session.pop(RESTATE_KEPT.format(claim.pk), None)
    if kept:
        initial.update({k: v for k, v in kept.items() if k in initial})
    form = forms.RestateForm(initial={**initial, "version": claim.version}, auto_id="id_restate_%s")
    form.kept = bool(kept)
    return form


def restate_view(model_admin, request, claim):
    """POST: ``claim_restate`` with the fields of the form; back to the claim either way."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = reverse("admin:claims_claim_change", args=[claim.pk]) + "#source"
    form = forms.RestateForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, gettext("Could not save the claim's details: %(errors)s") % {"errors": _form_errors(form)}
        )
        request.session[RESTATE_KEPT.format(claim.pk)] = _typed(request)
        return HttpResponseRedirect(target)
    try:
        services.claim_restate(claim_id=claim.pk, actor=request.user, **form.service_kwargs())
    except WorkflowError as error:
        messages.error(request, _error_text(error))
        request.session[RESTATE_KEPT.format(claim.pk)] = _typed(request)
        if isinstance(error, StaleEdit):
            messages.warning(
                request,
                gettext(
                    "Your text is kept in the form, on top of the newer version: compare it "
                    "with the claim as now saved, shown above the form, then save again."
                ),
            )
        return HttpResponseRedirect(target)
    messages.success(request, gettext("The claim's details are saved."))
    return HttpResponseRedirect(target)


# --- adding, on the article page -------------------------------------------------------------------------


def can_add(user) -> bool:
    return permissions.can(user, DeskAction.ADD_CLAIM)


def add_claim_context(request, article) -> dict:
    """The article page's add-claim forms, for those who may add (filled with a refused attempt's text)."""
    if not can_add(request.user):
        return {}
    kept = request.session.pop(ADD_KEPT.format(article.pk), None) or {}
    typed = kept.get("mode") == "typed"
    return {
        "add_selection_form": forms.AddSelectionForm(initial={} if typed else kept, auto_id="id_sel_%s"),
        "add_typed_form": forms.AddTypedForm(initial=kept if typed else {}, auto_id="id_typed_%s"),
        "add_claim_url": reverse("admin:articles_article_add_claim", args=[article.pk]),
        "add_claim_typed_open": typed,
        "article_raw_text": article.raw_text,
    }


def add_claim_view(request, article):
    """POST: the registry's ``add_claim`` with a selection of ``article`` or a typed claim; lands on the new
    claim, or back on the article with the reason and the form as typed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = reverse("admin:articles_article_change", args=[article.pk]) + "#fd-add-claim"
    typed = request.POST.get("mode") == "typed"
    form = forms.AddTypedForm(request.POST) if typed else forms.AddSelectionForm(request.POST)
    spec = registry.DESK_ACTIONS[DeskAction.ADD_CLAIM]

    def refuse(message: str):
        messages.error(request, message)
        request.session[ADD_KEPT.format(article.pk)] = _typed(request)
        return HttpResponseRedirect(back)

    if not can_add(request.user):
        return refuse(permissions.refusal(request.user, DeskAction.ADD_CLAIM))
    if not form.is_valid():
        return refuse(gettext("Could not add the claim: %(errors)s") % {"errors": _form_errors(form)})
    kwargs = form.service_kwargs() if typed else form.service_kwargs(article.pk)
    try:
        claim = spec.run(actor=request.user, **kwargs)
    except WorkflowError as error:
        return refuse(_error_text(error))
    messages.success(
        request,
        gettext("%(done)s Restate it below if it needs to stand on its own.") % {"done": spec.message(claim, kwargs)},
    )
    return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
