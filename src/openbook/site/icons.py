"""Smaller pages: the theme's icons served once, in one sprite, rather than copied into every page.

Material inlines each icon's SVG where a template includes it (`.icons/…svg`),
so that any of its thousands of icons can be used without a font or a
request. The header, the palette toggle, the repository link, the Edit and
View buttons, the page history and "Back to top" carry some fifteen icons, the
same on every page: a fifth of a question page. Here each of them becomes
`<svg viewBox=…><use href="…/assets/images/openbook-icons.svg#…"></use></svg>`,
and the sprite holds each icon once, fetched once from the hub's own host and
then cached. The `<svg>` element stays, so Material's styles (size, colour,
which icon shows at which width) apply as before.

Only the page's chrome is changed, never the article: an icon that an author
writes in a page (`:material-…:`) stays inline, as the page wrote it. Only an
SVG as Material ships its icons is shared (an `xmlns` and a `viewBox`, and
shapes with no id, style or script); any other stays as it is.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from collections.abc import Callable

# Where the sprite is published, relative to the site's root.
SPRITE = "assets/images/openbook-icons.svg"
# Material's icon markup: `<svg xmlns=… viewBox=…>` and simple shapes.
_ICON = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="(?P<box>[0-9. -]+)">'
    r"(?P<shapes>(?:<!--[^<>]*-->|<(?:path|circle|rect|polygon|g|/g)(?: [a-z-]+=\"[^\"<>]*\")*\s*/?>(?:</path>)?)+)</svg>"
)
# One icon of a sprite this module wrote: a line each.
_SYMBOL = re.compile(r'<symbol id="(?P<id>i[0-9a-f]{10})" viewBox="[0-9. -]+">.*</symbol>$')
# Attributes that could name, style or script something: an icon that has them is left inline.
_ACTIVE = re.compile(r" (?:id|style|on[a-z]+|href|class)=")


class Sprite:
    """The icons of one build: each distinct icon once, under an id taken from its drawing."""

    def __init__(self) -> None:
        self.symbols: dict[str, str] = {}
        self.written = False

    def id_for(self, box: str, shapes: str) -> str:
        name = "i" + hashlib.sha256(f"{box}\n{shapes}".encode()).hexdigest()[:10]
        if name not in self.symbols:
            self.symbols[name] = f'<symbol id="{name}" viewBox="{box}">{shapes}</symbol>'
        return name

    def svg(self) -> str:
        """The sprite file: every icon as a `<symbol>`, in a stable order so that a rebuild writes the same bytes."""
        body = "\n".join(self.symbols[name] for name in sorted(self.symbols))
        return f'<svg xmlns="http://www.w3.org/2000/svg">\n{body}\n</svg>\n'

    def write(self, site_dir: str | Path) -> None:
        """Write the sprite, keeping the icons of one already there.

        A build cleans the site folder first, so one is there only under
        `mkdocs serve --dirty`, whose unchanged pages still point at its icons.
        """
        target = Path(site_dir) / SPRITE
        if not self.written and target.is_file():
            for line in target.read_text(encoding="utf-8").splitlines():
                if found := _SYMBOL.match(line):
                    self.symbols.setdefault(found["id"], line)
        self.written = True
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.svg(), encoding="utf-8")


def share(html: str, sprite: Sprite, href: str, *, article: tuple[str, str] | None = None) -> str:
    """`html` with each of its chrome's icons replaced by a reference to `sprite`, served at `href`.

    `article` is the pair of markers around the page's article, which is left as written.
    """
    if article is not None:
        start = html.find(article[0])
        end = html.rfind(article[1], start) if start >= 0 else -1
        if end >= 0:
            swap = _swapper(sprite, href)
            return swap(html[:start]) + html[start:end] + swap(html[end:])
    return _swapper(sprite, href)(html)


def _swapper(sprite: Sprite, href: str) -> Callable[[str], str]:
    def use(match: re.Match[str]) -> str:
        shapes = match["shapes"]
        if _ACTIVE.search(shapes):
            return match[0]
        name = sprite.id_for(match["box"], shapes)
        return f'<svg viewBox="{match["box"]}"><use href="{href}#{name}"></use></svg>'

    return lambda html: _ICON.sub(use, html)


# One build at a time; reset in on_pre_build, as hooks are not reloaded under `mkdocs serve`.
_sprite: Sprite | None = None


def on_pre_build() -> None:
    global _sprite
    _sprite = Sprite()


def on_post_page(output: str, page_url: str, site_dir: str, article: tuple[str, str]) -> str:
    """The page with its chrome's icons shared; the sprite is rewritten whenever a page brings a new icon.

    Written as soon as it grows, not once at the end of the build, so that pages
    written after every page (versions, in on_post_build) find their icons in it too.
    """
    global _sprite
    if _sprite is None:
        _sprite = Sprite()
    known = len(_sprite.symbols)
    output = share(output, _sprite, get_relative_url(SPRITE, page_url), article=article)
    if len(_sprite.symbols) != known:
        _sprite.write(site_dir)
    return output
