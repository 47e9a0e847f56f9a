from django.apps import AppConfig


class VerdictsConfig(AppConfig):
    name = "factcheck.verdicts"
    label = "verdicts"
    verbose_name = "Verdicts and ratings"
