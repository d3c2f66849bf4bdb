from django.contrib import admin
from django.urls import include, path

from journeys.views.staff import review_dashboard

urlpatterns = [
    path("admin/review/", review_dashboard, name="review_dashboard"),
    path("admin/", admin.site.urls),
    path("", include("journeys.urls")),
]
