"""Every area's models, imported so Alembic sees all tables. Defines none."""

from workspace.admin.models import WorkspaceSettings  # noqa: F401
from workspace.api.models import ApiRateWindow, ApiToken  # noqa: F401
from workspace.auth.models import Invitation, SignInThrottle, User  # noqa: F401
