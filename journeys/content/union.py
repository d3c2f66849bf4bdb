"""A UNION ALL of several kinds of rows (a stage's contents, search's rows): its columns,
the SQL built once per shape, and the rows turned back into instances.

Each kind's SELECT must give every column the same type. PostgreSQL matches the types
of the parts, so there a column that differs (a constant, a kind's JSON read as text) is
cast; SQLite needs no cast, and an expression left uncast is cheaper for Django to build.

Building such a query costs Django far more than running it: the stage page's eight
parts took about 6 ms to build and compile and 0.35 ms to run on SQLite
(bench/first_render.py). A `Statement` lets the ORM build the SQL once per process for
each shape of the query, with stand-in values for the ids that change from page to page,
then runs that SQL with the real ids and reads the rows through the same converters the
ORM uses. It holds SQL text and column converters, never a row: nothing of content and
nothing of a journey, so a publish needs nothing dropped.
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import ExpressionWrapper, Value
from django.db.models.base import ModelState
from django.db.models.functions import Cast
from django.db.models.signals import post_init

#: Stand-in ids: far below any real primary key, so never a value the query holds itself.
_STAND_IN = -(2**52)


def typed(expression, output):
    """`expression` as a column of type `output`; a plain value becomes a constant."""
    if not hasattr(expression, "resolve_expression"):
        expression = Value(expression)
    if connection.vendor == "postgresql":
        return Cast(expression, output)
    return ExpressionWrapper(expression, output_field=output)


class Statement:
    """A `values_list` query built by `build(*shape, **ids)` once per database and shape.

    `shape`: the arguments that change the SQL itself (a role, say); `ids`: the integer
    ids that only change its parameters (a stage, a product). An id given as None (no
    product chosen yet) changes the SQL too, so it counts as shape. Each other id's
    stand-in must reach the SQL's parameters unchanged, which `_compiled` checks.
    """

    def __init__(self, build):
        self.build = build
        functools.update_wrapper(self, build)

    def rows(self, *shape, using=DEFAULT_DB_ALIAS, **ids):
        """The query's rows as tuples, as `build(*shape, **ids)` would give them."""
        given = tuple(sorted(name for name, value in ids.items() if value is not None))
        unset = tuple(sorted(name for name, value in ids.items() if value is None))
        sql, slots, compiler = _compiled(self, using, shape, given, unset)
        params = [ids[name] if name else value for name, value in slots]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))


@functools.lru_cache(maxsize=32)  # statements x databases x shapes: a handful in all
def _compiled(statement, using, shape, given, unset):
    stand_ins = {name: _STAND_IN - n for n, name in enumerate(given)}
    queryset = statement.build(*shape, **stand_ins, **dict.fromkeys(unset))
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    names = {value: name for name, value in stand_ins.items()}
    slots = [(names.get(p) if type(p) is int else None, p) for p in params]
    missing = set(stand_ins) - {name for name, _value in slots}
    if missing:  # an id the ORM turned into something else: this query cannot be kept
        raise ValueError(f"{statement.__name__}: {sorted(missing)} not among the parameters")
    return sql, slots, compiler


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
