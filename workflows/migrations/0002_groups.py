"""Create the Reviewer, Editor and Admin groups with their model permissions.

The role table is copied here as it stood when this migration was written, so a later change to
``factcheck.roles`` cannot change what this step did; ``factcheck.roles.sync_role_groups`` brings the groups
up to date after every ``migrate`` (``post_migrate``).
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER, EDITOR, ADMIN = "Reviewer", "Editor", "Admin"
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
_REVIEW = [
    "verdicts.change_verdict",
    "verdicts.add_evidencelink",
    "verdicts.change_evidencelink",
    "verdicts.delete_evidencelink",
]
GROUP_PERMISSIONS = {
    REVIEWER: _READ_ALL + _REVIEW,
    EDITOR: _READ_ALL + [
        "articles.add_article",
        "claims.change_claim",
        "claims.change_claimcluster",
        "claims.add_assignment",
        "claims.change_assignment",
        "claims.add_archivedfactcheck",
        *_REVIEW,
        "verdicts.add_correction",
        "workflows.change_reviewerprofile",
        "workflows.add_reviewerprofile",
    ],
}
ADMIN_APPS = ("articles", "claims", "verdicts", "workflows", "auth", "authtoken", "knox", "axes")


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [dotted.split(".") for dotted in codenames]
        perms = [
            perm
            for perm in Permission.objects.filter(codename__in=[c for _, c in wanted]).select_related("content_type")
            if [perm.content_type.app_label, perm.codename] in wanted
        ]
        group.permissions.set(perms)
    admin_group, _ = Group.objects.get_or_create(name=ADMIN)
    admin_group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=ADMIN_APPS).exclude(
            content_type__model="auditevent", codename__in=["change_auditevent", "delete_auditevent"]
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("articles", "0001_initial"),
        ("claims", "0001_initial"),
        ("verdicts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
