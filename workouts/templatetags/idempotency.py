"""{% idempotency_key form %}: the key a set form sends with its POST (see
workouts/api/idempotency.py). A rejected form keeps the key it was sent with, so fixing it and
saving again still makes one set; a fresh form gets a new key."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def idempotency_key(form):
    sent = form.data.get("idempotency_key", "") if form is not None and form.is_bound else ""
    return sent[:255] if sent else str(uuid.uuid4())
