"""Addresses of certificates, split the way the views are. Under the language prefix:
the learner's pages and the public verification, both in the namespace
"certificates" (this module, included by lms.urls), and the admins' pages
("certificates_manage", urls.manage). Without a prefix, stable for as long as
certificates live: the short link and the Open Badges addresses ("credentials",
urls.credentials)."""

from . import learner, public

app_name = "certificates"
urlpatterns = [*learner.urlpatterns, *public.urlpatterns]

__all__ = ["app_name", "urlpatterns"]
