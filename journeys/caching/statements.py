"""Queries the ORM builds once per process for each shape, run again with each page's ids.

Building a query costs Django far more than running it: the stage page's UNION of eight
kinds took about 6 ms to build and compile and 0.35 ms to run on SQLite, and each read
of rows with their Spanish words (three subqueries) about 2 ms to build
(bench/first_render.py). A `Statement` lets the ORM build the SQL once per process for
each shape of the query (a language, a product or none, a role), with stand-in values
for the ids that change from page to page, then runs that SQL with the real ids and
reads the rows through the same converters and the same `from_db` the ORM uses.

It holds SQL text and column converters, never a row: nothing of content (a publish
needs nothing dropped) and nothing of a journey; `limit` shapes per statement at most.

An id may be a list of ids (`pk__in`): it is padded to the next power of two by
repeating its last id (an IN list means the same with a repeat), so a page with 5 items
and one with 7 share the SQL built for 8.
"""

import functools

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.base import ModelState
from django.db.models.signals import post_init

#: Stand-in ids: far below any real primary key, so never a value the query holds itself.
_STAND_IN = -(2**52)


class Statement:
    """A `values_list` query built by `build(*shape, **ids)` once per database and shape.

    `shape`: the arguments that change the SQL itself (a role, say); `ids`: the integer
    ids that only change its parameters (a stage, a product), or lists of them. An id
    given as None (no product chosen yet) changes the SQL too, so it counts as shape, as
    does the padded length of a list. Each other id's stand-in must reach the SQL's
    parameters unchanged, which `_compiled` checks.
    """

    #: The most shapes one statement keeps (languages x product or none x role: 8 today);
    #: any other is built for its call and not kept.
    LIMIT = 16

    def __init__(self, build, *, limit=LIMIT):
        self.build = build
        self.limit = limit
        # (database, shape, ids given, ids None) -> (SQL, slots, compiler, converters)
        self._compiled = {}
        functools.update_wrapper(self, build)

    @classmethod
    def keeping(cls, limit):
        """`@Statement.keeping(64)`: a statement that keeps up to `limit` shapes."""
        return functools.partial(cls, limit=limit)

    def held(self):
        """What this statement keeps: each shape's SQL and its fixed parameters (tests
        look for anything of a journey in it)."""
        return [
            (sql, [value for (name, _at), value in slots if not name])
            for sql, slots, _compiler, _converters in self._compiled.values()
        ]

    def rows(self, *shape, using=DEFAULT_DB_ALIAS, **ids):
        """The query's rows as tuples, as `build(*shape, **ids)` would give them."""
        return [tuple(row) for row in self._run(shape, using, ids)[1]]

    def objects(self, *shape, using=DEFAULT_DB_ALIAS, **ids):
        """The query's model instances (a query of rows of one model, no select_related),
        each with its annotations, as iterating `build(*shape, **ids)` would give them."""
        compiler, rows = self._run(shape, using, ids)
        if not rows:
            return []
        if compiler.klass_info.get("related_klass_infos"):
            raise ValueError(f"{self.__name__}: select_related rows are not built here")
        model = compiler.klass_info["model"]
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in compiler.select[start:end]]
        annotations = list(compiler.annotation_col_map.items())
        found = []
        for row in rows:
            obj = instance(model, row[start:end], names, using)
            for name, position in annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def _run(self, shape, using, ids):
        ids = {name: _padded(value) for name, value in ids.items()}
        given = tuple(
            sorted(
                (name, len(value) if isinstance(value, list) else None)
                for name, value in ids.items()
                if value is not None
            )
        )
        unset = tuple(sorted(name for name, value in ids.items() if value is None))
        key = (using, shape, given, unset)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _compiled(self, using, shape, given, unset)
            if len(self._compiled) < self.limit:
                self._compiled[key] = compiled
        sql, slots, compiler, converters = compiled
        if sql is None:  # the ORM knows it finds nothing (an empty list of ids)
            return compiler, []
        params = [
            (ids[name] if at is None else ids[name][at]) if name else value
            for (name, at), value in slots
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:  # the ORM's own loop, with the converters worked out once (_compiled)
            rows = list(compiler.apply_converters(rows, converters))
        return compiler, rows


def instance(model, values, names, using=None):
    """A `model` instance holding `values` for the columns `names` (in the model's field
    order; every other field deferred), as `Model.from_db(using, names, values)` gives
    one, without Model.__init__'s work per field: the values go straight into the
    instance's dict, where each field's descriptor looks first (a product has 44 fields:
    ~3x quicker). Also the rows of a UNION of kinds (content/union.py)."""
    obj = model.__new__(model)
    state = obj._state = ModelState()
    state.adding = False
    state.db = using
    obj.__dict__.update(zip(names, values, strict=True))
    post_init.send(sender=model, instance=obj)
    return obj


def _padded(value):
    """A list of ids padded to the next power of two with its last id; anything else as
    it is. An empty list stays empty (the ORM makes an empty IN a shape of its own)."""
    if not isinstance(value, list | tuple):
        return value
    value = list(value)
    if value:
        value += value[-1:] * ((1 << (len(value) - 1).bit_length()) - len(value))
    return value


def _compiled(statement, using, shape, given, unset):
    stand_ins, slot_of = {}, {}
    count = 0
    for name, length in given:
        if length is None:
            stand_ins[name] = _STAND_IN - count
            slot_of[stand_ins[name]] = (name, None)
            count += 1
            continue
        stand_ins[name] = [_STAND_IN - count - at for at in range(length)]
        slot_of.update({value: (name, at) for at, value in enumerate(stand_ins[name])})
        count += length
    queryset = statement.build(*shape, **stand_ins, **dict.fromkeys(unset))
    compiler = queryset.query.get_compiler(using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, [], compiler, {}
    # The converters of each column (what `results_iter` works out on every call).
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(columns):
        raise ValueError(f"{statement.__name__}: a composite key is not read here")
    converters = compiler.get_converters(columns)
    slots = [(slot_of.get(p, (None, None)) if type(p) is int else (None, None), p) for p in params]
    missing = set(slot_of.values()) - {slot for slot, _value in slots}
    if missing:  # an id the ORM turned into something else: this query cannot be kept
        names = sorted({name for name, _at in missing})
        raise ValueError(f"{statement.__name__}: {names} not among the parameters")
    return sql, slots, compiler, converters
