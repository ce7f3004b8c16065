"""Every bad setting gets a specific message in both languages."""

from __future__ import annotations

import math

import pytest

from studio.core.base.errors import InvalidRequestError, set_language
from studio.core.generation.request import MAX_SEED, GenerationRequest, parse_seed, validate


def _request(**changes: object) -> GenerationRequest:
    values: dict[str, object] = dict(
        prompt="un faro", model="demo", seed=1, steps=4, guidance=7.0, width=512, height=512
    )
    values.update(changes)
    return GenerationRequest(**values)  # type: ignore[arg-type]


BAD_SETTINGS = [
    ({"steps": 0}, "steps", "between 1 and 150", "entre 1 y 150"),
    ({"steps": -3}, "steps", "between 1 and 150", "entre 1 y 150"),
    ({"steps": 151}, "steps", "between 1 and 150", "entre 1 y 150"),
    ({"guidance": math.nan}, "guidance", "must be a number", "debe ser un número"),
    ({"guidance": -1.0}, "guidance", "between 0 and 30", "entre 0 y 30"),
    ({"guidance": 1e6}, "guidance", "between 0 and 30", "entre 0 y 30"),
    ({"guidance": math.inf}, "guidance", "must be a number", "debe ser un número"),
    ({"width": 0}, "width", "between 64 and 2048", "entre 64 y 2048"),
    ({"height": 60}, "height", "between 64 and 2048", "entre 64 y 2048"),
    ({"width": 500}, "width", "multiple of 8 (got 500; try 496 or 504)", "múltiplo de 8"),
    ({"width": 4096}, "width", "between 64 and 2048", "entre 64 y 2048"),
    ({"seed": MAX_SEED + 1}, "seed", "out of range", "fuera de rango"),
    ({"seed": -5}, "seed", "out of range", "fuera de rango"),
    ({"count": 0}, "count", "between 1 and 16", "entre 1 y 16"),
    ({"sampler": "Heun++"}, "sampler", "Unknown sampler", "Muestreador desconocido"),
    (
        {"init_image": "x.png", "strength": 0.1, "steps": 4},
        "strength",
        "steps × strength < 1). Use at least 10 steps",
        "Usa al menos 10 pasos",
    ),
    ({"init_image": "x.png", "strength": 0.0}, "strength", "greater than 0", "mayor que 0"),
    ({"init_image": "x.png", "strength": 1.5}, "strength", "at most 1", "como máximo 1"),
    ({"prompt": "a" * 20_001}, "prompt", "limit is 20000", "límite es 20000"),
]


@pytest.mark.parametrize(("changes", "field", "english", "spanish"), BAD_SETTINGS)
def test_bad_setting_is_refused_with_a_bilingual_message(
    changes: dict[str, object], field: str, english: str, spanish: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        validate(_request(**changes))
    assert caught.value.field == field
    assert english in caught.value.en
    assert spanish in caught.value.es


def test_message_follows_the_chosen_language() -> None:
    try:
        set_language("es")
        with pytest.raises(InvalidRequestError, match="Los pasos deben estar"):
            validate(_request(steps=0))
    finally:
        set_language("en")


def test_empty_prompt_is_allowed() -> None:
    validate(_request(prompt=""))


def test_sane_request_and_largest_seed_are_accepted() -> None:
    validate(_request(seed=MAX_SEED, width=2048, height=2048, steps=150, guidance=30.0))
    validate(_request(init_image="x.png", strength=0.25, steps=4))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", None), ("-1", None), (" 42 ", 42), (str(MAX_SEED), MAX_SEED), (None, None)],
)
def test_seed_text_is_parsed(typed: str | None, expected: int | None) -> None:
    assert parse_seed(typed) == expected


@pytest.mark.parametrize("typed", ["abc", "1.5", str(2**64), "-2"])
def test_bad_seed_text_is_refused(typed: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        parse_seed(typed)
    assert caught.value.field == "seed"
    assert "semilla" in caught.value.es.lower()


def test_random_seed_is_chosen_once_and_batch_seeds_count_up() -> None:
    request = _request(seed=None, count=3).with_seed()
    assert request.seed is not None
    assert [request.for_image(i).seed for i in range(3)] == [request.seed + i for i in range(3)]
    assert _request(seed=MAX_SEED, count=2).for_image(1).seed == 0


def test_request_survives_a_round_trip_through_a_dict() -> None:
    request = _request(negative_prompt="borroso", init_image="foto.jpg", count=2)
    assert GenerationRequest.from_dict(request.to_dict()) == request
