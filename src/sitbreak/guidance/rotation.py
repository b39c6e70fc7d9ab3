"""Which prompt comes next: a shuffle bag per kind, kept as plain data across restarts."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from sitbreak.guidance.catalog import Catalog
from sitbreak.guidance.prompt import Prompt
from sitbreak.vocabulary import Kind

__all__ = ["KindRound", "ShuffleBag", "next_prompt"]


@dataclass(frozen=True)
class KindRound:
    """One kind's round: the ids still to show, in the order they will come, and the last shown."""

    pending: tuple[str, ...] = ()
    last: str | None = None


@dataclass(frozen=True)
class ShuffleBag:
    """Every id of a kind is shown once, in random order, before any of them comes again."""

    rounds: Mapping[Kind, KindRound] = field(default_factory=dict)

    def draw(
        self, kind: Kind, choices: Sequence[str], rng: random.Random
    ) -> tuple[str, ShuffleBag]:
        """The next id of ``kind`` out of ``choices``, and the bag that remembers it was drawn."""
        current = dict.fromkeys(choices)
        if not current:
            raise ValueError(f"no {kind.label} prompts to choose from")
        this_round = self.rounds.get(kind, KindRound())
        # Ids disabled since the round began drop out; new ids wait for the next refill.
        pending = [i for i in this_round.pending if i in current]
        if not pending:
            pending = _refill(list(current), this_round.last, rng)
        drawn, rest = pending[0], tuple(pending[1:])
        rounds = {**self.rounds, kind: KindRound(pending=rest, last=drawn)}
        return drawn, replace(self, rounds=rounds)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: ``{"stretch": {"pending": [...], "last": "id"}, ...}``."""
        return {
            kind.value: {"pending": list(state.pending), "last": state.last}
            for kind, state in sorted(self.rounds.items(), key=lambda item: item[0].rank)
        }

    @classmethod
    def from_json(cls, data: object) -> ShuffleBag:
        """Rebuild a bag from ``to_json`` output; raise ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError(f"shuffle bag must be an object, not {type(data).__name__}")
        kinds = {kind.value: kind for kind in Kind.by_size()}
        rounds: dict[Kind, KindRound] = {}
        for key, value in data.items():
            if key not in kinds:
                raise ValueError(f"shuffle bag: unknown kind {key!r}; expected {', '.join(kinds)}")
            rounds[kinds[key]] = _round_from_json(key, value)
        return cls(rounds=rounds)


def _refill(ids: list[str], last: str | None, rng: random.Random) -> list[str]:
    """A fresh shuffled round that does not start with ``last`` when there is another choice."""
    rng.shuffle(ids)
    if len(ids) > 1 and ids[0] == last:
        swap = rng.randrange(1, len(ids))
        ids[0], ids[swap] = ids[swap], ids[0]
    return ids


def _round_from_json(key: str, value: object) -> KindRound:
    """One kind's round from ``{"pending": [...], "last": "id" | null}``."""
    where = f"shuffle bag {key!r}"
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object, not {type(value).__name__}")
    extra = sorted(set(value) - {"pending", "last"})
    if extra:
        raise ValueError(f"{where}: unknown key(s) {', '.join(map(repr, extra))}")
    pending = value.get("pending", [])
    if not isinstance(pending, list) or not all(isinstance(i, str) for i in pending):
        raise ValueError(f"{where}: 'pending' must be a list of prompt ids")
    if len(set(pending)) != len(pending):
        raise ValueError(f"{where}: 'pending' lists an id twice")
    last = value.get("last")
    if last is not None and not isinstance(last, str):
        raise ValueError(f"{where}: 'last' must be a prompt id or null, not {type(last).__name__}")
    return KindRound(pending=tuple(pending), last=last)


def next_prompt(
    catalog: Catalog, kind: Kind, bag: ShuffleBag, rng: random.Random
) -> tuple[Prompt, ShuffleBag]:
    """The next prompt of ``kind`` from the catalog's choices, and the updated bag."""
    choices = {prompt.id: prompt for prompt in catalog.choices(kind)}
    drawn, bag = bag.draw(kind, list(choices), rng)
    return choices[drawn], bag
