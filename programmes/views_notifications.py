"""The signed-in user's own notifications (every phase's reminders): the list, newest first, with unread
ones marked in words, and marking one or all of them read. Nobody sees anyone else's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import ListView, TemplateView

from . import access, notifications
from .exports import Col, CsvExportMixin
from .views import PAGE_SIZE, AccessMixin


def _back(request) -> str:
    """Where to return after marking read: the list page the user came from, if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("programmes:notification-list")


class NotificationListView(AccessMixin, CsvExportMixin, ListView):
    template_name = "programmes/notification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "notifications"
    csv_columns = (
        Col("What is due", "title"),
        Col("Kind", "get_kind_display"),
        Col("Due", "due_on"),
        Col("Read on", lambda n: n.read_at.date() if n.read_at else None),
        Col("Received", lambda n: n.created_at.date()),
    )

    def get_queryset(self):
        return notifications.notifications_for_list(access.own_notifications(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = notifications.unread_count(self.request.user)
        # Reminders whose item has been done or rescheduled since are shown apart (the due rules, re-evaluated).
        context["still_due"], context["done"] = notifications.split_done(context["notifications"], timezone.localdate())
        return context


class NotificationReadView(AccessMixin, TemplateView):
    """GET asks for confirmation (for a link followed from elsewhere); POST marks the notification read."""

    template_name = "programmes/notification_read.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.notification = get_object_or_404(access.own_notifications(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notification"] = self.notification
        return context

    def post(self, request, *args, **kwargs):
        if notifications.mark_read(request.user, [self.notification.pk]):
            messages.success(request, f"Marked as read: {self.notification.title}.")
        else:
            messages.info(request, "That notification was already read.")
        return redirect(_back(request))


class NotificationReadAllView(AccessMixin, TemplateView):
    template_name = "programmes/notification_read_all.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = notifications.unread_count(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        count = notifications.mark_all_read(request.user)
        if count:
            noun = "notification" if count == 1 else "notifications"
            messages.success(request, f"Marked {count} {noun} as read.")
        else:
            messages.info(request, "You had no unread notifications.")
        return redirect(_back(request))
