"""The dashboard: roll-up writes (rollups), pure period and heat-map maths (periods), its reads
(queries) and its chart and table data (charts)."""
