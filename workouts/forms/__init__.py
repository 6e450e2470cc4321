"""Forms by area: accounts, exercises, logbook (and the typed fields others reuse), plans,
bodyweight. Import from the area module; nothing is re-exported here."""
