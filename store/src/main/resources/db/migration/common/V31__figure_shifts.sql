-- Portable SQL (H2 2.x and PostgreSQL). The regression detector's finding when a run finished:
-- a JSON array of {figure, factor, since, baseline_median, recent_median, baseline_runs,
-- recent_runs} (see FigureShift); NULL when no figure had shifted.
ALTER TABLE probe_runs ADD COLUMN shifts VARCHAR(20000);
