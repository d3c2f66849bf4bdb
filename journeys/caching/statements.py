"""Queries the ORM builds once per process for each shape, run again with each page's ids.

Building a query costs Django far more than running it: the stage page's UNION of eight
kinds took about 6 ms to build and compile and 0.35 ms to run on SQLite, and each read
of rows with their Spanish words (three subqueries) about 2 ms to build
(bench/first_render.py). A `Statement` lets the ORM build the SQL once per process for
each shape of the query (a language, a product or none, a role), with stand-in values
for the ids that change from page to page, then runs that SQL with the real ids and
reads the rows through the same converters and the same `from_db` the ORM uses.

It holds SQL text and column converters, never a row: nothing of content (a publish
needs nothing dropped) and nothing of a journey; `LIMIT` shapes per statement at most.
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connections

#: Stand-in ids: far below any real primary key, so never a value the query holds itself.
_STAND_IN = -(2**52)


class Statement:
    """A `values_list` query built by `build(*shape, **ids)` once per database and shape.

    `shape`: the arguments that change the SQL itself (a role, say); `ids`: the integer
    ids that only change its parameters (a stage, a product). An id given as None (no
    product chosen yet) changes the SQL too, so it counts as shape. Each other id's
    stand-in must reach the SQL's parameters unchanged, which `_compiled` checks.
    """

    #: The most shapes one statement keeps (languages x product or none x role: 8 today);
    #: any other is built for its call and not kept.
    LIMIT = 16

    def __init__(self, build):
        self.build = build
        self._compiled = {}  # (database, shape, ids given, ids None) -> (SQL, slots, compiler)
        functools.update_wrapper(self, build)

    def held(self):
        """What this statement keeps: each shape's SQL and its fixed parameters (tests
        look for anything of a journey in it)."""
        return [
            (sql, [value for name, value in slots if not name])
            for sql, slots, _c in self._compiled.values()
        ]

    def rows(self, *shape, using=DEFAULT_DB_ALIAS, **ids):
        """The query's rows as tuples, as `build(*shape, **ids)` would give them."""
        compiler, rows = self._run(shape, using, ids)
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def objects(self, *shape, using=DEFAULT_DB_ALIAS, **ids):
        """The query's model instances (a query of rows of one model, no select_related),
        each with its annotations, as iterating `build(*shape, **ids)` would give them."""
        compiler, rows = self._run(shape, using, ids)
        if compiler.klass_info.get("related_klass_infos"):
            raise ValueError(f"{self.__name__}: select_related rows are not built here")
        model = compiler.klass_info["model"]
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in compiler.select[start:end]]
        found = []
        for row in compiler.results_iter(results=[rows]):
            obj = model.from_db(using, names, row[start:end])
            for name, position in compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def _run(self, shape, using, ids):
        given = tuple(sorted(name for name, value in ids.items() if value is not None))
        unset = tuple(sorted(name for name, value in ids.items() if value is None))
        key = (using, shape, given, unset)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _compiled(self, using, shape, given, unset)
            if len(self._compiled) < self.LIMIT:
                self._compiled[key] = compiled
        sql, slots, compiler = compiled
        params = [ids[name] if name else value for name, value in slots]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return compiler, cursor.fetchall()


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
