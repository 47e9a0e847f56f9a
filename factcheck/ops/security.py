"""Request-level security: the login-lockout response, the client address behind proxies, refusing NUL
bytes, and a 400 page that says what was wrong.

Every refusal here is a 4xx with a message a person can act on; API paths get the API's one error shape
(``{"code", "detail"}``), other paths a short page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import requires_csrf_token


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, code: str, detail: str, **values):
    """A refusal before any view runs. ``detail`` is a ``gettext_noop`` sentence, translated here into the
    request's language (cookie, else Accept-Language): these answers come before ``LocaleMiddleware``."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        detail = translation.gettext(detail) % values
    if _is_api(request):
        return JsonResponse({"code": code, "detail": detail}, status=status)
    body = (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>{status}</title></head>'
        f"<body><h1>{escape(code.replace('_', ' ').capitalize())}</h1><p>{escape(detail)}</p></body></html>"
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


# --- django-axes --------------------------------------------------------------------------------------


def _cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else 0


def _lifts_at(request):
    """When the lock lifts: the cool-off after this attempt (axes counts the cool-off from the latest
    failure, and by default a failure during a lockout restarts it), in the desk's time zone."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    return timezone.localtime(attempt_time + settings.AXES_COOLOFF_TIME)


def lockout_detail(request) -> str:
    """What a locked-out journalist reads: why, when the lock lifts, and who can lift it sooner."""
    minutes = _cooloff_minutes()
    limit = settings.AXES_FAILURE_LIMIT
    if not minutes:
        return translation.gettext(
            "Too many failed logins (%(limit)s) for this account from your address. Ask an admin of the desk to "
            "unlock your account."
        ) % {"limit": limit}
    sentence = translation.ngettext(
        "Too many failed logins (%(limit)s) for this account from your address. Try again in %(minutes)s minute "
        "(at %(time)s), or ask an admin of the desk to unlock your account sooner.",
        "Too many failed logins (%(limit)s) for this account from your address. Try again in %(minutes)s minutes "
        "(at %(time)s), or ask an admin of the desk to unlock your account sooner.",
        minutes,
    )
    return sentence % {"limit": limit, "minutes": minutes, "time": f"{_lifts_at(request):%H:%M %Z}"}


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: 429 saying when to try again and whom to ask, as JSON for the API (with
    ``wait`` in seconds, as a throttled request has), a page for the admin."""
    minutes = _cooloff_minutes()
    detail = lockout_detail(request)
    if _is_api(request):
        body = {"code": "locked_out", "detail": detail}
        if minutes:
            body["wait"] = minutes * 60
        response = JsonResponse(body, status=429)
    else:
        from django.contrib import admin

        context = {**admin.site.each_context(request), "title": "Login locked", "detail": detail}
        response = TemplateResponse(request, "security/lockout.html", context, status=429).render()
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


def client_ip(request) -> str | None:
    """The client address, for django-axes (``AXES_CLIENT_IP_CALLABLE``) and every API throttle alike:
    REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the outermost trusted proxy saw
    (X-Forwarded-For entries further left are client-supplied, not trusted). Takes a Django or DRF request."""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def client_username(request, credentials=None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the username tried, as axes stores it: no NUL bytes (PostgreSQL refuses
    them) and at most 150 characters (a login with a 2 MB "username" must be refused, not crash on
    axes' 255-character column). No real username is longer: ``User.username`` has max_length 150."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    if value is None:
        return None
    return str(value).replace("\x00", "")[:150]


# --- malformed requests -------------------------------------------------------------------------------


class RejectMalformedFormsMiddleware:
    """On the desk (``/admin/``): a NUL byte has no business in a URL, a query string or a form field, and
    PostgreSQL refuses it in text (a 500 deep in a search query); a form that is not valid UTF-8 would be
    stored with replacement characters, form-encoded or multipart alike. Refuse both up front with a 400
    that says so (for multipart, naming the field).

    The API is left to its serializers and filters, which refuse such input field by field in the API's
    error shape; the public site drops control characters from its filters and answers as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return _error(
                request,
                400,
                "nul_byte",
                gettext_noop("The address contains a NUL byte (%(sequence)s); remove it and try again."),
                sequence="%00",
            )
        if not _is_utf8_urlencoded(query.encode("latin-1", "replace")):
            return _error(
                request, 400, "encoding", gettext_noop("The address is not valid UTF-8; check it and try again.")
            )
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.headers.get("content-type", "")
        try:
            if content_type.startswith("application/x-www-form-urlencoded"):
                body = request.body
                if b"%00" in body or b"\x00" in body:
                    return _nul_in_form(request)
                if not _is_utf8_urlencoded(body):
                    return _error(
                        request, 400, "encoding", gettext_noop("The form is not valid UTF-8; send it as UTF-8.")
                    )
            elif content_type.startswith("multipart/form-data"):
                field = _multipart_field_not_utf8(request, content_type)
                if field is not None:
                    return _error(
                        request,
                        400,
                        "encoding",
                        gettext_noop("The form field “%(field)s” is not valid UTF-8; send the form as UTF-8."),
                        field=field,
                    )
                if any("\x00" in value for _, values in request.POST.lists() for value in values):
                    return _nul_in_form(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return bad_request(request, exc)
        return None


def _nul_in_form(request):
    return _error(request, 400, "nul_byte", gettext_noop("A form field contains a NUL byte; remove it and try again."))


def _multipart_field_not_utf8(request, content_type: str) -> str | None:
    """The name of the first multipart form field (not file) whose bytes are not UTF-8, or None.

    Django decodes multipart fields with ``errors="replace"``, so the bytes must be looked at before it
    does. A body within ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (every form without a large file) is read once and
    its parts checked; Django then parses the same bytes. A larger body carries files, which are not read
    into memory for this: its fields are checked after parsing, where an undecodable byte has become U+FFFD
    (a character no one types into a desk form)."""
    from io import BytesIO

    from django.http.multipartparser import FIELD, ChunkIter, LazyStream, Parser, exhaust
    from django.utils.http import parse_header_parameters

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        return None  # Django refuses the body itself
    if limit is not None and length > limit:
        return next((name for name, values in request.POST.lists() if any("\ufffd" in v for v in values)), None)
    boundary = parse_header_parameters(content_type)[1].get("boundary", "")
    if not boundary:
        return None  # not parseable at all: Django's own 400
    stream = LazyStream(ChunkIter(BytesIO(request.body), 64 * 1024))
    for item_type, meta, field_stream in Parser(stream, boundary.encode("ascii", "replace")):
        if item_type != FIELD:
            exhaust(field_stream)
            continue
        data = field_stream.read()
        if "base64" in str(meta.get("content-transfer-encoding", "")):
            continue  # Django decodes these itself; no browser sends them
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            name = meta.get("content-disposition", ("", {}))[1].get("name", "?")
            # The parser hands the name over as bytes: the sentence names the field as the form wrote it.
            return (name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name))[:100]
    return None


def _is_utf8_urlencoded(data: bytes) -> bool:
    from urllib.parse import unquote_to_bytes

    try:
        unquote_to_bytes(data.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@requires_csrf_token
def bad_request(request, exception=None):
    """``handler400``: say which limit or rule the request broke, instead of a bare "Bad Request"."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return _error(
            request,
            413 if _is_api(request) else 400,
            "too_large",
            gettext_noop("The request body is larger than the limit of %(limit)s bytes."),
            limit=formats.number_format(limit, force_grouping=True),
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _error(
            request,
            400,
            "too_many_fields",
            gettext_noop("The form has more than %(count)s fields."),
            count=formats.number_format(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, force_grouping=True),
        )
    return _error(
        request,
        400,
        "bad_request",
        gettext_noop("The request could not be understood (malformed body, header or host); check it and try again."),
    )
