"""Context every page gets: what the navigation needs to know."""

from django.utils import translation
from django.utils.functional import SimpleLazyObject

from core.pagecache import content_cached
from core.routing import site_for_request


def _catalog_url(request) -> str:
    """The catalogue in the active language (memoized: published content only)."""
    from courses.models import CatalogPage

    language = translation.get_language()

    def find() -> str:
        catalog = (
            CatalogPage.objects.live().filter(locale__language_code=language).first()
            or CatalogPage.objects.live().first()
        )
        return catalog.get_url(request) if catalog else f"/{language}/"

    return content_cached(("catalog-url", language, request.get_host()), find)


def site_shell(request):
    # Page links in every template find the site from memory (core.routing).
    site_for_request(request)
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "can_manage_learners": authenticated and user.has_perm("people.view_user"),
        "can_manage_certificates": authenticated
        and user.has_perm("certificates.view_certificate"),
        # Admins who manage sessions, and mentors (the trainers) who run them.
        "can_manage_sessions": authenticated
        and (
            user.has_perm("scheduling.manage_trainingsession")
            or user.has_perm("people.view_user")
        ),
        "can_review": authenticated and user.has_perm("assessments.change_submission"),
        "can_edit_content": authenticated
        and user.has_perm("wagtailadmin.access_admin"),
        "catalog_url": SimpleLazyObject(lambda: _catalog_url(request)),
    }
