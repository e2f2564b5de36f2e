"""What the pages show of a version's pre-screen: its status in words, the open count, findings by check."""

from dataclasses import dataclass

from django.db.models import Count, Q

from submissions.enums import PrescreenStatus
from submissions.models import Prescreen, PrescreenFinding
from submissions.prescreen import Check


@dataclass(frozen=True)
class PrescreenSummary:
    status: str  # a PrescreenStatus value, or "" when the version was never checked
    total: int
    open: int

    @property
    def considered(self):
        return self.total - self.open

    @property
    def checking(self):
        return self.status not in (PrescreenStatus.DONE, PrescreenStatus.FAILED)

    @property
    def failed(self):
        return self.status == PrescreenStatus.FAILED

    @property
    def label(self):
        """The task list's status: "Checking", "Could not be checked", "No findings", "2 open findings"."""
        if self.checking or self.failed:
            return PrescreenStatus(self.status).label if self.status else "Not checked yet"
        if not self.total:
            return "No findings"
        if not self.open:
            return f"All {self.total} considered"
        return f"{self.open} open finding{'s' if self.open != 1 else ''}"


def summary(submission):
    """The version's pre-screen status and counts, in two queries."""
    status = Prescreen.objects.filter(submission=submission).values_list("progress", flat=True).first() or ""
    counts = PrescreenFinding.objects.filter(submission=submission).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(considered_at__isnull=True)))
    return PrescreenSummary(status=status, total=counts["total"], open=counts["open"])


def by_check(findings):
    """[(check label, [findings])] in the order of the checks, leaving out checks with none."""
    groups = {check: [] for check in Check}
    for finding in findings:
        groups[Check(finding.check_name)].append(finding)
    return [(check.label, check.value, found) for check, found in groups.items() if found]
