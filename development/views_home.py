"""Where ongoing development starts (/development/): the career pathway and the competency framework for
everyone; for staff, the peers they see with the way into each one's development plan, training,
assessments and progression, and the trust-wide pages their role reaches; for a peer, their own. Thin:
access via `programmes.access`, reads via selectors."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from programmes import access
from programmes.views import PAGE_SIZE, AccessMixin
from workforce import selectors as workforce_selectors


class DevelopmentHomeView(AccessMixin, TemplateView):
    template_name = "development/home.html"
    allowed = staticmethod(access.can_use_development_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        placements = workforce_selectors.current_placements(access.visible_placements(user), today)
        context.update(
            frameworks=access.visible_frameworks(user).filter(is_active=True).select_related("trust"),
            own_peer=access.own_peer_record(user).first(),
            is_staff_view=access.can_list_peers(user),
            placements=workforce_selectors.placements_for_list(placements).order_by("peer__full_name", "pk")[
                :PAGE_SIZE
            ],
            placement_count=placements.count(),
            can_see_ready=access.can_see_ready_for_next_step(user),
            can_follow_place_and_train=access.can_follow_place_and_train(user),
            can_see_expiring=access.can_see_expiring_training(user),
            growth_programmes=access.growth_programmes(user).select_related("trust"),
        )
        return context
