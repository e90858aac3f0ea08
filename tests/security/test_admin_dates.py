"""The admin's forms take dates between 1900 and 2100 like every other form (programmes.fields,
programmes.admin_site.bound_admin_dates): every registered admin and inline, and a far date refused beside its field."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from programmes.fields import is_bounded
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_every_date_field_of_every_admin_form_and_inline_is_bounded(world):
    reverse("admin:index")  # the URLs are loaded, and with them the admin's set-up (peersupport/urls.py)
    request = RequestFactory().get("/")
    request.user = world.administrator
    unbounded = []
    for model, model_admin in admin.site._registry.items():
        forms_ = [model_admin.get_form(request)]
        forms_ += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form in forms_:
            for name, field in form.base_fields.items():
                if isinstance(field, forms.DateField | forms.DateTimeField | forms.MultiValueField) and not is_bounded(
                    field
                ):
                    unbounded.append(f"{model._meta.label} {form.__name__}.{name}")
    assert not unbounded, unbounded


def test_a_far_date_in_the_admin_is_refused_beside_its_field(client, world):
    programme = Programme.objects.get(trust=world.trust)
    client.force_login(world.administrator)
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["start_date"] = "9999-12-31"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100." in response.context["adminform"].form.errors["start_date"]
    programme.refresh_from_db()
    assert programme.start_date is None or programme.start_date.year < 9999
