"""The ``negotiation-sim`` command line: a thin click group composing one module per command family.

- :mod:`.scenario`: ``validate``, ``show``, ``list``, ``schema``
- :mod:`.solve`: ``solve``, ``compare``
- :mod:`.sweep`: ``sweep``, ``tornado``
- :mod:`.plots`: ``tree``, ``demo``
- :mod:`.uncertainty`: ``threshold``, ``uncertainty``
- :mod:`.report`: ``report``
- :mod:`.exchange`: ``export``, ``import``

Commands parse options, call the library and print what :mod:`negotiation_sim.report`
composes; they hold no maths and no formatting of their own.  Every command imports
what it needs inside its body, so ``negotiation-sim --help`` starts fast and never
imports numpy, matplotlib, scipy or nashpy.  Invalid input exits with status 2 and a
located message; tracebacks appear only with ``--debug`` (see :class:`._common.Group`).
"""

from __future__ import annotations

import click

from .. import __version__
from ._common import Group
from .exchange import export, import_
from .plots import demo, tree
from .report import report
from .scenario import list_, schema, show, validate
from .solve import compare, solve
from .sweep import sweep, tornado
from .uncertainty import threshold, uncertainty

__all__ = ["main"]


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="negotiation-sim")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--compiled",
    is_flag=True,
    help="Solve mid-sized float games with numba-compiled kernels (needs the `fast` extra; "
    "pays off on long sweeps, costs about 0.6 s to load).",
)
@click.pass_context
def main(ctx: click.Context, debug: bool, compiled: bool) -> None:
    """Game-theory simulator for negotiations.

    Scenario files (YAML) describe players, parameters and a game; the commands
    solve them, compare strategies and explore how results depend on parameters.
    Run `negotiation-sim list` to see the bundled scenarios.
    """
    ctx.obj = {"debug": debug}
    if compiled:
        from ..solvers.compiled import set_compiled

        try:
            set_compiled(True)
        except ImportError as exc:
            raise click.UsageError(str(exc)) from exc


for _command in (
    validate,
    show,
    list_,
    schema,
    solve,
    compare,
    sweep,
    tornado,
    threshold,
    uncertainty,
    tree,
    demo,
    report,
    export,
    import_,
):
    main.add_command(_command)
