"""Writing to the audit trail. Every state change and download calls `record`."""

from dhrqa.models import AuditEvent


def record(actor, action, obj=None, **detail):
    """Add one audit event. Call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        detail=detail,
    )

