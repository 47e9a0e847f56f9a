"""The three desk roles: their names, who holds which (``role_of``), and the model permissions each group
carries.

One module, below every app, so ingestion may ask a user's role as the workflow does. Model permissions
decide what the admin shows; what a user may *do* to a claim is decided by ``workflows.permissions`` (role x
action, plus assignment), which every service checks.
"""

from django.contrib.auth.models import AnonymousUser

REVIEWER = "Reviewer"
EDITOR = "Editor"
ADMIN = "Admin"
ROLES = (REVIEWER, EDITOR, ADMIN)

_READ_ALL = [
    "articles.view_article",
    "claims.view_claim",
    "claims.view_claimcluster",
    "claims.view_assignment",
    "claims.view_archivedfactcheck",
    "verdicts.view_ratingscale",
    "verdicts.view_rating",
    "verdicts.view_verdict",
    "verdicts.view_evidencelink",
    "verdicts.view_correction",
    "audit.view_auditevent",
    "workflows.view_reviewerprofile",
]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    REVIEWER: _READ_ALL
    + [
        "verdicts.change_verdict",
        "verdicts.add_evidencelink",
        "verdicts.change_evidencelink",
        "verdicts.delete_evidencelink",
    ],
    EDITOR: _READ_ALL
    + [
        "articles.add_article",
        "claims.change_claim",
        "claims.change_claimcluster",
        "claims.add_assignment",
        "claims.change_assignment",
        "claims.add_archivedfactcheck",
        "verdicts.change_verdict",
        "verdicts.add_evidencelink",
        "verdicts.change_evidencelink",
        "verdicts.delete_evidencelink",
        "verdicts.add_correction",
        "workflows.change_reviewerprofile",
        "workflows.add_reviewerprofile",
    ],
}


def role_of(user) -> str | None:
    """The user's desk role: superusers are Admin; with several groups the strongest wins; else None."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    cache = getattr(user, "_factdesk_role", False)
    if cache is not False:
        return cache
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    role = next((r for r in (ADMIN, EDITOR, REVIEWER) if r in names), None)
    user._factdesk_role = role
    return role


# Admins get every permission of the project's apps and of auth (users and groups).
# knox: revoke API tokens; axes: lift a lockout sooner than its cool-off (the lockout page says to ask an admin).
ADMIN_APPS = ("articles", "claims", "verdicts", "audit", "workflows", "auth", "authtoken", "knox", "axes")


def sync_role_groups(group_model, permission_model) -> None:
    """Create the three groups and set their permissions from the lists above.

    Runs after every ``migrate`` and test-database flush (``post_migrate``, connected by the workflow app), so
    the groups exist whenever the tables do and follow this file when it changes. The data migration that
    first made them (``workflows/0002``) keeps its own copy of the table as it stood then.
    """
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = [dotted.split(".") for dotted in codenames]
        perms = [
            perm
            for perm in permission_model.objects.filter(codename__in=[c for _, c in wanted]).select_related(
                "content_type"
            )
            if [perm.content_type.app_label, perm.codename] in wanted
        ]
        group.permissions.set(perms)
    admin_group, _ = group_model.objects.get_or_create(name=ADMIN)
    admin_group.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=ADMIN_APPS).exclude(
            content_type__model="auditevent", codename__in=["change_auditevent", "delete_auditevent"]
        )
    )
