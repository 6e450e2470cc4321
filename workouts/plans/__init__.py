"""Plans being followed: enrolment writes (actions) and the one plan-position read model
(position)."""
