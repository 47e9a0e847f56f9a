"""The public pages of the tips app: "Suggest a claim to check", "Report an error" and their thank-you
pages.

They are never cached (the page cache of ``factcheck.publishing`` serves the same bytes to every reader, so
a CSRF token baked into it would be someone else's): the fact-check page, which is cached, only links to
its report page. A POST is counted against the sender's and the global limit first (429, the form kept as
typed), then the honeypot (400, the form kept), then the service's rules (the form again, each reason by its
field). Success redirects to the thank-you page, so a reload does not send twice.
"""

from __future__ import annotations

import math

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from factcheck.publishing.views import base_context

from . import limits, services
from .forms import ReportForm, TipForm
from .models import Channel


def _wait_words(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _limited(request: HttpRequest, template: str, context: dict, verdict: limits.Verdict) -> HttpResponse:
    if verdict.scope == "sender":
        notice = _(
            "We have received many messages from your connection in the last hour. Nothing was sent: please try "
            "again in %(wait)s. What you typed is still below."
        )
    else:
        notice = _(
            "We are receiving an unusual number of messages right now. Nothing was sent: please try again in "
            "%(wait)s. What you typed is still below."
        )
    context.update(notice=notice % {"wait": _wait_words(verdict.wait)}, notice_kind="limited")
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(verdict.wait)
    return response


def _bot(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context.update(
        notice=_(
            "Nothing was sent: the field “Leave this field empty” was filled in, which form-filling tools do. "
            "Empty it and send again."
        ),
        notice_kind="refused",
    )
    return render(request, template, context, status=400)


@never_cache
@csrf_protect
def suggest_claim(request: HttpRequest) -> HttpResponse:
    """A reader suggests a claim for us to check."""
    template = "tips/suggest.html"
    context = base_context(
        request,
        title=_("Suggest a claim to check"),
        canonical=reverse("tips:suggest"),
        description=_("Seen a claim you doubt? Send it to us and we may check it."),
    )
    form = TipForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method != "POST":
        return render(request, template, context)
    verdict = limits.check(request, limits.TIPS)
    if verdict.limited:
        return _limited(request, template, context, verdict)
    if form.is_bot():
        return _bot(request, template, context)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.tip_submit(
            claim=data.get("claim", ""),
            seen_at=data.get("seen_at", ""),
            email=data.get("email", ""),
            consent=bool(data.get("consent")),
            channel=Channel.WEB,
        )
    except services.InputRefused as refused:
        form.refuse(refused.errors)
        return render(request, template, context)
    return redirect("tips:suggest_thanks")


@never_cache
def suggest_thanks(request: HttpRequest) -> HttpResponse:
    context = base_context(
        request, title=_("Thank you for your suggestion"), canonical=reverse("tips:suggest_thanks"), noindex=True
    )
    return render(request, "tips/suggest_thanks.html", context)


@never_cache
@csrf_protect
def report_error(request: HttpRequest, slug: str) -> HttpResponse:
    """A reader reports an error in a published fact-check."""
    verdict = services.reportable_verdict(slug)
    if verdict is None:
        raise Http404(_("No such fact-check."))
    template = "tips/report.html"
    context = base_context(
        request,
        title=_("Report an error: %(headline)s") % {"headline": verdict.headline},
        canonical=reverse("tips:report", args=[slug]),
        noindex=True,
    )
    form = ReportForm(request.POST if request.method == "POST" else None)
    context.update(form=form, verdict=verdict, factcheck_url=verdict.get_absolute_url())
    if request.method != "POST":
        return render(request, template, context)
    limit = limits.check(request, limits.REPORTS)
    if limit.limited:
        return _limited(request, template, context, limit)
    if form.is_bot():
        return _bot(request, template, context)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.report_submit(
            slug=slug,
            message=data.get("message", ""),
            evidence_url=data.get("evidence_url", ""),
            email=data.get("email", ""),
            channel=Channel.WEB,
        )
    except services.InputRefused as refused:
        form.refuse(refused.errors)
        return render(request, template, context)
    except LookupError:  # retracted or unpublished meanwhile
        raise Http404(_("No such fact-check.")) from None
    return redirect("tips:report_thanks", slug=slug)


@never_cache
def report_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    verdict = services.reportable_verdict(slug)
    if verdict is None:
        raise Http404(_("No such fact-check."))
    context = base_context(
        request,
        title=_("Thank you for your report"),
        canonical=reverse("tips:report_thanks", args=[slug]),
        noindex=True,
    )
    context.update(verdict=verdict, factcheck_url=verdict.get_absolute_url())
    return render(request, "tips/report_thanks.html", context)
