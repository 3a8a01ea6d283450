"""Named records: plain value classes whose fields are their ``__slots__``.

``Record(*values)`` sets each slot from the positional values in order, so a record
class is its docstring, its ``__slots__`` and the annotated types of its fields (no
dataclasses: MicroPython has none).
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Tuple


class Record:
    """A base for named records (read-only by convention)."""

    __slots__ = ()

    def __init__(self, *values: "Any") -> None:
        names: "Tuple[str, ...]" = self.__slots__
        if len(values) != len(names):
            raise TypeError("%s takes %d values (%s), got %d" % (
                type(self).__name__, len(names), ", ".join(names), len(values)))
        for name, value in zip(names, values):
            setattr(self, name, value)
