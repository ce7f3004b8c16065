"""Settings survive corruption; the device choice follows the rules and the overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.base.devices import FoundDevice, choose_device, requested_device
from studio.core.base.errors import ModelError
from studio.core.base.settings import Settings, load_settings, save_settings

CPU = FoundDevice("cpu", "Test CPU", 16.0)
RTX = FoundDevice("cuda", "NVIDIA GeForce RTX 4070", 12.0)
MAC = FoundDevice("mps", "Apple Silicon", 16.0)


def test_settings_round_trip_atomically(tmp_path: Path) -> None:
    target = tmp_path / "cfg" / "settings.json"
    save_settings(target, Settings(language="es", preview=False))
    assert load_settings(target) == Settings(language="es", preview=False)
    assert json.loads(target.read_text())["schema_version"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]


def test_corrupt_settings_fall_back_and_keep_the_broken_copy(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("{ not json")
    assert load_settings(target) == Settings()
    (copy,) = tmp_path.glob("settings.json.bak*")  # named by time: no older copy overwritten
    assert copy.read_text() == "{ not json"


def test_one_bad_value_falls_back_alone(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text(json.dumps({"language": "es", "preview": "yes", "device": 3}))
    loaded = load_settings(target)
    assert (loaded.language, loaded.preview, loaded.device) == ("es", True, "auto")


@pytest.mark.parametrize("hostile", ["", "x" * 201, "gpu\x1b[2Jbox", ["gpu"], None])
def test_a_hostile_run_on_means_this_computer(tmp_path: Path, hostile: object) -> None:
    target = tmp_path / "settings.json"
    target.write_text(json.dumps({"run_on": hostile, "language": "es"}))
    assert load_settings(target).run_on == "local" and load_settings(target).language == "es"
    target.write_text(json.dumps({"run_on": "gpu-box:8188"}))
    assert load_settings(target).run_on == "gpu-box:8188"


def test_gpu_is_preferred_with_half_precision() -> None:
    plan = choose_device((RTX, CPU))
    assert (plan.device, plan.dtype, plan.label) == (
        "cuda:0",
        "float16",
        "NVIDIA GeForce RTX 4070 · float16",
    )
    assert plan.unused_gpu is None


def test_apple_silicon_uses_mps() -> None:
    plan = choose_device((MAC, CPU))
    assert (plan.device, plan.dtype) == ("mps", "float16")


def test_cpu_uses_float32_and_says_why() -> None:
    plan = choose_device((CPU,))
    assert plan.label == "CPU · float32" and "float32" in plan.reason_en


def test_forcing_cpu_warns_that_the_gpu_is_unused() -> None:
    plan = choose_device((RTX, CPU), "cpu")
    assert plan.device == "cpu" and plan.unused_gpu == "NVIDIA GeForce RTX 4070"


def test_requesting_a_missing_device_is_explained() -> None:
    with pytest.raises(ModelError, match="'cuda' was requested but is not available"):
        choose_device((CPU,), "cuda")


def test_override_order_is_flag_then_env_then_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIENZO_DEVICE", "mps")
    assert requested_device("cpu", "cuda") == "cpu"
    assert requested_device(None, "cuda") == "mps"
    monkeypatch.delenv("LIENZO_DEVICE")
    assert requested_device(None, "cuda") == "cuda"
    assert requested_device(None, None) == "auto"
    with pytest.raises(ModelError, match="Unknown device"):
        requested_device("tpu")


def test_cpu_with_amx_runs_and_decodes_in_bfloat16(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIENZO_CPU_DTYPE", raising=False)
    amx = FoundDevice("cpu", "Xeon", 32.0, fast_bfloat16=True)
    plan = choose_device((amx,))
    assert (plan.dtype, plan.vae_dtype, plan.label) == ("bfloat16", "bfloat16", "CPU · bfloat16")
    assert "AMX" in plan.reason_en and "AMX" in plan.reason_es
    monkeypatch.setenv("LIENZO_CPU_DTYPE", "float32")
    assert choose_device((amx,)).dtype == "float32"


def test_default_model_suits_the_hardware_unless_set() -> None:
    from studio.core.models.defaults import default_model

    assert default_model(Settings(), choose_device((CPU,))) == "stabilityai/sd-turbo"
    assert default_model(Settings(), choose_device((RTX, CPU))) == "stabilityai/sdxl-turbo"
    small = FoundDevice("cuda", "GTX 1650", 4.0)
    assert default_model(Settings(), choose_device((small, CPU))) == "stabilityai/sd-turbo"
    assert default_model(Settings(default_model="demo"), choose_device((RTX, CPU))) == "demo"
