"""The first-run window (Tk: in the standard library, so it works before Qt is installed)."""

from __future__ import annotations

import platform
import queue
import threading
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from torch_choice import TorchChoice

from firstrun import hardware, launcher
from firstrun.appinfo import AppInfo
from firstrun.installer import SetupCancelled
from firstrun.locations import Runtime, SetupState

LABELS = {
    "cuda": "NVIDIA GPU (CUDA) — fast; about 3 GB to download",
    "rocm": "AMD GPU (ROCm) — fast on supported cards; about 3 GB",
    "mps": "Apple Silicon GPU (Metal) — fast; about 100 MB",
    "cpu": "CPU only — works everywhere, slow; about 200 MB",
}
POLL_MS = 100
LOG_LINES = 200


class _QueueReporter:
    """Reporter for the worker thread: every call becomes a message for the Tk thread."""

    def __init__(self, inbox: queue.Queue[Callable[[], None]], window: SetupWindow) -> None:
        self._inbox, self._window = inbox, window

    def stage(self, title: str, fraction: float) -> None:
        self._inbox.put(lambda: self._window.show_progress(fraction, title, ""))

    def progress(self, fraction: float, detail: str) -> None:
        self._inbox.put(lambda: self._window.show_progress(fraction, None, detail))

    def log(self, line: str) -> None:
        self._inbox.put(lambda: self._window.add_log(line))


class SetupWindow:
    """Shows the detected build and why, lets the user change it, installs with progress."""

    def __init__(
        self, info: AppInfo, runtime: Runtime, reason: str, override: str | None, auto: bool
    ) -> None:
        self.info, self.runtime, self.override, self.auto = info, runtime, override, auto
        self.result = 1
        self.inbox: queue.Queue[Callable[[], None]] = queue.Queue()
        self.cancel = threading.Event()
        self.root = tk.Tk(className="lienzo-studio")
        self.root.title(f"{info.name} {info.version} — setup")
        self.root.protocol("WM_DELETE_WINDOW", self._on_close)
        self.variant = tk.StringVar(value="")
        self.installing = False
        self.detected: TorchChoice | None = None
        self._build(reason)

    def run(self) -> int:
        """Show the window until the setup ends or the user closes it; the exit code."""
        self._in_thread(lambda: launcher.choose(self.override), self._on_chosen)
        self.root.after(POLL_MS, self._poll)
        self.root.mainloop()
        return self.result

    def _build(self, reason: str) -> None:
        frame = ttk.Frame(self.root, padding=16)
        frame.grid(sticky="nsew")
        intro = f"{self.info.name} needs PyTorch, which runs the image models ({reason})."
        ttk.Label(frame, text=intro, wraplength=520).grid(sticky="w")
        self.choice_label = ttk.Label(frame, text="Detecting the hardware…", wraplength=520)
        self.choice_label.grid(sticky="w", pady=(8, 4))
        self.options = ttk.Frame(frame)
        self.options.grid(sticky="w")
        self.bar = ttk.Progressbar(frame, length=520, maximum=1000, mode="indeterminate")
        self.bar.grid(sticky="we", pady=(12, 2))
        self.bar.start()
        self.stage_label = ttk.Label(frame, text="", wraplength=520)
        self.stage_label.grid(sticky="w")
        self.detail_label = ttk.Label(frame, text="", foreground="#555", wraplength=520)
        self.detail_label.grid(sticky="w")
        self.log = tk.Text(frame, height=8, width=72, state="disabled", font=("TkFixedFont", 8))
        self.log.grid(sticky="we", pady=(8, 8))
        buttons = ttk.Frame(frame)
        buttons.grid(sticky="e")
        self.install_button = ttk.Button(buttons, text="Install", command=self._start_setup)
        self.install_button.state(["disabled"])
        self.install_button.grid(row=0, column=1, padx=(8, 0))
        ttk.Button(buttons, text="Cancel", command=self._on_close).grid(row=0, column=0)

    def _on_chosen(self, choice: TorchChoice | BaseException) -> None:
        self.bar.stop()
        self.bar.configure(mode="determinate", value=0)
        if isinstance(choice, BaseException):
            self._fail(str(choice))
            return
        recommended = f"Recommended: the {choice.variant.upper()} build ({choice.reason})."
        self.choice_label.configure(text=recommended)
        self.variant.set(choice.variant)
        self.detected = choice
        for variant in hardware.variants_for(platform.system(), platform.machine()):
            ttk.Radiobutton(
                self.options, text=LABELS[variant], value=variant, variable=self.variant
            ).grid(sticky="w")
        self.install_button.state(["!disabled"])
        if self.auto:
            self._start_setup()

    def _start_setup(self) -> None:
        self.installing = True
        self.install_button.state(["disabled"])
        for child in self.options.winfo_children():
            child.state(["disabled"])  # type: ignore[attr-defined]
        variant = self.variant.get()

        def work() -> SetupState:
            setup = launcher.new_setup(self.info, self.runtime, _QueueReporter(self.inbox, self))
            setup.cancel = self.cancel
            same = self.detected is not None and self.detected.variant == variant
            return setup.run(self.detected if same else launcher.choose(variant))

        self._in_thread(work, self._on_finished)

    def _on_finished(self, outcome: SetupState | BaseException) -> None:
        self.installing = False
        if isinstance(outcome, SetupCancelled):
            self.root.destroy()
        elif isinstance(outcome, BaseException):
            self._fail(str(outcome))
            self.install_button.configure(text="Retry")
            self.install_button.state(["!disabled"])
        else:
            self.result = 0
            note = f"  Note: {outcome.warning}" if outcome.warning else ""
            self.detail_label.configure(text=f"Starting {self.info.name}…{note}")
            self.root.after(4000 if note else 1200, self.root.destroy)

    def show_progress(self, fraction: float, stage: str | None, detail: str) -> None:
        """Move the bar; a new stage title replaces the old one."""
        self.bar.configure(value=int(fraction * 1000))
        if stage is not None:
            self.stage_label.configure(text=stage, foreground="")
        self.detail_label.configure(text=detail)

    def add_log(self, line: str) -> None:
        """Append a tool output line, keeping the last LOG_LINES."""
        self.log.configure(state="normal")
        self.log.insert("end", line + "\n")
        self.log.delete("1.0", f"end-{LOG_LINES}l")
        self.log.see("end")
        self.log.configure(state="disabled")

    def _fail(self, message: str) -> None:
        self.stage_label.configure(text=message, foreground="#b00020")

    def _on_close(self) -> None:
        if not self.installing:
            self.root.destroy()
            return
        self.cancel.set()  # the running tool is killed; the worker then closes the window
        self.stage_label.configure(text="Cancelling…")

    def _in_thread(self, job: Callable[[], object], done: Callable[..., None]) -> None:
        def target() -> None:
            try:
                outcome: object = job()
            except Exception as exc:  # the worker boundary: show any failure, never hang
                outcome = exc
            self.inbox.put(lambda: done(outcome))

        threading.Thread(target=target, daemon=True).start()

    def _poll(self) -> None:
        while not self.inbox.empty():
            self.inbox.get_nowait()()
        self.root.after(POLL_MS, self._poll)
