"""`studio params FILE`: the generation settings inside an image, printed safely."""

from __future__ import annotations

import argparse
import json
import logging

from studio.cli.terminal import safe_json, safe_text
from studio.core.base.errors import ImageInputError, StudioError, tr

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Print the settings in `args.file`; 1 when it holds none, an error when unreadable."""
    from studio.core.imagemeta.image_settings import format_settings, read_image_settings

    try:
        found = read_image_settings(args.file)
        text = format_settings(found, as_json=args.json) if found is not None else None
    except StudioError:
        raise
    except Exception as error:
        # The file is untrusted: whatever it does to a reader is one clear error, no traceback.
        log.debug("Reading %s failed", args.file, exc_info=True)
        raise ImageInputError(
            f"The generation settings in {args.file} could not be read ({type(error).__name__}).",
            f"No se pudieron leer los ajustes de generación de {args.file} "
            f"({type(error).__name__}).",
        ) from error
    if text is None:
        reason = tr(
            "No generation settings found in this image.",
            "No se encontraron ajustes de generación en esta imagen.",
        )
        print(
            json.dumps({"found": False, "reason": reason}, ensure_ascii=False)
            if args.json
            else reason
        )
        return 1
    # Prompts come from whoever made the file: never let them drive the terminal.
    print(safe_json(text) if args.json else safe_text(text))
    return 0
