from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import routing
from people import views_access

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Both admins log in through allauth's login (its rate limits, the second factor):
    # their own login pages, found first, send people there (people.views_access).
    path("admin/login/", views_access.wagtail_admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "django-admin/login/",
        views_access.django_admin_login,
        name="django_admin_login",
    ),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    # Django's set_language, which also saves a signed-in person's choice.
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("", include("certificates.urls.credentials")),
    path("", include("scheduling.urls.feeds")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every learner-facing URL carries its language: /kk/..., /ru/..., /en/...
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("people.urls")),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("certificates.urls")),
    path("", include("certificates.urls.manage")),
    path("", include("scheduling.urls.learner")),
    path("", include("scheduling.urls.manage")),
    path("", include("scheduling.urls.attendance")),
    path("", include("reports.urls")),
    # Wagtail's own URLs with its serve view replaced by the one that remembers
    # routes (core.routing), and its login for private pages (a password form of
    # Django's) by a way to allauth's; the names stay, Wagtail reverses them.
    *[
        p
        for p in wagtail_urls.urlpatterns
        if p.name not in ("wagtail_serve", "wagtailcore_login")
    ],
    path("_util/login/", views_access.private_page_login, name="wagtailcore_login"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)
