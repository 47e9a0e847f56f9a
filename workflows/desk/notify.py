"""The desk's pages for webhooks and chat channels (editors and admins).

Every change goes through ``factcheck.notify.services``: register (the secret is shown once, on the page the
editor lands on, then never again), delete, re-enable a disabled endpoint, send a test event; add, change
and delete chat channels (the apprise URL is shown masked once saved). The list shows each endpoint's state,
failures in a row and last error; a disabled endpoint is also announced on the desk's home page
(``notify_desk`` template tags).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from factcheck.notify import chat, events, selectors, services
from factcheck.notify.forms import ChannelForm, EndpointForm
from factcheck.notify.models import ChatChannel, WebhookDelivery, WebhookEndpoint

_NEW_SECRET = "notify:new_secret"  # noqa: S105 - the session key, not a secret


def _events_text(names) -> str:
    return ", ".join(names or []) or "—"


class _ManagersOnly(admin.ModelAdmin):
    """Editors and admins see and change these pages (``services.can_manage``); nobody edits rows directly."""

    class Media:
        css = {"all": ("notify/desk.css",)}

    def has_module_permission(self, request) -> bool:
        return services.can_manage(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return services.can_manage(request.user)

    def has_add_permission(self, request) -> bool:
        return services.can_manage(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return services.can_manage(request.user)

    def _form_page(self, request, form, *, title: str, submit: str, intro: str, extra=None):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "submit": submit,
            "intro": intro,
            "has_view_permission": True,
            **(extra or {}),
        }
        return TemplateResponse(request, "notify/desk/form.html", context)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ManagersOnly):
    list_display = ("endpoint", "events_list", "state", "last_problem")
    list_display_links = ("endpoint",)
    list_filter = ("active",)
    search_fields = ("url", "description")
    change_form_template = "notify/desk/endpoint_change_form.html"
    fields = (
        "url",
        "description",
        "events_list",
        "state",
        "secret_hint",
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "last_error",
        "last_success_at",
        "created_by",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.endpoints(request.user) if services.can_manage(request.user) else super().get_queryset(request)

    @admin.display(description=_("Events"))
    def events_list(self, obj):
        return _events_text(obj.events)

    @admin.display(description=_("Signing secret"))
    def secret_hint(self, obj):
        return format_html("{} <span class='fd-muted'>({})</span>", obj.secret_hint, _t("shown in full only once"))

    @admin.display(description=_("Endpoint"), ordering="url")
    def endpoint(self, obj):
        if not obj.description:
            return obj.url
        return format_html('{}<span class="fd-reason fd-muted">{}</span>', obj.url, obj.description)

    @admin.display(description=_("State"), ordering="active")
    def state(self, obj):
        if obj.active and not obj.consecutive_failures:
            return format_html('<span class="fd-state fd-state-ok">{}</span>', _t("Active"))
        if obj.active:
            return format_html(
                '<span class="fd-state fd-state-warn">{}</span>',
                _t("Active, %(count)s failed in a row") % {"count": obj.consecutive_failures},
            )
        since = obj.disabled_at.strftime("%Y-%m-%d %H:%M") if obj.disabled_at else ""
        return format_html(
            '<span class="fd-state fd-state-off">{}</span><span class="fd-reason">{}</span>',
            _t("Disabled"),
            _t("since %(when)s, after %(count)s failures in a row")
            % {"when": since, "count": obj.consecutive_failures},
        )

    @admin.display(description=_("Last error"))
    def last_problem(self, obj):
        return obj.last_error or "—"

    def get_urls(self):
        own = [
            path(
                "<int:pk>/enable/", self.admin_site.admin_view(self.enable_view), name="notify_webhookendpoint_enable"
            ),
            path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="notify_webhookendpoint_test"),
            path(
                "<int:pk>/resend/", self.admin_site.admin_view(self.resend_view), name="notify_webhookendpoint_resend"
            ),
        ]
        return own + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = EndpointForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                registered = services.endpoint_register(actor=request.user, **form.cleaned_data)
            except services.NotifyError as error:
                form.add_refusal(error)
            else:
                request.session[_NEW_SECRET] = {"id": registered.endpoint.pk, "secret": registered.secret}
                self.message_user(request, _t("Webhook endpoint registered."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:notify_webhookendpoint_change", args=[registered.endpoint.pk])
                )
        return self._form_page(
            request,
            form,
            title=_t("Add a webhook endpoint"),
            submit=_t("Register the endpoint"),
            intro=_t(
                "Factdesk will POST signed JSON to this address for each event you choose. You will see the signing "
                "secret once, on the next page: give it to the partner then."
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        shown = request.session.get(_NEW_SECRET)
        secret = None
        if shown and str(shown.get("id")) == str(object_id):
            secret = shown["secret"]
            del request.session[_NEW_SECRET]  # once: a reload shows only the hint
        extra = {
            **(extra_context or {}),
            "new_secret": secret,
            "deliveries": selectors.recent_deliveries(int(object_id)) if str(object_id).isdigit() else [],
            "missed": selectors.missed_count(int(object_id)) if str(object_id).isdigit() else 0,
            "failed_status": WebhookDelivery.Status.FAILED,
            "delivered_status": WebhookDelivery.Status.DELIVERED,
        }
        # Admin pages are sent ``no-store`` (never_cache), so the browser keeps no copy of the secret either.
        return super().change_view(request, object_id, form_url, extra)

    def _action(self, request, pk: int, run, done: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            run(actor=request.user, endpoint_id=pk)
        except services.NotifyError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:notify_webhookendpoint_change", args=[pk]))

    def enable_view(self, request, pk: int):
        return self._action(
            request, pk, services.endpoint_enable, _t("Endpoint re-enabled: new events will be sent to it again.")
        )

    def test_view(self, request, pk: int):
        return self._action(
            request, pk, services.endpoint_send_test, _t("Test event queued: its delivery is listed below.")
        )

    def resend_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            count = services.endpoint_resend_missed(actor=request.user, endpoint_id=pk)
        except services.NotifyError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext("%(count)s missed delivery queued again.", "%(count)s missed deliveries queued again.", count)
                % {"count": count},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:notify_webhookendpoint_change", args=[pk]))

    def delete_model(self, request, obj):
        services.endpoint_delete(actor=request.user, endpoint_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for endpoint_id in queryset.values_list("pk", flat=True):
            services.endpoint_delete(actor=request.user, endpoint_id=endpoint_id)


@admin.register(ChatChannel)
class ChatChannelAdmin(_ManagersOnly):
    list_display = ("channel", "events_list", "status")
    list_display_links = ("channel",)
    list_filter = ("enabled",)
    search_fields = ("name",)

    @admin.display(description=_("Channel"), ordering="name")
    def channel(self, obj):
        return format_html('{}<span class="fd-reason fd-muted">{}</span>', obj.name, chat.masked(obj.apprise_url))

    @admin.display(description=_("Events"))
    def events_list(self, obj):
        return _events_text(obj.events)

    @admin.display(description=_("Status"), ordering="enabled")
    def status(self, obj):
        if not obj.enabled:
            return format_html('<span class="fd-state fd-state-warn">{}</span>', _t("Off"))
        if obj.last_error:
            return format_html(
                '<span class="fd-state fd-state-off">{}</span><span class="fd-reason">{}</span>',
                _t("Last message failed"),
                obj.last_error,
            )
        sent = (
            _t("last message %(when)s") % {"when": obj.last_sent_at.strftime("%Y-%m-%d %H:%M")}
            if obj.last_sent_at
            else _t("nothing sent yet")
        )
        return format_html(
            '<span class="fd-state fd-state-ok">{}</span><span class="fd-reason fd-muted">{}</span>', _t("On"), sent
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return services.can_manage(request.user)

    def get_urls(self):
        own = [path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="notify_chatchannel_test")]
        return own + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        return self._edit(request, None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit() or not ChatChannel.objects.filter(pk=object_id).exists():
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        return self._edit(request, int(object_id))

    def _edit(self, request, channel_id: int | None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        channel = ChatChannel.objects.get(pk=channel_id) if channel_id else None
        initial = (
            {"name": channel.name, "events": channel.events, "enabled": channel.enabled}
            if channel
            else {"enabled": True, "events": [events.PUBLISHED, events.CORRECTED, events.RETRACTED]}
        )
        form = ChannelForm(request.POST or None, initial=initial, editing=channel is not None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.channel_save(
                    actor=request.user,
                    channel_id=channel_id,
                    name=data["name"],
                    url=data["apprise_url"],
                    events=data["events"],
                    enabled=data["enabled"],
                )
            except services.NotifyError as error:
                form.add_refusal(error)
            else:
                self.message_user(
                    request, _t("Chat channel “%(name)s” saved.") % {"name": saved.name}, messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:notify_chatchannel_changelist"))
        extra = {"channel": channel, "masked": chat.masked(channel.apprise_url) if channel else ""}
        return self._form_page(
            request,
            form,
            title=_t("Change a chat channel") if channel else _t("Add a chat channel"),
            submit=_t("Save the channel"),
            intro=_t(
                "Factdesk posts a short message to this channel for each event you choose, through apprise "
                "(Slack, Microsoft Teams, Mattermost, Rocket.Chat and others)."
            ),
            extra=extra,
        )

    def test_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            services.channel_send_test(actor=request.user, channel_id=pk)
        except services.NotifyError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, _t("Test message sent: look for it in the channel."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:notify_chatchannel_change", args=[pk]))

    def delete_model(self, request, obj):
        services.channel_delete(actor=request.user, channel_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for channel_id in queryset.values_list("pk", flat=True):
            services.channel_delete(actor=request.user, channel_id=channel_id)
