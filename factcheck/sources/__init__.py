"""Monitored sources: feeds, pages and other publishers' ClaimReview feeds, polled on a schedule.

Rows say what to watch (``models.Source``) and what was already taken (``models.SourceEntry``); ``services``
creates, changes and polls them; ``parsing`` reads what a fetch returned (no database); ``tasks`` are the
Celery entry points beat and the desk send. Ingestion floor: it uses the articles ingest service and the
claims archive import, and imports nothing of the workflow, the public site or the API.
"""
