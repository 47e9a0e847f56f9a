"""The three desk roles and the model permissions each group carries.

Model permissions decide what the admin shows; what a user may *do* to a claim is decided by
``workflows.permissions`` (role x action, plus assignment), which every service checks.
"""

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
    "workflows.view_auditevent",
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
# Admins get every permission of the project's apps and of auth (users and groups).
# knox: revoke API tokens; axes: lift a lockout sooner than its cool-off (the lockout page says to ask an admin).
ADMIN_APPS = ("articles", "claims", "verdicts", "workflows", "auth", "authtoken", "knox", "axes")


def sync_role_groups(group_model, permission_model) -> None:
    """Create the three groups and set their permissions from the lists above.

    Runs from the data migration (historical models) and after every ``migrate`` and test-database flush
    (``post_migrate``), so the groups exist whenever the tables do and follow this file when it changes.
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
