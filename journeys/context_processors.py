from .models import CareCenter


def site(request):
    """The care center's numbers, shown on every page's "Get help now" band."""
    if not hasattr(request, "_care_center"):
        request._care_center = CareCenter.load()
    return {"care_center": request._care_center}
