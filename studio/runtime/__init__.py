"""QtCore runtime: worker threads, the controller, the job queue, Qt item models.

Importing it guards the process against PySide6 6.12.0's lost references to None and True,
which abort Python before 3.12 (see refcount_guard) — before any of its Qt calls run.
"""

from studio.runtime.refcount_guard import guard_singletons

guard_singletons()
