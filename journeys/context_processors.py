from .models import CareCenter


def care_center(request):
    """The one CareCenter row, loaded at most once per request."""
    if not hasattr(request, "_care_center"):
        request._care_center = CareCenter.load()
    return request._care_center


def site(request):
    """The care center's numbers, shown on every page's "Get help now" band."""
    return {"care_center": care_center(request)}
