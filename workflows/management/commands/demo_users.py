"""Create or update the demo users ``editor``, ``reviewer`` and ``admin`` in their groups.

Without ``--password`` each gets a fresh random password, printed once: none is stored in the repo.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from factcheck.roles import ADMIN, EDITOR, REVIEWER

DEMO_USERS = (
    ("editor", EDITOR, "Erin", "Editor"),
    ("reviewer", REVIEWER, "Rafael", "Reviewer"),
    ("admin", ADMIN, "Ada", "Admin"),
)


class Command(BaseCommand):
    help = "Create or update the demo users editor, reviewer and admin, and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Use this password for all three (default: a random one each).")

    def handle(self, *args, password=None, **options):
        User = get_user_model()
        missing = [role for _, role, _, _ in DEMO_USERS if not Group.objects.filter(name=role).exists()]
        if missing:
            raise CommandError(f"Groups {', '.join(missing)} are missing: run `python manage.py migrate` first.")
        self.stdout.write("Demo users (log in at /admin/):")
        for username, role, first, last in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.org"
            user.is_staff = True
            user.is_superuser = role == ADMIN
            chosen = password or secrets.token_urlsafe(9)
            user.set_password(chosen)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            verb = "created" if created else "updated"
            self.stdout.write(f"  {username:<9} {role:<9} password: {chosen}   ({verb})")
