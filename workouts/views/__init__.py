"""Views, one module per page. Shared helpers live here."""

from django.http import Http404


def owned_or_404(model, user, pk, **extra):
    """The user's own object, or 404 (also for anyone else's)."""
    try:
        return model.objects.get(pk=pk, user=user, **extra)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {model.__name__} here.") from exc
