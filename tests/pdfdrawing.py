"""What a PDF page draws, read from its content streams with pikepdf: colours, text, strokes.

A small interpreter of the operators the booklet uses: graphics state (q/Q),
colour spaces and colours, text state and showing, paths and their painting,
and form XObjects (imposed sheets draw each page as one), so tests can assert
facts on colour and type size, not on bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf

SET_FILL = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}
SET_STROKE = {"G": "DeviceGray", "RG": "DeviceRGB", "K": "DeviceCMYK"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


@dataclass
class State:
    fill: tuple = ("DeviceGray", (0.0,))  # (colour space, components)
    stroke: tuple = ("DeviceGray", (0.0,))
    matrix: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    font_size: float = 0.0  # as Tf sets it, in text space units
    font: object = None  # the font dictionary Tf selected


@dataclass
class Drawing:
    operators: list[str] = field(default_factory=list)  # every operator, in order
    spaces: set[str] = field(default_factory=set)  # colour spaces set by any operator
    text_fills: list[tuple] = field(default_factory=list)  # the fill colour of each text-showing operator
    strokes: list[tuple[tuple, list[tuple[float, float]]]] = field(default_factory=list)  # (colour, points)
    colours: list[tuple] = field(default_factory=list)  # every colour set, fill or stroke, in order
    texts: list[tuple[tuple, float]] = field(default_factory=list)  # (fill, size in points) of each text shown
    shown: list[tuple[tuple, str]] = field(default_factory=list)  # (fill, text) of each text shown
    unicode_maps: dict = field(default_factory=dict, repr=False)  # each font's ToUnicode map, read once

    def text_in(self, fill: tuple) -> str:
        """All the text shown in ``fill``, in drawing order, spaces collapsed."""
        return " ".join("".join(text for colour, text in self.shown if colour == fill).split())


def _space(name: str, resources) -> str:
    spaces = resources.get("/ColorSpace", {}) if resources is not None else {}
    if name in spaces:
        value = spaces[name]
        return str(value[0]).lstrip("/") if isinstance(value, pikepdf.Array) else str(value).lstrip("/")
    return name.lstrip("/")


def _apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _concat(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def drawing_of(page: pikepdf.Page) -> Drawing:
    drawing = Drawing()
    _walk(page.obj, page.obj.get("/Resources"), State(), drawing)
    return drawing


def _scale(matrix) -> float:
    """How much a matrix scales lengths (the square root of its area factor)."""
    a, b, c, d, _, _ = matrix
    return abs(a * d - b * c) ** 0.5


def _walk(owner, resources, state: State, drawing: Drawing) -> None:
    stack: list[State] = []
    path: list[tuple[float, float]] = []
    text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        drawing.operators.append(op)
        values = [float(v) for v in operands if isinstance(v, int | float | Decimal)]
        if op == "q":
            stack.append(State(state.fill, state.stroke, state.matrix, state.font_size, state.font))
        elif op == "Q":
            state = stack.pop()
        elif op == "cm":
            state.matrix = _concat(tuple(values), state.matrix)
        elif op in ("cs", "CS"):
            space = _space(str(operands[0]), resources)
            drawing.spaces.add(space)
            if op == "cs":
                state.fill = (space, ())
            else:
                state.stroke = (space, ())
        elif op in ("sc", "scn"):
            state.fill = (state.fill[0], tuple(values))
            drawing.colours.append(state.fill)
        elif op in ("SC", "SCN"):
            state.stroke = (state.stroke[0], tuple(values))
            drawing.colours.append(state.stroke)
        elif op in SET_FILL:
            drawing.spaces.add(SET_FILL[op])
            state.fill = (SET_FILL[op], tuple(values))
            drawing.colours.append(state.fill)
        elif op in SET_STROKE:
            drawing.spaces.add(SET_STROKE[op])
            state.stroke = (SET_STROKE[op], tuple(values))
            drawing.colours.append(state.stroke)
        elif op == "BT":
            text_matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tf":
            state.font_size = values[-1]
            state.font = resources.Font[operands[0]]
        elif op == "Tm":
            text_matrix = tuple(values)
        elif op in TEXT_SHOWING:
            drawing.text_fills.append(state.fill)
            size = state.font_size * _scale(text_matrix) * _scale(state.matrix)
            drawing.texts.append((state.fill, size))
            drawing.shown.append((state.fill, _decode(state.font, operands, drawing.unicode_maps)))
        elif op in ("m", "l"):
            path.append(_apply(state.matrix, *values[-2:]))
        elif op == "re":
            x, y, w, h = values
            path += [_apply(state.matrix, x, y), _apply(state.matrix, x + w, y + h)]
        elif op in PAINTING or op == "n":
            if op in ("S", "s"):
                drawing.strokes.append((state.stroke, path))
            path = []
        elif op == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.get("/Subtype") == "/Form":
                inner = State(state.fill, state.stroke, state.matrix, state.font_size, state.font)
                if "/Matrix" in xobject:
                    inner.matrix = _concat(tuple(float(v) for v in xobject.Matrix), state.matrix)
                _walk(xobject, xobject.get("/Resources", resources), inner, drawing)


def _decode(font, operands, maps: dict) -> str:
    """The text a showing operator's strings stand for, through the font's ToUnicode map (two-byte codes)."""
    mapping = _to_unicode(font, maps)
    strings = [op for operand in operands for op in (operand if isinstance(operand, pikepdf.Array) else [operand])]
    codes = b"".join(bytes(string) for string in strings if isinstance(string, pikepdf.String))
    return "".join(mapping.get(int.from_bytes(codes[i : i + 2], "big"), "") for i in range(0, len(codes) - 1, 2))


def _to_unicode(font, maps: dict) -> dict[int, str]:
    from briefing.render.stamp import _to_unicode as parse

    key = font.objgen if font.is_indirect else id(font)  # within one file
    if key not in maps:
        maps[key] = parse(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    return maps[key]
