"""Experiment tracking with Weights & Biases, as the course uses it: every training run logged,
so runs can be compared later. An account is optional and a cell never hangs:

- ``WANDB_MODE`` (``online``, ``offline`` or ``disabled``, in any case, spaces ignored; empty
  means unset) decides when it is set. Any other value is refused with a clear error.
- Otherwise the run goes **online** only if you are logged in (``WANDB_API_KEY``, or the key
  ``wandb login`` saved in your ``.netrc``) *and* the W&B server your wandb settings name
  answers a real request with your key within 3 seconds in all; else it is kept **offline**
  under ``./wandb`` (upload it later with ``wandb sync``), with one line saying why.
- Online, wandb's own waits are bounded: starting the run gives up after ``INIT_TIMEOUT_SECONDS``
  (the run is then kept offline instead) and finishing it after ``FINISH_TIMEOUT_SECONDS``
  (whatever was not uploaded stays on disk, for ``wandb sync``).

Usage::

    with start_run("perceptron", config={"epochs": 10}) as run:
        model.fit(..., callbacks=run.callbacks)

``run.callbacks`` holds ``EpochLogger``, a small Keras callback that logs every epoch's metrics;
it works on every Keras backend (wandb's own Keras integration imports TensorFlow).
"""

from __future__ import annotations

import base64
import functools
import json
import os
import ssl
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

PROJECT = "mnist-lessons"
MODES = ("online", "offline", "disabled")
ALIASES = {"dryrun": "offline", "run": "online"}
"""Older names wandb still accepts for two of the modes."""

DECIDE_SECONDS = 3.0
"""The most time ``default_mode`` takes to decide whether online tracking works."""

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


def default_mode() -> str:
    """The mode a run gets: ``$WANDB_MODE`` if set, else ``online`` when logged in and the
    server answers, else ``offline``. Never prompts, never takes more than 3 s."""
    return decide_mode()[0]


def decide_mode() -> tuple[str, str]:
    """``(mode, reason)``: the mode ``default_mode`` returns, and one phrase saying why.

    Takes at most ``DECIDE_SECONDS``: when logged in, it sends the W&B server that wandb's
    settings name (``WANDB_BASE_URL``, or the host ``wandb login --host`` saved, or wandb's
    default) a real GraphQL request with your key, and goes online only on a W&B answer.
    """
    started = time.monotonic()
    mode = normalize_environment()
    if mode is not None:
        return mode, f"WANDB_MODE={mode}"
    base_url = _settings().base_url
    key, source = find_api_key(base_url)
    if key is None:
        return "offline", f"{_NOT_LOGGED_IN} ({source})"
    return _probe(base_url, key, source, DECIDE_SECONDS - (time.monotonic() - started))


def find_api_key(base_url: str | None = None) -> tuple[str | None, str]:
    """The W&B API key wandb would use for ``base_url`` (default: the server wandb's settings
    name), and where it was found.

    Looks where wandb looks: ``WANDB_API_KEY``; a key given to ``wandb.login()`` in this process;
    the ``.netrc`` entry ``wandb login`` writes (``$NETRC``, else ``~/.netrc``), for the host
    wandb writes it for; the ``api_key`` of wandb's settings files.

    Returns:
        ``(key, source)``, or ``(None, what was checked)`` when there is no key.
    """
    normalize_environment()
    if base_url is None:
        base_url = _settings().base_url
    if os.environ.get("WANDB_API_KEY"):
        return os.environ["WANDB_API_KEY"], "WANDB_API_KEY"
    from wandb.sdk.lib import wbauth  # wandb's own reader: the host it writes .netrc entries for

    try:
        host = wbauth.HostUrl(base_url)
    except ValueError as exc:
        return None, f"the server address {base_url!r} is not valid: {exc}"
    session = wbauth.session_credentials(host=host)
    if session is not None and getattr(session, "api_key", None):
        return session.api_key, "wandb.login() in this session"
    try:
        found = wbauth.wbnetrc.read_netrc_auth_with_source(host=host)
    except Exception as exc:  # an entry that is not a valid key
        return None, f"the .netrc entry for {urlsplit(base_url).netloc} is not a valid W&B key: {exc}"
    if found is not None:
        return found.auth.api_key, found.source
    settings = _settings()
    if settings.api_key and host.is_same_url(settings.base_url):
        return settings.api_key.strip(), "wandb's settings file"
    netrc = os.environ.get("NETRC") or "~/.netrc"
    return None, f"no WANDB_API_KEY, and no key for {urlsplit(base_url).netloc} in {netrc}"


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
        mode: ``online``, ``offline`` or ``disabled``; default ``default_mode()``.

    Returns:
        A ``Run``; pass ``run.callbacks`` to ``model.fit``. If online tracking fails to start,
        the run is kept offline instead (``run.mode`` says which it got); if even that fails,
        tracking is off for this run and training goes on.

    Raises:
        TrackingSettingError: ``mode`` or ``WANDB_MODE`` is not a valid mode.
    """
    global _current
    if mode is not None:
        normalize_environment()
        value = str(mode).strip().lower()
        if ALIASES.get(value, value) not in MODES:
            raise TrackingSettingError(f"start_run: mode must be one of {MODES}; received {mode!r}.")
        mode, reason = ALIASES.get(value, value), f"mode={value!r}"
    else:
        mode, reason = decide_mode()
    os.environ.setdefault("WANDB_SILENT", "true")
    import wandb

    if _current is not None:
        _current.finish()  # bounded, unlike the finish wandb.init would do itself
    wandb_run = None
    chosen = reason.startswith(("WANDB_MODE=", "mode="))  # by you, rather than decided here
    if mode == "online":
        if find_api_key()[0] is None:
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


def _settings():
    """wandb's settings for this process (environment variables and settings files), read the
    way ``wandb.init`` reads them: the same object, loaded once per process."""
    normalize_environment()
    os.environ.setdefault("WANDB_SILENT", "true")
    from wandb.sdk import wandb_setup

    try:
        return wandb_setup.singleton().settings
    except Exception as exc:  # pydantic's ValidationError for a bad WANDB_* variable
        raise TrackingSettingError(
            f"wandb cannot read its settings: {_first_line(exc)}\n"
            "  To fix: correct or unset the WANDB_* environment variable it names, or the setting in "
            "~/.config/wandb/settings."
        ) from None


def _probe(base_url: str, key: str, source: str, budget: float) -> tuple[str, str]:
    """Ask the W&B server who owns ``key`` (the GraphQL ``viewer`` query wandb itself uses);
    ``("online", why)`` on a W&B answer within ``budget`` seconds, else ``("offline", why)``."""
    url = base_url.rstrip("/") + "/graphql"
    request = urllib.request.Request(
        url,
        data=json.dumps({"query": "query Viewer { viewer { id } }"}).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"api:{key}".encode()).decode(),
            "User-Agent": "mnist-lessons (is W&B reachable?)",
        },
    )
    budget = max(budget, 0.5)
    context = None
    if _settings().insecure_disable_ssl:  # wandb was told to skip certificate checks: so do we
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    answer: dict = {}

    def ask() -> None:
        try:
            with urllib.request.urlopen(request, timeout=budget, context=context) as response:
                answer["status"], answer["body"] = response.status, response.read(1 << 16)
        except urllib.error.HTTPError as exc:
            answer["status"], answer["body"] = exc.code, b""
        except Exception as exc:
            answer["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=ask, daemon=True)  # bounds DNS too, which ignores timeouts
    thread.start()
    thread.join(budget)
    took = time.monotonic() - started
    where = f"the W&B server {base_url}"
    error = answer.get("error")
    if thread.is_alive() or isinstance(getattr(error, "reason", error), TimeoutError):
        return "offline", f"{where} did not answer within {DECIDE_SECONDS:g} s"
    if error is not None:
        reason = getattr(error, "reason", error)
        return "offline", f"could not reach {where} ({reason})"
    status = answer["status"]
    if status in (401, 403):
        return "offline", (f"{where} refused your API key from {source} (HTTP {status}); "
                           "log in again with `wandb login --relogin`")
    if status >= 500:
        return "offline", f"{where} answered HTTP {status} (a server error or an outage)"
    if status != 200:
        return "offline", f"{where} answered HTTP {status}, not a W&B answer (a proxy or captive portal?)"
    try:
        data = json.loads(answer["body"])["data"]
    except (ValueError, KeyError, TypeError):
        return "offline", f"{where} answered, but not like a W&B server (a captive portal or a proxy?)"
    if not isinstance(data, dict) or not data.get("viewer"):
        return "offline", (f"{where} does not know your API key from {source}; "
                           "log in again with `wandb login --relogin`")
    return "online", f"logged in ({source}), and {where} answered in {took:.1f} s"


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
