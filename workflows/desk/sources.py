"""The desk's monitored sources: what the desk watches, how each poll went, and the way to change it.

The list says, per source, its kind, language, whether it is on, the last success and the last failure with
its reason, what it brought in and when it is polled next. The add/edit form is the model's editable fields
only; its refusals come from ``factcheck.sources.services.source_problems`` (the API's messages too), on
the field they are about, with everything typed kept, and a stale edit is refused. Saving, deleting,
switching on and off and "Poll now" all call the sources services, which check the editor's role and
write the audit log; editors and admins see the page, reviewers do not (``can_manage_sources``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from factcheck.safety import http_url
from factcheck.sources import selectors
from factcheck.sources.models import Source
from factcheck.sources.services import (
    EDITABLE,
    SourceRefused,
    can_manage_sources,
    source_create,
    source_delete,
    source_poll_now,
    source_problems,
    source_set_enabled,
    source_update,
)


class SourceForm(forms.ModelForm):
    """The editable fields, checked by the service's own rules; ``loaded_at`` is the row as it was opened."""

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    # Plain text: the service says what is wrong with an address (not Django's "Enter a valid URL").
    url = forms.CharField(
        label=gettext_lazy("Address"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "size": 60}),
        help_text=gettext_lazy("The feed's or page's public address, starting with https://."),
    )

    class Meta:
        model = Source
        fields = EDITABLE
        help_texts = {
            "name": gettext_lazy("How the desk names it, e.g. “Daily Courier: politics”."),
            "kind": gettext_lazy(
                "A feed brings each new entry in as an article; a web page is brought in again whenever its text "
                "changes; a ClaimReview feed (JSON or JSON-LD, or a Google Fact Check Tools file) adds another "
                "publisher's fact-checks to the archive, so repeated claims show as already checked."
            ),
            "language": gettext_lazy("A language code: en, es, pt-BR…"),
            "poll_minutes": gettext_lazy("Between 5 minutes and a week (10080). A failing source waits longer."),
            "enabled": gettext_lazy("Off: kept, but not polled."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"size": 40}),
            "language": forms.TextInput(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_at"] = self.instance.updated_at.isoformat()

    def validate_unique(self):
        """Names and addresses are checked by ``source_problems``, in words that say what to do."""

    def loaded(self):
        return parse_datetime(self.cleaned_data.get("loaded_at") or "")

    def changes(self) -> dict:
        fields = [name for name in EDITABLE if name in self.cleaned_data]
        if self.instance.pk:
            fields = [name for name in fields if name in self.changed_data]
        return {name: self.cleaned_data[name] for name in fields}

    def clean(self):
        cleaned = super().clean()
        changes = {name: value for name, value in self.changes().items() if name not in self.errors}
        for name, problems in source_problems(changes, source_id=self.instance.pk).items():
            for problem in problems:
                self.add_error(name if name in self.fields else None, problem)
        loaded = self.loaded()
        if self.instance.pk and loaded is not None:
            current = Source.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            if current is not None and current != loaded:
                self.add_error(
                    None,
                    _(
                        "Someone changed this source after you opened it. Your changes are still below: "
                        "open the source again in another tab to see theirs, then save what should stay."
                    ),
                )
                self.data = self.data.copy()
                self.data["loaded_at"] = current.isoformat()
        return cleaned


def _when(value) -> str:
    """A time as the desk reads it: "4 minutes ago", "2 hours from now" (the exact time on hover)."""
    if not value:
        return ""
    exact = date_format(timezone.localtime(value), "j M Y, H:i")
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(), exact, naturaltime(value))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = (
        "name",
        "kind_label",
        "language",
        "enabled",
        "last_success",
        "last_failure",
        "brought_in",
        "next_poll",
    )
    list_display_links = ("name",)
    # No filter column: a desk watches tens of sources, and the table needs the width (sort by any column).
    search_fields = ("name", "url")
    actions = ["poll_now", "enable", "disable"]
    readonly_fields = ("status", "recent_entries")
    change_form_template = "workflows/desk/source_change_form.html"
    change_list_template = "workflows/desk/source_change_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": (*EDITABLE, "loaded_at")})]
        if obj is not None:
            fieldsets.append((_("Polling"), {"fields": ("status", "recent_entries")}))
        return fieldsets

    # --- who may: editors and admins (the service checks again) --------------------------------------

    def has_module_permission(self, request) -> bool:
        return can_manage_sources(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_manage_sources(request.user)

    def has_add_permission(self, request) -> bool:
        return can_manage_sources(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_manage_sources(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_manage_sources(request.user)

    def get_queryset(self, request):
        try:
            return selectors.visible_sources(request.user)
        except SourceRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal

    # --- columns -------------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("kind"), ordering="kind")
    def kind_label(self, obj: Source) -> str:
        return {"rss": _("Feed"), "page": _("Web page"), "claimreview": _("ClaimReview")}.get(obj.kind, obj.kind)

    @admin.display(description=gettext_lazy("last success"), ordering="last_success_at")
    def last_success(self, obj: Source):
        return _when(obj.last_success_at) or _("never")

    @admin.display(description=gettext_lazy("last failure"), ordering="last_failure_at")
    def last_failure(self, obj: Source):
        if obj.last_failure_at is None:
            return "—"
        if obj.consecutive_failures:
            label = ngettext(
                "failing (%(n)d time in a row)", "failing (%(n)d times in a row)", obj.consecutive_failures
            )
            return format_html(
                '<span class="fd-source-failing"><strong>{}</strong>, {}<br>{}</span>',
                label % {"n": obj.consecutive_failures},
                _when(obj.last_failure_at),
                obj.last_error,
            )
        return format_html('<span class="fd-muted">{}<br>{}</span>', _when(obj.last_failure_at), obj.last_error)

    @admin.display(description=gettext_lazy("brought in"))
    def brought_in(self, obj: Source) -> str:
        if obj.kind == Source.Kind.CLAIMREVIEW:
            return ngettext("%(n)d fact-check", "%(n)d fact-checks", obj.factchecks_imported) % {
                "n": obj.factchecks_imported
            }
        articles = ngettext("%(n)d article", "%(n)d articles", obj.articles_ingested) % {"n": obj.articles_ingested}
        if obj.entries_seen == obj.articles_ingested:
            return articles
        entries = ngettext("of %(n)d entry", "of %(n)d entries", obj.entries_seen) % {"n": obj.entries_seen}
        return f"{articles} {entries}"

    @admin.display(description=gettext_lazy("next poll"), ordering="next_poll_at")
    def next_poll(self, obj: Source):
        if not obj.enabled:
            return _("off")
        if obj.polling_since is not None:
            return _("polling now")
        if obj.next_poll_at is None or obj.next_poll_at <= timezone.now():
            return _("due now")
        return _when(obj.next_poll_at)

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj: Source):
        rows = [
            (_("Last polled"), _when(obj.last_polled_at) or _("never")),
            (_("Last success"), self.last_success(obj)),
            (
                _("Last failure"),
                format_html("{}: {}", _when(obj.last_failure_at), obj.last_error) if obj.last_failure_at else "—",
            ),
            (_("Failures in a row"), str(obj.consecutive_failures)),
            (_("Next poll"), self.next_poll(obj)),
            (_("Brought in"), self.brought_in(obj)),
        ]
        return format_html('<dl class="fd-source-status">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description=gettext_lazy("latest entries"))
    def recent_entries(self, obj: Source):
        entries = list(selectors.recent_entries(obj))
        if not entries:
            return _("Nothing taken yet.")
        items = []
        for entry in entries:
            if entry.article_id:
                target = reverse("admin:articles_article_change", args=[entry.article_id])
            elif entry.factcheck_id:
                target = reverse("admin:claims_archivedfactcheck_change", args=[entry.factcheck_id])
            else:
                target = http_url(entry.url) or ""
            title = entry.title or entry.url or entry.key
            label = format_html('<a href="{}">{}</a>', target, title) if target else title
            note = f" — {entry.note}" if entry.note else ""
            items.append((label, entry.get_outcome_display(), _when(entry.created_at), note))
        return format_html(
            '<ul class="fd-source-entries">{}</ul>',
            format_html_join("", '<li>{} <span class="fd-muted">({}, {}){}</span></li>', items),
        )

    # --- writes go through the services ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        try:
            if change:
                saved = source_update(
                    actor=request.user, source_id=obj.pk, changes=form.changes(), expected_updated_at=form.loaded()
                )
            else:
                saved = source_create(actor=request.user, **form.changes())
        except SourceRefused as refusal:
            # Only a change made between the form's checks and this save gets here.
            raise PermissionDenied(refusal.message) from refusal
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        source_delete(actor=request.user, source_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for source_id in list(queryset.values_list("pk", flat=True)):
            source_delete(actor=request.user, source_id=source_id)

    def log_addition(self, request, obj, message):
        """The audit log (``source.create``) records it; Django's own admin log would say it twice."""

    def log_change(self, request, obj, message):
        """See ``log_addition``."""

    def log_deletion(self, request, obj, object_repr):
        """See ``log_addition``."""

    def log_deletions(self, request, queryset):
        """See ``log_addition``."""

    # --- Poll now, Enable, Disable --------------------------------------------------------------------

    def get_urls(self):
        poll = path("<path:object_id>/poll/", self.admin_site.admin_view(self.poll_view), name="sources_source_poll")
        return [poll, *super().get_urls()]

    def poll_view(self, request, object_id):
        """POST from the source's page: poll it now, then back to the page, which shows how it went."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = self.get_object(request, object_id)
        if source is None:
            self.message_user(request, _("That source no longer exists."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:sources_source_changelist"))
        self._poll(request, [source.pk])
        return HttpResponseRedirect(reverse("admin:sources_source_change", args=[source.pk]))

    def _poll(self, request, source_ids: list[int]) -> None:
        started = timezone.now()
        for source_id in source_ids:
            try:
                source_poll_now(actor=request.user, source_id=source_id)
            except SourceRefused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
                return
        for source in Source.objects.filter(pk__in=source_ids):
            self.message_user(request, *self._told(source, started))

    def _told(self, source: Source, started) -> tuple[str, int]:
        """How a poll asked for just now went, or that a worker has it (then the list shows it shortly)."""
        if source.last_polled_at is None or source.last_polled_at < started:
            return _("“%(name)s” is being polled by a worker; reload this page in a moment.") % {
                "name": source
            }, messages.INFO
        if source.last_failure_at and source.last_failure_at >= started:
            return _("“%(name)s” failed: %(reason)s") % {"name": source, "reason": source.last_error}, messages.ERROR
        return _("“%(name)s” polled: see what it brought in below.") % {"name": source}, messages.SUCCESS

    @admin.action(description=gettext_lazy("Poll the selected sources now"))
    def poll_now(self, request, queryset):
        self._poll(request, list(queryset.values_list("pk", flat=True)))

    @admin.action(description=gettext_lazy("Enable the selected sources (polled at once)"))
    def enable(self, request, queryset):
        self._switch(request, queryset, enabled=True)

    @admin.action(description=gettext_lazy("Disable the selected sources"))
    def disable(self, request, queryset):
        self._switch(request, queryset, enabled=False)

    def _switch(self, request, queryset, *, enabled: bool) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        for source_id in ids:
            source_set_enabled(actor=request.user, source_id=source_id, enabled=enabled)
        text = (
            ngettext(
                "%(n)d source enabled; it is due for a poll now.",
                "%(n)d sources enabled; they are due for a poll now.",
                len(ids),
            )
            if enabled
            else ngettext("%(n)d source disabled.", "%(n)d sources disabled.", len(ids))
        )
        self.message_user(request, text % {"n": len(ids)}, messages.SUCCESS)
