"""Film quotes unlocked by training: evaluate and replay (evaluate), the fact loaders (facts); the
rules themselves are pure, in workouts.rules.unlocks."""
