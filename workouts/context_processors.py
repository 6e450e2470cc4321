def preferences(request):
    """The user's display units, available to every template as `units`."""
    profile = getattr(request, "profile", None)
    if profile is None:
        return {"units": {"weight": "kg", "distance": "km"}}
    return {"units": {"weight": profile.weight_unit, "distance": profile.distance_unit}}
