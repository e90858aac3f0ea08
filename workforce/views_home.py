"""Where the employment phase starts (/employment/): for staff, who is overdue supervision and which
reviews are due, with the ways into placements, supervision and reviews; for a peer, their own
employment: placement, induction progress, supervision, Wellness Action Plan and reviews. Thin: access via
`programmes.access`, reads via `workforce.selectors`."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from programmes import access
from programmes.views import AccessMixin

from . import selectors

REVIEWS_AHEAD = datetime.timedelta(days=30)
SHOWN = 10


class EmploymentHomeView(AccessMixin, TemplateView):
    template_name = "workforce/home.html"
    allowed = staticmethod(access.can_use_workforce_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        statuses = selectors.supervision_statuses(access.supervision_schedule_peers(user), today)
        overdue = [s for s in selectors.overdue_first(statuses) if s.is_overdue]
        reviews = selectors.reviews_for_list(
            access.visible_reviews(user).filter(held_on__isnull=True, due_on__lte=today + REVIEWS_AHEAD)
        ).order_by("due_on", "pk")
        own_peer = access.own_peer_record(user).first()
        context.update(
            today=today,
            is_staff_view=access.can_list_peers(user),
            overdue=overdue[:SHOWN],
            overdue_count=len(overdue),
            peers_in_post=len({s.peer.pk for s in statuses}),
            reviews=reviews[:SHOWN],
            can_keep_placements=access.can_keep_placements(user),
            can_record_supervision=access.can_record_supervision(user),
            own_peer=own_peer,
        )
        if own_peer is not None:
            context["own_statuses"] = [s for s in statuses if s.peer.pk == own_peer.pk]
            context["own_placements"] = selectors.placements_for_list(
                selectors.current_placements(access.visible_placements(user).filter(peer=own_peer), today)
            )
            context["own_plans"] = [
                (plan, selectors.induction_progress(plan.items.all()))
                for plan in selectors.induction_plan_with_items(
                    access.visible_induction_plans(user).filter(placement__peer=own_peer)
                )
            ]
            context["own_wap"] = access.editable_waps(user).filter(peer=own_peer).first()
        return context
