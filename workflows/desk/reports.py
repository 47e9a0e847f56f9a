"""The desk's side of readers' tips and error reports.

Error reports: a list that opens on the open ones, and each report's page, which is its resolve screen: the
report as the reader sent it, the fact-check's published corrections, and one form to resolve it with a
correction (one already published, or a new one written here and published through ``factcheck_correct``)
or with "no change" and the reason. The form posts to ``workflows.services.reports.report_resolve``; a
refusal comes back with every typed value kept and each reason by its field. Tips: a read-only list of what
readers sent and the claim each became (the claims themselves are in the queue, origin "Reader tip").

Any desk role may read both; resolving is for whoever may correct the fact-check (the service checks).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from factcheck.roles import role_of
from factcheck.safety import http_url
from factcheck.shorten import shortened
from factcheck.tips.models import ErrorReport, Tip
from factcheck.verdicts.models import Correction, Rating

from .. import permissions
from ..actions import Action
from ..exceptions import ValidationFailed, WorkflowError
from ..services.reports import report_resolve
from .mixins import WrittenByServicesMixin

#: The service's field names (``factcheck_correct``'s keywords) as this form calls them.
FIELD_NAMES = {"new_rating_id": "new_rating", "note": "note", "correction": "correction", "reason": "reason"}


class _DeskReadable:
    """Readable by every desk role (the groups' model permissions know nothing of the tips app)."""

    def has_module_permission(self, request):
        return role_of(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return role_of(request.user) is not None


class ReportStateFilter(admin.SimpleListFilter):
    """Open reports first: the list opens on what waits for an editor."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))]

    def choices(self, changelist):
        current = self.value() or "open"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        return queryset if value == "all" else queryset.filter(state=value)


class CorrectionChoice(forms.ModelChoiceField):
    """A published correction, named as the corrections log shows it."""

    def label_from_instance(self, obj: Correction) -> str:
        return f"{obj.created_at:%d %b %Y} · {obj.get_kind_display()}: {obj.what_changed}"


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ErrorReport.Resolution.NO_CHANGE, _("No change: the fact-check stands")),
            (ErrorReport.Resolution.CORRECTION, _("Corrected: the fact-check was wrong")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What we tell the reader"),
        help_text=_("Required for “no change”: why the fact-check stands. Sent to the reader if they left an email."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction = CorrectionChoice(
        label=_("A correction already published"),
        queryset=Correction.objects.none(),
        required=False,
        empty_label=_("— none: write a new correction below —"),
    )
    note = forms.CharField(
        label=_("Correction note (public)"),
        help_text=_("Shown in the fact-check's corrections log."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    what_changed = forms.CharField(
        label=_("What changed (public, optional)"),
        help_text=_("Left empty, it is written from the changes."),
        required=False,
        max_length=300,
    )
    new_rating = forms.ModelChoiceField(
        label=_("New rating"), queryset=Rating.objects.none(), required=False, empty_label=_("— keep the rating —")
    )
    headline = forms.CharField(label=_("New headline"), required=False, max_length=300)
    summary = forms.CharField(label=_("New summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, report: ErrorReport, **kwargs):
        super().__init__(*args, **kwargs)
        verdict = report.verdict
        correction = self.fields["correction"]
        assert isinstance(correction, forms.ModelChoiceField)
        correction.queryset = verdict.corrections.order_by("-created_at")
        new_rating = self.fields["new_rating"]
        assert isinstance(new_rating, forms.ModelChoiceField)
        scale_id = verdict.rating.scale_id if verdict.rating is not None else None
        new_rating.queryset = (
            Rating.objects.filter(scale_id=scale_id).order_by("position") if scale_id else Rating.objects.none()
        )

    def new_correction(self) -> dict | None:
        data = self.cleaned_data
        fields = {
            "note": data.get("note") or "",
            "what_changed": data.get("what_changed") or "",
            "new_rating_id": data["new_rating"].pk if data.get("new_rating") else None,
            "headline": data.get("headline") or None,
            "summary": data.get("summary") or None,
        }
        return fields if any(v for v in fields.values()) else None


@admin.register(ErrorReport)
class ErrorReportAdmin(_DeskReadable, WrittenByServicesMixin, admin.ModelAdmin):
    # Three columns, so the list reads on a phone too: the report (with its fact-check, date and evidence
    # under it), its state, and how it ended (and whether the reader was told).
    list_display = ("report", "state_label", "outcome")
    list_display_links = None
    list_filter = (ReportStateFilter,)
    list_select_related = ("verdict", "resolved_by", "correction")
    search_fields = ("message", "verdict__headline")
    ordering = ("-created_at", "-id")
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Readers' error reports"), **(extra_context or {})})

    @admin.display(description=_("What the reader says is wrong"), ordering="created_at")
    def report(self, obj):
        text = obj.message if len(obj.message) <= 160 else obj.message[:159] + "…"
        claim_url = reverse("admin:claims_claim_change", args=[obj.verdict.claim_id])
        evidence = http_url(obj.evidence_url)
        return format_html(
            '<a href="{}" title="{}">{}</a><br>'
            '<span style="color:var(--body-quiet-color,#555);font-size:0.9em">{} <a href="{}">{}</a> · {}{}</span>',
            reverse("admin:tips_errorreport_resolve", args=[obj.pk]),
            obj.message[:1000],
            text,
            _("on"),
            claim_url,
            obj.verdict.headline or obj.verdict.slug,
            date_format(timezone.localtime(obj.created_at), "j M Y, H:i"),
            format_html(' · <a href="{}" rel="nofollow noopener noreferrer">{}</a>', evidence, _("evidence"))
            if evidence
            else "",
        )

    @admin.display(description=_("State"), ordering="state")
    def state_label(self, obj):
        colour = "#b3261e" if obj.state == ErrorReport.State.OPEN else "#2e6b30"
        return format_html(
            '<span style="background:{};color:#fff;padding:0 0.4em;border-radius:3px;font-weight:bold">{}</span>',
            colour,
            obj.get_state_display(),
        )

    @admin.display(description=_("Outcome"))
    def outcome(self, obj):
        if not obj.contact_email:
            told = _("no email given")
        elif obj.reader_notified_at:
            told = _("reader told")
        else:
            told = _("reader told when resolved") if obj.state == ErrorReport.State.OPEN else _("email being sent")
        if obj.state == ErrorReport.State.OPEN:
            return told
        who = obj.resolved_by.get_username() if obj.resolved_by else _("someone")
        return format_html(
            '{} ({})<br><span style="color:var(--body-quiet-color,#555)">{}</span>',
            obj.get_resolution_display(),
            who,
            told,
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="tips_errorreport_resolve",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The report's page is its resolve screen."""
        return self.resolve_view(request, object_id)

    def resolve_view(self, request, object_id):
        report = (
            self.get_queryset(request)
            .select_related("verdict", "verdict__claim", "verdict__rating")
            .filter(pk=object_id)
            .first()
        )
        if report is None or not self.has_view_permission(request, report):
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        claim = report.verdict.claim
        may_resolve = permissions.can(request.user, Action.CORRECT, claim)
        form = ResolveForm(request.POST if request.method == "POST" else None, report=report)
        refusal = ""
        if request.method == "POST" and report.state == ErrorReport.State.OPEN and form.is_valid():
            data = form.cleaned_data
            try:
                report_resolve(
                    report_id=report.pk,
                    actor=request.user,
                    outcome=data["outcome"],
                    reason=data.get("reason") or "",
                    correction_id=data["correction"].pk if data.get("correction") else None,
                    new_correction=form.new_correction(),
                )
            except ValidationFailed as error:
                for field, reasons in (error.errors or {}).items():
                    name = FIELD_NAMES.get(field, field)
                    for reason in reasons:
                        form.add_error(name if name in form.fields else None, reason)
                if not error.errors:
                    form.add_error(None, error.message)
            except WorkflowError as error:
                refusal = error.message
            else:
                told = _(" The reader will be told by email.") if report.contact_email else ""
                messages.success(request, _("Report resolved.") + told)
                return HttpResponseRedirect(reverse("admin:tips_errorreport_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Error report on “%(headline)s”") % {"headline": report.verdict.headline},
            "report": report,
            "claim": claim,
            "evidence_url": http_url(report.evidence_url),
            "public_url": report.verdict.get_absolute_url() if report.verdict.slug else "",
            "corrections": report.verdict.corrections.order_by("-created_at"),
            "form": form,
            "may_resolve": may_resolve,
            "refusal": refusal,
            "other_open": ErrorReport.objects.filter(verdict=report.verdict, state=ErrorReport.State.OPEN)
            .exclude(pk=report.pk)
            .count(),
        }
        return TemplateResponse(request, "workflows/desk/report_resolve.html", context)


@admin.register(Tip)
class TipAdmin(_DeskReadable, WrittenByServicesMixin, admin.ModelAdmin):
    """What readers suggested, and the claim each became (the claims are in the queue as "Reader tip")."""

    list_display = ("claim_text_short", "seen", "created_at", "channel", "claim_link")
    list_select_related = ("claim",)
    search_fields = ("claim_text", "seen_at")
    ordering = ("-created_at", "-id")
    # The address only on a tip's own page, for an editor who writes back (the reader agreed to that).
    fields = ("claim_text", "seen_at", "created_at", "channel", "claim_link", "problem", "contact_email", "consent")
    readonly_fields = fields

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Readers' tips"), **(extra_context or {})})

    @admin.display(description=_("Claim"))
    def claim_text_short(self, obj):
        return shortened(obj.claim_text, 140)

    @admin.display(description=_("Where it was seen"))
    def seen(self, obj):
        url = http_url(obj.seen_at)
        if url:
            return format_html('<a href="{}" rel="nofollow noopener noreferrer">{}</a>', url, url[:60])
        return obj.seen_at[:80]

    @admin.display(description=_("In the queue as"))
    def claim_link(self, obj):
        if obj.claim_id is None:
            return obj.problem or _("being added…")
        url = reverse("admin:claims_claim_change", args=[obj.claim_id])
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("claim %(id)s (%(state)s)") % {"id": obj.claim_id, "state": obj.claim.get_state_display()},
        )
