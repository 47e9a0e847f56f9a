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
ADMIN_APPS = ("articles", "claims", "verdicts", "workflows", "auth", "authtoken")
