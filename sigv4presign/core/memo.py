"""Bounded memos: the one rule for every cache and memo of the library.

A memo maps a key to what a pure function gives for it (a signing key, an endpoint, the
reading of a public text). It is bounded: when full it is emptied, since entries are
cheap to make again and a server's working set is small. An entry is written whole, so
threads sharing a memo see an old entry, a new one or none, never a mix; a miss only
recomputes.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, TypeVar

    V = TypeVar("V")


def remember(memo: "Dict[Any, Any]", key: "Any", value: "V", size: int) -> "V":
    """``memo[key] = value``, the memo emptied first when it holds ``size`` entries;
    returns ``value``."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
