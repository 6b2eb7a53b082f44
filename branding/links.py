"""Footer links written as text: one "label | address" per line."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


def parse_footer_links(text: str) -> list[FooterLink]:
    """The links of ``text``; ``ValueError`` (translated) names the first bad line.

    Settings use ``;`` between links (one env var), the admin one per line.
    """
    links = []
    for raw in text.replace(";", "\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        label, bar, url = (part.strip() for part in line.partition("|"))
        if not bar or not label or not url.startswith(("https://", "http://", "/", "mailto:")):
            raise ValueError(
                _("“%(line)s” is not written as “text | https://address”.") % {"line": line}
            )
        links.append(FooterLink(label=label, url=url))
    return links
