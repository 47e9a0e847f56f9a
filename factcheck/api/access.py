"""Who may call the API: the token authentication class and the desk-role permission.

Both are DRF defaults (``REST_FRAMEWORK`` in settings), which DRF imports while defining ``APIView``: this
module must not import ``rest_framework.views`` (directly or through another API module), or that import
would be circular.
"""
from __future__ import annotations

import re

from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.signals import token_expired
from rest_framework import exceptions
from rest_framework.permissions import BasePermission, IsAuthenticated

from workflows.permissions import role_of


class HasDeskRole(BasePermission):
    """Signed in *and* in a desk group (Reviewer, Editor, Admin): other accounts may not read the desk."""

    message = "You have no desk role: an admin must add you to the Reviewer, Editor or Admin group."

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) is not None


# Every endpoint that is not public (also REST_FRAMEWORK's default, so a new view is closed until opened).
DESK_PERMISSIONS = [IsAuthenticated, HasDeskRole]


# What knox issues: 64 hex characters. Anything else cannot be a token, and is refused before it reaches
# the database (a NUL byte there would be a database error, a non-ASCII byte a decoding error).
TOKEN_SHAPE = re.compile(rb"[0-9A-Za-z_-]{1,128}")
LOG_IN_AGAIN = "Invalid or expired token: log in again (POST /api/v1/auth/token/) for a new one."


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's token authentication, in one query per request, with messages that say what to do."""

    def authenticate_credentials(self, token: bytes):
        if not TOKEN_SHAPE.fullmatch(token):
            raise exceptions.AuthenticationFailed(LOG_IN_AGAIN)
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed as refusal:
            if getattr(refusal, "account_inactive", False):
                raise
            raise exceptions.AuthenticationFailed(LOG_IN_AGAIN) from None

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            refusal = exceptions.AuthenticationFailed("This account is deactivated: ask an admin of the desk.")
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
