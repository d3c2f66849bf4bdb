"""A UNION ALL of several kinds of rows (a stage's contents, search's rows): its columns,
and the rows turned back into instances. The query itself is built once per shape
(journeys/caching/statements.py).

Each kind's SELECT must give every column the same type. PostgreSQL matches the types
of the parts, so there a column that differs (a constant, a kind's JSON read as text) is
cast; SQLite needs no cast, and an expression left uncast is cheaper for Django to build.
"""

from django.db import connection
from django.db.models import ExpressionWrapper, Value
from django.db.models.base import ModelState
from django.db.models.functions import Cast
from django.db.models.signals import post_init


def typed(expression, output):
    """`expression` as a column of type `output`; a plain value becomes a constant."""
    if not hasattr(expression, "resolve_expression"):
        expression = Value(expression)
    if connection.vendor == "postgresql":
        return Cast(expression, output)
    return ExpressionWrapper(expression, output_field=output)


def instance(model, values, names):
    """A `model` instance holding `values` for the columns `names` (in the model's field
    order; every other field deferred), as `Model.from_db` gives one, without its
    per-field work: the columns go straight into the instance's dict, where Django's
    deferred-field descriptors look first."""
    row = model.__new__(model)
    state = row._state = ModelState()
    state.adding = False
    state.db = None
    row.__dict__.update(zip(names, values, strict=True))
    post_init.send(sender=model, instance=row)
    return row
