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
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, code: str, detail: str):
    if _is_api(request):
        return JsonResponse({"code": code, "detail": detail}, status=status)
    body = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status}</title></head>"
            f"<body><h1>{escape(code.replace('_', ' ').capitalize())}</h1><p>{escape(detail)}</p></body></html>")
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


# --- django-axes --------------------------------------------------------------------------------------


def _cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else 0


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: 429 with when to try again, as JSON for the API, a page for the admin."""
    minutes = _cooloff_minutes()
    detail = (
        f"Too many failed logins ({settings.AXES_FAILURE_LIMIT}) for this account from your address. "
        + (f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, " if minutes else "")
        + "or ask an admin to unlock it (python manage.py axes_reset_username <username>)."
    )
    if _is_api(request):
        response = JsonResponse({"code": "locked_out", "detail": detail}, status=429)
    else:
        from django.contrib import admin

        context = {**admin.site.each_context(request), "title": "Login locked", "detail": detail}
        response = TemplateResponse(request, "security/lockout.html", context, status=429).render()
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


def client_ip(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the
    outermost trusted proxy saw (X-Forwarded-For entries further left are client-supplied, not trusted)."""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
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
    stored with replacement characters. Refuse both up front with a 400 that says so.

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
            return _error(request, 400, "nul_byte", "The address contains a NUL byte (%00); remove it and try again.")
        if not _is_utf8_urlencoded(query.encode("latin-1", "replace")):
            return _error(request, 400, "encoding", "The address is not valid UTF-8; check it and try again.")
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "")
        try:
            if content_type.startswith("application/x-www-form-urlencoded"):
                body = request.body
                if b"%00" in body or b"\x00" in body:
                    return _nul_in_form(request)
                if not _is_utf8_urlencoded(body):
                    return _error(request, 400, "encoding", "The form is not valid UTF-8; send it as UTF-8.")
            elif content_type.startswith("multipart/form-data") and any(
                "\x00" in value for _, values in request.POST.lists() for value in values
            ):
                return _nul_in_form(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return bad_request(request, exc)
        return None


def _nul_in_form(request):
    return _error(request, 400, "nul_byte", "A form field contains a NUL byte; remove it and try again.")


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
        return _error(request, 413 if _is_api(request) else 400, "too_large",
                      f"The request body is larger than the limit of {limit:,} bytes.")
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _error(request, 400, "too_many_fields",
                      f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields.")
    return _error(request, 400, "bad_request",
                  "The request could not be understood (malformed body, header or host); check it and try again.")
