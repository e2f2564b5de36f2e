from dhrqa.models.audit import AuditEvent
from dhrqa.models.csp import CommunitySafetyPartnership
from dhrqa.models.users import User

__all__ = ["AuditEvent", "CommunitySafetyPartnership", "User"]
