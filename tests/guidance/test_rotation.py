"""The shuffle bag: every prompt once per round, no back-to-back repeats, JSON round trip."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitbreak.guidance import (
    Catalog,
    Prompt,
    ShuffleBag,
    build_catalog,
    fallback_prompt,
    next_prompt,
)
from sitbreak.vocabulary import Kind

ids_strategy = st.lists(
    st.text("abcdefgh-", min_size=1, max_size=4), min_size=1, max_size=8, unique=True
)
kinds = st.sampled_from(Kind.by_size())
seeds = st.integers(min_value=0, max_value=2**32)
no_deadline = settings(deadline=None)


def _draw_many(
    bag: ShuffleBag, kind: Kind, choices: list[str], rng: random.Random, count: int
) -> tuple[list[str], ShuffleBag]:
    drawn = []
    for _ in range(count):
        prompt_id, bag = bag.draw(kind, choices, rng)
        drawn.append(prompt_id)
    return drawn, bag


@no_deadline
@given(ids=ids_strategy, kind=kinds, seed=seeds, rounds=st.integers(1, 5))
def test_each_round_shows_every_id_exactly_once(
    ids: list[str], kind: Kind, seed: int, rounds: int
) -> None:
    """Drawn in blocks of len(ids), each block is a permutation: no repeat within a round."""
    drawn, _ = _draw_many(ShuffleBag(), kind, ids, random.Random(seed), rounds * len(ids))
    for start in range(0, len(drawn), len(ids)):
        assert sorted(drawn[start : start + len(ids)]) == sorted(ids)


@no_deadline
@given(ids=ids_strategy.filter(lambda ids: len(ids) >= 2), seed=seeds, count=st.integers(2, 40))
def test_no_back_to_back_repeat_even_across_refills(ids: list[str], seed: int, count: int) -> None:
    """With two or more choices the same id never comes twice in a row."""
    drawn, _ = _draw_many(ShuffleBag(), Kind.STRETCH, ids, random.Random(seed), count)
    assert all(a != b for a, b in itertools.pairwise(drawn))


@no_deadline
@given(data=st.data(), ids=ids_strategy.filter(lambda ids: len(ids) >= 2), seed=seeds)
def test_disabled_ids_are_never_drawn(data: st.DataObject, ids: list[str], seed: int) -> None:
    """Ids removed from the choices mid-round never come out again."""
    rng = random.Random(seed)
    _, bag = _draw_many(ShuffleBag(), Kind.MICRO, ids, rng, data.draw(st.integers(0, len(ids))))
    kept = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    drawn, _ = _draw_many(bag, Kind.MICRO, kept, rng, 3 * len(ids))
    assert set(drawn) <= set(kept)


@no_deadline
@given(ids=ids_strategy, seed=seeds, first=st.integers(1, 8))
def test_new_ids_wait_for_the_next_refill(ids: list[str], seed: int, first: int) -> None:
    """An id added mid-round is not drawn until the round's remaining ids are shown."""
    first = min(first, len(ids))
    rng = random.Random(seed)
    shown, bag = _draw_many(ShuffleBag(), Kind.POSTURE, ids, rng, first)
    grown = [*ids, "new-one"]
    rest, bag = _draw_many(bag, Kind.POSTURE, grown, rng, len(ids) - first)
    assert sorted(shown + rest) == sorted(ids)
    next_round, _ = _draw_many(bag, Kind.POSTURE, grown, rng, len(grown))
    assert sorted(next_round) == sorted(grown)


@no_deadline
@given(ids=ids_strategy, seed=seeds, count=st.integers(0, 20), kind=kinds)
def test_json_round_trip(ids: list[str], seed: int, count: int, kind: Kind) -> None:
    """A bag survives to_json, json text and from_json unchanged and draws on identically."""
    _, bag = _draw_many(ShuffleBag(), kind, ids, random.Random(seed), count)
    restored = ShuffleBag.from_json(json.loads(json.dumps(bag.to_json())))
    assert restored == bag
    assert bag.draw(kind, ids, random.Random(seed)) == restored.draw(kind, ids, random.Random(seed))


@no_deadline
@given(ids=ids_strategy, seed=seeds)
def test_draw_is_pure(ids: list[str], seed: int) -> None:
    """The same bag and seed give the same id, and drawing leaves the old bag unchanged."""
    _, bag = _draw_many(ShuffleBag(), Kind.MICRO, ids, random.Random(seed), 1)
    before = bag.to_json()
    first = bag.draw(Kind.MICRO, ids, random.Random(seed + 1))
    assert bag.draw(Kind.MICRO, ids, random.Random(seed + 1)) == first
    assert bag.to_json() == before


def test_kinds_rotate_independently() -> None:
    """Drawing one kind leaves another kind's round alone."""
    rng = random.Random(7)
    _, bag = ShuffleBag().draw(Kind.POSTURE, ["a", "b"], rng)
    _, after = bag.draw(Kind.STRETCH, ["x", "y"], rng)
    assert after.rounds[Kind.POSTURE] == bag.rounds[Kind.POSTURE]


def test_single_choice_repeats() -> None:
    """With one choice, that choice comes every time."""
    drawn, _ = _draw_many(ShuffleBag(), Kind.MICRO, ["only"], random.Random(1), 5)
    assert drawn == ["only"] * 5


def test_no_choices_is_an_error() -> None:
    """Drawing from nothing raises ValueError naming the kind."""
    with pytest.raises(ValueError, match="stretch break"):
        ShuffleBag().draw(Kind.STRETCH, [], random.Random(1))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "must be an object"),
        ("posture", "must be an object"),
        ({"nap": {}}, "unknown kind 'nap'"),
        ({"posture": []}, "'posture' must be an object"),
        ({"posture": {"pending": "a"}}, "'pending' must be a list"),
        ({"posture": {"pending": [1]}}, "'pending' must be a list"),
        ({"posture": {"pending": ["a", "a"]}}, "lists an id twice"),
        ({"posture": {"last": 3}}, "'last' must be a prompt id or null"),
        ({"posture": {"next": []}}, "unknown key(s) 'next'"),
    ],
)
def test_from_json_rejects_wrong_shapes(data: object, expected: str) -> None:
    """A wrong shape raises ValueError whose message says what is wrong."""
    with pytest.raises(ValueError, match="shuffle bag") as caught:
        ShuffleBag.from_json(data)
    assert expected in str(caught.value)


def test_from_json_accepts_empty_and_partial() -> None:
    """An empty object is a fresh bag; a kind without keys is an empty round."""
    assert ShuffleBag.from_json({}) == ShuffleBag()
    assert ShuffleBag.from_json({"micro": {}}).rounds[Kind.MICRO].pending == ()


def test_next_prompt_returns_catalog_prompts_and_falls_back() -> None:
    """next_prompt gives enabled prompts of the kind, or the fallback when all are disabled."""
    prompts = [Prompt(id=f"m{n}", kind=Kind.MICRO, title="t", text="Stand up.") for n in range(3)]
    catalog = build_catalog(prompts, [], ["m0"])
    rng = random.Random(3)
    bag = ShuffleBag()
    seen = set()
    for _ in range(4):
        prompt, bag = next_prompt(catalog, Kind.MICRO, bag, rng)
        seen.add(prompt.id)
    assert seen == {"m1", "m2"}
    prompt, _ = next_prompt(Catalog(prompts=()), Kind.POSTURE, bag, rng)
    assert prompt == fallback_prompt(Kind.POSTURE)
