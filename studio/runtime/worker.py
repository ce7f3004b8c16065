"""The worker that owns the engine: lives in one long-lived QThread, runs one job at a time."""

from __future__ import annotations

import logging
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from studio.core.backends.base import Backend, LocalBackend, ServerError
from studio.core.base.errors import (
    GenerationCancelled,
    ModelNotDownloaded,
    ModelNotHere,
    OutputError,
    StudioError,
    unexpected_error,
)
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import save_image
from studio.core.generation.request import GenerationRequest
from studio.core.models.lora_files import lora_folders
from studio.runtime.jobs import job_origin
from studio.runtime.preload import preload_torch_libraries, young_collections_only

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine

log = logging.getLogger(__name__)


class EngineWorker(QObject):
    """Adapter from the Qt-free engine to queued signals; every slot runs in the worker thread."""

    engine_prepared = Signal(object)  # DevicePlan
    model_chosen = Signal(str)  # the model ref a request without one runs on (never "")
    model_loaded = Signal(str)  # model ref
    preparation_failed = Signal(str)  # message
    model_missing = Signal(str)  # a Hub repo id to download in the Models dialog
    step_completed = Signal(str, object)  # job id, StepProgress
    image_saved = Signal(str, str, object)  # job id, path, GeneratedImage
    image_unsaved = Signal(str, object, str)  # job id, GeneratedImage kept in memory, message
    job_succeeded = Signal(str)
    job_cancelled = Signal(str)
    job_failed = Signal(str, str, bool)  # job id, message, the user can fix it (a StudioError)
    job_kept = Signal(str, str)  # job id, why a server could not run it now (it can run again)
    job_refused = Signal(str, str)  # job id, why: this worker lacks its model or LoRA

    def __init__(
        self, paths: AppPaths, engine: Engine | None = None, backend: Backend | None = None
    ) -> None:
        """`engine`: an engine already made (tests share one); by default one is made here.
        `backend`: a server that runs the jobs instead of this computer's engine."""
        super().__init__()
        self._paths = paths
        self._engine = engine
        self._remote = backend
        if engine is not None:
            engine.allow_download = False  # the window downloads in its Models dialog only

    @property
    def remote(self) -> Backend | None:
        """The server this worker runs jobs on (None: this computer)."""
        return self._remote

    @Slot(object, str)
    def prepare(self, settings: Settings, model_ref: str) -> None:
        """Import torch, choose the device and load the model ("" = the default for it)."""
        if self._remote is not None:
            self.model_loaded.emit(model_ref)  # the server loads its own models, per job
            return
        try:
            with young_collections_only():
                engine = self._ensure_engine(settings)
                self.engine_prepared.emit(engine.plan)
                model_ref = model_ref or _default_model(settings, engine)
                self.model_chosen.emit(model_ref)
                engine.load(model_ref)
            self.model_loaded.emit(model_ref)
        except ModelNotDownloaded as exc:
            self.preparation_failed.emit(str(exc))
            self.model_missing.emit(exc.repo_id)
        except StudioError as exc:
            self.preparation_failed.emit(str(exc))
        except Exception as exc:  # the worker boundary: report, never die
            log.error("Preparing the engine failed:\n%s", traceback.format_exc())
            self.preparation_failed.emit(unexpected_error(exc))

    @Slot(object, str, object, object, str)
    def run_job(
        self,
        settings: Settings,
        job_id: str,
        request: GenerationRequest,
        cancel: CancelToken,
        folder: str,
    ) -> None:
        """Generate every image of one request, saving each as soon as it is done."""
        try:
            backend = self._remote
            if backend is None:
                engine = self._ensure_engine(settings)
                engine.set_lora_folders(lora_folders(settings))  # the Models dialog may add some
                if not request.model:  # chosen before the worker knew the hardware
                    request = replace(request, model=_default_model(settings, engine))
                backend = LocalBackend(engine)
            on_step = self._step_reporter(job_id)
            for result in backend.generate(request, on_step, cancel, preview=settings.preview):
                try:
                    path = save_image(result, Path(folder), origin=job_origin(job_id))
                except OutputError as exc:  # full disk, no permission: keep the picture
                    self.image_unsaved.emit(job_id, result, str(exc))
                    raise
                self.image_saved.emit(job_id, str(path), result)
        except GenerationCancelled:
            self.job_cancelled.emit(job_id)
        except ModelNotDownloaded as exc:
            self.job_failed.emit(job_id, str(exc), True)
            self.model_missing.emit(exc.repo_id)
        except ModelNotHere as exc:  # another worker may have it (runtime/refusals.py)
            self.job_refused.emit(job_id, str(exc))
        except ServerError as exc:
            if exc.retry:
                self.job_kept.emit(job_id, str(exc))
            else:
                self.job_failed.emit(job_id, str(exc), True)
        except StudioError as exc:
            self.job_failed.emit(job_id, str(exc), True)
        except Exception as exc:  # the worker boundary: report, never die
            log.error("Generation failed:\n%s", traceback.format_exc())
            self.job_failed.emit(job_id, unexpected_error(exc), False)
        else:
            self.job_succeeded.emit(job_id)

    @Slot()
    def discard_engine(self) -> None:
        """Forget the engine (after a device change); the next job builds a new one."""
        if self._engine is not None:
            self._engine.unload()
            self._engine = None

    def _step_reporter(self, job_id: str) -> object:
        def on_step(progress: StepProgress) -> None:
            self.step_completed.emit(job_id, progress)

        return on_step

    def _ensure_engine(self, settings: Settings) -> Engine:
        if self._engine is None:
            preload_torch_libraries()
            with young_collections_only():
                from studio.core.base.devices import device_plan
                from studio.core.generation.engine import Engine

                self._engine = Engine(
                    self._paths,
                    device_plan(None, settings),
                    lora_folders(settings),
                    compiled_mode=settings.compiled_mode,
                    allow_download=False,  # the Models dialog downloads, with progress
                )
        return self._engine


def _default_model(settings: Settings, engine: Engine) -> str:
    from studio.core.models.defaults import default_model

    return default_model(settings, engine.plan)
