"""The staff site: Django's admin with the center's header and the content review page."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _


class CartAdminSite(admin.AdminSite):
    site_header = _("CAR-T Journey staff")
    site_title = _("CAR-T Journey staff")
    index_title = _("Content")
    index_template = "admin/cart_index.html"

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_active and request.user.is_staff:
            from journeys.models import CareCenter

            context["example_center_fields"] = CareCenter.load().example_fields()
        return context

    def login(self, request, extra_context=None):
        """The login page; its POST is throttled per address before any password check."""
        from journeys.staff_login import login_throttled, throttled_response

        if login_throttled(request):
            return throttled_response(request)
        return super().login(request, extra_context)

    def get_urls(self):
        from journeys.views.staff import review_dashboard

        review = path("review/", self.admin_view(review_dashboard), name="review_dashboard")
        return [review, *super().get_urls()]
