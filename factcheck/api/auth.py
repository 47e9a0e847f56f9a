"""API tokens over HTTP: log in for one (throttled per client address and per username), revoke it, revoke
them all; and the authentication class that reads ``Authorization: Token <key>``.

Tokens are django-rest-knox's (hashed at rest, expiring, extended on use up to a maximum age: ``REST_KNOX``
in settings); issuing and revoking them is ``factcheck.api.tokens``'s.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.ops.parsers import JSONParser

from . import tokens
from .access import ExpiringTokenAuthentication
from .schema import ERRORS, errors
from .throttles import LoginAddressThrottle, LoginUsernameThrottle


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme: an API key in the Authorization header, ``Token <key>``."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106 - a prefix


TokenRequest = inline_serializer(
    "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
)
TokenResponse = inline_serializer(
    "TokenResponse",
    {
        "token": serializers.CharField(help_text="Send it as: Authorization: Token <token>. Shown once."),
        "expiry": serializers.DateTimeField(help_text="When it lapses unless used; each use extends it."),
    },
)


class TokenLogin(APIView):
    """Username and password in, a new token out. Each login is a new token; the earlier ones stay valid
    until they expire or are revoked."""

    authentication_classes = []  # the credentials are in the body
    permission_classes = [AllowAny]
    throttle_classes = [LoginAddressThrottle, LoginUsernameThrottle]
    # Our JSON parser refuses absurdly nested JSON with a 400 instead of a 500; forms are accepted too.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=TokenRequest,
        responses={200: TokenResponse, 400: ERRORS[400], 429: ERRORS[429]},
        summary="Exchange a username and password for an API token (header: Authorization: Token <key>)",
    )
    def post(self, request):
        # django-axes records failures and flags a lockout on the request given to authenticate(); hand it
        # Django's own request (not DRF's wrapper) so AxesMiddleware sees the flag and answers 429.
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, key = tokens.issue_token(user)
        # As a session login does: last_login, and axes clears this address's failures for the username.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"token": key, "expiry": serializers.DateTimeField().to_representation(token.expiry)})


class TokenRevoke(APIView):
    """Log out: the token this request carries stops working at once."""

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None, **errors(401, 429)},
        summary="Revoke the token this request is sent with (log out)",
    )
    def post(self, request):
        tokens.revoke_token(request.auth)
        user_logged_out.send(sender=type(request.user), request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRevokeAll(APIView):
    """Log out everywhere: every token of the caller stops working (a lost laptop, a leaked script)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None, **errors(401, 403, 429)},
        summary="Revoke every token of the calling user (log out everywhere)",
    )
    def post(self, request):
        tokens.revoke_tokens(request.user)
        user_logged_out.send(sender=type(request.user), request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
