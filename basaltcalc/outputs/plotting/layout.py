"""Checks that a figure's text is readable: no two texts overlap, none is cut off by the figure's edge.

matplotlib's renderer gives each text's extent in display pixels once the figure is drawn
(:meth:`~matplotlib.text.Text.get_window_extent`); :func:`text_problems` draws the figure and
compares every drawn text (titles, axis and tick labels, annotations, legend entries, colour bar
labels, figure texts) with every other and with the figure's own box.  The tests render every
figure kind of ``basaltcalc plot`` on every gallery scenario through it
(``tests/test_figure_layout.py``), so a new kind is checked as soon as it is registered.

>>> from basaltcalc.outputs.plotting import new_figure
>>> fig = new_figure((3, 2))
>>> ax = fig.add_subplot()
>>> _ = ax.text(0.5, 0.5, "one"), ax.text(0.5, 0.5, "two")
>>> [p.split(":")[0] for p in text_problems(fig)]
['overlap']
"""
from __future__ import annotations

__all__ = ["drawn_texts", "text_problems", "declutter", "TOLERANCE"]

#: Pixels two texts may share, or a text may pass the figure's edge, before it counts (the
#: antialiased edges of glyphs at any dpi). [px]
TOLERANCE = 1.0


def _axes_texts(ax) -> list:
    texts = [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None),
             ax.xaxis.label, ax.yaxis.label, ax.xaxis.get_offset_text(), ax.yaxis.get_offset_text(), *ax.texts]
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis._update_ticks():  # the ticks drawn: those inside the view
            texts += [tick.label1, tick.label2]
    legend = ax.get_legend()
    if legend is not None:
        texts += [*legend.get_texts(), legend.get_title()]
    for child in ax.get_children():  # contour labels, colour bar texts drawn as children
        if child.__class__.__name__ in ("Text", "Annotation") and child not in texts:
            texts.append(child)
    return texts


def drawn_texts(fig) -> list:
    """Every text of ``fig`` (its subfigures too) that is drawn: visible, non-empty, inside a
    visible axes or the figure."""
    out, seen = [], set()

    def walk(f):
        texts = [*f.texts, getattr(f, "_suptitle", None), getattr(f, "_supxlabel", None),
                 getattr(f, "_supylabel", None)]
        for legend in f.legends:
            texts += [*legend.get_texts(), legend.get_title()]
        for ax in f.axes:  # a (sub)figure's own axes
            if ax.get_visible():
                texts += _axes_texts(ax)
        for t in texts:
            if t is None or id(t) in seen:
                continue
            seen.add(id(t))
            if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0:
                out.append(t)
        for sub in getattr(f, "subfigs", []):
            walk(sub)

    walk(fig)
    return out


def _extent(t, renderer):
    """The box of a text's glyphs alone (an annotation's own extent holds its arrow too). [px]"""
    from matplotlib.text import Text

    return Text.get_window_extent(t, renderer)


def _label(t) -> str:
    text = t.get_text().replace("\n", " ")
    return repr(text if len(text) <= 40 else text[:37] + "...")


def text_problems(fig, tolerance: float = TOLERANCE) -> list[str]:
    """Every pair of drawn texts that overlap (``'overlap: ...'``) and every text that passes the
    figure's edge (``'clipped: ...'``), after drawing ``fig`` with its own layout engine.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn here on an Agg canvas where it has none).
    tolerance : float
        Pixels shared or passed before a problem counts. [px]

    Returns
    -------
    list of str
        One line per problem, naming the texts; empty where every text stands clear.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if fig.canvas is None or not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = drawn_texts(fig)
    boxes = [_extent(t, renderer) for t in texts]
    edge = fig.bbox
    problems = []
    for t, b in zip(texts, boxes):
        if (b.x0 < edge.x0 - tolerance or b.y0 < edge.y0 - tolerance or b.x1 > edge.x1 + tolerance
                or b.y1 > edge.y1 + tolerance):
            problems.append(f"clipped: {_label(t)} at ({b.x0:.0f}, {b.y0:.0f})-({b.x1:.0f}, {b.y1:.0f}) "
                            f"in a figure of {edge.width:.0f} x {edge.height:.0f} px")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = boxes[i], boxes[j]
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tolerance and h > tolerance:
                problems.append(f"overlap: {_label(texts[i])} and {_label(texts[j])} share {w:.0f} x {h:.0f} px")
    return problems


def _renderer(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if fig.canvas is None or not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return fig.canvas.get_renderer()


def _shift(t, dx_px: float, dy_px: float) -> None:
    """Move a text by pixels: an annotation's offset in points, any other text in its own
    coordinates."""
    if hasattr(t, "xyann") and getattr(t, "anncoords", None) == "offset points":
        scale = 72.0 / t.figure.dpi
        x, y = t.xyann
        t.xyann = (x + dx_px * scale, y + dy_px * scale)
        return
    trans = t.get_transform()
    x, y = trans.transform(t.get_position())
    t.set_position(trans.inverted().transform((x + dx_px, y + dy_px)))


def declutter(ax, texts, gap: float = 2.0) -> None:
    """Place ``texts`` (drawn on ``ax``) so that none overlaps another, nor leaves the axes: each,
    from the top, keeps its place where it is free, else takes the nearest free place above or
    below it, in steps of its own height; a text past the axes' right edge is moved left.

    Measured with the figure's renderer after its layout, so it holds for any font and dpi.
    """
    texts = [t for t in texts if t is not None and t.get_visible() and t.get_text().strip()]
    if len(texts) == 0:
        return
    fig = ax.figure.figure if hasattr(ax.figure, "figure") and ax.figure.figure is not None else ax.figure
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    boxes = {id(t): _extent(t, renderer) for t in texts}
    placed = []
    for t in sorted(texts, key=lambda t: -boxes[id(t)].y1):
        b = boxes[id(t)]
        dx = min(0.0, frame.x1 - b.x1) + max(0.0, frame.x0 - b.x0)  # back inside left and right
        h = b.height + gap
        steps = [0.0] + [s * k * h for k in range(1, 40) for s in (-1.0, 1.0)]
        best = None
        for dy in steps:
            c = b.translated(dx, dy)
            if c.y0 < frame.y0 - 0.5 or c.y1 > frame.y1 + 0.5:
                continue
            if not any(min(c.x1, p.x1) - max(c.x0, p.x0) > 0 and min(c.y1, p.y1) - max(c.y0, p.y0) > -gap
                       for p in placed):
                best = dy
                break
        dy = 0.0 if best is None else best
        if dx or dy:
            _shift(t, dx, dy)
        placed.append(b.translated(dx, dy))
