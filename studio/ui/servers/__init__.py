"""Settings ▸ Generate on: the servers jobs can run on (add, test, remove) and where they run."""
