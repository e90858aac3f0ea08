"""The peer support lead's dashboard, its tables as CSV and the whole as a PDF for a board report.

HR and the peer lead see their trust; a line manager sees the same for their team (programmes.access). Every
figure is of the teams and peers the user's roles reach; Wellness Action Plans the user may not read are
counted, never named."""

from __future__ import annotations

import csv
import io

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from programmes import access
from programmes.exports import cell
from programmes.views import AccessMixin

from . import charts, kept, pdf, scoping, selectors
from .forms import DashboardFilterForm


class DashboardMixin(AccessMixin):
    allowed = staticmethod(access.can_use_dashboard)

    def filter_form(self) -> DashboardFilterForm:
        return scoping.filter_form(self.request.user, self.request.GET)

    def scope(self, form: DashboardFilterForm) -> selectors.Scope | None:
        """What the dashboard covers with the form's filters, or None when the filters are wrong."""
        return scoping.scope_of(self.request.user, form)


class DashboardView(DashboardMixin, TemplateView):
    template_name = "dashboards/dashboard.html"

    @staticmethod
    def filters_text(form: DashboardFilterForm) -> str:
        """The filters in force, in words, for the line that opens the filter form."""
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        service = dict(form.fields["service_type"].choices).get(data.get("service_type") or "", "All services")
        return f"{data['team'].name if data.get('team') else 'All teams'}, {service.lower()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        scope = self.scope(form)
        context["form"] = form
        context["scope"] = scope
        # A scope of thousands of peers is shown from figures kept for a few minutes (dashboards.kept).
        shown = kept.dashboard(scope, user=self.request.user, query=self.request.GET.urlencode()) if scope else None
        context["shown"] = shown
        context["tables"] = tables = shown.tables if shown else []
        context["headline"] = headline = shown.headline if shown else None
        context["trend_charts"] = charts.trend_charts(headline) if headline else []
        # The names in the tables' rows shown link to the peer for those who may open the peer's page: one query.
        named = {peer_id for table in tables for peer_id in table.page_peer_ids}
        context["linked_peers"] = (
            set(access.visible_peers(self.request.user).filter(pk__in=named).values_list("pk", flat=True))
            if named
            else set()
        )
        context["query"] = self.request.GET.urlencode()
        context["filters_text"] = self.filters_text(form)
        user = self.request.user
        context["trust_wide"] = access.is_admin(user) or bool(
            access.scope(user).trusts_for(access.RECORD_KEEPING_ROLES)
        )
        return context


class DashboardCsvView(DashboardMixin, View):
    """One table of the dashboard as CSV, with the same filters and access as the page."""

    def get(self, request, table: str):
        if table not in selectors.TABLE_SECTIONS:
            raise Http404("No such table")
        scope = self.scope(self.filter_form())
        if scope is None:
            return HttpResponse("The filters are not valid.", status=400, content_type="text/plain")
        found = selectors.dashboard_table(scope, table)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([cell(h) for h in found.headers])
        writer.writerows([cell(v) for v in row] for row in found.rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dashboard-{table}-{scope.date_to:%Y-%m-%d}.csv"'
        return response


class DashboardPdfView(DashboardMixin, View):
    """The board report: the headline figures and their changes, the trend, charts and every section's counts,
    naming nobody."""

    def get(self, request):
        scope = self.scope(self.filter_form())
        if scope is None:
            return HttpResponse("The filters are not valid.", status=400, content_type="text/plain")
        document = pdf.dashboard_pdf(selectors.dashboard_tables(scope), selectors.headline_figures(scope), scope=scope)
        return FileResponse(
            document,
            as_attachment=True,
            filename=f"peer-support-dashboard-{scope.date_to:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )


class DashboardRecountView(DashboardMixin, View):
    """Count a kept dashboard's figures again now (its page's button), then show the page with the same filters.
    A dashboard counted on every visit has nothing to count again: the page is shown."""

    def post(self, request):
        scope = self.scope(self.filter_form())
        key = kept.fingerprint(scope) if scope is not None else None
        if key is not None:
            kept.count(scope, key, user=request.user, query=request.GET.urlencode())
        query = request.GET.urlencode()
        return HttpResponseRedirect(reverse("dashboards:dashboard") + (f"?{query}" if query else ""))
