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


class Value:
    """A base for values that compare and hash by what they hold, :meth:`_key`."""

    __slots__ = ()

    def _key(self) -> "Tuple[Any, ...]":
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if not (isinstance(other, type(self)) or isinstance(self, type(other))):
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined,no-any-return]

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._key())
