"""Top-level URL map: the admin (the desk), the API and the public fact-check site."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from factcheck.ops.health import healthz, readyz
from workflows.desk.preferences import my_settings_view

admin.site.site_header = "Factdesk"
admin.site.site_title = "Factdesk"
admin.site.index_title = "Fact-check desk"

urlpatterns = [
    # The public site first: its pages are by far the most requested, and a URL is matched pattern by pattern
    # (behind the admin, the API and the forms, resolving a fact-check page took a tenth of its cached cost).
    # None of its patterns matches an address of the others.
    path("", include("factcheck.publishing.urls")),
    # The desk's "My settings" (interface language, time zone): signed-in desk users only.
    path("admin/my-settings/", admin.site.admin_view(my_settings_view), name="desk_my_settings"),
    path("admin/", admin.site.urls),
    # The language switch posts to Django's set_language: the desk's (in its header) with a CSRF token like
    # every desk form; the public site's (in its footer) without one, since public pages are cached and
    # shared by every reader and so carry no per-reader token. The most a forged post to it could do is
    # change a reader's interface language.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/setlang/site/", csrf_exempt(set_language), name="set_language_public"),
    path("api/v1/", include("factcheck.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL, not inline, so the CSP needs no
    # 'unsafe-inline' script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Probes (factcheck.ops.health): /healthz alive (database only, for load balancers), /readyz ready
    # (database, broker, a worker seen recently; cached a few seconds, for monitors and deploys).
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Readers' forms (suggest a claim, report an error): never cached, so their CSRF token is the reader's own.
    path("", include("factcheck.tips.urls")),
    # Readers land on the fact-checks; the desk stays at /admin/.
    path("", RedirectView.as_view(pattern_name="publishing:index", permanent=False)),
]

# A 400 says which rule the request broke (too large, too many fields, malformed) instead of a bare page.
handler400 = "factcheck.ops.security.bad_request"
