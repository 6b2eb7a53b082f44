"""Account activation for students and alumni over the API, step by step.

The same steps as the portal's pages (accounts.views.activation), taken by
``accounts.flows`` and validated with the portal's forms; the app keeps the
running activation by a token (api.flow_sessions) instead of a cookie. Every
step answers where the activation stands (``step``) and the token for the
next one; ``done`` means: log in with the new password through allauth.

Student: ``student`` → ``password`` → ``email`` → ``code`` → done.
Alumnus: ``alumni`` → ``code`` → ``password`` → done (also the way back in
after a forgotten password).
"""

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import flows
from accounts.flows import Activation
from accounts.forms import (
    AlternateEmailForm,
    AlumniActivationForm,
    CodeForm,
    NewPasswordForm,
    StudentActivationForm,
)

from ..flow_sessions import flow_session, flow_session_keep, flow_session_new
from ..forms import form_data, validated
from ..serializers.account import (
    ActivationCodeSerializer,
    ActivationEmailSerializer,
    ActivationPasswordSerializer,
    ActivationStepSerializer,
    AlumniActivationSerializer,
    StudentActivationSerializer,
)
from .common import account_throttled

TAGS = ["account"]
TOKEN = "k3v9q2m7x1c8w4z6b5n0p1r2s3t4u5v6"  # noqa: S105 - an example in the schema


def _example_step(step: str, email: str | None = None) -> OpenApiExample:
    return OpenApiExample(
        f"Next step {step}",
        response_only=True,
        value={"token": TOKEN, "step": step, "email": email},
    )


DONE_EXAMPLE = OpenApiExample(
    "Done", response_only=True, value={"token": None, "step": "done", "email": None}
)


def _answer(session: SessionBase, activation: Activation) -> Response:
    """Where the activation stands; a finished one's session (and token) dies."""
    if activation.step == flows.DONE:
        session.flush()
        return Response(
            ActivationStepSerializer({"token": None, "step": "done", "email": None}).data
        )
    email = flows.alternate_email_pending(session) if activation.step == "code" else None
    token = flow_session_keep(session)
    return Response(
        ActivationStepSerializer({"token": token, "step": activation.step, "email": email}).data
    )


def _running(request: Request, step: str) -> tuple[SessionBase, Activation]:
    """The activation the token names, if it has reached ``step``; a 400 otherwise."""
    session = flow_session(form_data(request).get("token"))
    activation = flows.activation_get(session, step) if session is not None else None
    if activation is None:
        raise ValidationError(
            {
                "token": ValidationError(
                    _("Your activation session has expired. Please start again."),
                    code="activation_expired",
                )
            }
        )
    return session, activation


class _AnonymousStep(APIView):
    """Anyone may call, signed in or not: a stale X-Session-Token must not get in the way.

    Besides the anonymous throttle, accounts.flows counts misses and mailed
    codes per client and per account, as on the portal's pages (429).
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]


@method_decorator(sensitive_post_parameters("initial_password"), name="dispatch")
class StudentActivationView(_AnonymousStep):
    @extend_schema(
        operation_id="activation_student",
        summary="Start a student's activation",
        description=(
            "Student number and initial password of an account awaiting activation. A "
            "wrong pair and an unknown number get the same answer; five misses per client "
            "or number answer 429 for a while."
        ),
        request=StudentActivationSerializer,
        responses={200: ActivationStepSerializer},
        auth=[],
        examples=[
            OpenApiExample(
                "Number and initial password",
                request_only=True,
                value={"student_number": "0123456", "initial_password": "Initial-Pass-2026"},
            ),
            _example_step("password"),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(StudentActivationForm(form_data(request)))
        session = flow_session_new()
        try:
            activation = flows.student_activation_start(
                request,
                session=session,
                student_number=data["student_number"],
                initial_password=data["initial_password"],
            )
        except flows.TooManyAttempts as error:
            raise account_throttled(error) from error
        return _answer(session, activation)


class AlumniActivationView(_AnonymousStep):
    @extend_schema(
        operation_id="activation_alumni",
        summary="Start an alumnus's activation (or get back in)",
        description=(
            "Alumni number (optional) and the email address the alumni office has on file; "
            "a code goes to that address. Details that do not match the file answer 400 "
            "alumni_mismatch (the same whether or not the number exists), pointing to the "
            "alumni office. Also the way back in after a forgotten password."
        ),
        request=AlumniActivationSerializer,
        responses={200: ActivationStepSerializer},
        auth=[],
        examples=[
            OpenApiExample(
                "Number and email on file",
                request_only=True,
                value={"alumni_number": "Q1234567", "email": "lies@example.net"},
            ),
            _example_step("code", "lies@example.net"),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(AlumniActivationForm(form_data(request)))
        session = flow_session_new()
        try:
            user = flows.alumnus_for_activation_checked(
                request, alumni_number=data["alumni_number"], email=data["email"]
            )
            if user is None:
                raise flows.alumni_mismatch_error()
            activation = flows.alumnus_activation_start(
                request, session=session, user=user, language=get_language()
            )
        except flows.TooManyAttempts as error:
            raise account_throttled(error) from error
        return _answer(session, activation)


@method_decorator(sensitive_post_parameters("password1", "password2"), name="dispatch")
class ActivationPasswordView(_AnonymousStep):
    @extend_schema(
        operation_id="activation_password",
        summary="Choose the new password",
        description=(
            "The portal's password rules (and, for students, not the initial password). "
            "A student goes on to step email; an alumnus is done."
        ),
        request=ActivationPasswordSerializer,
        responses={200: ActivationStepSerializer},
        auth=[],
        examples=[
            OpenApiExample(
                "New password",
                request_only=True,
                value={
                    "token": TOKEN,
                    "password1": "Fresh-Start-2026x",
                    "password2": "Fresh-Start-2026x",
                },
            ),
            _example_step("email"),
            DONE_EXAMPLE,
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        session, activation = _running(request, "password")
        data = validated(NewPasswordForm(form_data(request), user=activation.user))
        flows.activation_password_set(session, activation, password=data["password1"])
        return _answer(session, activation)


class ActivationEmailView(_AnonymousStep):
    @extend_schema(
        operation_id="activation_email",
        summary="Register the alternate address (students)",
        description="A private address for password recovery; a 6-digit code is mailed to it.",
        request=ActivationEmailSerializer,
        responses={200: ActivationStepSerializer},
        auth=[],
        examples=[
            OpenApiExample(
                "Private address",
                request_only=True,
                value={"token": TOKEN, "email": "nora.private@example.net"},
            ),
            _example_step("code", "nora.private@example.net"),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        session, activation = _running(request, "email")
        data = validated(AlternateEmailForm(form_data(request), user=activation.user))
        try:
            flows.activation_email_set(
                request,
                session=session,
                activation=activation,
                email=data["email"],
                language=get_language(),
            )
        except flows.TooManyAttempts as error:
            raise account_throttled(error) from error
        return _answer(session, activation)


class ActivationCodeView(_AnonymousStep):
    @extend_schema(
        operation_id="activation_code",
        summary="Type the mailed code",
        description=(
            "It proves the alternate address (a student is then activated: done) or the "
            "person (an alumnus goes on to step password). A wrong code answers 400 "
            "code_wrong; after three wrong tries or once the code expired (ACCOUNTS_CODE_TIMEOUT, "
            "30 minutes by default), 400 code_expired: a student "
            "registers an address again (step email, same token), an alumnus starts over."
        ),
        request=ActivationCodeSerializer,
        responses={200: ActivationStepSerializer},
        auth=[],
        examples=[
            OpenApiExample("The code", request_only=True, value={"token": TOKEN, "code": "123456"}),
            DONE_EXAMPLE,
            _example_step("password"),
        ],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        session, activation = _running(request, "code")
        data = validated(CodeForm(form_data(request)))
        try:
            flows.activation_code_confirm(session, activation, code=data["code"])
        except ValidationError as error:
            # The step may have moved (or ended); the token must know before the 400.
            if activation.step == flows.DONE:
                session.flush()
            else:
                flow_session_keep(session)
            raise ValidationError({"code": error}) from error
        return _answer(session, activation)
