"""The Training dock and everything a run shows: the settings and data forms, the
worker thread, live plots, results and run records."""
