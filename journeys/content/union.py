"""A UNION ALL of several kinds of rows (a stage's contents, search's rows): its columns,
turned back into instances by `caching.statements.instance`. The query itself is built
once per shape (journeys/caching/statements.py).

Each kind's SELECT must give every column the same type. PostgreSQL matches the types
of the parts, so there a column that differs (a constant, a kind's JSON read as text) is
cast; SQLite needs no cast, and an expression left uncast is cheaper for Django to build.
"""

from django.db import connection
from django.db.models import ExpressionWrapper, Value
from django.db.models.functions import Cast


def typed(expression, output):
    """`expression` as a column of type `output`; a plain value becomes a constant."""
    if not hasattr(expression, "resolve_expression"):
        expression = Value(expression)
    if connection.vendor == "postgresql":
        return Cast(expression, output)
    return ExpressionWrapper(expression, output_field=output)
