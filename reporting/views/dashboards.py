"""The role's dashboard: the service area coordinator's, the statewide coordinator's or the contract
manager's. Thin: the figures come from reporting.services.dashboards."""

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.utils import timezone
from django.views.generic import TemplateView

from parentpartner.access import has_permission
from parentpartner.models import User
from parentpartner.roles import Role
from parentpartner.viewmixins import PermissionMixin
from reporting.services import dashboards

# Keyed by the role's value, as a user's `role` holds it.
DASHBOARDS: dict[str, tuple[str, Callable[[Any, datetime.date], dict[str, Any]]]] = {
    Role.SERVICE_AREA_COORDINATOR: ("reporting/dashboard_area.html", dashboards.area_dashboard),
    Role.STATEWIDE_COORDINATOR: ("reporting/dashboard_state.html", dashboards.state_dashboard),
    Role.CONTRACT_MANAGER: ("reporting/dashboard_contract.html", dashboards.contract_dashboard),
}


class DashboardView(PermissionMixin, TemplateView):
    """The role's dashboard: the service area coordinator's, the statewide coordinator's or the
    contract manager's."""

    permission = "dashboard.view"

    def user(self) -> User:
        return cast(User, self.request.user)  # PermissionMixin lets only a logged-in user in

    def get_template_names(self) -> list[str]:
        return [DASHBOARDS[self.user().role][0]]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        build = DASHBOARDS[self.user().role][1]
        return super().get_context_data(
            today=timezone.localdate(),
            can_record_meetings=has_permission(self.request.user, "meeting.record"),
            **build(self.request.user, timezone.localdate()),
            **kwargs,
        )
