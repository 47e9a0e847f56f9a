"""Throttles on writes and logins; reads are not throttled here."""
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

SAFE = ("GET", "HEAD", "OPTIONS")


class WriteAnonThrottle(AnonRateThrottle):
    scope = "write_anon"

    def allow_request(self, request, view):
        return request.method in SAFE or super().allow_request(request, view)


class WriteUserThrottle(UserRateThrottle):
    scope = "write_user"

    def allow_request(self, request, view):
        return request.method in SAFE or super().allow_request(request, view)


class LoginThrottle(AnonRateThrottle):
    """Per client IP, for the token endpoint, whoever claims to be logging in."""

    scope = "login"
