from django.utils.functional import SimpleLazyObject


def site(request):
    """The care center's numbers, shown on every page's "Get help now" band.

    `request.care_center` is set by CareCenterMiddleware; a response made before it ran
    (a 400 for a bad Host, refused by SecurityMiddleware) reads the center itself.
    """
    center = getattr(request, "care_center", None)
    if center is None:
        from journeys.content.selectors import care_center

        center = SimpleLazyObject(care_center)
    return {"care_center": center}
