"""Quiz results and question statistics in the Wagtail admin."""

urlpatterns: list = []
