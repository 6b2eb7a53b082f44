"""Cutting quoted history and signatures the way Dutch and English mail clients write them."""

import pytest

from mailin.parsing import cut_quotes, html_to_text

NEW = "Het werkt weer."


@pytest.mark.parametrize(
    "history",
    [
        "Op ma 30 nov 2026 om 10:00 schreef Servicedesk <servicedesk@example.org>:\n> Dag Sam,\n",
        "On Mon, 30 Nov 2026 at 10:00, Servicedesk <desk@example.org> wrote:\n> Hello Sam,\n",
        "Van: Servicedesk <servicedesk@example.org>\nVerzonden: maandag 30 november 2026\n"
        "Aan: Sam\nOnderwerp: [SD-2026-000001] Nieuw antwoord\n\nDag Sam,\n",
        "________________________________\nFrom: Servicedesk <servicedesk@example.org>\n"
        "Sent: Monday\nTo: Sam\nSubject: Re\n\nHello Sam\n",
        "> Op 30 nov 2026, om 10:00 heeft Servicedesk het volgende geschreven:\n>\n> Dag Sam,\n",
        "-- \nSam Peeters\nStudent Rechten\n",
        "Verzonden vanaf mijn iPhone\n",
    ],
    ids=["gmail-nl", "gmail-en", "outlook-nl", "outlook-en", "apple-nl", "signature", "phone"],
)
def test_the_new_text_is_kept_and_the_rest_cut(history):
    assert cut_quotes(f"{NEW}\n\n{history}") == NEW


def test_answers_between_quoted_lines_are_kept():
    text = "Zie hieronder:\n> vraag 1\nAntwoord 1\n> vraag 2\nAntwoord 2"
    assert cut_quotes(text) == text


def test_an_html_only_mail_becomes_text_without_its_quote():
    html = "<div>Het werkt <b>weer</b>.<br>Dank je!</div><blockquote>Dag Sam</blockquote>"
    assert html_to_text(html) == "Het werkt weer.\nDank je!"
