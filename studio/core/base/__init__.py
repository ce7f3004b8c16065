"""The small base every other part of core shares: bilingual errors and `tr`, the app's
folders (`STUDIO_HOME`), the settings file, the device choice, atomic file writes and the
progress/cancel values that cross threads.

Owns no generation, model, gallery or metadata logic. May import only the standard library,
third-party packages and other `studio.core.base` modules.
"""
