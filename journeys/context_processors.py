def site(request):
    """The care center's numbers, shown on every page's "Get help now" band.

    `request.care_center` is set by CareCenterMiddleware.
    """
    return {"care_center": request.care_center}
