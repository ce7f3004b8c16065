"""The first-run setup with faked hardware probes and a faked pip (no network, no venv)."""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import torch_choice
from firstrun import hardware, launcher
from firstrun.appinfo import AppInfo, load_app_info, read_init
from firstrun.installer import Setup, SetupFailed
from firstrun.locations import Runtime, data_dir, read_state, setup_needed
from firstrun.progress import ConsoleReporter, PipProgress
from firstrun.verify_torch import MARKER

ROOT = Path(__file__).resolve().parents[2]


# ---- hardware: faked probes --------------------------------------------------------------


def _fake_tools(monkeypatch: pytest.MonkeyPatch, system: str, machine: str, tools: dict) -> None:
    """Pretend to be `system` with these command-line tools answering (or hanging)."""
    monkeypatch.setattr(torch_choice.platform, "system", lambda: system)
    monkeypatch.setattr(torch_choice.platform, "machine", lambda: machine)
    monkeypatch.setattr(torch_choice.shutil, "which", lambda name: name if name in tools else None)

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        answer = tools[command[0]]
        if answer is TimeoutError:
            raise subprocess.TimeoutExpired(command, float(str(kwargs["timeout"])))
        return subprocess.CompletedProcess(command, 0, stdout=answer)

    # The probes take `run` as a parameter whose default is bound at import: pass the fake.
    for probe in ("nvidia_driver_version", "has_rocm"):
        monkeypatch.setattr(
            torch_choice, probe, functools.partial(getattr(torch_choice, probe), run)
        )


@pytest.mark.parametrize(
    ("system", "machine", "tools", "variant", "index_tail"),
    [
        ("Linux", "x86_64", {"nvidia-smi": "575.51.03\n"}, "cuda", "/cu128"),
        ("Windows", "AMD64", {"nvidia-smi": "553.09\n"}, "cuda", "/cu126"),
        ("Linux", "x86_64", {"rocminfo": "Name: gfx1100\n"}, "rocm", "/rocm6.4"),
        ("Darwin", "arm64", {}, "mps", None),
        ("Linux", "x86_64", {}, "cpu", "/cpu"),
        ("Linux", "x86_64", {"nvidia-smi": TimeoutError, "rocminfo": TimeoutError}, "cpu", "/cpu"),
    ],
    ids=["nvidia-linux", "nvidia-windows-old-driver", "amd", "apple", "none", "probe-times-out"],
)
def test_faked_hardware_picks_the_build(
    monkeypatch: pytest.MonkeyPatch,
    system: str,
    machine: str,
    tools: dict,
    variant: str,
    index_tail: str | None,
) -> None:
    _fake_tools(monkeypatch, system, machine, tools)
    choice = hardware.choose()
    assert choice.variant == variant
    assert choice.requirement == f"torch=={torch_choice.TORCH_VERSION}"
    assert (choice.index_url or "").endswith(index_tail or "") and bool(choice.index_url) == bool(
        index_tail
    )


def test_a_probe_that_hangs_past_the_deadline_means_cpu() -> None:
    def hang(_override: str | None) -> torch_choice.TorchChoice:
        time.sleep(5)
        raise AssertionError("never returns in time")

    started = time.monotonic()
    choice = hardware.choose(detector=hang, deadline_s=0.2)
    assert time.monotonic() - started < 2
    assert "timed out" in choice.reason
    assert choice.variant in ("cpu", "mps")  # mps only when the tests run on Apple Silicon


def test_a_probe_that_crashes_means_cpu_and_says_why() -> None:
    def crash(_override: str | None) -> torch_choice.TorchChoice:
        raise OSError("driver exploded")

    choice = hardware.choose(detector=crash, deadline_s=5)
    assert "driver exploded" in choice.reason


def test_override_wins_and_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tools(monkeypatch, "Linux", "x86_64", {"nvidia-smi": "575.51.03\n"})
    assert hardware.choose("cpu").variant == "cpu"
    assert hardware.choose("auto").variant == "cuda"
    with pytest.raises(ValueError, match="unknown PyTorch build 'cuda11'"):
        hardware.choose("cuda11")


def test_index_override_points_at_a_mirror_or_the_default_index() -> None:
    choice = torch_choice.choose_torch("Linux", "x86_64", None, False)
    assert hardware.with_index_override(choice, "pypi").index_url is None
    assert hardware.with_index_override(choice, "https://m/cpu").index_url == "https://m/cpu"
    assert hardware.with_index_override(choice, None) == choice


def test_override_lists_follow_the_os() -> None:
    assert hardware.variants_for("Darwin", "arm64") == ("mps", "cpu")
    assert hardware.variants_for("Windows", "AMD64") == ("cuda", "cpu")
    assert "rocm" in hardware.variants_for("Linux", "x86_64")


# ---- the setup with a faked pip -------------------------------------------------------------


class FakeTools:
    """Answers the setup's commands like venv/pip/the verifier would, and records them."""

    def __init__(self, runtime: Runtime, failing: tuple[str, ...] = (), gpu_works: bool = True):
        self.runtime, self.failing, self.gpu_works = runtime, failing, gpu_works
        self.commands: list[list[str]] = []

    def __call__(
        self, command: list[str], on_line: Callable[[str], None], _cancel: threading.Event
    ) -> int:
        assert command[1] == "-I", "every interpreter runs isolated"
        command = [command[0], *command[2:]]
        self.commands.append(command)
        text = " ".join(command)
        if any(part in text for part in self.failing):
            on_line("ERROR: Could not find a version that satisfies the requirement")
            return 1
        for line in self._output(command):
            on_line(line)
        return 0

    def _output(self, command: list[str]) -> list[str]:
        if command[1:3] == ["-m", "venv"]:
            self.runtime.python().parent.mkdir(parents=True)
            self.runtime.python().touch()
        if command[-1] == "--version":
            return ["pip 26.3 from /x (python 3.12)"]
        if "torch==" in " ".join(command):
            return ["Collecting torch", "  Downloading torch-2.13.0.whl (200.0 MB)",
                    "Progress 0 of 200000000", "Progress 200000000 of 200000000",
                    "Installing collected packages: torch"]  # fmt: skip
        if command[1].endswith("verify_torch.py"):
            return [self._verify_line(command[2])]
        return []

    def _verify_line(self, variant: str) -> str:
        report = {"torch": "2.13.0", "device": "cpu", "name": "CPU", "warning": ""}
        if variant != "cpu" and self.gpu_works:
            report.update(device="cuda", name="NVIDIA GeForce RTX 4090")
        elif variant != "cpu":
            report["warning"] = "the GPU is not usable (no device); the app will use the CPU"
        return MARKER + json.dumps(report)

    def pip_installs(self) -> list[str]:
        return [" ".join(c[4:]) for c in self.commands if c[2:4] == ["pip", "install"]]


class Recorder:
    """A Reporter that keeps everything."""

    def __init__(self) -> None:
        self.fractions: list[float] = []
        self.stages: list[str] = []
        self.lines: list[str] = []

    def stage(self, title: str, fraction: float) -> None:
        self.stages.append(title)
        self.fractions.append(fraction)

    def progress(self, fraction: float, detail: str) -> None:
        self.fractions.append(fraction)

    def log(self, line: str) -> None:
        self.lines.append(line)


def _setup(tmp_path: Path, tools_kwargs: dict | None = None) -> tuple[Setup, FakeTools, Recorder]:
    runtime = Runtime(tmp_path / "runtime")
    tools = FakeTools(runtime, **(tools_kwargs or {}))
    recorder = Recorder()
    info = AppInfo("Lienzo Studio", "9.9.9", tmp_path / "lienzo_studio-9.9.9-py3-none-any.whl")
    setup = Setup(info, runtime, recorder, Path(sys.executable), runner=tools)
    return setup, tools, recorder


CUDA = torch_choice.choose_torch("Linux", "x86_64", (575, 51), False)


def test_setup_installs_the_chosen_build_then_the_app_and_saves_the_state(tmp_path: Path) -> None:
    setup, tools, recorder = _setup(tmp_path)
    state = setup.run(CUDA)
    assert tools.pip_installs() == [
        f"--progress-bar raw torch==2.13.0 --index-url {CUDA.index_url}",
        f"--progress-bar raw {setup.info.package}",
    ]
    assert state.variant == "cuda" and state.device == "cuda" and not state.warning
    assert read_state(setup.runtime) == state
    assert recorder.fractions[-1] == 1.0
    assert "downloading torch-2.13.0.whl: 200 MB of 200 MB" not in recorder.stages
    assert setup_needed(setup.runtime, "9.9.9") is None
    assert "$ " in setup.runtime.setup_log.read_text()


def test_a_failed_gpu_install_falls_back_to_the_cpu_build(tmp_path: Path) -> None:
    setup, tools, recorder = _setup(tmp_path, {"failing": ("/cu128",)})
    state = setup.run(CUDA)
    assert state.variant == "cpu"
    assert any("trying the CPU build" in stage for stage in recorder.stages)
    python = str(setup.runtime.python())
    uninstall = tools.commands.index([python, "-m", "pip", "uninstall", "-y", "torch"])
    assert "/cpu" in " ".join(tools.commands[uninstall + 1])  # then the CPU build
    assert tools.pip_installs()[-2].endswith("--index-url https://download.pytorch.org/whl/cpu")


def test_when_even_the_cpu_build_fails_nothing_is_saved_and_the_message_helps(
    tmp_path: Path,
) -> None:
    setup, _tools, _recorder = _setup(tmp_path, {"failing": ("torch==",)})
    with pytest.raises(SetupFailed, match="internet connection and free disk space") as error:
        setup.run(CUDA)
    assert str(setup.runtime.setup_log) in str(error.value)
    assert not setup.runtime.state_file.exists()
    assert setup_needed(setup.runtime, "9.9.9") == "first run"


def test_a_failed_app_install_saves_no_state(tmp_path: Path) -> None:
    setup, _tools, _recorder = _setup(tmp_path, {"failing": ("lienzo_studio-",)})
    with pytest.raises(SetupFailed, match="Lienzo Studio could not be installed"):
        setup.run(CUDA)
    assert read_state(setup.runtime) is None


def test_a_gpu_that_does_not_work_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    setup, _tools, _recorder = _setup(tmp_path, {"gpu_works": False})
    state = setup.run(CUDA)
    assert state.variant == "cuda" and state.device == "cpu"
    assert "GPU is not usable" in state.warning


def test_an_app_update_keeps_the_installed_torch(tmp_path: Path) -> None:
    setup, tools, _recorder = _setup(tmp_path)
    setup.run(CUDA)
    updated = Setup(
        AppInfo("Lienzo Studio", "10.0.0", setup.info.package), setup.runtime, Recorder(),
        Path(sys.executable), runner=tools,
    )  # fmt: skip
    assert setup_needed(setup.runtime, "10.0.0") == "the app was updated (9.9.9 → 10.0.0)"
    tools.commands.clear()
    assert updated.run(CUDA).app_version == "10.0.0"
    assert tools.pip_installs() == [f"--progress-bar raw {setup.info.package}"]


def test_cancelling_stops_without_saving(tmp_path: Path) -> None:
    setup, _tools, _recorder = _setup(tmp_path)
    setup.cancel.set()
    with pytest.raises(SetupFailed, match="cancelled"):
        setup.run(CUDA)
    assert read_state(setup.runtime) is None


def test_an_old_pip_is_upgraded_and_without_raw_progress_is_not_asked_for_it(
    tmp_path: Path,
) -> None:
    setup, tools, _recorder = _setup(tmp_path)
    answer = tools._output

    def old_pip(command: list[str]) -> list[str]:
        return ["pip 23.0.1 from /x"] if command[-1] == "--version" else answer(command)

    tools._output = old_pip  # type: ignore[method-assign]
    setup.run(CUDA)
    assert tools.pip_installs()[0] == "-q --upgrade pip>=24.1"
    assert not any("--progress-bar" in line for line in tools.pip_installs())


# ---- launcher, paths, progress ---------------------------------------------------------------


def test_a_windowed_process_gets_a_log_file_instead_of_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert launcher.ensure_stdio(tmp_path / "logs" / "launcher.log")
    print("tqdm would have crashed here", file=sys.stderr)
    sys.stderr.flush()
    assert "crashed here" in (tmp_path / "logs" / "launcher.log").read_text()
    assert not launcher.ensure_stdio(tmp_path / "other.log")  # real streams are left alone


def test_a_windowed_launch_gives_the_app_a_log_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(launcher.subprocess, "call", lambda c, **kw: calls.append((c, kw)) or 0)
    runtime = Runtime(tmp_path)
    assert launcher.launch_app(runtime, ["--lang", "es"], windowed=True) == 0
    command, options = calls[0]
    assert command[1:] == ["-I", "-m", "studio", "--lang", "es"]  # no shadowing from the cwd
    assert options["stdout"].name == str(runtime.app_log)


def test_console_setup_says_what_it_chose_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Runtime(tmp_path / "runtime")
    tools = FakeTools(runtime)
    real_new_setup = launcher.new_setup

    def fake_new_setup(info: AppInfo, rt: Runtime, reporter: ConsoleReporter) -> Setup:
        setup = real_new_setup(info, rt, reporter)
        setup.runner = tools
        return setup

    monkeypatch.setattr(launcher, "new_setup", fake_new_setup)
    monkeypatch.setattr(launcher.hardware, "choose", lambda override: CUDA)
    out = io.StringIO()
    info = AppInfo("Lienzo Studio", "9.9.9", tmp_path / "app.whl")
    assert launcher.console_setup(info, runtime, None, True, out) == 0
    assert f"PyTorch build: cuda ({CUDA.reason})" in out.getvalue()
    assert "Ready: PyTorch 2.13.0 on NVIDIA GeForce RTX 4090" in out.getvalue()


def test_an_unknown_override_is_refused_before_anything_happens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, _rest = launcher.parse(["--setup-torch", "directml"])
    runtime = Runtime(tmp_path / "runtime")
    info = AppInfo("Lienzo Studio", "9.9.9", tmp_path)
    assert launcher.first_run(info, runtime, args, "first run") == 2
    assert "unknown PyTorch build 'directml'" in capsys.readouterr().err
    assert not runtime.root.exists()


def test_launcher_options_are_separated_from_the_apps() -> None:
    args, rest = launcher.parse(["--setup-torch", "cpu", "--home", "/h", "generate", "-p", "x"])
    assert args.setup_torch == "cpu" and rest == ["--home", "/h", "generate", "-p", "x"]


def test_remove_runtime_deletes_only_a_runtime(tmp_path: Path) -> None:
    stranger = Runtime(tmp_path / "photos")
    (stranger.root / "holiday.png").parent.mkdir()
    (stranger.root / "holiday.png").touch()
    assert launcher.remove_runtime(stranger) == 1 and stranger.root.exists()
    runtime = Runtime(tmp_path / "runtime")
    runtime.venv.mkdir(parents=True)
    assert launcher.remove_runtime(runtime) == 0 and not runtime.root.exists()


def test_app_name_and_version_come_from_studio_init(tmp_path: Path) -> None:
    import studio

    assert read_init(ROOT / "studio" / "__init__.py") == (studio.APP_NAME, studio.__version__)
    assert load_app_info(ROOT / "packaging").package == ROOT
    (tmp_path / "build_info.json").write_text(
        json.dumps({"name": "Lienzo Studio", "version": "1.2.3", "wheel": "wheels/a.whl"})
    )
    assert load_app_info(tmp_path) == AppInfo("Lienzo Studio", "1.2.3", tmp_path / "wheels/a.whl")


@pytest.mark.parametrize(
    ("system", "env", "expected"),
    [
        ("Linux", {"HOME": "/home/ana"}, "/home/ana/.local/share/LienzoStudio"),
        ("Linux", {"HOME": "/h", "XDG_DATA_HOME": "/x"}, "/x/LienzoStudio"),
        ("Windows", {"LOCALAPPDATA": "C:/Users/a/Local"}, "C:/Users/a/Local/LienzoStudio"),
        ("Darwin", {"HOME": "/Users/ana"}, "/Users/ana/Library/Application Support/LienzoStudio"),
        ("Linux", {"STUDIO_HOME": "/tmp/s"}, "/tmp/s/data"),
    ],
)  # fmt: skip
def test_runtime_lives_in_the_apps_data_folder(system: str, env: dict, expected: str) -> None:
    assert data_dir(env, system) == Path(expected)


def test_pip_output_becomes_monotonic_progress() -> None:
    progress = PipProgress()
    lines = ["Collecting torch", "  Downloading torch-2.13.0.whl (200 MB)",
             "Progress 50 of 100", "  Downloading sympy.whl (6 MB)", "Progress 0 of 100",
             "Progress 100 of 100", "Installing collected packages: sympy, torch"]  # fmt: skip
    fractions = []
    for line in lines:
        progress.feed(line)
        fractions.append(progress.fraction)
    assert fractions == sorted(fractions) and fractions[-1] == 0.9
    assert progress.feed("Progress 2000000 of 4000000") == "downloading sympy.whl: 2 MB of 4 MB"


@pytest.mark.slow
@pytest.mark.skipif(
    sys.platform != "linux" or not os.environ.get("LIENZO_PACKAGING_E2E"),
    reason="end to end (~3 min, needs Xvfb, xdotool, ImageMagick, PyPI): LIENZO_PACKAGING_E2E=1",
)
def test_the_linux_package_builds_installs_runs_and_uninstalls() -> None:
    script = ROOT / "packaging" / "linux" / "build_and_verify.sh"
    assert subprocess.run(["bash", str(script)], timeout=1800).returncode == 0
