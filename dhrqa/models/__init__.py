from dhrqa.models.audit import AuditEvent
from dhrqa.models.users import User

__all__ = ["AuditEvent", "User"]
