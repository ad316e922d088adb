"""Every read of the follow-up visits at a centre."""

from django.db.models import Count, QuerySet

from debts.models import FollowUpVisit, VisitAction
from institutes.models import Centre


def centre_visits(centre: Centre) -> QuerySet[FollowUpVisit]:
    return (
        centre.visits.select_related("model_household")
        .annotate(agreed=Count("actions", distinct=True), pictures=Count("photos", distinct=True))
        .order_by("-visited_on", "-id")
    )


def open_actions(visit: FollowUpVisit) -> QuerySet[VisitAction]:
    """Actions agreed at the centre's earlier visits and not done yet: the ones this visit
    follows up."""
    return (
        VisitAction.objects.filter(
            visit__centre_id=visit.centre_id,
            visit__visited_on__lte=visit.visited_on,
            done_on__isnull=True,
        )
        .exclude(visit=visit)
        .select_related("visit", "checked_at")
        .order_by("due", "id")
    )
