"""Run independent chunks of work here or on a Dask cluster, results in submission order.

The Monte Carlo and sweep paths split their work into chunks that depend only on their
arguments (chunk-wise seeding), so who evaluates a chunk cannot change its result, and
the caller reduces the results in chunk order, so the reduction is the same too.  Dask
(``dask.distributed``, the optional extra ``dask``) is imported only when a cluster is
asked for.  With the compiled kernels switched on here
(:func:`~negotiation_sim.solvers.compiled.set_compiled`), each chunk switches them on in
the worker process that runs it (where they then stay on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from ..errors import NegotiationSimError
from ..solvers.compiled import compiled_enabled, set_compiled

__all__ = ["Progress", "run_chunks"]

T = TypeVar("T")

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each finished chunk."""


def run_chunks(
    function: Callable[..., T],
    arguments: Sequence[tuple[Any, ...]],
    *,
    workers: int | None = None,
    scheduler: object = None,
    progress: Progress | None = None,
) -> list[T]:
    """Call ``function(*args)`` for each entry of ``arguments``; return the results in order.

    Parameters
    ----------
    function : callable
        A module-level function (it is pickled to reach Dask workers).
    arguments : sequence of tuple
        One tuple of positional arguments per chunk.
    workers : int, optional
        Run on a new local Dask cluster with this many single-threaded worker processes
        (closed again at the end).
    scheduler : str or distributed.Client, optional
        Run on an existing Dask cluster: a scheduler address such as
        ``"tcp://10.0.0.5:8786"``, or a connected ``Client``.  Without ``workers`` and
        ``scheduler`` the chunks run here, one after the other.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.

    Returns
    -------
    list
        ``[function(*args) for args in arguments]``, whoever computed them.

    Raises
    ------
    NegotiationSimError
        If both ``workers`` and ``scheduler`` are given, ``workers`` is not positive, Dask
        is not installed, or the scheduler cannot be reached.

    Examples
    --------
    >>> run_chunks(pow, [(2, 3), (3, 2)])
    [8, 9]
    """
    if workers is not None and scheduler is not None:
        raise NegotiationSimError("give either workers (a local Dask cluster) or scheduler (an existing one), not both")
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise NegotiationSimError(f"workers must be a positive number of Dask workers, found {workers!r}")
    total = len(arguments)
    if workers is None and scheduler is None:
        results = []
        for done, args in enumerate(arguments, start=1):
            results.append(function(*args))
            if progress is not None:
                progress(done, total)
        return results
    return _run_on_dask(function, arguments, workers=workers, scheduler=scheduler, progress=progress)


def _run_on_dask(
    function: Callable[..., T],
    arguments: Sequence[tuple[Any, ...]],
    *,
    workers: int | None,
    scheduler: object,
    progress: Progress | None,
) -> list[T]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - depends on the installation
        raise NegotiationSimError(
            "running on Dask needs dask.distributed: pip install 'negotiation-sim[dask]'"
        ) from None
    cluster = None
    own_client = True
    if workers is not None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0")
        client = Client(cluster)
    elif isinstance(scheduler, Client):
        client, own_client = scheduler, False
    else:
        try:
            client = Client(str(scheduler), timeout="10s")
        except OSError as error:
            raise NegotiationSimError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    if compiled_enabled():
        function = partial(_compiled_call, function)
    try:
        futures = [client.submit(function, *args, pure=False) for args in arguments]
        position = {future.key: k for k, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), start=1):
            results[position[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        return results
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


def _compiled_call(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` with the compiled kernels switched on in this (worker) process.

    They stay on afterwards: restoring the previous setting would switch them off under a
    chunk still running in another thread of the same worker.  Either way the results are
    the same up to rounding; only the speed differs.
    """
    try:
        set_compiled(True)
    except ImportError as error:
        raise NegotiationSimError(f"a Dask worker cannot run the compiled kernels: {error}") from None
    return function(*args)
