"""Token login for scripts and integrations, throttled per client address."""
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser

from factcheck.ops.parsers import JSONParser

from .schema import ERRORS
from .throttles import LoginThrottle


class TokenLogin(ObtainAuthToken):
    throttle_classes = [LoginThrottle]
    # ObtainAuthToken names its own parsers; ours refuses absurdly nested JSON with a 400 instead of a 500.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
                   400: ERRORS[400], 429: ERRORS[429]},
        summary="Exchange a username and password for an API token (header: Authorization: Token <key>)",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def get_serializer_context(self):
        # django-axes records failures and flags a lockout on the request given to authenticate(); hand it
        # Django's own request (not DRF's wrapper) so AxesMiddleware sees the flag and answers 429.
        return {**super().get_serializer_context(), "request": self.request._request}
