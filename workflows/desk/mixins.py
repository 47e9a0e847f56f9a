"""Admin building blocks for the rows only the workflow services write."""


class WrittenByServicesMixin:
    """Viewable in the admin, never added, changed or deleted there: the services own these rows
    (assignments, verdicts, evidence, corrections, votes, revisions, the audit log)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
