"""Question import (GIFT, CSV) in the Wagtail admin."""

urlpatterns: list = []
