"""API tokens: issued at login, stored hashed, expiring, and revoked when the account's credentials change.

django-rest-knox keeps the tokens (``knox.AuthToken``: a SHA-512 digest, never the key; an expiry extended
on use up to a maximum age, see ``REST_KNOX`` in settings). This module is the one place that issues and
revokes them, so the login view, the revoke endpoints and the account signals below all agree.

Revocation on a password change or a deactivation is a receiver on the user model, not a workflow rule:
the admin's forms, ``manage.py changepassword`` and any code that saves a user all pass through it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from knox.models import get_token_model
from knox.settings import knox_settings


def issue_token(user) -> tuple[object, str]:
    """A new token for ``user``: the stored row and the key, which is shown once and never stored.

    The user's expired tokens are cleared here rather than on every authenticated request (knox's default),
    so authentication stays one query."""
    model = get_token_model()
    model.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return model.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


def revoke_token(token) -> None:
    """Revoke one token (the one a client authenticated with)."""
    token.delete()


def revoke_tokens(user) -> int:
    """Revoke every token of ``user``; returns how many there were."""
    deleted, _ = get_token_model().objects.filter(user=user).delete()
    return deleted


# --- the account changes that end every token -------------------------------------------------------


def _is_hash_upgrade(user, update_fields) -> bool:
    """Django re-hashes a password at login when its hasher settings changed (``check_password``'s setter:
    ``set_password`` then ``_password = None`` then ``save(update_fields=["password"])``). Same password,
    new hash: not a change of credentials."""
    return (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(user, "_password", None) is None
        and user.has_usable_password()
    )


def _note_credential_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._revoke_api_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login at every login: no need to look
    before = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    password_changed = before["password"] != instance.password and not _is_hash_upgrade(instance, update_fields)
    deactivated = before["is_active"] and not instance.is_active
    instance._revoke_api_tokens = password_changed or deactivated


def _revoke_after_change(sender, instance, raw=False, **kwargs) -> None:
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False
        revoke_tokens(instance)


def connect_signals() -> None:
    """Called once from the app's ``ready()``."""
    user_model = get_user_model()
    pre_save.connect(_note_credential_change, sender=user_model, dispatch_uid="api-tokens-note-credentials")
    post_save.connect(_revoke_after_change, sender=user_model, dispatch_uid="api-tokens-revoke")
