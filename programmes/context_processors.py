"""What the navigation offers the signed-in user, asked of `programmes.access`."""

from django.urls import reverse

from . import access, notifications


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    peer_id = access.scope(user).peer_id
    return {
        "nav": {
            "staff": access.can_use_staff_pages(user),
            "peers": access.can_find_peers(user),
            "subject_access_requests": access.can_use_subject_access_requests(user),
            "admin": access.can_use_admin(user),
            "preparation": access.can_use_preparation_pages(user),
            "recruitment": access.can_use_recruitment_pages(user),
            "keeps_recruitment": access.can_keep_recruitment(user),
            "employment": access.can_use_workforce_pages(user),
            "development": access.can_use_development_pages(user),
            "dashboard": access.can_use_dashboard(user),
            "my_record": reverse("programmes:peer-detail", args=[peer_id]) if peer_id else "",
            # One query: the signed-in user's unread notifications, shown beside the link to them.
            "unread_notifications": notifications.unread_count(user),
        }
    }
