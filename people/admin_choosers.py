"""The Wagtail admin's chooser of positions, for those who may see positions only.

Wagtail lets anyone with admin access into a snippet's chooser (a chooser serves the
forms of other models), whatever their permissions on the snippet; the position
chooser lists who holds which role where in every region, so an editor (admin access,
no people in scope) could read every region's staff from it. Here its views (choose,
results, chosen, create) answer 403 to anyone with no permission on positions, as
the positions listing does."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from .models import Position

ACTIONS = {"add", "change", "delete", "view"}


class PositionAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(Position)
        if not policy.user_has_any_permission(request.user, ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PositionChooseView(PositionAccessMixin, ChooseView):
    pass


class PositionChooseResultsView(PositionAccessMixin, ChooseResultsView):
    pass


class PositionChosenView(PositionAccessMixin, SnippetChosenView):
    pass


class PositionChosenMultipleView(PositionAccessMixin, SnippetChosenMultipleView):
    pass


class PositionChooserCreateView(PositionAccessMixin, SnippetCreateView):
    pass


class PositionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PositionChooseView
    choose_results_view_class = PositionChooseResultsView
    chosen_view_class = PositionChosenView
    chosen_multiple_view_class = PositionChosenMultipleView
    create_view_class = PositionChooserCreateView
