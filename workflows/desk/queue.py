"""The claim queue as a triage desk works it: where a claim sits in the editor's filtered queue (the
claim page's "← Previous" / "Next claim →" links, and the claim a triage move lands on next), and the
saved views of the queue (a name for the current filters, search and ordering, per person).

The queue an editor came from travels with them as Django's ``_changelist_filters`` (the admin adds it to
every link of the queue page). Its order and filters are the queue page's own (``ClaimAdmin``'s
ChangeList), so "next" always means the row below on the page the editor was reading.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ORDER_VAR, PAGE_VAR
from django.core.exceptions import FieldError, PermissionDenied, SuspiciousOperation, ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Claim, ClaimState
from factcheck.shorten import shortened

from .. import selectors
from ..actions import Action
from ..models import SavedQueueView
from . import counting

FILTERS = "_changelist_filters"
NEXT = "_next"
# The moves that finish with a claim at triage, after which an editor wants the next one. Restating a
# claim or unassigning it are not: the editor stays on the claim.
TRIAGE_MOVES = frozenset({Action.DISMISS, Action.ASSIGN, Action.REOPEN, Action.SET_PRIORITY})
# Parameters of the queue page that are not part of a view: the page number, the error flag, the popup.
NOT_A_VIEW = (PAGE_VAR, ERROR_FLAG, FILTERS, "_popup", "_to_field")
MAX_SAVED_VIEWS = 50
SAVE_STASH = "factdesk:saved-view"

HELP_ORDER = _(
    "Ranked by stage (new first), priority, score, due date, claim type (figures, rules, causes first), newest."
)


def in_states(queryset, states):
    """Claims in ``states``, said twice: by state, and by the queue stage those states rank at.

    The second is redundant for the rows, but it is the leading expression of the queue's index
    (``claims`` migration ``claim_queue_order``): with it PostgreSQL seeks to the stage instead of walking
    the queue from the top and discarding every claim of an earlier stage (200 ms for the published ones
    at 100,000 claims, ten times that at a million).
    """
    stages = sorted({selectors.QUEUE_STAGES[state] for state in states})
    stage = selectors.QUEUE_ORDER[0].expression
    return queryset.filter(state__in=states).alias(queue_stage=stage).filter(queue_stage__in=stages)


def without_stage(queryset):
    """``queryset`` without ``in_states``'s stage condition, where it is redundant: the rows are the same (a
    claim in one of the states is at one of their stages), and a query that does not walk the queue's order,
    such as a count, only pays for the CASE on every row it reads (PostgreSQL evaluates it per row). Any other
    condition is kept; a query without the stage condition is returned as it is."""
    where = queryset.query.where
    stage = selectors.QUEUE_ORDER[0].expression
    if where.connector != "AND" or where.negated:
        return queryset
    kept = [child for child in where.children if getattr(child, "lhs", None) != stage]
    if len(kept) == len(where.children):
        return queryset
    queryset = queryset.all()
    queryset.query.where.children = kept
    return queryset


def _changelist_url() -> str:
    return reverse("admin:claims_claim_changelist")


def _change_url(claim_id: int, filters: str) -> str:
    url = reverse("admin:claims_claim_change", args=[claim_id])
    return f"{url}?{urlencode({FILTERS: filters})}" if filters else url


def view_query(query: QueryDict | str, *, keep_page: bool = False) -> str:
    """A queue query string as a view keeps it: re-encoded (nothing but parameters), no page number
    (``keep_page``: the page the editor is on, for links back to it)."""
    params = QueryDict(query, mutable=True) if isinstance(query, str) else query.copy()
    for name in NOT_A_VIEW:
        if not (keep_page and name == PAGE_VAR):
            params.pop(name, None)
    return params.urlencode()


# --- where a claim sits in the queue ----------------------------------------------------------------


@dataclass(frozen=True)
class QueueNav:
    """The claim's neighbours in the editor's queue view; ``position`` is 1-based, None when the claim is
    not (or no longer) in that view."""

    filters: str
    position: int | None
    previous_id: int | None
    next_id: int | None

    @property
    def queue_url(self) -> str:
        return f"{_changelist_url()}?{self.filters}" if self.filters else _changelist_url()

    @property
    def previous_url(self) -> str | None:
        return _change_url(self.previous_id, self.filters) if self.previous_id else None

    @property
    def next_url(self) -> str | None:
        return _change_url(self.next_id, self.filters) if self.next_id else None


# Set on the request a ChangeList is built from when only its filtered, ordered rows are wanted (the claim
# page's previous/next): no page is read or counted (``rows_only``) and no sidebar choices are listed
# (``filters``), since nothing of the queue page is drawn.
ROWS_ONLY = "_factdesk_rows_only"


def rows_only(changelist_class):
    """``changelist_class`` with its rows left unread: the queryset is filtered and ordered as the queue page
    does it, without the page's COUNT (capped at 10,000 rows) or the page itself."""

    class RowsOnlyChangeList(changelist_class):
        def get_results(self, request):
            self.result_count = self.full_result_count = 0
            self.result_list = self.queryset.none()
            self.can_show_all, self.multi_page, self.show_all = False, False, False

    return RowsOnlyChangeList


def _queue_queryset(model_admin, request, filters: str):
    """The queue page's filtered, ordered claims for ``filters``, and its page number; a query the page
    would refuse (an unknown field, a bad value) falls back to the default queue."""
    for query in (filters, ""):
        fake = copy.copy(request)
        fake.GET = QueryDict(query)
        fake.method = "GET"
        setattr(fake, ROWS_ONLY, True)
        try:
            changelist = model_admin.get_changelist_instance(fake)
            return changelist.queryset, changelist.page_num, changelist.list_per_page
        except (
            IncorrectLookupParameters,
            FieldError,
            SuspiciousOperation,
            ValidationError,
            ValueError,
            PermissionDenied,
        ):
            continue
    return model_admin.get_queryset(request).none(), 1, model_admin.list_per_page


def queue_nav(model_admin, request, claim_id: int, filters: str, *, claim: Claim | None = None) -> QueueNav:
    """The claim's place in the queue view ``filters`` (the queue page's query string).

    Reads the ids around the page the editor came from (two pages' worth); when the claim has moved off
    it, the first ``scan`` rows. A claim outside the view gets its top claim as "next". ``claim``: the
    claim as the page read it (its state and priority), else read here.
    """
    filters = view_query(filters, keep_page=True)
    queryset, page, per_page = _queue_queryset(model_admin, request, filters)
    ids_of = queryset.values_list("pk", flat=True)
    start = max(0, (page - 1) * per_page - 1)
    window = list(ids_of[start : page * per_page + 1])
    # A claim outside the view (a reviewer's claim in review, opened from the default queue) is told so by
    # one indexed lookup, not by sorting and reading the first ``cap`` ids of the view (~0.2 s at 100,000).
    # The view's top claim, for a claim that has no place in it: the window's first when it starts at the top.
    top = (lambda: window[:2]) if start == 0 else (lambda: list(ids_of[:2]))
    if claim_id not in window and not without_stage(queryset.order_by()).filter(pk=claim_id).exists():
        window = [i for i in top() if i != claim_id]
        return QueueNav(filters, None, None, window[0] if window else None)
    cap = model_admin.paginator.cap
    if claim_id not in window and ORDER_VAR not in QueryDict(filters) and _far_down(queryset, claim or claim_id, cap):
        window = [i for i in top() if i != claim_id]
        return QueueNav(filters, None, None, window[0] if window else None)
    if claim_id not in window:
        start, window = 0, _ids_as_far_as(ids_of, claim_id, cap)
    if claim_id not in window:
        top = next((i for i in window if i != claim_id), None)
        return QueueNav(filters, None, None, top)
    at = window.index(claim_id)
    previous_id = window[at - 1] if at > 0 else None
    next_id = window[at + 1] if at + 1 < len(window) else None
    return QueueNav(filters, start + at + 1, previous_id, next_id)


# How many of the view's first ids are read before the rest (up to the cap), when the claim is not on the page
# the editor came from: most such claims are near the top, and reading 10,000 ids was ~6 ms of a claim page.
NEAR = 1000


def _ids_as_far_as(ids_of, claim_id: int, cap: int) -> list[int]:
    """The view's first ids (at most ``cap``), read only as far as the claim and the id after it: the first
    ``NEAR``, then the rest. Absent from them, all ``cap`` are read, as before."""
    ids: list[int] = []
    for end in (min(NEAR, cap), cap):
        if end <= len(ids):
            continue
        chunk = list(ids_of[len(ids) : end])
        ids += chunk
        if len(ids) < end or claim_id in ids[:-1]:  # the view ended, or the claim and its next are read
            break
    return ids


def _far_down(queryset, claim: Claim | int, cap: int) -> bool:
    """Whether at least ``cap`` claims of the view come before the claim in the queue's own order, so it
    has no place among the ``cap`` the view numbers, told without reading their ids.

    Counted from what the queue's order ranks first, stage then priority: every claim of the view in an
    earlier stage, or in the same stage with a more urgent priority, is ahead of it. Those are columns of the
    ``claim_queue`` index (state, priority), so PostgreSQL counts them from the index alone (~3 ms to reach
    10,000), where reading the first 10,000 ids in the queue's order visits each row (~80 ms at 100,000
    claims): a reviewer's claim in review sits behind every new claim.
    """
    if not isinstance(claim, Claim):
        claim = Claim.objects.filter(pk=claim).only("state", "priority").first()
    stages = selectors.QUEUE_STAGES
    if claim is None or claim.state not in stages or set(ClaimState.values) - set(stages):
        return False  # a state the queue does not rank: read the ids
    stage = stages[claim.state]
    earlier = [state for state, rank in stages.items() if rank < stage]
    same = [state for state, rank in stages.items() if rank == stage]
    ahead = Q(state__in=earlier) | Q(state__in=same, priority__lt=claim.priority)
    return counting.count_up_to(without_stage(queryset.order_by()).filter(ahead), cap) >= cap


def triage_url(url: str, nav: QueueNav) -> str:
    """A triage button's URL, carrying the queue view and the claim to show next."""
    params = {FILTERS: nav.filters}
    if nav.next_id:
        params[NEXT] = nav.next_id
    return f"{url}?{urlencode(params)}"


def keep_view(request, target: str) -> str:
    """``target`` (a claim page URL, maybe with a #fragment) within the queue view the request came from."""
    if FILTERS not in request.GET:
        return target
    path, hash_, fragment = target.partition("#")
    filters = view_query(request.GET.get(FILTERS, ""), keep_page=True)
    return f"{path}?{urlencode({FILTERS: filters})}{hash_}{fragment}"


def after_triage(request, claim: Claim, action: str, done: str) -> HttpResponseRedirect | None:
    """After a successful triage move made from the claim page (its button carries the queue view), the
    next claim of that view with a message saying what happened to this one; None: stay on the claim."""
    if action not in TRIAGE_MOVES or FILTERS not in request.GET:
        return None
    filters = view_query(request.GET.get(FILTERS, ""), keep_page=True)
    short = shortened(claim.text, 70)
    what = gettext("Claim %(id)s “%(text)s”: %(done)s") % {"id": claim.pk, "text": short, "done": done}
    raw_next = request.GET.get(NEXT, "")
    next_id = int(raw_next) if raw_next.isascii() and raw_next.isdigit() and len(raw_next) <= 18 else None
    if next_id and next_id != claim.pk and Claim.objects.filter(pk=next_id).exists():
        messages.success(request, gettext("%(what)s This is the next claim in your queue.") % {"what": what})
        return HttpResponseRedirect(_change_url(next_id, filters))
    messages.success(request, gettext("%(what)s That was the last claim in this view of the queue.") % {"what": what})
    return HttpResponseRedirect(f"{_changelist_url()}?{filters}" if filters else _changelist_url())


# --- saved views -----------------------------------------------------------------------------------------


class SavedViewForm(forms.Form):
    """Name the current view of the queue. Refusals say what to do; the page keeps the typed name."""

    name = forms.CharField(
        max_length=80,
        strip=True,
        label=_("Name this view"),
        error_messages={
            "required": _("Give the view a name, e.g. “Overdue figures”."),
            "max_length": _("Keep the name to %(limit_value)d characters or fewer."),
        },
    )
    query = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.HiddenInput,
        error_messages={"max_length": _("This view has too many filters to save: remove some.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_query(self) -> str:
        return view_query(self.cleaned_data.get("query") or "")

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        views = selectors.saved_queue_views(self.user)
        if name and views.filter(name__iexact=name).exists():
            self.add_error(
                "name",
                gettext("You already have a view named “%(name)s”: choose another name, or delete that view first.")
                % {"name": name},
            )
        elif views.count() >= MAX_SAVED_VIEWS:
            self.add_error(
                "name",
                gettext(
                    "You have %(count)d saved views, the most one person can keep: delete one you no longer use first."
                )
                % {"count": MAX_SAVED_VIEWS},
            )
        return cleaned


def _back_to(query: str) -> HttpResponseRedirect:
    query = view_query(query)
    return HttpResponseRedirect(f"{_changelist_url()}?{query}" if query else _changelist_url())


def save_view(model_admin, request):
    """POST: save the queue's current query under a name, then show the queue as saved."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = SavedViewForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        request.session[SAVE_STASH] = {"name": request.POST.get("name", "")[:200], "errors": errors}
        messages.error(request, gettext("The view was not saved. %(reasons)s") % {"reasons": " ".join(errors)})
        return _back_to(request.POST.get("query", "")[:2000])
    view = SavedQueueView.objects.create(
        user=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
    )
    messages.success(
        request,
        gettext("Saved the view “%(name)s”: it is listed under Saved views beside the queue.") % {"name": view.name},
    )
    return _back_to(view.query)


def delete_view(model_admin, request, view_id: int):
    """POST: delete one of the user's own saved views (another person's is a 404), back to the queue."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    view = get_object_or_404(selectors.saved_queue_views(request.user), pk=view_id)
    view.delete()
    messages.success(request, gettext("Deleted the saved view “%(name)s”.") % {"name": view.name})
    return _back_to(request.POST.get("query", "")[:2000])


def sidebar_context(request) -> dict:
    """The queue page's sidebar: the user's saved views and the form to save the current one (with the
    name typed before a refusal, and why it was refused)."""
    stash = request.session.pop(SAVE_STASH, None) or {}
    current = view_query(request.GET)

    def with_state(value: str) -> str:
        params = QueryDict(current, mutable=True)
        params.pop("state__exact", None)
        params["state"] = value
        return f"?{params.urlencode()}"

    form = SavedViewForm(
        initial={"name": stash.get("name", ""), "query": current}, user=request.user, auto_id="fd-view-%s"
    )
    return {
        "saved_views": list(selectors.saved_queue_views(request.user)),
        "save_view_form": form,
        "save_view_errors": stash.get("errors", []),
        "current_view_query": current,
        "queue_help_order": HELP_ORDER,
        "showing_open_work": not (request.GET.get("state") or request.GET.get("state__exact")),
        "all_states_url": with_state("all"),
        "signoff_url": with_state("signoff"),
    }
