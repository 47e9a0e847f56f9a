"""Refuse oversized API bodies with 413 before anything reads them."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import formats, translation


class APIBodyLimitMiddleware:
    """Django would answer 400 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE; API clients deserve 413 and a reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            limit = settings.FACTDESK["API_MAX_BODY_BYTES"]
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                length = 0
            if length > limit:
                # Before LocaleMiddleware: the sentence is put in the request's language here.
                with translation.override(translation.get_language_from_request(request)):
                    detail = translation.gettext("The request body is %(size)s bytes; the limit is %(limit)s.") % {
                        "size": formats.number_format(length, force_grouping=True),
                        "limit": formats.number_format(limit, force_grouping=True),
                    }
                return JsonResponse({"code": "too_large", "detail": detail}, status=413)
        return self.get_response(request)
