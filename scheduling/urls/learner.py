"""learner URLs of scheduling (language-prefixed)."""

from django.urls import path  # noqa: F401

app_name = "scheduling"
urlpatterns: list = []
