"""How reports reacts to other apps' events, connected in ReportsConfig.ready()."""

from __future__ import annotations

from .selectors import report_subscription_data_export
from .services import report_subscription_personal_data_erase


def on_personal_data_export(sender, *, user, **kwargs):
    return "report_subscriptions", report_subscription_data_export(user=user)


def on_personal_data_erase(sender, *, user, **kwargs) -> None:
    report_subscription_personal_data_erase(user=user)
