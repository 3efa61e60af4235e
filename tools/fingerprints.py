"""Fingerprints: an output is rendered again exactly when something it was rendered from changed.

An output's fingerprint digests its template and every template that one extends, includes or
imports (found in Jinja's syntax tree), the settings, the theme's catalogs, and every value the
template read the last time it rendered that output:

- While a template renders, its Jinja environment records what it reads (`Recorder`): each
  name it looks up among the values it was given, and from there each attribute, item, slice,
  loop element and method result it takes, as a tree of read paths. A value the template hands
  to Python (a filter, a test, a function, a comparison, arithmetic, printing, unpacking) is
  read whole; so is every value Python code called by the template looks up in the context.
- To check an output, the same paths are followed from the values the generator passes now:
  a value read whole gives a canonical digest of its contents (`Digests.whole`), a value read
  in part its type, truth or length and the digests of the parts read (`Digests.at`).
  The same paths to the same values: the template would read the same and write the same.
- A data file made by a Python function (`write_text`) is checked by a digest of what the
  function holds: its code, its defaults, and its closure (of a value the code only takes
  attributes from, those attributes).

Digests are remembered for one update, and across updates for values that are not changed in
place: dataclass instances (the register's model and views) and Pelican's content and URL
objects. An article or page that a quick update replaces in place forgets every digest that
included it (`forget`). An output whose inputs cannot be digested (an iterator) is always
rendered.
"""

from __future__ import annotations

import dis
import functools
import hashlib
import sys
import types
from collections import Counter
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date, time, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from weakref import WeakValueDictionary

from jinja2 import BytecodeCache, Environment, TemplateNotFound, meta, nodes
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS
from jinja2.runtime import BlockReference, Context, Macro, Undefined, missing
from jinja2.visitor import NodeTransformer
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page as ListPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

READING: ContextVar[Recorder | None] = ContextVar("READING", default=None)
PLAIN = Environment()  # Jinja's own attribute and item rules, to follow a path again
KEYS = (str, int, float, bool, type(None))  # keys, indexes and arguments a path can hold


class Undigestable(Exception):
    """A value with no stable digest (an iterator, a generator): its output always renders."""


class Raised:
    """What following a path gave when it raised (the render raises there too)."""

    def __init__(self, error: Exception) -> None:
        self.name = type(error).__name__


LEAVES = (str, int, float, complex, bytes, type(None), date, time, timedelta, tzinfo, Decimal)
LEAVES += (Raised,)


# a dict's keys, values or items (``x.items()`` in a template): read whole, its elements
DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))

LEAF_TYPES: dict[type, bool] = {}  # whether a value of this type is a leaf, by type


def is_leaf(value: Any) -> bool:
    kind = type(value)
    known = LEAF_TYPES.get(kind)
    if known is None:  # (a leaf by its type alone: ``missing`` is its type's one value)
        known = LEAF_TYPES[kind] = (
            issubclass(kind, LEAVES) or value is missing or issubclass(kind, Undefined)
        )
    return known


def leaf(value: Any) -> Any:
    """A leaf value in a form whose repr is canonical and says its type."""
    kind = type(value)
    if kind in (str, int, float, bool, bytes, type(None)):
        return value
    if value is missing:
        return ("missing",)
    if isinstance(value, Undefined):
        return ("undefined", kind.__qualname__)
    if isinstance(value, Raised):
        return ("raised", value.name)
    if isinstance(value, (date, time)):
        return (kind.__qualname__, value.isoformat(), str(getattr(value, "tzinfo", None)))
    return (kind.__qualname__, str(value))


def blake(parts: Any) -> bytes:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def kept_across_updates(value: Any) -> bool:
    """Values never changed in place once rendered from (see the module docstring)."""
    kept = (Content, URLWrapper, Paginator, ListPage)
    return hasattr(type(value), "__dataclass_fields__") or isinstance(value, kept)


def identity(value: Any) -> Any:
    """What a value is known by in the digests: itself (by id), or for a page of a list, which
    Pelican makes anew for every write, the list and page it is."""
    kind = type(value)
    if kind is ListPage:
        paginator = value.paginator
        return (value.full_name, value.base_url, value.number, identity(paginator))
    if kind is Paginator:
        return (value.name, value.url, id(value.object_list), value.per_page, value.orphans)
    return id(value)


def structure(value: Any) -> tuple | None:
    """What a dataclass instance holds, to know one rebuilt with the same contents: its leaf
    fields' values and its other fields' identities (a list's by its elements'). None for a
    value with a field that is neither (a dict, a list of both)."""
    if not hasattr(type(value), "__dataclass_fields__") or not hasattr(value, "__dict__"):
        return None
    found: list = [type(value)]
    for field in vars(value).values():
        if is_leaf(field):
            found.append((type(field), field))
        elif type(field) in (list, tuple):
            if all(not is_leaf(x) for x in field):
                found.append((type(field), tuple(map(id, field))))
            elif all(type(x) in KEYS for x in field):
                found.append((type(field), tuple((type(x), x) for x in field)))
            else:
                return None
        elif type(field) is dict:
            return None
        else:
            found.append(id(field))
    return tuple(found)


FLAT = (str, int, bool, type(None))  # values whose equality is their digest's (no float: -0.0)
STABLE: dict[type, bool] = {}  # whether a value of this type keeps its digest, by type


class Copied:
    """A dict of strings and numbers as it was when a page was checked (see kept_as): its
    items in order, and the type of each key and value (``True == 1``, their digests differ)."""

    __slots__ = ("items", "types")

    def __init__(self, value: dict) -> None:
        self.items = tuple(value.items())
        self.types = (*map(type, value), *map(type, value.values()))

    def matches(self, value: Any) -> bool:
        return (
            type(value) is dict
            and len(value) == len(self.items)
            and tuple(value.items()) == self.items
            and (*map(type, value), *map(type, value.values())) == self.types
        )


def kept_as(value: Any) -> Any:
    """What a page's own value is remembered as between its checks (see same): a copy of a
    dict of strings and numbers (it may be changed in place), else the value itself."""
    if type(value) is dict and all(type(k) in FLAT and type(v) in FLAT for k, v in value.items()):
        return Copied(value)
    return value


def same(old: Any, value: Any) -> bool:
    """Whether ``value`` has the digest of ``old`` (see kept_as): the same object never
    changed in place, an equal string or number, a dict of strings with the same items in
    the same order."""
    kind = type(value)
    if old is value:
        stable = STABLE.get(kind)
        if stable is None:
            stable = STABLE[kind] = is_leaf(value) or kept_across_updates(value)
        return stable
    if type(old) is Copied:
        return old.matches(value)
    return kind is type(old) and kind in FLAT and old == value


UNSEEN = object()  # a structure not computed yet (see Digests._remembered)


def follow(value: Any, step: tuple) -> Any:
    """The value a recorded step leads to now (Jinja's rules for attributes and items)."""
    kind = step[0]
    try:
        if kind == "a":
            return PLAIN.getattr(value, step[1])
        if kind == "i":
            return PLAIN.getitem(value, step[1])
        if kind == "s":
            return value[slice(*step[1:])]
        return getattr(value, step[1])(*step[2], **dict(step[3]))  # "c": a method's result
    except Exception as error:  # noqa: BLE001  (the render raises there too)
        return Raised(error)


# -- digests ----------------------------------------------------------------------------------
class Digests:
    """Canonical digests of values: whole (`whole`) or along recorded read paths (`at`)."""

    def __init__(self, settings: dict, opaque: Callable[[Any], bool]) -> None:
        self.settings = settings  # the build's settings: every fingerprint digests them
        self.opaque = opaque  # values with no digest of their own (a generator's context)
        self.kept: dict[tuple, tuple] = {}  # (id, shape) -> (value, digest, touched)
        self.fresh: dict[tuple, tuple] = {}  # kept ones used or made in this update
        self.now: dict[tuple, tuple] = {}  # this update's others
        self.stack: list[list] = []  # [key, touched content ids, cut] per digest in progress
        self.active: dict[tuple, int] = {}
        self.codes: dict[int, tuple] = {}
        self.roots: dict[tuple, tuple] = {}  # this update's: (id, shape) -> (value, digest, ...)
        self.forgotten: set[int] = set()  # articles and pages replaced in place, by id
        self.including: dict[int, set[tuple]] = {}  # an article's id: the digests with it
        self.swept = 0  # how many digests were kept after the last sweep
        self.structures: dict[tuple, tuple] = {}  # (structure, shape) -> entry (see structure)
        self.replaced: set[int] = set()  # those replaced in this update
        self.held: dict[int, tuple] = {}  # this update's structures, by id: (value, structure)

    def start(self, whole: bool) -> None:
        """A new update. After a whole one (every value new, every page checked in full) keep
        only what it used; a quick update may skip pages, so keep all (see sweep)."""
        if whole:
            self.kept, self.fresh = self.fresh, {}
            self.structures = {}
            self.including = {}
            for key, entry in self.kept.items():
                for item in entry[2]:
                    self.including.setdefault(item, set()).add(key)
        else:
            self.kept.update(self.fresh)
            self.fresh = {}
        self.now = {}
        self.roots = {}
        self.held = {}
        self.replaced, self.forgotten = self.forgotten, set()

    def sweep(self) -> None:
        """Drop the digests of values only these digests hold (a quick update's old views),
        once the remembered digests have grown by half since the last sweep. The update's
        own memos go now, after the reload signal (freeing a whole build's took 0.1 s)."""
        self.kept.update(self.fresh)
        self.fresh = {}
        self.held = {}  # (its references would count as the site's)
        self.now, self.roots = {}, {}
        if len(self.kept) + len(self.structures) < 1.5 * self.swept:
            return
        entries = [*self.kept.values(), *self.structures.values()]
        held = Counter(id(entry[0]) for entry in entries)
        gone = set()
        for entry in entries:
            value = entry[0]
            # held by each entry, by ``value`` here and by getrefcount's argument: no more
            if sys.getrefcount(value) - 2 <= held[id(value)]:
                gone.add(id(value))
        self.kept = {k: e for k, e in self.kept.items() if id(e[0]) not in gone}
        self.structures = {k: e for k, e in self.structures.items() if id(e[0]) not in gone}
        self.swept = len(self.kept) + len(self.structures)

    def forget(self, item: Any) -> None:
        """An article or page replaced in place: every digest that included it is stale."""
        self.forgotten.add(id(item))
        for key in self.including.pop(id(item), ()):
            self.kept.pop(key, None)
            self.fresh.pop(key, None)

    def root(self, value: Any, shape: Shape) -> tuple[bytes, frozenset[int]]:
        """The digest of what a page read of one value it was given, and the articles and
        pages (by id) in it."""
        key = (id(value), shape.n)
        known = self.roots.get(key)
        if known is None or known[0] is not value:
            self.stack.append([None, set(), False])
            try:
                digest = blake(self.at(value, shape))
            finally:
                touched = self.stack.pop()[1]
            if isinstance(value, Content):
                touched.add(id(value))
            known = self.roots[key] = (value, digest, frozenset(touched))
        return known[1], known[2]

    def whole(self, value: Any) -> Any:
        if is_leaf(value):
            return leaf(value)
        known = self._hit(value, 0)
        return self._unit(value, 0, self._contents) if known is None else known

    def at(self, value: Any, shape: Shape) -> Any:
        """The digest of what a template read of ``value`` (``shape``: its read paths)."""
        if shape.whole:
            return self.whole(value)
        kind = type(value)
        leafy = LEAF_TYPES.get(kind)
        if leafy is None:
            leafy = is_leaf(value)
        if leafy:
            return leaf(value)
        if not shape.children:
            return outline(value)
        known = self._hit(value, shape.n)
        if known is not None:
            return known
        return self._unit(value, shape.n, functools.partial(self._parts, shape=shape))

    def _hit(self, value: Any, n: int) -> Any:
        """The digest remembered for ``value`` itself (by id), or None: the common case of
        _unit and _remembered, without their other lookups."""
        kind = type(value)
        if kind is ListPage or kind is Paginator:
            return None
        key = (id(value), n)
        entry = self.now.get(key) or self.fresh.get(key)
        if entry is None:
            entry = self.kept.get(key)
            if entry is None or entry[0] is not value:
                return None
            self.fresh[key] = entry
        elif entry[0] is not value:
            return None
        if entry[2] and self.stack:
            self.stack[-1][1] |= entry[2]
        return entry[1]

    def _parts(self, value: Any, shape: Shape) -> list:
        found = [outline(value)]
        listed = type(value) in (list, tuple)
        size = len(value) if listed else 0
        at = self.at
        for step, child in shape.children:
            index = step[1]
            if listed and step[0] == "i" and type(index) is int and -size <= index < size:
                found.append((step, at(value[index], child)))  # (Jinja's getitem: the same)
            else:
                found.append((step, at(follow(value, step), child)))
        return found

    def _unit(self, value: Any, n: int, contents: Callable[[Any], Any]) -> Any:
        key = (identity(value), n)
        entry, held = self._remembered(key, value)
        if entry is not None:
            return entry[1]
        if key in self.active:  # a value inside itself (an article in its translations')
            for frame in self.stack[self.active[key] + 1 :]:
                frame[2] = True  # digests made inside the loop are not remembered
            return ("again", type(value).__qualname__)
        self.active[key] = len(self.stack)
        self.stack.append([key, set(), False])
        try:
            digest = blake(contents(value))
        finally:
            _, touched, cut = self.stack.pop()
            del self.active[key]
        if isinstance(value, Content):
            touched.add(id(value))
        if self.stack:
            self.stack[-1][1] |= touched
        if not cut:
            memo = self.fresh if kept_across_updates(value) else self.now
            memo[key] = (value, digest, frozenset(touched))
            if touched:
                held = None
            elif held is UNSEEN or held is not None and len(held) != len(vars(value)) + 1:
                held = structure(value)  # (not looked at yet, or a field added meanwhile)
            if held is not None:  # (no article or page in it: see forget)
                self.structures[(held, n)] = (value, digest)
            if memo is self.fresh:
                for item in touched:
                    self.including.setdefault(item, set()).add(key)
        return digest

    def _remembered(self, key: tuple, value: Any) -> tuple[tuple | None, Any]:
        """The digest remembered for ``value`` (or None), and its structure when that was
        looked at (else UNSEEN)."""
        entry = self.now.get(key) or self.fresh.get(key)
        held = UNSEEN
        if entry is None and key in self.kept:
            entry = self.fresh[key] = self.kept[key]
        if entry is None and key[0] == id(value):  # the same contents, rebuilt?
            known = self.held.get(key[0])
            if known is None or known[0] is not value:  # (once per value, for all shapes)
                known = self.held[key[0]] = (value, structure(value))
            held = known[1]
            same = self.structures.get((held, key[1])) if held is not None else None
            if same is not None:
                entry = self.fresh[key] = (value, same[1], frozenset())
        if entry is None or entry[0] is not value and not isinstance(key[0], tuple):
            return None, held
        if self.stack and entry[2]:
            self.stack[-1][1] |= entry[2]
        return entry, held

    def _contents(self, value: Any) -> Any:
        kind = type(value)
        name = (kind.__module__, kind.__qualname__)
        if value is self.settings:
            return "the settings"
        if self.opaque(value):
            raise Undigestable(f"{kind.__qualname__} (a generator's context)")
        if isinstance(value, (list, tuple)) or kind in DICT_VIEWS:
            return (name, [self.whole(x) for x in value])
        if isinstance(value, dict):
            return (name, [(self.whole(k), self.whole(x)) for k, x in value.items()])
        if isinstance(value, (set, frozenset)):
            return (name, sorted(repr(self.whole(x)) for x in value))
        if isinstance(value, Content):
            return (name, self._content(value))
        if isinstance(value, URLWrapper):  # a tag, category or author (its address: settings)
            return (name, value.name, value.slug)
        if isinstance(value, Paginator):  # (its page count, once counted, is kept in it)
            return (name, self.whole(value.object_list), identity(value))
        if isinstance(value, ListPage):
            return (name, self.whole(value.paginator), identity(value))
        if isinstance(value, (types.FunctionType, types.MethodType, functools.partial)):
            return self.callable(value)
        if isinstance(value, (type, types.ModuleType, types.BuiltinFunctionType)):
            return (name, self._named(value))
        if isinstance(value, types.CodeType):
            return self.code(value)
        if isinstance(value, BytecodeCache):
            return name  # compiled templates: how, not what, a page is rendered
        return (name, self._attributes(value))

    def _named(self, value: Any) -> tuple:
        """A class, module or built-in function: its name (and a built-in method's owner)."""
        owner = getattr(value, "__self__", None)
        bound = None if owner is None or isinstance(owner, types.ModuleType) else owner
        return (
            getattr(value, "__module__", None),
            getattr(value, "__qualname__", value.__name__),
            self.whole(bound),
        )

    def _content(self, item: Content) -> list:
        """An article or page: its fields, and its text as shown (links resolved). Its
        settings are the build's (in every fingerprint); its context is the site's."""
        fields = [
            (k, self.whole(v))
            for k, v in sorted(vars(item).items())
            if k not in ("_context", "settings")
        ]
        for shown in ("content", "summary"):
            try:
                fields.append((shown, self.whole(getattr(item, shown))))
            except Exception as error:  # noqa: BLE001  (rendering raises it too)
                fields.append((shown, leaf(Raised(error))))
        return fields

    def _attributes(self, value: Any) -> list:
        if hasattr(value, "__iter__") and iter(value) is value:
            raise Undigestable(f"{type(value).__qualname__} (an iterator)")
        if hasattr(value, "__dict__"):
            found = list(vars(value).items())
        elif hasattr(type(value), "__slots__"):
            found = [(s, getattr(value, s, missing)) for s in type(value).__slots__]
        else:
            raise Undigestable(type(value).__qualname__)
        return [(k, self.whole(v)) for k, v in found]

    def callable(self, value: Any) -> Any:
        """A function's inputs: code, defaults, and what its closure holds (of a value the
        code only takes attributes from, those attributes)."""
        if isinstance(value, functools.partial):
            return (
                "partial",
                self.whole(value.func),
                self.whole(value.args),
                self.whole(value.keywords),
            )
        if isinstance(value, types.MethodType):
            return ("method", self.callable(value.__func__), self.whole(value.__self__))
        code = value.__code__
        cells = []
        for name, cell in zip(code.co_freevars, value.__closure__ or (), strict=True):
            try:
                held = cell.cell_contents
            except ValueError:
                held = missing
            used = attributes_only(code, name)
            if used is None or is_leaf(held):
                cells.append((name, self.whole(held)))
            else:
                cells.append((name, [(a, self.whole(PLAIN.getattr(held, a))) for a in used]))
        return (
            "function",
            value.__module__,
            value.__qualname__,
            self.code(code),
            self.whole(value.__defaults__),
            self.whole(value.__kwdefaults__),
            cells,
        )

    def code(self, code: types.CodeType) -> tuple:
        known = self.codes.get(id(code))
        if known is None or known[0] is not code:
            consts = [
                self.code(c)
                if isinstance(c, types.CodeType)
                else leaf(c)
                if is_leaf(c)
                else repr(c)
                for c in code.co_consts
            ]
            known = self.codes[id(code)] = (code, blake((code.co_code, consts, code.co_names)))
        return ("code", known[1])


def outline(value: Any) -> tuple:
    """What a template sees of a value without reading into it: its type and truth (a
    container: its length)."""
    kind = type(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return (kind.__qualname__, len(value))
    try:
        truth = bool(value)
    except Exception:  # noqa: BLE001
        truth = None
    return (kind.__module__, kind.__qualname__, truth)


@functools.cache
def attributes_only(code: types.CodeType, name: str) -> tuple[str, ...] | None:
    """The attributes a function's code takes from the closure variable ``name``, or None
    when the code uses the value itself (passes, stores or compares it)."""
    found: list[str] = []
    instructions = list(dis.get_instructions(code))
    for i, instruction in enumerate(instructions):
        variable = "DEREF" in instruction.opname or instruction.opname in ("LOAD_CLOSURE",)
        if not variable or instruction.argval != name:
            continue
        if instruction.opname == "LOAD_CLOSURE":
            continue  # handed to a nested function: checked in its code below
        if instruction.opname != "LOAD_DEREF":
            return None
        after = instructions[i + 1] if i + 1 < len(instructions) else None
        if after is None or after.opname not in ("LOAD_ATTR", "LOAD_METHOD"):
            return None
        found.append(after.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and name in const.co_freevars:
            inner = attributes_only(const, name)
            if inner is None:
                return None
            found += inner
    return tuple(dict.fromkeys(found))


# -- read paths -------------------------------------------------------------------------------
class Shape:
    """What one render read of a value: whole, or these steps (each with what it read)."""

    __slots__ = ("n", "whole", "children", "__weakref__")

    def __init__(self, n: int, whole: bool, children: tuple) -> None:
        self.n, self.whole, self.children = n, whole, children


class Shapes:
    """Every shape once (renders of the same template mostly read the same shapes)."""

    def __init__(self) -> None:
        self.known: WeakValueDictionary = WeakValueDictionary()
        self.count = 0
        self.whole = Shape(0, True, ())

    def of(self, children: tuple) -> Shape:
        key = tuple((step, child.n) for step, child in children)
        shape = self.known.get(key)
        if shape is None:
            self.count += 1
            shape = self.known[key] = Shape(self.count, False, children)
        return shape


class Node:
    """A read path while recording: read whole, or these steps."""

    __slots__ = ("children", "whole")

    def __init__(self) -> None:
        self.children: dict[tuple, Node] = {}
        self.whole = False

    def child(self, step: tuple) -> Node:
        node = self.children.get(step)
        if node is None:
            node = self.children[step] = Node()
        return node

    def freeze(self, shapes: Shapes) -> Shape:
        if self.whole:
            return shapes.whole
        return shapes.of(tuple((s, c.freeze(shapes)) for s, c in self.children.items()))


class Recorder:
    """What one render reads: from each name it was given, the paths it follows.

    Values are known by identity while the render runs (``places``: every path that led to
    one); a value reached by a path the environment did not see is inside a value read whole.
    """

    def __init__(self, inputs: Mapping, template_globals: Mapping) -> None:
        self.inputs, self.globals = inputs, template_globals
        self.roots: dict[str, Node] = {}
        self.places: dict[int, list[Node]] = {}
        self.methods: dict[int, str] = {}  # bound methods taken from a value read, by name
        self.alive: list = []  # every value placed, so no id is reused during the render
        self.python = 0  # > 0 while Python code called by the template runs

    def name(self, key: str, value: Any) -> None:
        """A name looked up in the context: one given to the render is read (a template's own
        variable holds values read already)."""
        given = self.inputs if key in self.inputs else self.globals
        if value is missing or (key in given and given[key] is value):
            node = self.roots.get(key) or self.roots.setdefault(key, Node())
            if self.python:
                node.whole = True
            elif not is_leaf(value):
                self.place(value, [node])
        elif self.python:
            self.observe(value)

    def step(self, base: Any, step: tuple, value: Any) -> None:
        found = self.places.get(id(base))
        if not found:
            return
        children = [n.child(step) for n in found if not n.whole]
        if self.python:
            for child in children:
                child.whole = True
        elif children and not is_leaf(value):
            self.place(value, children)
            if callable(value) and getattr(value, "__self__", None) is base:
                self.methods[id(value)] = step[1]

    def place(self, value: Any, found: list[Node]) -> None:
        known = self.places.get(id(value))
        if known is None:
            self.places[id(value)] = list(found)
            self.alive.append(value)
            return
        for node in found:
            if node not in known:  # (a node equals only itself)
                known.append(node)

    def observe(self, value: Any, depth: int = 0) -> None:
        """A value handed to Python: read whole (and what a literal list or dict holds)."""
        if is_leaf(value):
            return
        found = self.places.get(id(value))
        if found is not None:
            for node in found:
                node.whole = True
        elif depth < 3 and type(value) in (list, tuple, dict):
            for item in value.values() if type(value) is dict else value:
                self.observe(item, depth + 1)

    def elements(self, value: Any) -> None:
        """A loop over a value read: each element (and what a tuple element holds, which the
        loop may unpack) is placed at its index; a loop over anything else reads it whole."""
        found = [n for n in self.places.get(id(value), ()) if not n.whole]
        if not found:
            return
        if not isinstance(value, (list, tuple)) or any(is_leaf(x) for x in value):
            for node in found:
                node.whole = True
            return
        for i, item in enumerate(value):
            children = [n.child(("i", i)) for n in found]
            self.place(item, children)
            if isinstance(item, (list, tuple)):
                for j, part in enumerate(item):
                    parts = [c.child(("i", j)) for c in children]
                    if not is_leaf(part):
                        self.place(part, parts)

    def freeze(self, shapes: Shapes) -> tuple[tuple[str, Shape], ...]:
        return tuple((key, node.freeze(shapes)) for key, node in self.roots.items())


# -- the environment's hooks ------------------------------------------------------------------
def hook(name: str, node: nodes.Expr, *more: nodes.Expr | None) -> nodes.Filter:
    """``node`` through one of the environment's reading hooks (see instrument), compiled
    like a filter: a direct call."""
    arguments = [nodes.Const(None) if m is None else m for m in more]
    return nodes.Filter(node, name, arguments, [], None, None, lineno=node.lineno)


class MarkReads(NodeTransformer):
    """Route every read Jinja compiles into plain Python through the environment: what a
    template hands to Python operators, prints or unpacks is read whole (``hw_read``), what
    a loop goes over is read element by element (``hw_loop``), a slice is a read path
    (``hw_slice``)."""

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> nodes.Node:
        node = super().generic_visit(node, *args, **kwargs)
        if isinstance(node, nodes.For):
            nested = isinstance(node.target, nodes.Tuple) and any(
                isinstance(t, nodes.Tuple) for t in node.target.items
            )
            node.iter = hook("hw_read" if nested else "hw_loop", node.iter)
        elif isinstance(node, nodes.Compare):
            node.expr = hook("hw_read", node.expr)
            for operand in node.ops:
                operand.expr = hook("hw_read", operand.expr)
        elif isinstance(node, nodes.Concat):
            node.nodes = [hook("hw_read", n) for n in node.nodes]
        elif isinstance(node, nodes.BinExpr) and not isinstance(node, (nodes.And, nodes.Or)):
            node.left, node.right = hook("hw_read", node.left), hook("hw_read", node.right)
        elif isinstance(node, (nodes.Pos, nodes.Neg)):
            node.node = hook("hw_read", node.node)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Tuple):
            node.node = hook("hw_read", node.node)
        elif isinstance(node, nodes.Output):
            constant = (nodes.TemplateData, nodes.Const)
            node.nodes = [n if isinstance(n, constant) else hook("hw_read", n) for n in node.nodes]
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Slice):
            s = node.arg
            return hook("hw_slice", node.node, s.start, s.stop, s.step)
        return node


class ReadingCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the reads it compiles into plain Python made visible."""

    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        MarkReads().visit(node)
        super().visit_Template(node, frame)


class ReadingContext(Context):
    """Jinja's context, telling the render's recorder each name it gives out."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        reading = READING.get()
        if reading is not None and key not in self.vars:
            reading.name(key, value)
        return value

    def __contains__(self, key: str) -> bool:
        reading = READING.get()
        if reading is not None and key not in self.vars:
            reading.name(key, self.parent.get(key, missing))
        return super().__contains__(key)

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        reading = READING.get()
        if reading is None or isinstance(obj, (Macro, BlockReference)):
            return super().call(obj, *args, **kwargs)
        given = {k: v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars")}
        method = reading.methods.get(id(obj))
        owner = getattr(obj, "__self__", None)
        if method is not None and all(type(v) in KEYS for v in (*args, *given.values())):
            value = super().call(obj, *args, **kwargs)  # a method of a value read: its result
            reading.step(owner, ("c", method, args, tuple(sorted(given.items()))), value)
            return value
        for value in (*args, *given.values(), owner):
            reading.observe(value)
        reading.python += 1
        try:
            return super().call(obj, *args, **kwargs)
        finally:
            reading.python -= 1


def reading_function(function: Callable, name: str = "") -> Callable:
    """A filter or test that reads its arguments whole (and looks up names in Python)."""
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def read_whole(*args: Any, **kwargs: Any) -> Any:
        reading = READING.get()
        if reading is None:
            return function(*args, **kwargs)
        for value in (*args[skip:], *kwargs.values()):
            reading.observe(value)
        reading.python += 1
        try:
            return function(*args, **kwargs)
        finally:
            reading.python -= 1

    return read_whole


SHAPE_TESTS = ("defined", "undefined", "none")  # answered by a value's type alone
# Jinja's list filters that take of their argument only its length and its elements, and of
# each element only what they fetch through the environment (recorded like a template's reads).
LENGTH = ("length", "count")
BY_ELEMENT = ("list", "first", "last", "reverse", "map", "selectattr", "rejectattr", "groupby")


def element_function(function: Callable, name: str) -> Callable:
    """One of Jinja's list filters: its argument's elements are placed at their index; its
    other arguments (attribute names, tests) are read whole. ``sort`` without an attribute
    compares the elements themselves: read whole."""
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def read_elements(*args: Any, **kwargs: Any) -> Any:
        reading = READING.get()
        if reading is not None and name not in LENGTH:
            value, rest = args[skip], (*args[skip + 1 :], *kwargs.values())
            if name == "sort" and kwargs.get("attribute", args[skip + 3 : skip + 4]) in (
                None,
                (),
            ):
                reading.observe(value)
            else:
                reading.elements(value)
            for other in rest:
                reading.observe(other)
        return function(*args, **kwargs)

    return read_elements


def instrument(env: Environment) -> None:
    """Make a generator's Jinja environment record what each render reads (before it
    compiles a template; rendering gives the same text)."""
    if getattr(env, "hw_instrumented", False):
        return
    env.hw_instrumented = True
    env.code_generator_class = ReadingCodeGenerator
    env.context_class = ReadingContext
    plain_getattr, plain_getitem = env.getattr, env.getitem

    def getattr_(obj: Any, attribute: str) -> Any:
        value = plain_getattr(obj, attribute)
        reading = READING.get()
        if reading is not None:
            reading.step(obj, ("a", attribute), value)
        return value

    def getitem_(obj: Any, argument: Any) -> Any:
        value = plain_getitem(obj, argument)
        reading = READING.get()
        if reading is not None:
            if type(argument) in KEYS:
                reading.step(obj, ("i", argument), value)
            else:
                reading.observe(obj)
                reading.observe(argument)
        return value

    env.getattr, env.getitem = getattr_, getitem_
    for name, function in list(env.filters.items()):
        modeled = name in (*LENGTH, *BY_ELEMENT, "sort") and function is FILTERS.get(name)
        env.filters[name] = (element_function if modeled else reading_function)(function, name)
    for name, function in list(env.tests.items()):
        if name not in SHAPE_TESTS:
            env.tests[name] = reading_function(function, name)
    env.filters |= {"hw_read": read_whole, "hw_loop": loop_over, "hw_slice": sliced}


PRINTED = frozenset((str, Markup, int, bool, float, type(None)))  # leaves, printed most often


def read_whole(value: Any) -> Any:
    reading = READING.get()
    if reading is not None and type(value) not in PRINTED:
        reading.observe(value)
    return value


def loop_over(value: Any) -> Any:
    reading = READING.get()
    if reading is not None:
        reading.elements(value)
    return value


def sliced(value: Any, start: Any, stop: Any, step: Any) -> Any:
    result = value[slice(start, stop, step)]
    reading = READING.get()
    if reading is not None:
        if all(type(v) in KEYS for v in (start, stop, step)):
            reading.step(value, ("s", start, stop, step), result)
        else:
            reading.observe(value)
    return result


# -- templates --------------------------------------------------------------------------------
class TemplateSources:
    """A template's digest with every template it extends, includes or imports."""

    def __init__(self) -> None:
        self.references: dict[bytes, tuple[str, ...] | None] = {}  # by source digest
        self.closures: dict[str, bytes] = {}

    def start(self) -> None:
        self.closures = {}  # templates may have changed since the last update

    def digest(self, env: Environment, name: str) -> bytes:
        known = self.closures.get(name)
        if known is None:
            known = self.closures[name] = blake(sorted(self._closure(env, name).items()))
        return known

    def _closure(self, env: Environment, name: str) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            try:
                source = env.loader.get_source(env, current)[0]
            except TemplateNotFound:
                found[current] = b"missing"
                continue
            digest = found[current] = blake(source)
            if digest not in self.references:
                # (a generator: made a tuple before it is searched, or the search empties it)
                names = tuple(meta.find_referenced_templates(env.parse(source)))
                self.references[digest] = names if None not in names else None
            references = self.references[digest]
            todo += env.list_templates() if references is None else references
        return found


class Catalogs:
    """The theme's translations (gettext catalogs), which every page's words come from: a
    digest of their files, each read again when its size or time changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.known: dict[Path, tuple] = {}

    def digest(self) -> bytes:
        found = []
        for path in sorted(self.folder.rglob("*.po")):
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            known = self.known.get(path)
            if known is None or known[0] != stamp:
                known = self.known[path] = (stamp, blake(path.read_bytes()))
            found.append((path.as_posix(), known[1]))
        return blake(found)


# -- outputs ----------------------------------------------------------------------------------
class ReadsDict(dict):
    """A feed's context: a copy that notes which names Pelican's feed writer reads."""

    def __init__(self, context: Mapping) -> None:
        super().__init__(context)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(key)
        return super().__contains__(key)


class Given:
    """What Pelican's writer renders a page with, looked up without building it: the output's
    own values (the call's keyword arguments, its name), then the context the generator passes
    (shared by its pages), then the template's globals (pelican.writers.Writer.write_file)."""

    __slots__ = ("own", "context", "globals")

    def __init__(self, own: Mapping, context: Mapping, template_globals: Mapping) -> None:
        self.own, self.context, self.globals = own, context, template_globals

    def get(self, key: str) -> Any:
        if key in self.own:
            return self.own[key]
        if key in self.context:
            return self.context[key]
        return self.globals.get(key, missing)


class Shared:
    """What pages read of the context their generator shares (the same reads, once)."""

    __slots__ = ("roots", "names", "n", "__weakref__")

    def __init__(self, roots: tuple, n: int) -> None:
        self.roots, self.n = roots, n
        self.names = frozenset(k for k, _ in roots)


class Reads:
    """What a page's template read: of its own values, and of the shared context."""

    __slots__ = ("own", "shared")

    def __init__(self, own: tuple, shared: Shared) -> None:
        self.own, self.shared = own, shared


class Fingerprints:
    """Every output's last fingerprint, and what made it: check one, or make it and note."""

    def __init__(self, settings: dict, opaque: Callable[[Any], bool], catalogs: Path) -> None:
        self.settings = settings
        self.settings_seen: dict[str, tuple] = {}
        self.catalogs = Catalogs(catalogs)
        self.digests = Digests(settings, opaque)
        self.shapes = Shapes()
        self.templates = TemplateSources()
        self.prints: dict[str, bytes | None] = {}  # by save_as; None: always made again
        self.reads: dict[str, Reads] = {}  # a page's: what its template read
        self.feed_keys: dict[str, tuple[str, ...]] = {}  # a feed's: the context it read
        self.shared: WeakValueDictionary = WeakValueDictionary()  # the same reads once
        self.basis: dict[str, tuple] = {}  # a page's: its print's parts that can change
        self.given: dict[str, tuple] = {}  # a page's: its Reads, and its own values (see _own)
        self.base = self.last_base = b""
        self.now: dict[tuple, tuple] = {}  # this update's digests of shared reads, globals

    def start(self, whole: bool) -> None:
        """A new update: the templates, settings and catalogs as they are now."""
        self.digests.start(whole)
        self.templates.start()
        self.now = {}
        if whole:  # (every value is new: no page keeps what it was given)
            self.given.clear()
        self.last_base, self.base = self.base, blake((self._settings(), self.catalogs.digest()))

    def settings_digest(self) -> str:
        """One digest of the settings (the same each run for the same settings)."""
        return blake(self._settings()).hex()

    def _settings(self) -> list:
        """The settings' digest, each value's digest kept while it is the same object (the
        settings are never changed in place; the build folder is not among them)."""
        found = []
        for key, value in self.settings.items():
            if key == "OUTPUT_PATH":
                continue
            known = self.settings_seen.get(key)
            if known is None or known[0] is not value:
                known = self.settings_seen[key] = (value, self.digests.whole(value))
            found.append((key, known[1]))
        return found

    def clear(self) -> None:
        """Forget every output (a new build folder: everything is made)."""
        for known in (self.prints, self.reads, self.feed_keys, self.basis, self.given):
            known.clear()

    def forget(self, name: str) -> None:
        for known in (self.prints, self.reads, self.feed_keys, self.basis, self.given):
            known.pop(name, None)

    def globals_of(self, template: Any) -> dict:
        key = ("globals", id(template))
        if key not in self.now:
            self.now[key] = (template, dict(template.globals))
        return self.now[key][1]

    # pages
    def unchanged(self, name: str, template: Any, given: Given, shared: bool = False) -> bool:
        """Whether the page's fingerprint is the last one (``shared``: ``given.context`` is
        the generator's context, whose digests are shared by its pages)."""
        old = self.prints.get(name)
        if old is None or name not in self.reads:
            return False
        found, basis = self._page(name, template, given, shared)
        if found != old:
            return False
        self.basis[name] = basis
        return True

    def still(self, name: str, template: Any, context: Mapping, own: Any) -> bool:
        """Whether a page made again by the same call, with the same objects, is unchanged:
        its template, the settings and catalogs, what it read of the context are as they
        were, and no article or page in what it read was replaced in place (``own``: the
        names its call gives, besides the context)."""
        basis, reads = self.basis.get(name), self.reads.get(name)
        if basis is None or reads is None or name not in self.prints:
            return False
        if self.base != self.last_base or not reads.shared.names.isdisjoint(own):
            return False
        key = ("still", id(template), id(context), reads.shared.n)
        now = self.now.get(key)
        if now is None:  # (the same for every page of this template, context and reads)
            given = Given({}, context, self.globals_of(template))
            common = self._common(reads.shared, given)
            held = (template, context, reads.shared)  # (so no id is reused)
            now = self.now[key] = (*held, self._template(template), common)
        return (
            basis[0] == now[3]
            and basis[1] == now[4]
            and (not basis[2] or basis[2].isdisjoint(self.digests.replaced))
        )

    def render(self, name: str, template: Any, inputs: dict, context: Mapping, own) -> str:
        """Render a page, recording what its template reads, and note its fingerprint.
        ``context``: the generator's; ``own``: the names it does not give (see Given)."""
        recorder = Recorder(inputs, self.globals_of(template))
        token = READING.set(recorder)
        try:
            text = template.render(inputs)
        finally:
            READING.reset(token)
        mine, shared = [], []
        for key, shape in recorder.freeze(self.shapes):
            value = inputs.get(key, missing)
            common = key in context and context[key] is value or key not in inputs
            (shared if common and key not in own else mine).append((key, shape))
        self.reads[name] = Reads(tuple(mine), self._shared(tuple(shared)))
        found = self._page(name, template, Given(inputs, {}, recorder.globals))
        self.prints[name], self.basis[name] = found
        return text

    def _shared(self, roots: tuple) -> Shared:
        key = tuple((k, shape.n) for k, shape in roots)
        known = self.shared.get(key)
        if known is None:
            self.shapes.count += 1
            known = self.shared[key] = Shared(roots, self.shapes.count)
        return known

    def _page(self, name: str, template: Any, given: Given, shared: bool = False) -> tuple:
        """A page's fingerprint (None: always rendered), and its basis (see still)."""
        reads = self.reads[name]
        try:
            own = self._own(name, reads, given)
            if shared and reads.shared.names.isdisjoint(given.own):
                common = self._common(reads.shared, given)
            else:
                common = self._roots(reads.shared.roots, given)
        except Undigestable:
            self.given.pop(name, None)
            return None, None
        self.given[name] = (reads, own)
        parts = [self.base, self._template(template), common, *(d for _, d, _ in own)]
        touched = frozenset().union(*[t for _, _, t in own if t])
        # (digests of one length: no part can pass for another)
        return b"".join(parts), (parts[1], common, touched)

    def _own(self, name: str, reads: Reads, given: Given) -> tuple:
        """(value, digest, touched) of each value the page read of its own. A value that is
        the very one its last check found, and never changed in place (see
        kept_across_updates; no article or page in it replaced since), keeps its digest
        without following its read paths again; an equal string or number too."""
        last = self.given.get(name)
        last = last[1] if last is not None and last[0] is reads else None
        replaced, root, stable = self.digests.replaced, self.digests.root, STABLE.get
        mine, context, template_globals = given.own, given.context, given.globals
        found = []
        for i, (key, shape) in enumerate(reads.own):
            # (Given.get, inlined: this loop runs for every value of every page checked)
            if key in mine:
                value = mine[key]
            elif key in context:
                value = context[key]
            else:
                value = template_globals.get(key, missing)
            if last is not None:
                old = last[i]
                kept = old[0]  # (the very object, of a type known stable: same() says so)
                if kept is value:
                    alike = stable(type(value)) or same(kept, value)
                elif type(kept) is Copied:
                    alike = kept.matches(value)
                else:
                    alike = same(kept, value)
                if alike and (not old[2] or not replaced or old[2].isdisjoint(replaced)):
                    found.append(old)
                    continue
            found.append((kept_as(value), *root(value, shape)))
        return tuple(found)

    def _template(self, template: Any) -> bytes:
        """A template's name and the digest of its sources (those it uses included)."""
        key = ("template", id(template))
        known = self.now.get(key)
        if known is None:
            closure = self.templates.digest(template.environment, template.name)
            known = self.now[key] = (template, blake((template.name, closure)))
        return known[1]

    def _common(self, shared: Shared, given: Given) -> bytes:
        """The digest of what pages read of the shared context, once per update."""
        key = (id(given.context), id(given.globals), shared.n)
        known = self.now.get(key)
        if known is None:
            digest = self._roots(shared.roots, given)
            known = self.now[key] = (given.context, given.globals, shared, digest)
        return known[3]

    def _roots(self, roots: tuple, given: Given) -> bytes:
        return blake(b"".join(self.digests.root(given.get(k), shape)[0] for k, shape in roots))

    # data files: made by a function
    def data_unchanged(self, name: str, make: Callable) -> bool:
        old = self.prints.get(name)
        return old is not None and self._made(make) == old

    def data_made(self, name: str, make: Callable) -> None:
        self.prints[name] = self._made(make)

    # feeds: written by Pelican's writer from a list and the context
    def feed_unchanged(self, name: str, elements: Any, context: Mapping, arguments: Any) -> bool:
        old, keys = self.prints.get(name), self.feed_keys.get(name)
        return (
            old is not None
            and keys is not None
            and old
            == self._made((elements, [(k, context.get(k, missing)) for k in keys], arguments))
        )

    def feed_made(self, name: str, elements: Any, context: Mapping, arguments: Any, write) -> None:
        reading = ReadsDict(context)
        write(reading)
        keys = self.feed_keys[name] = tuple(sorted(reading.read))
        self.prints[name] = self._made(
            (elements, [(k, context.get(k, missing)) for k in keys], arguments)
        )

    def _made(self, inputs: Any) -> bytes | None:
        try:
            return blake((self.base, self.digests.whole(inputs)))
        except Undigestable:
            return None
