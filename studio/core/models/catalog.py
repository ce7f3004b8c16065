"""The curated model catalog: what to download, how big it is, and whether it fits this machine."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError, tr
from studio.core.base.progress import format_size
from studio.core.models.repo_files import download_patterns

GB = 10**9
_SAI = "Stability AI Community (free below US$1M revenue)"
_BFL_DEV = "FLUX.1 [dev] Non-Commercial License"


@dataclass(frozen=True)
class CatalogEntry:
    """One downloadable model with the facts a user needs before pressing Download."""

    repo_id: str
    label: str
    family: str  # a key of studio.core.models.families.FAMILIES
    kind: str  # pipeline, vae, lora
    size_fp16: int  # bytes downloaded for GPUs (fp16 variant)
    size_fp32: int  # bytes downloaded for CPUs (full precision)
    vram_gb: float  # GPU memory needed in fp16 at the family's default size
    ram_gb: float  # system memory needed to run it on the CPU in fp32
    licence: str
    note_en: str
    note_es: str
    files: tuple[str, ...] = ()  # exact files for vae/lora repos (pipelines use loader patterns)
    gated: bool = False  # the Hub asks for a logged-in licence acceptance (a token) first
    fp16_variant: bool = True  # False: the repo ships bf16 weights only, for every device

    @property
    def note(self) -> str:
        return tr(self.note_en, self.note_es)

    def download_size(self, half_precision: bool) -> int:
        return self.size_fp16 if half_precision else self.size_fp32

    def patterns(self, half_precision: bool) -> list[str]:
        """The files to fetch: only safetensors, in the precision the device will use."""
        if self.kind == "pipeline":
            return download_patterns(half_precision and self.fp16_variant)
        return list(self.files)


@dataclass(frozen=True)
class Fit:
    """Whether a catalog model runs on the detected hardware, and why (both languages)."""

    ok: bool
    en: str
    es: str

    @property
    def reason(self) -> str:
        return tr(self.en, self.es)


# Sizes are the hub's file sizes of the files `patterns()` selects (rounded, bytes).
CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry(
        "stabilityai/sd-turbo", "SD-Turbo", "sd-turbo", "pipeline",
        int(2.6 * GB), int(5.2 * GB), 3.5, 7.0, _SAI,
        "Fastest: a 512×512 image in 1 step. The best first model for CPUs and small GPUs.",
        "El más rápido: 512×512 en 1 paso. El mejor primer modelo para CPU y GPU pequeñas.",
    ),
    CatalogEntry(
        "stabilityai/sdxl-turbo", "SDXL-Turbo", "sdxl-turbo", "pipeline",
        int(6.9 * GB), int(13.9 * GB), 8.0, 16.0, _SAI,
        "Better composition than SD-Turbo in 1–4 steps; needs a GPU with 8 GB.",
        "Mejor composición que SD-Turbo en 1–4 pasos; necesita una GPU de 8 GB.",
    ),
    CatalogEntry(
        "stable-diffusion-v1-5/stable-diffusion-v1-5", "Stable Diffusion 1.5", "sd1", "pipeline",
        int(2.7 * GB), int(5.5 * GB), 3.5, 7.0, "CreativeML OpenRAIL-M",
        "The classic: most LoRAs and Civitai models are made for it.",
        "El clásico: la mayoría de LoRAs y modelos de Civitai están hechos para él.",
    ),
    CatalogEntry(
        "stabilityai/stable-diffusion-xl-base-1.0", "SDXL base 1.0", "sdxl", "pipeline",
        int(6.9 * GB), int(13.9 * GB), 8.0, 16.0, "CreativeML OpenRAIL++-M",
        "Best quality at 1024×1024; slow without a recent GPU.",
        "La mejor calidad a 1024×1024; lento sin una GPU reciente.",
    ),
    CatalogEntry(
        "stable-diffusion-v1-5/stable-diffusion-inpainting", "SD 1.5 Inpainting", "sd1",
        "pipeline", int(2.7 * GB), int(5.5 * GB), 3.5, 7.0, "CreativeML OpenRAIL-M",
        "Inpainting model (9-channel UNet): best for Edit picture and Extend with SD 1.5.",
        "Modelo de inpainting (UNet de 9 canales): el mejor para Retocar y Extender con SD 1.5.",
    ),
    CatalogEntry(
        "diffusers/stable-diffusion-xl-1.0-inpainting-0.1", "SDXL Inpainting 0.1", "sdxl",
        "pipeline", int(6.9 * GB), int(13.9 * GB), 8.0, 16.0, "CreativeML OpenRAIL++-M",
        "Inpainting model for SDXL (9-channel UNet): Edit picture and Extend at 1024×1024.",
        "Modelo de inpainting para SDXL (UNet de 9 canales): Retocar y Extender a 1024×1024.",
    ),
    CatalogEntry(
        "madebyollin/sdxl-vae-fp16-fix", "SDXL VAE (fp16 fix)", "sdxl", "vae",
        int(0.34 * GB), int(0.34 * GB), 0.5, 0.5, "MIT",
        "Replaces the SDXL VAE so half precision does not produce black images.",
        "Sustituye el VAE de SDXL para que la media precisión no dé imágenes negras.",
        ("config.json", "diffusion_pytorch_model.safetensors"),
    ),
    CatalogEntry(
        "latent-consistency/lcm-lora-sdv1-5", "LCM-LoRA for SD 1.5", "sd1", "lora",
        int(0.135 * GB), int(0.135 * GB), 3.5, 7.0, "CreativeML OpenRAIL++-M",
        "Makes any SD 1.5 model draw in 4–8 steps (use the LCM sampler, guidance 1–2).",
        "Hace que cualquier modelo SD 1.5 dibuje en 4–8 pasos (muestreador LCM, guía 1–2).",
        ("pytorch_lora_weights.safetensors",),
    ),
    CatalogEntry(
        "ByteDance/SDXL-Lightning", "SDXL-Lightning 4-step LoRA", "sdxl", "lora",
        int(0.394 * GB), int(0.394 * GB), 8.0, 16.0, "CreativeML OpenRAIL++-M",
        "Makes SDXL base draw in 4 steps (Euler, trailing timesteps, guidance 0).",
        "Hace que SDXL base dibuje en 4 pasos (Euler, pasos 'trailing', guía 0).",
        ("sdxl_lightning_4step_lora.safetensors",),
    ),
    # FLUX.1 and SD 3.5 ship bf16 weights only (the same files for GPU and CPU). Memory: GPU
    # with model CPU offload (the largest part at a time), CPU in float32 (all of it).
    CatalogEntry(
        "black-forest-labs/FLUX.1-schnell", "FLUX.1 schnell", "flux-schnell", "pipeline",
        int(33.7 * GB), int(33.7 * GB), 24.0, 70.0, "Apache-2.0",
        "Today's quality in 4 steps; 12B transformer. GGUF Q4–Q8 files of it fit 8–12 GB GPUs.",
        "Calidad actual en 4 pasos; transformer de 12B. Sus archivos GGUF Q4–Q8 caben en GPU "
        "de 8–12 GB.",
        fp16_variant=False,
    ),
    CatalogEntry(
        "black-forest-labs/FLUX.1-dev", "FLUX.1 dev", "flux-dev", "pipeline",
        int(33.7 * GB), int(33.7 * GB), 24.0, 70.0, _BFL_DEV,
        "FLUX.1's best detail in ~28 steps; non-commercial use only. Gated: needs a token.",
        "El mejor detalle de FLUX.1 en ~28 pasos; solo uso no comercial. Restringido: "
        "necesita un token.",
        gated=True, fp16_variant=False,
    ),
    CatalogEntry(
        "stabilityai/stable-diffusion-3.5-medium", "SD 3.5 Medium", "sd3", "pipeline",
        int(16.3 * GB), int(16.3 * GB), 10.0, 34.0, _SAI,
        "2.5B transformer with three text encoders; good text in pictures. Gated: needs a token.",
        "Transformer de 2,5B con tres codificadores de texto; buen texto en las imágenes. "
        "Restringido: necesita un token.",
        gated=True, fp16_variant=False,
    ),
    CatalogEntry(
        "stabilityai/stable-diffusion-3.5-large-turbo", "SD 3.5 Large Turbo", "sd3-turbo",
        "pipeline", int(27.6 * GB), int(27.6 * GB), 18.0, 57.0, _SAI,
        "8B transformer distilled to 4 steps (guidance 0). Gated: needs a token.",
        "Transformer de 8B destilado a 4 pasos (guía 0). Restringido: necesita un token.",
        gated=True, fp16_variant=False,
    ),
)  # fmt: skip


def catalog_entry(repo_id: str) -> CatalogEntry | None:
    """The catalog entry of `repo_id`, if it is one of ours."""
    return next((e for e in CATALOG if e.repo_id.lower() == repo_id.lower()), None)


def require_entry(repo_id: str) -> CatalogEntry:
    """The catalog entry of `repo_id`, or a ModelError listing what the catalog has."""
    entry = catalog_entry(repo_id)
    if entry is None:
        known = ", ".join(e.repo_id for e in CATALOG)
        raise ModelError(
            f"{repo_id!r} is not in the catalog. Known models: {known}.",
            f"{repo_id!r} no está en el catálogo. Modelos conocidos: {known}.",
        )
    return entry


def uses_half_precision(plan: DevicePlan) -> bool:
    """Whether downloads for this device should be the fp16 variant."""
    return plan.dtype != "float32"


def fits_hardware(entry: CatalogEntry, plan: DevicePlan) -> Fit:
    """Compare the model's memory needs with the chosen device's memory."""
    on_gpu = plan.device != "cpu"
    need = entry.vram_gb if on_gpu else entry.ram_gb
    have = _device_memory_gb(plan)
    where_en, where_es = ("GPU memory", "memoria de GPU") if on_gpu else ("RAM", "RAM")
    if have is None:
        return Fit(True, f"needs about {need:g} GB of {where_en} (unknown here)",
                   f"necesita unos {need:g} GB de {where_es} (desconocida aquí)")  # fmt: skip
    if have < need:
        return Fit(
            False,
            f"needs about {need:g} GB of {where_en}; this {plan.name} has {have:g} GB",
            f"necesita unos {need:g} GB de {where_es}; este {plan.name} tiene {have:g} GB",
        )
    return Fit(True, f"fits: needs {need:g} GB of {where_en}, {have:g} GB available",
               f"cabe: necesita {need:g} GB de {where_es}, hay {have:g} GB")  # fmt: skip


def _device_memory_gb(plan: DevicePlan) -> float | None:
    kind = plan.device.split(":")[0]
    for device in plan.found:
        if device.kind == kind:
            return device.memory_gb
    return None


def recommended(plan: DevicePlan) -> CatalogEntry:
    """The model to pre-select on first run: the best pipeline that fits, else SD-Turbo."""
    pipelines = [e for e in CATALOG if e.kind == "pipeline" and not e.gated]
    fitting = [e for e in pipelines if fits_hardware(e, plan).ok]
    if plan.device == "cpu" or not fitting:
        return pipelines[0]  # SD-Turbo: one step is the only pleasant speed on a CPU
    return max(fitting, key=lambda e: (e.family == "sdxl-turbo", e.vram_gb))


def describe(entry: CatalogEntry, plan: DevicePlan) -> str:
    """One line for lists: name, size for this device, memory, licence, fit."""
    size = format_size(entry.download_size(uses_half_precision(plan)))
    fit = fits_hardware(entry, plan)
    mark = "✓" if fit.ok else "✗"
    return f"{mark} {entry.repo_id}  ({entry.label}, {size}, {entry.licence}) — {fit.reason}"
