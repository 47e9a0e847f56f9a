"""Notifications that leave the desk: signed webhooks to partners and messages to chat channels.

The app listens for what the desk says happened (``factcheck.verdicts.signals.factcheck_changed``,
``factcheck.claims.signals.claim_submitted``), turns it into one stable JSON payload per event
(``payloads``), stores one ``WebhookDelivery`` per subscribed endpoint and sends each from a Celery task
through the SSRF-guarded fetcher, signed with the endpoint's secret (``signing``). The workflow never imports
it: it hears of changes only after they commit.
"""
