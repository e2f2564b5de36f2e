from dhrqa.models.audit import AuditEvent
from dhrqa.models.csp import CommunitySafetyPartnership
from dhrqa.models.files import PendingFileDeletion
from dhrqa.models.password_links import PasswordLink
from dhrqa.models.users import User

__all__ = ["AuditEvent", "CommunitySafetyPartnership", "PasswordLink", "PendingFileDeletion", "User"]
