"""Download models from the Hugging Face Hub into the standard HF cache, with progress and cancel.

Only the files a pipeline needs are fetched; the size is known and the free space checked
before a byte is written; progress never touches sys.stderr (windowed builds have none).
"""

from __future__ import annotations

import io
import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.base.errors import ModelError
from studio.core.base.keychain import usable_keyring
from studio.core.base.progress import CancelToken, format_size

if TYPE_CHECKING:
    from huggingface_hub.utils import tqdm as hf_tqdm

log = logging.getLogger(__name__)

DISK_MARGIN = 1.1  # 10 % headroom: the temp file and the blob coexist for a moment
_MIN_FREE_AFTER = 500 * 2**20  # never fill the disk to the last byte
TOKEN_SERVICE, TOKEN_USER = "lienzo-studio", "huggingface.co"  # the keyring entry
_MAX_TOKEN = 200


class DownloadCancelled(Exception):
    """The user cancelled a download; completed files stay in the cache for a later retry."""


class HubUnreachable(ModelError):
    """Hugging Face could not be reached (offline, firewall, outage); `detail` says how."""

    def __init__(self, repo_id: str, detail: str, en: str, es: str) -> None:
        super().__init__(en, es)
        self.repo_id = repo_id
        self.detail = detail


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes written so far out of the total, with the current speed and time left."""

    done: int
    total: int
    bytes_per_s: float
    eta_s: float | None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


@dataclass(frozen=True)
class DownloadPlan:
    """What a download would fetch: every matching file and how much is still missing."""

    repo_id: str
    files: tuple[tuple[str, int], ...]
    total_bytes: int
    missing_bytes: int


ProgressCallback = Callable[[DownloadProgress], None]


def hf_cache_dir(cache_dir: Path | None = None) -> Path:
    """The Hugging Face hub cache in use (`HF_HUB_CACHE`, shared with other tools)."""
    if cache_dir is not None:
        return Path(cache_dir)
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def plan_download(
    repo_id: str, patterns: Sequence[str], cache_dir: Path | None = None
) -> DownloadPlan:
    """Ask the hub (a dry run, nothing written) which files match and how big they are."""
    quiet = progress_bridge(lambda _: None, CancelToken(), 0, 0)
    infos = _snapshot(repo_id, patterns, cache_dir, quiet, dry_run=True)
    files = tuple((info.filename, info.file_size) for info in infos)
    missing = sum(info.file_size for info in infos if info.will_download)
    return DownloadPlan(repo_id, files, sum(size for _, size in files), missing)


def patterns_for(repo_id: str, half_precision: bool, cache_dir: Path | None = None) -> list[str]:
    """The files to fetch: fp16 weights when wanted and the repo has them, else full ones."""
    from studio.core.models.catalog import catalog_entry
    from studio.core.models.repo_files import download_patterns

    entry = catalog_entry(repo_id)
    if entry is not None and entry.kind != "pipeline":
        return entry.patterns(half_precision)
    if half_precision:
        half = download_patterns(True)
        files = plan_download(repo_id, half, cache_dir).files
        if any(name.endswith(".safetensors") for name, _ in files):
            return half
    return download_patterns(False)


def check_free_space(needed: int, cache_dir: Path | None = None) -> None:
    """Refuse to start when the cache's disk cannot hold `needed` bytes plus a margin."""
    folder = hf_cache_dir(cache_dir)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    wanted = int(needed * DISK_MARGIN) + _MIN_FREE_AFTER
    if needed and free < wanted:
        raise ModelError(
            f"Not enough disk space: this model needs {format_size(wanted)} and only "
            f"{format_size(free)} is free on the disk of {folder}. Free some space or move the "
            "model folder (HF_HUB_CACHE) to a bigger disk.",
            f"No hay espacio suficiente: este modelo necesita {format_size(wanted)} y solo quedan "
            f"{format_size(free)} libres en el disco de {folder}. Libera espacio o mueve la "
            "carpeta de modelos (HF_HUB_CACHE) a un disco más grande.",
        )


def download(
    repo_id: str,
    patterns: Sequence[str],
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    cache_dir: Path | None = None,
) -> Path:
    """Download the matching files (resuming cut transfers) and return the snapshot folder."""
    plan = plan_download(repo_id, patterns, cache_dir)
    check_free_space(plan.missing_bytes, cache_dir)
    done_before = plan.total_bytes - plan.missing_bytes
    report = on_progress or (lambda _: None)
    bar = progress_bridge(report, cancel or CancelToken(), done_before, plan.total_bytes)
    folder = _snapshot(repo_id, patterns, cache_dir, bar, dry_run=False)
    if on_progress is not None:
        on_progress(DownloadProgress(plan.total_bytes, plan.total_bytes, 0.0, 0.0))
    return Path(folder)


def progress_bridge(
    on_progress: ProgressCallback, cancel: CancelToken, done: int, total: int
) -> type[hf_tqdm]:
    """A tqdm class for huggingface_hub that reports bytes to `on_progress` and obeys `cancel`."""
    from huggingface_hub.utils import tqdm as hf_tqdm

    state = _ProgressState(done, total, on_progress)

    class _Bridge(hf_tqdm):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Only the "written to disk" byte bar counts; the network bar would count twice.
            self._counts = kwargs.get("name") == "huggingface_hub.snapshot_download"
            kwargs.update(file=io.StringIO(), disable=False, mininterval=3600)
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            if cancel.cancelled:
                raise DownloadCancelled
            if self._counts and n:
                state.add(int(n))
            return None

    return _Bridge


class _ProgressState:
    """Thread-safe byte counter that turns updates into throttled progress reports."""

    def __init__(self, start: int, total: int, report: ProgressCallback) -> None:
        self._lock = threading.Lock()
        self._start, self._done, self._total = start, start, total
        self._began = time.monotonic()
        self._last = 0.0
        self._report = report

    def add(self, n: int) -> None:
        with self._lock:
            self._done += n
            now = time.monotonic()
            if now - self._last < 0.1 and self._done < self._total:
                return  # ≤ 10 reports a second is plenty for a progress bar
            self._last = now
            speed = (self._done - self._start) / max(now - self._began, 1e-3)
            left = max(self._total - self._done, 0)
            progress = DownloadProgress(
                self._done, self._total, speed, left / speed if speed > 0 else None
            )
        self._report(progress)


def _snapshot(
    repo_id: str, patterns: Sequence[str], cache_dir: Path | None, bar: type, dry_run: bool
) -> Any:
    from huggingface_hub import snapshot_download

    return _hub_call(
        repo_id,
        lambda: snapshot_download(
            repo_id,
            allow_patterns=list(patterns),
            cache_dir=hf_cache_dir(cache_dir),
            tqdm_class=bar,
            dry_run=dry_run,
            token=hub_token(),  # None: huggingface_hub's own (`hf auth login`), if any
        ),
    )


def _hub_call(repo_id: str, call: Callable[[], Any]) -> Any:
    """Run a hub call, turning its many failure types into one bilingual ModelError."""
    from huggingface_hub.errors import (
        DryRunError,
        GatedRepoError,
        HfHubHTTPError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
    )

    try:
        return call()
    except GatedRepoError as exc:  # a kind of RepositoryNotFoundError: first
        raise gated_repo(repo_id) from exc
    except RepositoryNotFoundError as exc:
        raise _no_such_repo(repo_id) from exc
    except (DryRunError, LocalEntryNotFoundError, HfHubHTTPError, ConnectionError) as exc:
        # A dry run hides "no such repo" behind its own error; the cause tells them apart.
        if isinstance(exc.__cause__, GatedRepoError):
            raise gated_repo(repo_id) from exc
        if isinstance(exc.__cause__, RepositoryNotFoundError):
            raise _no_such_repo(repo_id) from exc
        raise unreachable(repo_id, exc) from exc
    except OSError as exc:
        if _is_network_error(exc):
            raise unreachable(repo_id, exc) from exc
        raise


def _is_network_error(exc: BaseException) -> bool:
    import httpx2  # type: ignore[import-not-found]  # huggingface_hub 2.x's HTTP client

    return isinstance(exc, httpx2.TransportError)


def unreachable(repo_id: str, exc: BaseException) -> HubUnreachable:
    """The message shown when the hub cannot be reached (offline, firewall, outage)."""
    detail = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
    return HubUnreachable(
        repo_id,
        detail,
        f"Cannot reach Hugging Face to download {repo_id!r} ({detail}). Check the internet "
        "connection and try again; the models already on this computer still work.",
        f"No se puede conectar con Hugging Face para descargar {repo_id!r} ({detail}). Revisa "
        "la conexión a internet y vuelve a intentarlo; los modelos que ya tienes siguen "
        "funcionando.",
    )


def gated_repo(repo_id: str) -> ModelError:
    """Said when the Hub wants a logged-in user who accepted the model's licence."""
    url = f"https://huggingface.co/{repo_id}"
    return ModelError(
        f"{repo_id} is a gated model: its authors ask each user to accept their licence. "
        f"Log in at {url} and accept it, create a read access token at "
        "https://huggingface.co/settings/tokens, and give it to Lienzo with "
        "`studio models token` (kept in the system keyring) or `hf auth login`. "
        "Then download again.",
        f"{repo_id} es un modelo restringido: sus autores piden a cada usuario que acepte su "
        f"licencia. Inicia sesión en {url} y acéptala, crea un token de acceso de lectura en "
        "https://huggingface.co/settings/tokens y dáselo a Lienzo con `studio models token` "
        "(se guarda en el llavero del sistema) o `hf auth login`. Después descarga de nuevo.",
    )


def hub_token() -> str | None:
    """The Hugging Face token saved with `save_hub_token`, from the OS keyring; else None."""
    keyring = usable_keyring()
    if keyring is None:
        return None
    try:
        token = keyring.get_password(TOKEN_SERVICE, TOKEN_USER)
    except (RuntimeError, OSError, ValueError) as exc:  # keyring backends raise these
        log.warning("Could not read the Hugging Face token from the keyring: %s", exc)
        return None
    return token.strip()[:_MAX_TOKEN] if isinstance(token, str) and token.strip() else None


def save_hub_token(token: str) -> None:
    """Keep a Hugging Face token in the OS keyring (never in settings or logs); '' forgets it."""
    keyring = usable_keyring()
    if keyring is None:
        raise ModelError(
            "No system keyring is available to keep the token safely. Use `hf auth login` "
            "instead: Lienzo uses the token it saves.",
            "No hay un llavero del sistema para guardar el token de forma segura. Usa "
            "`hf auth login`: Lienzo usa el token que guarda.",
        )
    token = token.strip()
    if len(token) > _MAX_TOKEN or any(c.isspace() for c in token):
        raise ModelError(
            "That does not look like a Hugging Face token (hf_…, one word).",
            "Eso no parece un token de Hugging Face (hf_…, una sola palabra).",
        )
    if token:
        keyring.set_password(TOKEN_SERVICE, TOKEN_USER, token)
    elif hub_token() is not None:
        keyring.delete_password(TOKEN_SERVICE, TOKEN_USER)


def _no_such_repo(repo_id: str) -> ModelError:
    return ModelError(
        f"The Hugging Face repo {repo_id!r} does not exist or needs you to accept its licence "
        "on huggingface.co first (log in with `hf auth login`).",
        f"El repositorio {repo_id!r} no existe en Hugging Face o requiere aceptar su licencia "
        "en huggingface.co (inicia sesión con `hf auth login`).",
    )
