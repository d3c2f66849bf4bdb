"""Content governance: the review workflow, what changed, reports, reading level, imports.

Everything staff do to content goes through here; admin/ only declares admin classes
that call these.
"""
