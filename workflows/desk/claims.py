"""The desk's claim admin: the queue, the claim page with its workflow buttons, "My claims", the
dashboard and the history.

The standard change form never changes a claim: every field is read-only, and every change is a button
or a bulk action that calls a service in ``workflows.services`` (which checks state, permission and
version, and writes the audit log). Model permissions from ``factcheck.roles`` decide what is shown;
the services decide what may be done.
"""

from django import forms as django_forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims import search as claim_search
from factcheck.claims.models import Assignment, Claim, ClaimOrigin
from factcheck.roles import ADMIN, EDITOR, role_of

from .. import selectors, services, tagging
from ..exports.desk import EXPORT_ACTIONS, ExportableAdmin
from . import claim_edits, counting, drafts, queue, rendering, rows, tags, views
from .display import score_basis_note, score_percent, score_reasons
from .filters import (
    ArticleFilter,
    ClusterFilter,
    DueFilter,
    QueueStateFilter,
    ReviewerFilter,
    ScoreBandFilter,
    TagFilter,
    TopicFilter,
    titled_choices,
)
from .forms import BulkAssignForm, BulkDismissForm, BulkPriorityForm
from .rendering import DESK_RENDERER


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` matching claims (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``).

    The admin counts the filtered queue on every page view to draw its pagination; over 100,000s of claims
    that COUNT reads every matching row. Past ``cap`` the list says so and offers the first ``cap`` rows
    (200 pages); filters and search narrow it. The count has no order, so the queue's stage condition (there
    for the page's walk of the queue's index, ``queue.in_states``) is left out of it: the same rows, without a
    CASE evaluated on each of them.
    """

    cap = 10_000
    capped = False

    def __init__(self, *args, counted: QuerySet | None = None, cap: int | None = None, **kwargs):
        """``counted``: the rows to count when they are not to be counted as listed (a search walking the
        queue's index); ``cap``: a lower cap for them."""
        super().__init__(*args, **kwargs)
        self.counted = counted
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list if self.counted is None else self.counted
        # No sort: only how many. A view that reached the cap lately is not counted again (``counting``).
        counted = counting.count_up_to(queue.without_stage(rows.order_by()), self.cap + 1)
        self.capped = counted > self.cap
        return min(counted, self.cap)


# The admin's label for a row's checkbox (``ModelAdmin.action_checkbox``): translated by Django's catalogue.
ADMIN_SELECT_LABEL = "Select this object for an action - {}"


@admin.register(Claim)
class ClaimAdmin(ExportableAdmin, admin.ModelAdmin):
    # The queue: compact rows (the claim clamped to two lines, the sentence on hover) so 15+ claims and
    # every column an editor triages by fit one 1366x900 screen; on a phone each row is a card (queue.css).
    list_display = (
        "claim_in_context",
        "score_band",
        "priority",
        "claim_type",
        "who_says",
        "article_title",
        "reviewers",
        "due",
        "state",
        "linked",
    )
    list_display_links = ("claim_in_context",)
    #: What the queue's rows read of a claim and its article: the columns above, the row's checkbox (the claim's
    #: name) and the title on hover. The other columns (offsets, sources, dates, the other article columns) are
    #: left unread: 50 rows of every column took 12 ms of CPU to read on the 100,000-claim bench, these 7.5 ms.
    #: A column reading a field not listed here would cost a query per row, which
    #: ``test_desk_page_drawing.test_the_queue_rows_read_only_what_they_show_and_nothing_per_row`` catches.
    row_fields = (
        "id",
        "text",
        "claim_reviewed",
        "context",
        "origin",
        "score",
        "score_basis",
        "score_signals",
        "language",
        "priority",
        "claim_type",
        "speaker",
        "state",
        "due_at",
        "cluster_id",
        "archived_match_id",
        "article__id",
        "article__title",
    )
    list_filter = (
        QueueStateFilter,
        ("claim_type", titled_choices(_("claim type"))),
        ("priority", titled_choices(_("priority"))),
        DueFilter,
        ReviewerFilter,
        ScoreBandFilter,
        ("origin", titled_choices(_("origin"))),  # extracted, added by an editor, or a reader's tip
        ArticleFilter,
        ClusterFilter,
        TopicFilter,  # the claim's accepted topics (or those suggested)
        TagFilter,  # the desk's free tags
    )
    # Shows the search box; ``get_search_results`` answers it.
    search_fields = ("text", "claim_reviewed", "speaker", "article__title", "context")
    # The queue's whole order is ``selectors.QUEUE_ORDER`` (``get_ordering``); this is what the column
    # headers show as sorted by default.
    ordering = ("priority", "-score")
    list_per_page = 50
    # The queue can hold hundreds of thousands of claims: do not COUNT(*) the whole table on every page,
    # neither for the "N total" link nor for the pagination of the filtered list.
    show_full_result_count = False
    paginator = CappedCountPaginator
    actions = ["assign_reviewers", "auto_assign", "dismiss_with_reason", "set_priority", *EXPORT_ACTIONS]
    # The queue, as filtered, leaves the desk as CSV or Excel (workflows.exports: editors and admins).
    export_dataset = "claims"
    change_form_template = "workflows/desk/claim_change_form.html"
    change_list_template = "workflows/desk/claim_change_list.html"
    fieldsets = (
        (_("Claim"), {"fields": ("text", "speaker", "claim_type", "check_worthiness", "article", "start", "end")}),
        (_("Workflow"), {"fields": ("state", "priority", "due_at", "dismiss_reason", "version")}),
        (_("Matching"), {"fields": ("cluster", "archived_match", "match_score")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = tuple(f for _, opts in fieldsets for f in opts["fields"])

    class Media:
        # The queue's layout and its keyboard shortcuts (j/k, n, a, d): static files, as the CSP allows.
        css = {"all": ("workflows/desk/queue.css", "workflows/desk/tags.css")}  # tags.css: topics and tags
        js = ("workflows/desk/queue_keys.js",)

    # --- what the admin shows ---------------------------------------------------------------------

    def get_queryset(self, request):
        """The queue's claims in its order (``selectors.QUEUE_ORDER``), with what its columns show."""
        return (
            self.model._default_manager.order_by(*self.get_ordering(request))
            .select_related("article")
            # A row shows the article's title, never its text (two copies, raw and cleaned, of every article).
            .defer("article__raw_text", "article__cleaned_text")
            .prefetch_related(selectors.active_assignments_prefetch(), *tagging.queue_prefetches())
        )

    def get_ordering(self, request):
        return selectors.QUEUE_ORDER

    def get_object(self, request, object_id, from_field=None):
        """One claim, read once per page view with what its page shows beside it (article, cluster, archived
        match, the verdict with its rating and people), not with the queue's row prefetches.

        The claim page asks for it twice (the workflow panel, then the admin's own change view) and a GET
        writes nothing, so a GET keeps the claim it read for the rest of the request; a POST reads afresh."""
        memo = request.__dict__.setdefault("_factdesk_claims", {}) if request.method in ("GET", "HEAD") else {}
        key = (str(object_id), from_field)
        if key not in memo:
            field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
            try:
                value = field.to_python(object_id)
                memo[key] = selectors.claim_for_page().get(**{field.name: value})
            except (self.model.DoesNotExist, ValidationError, ValueError):
                memo[key] = None
        return memo[key]

    def get_changelist(self, request, **kwargs):
        """The queue page's ChangeList, its page's rows read with only what they show (``row_fields``); only
        its rows (no page, no count) when the claim page asks where a claim sits in the queue
        (``queue.ROWS_ONLY``)."""
        changelist = super().get_changelist(request, **kwargs)
        if getattr(request, queue.ROWS_ONLY, False):
            return queue.rows_only(changelist)
        return rows.reading_only(changelist, self.row_fields)

    def get_search_results(self, request, queryset, search_term):
        """The desk's one search (``factcheck.claims.search``), as the API's ``q``: the stored, indexed document
        of the claim, its restatement, speaker, article title and context.

        Many matches (a common word) in the queue's order: the page walks the queue's own index
        (``claims/0007``) testing each claim, as the API's list does, instead of sorting every match; the
        paginator counts them through the GIN index instead, up to ``FEW_MATCHES`` (``get_paginator``)."""
        # Only the queue's own order has an index to walk; a column the editor sorts by is sorted from the matches.
        in_queue_order = ORDER_VAR not in request.GET
        found = claim_search.claim_search(queryset, search_term, in_index_order=in_queue_order)
        request._claim_search = found  # for get_paginator, in the same request
        return found.claims, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        found = getattr(request, "_claim_search", None)
        if found is None or not found.many:
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        return self.paginator(
            queryset, per_page, orphans, allow_empty_first_page, counted=found.to_count, cap=claim_search.FEW_MATCHES
        )

    def has_add_permission(self, request):
        return False  # claims come from the extraction pipeline

    def has_change_permission(self, request, obj=None):
        return False  # the form never writes; changes go through the workflow buttons

    def has_workflow_permission(self, request):
        """Bulk actions are for editors and admins (the services check each claim again)."""
        return role_of(request.user) in (EDITOR, ADMIN)

    def action_checkbox(self, obj):
        """The admin's own row checkbox (same attributes, same HTML), drawn without a template per row."""
        label = gettext(ADMIN_SELECT_LABEL)  # Django's own string, in Django's catalogue
        attrs = {"class": "action-select", "aria-label": format_html(label, str(obj))}
        checkbox = django_forms.CheckboxInput(attrs, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk), renderer=DESK_RENDERER)

    @admin.display(description=_("Claim"))
    def claim_in_context(self, obj):
        """The claim, clamped to two lines by the stylesheet; hovering shows the sentences around it. Its topics
        and tags follow on one line, when it has any (``desk.tags``)."""
        claim = self._claim_text(obj)
        topics, tag_names = tagging.row_labels(obj)
        if not topics and not tag_names:
            return claim
        labels = format_html_join(
            " ",
            '<span class="{}">{}</span>',
            [("fd-row-topic", t) for t in topics] + [("fd-row-tag", t) for t in tag_names],
        )
        return format_html('{}<span class="fd-row-labels">{}</span>', claim, labels)

    def _claim_text(self, obj):
        if obj.origin == ClaimOrigin.TIP:  # a reader asked for it: say so where the editor triages
            return format_html(
                '<span class="fd-clamp" title="{}"><span class="fd-origin-tip">{}</span> <mark>{}</mark></span>',
                obj.context or obj.text,
                ClaimOrigin.TIP.label,
                obj.reviewed_text,
            )
        return format_html(
            '<span class="fd-clamp" title="{}"><mark>{}</mark></span>', obj.context or obj.text, obj.reviewed_text
        )

    @admin.display(description=_("Score"), ordering="score")
    def score_band(self, obj):
        """Check-worthiness as a percentage ("87.4%", "99.96%" near the top: ``display.score_percent``), so
        claims the model ranks apart never read alike; hovering shows the signals behind it."""
        if score_basis_note(obj):  # no language model for the claim's language: say so where the score is read
            return format_html(
                '<span title="{}">{}<br><small class="fd-muted">{}</small></span>',
                score_reasons(obj) or "",
                score_percent(obj.score),
                _("figures"),
            )
        return format_html('<span title="{}">{}</span>', score_reasons(obj) or "", score_percent(obj.score))

    @admin.display(description=_("Check-worthiness"))
    def check_worthiness(self, obj):
        """The score and why, on the claim's standard fields: "99.4% · Why it scored 99.4%: a figure (+1.2)"."""
        why = score_reasons(obj)
        return f"{score_percent(obj.score)} · {why}" if why else score_percent(obj.score)

    @admin.display(description=_("Article"), ordering="article__title")
    def article_title(self, obj):
        title = str(obj.article)
        return format_html('<span class="fd-clamp" title="{}">{}</span>', title, title)

    @admin.display(description=_("Who says so"), ordering="speaker")
    def who_says(self, obj):
        return obj.speaker or format_html('<span class="fd-muted">{}</span>', gettext("the publication"))

    @admin.display(description=_("Seen before"))
    def linked(self, obj):
        """Repeats across articles and already published fact-checks, without a query per row."""
        parts = []
        if obj.cluster_id:
            parts.append(format_html('<a href="?cluster={}">{}</a>', obj.cluster_id, gettext("repeated elsewhere")))
        if obj.archived_match_id:
            parts.append(format_html('<strong class="fd-checked">{}</strong>', gettext("already checked")))
        return format_html_join(" · ", "{}", ((p,) for p in parts)) or "—"

    @admin.display(description=_("Due"), ordering="due_at")
    def due(self, obj):
        if not obj.due_at:
            return "—"
        if obj.is_overdue:
            return format_html(
                '{} <span class="fd-overdue">{}</span>',
                date_format(localtime(obj.due_at), "Y-m-d H:i"),
                gettext("overdue"),
            )
        return date_format(localtime(obj.due_at), "Y-m-d H:i")

    @admin.display(description=_("Reviewers"))
    def reviewers(self, obj):
        active = sorted(getattr(obj, "active_assignments", []), key=lambda a: (a.role != Assignment.Role.LEAD, a.pk))
        return format_html_join(", ", "{}", ((a.reviewer.get_username(),) for a in active)) or "—"

    # --- pages --------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("mine/", wrap(self.my_claims_view), name="claims_claim_mine"),
            path("dashboard/", wrap(self.dashboard_view), name="claims_claim_dashboard"),
            path("views/save/", wrap(self.save_view_view), name="claims_claim_views_save"),
            path("views/<int:view_id>/delete/", wrap(self.delete_view_view), name="claims_claim_views_delete"),
            path("<int:object_id>/workflow/<str:action>/", wrap(self.workflow_view), name="claims_claim_workflow"),
            # The verdict draft (workflows.desk.drafts): its history and the explanation's live preview.
            path("<int:object_id>/draft-history/", wrap(self.draft_history_view), name="claims_claim_draft_history"),
            path(
                "<int:object_id>/draft-history/<int:number>/",
                wrap(self.draft_history_view),
                name="claims_claim_draft_revision",
            ),
            path("<int:object_id>/draft/preview/", wrap(self.draft_preview_view), name="claims_claim_draft_preview"),
            path(
                "<int:object_id>/evidence/<int:evidence_id>/edit/",
                wrap(self.evidence_edit_view),
                name="claims_claim_evidence_edit",
            ),
            path(
                "<int:object_id>/evidence/<int:evidence_id>/remove/",
                wrap(self.evidence_remove_view),
                name="claims_claim_evidence_remove",
            ),
            path("<int:object_id>/restate/", wrap(self.restate_view), name="claims_claim_restate"),
            path("<int:object_id>/tags/", wrap(self.tags_view), name="claims_claim_tags"),
            *super().get_urls(),
        ]

    def my_claims_view(self, request):
        return views.my_claims_view(self, request)

    def dashboard_view(self, request):
        return views.dashboard_view(self, request)

    def workflow_view(self, request, object_id, action):
        return views.workflow_action_view(self, request, str(object_id), action)

    def draft_history_view(self, request, object_id, number=None):
        return drafts.draft_history_view(self, request, object_id, number)

    def draft_preview_view(self, request, object_id):
        return drafts.preview_view(self, request, object_id)

    def evidence_edit_view(self, request, object_id, evidence_id):
        return views.evidence_edit_view(self, request, str(object_id), evidence_id)

    def evidence_remove_view(self, request, object_id, evidence_id):
        return views.evidence_remove_view(self, request, str(object_id), evidence_id)

    def restate_view(self, request, object_id):
        """The claim as the desk states it (``desk.claim_edits``): wording, speaker, date, where it appeared."""
        return claim_edits.restate_view(self, request, views.get_claim(self, request, str(object_id)))

    def tags_view(self, request, object_id):
        """Topics and tags (``desk.tags``): accept a suggested topic, or save the panel."""
        return tags.tags_view(self, request, views.get_claim(self, request, str(object_id)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if claim is not None and self.has_view_permission(request, claim):
            wf = views.claim_workflow_context(request, claim)
            # --- the queue: where this claim sits in the editor's view, and triage buttons that go on to
            # the next claim of that view (queue.after_triage) ---
            nav = queue.queue_nav(self, request, claim.pk, request.GET.get(queue.FILTERS, ""), claim=claim)
            for button in wf.get("buttons", []):
                if button["action"] in queue.TRIAGE_MOVES:
                    button["url"] = queue.triage_url(button["url"], nav)
            extra_context = {**(extra_context or {}), "wf": wf, "queue_nav": nav}
            extra_context["tagging"] = tags.tagging_context(request, claim)  # topics and tags panel
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        """The claim's standard fields, all read-only, drawn in one pass (``rendering.readonly_fieldsets``)."""
        if context.get("adminform") is not None:
            context["fd_fieldsets"] = rendering.readonly_fieldsets(context["adminform"])
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        """The queue, titled as editors call it, with the saved views and the keyboard help."""
        # The admin's app list sidebar would take a quarter of the screen from the queue's columns.
        context = {
            "title": gettext("Claim queue"),
            "is_nav_sidebar_enabled": False,
            **queue.sidebar_context(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def save_view_view(self, request):
        return queue.save_view(self, request)

    def delete_view_view(self, request, view_id):
        return queue.delete_view(self, request, view_id)

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History link shows the workflow audit trail rather than Django's LogEntry."""
        return views.history_view(self, request, object_id)

    # --- bulk actions (each calls a service per claim) -----------------------------------------------

    def _intermediate(self, request, queryset, form, action, title, submit_label):
        claims = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "claims": claims,
            "summary": views.bulk_summary(claims),
            "form": form,
            "action": action,
            "submit_label": submit_label,
        }
        return TemplateResponse(request, "workflows/desk/bulk_action.html", context)

    def _report(self, request, result, verb):
        if result.done:
            self.message_user(
                request,
                ngettext("%(count)d claim %(done)s.", "%(count)d claims %(done)s.", len(result.done))
                % {"count": len(result.done), "done": verb},
                messages.SUCCESS,
            )
        for claim_id, error in list(result.failed.items())[:10]:
            self.message_user(
                request, gettext("Claim %(id)s: %(reason)s") % {"id": claim_id, "reason": error.message}, messages.ERROR
            )
        if len(result.failed) > 10:
            self.message_user(
                request, gettext("…and %(count)d more refused.") % {"count": len(result.failed) - 10}, messages.ERROR
            )

    @admin.action(description=_("Assign to reviewer(s) with a due date…"), permissions=["workflow"])
    def assign_reviewers(self, request, queryset):
        form = BulkAssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_assign(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                actor=request.user,
                reviewers=form.reviewers(),
                due_at=form.cleaned_data["due_at"],
                priority=form.cleaned_data["priority"],
            )
            self._report(request, result, "assigned")
            return None
        return self._intermediate(
            request, queryset, form, "assign_reviewers", gettext("Assign claims"), gettext("Assign")
        )

    @admin.action(description=_("Auto-assign by workload"), permissions=["workflow"])
    def auto_assign(self, request, queryset):
        result = services.claims_auto_assign(claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        if result.assigned:
            pairs = ", ".join(f"{cid} → {user.get_username()}" for cid, user in result.assigned.items())
            self.message_user(
                request,
                ngettext(
                    "Auto-assigned %(count)d claim: %(pairs)s.",
                    "Auto-assigned %(count)d claims: %(pairs)s.",
                    len(result.assigned),
                )
                % {"count": len(result.assigned), "pairs": pairs},
                messages.SUCCESS,
            )
        for claim_id, why in list(result.skipped.items())[:10]:
            self.message_user(request, f"Claim {claim_id} skipped: {why}.", messages.WARNING)

    @admin.action(description=_("Dismiss with a reason…"), permissions=["workflow"])
    def dismiss_with_reason(self, request, queryset):
        form = BulkDismissForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_dismiss(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            self._report(request, result, "dismissed")
            return None
        return self._intermediate(
            request, queryset, form, "dismiss_with_reason", gettext("Dismiss claims"), gettext("Dismiss")
        )

    @admin.action(description=_("Set priority…"), permissions=["workflow"])
    def set_priority(self, request, queryset):
        form = BulkPriorityForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_set_priority(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                actor=request.user,
                priority=form.cleaned_data["priority"],
            )
            self._report(request, result, "updated")
            return None
        return self._intermediate(
            request, queryset, form, "set_priority", gettext("Set priority"), gettext("Set priority")
        )
