"""The language rules of core: which languages exist, and which one a person is addressed in."""

from types import SimpleNamespace

from django.conf import settings

from core.language import SUPPORTED_LANGUAGES
from core.translation import recipient_language


def test_the_supported_languages_are_those_of_the_settings_in_their_order():
    assert SUPPORTED_LANGUAGES == tuple(code for code, _name in settings.LANGUAGES) == ("nl", "en")


def test_the_profile_language_wins_over_what_the_caller_knows():
    user = SimpleNamespace(preferred_language="en")
    assert recipient_language(user=user, language="nl") == "en"


def test_without_a_usable_profile_language_the_callers_then_the_default():
    for user in (None, SimpleNamespace(preferred_language=""), SimpleNamespace()):
        assert recipient_language(user=user, language="en") == "en"
        assert recipient_language(user=user) == settings.LANGUAGE_CODE
    # A language the portal does not speak is passed over, wherever it comes from.
    unsupported = SimpleNamespace(preferred_language="de")
    assert recipient_language(user=unsupported, language="fr") == settings.LANGUAGE_CODE
