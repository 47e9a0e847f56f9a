"""The project's URLs plus ``/bench/ok/``: a trivial Django view through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from factcheck.urls import urlpatterns as project_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok, name="bench-ok"), *project_urlpatterns]
