"""Token login for scripts and integrations, throttled per client address."""
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken

from .schema import ERRORS
from .throttles import LoginThrottle


class TokenLogin(ObtainAuthToken):
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
                   400: ERRORS[400], 429: ERRORS[429]},
        summary="Exchange a username and password for an API token (header: Authorization: Token <key>)",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
