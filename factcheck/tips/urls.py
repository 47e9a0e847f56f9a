"""Readers' forms; included by ``factcheck.urls`` beside the public site."""

from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("suggest-a-claim/", views.suggest_claim, name="suggest"),
    path("suggest-a-claim/thanks/", views.suggest_thanks, name="suggest_thanks"),
    path("fact-checks/<slug:slug>/report/", views.report_error, name="report"),
    path("fact-checks/<slug:slug>/report/thanks/", views.report_thanks, name="report_thanks"),
]
