"""HTML to PDF through WeasyPrint, for every app that prints (certificates, sign-in
sheets): one font configuration per process, shared under a lock, and one exception
for a server that cannot render."""

from __future__ import annotations

import threading
from collections.abc import Callable

_font_lock = threading.Lock()
_font_config = None


class PdfUnavailable(RuntimeError):
    """This server cannot render PDFs: WeasyPrint's system libraries are missing
    (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)."""


def pdf_from_html(html: str, *, url_fetcher: Callable[[], object]) -> bytes:
    """Render `html` as a tagged PDF. `url_fetcher` makes the WeasyPrint URL fetcher
    that decides what the document may load (called once WeasyPrint has imported).
    Raises PdfUnavailable where WeasyPrint cannot load Pango."""
    global _font_config
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except OSError as error:  # Pango missing: "cannot load library ..."
        raise PdfUnavailable(str(error)) from error
    # One font configuration per process: a new one per PDF reloads the fonts each
    # time and its memory is never given back (a worker grew by 120 MB over 500
    # PDFs; shared, it stays flat and renders twice as fast). WeasyPrint's font
    # state is not thread-safe, hence the lock.
    with _font_lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return HTML(string=html, url_fetcher=url_fetcher()).write_pdf(
            font_config=_font_config, pdf_tags=True
        )
