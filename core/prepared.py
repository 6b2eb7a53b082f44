"""A queryset compiled to SQL once per process, then run with new values.

Django compiles a queryset to SQL anew for every evaluation. For the few
statements a hot page runs on every view the compiling costs far more than
running them: the request page's read of the request (with its category and
two EXISTS probes) took 0.85 ms of CPU, of which 0.08 ms was the database
round trip (issue 23). ``PreparedQuery`` compiles the statement once, with
stand-in values, and each call puts the real values where the stand-ins
were and turns the rows into model instances as the ORM does (the selected
related objects and the annotations included).

The queryset is still built by the code that owns its rules (``access``
narrows it, ``selectors`` says what to read); only the compiling is kept.
So that nothing is frozen at the stand-ins' values (a value worked out from
an argument, the time of the first call), the statement is compiled twice
with two sets of stand-ins and must differ only where they are.

It relies on the compiler's own description of the statement (``select``,
``klass_info``, ``annotation_col_map``, the converters), which Django's
``ModelIterable`` uses too; ``tickets/tests/test_prepared_query.py`` compares
every field with the ORM's result, so an upgrade that changes them fails there.
"""

from collections.abc import Callable, Sequence
from threading import Lock
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

M = TypeVar("M", bound=Model)


class _Compiled:
    """One statement on one database: its SQL, where the values go, how rows become objects."""

    def __init__(self, queryset: QuerySet, stand_ins: Sequence[Any], using: str):
        if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
            raise ValueError("a prepared query reads model instances, without prefetching")
        query = queryset.query.clone()
        # One row, as ``get``: no ordering to sort by, two rows to tell "more than one".
        query.clear_ordering(force=True)
        query.set_limits(high=2)
        compiler = query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = _positions(self.params, stand_ins)
        self.model = queryset.model
        self.using = using
        select = compiler.select
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.attnames = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = list(compiler.get_converters([column[0] for column in select]).items())

    def rows(self, values: Sequence[Any]) -> list[list[Any]]:
        params = list(self.params)
        for position, value in zip(self.positions, values, strict=True):
            params[position] = value
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        return rows

    def instance(self, row: list[Any]) -> Model:
        obj = self.model.from_db(self.using, self.attnames, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj


def _positions(params: list[Any], stand_ins: Sequence[Any]) -> list[int]:
    positions = []
    for stand_in in stand_ins:
        found = [index for index, value in enumerate(params) if value == stand_in]
        if len(found) != 1:
            raise ValueError(f"stand-in {stand_in!r} appears {len(found)} times in the SQL")
        positions.append(found[0])
    return positions


class PreparedQuery(Generic[M]):
    """``build(*values)`` compiled once per process; ``get_or_none(*values)`` runs it.

    ``build`` returns the queryset with each value it is called with, as it
    is, in its filters. ``stand_ins`` and ``other_stand_ins`` are two sets of
    values no real call passes (each must appear once among the statement's
    parameters); the values of a call go to the database as they are given,
    so they must be what the column holds (an ``int`` for an id, a ``str``
    for a reference), never None.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet[M]],
        stand_ins: Sequence[Any],
        other_stand_ins: Sequence[Any],
    ):
        self.build = build
        self.stand_ins = tuple(stand_ins)
        self.other_stand_ins = tuple(other_stand_ins)
        self._compiled: _Compiled | None = None
        self._lock = Lock()

    def _statement(self) -> _Compiled:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled
                if compiled is None:
                    queryset = self.build(*self.stand_ins)
                    # The database the queryset reads from (its ``using``, or the routers'
                    # answer for its model), once: a router that answers per call is not
                    # followed.
                    compiled = _Compiled(queryset, self.stand_ins, queryset.db)
                    other = self.build(*self.other_stand_ins)
                    _check_nothing_frozen(
                        compiled, _Compiled(other, self.other_stand_ins, other.db)
                    )
                    self._compiled = compiled
        return compiled

    def get_or_none(self, *values: Any) -> M | None:
        """The one row for these values as an instance, or None; more than one raises."""
        if any(value is None for value in values):
            raise ValueError("a prepared query compares with '=': None would match nothing")
        compiled = self._statement()
        rows = compiled.rows(values)
        if len(rows) > 1:
            raise compiled.model.MultipleObjectsReturned(
                f"more than one {compiled.model.__name__} for {values!r}"
            )
        return compiled.instance(rows[0]) if rows else None


def _check_nothing_frozen(compiled: _Compiled, other: _Compiled) -> None:
    """Compiled with other stand-ins, the statement differs only where they go."""
    differ_elsewhere = [
        index
        for index, value in enumerate(compiled.params)
        if index not in compiled.positions and value != other.params[index]
    ]
    if (
        other.using != compiled.using
        or other.sql != compiled.sql
        or other.positions != compiled.positions
        or differ_elsewhere
    ):
        raise ValueError("the statement depends on its values beyond where they go")
