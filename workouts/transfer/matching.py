"""Maps the exercise names of a file to Montage exercises, forgivingly.

"Bench Press (Barbell)" is the catalogue's "Bench press": case, punctuation and an equipment
suffix aside. A match is *confident* when the names agree once normalised and the suffix (if any)
fits the exercise's equipment, or the name is one of the user's own exercises; it is *close*
when only an alias or a suffix that names other equipment links them. The review screen
preselects both (close ones flagged); the shell command uses confident ones only.
"""

import re
from dataclasses import dataclass

CONFIDENT, CLOSE = "confident", "close"

# Common names in other apps for built-in exercises (normalised -> catalogue slug).
ALIASES = {
    "squat": "back-squat",
    "barbell squat": "back-squat",
    "high bar squat": "back-squat",
    "low bar squat": "back-squat",
    "bench": "bench-press",
    "flat bench press": "bench-press",
    "bent over row": "barbell-row",
    "bent over barbell row": "barbell-row",
    "pendlay row": "barbell-row",
    "overhead press": "overhead-press",
    "shoulder press": "overhead-press",
    "military press": "overhead-press",
    "strict press": "overhead-press",
    "ohp": "overhead-press",
    "pull up": "pull-up",
    "pullup": "pull-up",
    "pull ups": "pull-up",
    "chin up": "chin-up",
    "chinup": "chin-up",
    "chin ups": "chin-up",
    "dip": "dips",
    "chest dip": "dips",
    "triceps dip": "dips",
    "push up": "push-up",
    "pushup": "push-up",
    "push ups": "push-up",
    "sit up": "sit-up",
    "situp": "sit-up",
    "lunge": "walking-lunge",
    "lunges": "walking-lunge",
    "seated row": "seated-cable-row",
    "cable row": "seated-cable-row",
    "lat pull down": "lat-pulldown",
    "pulldown": "lat-pulldown",
    "lying leg curl": "leg-curl",
    "seated leg curl": "leg-curl",
    "hamstring curl": "leg-curl",
    "rdl": "romanian-deadlift",
    "stiff leg deadlift": "romanian-deadlift",
    "conventional deadlift": "deadlift",
    "farmers walk": "farmers-carry",
    "farmer walk": "farmers-carry",
    "farmers carry": "farmers-carry",
    "jumping rope": "jump-rope",
    "skipping": "jump-rope",
    "rowing": "rowing-ergometer",
    "rowing machine": "rowing-ergometer",
    "row": None,
    "rower": "rowing-ergometer",
    "indoor rowing": "rowing-ergometer",
    "cycling": "bike-ergometer",
    "stationary bike": "bike-ergometer",
    "assault bike": "bike-ergometer",
    "air bike": "bike-ergometer",
    "sled push": "sled-push",
    "prowler push": "sled-push",
    "trap bar deadlift": "cart-lift",
    "hex bar deadlift": "cart-lift",
    "hanging knee raise": "hanging-leg-raise",
    "kb swing": "kettlebell-swing",
    "russian kettlebell swing": "kettlebell-swing",
    "treadmill": "treadmill-intervals",
    "stair climber": "summit-climb",
    "stairmaster": "summit-climb",
    "shadow boxing": "shadowboxing",
    "burpees": "burpee",
    "plank hold": "plank",
    "front plank": "plank",
    "running": None,
    "run": None,
}
EQUIPMENT_WORDS = {
    "barbell",
    "dumbbell",
    "machine",
    "cable",
    "kettlebell",
    "band",
    "bodyweight",
    "smith machine",
    "weighted",
    "assisted",
    "ez bar",
    "other",
    "plate loaded",
    "trap bar",
    "hex bar",
    "cardio",
    "duration",
    "reps only",
}
_SUFFIX = re.compile(r"\s*[\(\[]([^)\]]*)[\)\]]\s*$")


def normalise(name):
    name = name.lower().replace("’", "'").replace("'", "")
    name = re.sub(r"[-_/,.]+", " ", name)
    return re.sub(r"\s+", " ", name).strip()


def split_suffix(name):
    """('Bench Press', 'barbell') from 'Bench Press (Barbell)'."""
    match = _SUFFIX.search(name)
    if not match:
        return name, ""
    return name[: match.start()], normalise(match.group(1))


@dataclass(frozen=True)
class Match:
    exercise: object  # an Exercise, or None
    confidence: str | None  # CONFIDENT, CLOSE or None


class Matcher:
    """Built once per import over the catalogue and the user's own exercises."""

    def __init__(self, exercises):
        self.by_slug, self.by_name, self.own_by_name = {}, {}, {}
        for exercise in exercises:
            key = normalise(exercise.name)
            if exercise.owner_id is None:
                self.by_slug[exercise.slug] = exercise
                self.by_name.setdefault(key, exercise)
                short, _ = split_suffix(exercise.name)  # "Sled pull (harness)" -> "sled pull"
                self.by_name.setdefault(normalise(short), exercise)
            else:
                self.own_by_name[key] = exercise

    def match(self, name, slug=""):
        if slug:
            exercise = self.by_slug.get(slug)
            return Match(exercise, CONFIDENT if exercise else None)
        full = normalise(name)
        if full in self.own_by_name:
            return Match(self.own_by_name[full], CONFIDENT)
        if full in self.by_name:
            return Match(self.by_name[full], CONFIDENT)
        base, suffix = split_suffix(name)
        key = normalise(base)
        exercise = self.by_name.get(key)
        if exercise is None and ALIASES.get(key):
            exercise = self.by_slug.get(ALIASES[key])
            if exercise is not None:
                return Match(exercise, CONFIDENT if self._fits(exercise, suffix) else CLOSE)
        if exercise is None and key.endswith("s") and key[:-1] in self.by_name:
            exercise = self.by_name[key[:-1]]
        if exercise is None:
            return Match(None, None)
        return Match(exercise, CONFIDENT if self._fits(exercise, suffix) else CLOSE)

    @staticmethod
    def _fits(exercise, suffix):
        """No suffix, or one that names this exercise's equipment (or says bodyweight)."""
        if not suffix:
            return True
        equipment = normalise(exercise.equipment)
        if suffix in ("bodyweight", "reps only", "duration", "other"):
            return True
        return suffix in equipment or (suffix in EQUIPMENT_WORDS and suffix in equipment)


def measures_used(sets):
    """Which measures a new exercise needs: those the file's sets fill in (reps if none)."""
    used = {
        "measures_reps": any(s.reps for s in sets),
        "measures_load": any(s.weight for s in sets),
        "measures_duration": any(s.seconds for s in sets),
        "measures_distance": any(s.distance for s in sets),
    }
    if not any(used.values()):
        used["measures_reps"] = True
    return used
