"""Quote unlocks after training events. (Placeholder until the quotes engine lands.)"""


def evaluate(user, event, *, session=None, now=None, **facts):
    """Evaluates the unlock rules an event can affect; returns the newly unlocked quotes."""
    return []
