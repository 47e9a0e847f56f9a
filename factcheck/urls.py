"""Top-level URL map: the admin (the desk), the API and the public fact-check site."""
from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Factdesk"
admin.site.site_title = "Factdesk"
admin.site.index_title = "Fact-check desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
