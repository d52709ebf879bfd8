"""Experiment tracking with Weights & Biases, as the course uses it: every training run logged,
so runs can be compared later. An account is optional and a cell never hangs:

- ``WANDB_MODE`` (``online``, ``offline`` or ``disabled``, in any case, spaces ignored; empty
  means unset) decides when it is set. Any other value is refused with a clear error.
- Otherwise the run goes **online** only if wandb finds your credentials (``WANDB_API_KEY``, or
  the key ``wandb login`` saved) *and* the W&B server your wandb settings name accepts them
  within 3 seconds; else it is kept **offline** under ``./wandb`` (upload it later with
  ``wandb sync``), with one line saying why.
- Online, wandb's own waits are bounded: starting the run gives up after ``INIT_TIMEOUT_SECONDS``
  (the run is then kept offline instead) and finishing it after ``FINISH_TIMEOUT_SECONDS``
  (whatever was not uploaded stays on disk, for ``wandb sync``).

Only wandb's public API is used: ``wandb.setup().settings``, ``wandb.login(prompt=False,
verify=False)`` (are there credentials?), ``wandb.Api`` (does the server accept them?),
``wandb.init`` and ``wandb.Settings``. So the line cannot say where your key was found, nor tell
a server error from a server that does not answer: wandb does not say.

Usage::

    with start_run("perceptron", config={"epochs": 10}) as run:
        model.fit(..., callbacks=run.callbacks)

``run.callbacks`` holds ``EpochLogger``, a small Keras callback that logs every epoch's metrics;
it works on every Keras backend (wandb's own Keras integration imports TensorFlow).
"""

from __future__ import annotations

import functools
import math
import os
import threading
import time

PROJECT = "mnist-lessons"
MODES = ("online", "offline", "disabled")
ALIASES = {"dryrun": "offline", "run": "online"}
"""Older names wandb still accepts for two of the modes."""

DECIDE_SECONDS = 3.0
"""The longest ``decide_mode`` waits for the W&B server to accept your credentials."""

INIT_TIMEOUT_SECONDS = 3.0
"""How long an online ``wandb.init`` may take before the run is kept offline instead
(unless you set ``WANDB_INIT_TIMEOUT``)."""

FINISH_TIMEOUT_SECONDS = 5.0
"""How long finishing an online run may wait for its upload; the rest stays on disk for
``wandb sync`` (unless you set ``WANDB_FINISH_TIMEOUT``)."""


_NOT_LOGGED_IN = "not logged in to W&B"


class TrackingSettingError(ValueError):
    """A W&B setting (``WANDB_MODE``, the ``mode=`` argument, wandb's settings) cannot work."""


def normalize_environment() -> str | None:
    """Tidy W&B's environment variables before wandb reads them, so that a value a person would
    accept does not crash wandb's own settings validation.

    ``WANDB_MODE``: case and surrounding spaces are dropped, an empty value is removed (unset),
    wandb's old names ``dryrun`` and ``run`` become ``offline`` and ``online``. ``WANDB_API_KEY``:
    surrounding whitespace (a pasted newline, say) is removed.

    Returns:
        The mode ``WANDB_MODE`` asks for, or ``None`` when it is unset.

    Raises:
        TrackingSettingError: ``WANDB_MODE`` holds something else (the message names the valid values).
    """
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
    """``(mode, reason)``: the mode a run gets when you do not pass one, and one phrase saying why.

    ``$WANDB_MODE`` if set; else ``online`` when wandb finds your credentials (``wandb.login``
    without a prompt) and the W&B server your wandb settings name accepts them within
    ``DECIDE_SECONDS`` (``wandb.Api`` verifies them with the server); else ``offline``. Never
    prompts, never waits longer than that on the network.

    Raises:
        TrackingSettingError: ``WANDB_MODE`` or another W&B setting is not valid.
    """
    mode = normalize_environment()
    if mode is not None:
        return mode, f"WANDB_MODE={mode}"
    wandb = _wandb()
    base_url = _settings(wandb).base_url
    if not wandb.login(prompt=False, verify=False):  # finds a key where `wandb login` saves it; never asks
        return "offline", f"{_NOT_LOGGED_IN} (no WANDB_API_KEY, and no key saved by `wandb login` for {base_url})"
    return _verify(wandb, base_url)


class Run:
    """A started tracking run: ``callbacks`` for ``fit``, ``log()`` for extra values, ``finish()``.

    Also a context manager that finishes the run on leaving the ``with`` block.

    Attributes:
        wandb_run: the ``wandb`` run object.
        mode: ``"online"``, ``"offline"`` or ``"disabled"``: what the run actually got.
        reason: why it got that mode.
    """

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
        """Close the run (flushes it to disk offline). Online, waits at most
        ``FINISH_TIMEOUT_SECONDS`` for the upload; anything not uploaded stays on disk, and one
        line says how to upload it later."""
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
    """Start a tracked run and print one line saying where it is logged, and why there.

    Args:
        name: the run's name, e.g. ``"perceptron-raw-pixels"``.
        config: the settings to record (epochs, batch size, learning rate, ...).
        project: the W&B project.
        mode: ``online``, ``offline`` or ``disabled``; default: ``decide_mode()`` decides.

    Returns:
        A ``Run``; pass ``run.callbacks`` to ``model.fit``. If online tracking fails to start,
        the run is kept offline instead (``run.mode`` says which it got); if even that fails,
        tracking is off for this run and training goes on.

    Raises:
        TrackingSettingError: ``mode`` or ``WANDB_MODE`` is not a valid mode, or another W&B setting
            (``WANDB_BASE_URL``, say) is not valid: the message names it and says how to fix it.
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
    """wandb's settings for this process (environment variables and settings files), as
    ``wandb.setup()`` loads them for ``wandb.init``.

    Raises:
        TrackingSettingError: wandb refuses a setting (pydantic's ``ValidationError``); the message
            names the variable or settings-file entry, what it holds, and how to fix it.
    """
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
    """``("online", why)`` if the W&B server accepts the credentials wandb found within
    ``DECIDE_SECONDS``, else ``("offline", why)``. ``wandb.Api`` checks them with the server when
    it is created; it runs in a thread of its own, so a server that never answers (or a DNS lookup
    that hangs) costs ``DECIDE_SECONDS`` and no more."""
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
        """A Keras callback that logs each epoch's metrics to a W&B run, on any Keras backend.

        At the end of every epoch it logs the ``logs`` dict Keras passes (``loss``, ``accuracy``,
        ``val_loss``, ...) plus the optimizer's learning rate, as ``epoch/<name>``, against
        ``epoch/epoch`` (counted from 0): the names wandb's ``WandbMetricsLogger`` uses, so
        charts of older runs still line up.

        Args:
            wandb_run: the run to log to (``run.wandb_run`` of a ``start_run`` run).
        """

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
