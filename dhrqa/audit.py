"""Writing to the audit trail. Every state change and download calls `record`."""

from dhrqa.models import AuditEvent


def record(actor, action, obj=None, *, review=None, **detail):
    """Add one audit event. Call it inside the transaction of the change it records.

    `review` is the review the event belongs to (a Review or its reference),
    so that the review's history finds it.
    """
    reference = getattr(review, "reference", review) or ""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        review_reference=reference,
        detail=detail,
    )


def review_history(reference, *, actions=None):
    """The events of one review, oldest first: one query on the (review, action, at) index."""
    events = AuditEvent.objects.filter(review_reference=reference)
    if actions is not None:
        events = events.filter(action__in=list(actions))
    return events.select_related("actor").order_by("at", "id")


def last_event(obj, *, actions):
    """The newest event of `actions` on `obj`, with its actor, or None: who last saved it, and when."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action__in=list(actions))
        .select_related("actor").order_by("-id").first()
    )
