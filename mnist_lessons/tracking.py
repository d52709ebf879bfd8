"""Weights & Biases tracking that needs no account and never hangs a cell::

    with start_run("perceptron", config={"epochs": 10}) as run:
        model.fit(..., callbacks=run.callbacks)

``WANDB_MODE`` (online, offline or disabled) decides when set; otherwise a run goes online only if
wandb finds credentials and the server accepts them within ``DECIDE_SECONDS``, else offline under
``./wandb`` (upload later with ``wandb sync``). wandb's own waits are bounded. Only wandb's public
API is used (``wandb.setup().settings``, ``wandb.login``, ``wandb.Api``, ``wandb.init``,
``wandb.Settings``), so the line printed cannot say where a key was found, nor tell a server error
from a server that does not answer. ``EpochLogger`` logs each epoch on every Keras backend.
"""

from __future__ import annotations

import functools
import math
import os
import threading
import time

PROJECT = "mnist-lessons"
MODES = ("online", "offline", "disabled")
ALIASES = {"dryrun": "offline", "run": "online"}  # older names wandb still accepts

DECIDE_SECONDS = 3.0  # the longest decide_mode waits for the server to accept the credentials
INIT_TIMEOUT_SECONDS = 3.0  # an online wandb.init taking longer is kept offline (unless WANDB_INIT_TIMEOUT)
FINISH_TIMEOUT_SECONDS = 5.0  # the longest finish waits for the upload (unless WANDB_FINISH_TIMEOUT)


_NOT_LOGGED_IN = "not logged in to W&B"


class TrackingSettingError(ValueError):
    """A W&B setting (``WANDB_MODE``, the ``mode=`` argument, wandb's settings) cannot work."""


def normalize_environment() -> str | None:
    """Tidy ``WANDB_MODE`` (case, spaces, empty, old names) and ``WANDB_API_KEY`` (spaces) before
    wandb reads them; return the mode asked for, or ``None``. TrackingSettingError for another mode."""
    key = os.environ.get("WANDB_API_KEY")
    if key is not None and key != key.strip():
        if key.strip():
            os.environ["WANDB_API_KEY"] = key.strip()
        else:
            del os.environ["WANDB_API_KEY"]
    raw = os.environ.get("WANDB_MODE")
    if raw is None:
        return None
    value = raw.strip().lower()
    if not value:
        del os.environ["WANDB_MODE"]
        return None
    mode = ALIASES.get(value, value)
    if mode not in MODES:
        raise TrackingSettingError(
            f"WANDB_MODE is {raw!r}, which is not a tracking mode.\n"
            f"  Expected: one of {', '.join(MODES)} (any case), or unset for the default "
            "(online when logged in and W&B answers, else offline).\n"
            "  To fix: in a notebook run `%env WANDB_MODE=offline` (or online, disabled), or "
            "`del os.environ['WANDB_MODE']` for the default; in a shell, `export WANDB_MODE=offline` "
            "or `unset WANDB_MODE`."
        )
    os.environ["WANDB_MODE"] = mode
    return mode


def decide_mode() -> tuple[str, str]:
    """``(mode, reason)`` for a run not given a mode: ``$WANDB_MODE``; else online when wandb finds
    credentials and the server accepts them within ``DECIDE_SECONDS``; else offline. Never prompts."""
    mode = normalize_environment()
    if mode is not None:
        return mode, f"WANDB_MODE={mode}"
    wandb = _wandb()
    base_url = _settings(wandb).base_url
    if not wandb.login(prompt=False, verify=False):  # finds a key where `wandb login` saves it; never asks
        return "offline", f"{_NOT_LOGGED_IN} (no WANDB_API_KEY, and no key saved by `wandb login` for {base_url})"
    return _verify(wandb, base_url)


class Run:
    """A started run (a context manager): ``callbacks`` for ``fit``, ``log()``, ``finish()``; ``mode``
    is what it got (online, offline, disabled) and ``reason`` why."""

    def __init__(self, wandb_run, mode: str, reason: str = "", name: str = ""):
        self.wandb_run = wandb_run
        self.mode = mode
        self.reason = reason
        self.name = name
        self.finished = False

    @property
    def callbacks(self) -> list:
        """Keras callbacks that log every epoch's metrics (none when tracking is disabled)."""
        if self.mode == "disabled":
            return []
        return [_epoch_logger_class()(self.wandb_run)]

    def log(self, metrics: dict) -> None:
        """Log extra values, for example ``{"test_accuracy": 0.97}``, to the run's summary."""
        for key, value in metrics.items():
            self.wandb_run.summary[key] = value

    def finish(self) -> None:
        """Close the run; online, wait for the upload at most ``FINISH_TIMEOUT_SECONDS`` (the rest stays
        on disk, and one line says how to upload it)."""
        if self.finished:
            return
        self.finished = True
        folder = _run_folder(self.wandb_run) if self.mode == "online" else ""
        try:
            self.wandb_run.finish()
        except TimeoutError:
            print(
                f"W&B did not confirm the upload of run '{self.name}' within {_finish_timeout():g} s; everything "
                f"it logged is kept in {folder}. Upload it later with: wandb sync {folder}",
                flush=True,
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.finish()


_current: Run | None = None


def start_run(name: str, config: dict | None = None, *, project: str = PROJECT, mode: str | None = None) -> Run:
    """Start a ``Run`` and print one line saying where it is logged, and why there.

    ``mode`` defaults to ``decide_mode()``. A run that cannot start online is kept offline, and one
    that cannot even do that is not tracked; training goes on. TrackingSettingError: a mode or
    another W&B setting (``WANDB_BASE_URL``, say) is not valid, named with its fix.
    """
    global _current
    if mode is not None:
        normalize_environment()
        value = str(mode).strip().lower()
        if ALIASES.get(value, value) not in MODES:
            raise TrackingSettingError(f"start_run: mode must be one of {MODES}; received {mode!r}.")
        mode, reason = ALIASES.get(value, value), f"mode={value!r}"
    if _current is not None:
        _current.finish()  # bounded, unlike the finish wandb.init would do itself
    if mode is None:
        mode, reason = decide_mode()
    wandb = _wandb()
    _settings(wandb)  # a bad WANDB_* setting gets an error that names it, in every mode
    wandb_run = None
    chosen = reason.startswith(("WANDB_MODE=", "mode="))  # by you, rather than decided here
    if mode == "online":
        if not wandb.login(prompt=False, verify=False):
            mode, chosen = "offline", False
            reason = f"{reason} asks for online tracking, but you are not logged in (run `wandb login` first)"
        else:
            try:
                wandb_run = wandb.init(project=project, name=name, config=config or {}, mode="online",
                                       reinit="finish_previous", settings=_bounded_settings(wandb))
            except Exception as exc:
                mode, chosen = "offline", False
                reason = f"W&B could not start the run online ({_first_line(exc)})"
    if wandb_run is None:
        try:
            wandb_run = wandb.init(project=project, name=name, config=config or {}, mode=mode,
                                   reinit="finish_previous")
        except Exception as exc:
            if mode == "disabled":
                raise
            mode, chosen = "disabled", False
            reason = f"W&B could not keep it offline either ({_first_line(exc)})"
            wandb_run = wandb.init(project=project, name=name, config=config or {}, mode="disabled",
                                   reinit="finish_previous")
    _current = Run(wandb_run, mode, reason, name)
    print(_where(_current, chosen), flush=True)
    return _current


def _where(run: Run, chosen: bool) -> str:
    """The one line ``start_run`` prints: where the run is logged, and why there."""
    if run.mode == "online":
        return f"Tracking run '{run.name}' online: {run.wandb_run.url}"
    if run.mode == "disabled":
        if chosen:
            return f"Tracking is off for run '{run.name}' ({run.reason})."
        return f"Tracking is off for run '{run.name}': {run.reason}."
    folder = _run_folder(run.wandb_run)
    if chosen:
        return f"Tracking run '{run.name}' offline in {folder} ({run.reason}; upload later with: wandb sync {folder})."
    if run.reason.startswith(_NOT_LOGGED_IN):
        return (f"Tracking run '{run.name}' offline in {folder} (no account needed; "
                f"upload later with: wandb sync {folder}).")
    return f"Tracking run '{run.name}' offline in {folder}: {run.reason}. Upload it later with: wandb sync {folder}"


def _run_folder(wandb_run) -> str:
    try:
        return os.path.relpath(os.path.dirname(wandb_run.dir))
    except (ValueError, TypeError):  # another drive (Windows), or no folder
        return str(os.path.dirname(wandb_run.dir))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _finish_timeout() -> float:
    try:
        return float(os.environ.get("WANDB_FINISH_TIMEOUT") or FINISH_TIMEOUT_SECONDS)
    except ValueError:
        return FINISH_TIMEOUT_SECONDS


def _bounded_settings(wandb):
    """wandb settings that bound its waits, unless you chose your own with its variables."""
    values = {"finish_timeout_raises": True}
    if not os.environ.get("WANDB_INIT_TIMEOUT"):
        values["init_timeout"] = INIT_TIMEOUT_SECONDS
    if not os.environ.get("WANDB_FINISH_TIMEOUT"):
        values["finish_timeout"] = FINISH_TIMEOUT_SECONDS
    return wandb.Settings(**values)


def _wandb():
    """wandb, imported quietly (``WANDB_SILENT``, unless you set it), after tidying its variables."""
    normalize_environment()
    os.environ.setdefault("WANDB_SILENT", "true")
    import wandb

    return wandb


def _settings(wandb):
    """wandb's settings as ``wandb.setup()`` loads them; a setting wandb refuses becomes a
    TrackingSettingError naming the variable or settings-file entry and its fix."""
    try:
        return wandb.setup().settings
    except Exception as exc:
        errors = exc.errors() if callable(getattr(exc, "errors", None)) else None
        if not errors:
            raise
        raise TrackingSettingError("\n".join(_setting_problem(error) for error in errors)) from None


_EXPECTED = {
    "base_url": "the address of a W&B server, like https://api.wandb.ai: http:// or https://, a host name, "
                "and a port from 1 to 65535 if any",
}


def _setting_problem(error: dict) -> str:
    """One wandb settings error, as ``expected / received / fix`` in terms of what you set."""
    field = str(error.get("loc", ("?",))[0])
    variable = f"WANDB_{field.upper()}"
    received = error.get("input")
    expected = _EXPECTED.get(field, f"a valid value for wandb's setting {field!r}")
    if variable in os.environ:
        return (f"{variable} is {os.environ[variable]!r}, which wandb cannot use: {error.get('msg', 'not valid')}.\n"
                f"  Expected: {expected}.\n"
                f"  To fix: correct it (in a notebook `%env {variable}=...`, in a shell `export {variable}=...`), or "
                f"remove it for wandb's default (`del os.environ['{variable}']` in a notebook, `unset {variable}` in "
                "a shell), then run the cell again.")
    return (f"wandb's setting {field!r} is {received!r}, which wandb cannot use: {error.get('msg', 'not valid')}.\n"
            f"  Expected: {expected}.\n"
            f"  To fix: correct or remove the line `{field} = ...` in wandb's settings file (~/.config/wandb/settings, "
            "or wandb/settings beside the notebook), then run the cell again.")


def _verify(wandb, base_url: str) -> tuple[str, str]:
    """``("online", why)`` if the server accepts the credentials (``wandb.Api`` checks them, in a thread
    so that a silent server costs ``DECIDE_SECONDS`` at most), else ``("offline", why)``."""
    answer: dict = {}

    def ask() -> None:
        try:
            wandb.Api(timeout=math.ceil(DECIDE_SECONDS))
            answer["ok"] = True
        except Exception as exc:  # AuthenticationError, or whatever a misbehaving server leads to
            answer["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(DECIDE_SECONDS)
    where = f"the W&B server {base_url}"
    if thread.is_alive():
        return "offline", f"{where} did not answer within {DECIDE_SECONDS:g} s"
    if "error" in answer:
        return "offline", (f"{where} did not confirm your API key ({_first_line(answer['error'])}); if the key is "
                           "wrong, log in again with `wandb login --relogin`")
    return "online", f"logged in, and {where} answered in {time.monotonic() - started:.1f} s"


def __getattr__(name: str):
    if name == "EpochLogger":  # defined on first use, so importing this module does not import Keras
        return _epoch_logger_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _epoch_logger_class():
    import keras

    class EpochLogger(keras.callbacks.Callback):
        """Logs each epoch's metrics and learning rate to ``wandb_run``, on any Keras backend, as
        ``epoch/<name>`` against ``epoch/epoch`` (``WandbMetricsLogger``'s names)."""

        def __init__(self, wandb_run):
            super().__init__()
            self.wandb_run = wandb_run
            wandb_run.define_metric("epoch/epoch")
            wandb_run.define_metric("epoch/*", step_metric="epoch/epoch")

        def on_epoch_end(self, epoch, logs=None):
            row = {}
            for key, value in (logs or {}).items():
                try:
                    row[f"epoch/{key}"] = float(value)
                except (TypeError, ValueError):
                    continue  # not a single number
            row["epoch/epoch"] = int(epoch)
            rate = self._learning_rate()
            if rate is not None:
                row["epoch/learning_rate"] = rate
            self.wandb_run.log(row)

        def _learning_rate(self) -> float | None:
            try:
                return float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
            except Exception:  # no optimizer, or a rate that is not a number
                return None

    EpochLogger.__module__, EpochLogger.__qualname__ = __name__, "EpochLogger"
    return EpochLogger
