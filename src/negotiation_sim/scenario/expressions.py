"""Safe, vectorised payoff expressions.

An expression is parsed with :func:`ast.parse` and checked against a whitelist of
node types; it is then compiled into a tree of small Python closures over numpy
operations.  Nothing is ever passed to :func:`eval` or :func:`exec`, so a scenario
file cannot run code.  Because every operation is a numpy ufunc, one evaluation
with array-valued parameters computes the expression over a whole parameter grid.

Grammar: numbers, names, ``+ - * / **``, unary ``-``/``+``, parentheses,
comparisons (``< <= > >= == !=``, chainable; they give 1.0 or 0.0) and the
functions ``min max abs exp log sqrt clip where``.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..limits import Limits, current_limits
from .yaml_document import describe_value, digit_count

__all__ = [
    "FUNCTIONS",
    "Expression",
    "ExpressionError",
    "parse_expression",
    "suggest",
]


Value = float | np.ndarray
Env = Mapping[str, Value]
Kernel = Callable[[Env], Value]


def _min(*args: Value) -> Value:
    out = args[0]
    for arg in args[1:]:
        out = np.minimum(out, arg)
    return out


def _max(*args: Value) -> Value:
    out = args[0]
    for arg in args[1:]:
        out = np.maximum(out, arg)
    return out


def _clip(x: Value, low: Value, high: Value) -> Value:
    # + 0.0 turns a zero into +0.0: numpy's clip keeps -0.0 on arrays but not on scalars
    # (clip(0, -0.0, 1)), and a grid must give what each of its points gives alone.
    return np.clip(x, low, high) + 0.0


def _where(condition: Value, if_true: Value, if_false: Value) -> Value:
    return np.where(np.asarray(condition) != 0, if_true, if_false)


# name -> (function, minimum arity, maximum arity or None for "any")
FUNCTIONS: dict[str, tuple[Callable[..., Value], int, int | None]] = {
    "min": (_min, 2, None),
    "max": (_max, 2, None),
    "abs": (np.abs, 1, 1),
    "exp": (np.exp, 1, 1),
    "log": (np.log, 1, 1),
    "sqrt": (np.sqrt, 1, 1),
    "clip": (_clip, 3, 3),
    "where": (_where, 3, 3),
}

_BINARY: dict[type[ast.operator], Callable[[Value, Value], Value]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_CHAINED = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE: dict[type[ast.cmpop], Callable[[Value, Value], Value]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


class ExpressionError(ValueError):
    """An expression is not valid; ``offset`` is its 0-based character position."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


def suggest(name: str, known: Iterable[object]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the nearest known name, or ``""``.

    Parameters
    ----------
    name : str
        The unknown name.
    known : iterable of str
        The valid names.

    Returns
    -------
    str
        A suffix for an error message.

    Examples
    --------
    >>> suggest("china_thret", ["china_threat", "trust_gain"])
    " (did you mean 'china_threat'?)"
    >>> suggest("zzz", ["china_threat"])
    ''
    """
    import difflib  # only when an error message needs a suggestion

    matches = difflib.get_close_matches(name, [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


@dataclass(frozen=True, slots=True, eq=False)
class Expression:
    """A parsed, checked expression.

    Attributes
    ----------
    source : str
        The text as written in the scenario.
    names : frozenset of str
        Every parameter or derived name the expression uses.
    """

    source: str
    names: frozenset[str]
    _kernel: Kernel = field(repr=False)
    constant: float | None = None

    def __call__(self, env: Env) -> Value:
        """Evaluate with ``env`` mapping names to floats or broadcastable arrays."""
        with np.errstate(all="ignore"):
            return self._kernel(env)

    def renamed(self, mapping: Mapping[str, str]) -> Expression:
        """Return the same expression reading each name ``n`` as ``mapping.get(n, n)``.

        Parameters
        ----------
        mapping : mapping of str to str
            Old name -> new name; names not in it are kept.

        Returns
        -------
        Expression
            With the same source text, reading the new names (``self`` when no name changes).

        Examples
        --------
        >>> expression = parse_expression("a * b + 1", {"a", "b"}).renamed({"a": "tf.a"})
        >>> sorted(expression.names)
        ['b', 'tf.a']
        >>> float(expression({"tf.a": 2.0, "b": 3.0}))
        7.0
        """
        if not self.names & mapping.keys():
            return self
        inner = self._kernel

        def kernel(env: Env) -> Value:
            return inner(_RenamedEnv(env, mapping))

        return Expression(self.source, frozenset(mapping.get(n, n) for n in self.names), kernel)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


class _RenamedEnv(Mapping[str, Value]):
    __slots__ = ("_env", "_mapping")

    def __init__(self, env: Env, mapping: Mapping[str, str]) -> None:
        self._env = env
        self._mapping = mapping

    def __getitem__(self, key: str) -> Value:
        return self._env[self._mapping.get(key, key)]

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - not used by kernels
        return iter(self._env)

    def __len__(self) -> int:  # pragma: no cover - not used by kernels
        return len(self._env)


def parse_expression(
    source: object, known_names: Iterable[str] | None = None, *, limits: Limits | None = None
) -> Expression:
    """Parse and check one payoff expression.

    Parameters
    ----------
    source : str, int or float
        The expression text, or a plain number.
    known_names : collection of str, optional
        When given, any other name is an error that suggests the nearest known one.
    limits : Limits, optional
        The limits in force (read once per file by the loader); by default :func:`current_limits`.

    Returns
    -------
    Expression
        A callable taking a mapping of names to values.

    Raises
    ------
    ExpressionError
        On a syntax error, a construct outside the grammar, an unknown name, or an
        expression beyond :data:`MAX_EXPRESSION_LENGTH` / :data:`MAX_EXPRESSION_DEPTH`.

    Examples
    --------
    >>> e = parse_expression("max(a, 2) * b - 1", {"a", "b"})
    >>> float(e({"a": 3.0, "b": 2.0}))
    5.0
    >>> import numpy as np
    >>> e({"a": np.array([1.0, 3.0]), "b": 1.0}).tolist()
    [1.0, 2.0]
    """
    if isinstance(source, bool) or not isinstance(source, (str, int, float)):
        raise ExpressionError(f"expected a number or an expression string, found {describe_value(source)}")
    if not isinstance(source, str):
        value = _to_float(source)
        return Expression(str(source), frozenset(), lambda env: value, constant=value)
    text = source.strip()
    if not text:
        raise ExpressionError("expected an expression, found an empty string")
    limits = limits or current_limits()
    if len(text) > limits.max_expression_length:
        raise ExpressionError(
            f"expression is {len(text)} characters long; the limit is {limits.max_expression_length} "
            "(raise it with the environment variable NEGOTIATION_SIM_MAX_EXPRESSION_LENGTH)"
        )
    _check_bracket_depth(text, limits.max_expression_depth)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset - 1) if exc.offset else None
        raise ExpressionError(f"invalid expression syntax: {exc.msg}", offset) from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise ExpressionError(f"invalid expression: {exc}") from None
    names: set[str] = set()
    try:
        kernel = _compile(tree.body, names, 1, limits.max_expression_depth, text)
    except RecursionError:  # a last guard; the depth limit normally stops first
        raise ExpressionError(
            f"expression is nested too deeply (limit {limits.max_expression_depth}; "
            "raise it with NEGOTIATION_SIM_MAX_EXPRESSION_DEPTH)"
        ) from None
    if known_names is not None:
        # No copy of a set the caller already has: the loader passes one set for a whole file.
        known = known_names if isinstance(known_names, (set, frozenset)) else set(known_names)
        for name in sorted(names - known):
            raise ExpressionError(f"unknown name '{name}'{suggest(name, known)}", _offset_of_name(tree, name))
    constant = None
    if not names:
        with np.errstate(all="ignore"):
            constant = float(kernel({}))
    return Expression(text, frozenset(names), kernel, constant)


def _to_float(value: float) -> float:
    try:
        number = float(value)
    except OverflowError:
        raise ExpressionError(f"number with {digit_count(int(value))} digits is too large for a float") from None
    if not math.isfinite(number):
        raise ExpressionError(f"number {value} is not finite")
    return number


def _check_bracket_depth(text: str, limit: int) -> None:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > limit:
        raise ExpressionError(
            f"expression nests brackets {deepest} deep; the limit is {limit} "
            "(raise it with NEGOTIATION_SIM_MAX_EXPRESSION_DEPTH)"
        )


def _snippet(node: ast.AST) -> str:
    """The first 40 characters of a node's source; ``ast.unparse`` recurses, so guard it."""
    try:
        return ast.unparse(node)[:40]
    except RecursionError:  # e.g. `not not not ... 1`: hundreds of nested nodes, no brackets
        return type(node).__name__


def _rewrite_hint(node: ast.AST) -> str:
    """What to write instead of a conditional, ``and``, ``or`` or ``not`` (conditions are 1 or 0 here)."""
    if isinstance(node, ast.IfExp):
        parts = ", ".join(_snippet(n) for n in (node.test, node.body, node.orelse))
        return f"conditional expressions (a if b else c) are not allowed; use where(b, a, c): where({parts})"
    if isinstance(node, ast.BoolOp):
        word, func = ("and", "min") if isinstance(node.op, ast.And) else ("or", "max")
        parts = ", ".join(_snippet(v) for v in node.values)
        product = " * ".join(f"({_snippet(v)})" for v in node.values)
        alternative = f", or {product}" if word == "and" else ""
        return f"'{word}' is not allowed; comparisons give 1 or 0, so write {func}({parts}){alternative}"
    operand = _snippet(node.operand) if isinstance(node, ast.UnaryOp) else "x"
    return f"'not' is not allowed; comparisons give 1 or 0, so write 1 - ({operand}), or ({operand}) == 0"


def _offset_of_name(tree: ast.AST, name: str) -> int | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name:
            return node.col_offset
    return None


def _compile(node: ast.AST, names: set[str], depth: int, limit: int, text: str) -> Kernel:
    if depth > limit:
        raise ExpressionError(
            f"expression is nested more than {limit} levels deep "
            "(raise the limit with NEGOTIATION_SIM_MAX_EXPRESSION_DEPTH)",
            getattr(node, "col_offset", None),
        )
    where = getattr(node, "col_offset", None)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"expected a number, found {node.value!r}", where)
        try:
            value = _to_float(node.value)
        except ExpressionError as exc:
            raise ExpressionError(str(exc), where) from None
        return lambda env: value
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise ExpressionError(f"'{node.id}' is a function; call it as {node.id}(...)", where)
        names.add(node.id)
        key = node.id
        return lambda env: env[key]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _compile(node.operand, names, depth + 1, limit, text)
        if isinstance(node.op, ast.USub):
            return lambda env: np.negative(operand(env))
        return operand
    if isinstance(node, ast.BinOp) and type(node.op) in _CHAINED:
        # A flat chain such as a + b - c + ... is one level deep, however long: walk the
        # left spine iteratively and fold the terms in a loop (no deep recursion).
        family = _CHAINED[type(node.op)]
        terms: list[tuple[Callable[[Value, Value], Value], ast.AST]] = []
        spine: ast.AST = node
        while isinstance(spine, ast.BinOp) and _CHAINED.get(type(spine.op)) == family:
            terms.append((_BINARY[type(spine.op)], spine.right))
            spine = spine.left
        first = _compile(spine, names, depth + 1, limit, text)
        rest = [(func, _compile(term, names, depth + 1, limit, text)) for func, term in reversed(terms)]

        def chain(env: Env) -> Value:
            total = first(env)
            for func, term in rest:
                total = func(total, term(env))
            return total

        return chain
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        func = _BINARY[type(node.op)]
        left = _compile(node.left, names, depth + 1, limit, text)
        right = _compile(node.right, names, depth + 1, limit, text)
        if func is np.power:
            # Floats only: a huge exponent gives inf at once instead of a huge integer.
            return lambda env: np.power(np.asarray(left(env), dtype=float), right(env))
        return lambda env: func(left(env), right(env))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
        # `x^2` is a power in most calculators and spreadsheets; point at the `^` itself.
        caret = text.find("^")  # expressions have no strings, so every '^' is this operator
        if caret < 0:  # pragma: no cover - the parser saw one
            raise ExpressionError("'^' is not a power here; use ** for powers", where)
        rewritten = text.replace("^", "**")
        shown = repr(rewritten) if len(rewritten) <= 60 else "x ** 2"
        raise ExpressionError(f"'^' is not a power here; use ** for powers: write {shown}", caret)
    if isinstance(node, ast.BinOp):
        raise ExpressionError(f"operator '{type(node.op).__name__}' is not allowed; use + - * / **", where)
    if isinstance(node, (ast.IfExp, ast.BoolOp)) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
        raise ExpressionError(_rewrite_hint(node), where)
    if isinstance(node, ast.Compare):
        parts = [_compile(node.left, names, depth + 1, limit, text)]
        parts += [_compile(c, names, depth + 1, limit, text) for c in node.comparators]
        ops = []
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise ExpressionError(f"comparison '{type(op).__name__}' is not allowed", where)
            ops.append(_COMPARE[type(op)])

        def compare(env: Env) -> Value:
            values = [p(env) for p in parts]
            result = np.asarray(True)
            for op, a, b in zip(ops, values, values[1:], strict=False):
                result = np.logical_and(result, op(a, b))
            return result.astype(float)

        return compare
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else None
            hint = suggest(name, FUNCTIONS) if name else ""
            raise ExpressionError(
                f"unknown function {name or 'call'!r}{hint}; allowed: {', '.join(FUNCTIONS)}",
                where,
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(f"{node.func.id}() takes positional arguments only", where)
        func, low, high = FUNCTIONS[node.func.id]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            expected = str(low) if low == high else f"at least {low}"
            raise ExpressionError(f"{node.func.id}() takes {expected} argument(s), found {count}", where)
        args = [_compile(a, names, depth + 1, limit, text) for a in node.args]
        return lambda env: func(*(a(env) for a in args))
    allowed = "numbers, names, + - * / **, comparisons and " + ", ".join(FUNCTIONS)
    raise ExpressionError(
        f"'{_snippet(node)}' ({type(node).__name__}) is not allowed in an expression; allowed: {allowed}",
        where,
    )
