"""Every API error as JSON: {"error": "<message>", "status": <code>, "fields": {...}?}.

DRF's own handler decides the status (400, 401, 403, 404, 405, 429 with Retry-After); this
one gives every answer the same shape. Errors DRF doesn't know are rolled back, logged and
answered as JSON too, so a client never gets an HTML error page.
"""
import logging

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler
from rest_framework.views import set_rollback

from commerce.payments import stripe_gateway as gateway

logger = logging.getLogger("api")


def _message(detail):
    if isinstance(detail, dict):
        return "Some fields are not valid." if detail else "The request is not valid."
    if isinstance(detail, list):
        return " ".join(str(item) for item in detail) or "The request is not valid."
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        set_rollback()
        if isinstance(exc, gateway.GatewayError):
            return Response({"error": f"The payment provider did not answer: {exc}. Nothing was changed; "
                                      "try again.", "status": 502}, status=status.HTTP_502_BAD_GATEWAY)
        logger.exception("API request failed", exc_info=exc)
        return Response({"error": "Something went wrong on our side; nothing was changed.", "status": 500},
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
    body = {"error": _message(detail), "status": response.status_code}
    if isinstance(detail, dict):
        body["fields"] = detail
    response.data = body
    return response
