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
It relies on the compiler's own description of the statement (``select``,
``klass_info``, ``annotation_col_map``, the converters), which Django's
``ModelIterable`` uses too; ``tickets/tests/test_prepared_query.py`` compares every
field with the ORM's result, so an upgrade that changes them fails there.
"""

from collections.abc import Callable, Sequence
from threading import Lock
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)


class _Compiled:
    def __init__(self, queryset: QuerySet, stand_ins: Sequence[Any], using: str):
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = []
        for stand_in in stand_ins:
            found = [index for index, value in enumerate(self.params) if value == stand_in]
            if len(found) != 1:
                raise ValueError(f"stand-in {stand_in!r} appears {len(found)} times in the SQL")
            self.positions.append(found[0])
        self.model = queryset.model
        self.using = using
        select = compiler.select
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.attnames = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = compiler.get_converters([column[0] for column in select])
        self.compiler = compiler

    def rows(self, values: Sequence[Any], limit: int) -> list:
        params = list(self.params)
        for position, value in zip(self.positions, values, strict=True):
            params[position] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchmany(limit)
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows

    def instance(self, row) -> Model:
        obj = self.model.from_db(self.using, self.attnames, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj


class PreparedQuery(Generic[M]):
    """``build(*stand_ins)`` compiled once per database; ``first(*values)`` runs it.

    ``build`` returns the queryset with each value it is called with in its
    filters; ``stand_ins`` are values no real call passes and that appear
    once each among the statement's parameters (the constructor checks).
    """

    def __init__(self, build: Callable[..., QuerySet[M]], *stand_ins: Any):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[str, _Compiled] = {}
        self._lock = Lock()

    def _for(self, using: str) -> _Compiled:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using)
                if compiled is None:
                    compiled = _Compiled(self.build(*self.stand_ins), self.stand_ins, using)
                    self._compiled[using] = compiled
        return compiled

    def first(self, *values: Any, using: str = "default") -> M | None:
        """The first row for these values as an instance, or None (the queryset's order)."""
        compiled = self._for(using)
        rows = compiled.rows(values, limit=1)
        return compiled.instance(rows[0]) if rows else None

    def forget(self) -> None:
        """Compile again on the next call (tests that change what ``build`` reads)."""
        with self._lock:
            self._compiled.clear()
