"""CSV import of existing placements (issue 7, item 3): which peer holds which post since when. Registered with
`programmes.imports` (found by its autodiscovery), and saved through `workforce.services.place_peer`, so the
induction plan and the first reviews are made and history is kept as for a placement made on its page."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from programmes import access
from programmes.imports import Column, StaffResource, date_cell, number_cell, register, required_text, text

from . import services
from .models import Placement


@register
class PlacementResource(StaffResource):
    kind = "placements"
    label = "Placements"
    columns = (
        Column(
            "peer_email",
            "The email of a peer of the trust (import peers first).",
            "alex.smith@example.nhs.uk",
            required=True,
        ),
        Column(
            "post_id",
            "The number of a vacant post of the trust (the “ID” column of the posts CSV).",
            "12",
            required=True,
        ),
        Column("start_date", "When the peer started in the post (YYYY-MM-DD).", "2024-04-01", required=True),
        Column("hours", "Hours a week in this placement, no more than the post's.", "22.5", required=True),
        Column(
            "match_reasons",
            "Why the peer and the post were matched (optional for existing staff).",
            "Existing member of staff",
        ),
    )

    class Meta(StaffResource.Meta):
        model = Placement

    def find(self, row):
        return Placement()

    def read_row(self, instance, row) -> dict:
        errors: dict = {}
        if not access.can_keep_placements(self.user):
            raise ValidationError("You cannot record placements.")
        email = required_text(row, "peer_email", errors)
        peer = None
        if email:
            peer = access.editable_peers(self.user).filter(trust=self.trust, email__iexact=email).first()
            if peer is None:
                errors.setdefault("peer_email", []).append(f"No peer of {self.trust} has the email “{email}”.")
        post = None
        post_id = text(row, "post_id")
        if not post_id:
            errors.setdefault("post_id", []).append("“post_id” is empty; it is required.")
        elif not post_id.isdigit():
            errors.setdefault("post_id", []).append(f"“{post_id}” in “post_id” is not a post number.")
        else:
            post = access.editable_posts(self.user).select_related("team__trust").filter(pk=int(post_id)).first()
            if post is None:
                errors.setdefault("post_id", []).append(f"Unknown post {post_id}.")
            elif post.team.trust_id != self.trust.pk:
                errors.setdefault("post_id", []).append(f"Post {post_id} is in another trust ({post.team.trust}).")
                post = None
        values = {
            "peer": peer,
            "post": post,
            "start_date": date_cell(row, "start_date", errors, required=True),
            "hours": number_cell(row, "hours", errors),
            "match_reasons": text(row, "match_reasons") or "Existing member of staff, imported.",
        }
        if errors:
            raise ValidationError(errors)
        return values

    def describe(self, instance, values: dict) -> str:
        return (
            f"Place {values['peer'].full_name} in {values['post'].title} ({values['post'].team.name}) "
            f"from {values['start_date'].isoformat()}"
        )

    def save_row(self, instance, values: dict) -> None:
        services.place_peer(by=self.user, **values)
