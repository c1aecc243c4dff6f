"""Every Wagtail hook of lms (Wagtail imports this module): out-of-date translations
in the admin (lms.translations)."""

from django.urls import include, path
from wagtail import hooks

from . import translations


@hooks.register("register_admin_urls")
def register_lms_admin_urls():
    return [path("", include(translations.urlpatterns))]


hooks.register("register_reports_menu_item", translations.register_reports_menu_item)
hooks.register("register_page_listing_buttons", translations.page_listing_buttons)
# Before wagtail-localize's own hook, which answers the request with its translation
# editor (and shows the messages added here).
hooks.register("before_edit_page", translations.warn_out_of_date_translation, order=-10)
