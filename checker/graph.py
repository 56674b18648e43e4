"""Connected components: which items a set of links ties together (claims into events, articles into
copies of one dispatch, articles into one outlet). One union-find for every stage that groups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def components(links: Iterable[tuple[T, T]], items: Iterable[T] = ()) -> dict[T, T]:
    """Every item (those of ``items``, then those the links name) mapped to its component's first member
    in that order. Union-find with path halving: near-linear in the number of links."""
    parent: dict[T, T] = {}

    def root(x: T) -> T:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for item in items:
        root(item)
    for x, y in links:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[rx] = ry
    first: dict[T, T] = {}
    return {item: first.setdefault(root(item), item) for item in list(parent)}
