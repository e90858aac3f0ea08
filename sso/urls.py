"""Single sign-on URLs: /sso/<provider>/sign-in/ and its redirect URI /sso/<provider>/callback/, and signing in at the
provider again before sensitive records."""

from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("reauthenticate/", views.ReauthenticateView.as_view(), name="reauthenticate"),
    path("<slug:slug>/sign-in/", views.StartView.as_view(), name="start"),
    path("<slug:slug>/callback/", views.CallbackView.as_view(), name="callback"),
]
