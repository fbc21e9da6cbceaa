"""Every area's models, imported so Alembic sees all tables. Defines none."""

from workspace.activity.models import ActivityEntry  # noqa: F401
from workspace.admin.models import WorkspaceSettings  # noqa: F401
from workspace.api.models import ApiRateWindow, ApiToken  # noqa: F401
from workspace.auth.models import Invitation, SignInThrottle, User  # noqa: F401
from workspace.comments.models import Comment  # noqa: F401
from workspace.data_version import DataVersion  # noqa: F401
from workspace.glossary.models import (  # noqa: F401
    Term,
    TermDecision,
    TermMention,
    TermRevision,
)
from workspace.goals.models import (  # noqa: F401
    CheckIn,
    Commitment,
    Goal,
    GoalRevision,
    PlanApproval,
)
from workspace.leads.models import (  # noqa: F401
    ContactAttempt,
    Lead,
    LeadImport,
    Rating,
    StagedLead,
)
from workspace.meetings.models import (  # noqa: F401
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    MeetingRevision,
    NotesReview,
)
from workspace.metrics.models import Spend  # noqa: F401
from workspace.notifications.models import Follow, Notification  # noqa: F401
from workspace.presence.models import Presence  # noqa: F401
from workspace.sla.models import (  # noqa: F401
    AgreementRevision,
    AgreementVersion,
    Signature,
    TermReference,
)
