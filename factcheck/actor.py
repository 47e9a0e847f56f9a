"""Who performs an action, as every service and selector types it: a desk user, or ``None`` for the system
(commands, feeds, beat's tasks).

The admin and the API pass ``request.user`` once a login is required; the permission checks refuse anyone
without a desk role before a service writes their name anywhere.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Actor: TypeAlias = "User | None"
