"""Top-level URL map: the admin (the desk), the API and the public fact-check site."""
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "Factdesk"
admin.site.site_title = "Factdesk"
admin.site.index_title = "Fact-check desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("factcheck.publishing.urls")),
    # Readers land on the fact-checks; the desk stays at /admin/.
    path("", RedirectView.as_view(pattern_name="publishing:index", permanent=False)),
]
