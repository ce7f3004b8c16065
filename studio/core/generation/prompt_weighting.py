"""A1111 prompt weighting — `(word:1.3)`, `(word)`, `[word]` — and prompts over 77 tokens.

The prompt is parsed here with A1111's rules; compel (a maintained library) turns the weighted
fragments into embeddings, in as many 77-token chunks as the prompt needs instead of
silently cutting it at 77.
"""

from __future__ import annotations

import re
from typing import Any

UP = 1.1  # A1111: (word) multiplies attention by 1.1, [word] divides by it
_TOKENS = re.compile(
    r"\\[()\[\]\\]|\(|\[|:\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*\)|\)|\]|[^\\()\[\]:]+|:|\\"
)

Fragments = list[tuple[str, float]]


def parse_weighted(prompt: str) -> Fragments:
    """Split an A1111-style prompt into (text, weight) fragments, merging equal neighbours."""
    pieces: list[list[Any]] = []
    rounds: list[int] = []
    squares: list[int] = []
    for match in _TOKENS.finditer(prompt):
        token, weight = match.group(0), match.group(1)
        if token.startswith("\\") and len(token) == 2:
            pieces.append([token[1], 1.0])
        elif token == "(":
            rounds.append(len(pieces))
        elif token == "[":
            squares.append(len(pieces))
        elif weight is not None and rounds:
            _scale(pieces, rounds.pop(), float(weight))
        elif token == ")" and rounds:
            _scale(pieces, rounds.pop(), UP)
        elif token == "]" and squares:
            _scale(pieces, squares.pop(), 1 / UP)
        else:
            pieces.append([token, 1.0])
    for start in rounds:  # unclosed brackets still count, as in A1111
        _scale(pieces, start, UP)
    for start in squares:
        _scale(pieces, start, 1 / UP)
    return _merge(pieces)


def _scale(pieces: list[list[Any]], start: int, factor: float) -> None:
    for piece in pieces[start:]:
        piece[1] *= factor


def _merge(pieces: list[list[Any]]) -> Fragments:
    merged: Fragments = []
    for text, weight in pieces:
        if merged and abs(merged[-1][1] - weight) < 1e-9:
            merged[-1] = (merged[-1][0] + text, weight)
        else:
            merged.append((text, weight))
    return merged or [("", 1.0)]


def encode_prompts(pipeline: Any, prompt: str, negative: str = "") -> dict[str, Any]:
    """Pipeline keyword arguments (prompt_embeds, …) for a weighted, unlimited-length prompt."""
    compel = _compel(pipeline)
    positive, negative_embeds = (_embed(compel, parse_weighted(p)) for p in (prompt, negative))
    positive, negative_embeds = compel.pad_conditioning_tensors_to_same_length(
        [positive, negative_embeds]
    )
    kwargs = {"prompt_embeds": positive, "negative_prompt_embeds": negative_embeds}
    if getattr(pipeline, "text_encoder_2", None) is not None:
        kwargs["pooled_prompt_embeds"] = _pooled(compel, prompt)
        kwargs["negative_pooled_prompt_embeds"] = _pooled(compel, negative)
    return kwargs


def _pooled(compel: Any, prompt: str) -> Any:
    import torch

    with torch.no_grad():
        return compel.conditioning_provider.get_pooled_embeddings(
            [_plain(prompt)], device=compel.device
        )


def _compel(pipeline: Any) -> Any:
    from compel import Compel, ReturnedEmbeddingsType

    if getattr(pipeline, "text_encoder_2", None) is None:
        return Compel(
            tokenizer=pipeline.tokenizer,
            text_encoder=pipeline.text_encoder,
            truncate_long_prompts=False,
            device=str(pipeline.device),
        )
    # SDXL conditions on the penultimate layer of both encoders, plus the pooled second one.
    return Compel(
        tokenizer=[pipeline.tokenizer, pipeline.tokenizer_2],
        text_encoder=[pipeline.text_encoder, pipeline.text_encoder_2],
        returned_embeddings_type=ReturnedEmbeddingsType.PENULTIMATE_HIDDEN_STATES_NON_NORMALIZED,
        requires_pooled=[False, True],
        truncate_long_prompts=False,
        device=str(pipeline.device),
    )


def _embed(compel: Any, fragments: Fragments) -> Any:
    import torch

    texts = [text for text, _ in fragments]
    weights = [weight for _, weight in fragments]
    with torch.no_grad():
        return compel.conditioning_provider.get_embeddings_for_weighted_prompt_fragments(
            text_batch=[texts], fragment_weights_batch=[weights], device=compel.device
        )


def _plain(prompt: str) -> str:
    return "".join(text for text, _ in parse_weighted(prompt))


def token_count(tokenizer: Any, prompt: str) -> int:
    """How many CLIP tokens the prompt's text uses (without weights' brackets)."""
    return len(tokenizer(_plain(prompt), add_special_tokens=False).input_ids)
