"""Identity endpoints of the Xero test server: consent (auto-approved), token, revocation."""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from tests.integrations.xero_accounting import json_response
from tests.integrations.xero_tokens import Grant, Tokens


def authorize(tokens: Tokens, request: Request) -> Response:
    """Xero's consent page, approved at once: back to the app with a code and the state."""
    args = request.args
    if args.get("response_type") != "code" or args.get("client_id") != tokens.client_id:
        return Response("unauthorized_client", 400, mimetype="text/plain")
    grant = Grant(tokens.client_id, args.get("scope", ""), args.get("redirect_uri", ""))
    query = urlencode({"code": tokens.new_code(grant), "state": args.get("state", "")})
    separator = "&" if "?" in grant.redirect_uri else "?"
    return Response("", 302, {"Location": f"{grant.redirect_uri}{separator}{query}"})


def token(tokens: Tokens, request: Request) -> Response:
    form = request.form
    if not tokens.client_ok(*_client_credentials(request)):
        return json_response({"error": "invalid_client"}, 400)
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        grant = tokens.redeem_code(form.get("code", ""), form.get("redirect_uri", ""))
    elif grant_type == "refresh_token":
        grant = tokens.rotate(form.get("refresh_token", ""))
    else:
        return json_response({"error": "unsupported_grant_type"}, 400)
    if grant is None:
        return json_response({"error": "invalid_grant"}, 400)
    return json_response(tokens.issue(grant))


def revocation(tokens: Tokens, request: Request) -> Response:
    if not tokens.client_ok(*_client_credentials(request)):
        return json_response({"error": "invalid_client"}, 400)
    tokens.revoke(request.form.get("token", ""))
    return Response("", 200)


def _client_credentials(request: Request) -> tuple[str, str]:
    """HTTP Basic (as Xero documents) or client_id/client_secret in the form (as the SDK sends)."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Basic":
        user, _, password = base64.b64decode(encoded).decode().partition(":")
        return user, password
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


IDENTITY: dict[str, Callable[[Tokens, Request], Response]] = {
    "authorize": authorize,
    "token": token,
    "revocation": revocation,
}
