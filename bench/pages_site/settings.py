"""lms.settings.production with the bench's URLconf (bench.pages_site.urls): the real
site's URLconf never has the bare view. Every environment variable means what it
means in production. (No `import *` outside lms/settings: tests/test_architecture.py.)"""

from lms.settings import production

globals().update(
    {name: value for name, value in vars(production).items() if name.isupper()}
)

ROOT_URLCONF = "bench.pages_site.urls"
# LMS_PUBLIC_URL is the bench's own http://127.0.0.1:<port>: nothing it issues leaves
# the machine, so the check that production's address is a public https one is off.
SILENCED_SYSTEM_CHECKS = [
    *getattr(production, "SILENCED_SYSTEM_CHECKS", []),
    "lms.E001",
]
