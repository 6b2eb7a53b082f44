"""allauth's headless specification, with what this portal adds to it.

allauth builds its OpenAPI document from its own YAML; the endpoints of
api/headless.py are not in it. These views serve the same document plus
the phone-code login stage, the portal's rule for password recovery and
the authenticator set-up's one pending secret,
at the same paths (``/_allauth/openapi.json`` and ``.yaml``), so the app
developer reads one complete authentication API.
"""

import copy
import json

import yaml
from allauth.headless.spec.internal.schema import get_schema
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View

PHONE_TAG = "Authentication: 2FA"

RECOVERY_NOTE = (
    "\n\n**This portal:** the reset link goes only to the account's verified "
    "*alternate* address (students' university mailbox is what they cannot "
    "reach when they forgot their password). Existing and unknown accounts get "
    "the same answer. Send `email` as the university or the alternate address."
)

TOTP_SETUP_NOTE = (
    "\n\n**This portal:** without an authenticator, the answer (404) carries the "
    "secret to set up; it stays the same on every call in this session until a "
    "code activates it (then a later set-up gets a new one), so the app may "
    "fetch its set-up screen again (on resume, on rotate) and the QR code "
    "already scanned keeps working."
)


def _phone_paths(spec: dict, root: str) -> dict:
    """The phone-code stage, shaped like allauth's own ``auth/2fa/authenticate``."""
    authenticate = copy.deepcopy(spec["paths"][f"{root}/auth/2fa/authenticate"]["post"])
    authenticate.update(
        summary="Phone code (text message)",
        description=(
            "If, during login, a 401 lists the pending flow `accounts_phone_code`, the "
            "account's second factor is a code texted to its phone (prospects may choose "
            "this instead of an authenticator app). Post the code here. A wrong code "
            "answers 400 and the login waits; an expired code or the third wrong try "
            "answers 400 and ends the login (the next call answers 401): log in again.\n"
        ),
        operationId="phoneCodeAuthenticate",
        tags=[PHONE_TAG],
    )
    resend = {
        "summary": "Text a new phone code",
        "description": (
            "Sends a new code to the phone of the pending `accounts_phone_code` login. "
            "A few per account per window; then 429.\n"
        ),
        "operationId": "phoneCodeResend",
        "tags": [PHONE_TAG],
        "parameters": copy.deepcopy(authenticate.get("parameters", [])),
        "responses": {
            "200": {"$ref": "#/components/responses/StatusOK"},
            "401": {"$ref": "#/components/responses/Authentication"},
            "429": {"$ref": "#/components/responses/TooManyRequests"},
        },
    }
    return {
        f"{root}/auth/2fa/phone/authenticate": {"post": authenticate},
        f"{root}/auth/2fa/phone/resend": {"post": resend},
    }


def portal_headless_schema() -> dict:
    spec = get_schema()
    root = reverse("headless_phone_authenticate").removesuffix("/auth/2fa/phone/authenticate")
    spec["paths"].update(_phone_paths(spec, root))
    # allauth's phone management is not offered (api/headless.py not_offered).
    spec["paths"].pop(f"{root}/account/phone", None)
    recovery = spec["paths"][f"{root}/auth/password/request"]["post"]
    recovery["description"] = recovery.get("description", "") + RECOVERY_NOTE
    totp_setup = spec["paths"][f"{root}/account/authenticators/totp"]["get"]
    totp_setup["description"] = totp_setup.get("description", "") + TOTP_SETUP_NOTE
    return spec


class SpecificationJsonView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(
            json.dumps(portal_headless_schema()),
            content_type="application/vnd.oai.openapi+json",
            headers={"Content-Disposition": "inline; filename=allauth-openapi.json"},
        )


class SpecificationYamlView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(
            yaml.dump(portal_headless_schema(), Dumper=yaml.SafeDumper),
            content_type="application/vnd.oai.openapi",
            headers={"Content-Disposition": "inline; filename=allauth-openapi.yaml"},
        )
