"""The engine: one loaded model, requests in, images out, with progress and cancellation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import tr
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.compiled import ShapeKey, UnetCompiler, example_unet_inputs
from studio.core.generation.conditioning import (
    activate_loras,
    lora_hashes,
    resolve_loras,
    text_arguments,
)
from studio.core.generation.decode import (
    decode_latents,
    float32_vae_models,
    has_nan,
    remember_float32_vae,
    to_pil,
)
from studio.core.generation.flow import (
    check_flow_size,
    flow_scheduler,
    flow_text_arguments,
    spatial_latents,
)
from studio.core.generation.images import load_init_image
from studio.core.generation.inpaint import InpaintJob, prepare_inpaint, whole_picture_job
from studio.core.generation.memory_plan import first_rung, free_memory_gb
from studio.core.generation.recovery import MemoryLadder, free_memory
from studio.core.generation.request import GenerationRequest, validate, without_control_chars
from studio.core.generation.samplers import make_scheduler
from studio.core.generation.step_reporter import StepReporter
from studio.core.models.loader import LoadedModel, load_model
from studio.core.models.source import ModelStamp, resolve_model
from studio.core.models.tiny_vae import tiny_vae_repo

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.models.downloads import ProgressCallback

log = logging.getLogger(__name__)
StepCallback = Callable[[StepProgress], None]


@dataclass(frozen=True)
class GeneratedImage:
    """One finished image and the exact request (with its seed) that reproduces it."""

    image: Image.Image
    request: GenerationRequest
    model: ModelStamp
    device: str
    seconds: float
    warnings: tuple[str, ...] = ()
    mask: Image.Image | None = None  # an inpainting mask as given, saved beside the picture
    comfy_graph: str | None = None  # the ComfyUI API graph a server ran, as JSON
    lora_hashes: tuple[tuple[str, str], ...] = ()  # (LoRA name as requested, A1111 short hash)


class Engine:
    """Owns at most one loaded model; not thread-safe: call it from one thread only."""

    def __init__(
        self,
        paths: AppPaths,
        plan: DevicePlan,
        lora_folders: Sequence[Path] = (),
        compiled_mode: bool = False,
        compile_backend: str = "inductor",
        allow_download: bool = True,
        on_download: ProgressCallback | None = None,
    ) -> None:
        self.paths = paths
        self.plan = plan
        self.set_lora_folders(lora_folders)
        self.compiled_mode = compiled_mode
        self.allow_download = allow_download
        self.on_download = on_download  # the CLI prints download progress; core never does
        self._compile_backend = compile_backend
        self._compiler: UnetCompiler | None = None
        self._plain_unet: Any = None
        self._loaded: LoadedModel | None = None
        self._memory = MemoryLadder(paths.cache / "memory_rungs.json")
        self._float32_vae_store = paths.cache / "float32_vae_models.json"

    def set_lora_folders(self, folders: Sequence[Path]) -> None:
        """Where `<lora:name>` is found: <data>/loras, then these folders."""
        self.lora_folders = (self.paths.data / "loras", *folders)

    @property
    def loaded(self) -> LoadedModel | None:
        return self._loaded

    def load(self, model_ref: str) -> LoadedModel:
        """Load a model unless it is the one already loaded."""
        source = resolve_model(model_ref)
        if self._loaded is not None and self._loaded.source.key == source.key:
            return self._loaded
        if self._loaded is not None:  # a full collection (0.2 s of GIL on a fresh heap) frees
            self.unload()  # nothing before the first load
        started = time.perf_counter()
        self._loaded = load_model(
            source, self.plan, self.paths, self.allow_download, self.on_download
        )
        self._plain_unet = getattr(self._loaded.pipeline, "unet", None)  # FLUX/SD3: none
        model_id = self._loaded.stamp.hash or source.key
        self._loaded.vae_needs_float32 = model_id in float32_vae_models(self._float32_vae_store)
        self._compiler = (
            UnetCompiler(self.paths.cache / "torch_compile", self._compile_backend)
            if self.compiled_mode and self._plain_unet is not None
            else None
        )
        log.info(
            "Loaded %s on %s in %.1fs", source.name, self.plan.label, time.perf_counter() - started
        )
        return self._loaded

    def unload(self) -> None:
        self._loaded = self._compiler = self._plain_unet = None
        free_memory()

    def generate(
        self,
        request: GenerationRequest,
        on_step: StepCallback | None = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]:
        """Yield each image of the request as soon as it is done (seeds S, S+1, …)."""
        request, cleaned = without_control_chars(request)  # what the PNG stores, said in a warning
        validate(request)
        request = request.with_seed()
        job = prepare_inpaint(request) if request.is_inpaint else None  # a bad mask: no load
        size = job.size if job else (request.width, request.height)
        check_flow_size(resolve_model(request.model).family, *size)  # before loading
        loaded = self.load(request.model)
        if job is None and loaded.inpainting:  # its UNet draws only through a mask
            job = whole_picture_job(request)
        if job is not None:  # a crop's previews are shown inside the whole picture
            on_step = job.previews_in_place(on_step)
        init_image = (
            load_init_image(request.init_image, request.width, request.height)
            if request.init_image and job is None
            else None
        )
        prompt, loras = resolve_loras(request, self.lora_folders)
        family = loaded.source.family
        if self._plain_unet is not None:  # LoRAs go into the plain UNet, never a compiled one
            loaded.pipeline.unet = self._plain_unet
        loaded.active_loras = activate_loras(loaded.pipeline, loaded.active_loras, loras)
        hashes = lora_hashes(request, loras, self.paths.cache / "model_hashes.json")
        warnings: tuple[str, ...] = cleaned + (job.warnings if job else ())
        if family.is_flow:
            text, notices = flow_text_arguments(family, prompt, request.negative_prompt)
            warnings += notices
        else:
            text = text_arguments(loaded.pipeline, prompt, request.negative_prompt)
        if request.draft and loaded.tiny_vae_folder is None:
            repo = tiny_vae_repo(family)
            warnings += (
                tr(
                    f"Draft decoder not on this computer ({repo}); the full decoder was used.",
                    f"El decodificador rápido no está aquí ({repo}); se usó el completo.",
                ),
            )
            request = replace(request, draft=False)  # the metadata says how it was decoded
        pipeline = loaded.pipeline_for(img2img=init_image is not None, inpaint=job is not None)
        if family.is_flow:
            pipeline.scheduler, sampler, notices = flow_scheduler(
                family, request.sampler, loaded.scheduler_config
            )
            request, warnings = replace(request, sampler=sampler), warnings + notices
        else:
            pipeline.scheduler = make_scheduler(request.sampler, loaded.scheduler_config)
        shape = (*size, request.guidance > 1)
        if self._plain_unet is not None:
            pipeline.unet = self._unet_for(shape, loaded)
        for index in range(request.count):
            single = request.for_image(index)
            started = time.perf_counter()
            image = self._run_one(
                pipeline,
                single,
                text,
                init_image,
                index,
                request.count,
                StepReporter(on_step, cancel, preview, loaded, started, size),
                job,
            )
            if index == request.count - 1:  # before the yield: callers may stop iterating
                self._compile_later(shape, loaded)
            yield GeneratedImage(
                image,
                single,
                loaded.final_stamp(),  # waits for the model's hash, if it is still computed
                self.plan.label,
                time.perf_counter() - started,
                warnings,
                job.user_mask if job else None,
                lora_hashes=hashes,
            )

    def _unet_for(self, shape: ShapeKey, loaded: LoadedModel) -> Any:
        """The compiled UNet when it is warm for this shape (and no LoRA changed it)."""
        compiled = self._compiler.compiled_for(shape) if self._compiler else None
        return compiled if compiled is not None and not loaded.active_loras else self._plain_unet

    def _compile_later(self, shape: ShapeKey, loaded: LoadedModel) -> None:
        if self._compiler is None or loaded.active_loras:
            return
        if self._compiler.compiled_for(shape) is not None:
            return
        inputs = example_unet_inputs(loaded.pipeline, *shape)
        self._compiler.start(self._plain_unet, inputs, shape)

    def _run_one(
        self,
        pipeline: Any,
        request: GenerationRequest,
        text: dict[str, Any],
        init_image: Any,
        index: int,
        count: int,
        reporter: StepReporter,
        job: InpaintJob | None = None,
    ) -> Image.Image:
        import torch

        reporter.check_cancel()
        arguments: dict[str, Any] = {
            **text,
            "num_inference_steps": request.steps,
            "guidance_scale": request.guidance,
            "callback_on_step_end": reporter.bind(index, count),
            "callback_on_step_end_tensor_inputs": ["latents"],
        }
        width, height = job.size if job else (request.width, request.height)
        if job is not None:
            image, mask = job.model_inputs()
            arguments.update(image=image, mask_image=mask, strength=job.strength)
            arguments.update(width=width, height=height)
        elif init_image is not None:
            arguments.update(image=init_image, strength=request.strength)
            if self._loaded is not None and self._loaded.source.family.is_flow:
                arguments.update(width=width, height=height)  # else FLUX assumes 1024²
        else:
            arguments.update(width=width, height=height)

        def attempt() -> Image.Image:
            # Noise from a CPU generator: the same seed gives the same picture on any device.
            # A fresh one per attempt, so a retry after out-of-memory draws the same noise.
            generator = torch.Generator("cpu").manual_seed(request.seed or 0)
            try:
                with torch.inference_mode():
                    latents = pipeline(
                        **arguments, generator=generator, output_type="latent"
                    ).images
                latents = spatial_latents(pipeline, latents, width, height)  # FLUX: unpack
                return self._decode(pipeline, latents, request.draft)
            finally:
                pipeline.maybe_free_model_hooks()

        key = self._loaded.source.key if self._loaded else ""
        planned = first_rung(
            self._loaded.source.family.key if self._loaded else "",
            width,
            height,
            self.plan,
            free_memory_gb(self.plan.device),
        )
        drawn = self._memory.run(key, width, height, pipeline, self.plan.device, attempt, planned)
        return job.paste(drawn) if job else drawn

    def _decode(self, pipeline: Any, latents: Any, draft: bool) -> Image.Image:
        """Decode with TAESD (draft) or the VAE; a NaN (fp16 overflow) retries in float32."""
        loaded = self._loaded
        assert loaded is not None
        tiny = loaded.tiny_vae() if draft else None
        vae = tiny if tiny is not None else pipeline.vae
        # The full decode runs in the plan's decode precision (the model's own, bfloat16 on
        # AMX CPUs included; float32 where a plan says so or the model overflowed before);
        # the draft decoder stays in the model's precision: it is about speed.
        wants_float32 = (
            tiny is None and self.plan.dtype == "bfloat16" and self.plan.vae_dtype == "float32"
        )
        pixels = decode_latents(
            vae, latents, force_float32=loaded.vae_needs_float32 or wants_float32
        )
        if has_nan(pixels) and not loaded.vae_needs_float32:
            log.warning(
                "NaN in the decoded image of %s; decoding again in float32", loaded.source.name
            )
            loaded.vae_needs_float32 = True
            model_id = loaded.final_stamp().hash or loaded.source.key
            remember_float32_vae(self._float32_vae_store, model_id)
            pixels = decode_latents(vae, latents, force_float32=True)
        return to_pil(pipeline, pixels)
