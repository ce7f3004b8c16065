"""What `studio generate` and `studio devices` do and print: progress lines, Ctrl+C, devices."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TextIO

from studio.core.backends.base import Backend
from studio.core.base.devices import DevicePlan
from studio.core.base.errors import OutputError, tr
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.base.settings import Settings
from studio.core.base.writable import check_writable_folder
from studio.core.gallery.output import dated_folder, save_image
from studio.core.generation.engine import Engine, GeneratedImage
from studio.core.generation.inpaint import inpaint_method_text, uses_inpainting_model
from studio.core.generation.request import GenerationRequest, validate
from studio.core.models.defaults import default_model
from studio.core.models.source import DEMO


def describe_devices(plan: DevicePlan, settings: Settings) -> str:
    """The text of `studio devices`: what was found, what will be used, and why."""
    lines = [tr("Hardware found:", "Hardware encontrado:")]
    for device in plan.found:
        memory = f", {device.memory_gb:g} GB" if device.memory_gb else ""
        lines.append(f"  - {device.kind}: {device.name}{memory}")
    lines.append(
        tr(f"Will use: {plan.label} ({plan.device})", f"Se usará: {plan.label} ({plan.device})")
    )
    lines.append(tr(f"Why: {plan.reason}", f"Por qué: {plan.reason}"))
    if plan.unused_gpu:
        lines.append(
            tr(
                f"Warning: the GPU {plan.unused_gpu} is present but NOT used (device set to cpu).",
                f"Aviso: la GPU {plan.unused_gpu} está presente pero NO se usa (dispositivo: cpu).",
            )
        )
    lines.append(
        tr(
            f"Default model: {default_model(settings, plan)}",
            f"Modelo por defecto: {default_model(settings, plan)}",
        )
    )
    lines.append(
        tr(
            "Change with --device, $LIENZO_DEVICE or the settings (auto, cuda, mps, xpu, cpu).",
            "Cámbialo con --device, $LIENZO_DEVICE o en los ajustes (auto, cuda, mps, xpu, cpu).",
        )
    )
    return "\n".join(lines)


def sampling_flags(args: object) -> dict[str, object]:
    """The steps, guidance, size and sampler given on the command line (None when left out)."""
    names = ("steps", "guidance", "width", "height", "sampler")
    return {name: getattr(args, name, None) for name in names}


def run_generate(
    request: GenerationRequest,
    engine: Engine | Backend,
    out_dir: Path | None,
    paths: AppPaths,
    stream: TextIO | None,
) -> list[Path]:
    """Generate and save every image of the request, printing progress; return the files."""
    validate(request)
    request = request.with_seed()
    folder = out_dir or dated_folder(paths.gallery)
    check_writable_folder(folder)  # before the model loads, not after the first picture
    _say(stream, _intro(request, engine))
    saved: list[Path] = []
    cancel = CancelToken()
    batch = datetime.now()  # one time stamp per batch: the gallery lists it in seed order
    with ctrl_c_cancels(cancel):
        for result in engine.generate(request, _progress_printer(stream), cancel):
            for warning in result.warnings if not saved else ():
                _say(stream, tr("Warning: ", "Aviso: ") + warning)
            saved.append(_save(result, folder, saved, request.count, batch))
            _say(
                stream,
                tr(
                    f"Saved {saved[-1]} (seed {result.request.seed}, {result.seconds:.1f}s)",
                    f"Guardada {saved[-1]} (semilla {result.request.seed}, {result.seconds:.1f}s)",
                ),
            )
    return saved


def _save(
    result: GeneratedImage, folder: Path, saved: list[Path], count: int, batch: datetime
) -> Path:
    """Save one picture; when a later one of a batch fails, say what was saved before it."""
    try:
        return save_image(result, folder, batch)
    except OutputError as exc:
        if not saved:
            raise
        done, left = len(saved), count - len(saved)
        raise OutputError(
            f"{exc.en} Before it, {done} of {count} images were saved in {folder}; "
            f"the other {left} were not made.",
            f"{exc.es} Antes se guardaron {done} de {count} imágenes en {folder}; "
            f"las otras {left} no se hicieron.",
        ) from exc


def _intro(request: GenerationRequest, engine: Engine | Backend) -> str:
    where = engine.plan.label if isinstance(engine, Engine) else engine.name
    lines = [tr(f"Device: {where}", f"Dispositivo: {where}")]
    if request.model.strip().lower() == DEMO:  # no second look at the model file
        lines.append(
            tr(
                "Demo model: random weights, it draws noise (tests the whole path, no download).",
                "Modelo demo: pesos al azar, dibuja ruido (prueba todo el proceso sin descargar).",
            )
        )
    if request.is_inpaint and isinstance(engine, Engine):
        lines.append(inpaint_method_text(uses_inpainting_model(request.model)))
    if not request.prompt.strip():
        lines.append(
            tr(
                "Empty prompt: the model will draw whatever it likes.",
                "Prompt vacío: el modelo dibujará lo que quiera.",
            )
        )
    return "\n".join(lines)


def _progress_printer(stream: TextIO | None) -> Callable[[StepProgress], None]:
    def on_step(progress: StepProgress) -> None:
        if stream is None:
            return
        stream.write(
            f"\r[{progress.image_index + 1}/{progress.image_count}] "
            f"{tr('step', 'paso')} {progress.step}/{progress.total_steps} · "
            f"{progress.steps_per_second:.2f} it/s · ETA {progress.eta:.1f}s   "
        )
        if progress.step == progress.total_steps:
            stream.write("\n")
        stream.flush()

    return on_step


@contextmanager
def ctrl_c_cancels(cancel: CancelToken) -> Iterator[None]:
    """First Ctrl+C cancels within one step; a second one interrupts at once."""
    if sys.stdin is None or not hasattr(signal, "SIGINT"):
        yield
        return

    def handler(_signum: int, _frame: object) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _say(stream: TextIO | None, text: str) -> None:
    if stream is not None and text:
        print(text, file=stream, flush=True)
