"""The CSV import of existing staff (issue 7, item 3) for HR and the peer support lead: upload a file, see a dry
run row by row (what would be created or changed, and every bad row with its number and reason), then import
it all in one transaction. A file with any error saves nothing; a checked file is imported once, however many times
its confirm is posted (`imports.confirm_import`). The work is in `programmes.imports`."""

from __future__ import annotations

import secrets

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from . import access, imports, uploads
from .views import AccessMixin

SESSION_KEY = "staff_import"


def _kinds() -> dict[str, type[imports.StaffResource]]:
    return imports.autodiscover()


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        help_text="Import peers and posts before placements.",
        error_messages={"required": "Choose what the file holds."},
    )
    trust = forms.ModelChoiceField(
        label="Trust", queryset=None, empty_label=None, error_messages={"required": "Choose the trust."}
    )
    file = forms.FileField(
        label="CSV file",
        help_text="A .csv file of at most 1 MB, with the columns of the template in its first line.",
        error_messages={"required": "Choose the CSV file to import."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, resource.label) for kind, resource in _kinds().items()]
        self.fields["trust"].queryset = access.trusts_for_new_peers(user).order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file (save your spreadsheet as “CSV UTF-8”).")
        if upload.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB; split it into smaller files.")
        if not uploads.content_matches(upload, "csv"):
            # A spreadsheet (.xlsx), a PDF or a program renamed .csv: judged by its first bytes, not its name.
            raise forms.ValidationError("This is not a CSV file, whatever its name says: save it as “CSV UTF-8”.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text; save it as “CSV UTF-8”.") from None


class ImportStartView(AccessMixin, View):
    """Upload a file; answer with its dry run."""

    allowed = staticmethod(access.can_create_peers)

    def get(self, request):
        return self.page(ImportForm(user=request.user))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.page(form)
        kind, trust, content = form.cleaned_data["kind"], form.cleaned_data["trust"], form.cleaned_data["file"]
        outcome = imports.import_file(kind=kind, content=content, user=request.user, trust=trust, dry_run=True)
        # The checked file's own id (not its content's hash: the same file checked again is a new import to
        # confirm, which then updates the peers the first one added). Its confirm claims it once.
        token = secrets.token_urlsafe(24)
        if not outcome.has_errors:
            request.session[SESSION_KEY] = {"kind": kind, "trust": trust.pk, "content": content, "token": token}
        else:
            request.session.pop(SESSION_KEY, None)
        return render(
            request,
            "programmes/import_preview.html",
            {
                "outcome": outcome,
                "kind_label": _kinds()[kind].label,
                "trust": trust,
                "token": token,
                "file_name": request.FILES["file"].name,
            },
        )

    def page(self, form):
        return render(
            self.request,
            "programmes/import_start.html",
            {
                "form": form,
                # plain dicts: a template would call a class
                "kinds": [{"kind": r.kind, "label": r.label, "columns": r.columns} for r in _kinds().values()],
            },
        )


class ImportConfirmView(AccessMixin, View):
    """Import the file whose dry run the user has just seen, all of it or nothing."""

    allowed = staticmethod(access.can_create_peers)

    def get(self, request):
        """The file checked last and not yet imported, if any, with the button to import it."""
        pending = request.session.get(SESSION_KEY)
        context = {}
        if pending:
            trust = access.trusts_for_new_peers(request.user).filter(pk=pending["trust"]).first()
            kind = _kinds().get(pending["kind"])
            if trust is not None and kind is not None:
                dataset, _ = imports.read_csv(pending["content"], kind.columns)
                context = {
                    "trust": trust,
                    "kind_label": kind.label,
                    "row_count": len(dataset) if dataset is not None else 0,
                    "token": pending["token"],
                }
        return render(request, "programmes/import_confirm.html", context)

    def post(self, request):
        pending = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        if not pending or pending["token"] != token:
            first = imports.claimed_import(pending_id=token, user=request.user) if token else None
            if first is not None:
                return self.already_imported(first)
            messages.error(request, "That import has expired or was replaced; upload the file again.")
            return redirect("programmes:import")
        trust = get_object_or_404(access.trusts_for_new_peers(request.user), pk=pending["trust"])
        kind = pending["kind"]
        outcome, claim = imports.confirm_import(
            pending_id=token, kind=kind, content=pending["content"], user=request.user, trust=trust
        )
        request.session.pop(SESSION_KEY, None)
        if outcome is None:
            return self.already_imported(claim)
        if outcome.has_errors:
            return render(
                request,
                "programmes/import_preview.html",
                {"outcome": outcome, "kind_label": _kinds()[kind].label, "trust": trust, "failed": True},
            )
        messages.success(
            request,
            f"Imported {len(outcome.rows)} row(s) of {_kinds()[kind].label.lower()} for {trust}: "
            f"{outcome.count('Create')} added, {outcome.count('Change')} changed.",
        )
        return redirect("programmes:import")

    def already_imported(self, claim):
        """A second confirm of a file (a double click, a retried request, the back button): nothing imported."""
        messages.info(self.request, f"Already imported: {claim.result_label}. Nothing was imported again.")
        return redirect(claim.result_url or "programmes:import")


class ImportTemplateView(AccessMixin, View):
    """A CSV with the columns of one kind and an example row, to fill in."""

    allowed = staticmethod(access.can_create_peers)

    def get(self, request, kind):
        resource = _kinds().get(kind)
        if resource is None:
            raise Http404("Not found")
        response = HttpResponse(resource.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{kind}-template.csv"'
        return response


def template_url(kind: str) -> str:
    return reverse("programmes:import-template", kwargs={"kind": kind})
