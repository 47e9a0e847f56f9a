"""Who may call the API: the token authentication class and the desk-role permission.

Both are DRF defaults (``REST_FRAMEWORK`` in settings), which DRF imports while defining ``APIView``: this
module must not import ``rest_framework.views`` (directly or through another API module), or that import
would be circular.
"""

from __future__ import annotations

import re
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions
from rest_framework.permissions import BasePermission, IsAuthenticated

from factcheck.roles import ADMIN, EDITOR, REVIEWER, ROLES, role_of


class HasDeskRole(BasePermission):
    """Signed in *and* in a desk group (Reviewer, Editor, Admin): other accounts may not read the desk."""

    message = _("You have no desk role: an admin must add you to the Reviewer, Editor or Admin group.")

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) is not None


# Every endpoint that is not public (also REST_FRAMEWORK's default, so a new view is closed until opened).
DESK_PERMISSIONS = [IsAuthenticated, HasDeskRole]


# What knox issues: 64 hex characters. Anything else cannot be a token, and is refused before it reaches
# the database (a NUL byte there would be a database error, a non-ASCII byte a decoding error).
TOKEN_SHAPE = re.compile(rb"[0-9A-Za-z_-]{1,128}")
LOG_IN_AGAIN = _("Invalid or expired token: log in again (POST /api/v1/auth/token/) for a new one.")


def _strongest_role():
    """The user's strongest desk group, as ``role_of`` ranks them, read inside the token query.

    Written as SQL: the ORM took longer to compile this one subquery (a ranked join through the user's groups)
    than the database took to answer the whole token query, on every authenticated request."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import CharField
    from django.db.models.expressions import RawSQL

    ranked = (ADMIN, EDITOR, REVIEWER)
    links = get_user_model().groups.through._meta  # auth_user_groups
    names = ", ".join(["%s"] * len(ROLES))
    ranks = " ".join(f"WHEN %s THEN {rank}" for rank in range(len(ranked)))
    sql = (
        f"(SELECT g.name FROM {Group._meta.db_table} g JOIN {links.db_table} ug ON ug.group_id = g.id "  # noqa: S608
        f"WHERE ug.user_id = {get_token_model()._meta.db_table}.user_id AND g.name IN ({names}) "
        f"ORDER BY CASE g.name {ranks} END LIMIT 1)"
    )
    params = [*ROLES, *ranked]
    # The SQL is this module's, from model names; the group names travel as parameters.
    return RawSQL(sql, params, output_field=CharField())  # noqa: S611


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's token authentication, in one query per request (the token, its user and the user's desk role,
    which ``role_of`` then reads without a query of its own), with messages that say what to do."""

    def authenticate_credentials(self, token: bytes):
        if not TOKEN_SHAPE.fullmatch(token):
            raise exceptions.AuthenticationFailed(LOG_IN_AGAIN)
        text = token.decode()
        # knox's own loop (a token key can in theory be shared: the digest decides), with the role read along.
        candidates = (
            get_token_model()
            .objects.filter(token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH])
            .select_related("user")
            .annotate(desk_role=_strongest_role())
        )
        for auth_token in candidates:
            if self._cleanup_token(auth_token):
                continue
            if compare_digest(hash_token(text), auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(LOG_IN_AGAIN)

    def validate_user(self, auth_token):
        auth_token.user._factdesk_role = auth_token.desk_role  # what role_of caches after its own query
        if not auth_token.user.is_active:
            refusal = exceptions.AuthenticationFailed(_("This account is deactivated: ask an admin of the desk."))
            refusal.account_inactive = True
            raise refusal
        return auth_token.user, auth_token

    def _cleanup_token(self, auth_token) -> bool:
        """Only *this* token's expiry is checked here; knox would also load every other token of the user on
        every request to delete the expired ones, which ``tokens.issue_token`` does at login instead."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=type(self), username=username, source="auth_token")
            return True
        return False
