"""Response headers' policies, the same in every environment: base.py reads them
(this module reads nothing from the environment).

The Content-Security-Policy that django-csp sends (see lms.middleware). The site loads
only its own scripts, styles, fonts, images and media: no inline script, no inline
event handler, no style attribute (our templates have none; tests/lms/test_headers.py
checks the main pages). The one outside source is the video player a learner asks for
(courses.blocks.video_embed_url), and images and videos of a public bucket.
https://django-csp.readthedocs.io/en/latest/configuration.html
"""

from __future__ import annotations

VIDEO_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]


def content_security_policies(*, media_origins: list[str]) -> tuple[dict, dict]:
    """(the site's policy, the editors' admin's policy); `media_origins`: where
    images and videos come from besides the platform (the public bucket)."""
    site = {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", *media_origins],
            "font-src": ["'self'"],
            "media-src": ["'self'", *media_origins],
            "connect-src": ["'self'"],
            "frame-src": list(VIDEO_FRAME_SOURCES),
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    }
    # The editors' admin (Wagtail, and Django's) has a policy of its own: Wagtail 8
    # still writes inline scripts and styles
    # (https://github.com/wagtail/wagtail/issues/1288), and its page preview frames
    # our pages. Only signed-in editors and admins reach it.
    admin = {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:", *media_origins],
            "font-src": ["'self'", "data:"],
            "media-src": ["'self'", *media_origins],
            "connect-src": ["'self'"],
            "frame-src": ["'self'", *VIDEO_FRAME_SOURCES],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    }
    return site, admin


# Browser features no page of ours uses are switched off for it and every frame in it.
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Permissions-Policy
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)
