"""Staff Markdown becomes HTML with nothing executable left in it."""

import pytest

from knowledgebase.markdown import render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**Let op**\n\n* een\n* twee\n\n[portaal](https://example.org/)")
    assert "<strong>Let op</strong>" in html
    assert "<li>een</li>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">portaal</a>' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("Hallo <script>alert(1)</script> wereld", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">klik</a>', "javascript:"),
        ("![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ('<p style="background:url(x)" onclick="alert(1)">x</p>', "onclick"),
        ("<iframe src='https://evil.example/'></iframe>", "<iframe"),
    ],
)
def test_sanitiser_removes_what_could_run(source, forbidden):
    html = render_markdown(source)
    assert forbidden not in html.lower()


def test_script_text_is_dropped_with_the_tag():
    assert "alert" not in render_markdown("<script>alert(1)</script>")


def test_safe_image_survives_with_alt_text():
    html = render_markdown("![Het aanmeldscherm](https://example.org/login.png)")
    assert '<img alt="Het aanmeldscherm" src="https://example.org/login.png">' in html


def test_a_text_is_converted_once_and_the_copy_is_the_same_safe_html():
    from knowledgebase.markdown import _rendered

    _rendered.cache_clear()
    text = "Read **this** <script>alert(1)</script> [link](javascript:alert(1))"
    first = render_markdown(text)
    second = render_markdown(text)
    assert first == second
    assert "<strong>this</strong>" in first and "<script>" not in first
    assert "javascript:" not in first
    assert (_rendered.cache_info().misses, _rendered.cache_info().hits) == (1, 1)
    assert render_markdown(text + " edited") != first
