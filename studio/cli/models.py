"""`studio models …`: the catalog, downloads, verification and imports, headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from studio.cli.commands import ctrl_c_cancels
from studio.cli.terminal import safe_text
from studio.core.base.errors import GenerationCancelled, tr
from studio.core.base.progress import CancelToken, format_size
from studio.core.models.downloads import DownloadCancelled, DownloadProgress

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `models` command and its actions to the CLI's subparsers."""
    models = subparsers.add_parser("models", help="list, download, verify and import models")
    models.add_argument("--device", help="auto, cuda, mps, xpu or cpu (decides fp16 or fp32)")
    actions = models.add_subparsers(dest="models_command", required=True)
    actions.add_parser("list", help="models on this computer, and in other apps' folders")
    actions.add_parser("catalog", help="recommended models, their size and whether they fit")
    for name, text in (
        ("download", "download a model into the Hugging Face cache"),
        ("verify", "check a downloaded model's files against the hub's checksums"),
        ("delete", "delete a downloaded model from the Hugging Face cache"),
    ):
        actions.add_parser(name, help=text).add_argument("repo", help="e.g. stabilityai/sd-turbo")
    imports = actions.add_parser("import", help="check a .safetensors checkpoint and its family")
    imports.add_argument("file", type=Path)
    convert = actions.add_parser("convert", help="convert a legacy .ckpt into .safetensors")
    convert.add_argument("file", type=Path)
    token = actions.add_parser("token", help="keep a Hugging Face token for gated models")
    token.add_argument("--forget", action="store_true", help="remove the saved token")


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    """Run one `studio models` action; errors surface as StudioError for the CLI to print."""
    actions: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "list": _list,
        "catalog": _catalog,
        "download": _download,
        "verify": _verify,
        "delete": _delete,
        "import": _import,
        "convert": _convert,
        "token": _token,
    }
    if args.models_command == "delete" and args.repo.lower() in ("demo", "lienzo-demo"):
        return _delete_demo(paths)  # built here, not downloaded: not in the Hub's cache
    return actions[args.models_command](args, settings)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.downloads import hf_cache_dir
    from studio.core.models.hf_cache import installed_models
    from studio.core.models.other_apps import candidate_roots, find_model_folders, list_models

    print(tr("Downloaded (Hugging Face cache, {}):", "Descargados (caché de Hugging Face, {}):")
          .format(hf_cache_dir()))  # fmt: skip
    installed = installed_models()
    for model in installed:
        state = "" if model.complete else tr("  [incomplete]", "  [incompleto]")
        print(safe_text(f"  {model.repo_id}  {format_size(model.size_on_disk)}{state}"))
    folders = find_model_folders(candidate_roots())
    for folder in folders:
        print(safe_text(f"{folder.app} ({folder.kind}): {folder.path}"))
        for found in list_models(folder):  # names from disk: control characters escaped
            print(safe_text(f"  {found.name}  {format_size(found.size)}  {found.path}"))
    if not installed and not folders:
        print(_how_to_get_a_model())
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    """Ask for the token without echoing it and keep it in the OS keyring."""
    import getpass

    from studio.core.models.downloads import save_hub_token

    if args.forget:
        save_hub_token("")
        print(tr("The Hugging Face token was forgotten.", "Se olvidó el token de Hugging Face."))
        return 0
    prompt = tr("Hugging Face token (hf_…): ", "Token de Hugging Face (hf_…): ")
    value = getpass.getpass(prompt)
    if not value.strip():
        print(tr("No token given; nothing changed.", "No se dio ningún token; nada cambió."))
        return 1
    save_hub_token(value)
    print(tr("Saved in the system keyring.", "Guardado en el llavero del sistema."))
    return 0


def _how_to_get_a_model() -> str:
    return tr(
        "  (none yet) Download one with `studio models download stabilityai/sd-turbo` (see "
        "`studio models catalog` for others), or try the app at once with --model demo.",
        "  (ninguno aún) Descarga uno con `studio models download stabilityai/sd-turbo` (mira "
        "`studio models catalog` para ver otros), o prueba ya la aplicación con --model demo.",
    )


def _catalog(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.catalog import CATALOG, describe, recommended

    plan = _plan(args, settings)
    best = recommended(plan)
    print(tr("For {}:", "Para {}:").format(plan.label))
    for entry in CATALOG:
        star = tr("  (recommended)", "  (recomendado)") if entry is best else ""
        print(f"  {describe(entry, plan)}{star}")
    return 0


def _download(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.catalog import uses_half_precision
    from studio.core.models.downloads import download, patterns_for, plan_download

    patterns = patterns_for(args.repo, uses_half_precision(_plan(args, settings)))
    plan = plan_download(args.repo, patterns)
    print(tr("{}: {} to download ({} files).", "{}: {} por descargar ({} archivos).")
          .format(args.repo, format_size(plan.missing_bytes), len(plan.files)))  # fmt: skip
    cancel = CancelToken()
    with ctrl_c_cancels(cancel):  # first Ctrl+C stops cleanly, a second at once
        try:
            folder = download(args.repo, patterns, print_progress, cancel)
        except DownloadCancelled as exc:
            raise GenerationCancelled from exc
    print(tr("\nDone: {}", "\nListo: {}").format(folder))
    return 0


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.hf_cache import verify_model

    result = verify_model(args.repo)
    if result.ok:
        print(tr("{}: {} files checked, all correct.", "{}: {} archivos comprobados, todos bien.")
              .format(result.repo_id, result.checked))  # fmt: skip
        return 0
    print(tr("{}: damaged files (download again):", "{}: archivos dañados (vuelve a descargar):")
          .format(result.repo_id))  # fmt: skip
    for name in result.corrupted:
        print(f"  {safe_text(name)}")
    return 1


def _delete(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.hf_cache import delete_model

    freed = delete_model(args.repo)
    print(
        tr("Deleted {}; {} freed.", "Borrado {}; {} liberados.").format(
            args.repo, format_size(freed)
        )
    )
    return 0


def _delete_demo(paths: AppPaths) -> int:
    from studio.core.models.demo import delete_demo_model

    freed = delete_demo_model(paths.models_cache)
    print(
        tr(
            "Deleted the demo model; {} freed. It is built again, with no download, when used.",
            "Borrado el modelo de demostración; {} liberados. Se vuelve a crear, sin descargar "
            "nada, al usarlo.",
        ).format(format_size(freed))
    )
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.source import resolve_model

    source = resolve_model(str(args.file))
    print(tr("{}: {} checkpoint, usable with --model \"{}\" (it stays where it is).",
             "{}: checkpoint {}, se usa con --model \"{}\" (se queda donde está).")
          .format(safe_text(source.name), source.family.label, safe_text(source.path)))  # fmt: skip
    return 0


def _convert(args: argparse.Namespace, settings: Settings) -> int:
    from studio.core.models.legacy import convert_legacy_checkpoint

    target = convert_legacy_checkpoint(args.file)
    print(tr("Converted to {}", "Convertido en {}").format(target))
    return 0


def _plan(args: argparse.Namespace, settings: Settings) -> DevicePlan:
    from studio.core.base.devices import device_plan

    return device_plan(getattr(args, "device", None), settings)


def print_progress(progress: DownloadProgress) -> None:
    """A one-line console progress report (stdout; nothing when there is no console)."""
    if sys.stdout is None:
        return
    eta = f"{progress.eta_s:.0f}s" if progress.eta_s is not None else "?"
    sys.stdout.write(
        f"\r{progress.fraction:6.1%}  {format_size(progress.done)} / "
        f"{format_size(progress.total)}  {format_size(progress.bytes_per_s)}/s  ETA {eta}   "
    )
    sys.stdout.flush()
