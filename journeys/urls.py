from django.urls import path, register_converter

from journeys import views
from journeys.views import offline as offline_views
from journeys.views.pages import stage_check


class SignedDay:
    """A log day: an offset from the infusion date, below 0 before it (the baseline)."""

    regex = "-?[0-9]{1,3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(SignedDay, "signedday")

app_name = "journeys"

urlpatterns = [
    path("", views.start, name="start"),
    path("choose-product/", views.choose_product, name="choose_product"),
    path("journey/", views.journey_overview, name="journey"),
    path("journey/<slug:slug>/", views.stage_detail, name="stage_detail"),
    path("products/", views.product_list, name="product_list"),
    path("products/<slug:slug>/", views.product_detail, name="product_detail"),
    path("urgent/", views.urgent, name="urgent"),
    path("glossary/", views.glossary_list, name="glossary"),
    path("glossary/<slug:slug>/", views.glossary_detail, name="glossary_detail"),
    path("about/", views.about, name="about"),
    path("changes/", views.changes, name="changes"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/print/", views.checklist_print, name="checklist_print"),
    path("my-journey/", views.my_journey, name="my_journey"),
    path("my-journey/calendar.ics", views.calendar_file, name="calendar_file"),
    path("my-journey/wallet-card/", views.wallet_card, name="wallet_card"),
    path("my-journey/share/", views.share, name="share"),
    path("my-journey/share/qr.svg", views.share_qr, name="share_qr"),
    path("my-journey/forget/", views.forget, name="forget"),
    path("my-journey/log/", views.log, name="log"),
    path("my-journey/log/entry/<int:pk>/", views.log_entry, name="log_entry"),
    path("my-journey/log/handwriting/", views.log_handwriting, name="log_handwriting"),
    path(
        "my-journey/log/handwriting/<signedday:day>.png",
        views.log_handwriting_image,
        name="log_handwriting_image",
    ),
    path("my-journey/log/print/", views.log_print, name="log_print"),
    path("my-journey/log/blank/", views.log_blank, name="log_blank"),
    path("my-journey/log/entries.csv", views.log_csv, name="log_csv"),
    path("j/<str:token>/", views.join_shared, name="join_shared"),
    # Issue 17: search and the print packet
    path("search/", views.search, name="search"),
    path("print/", views.packet, name="packet"),
    path("journey/<slug:slug>/check/", stage_check, name="stage_check"),
    # Issue 31: installable, and what a phone shows offline for a page it never saved
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("offline/", offline_views.offline, name="offline"),
]
