"""The audit log: who did what to which object, append-only (``models.AuditEvent``), written through
``log.record``.

Its own small app, below the services: ingestion and the workflow services both write through it, and it
imports neither. The table keeps its first name, ``workflows_auditevent`` (the log began in the workflow
app; migration ``audit/0001`` moved the model here without touching a row).
"""
