"""The explorer's figure: the cost breakdown and the landed-cost curve of the explored case on one
Figure, moved in place at every change and drawn as little as the change needs.

The figures are :func:`~basaltcalc.plotting.cost_breakdown` and
:func:`~basaltcalc.plotting.landed_cost_curve`; a change moves their artists
(:func:`~basaltcalc.plotting.update_cost_breakdown`,
:func:`~basaltcalc.outputs.plotting.curves.update_landed_cost_curve`) and a redraw paints only the
artists that move (every artist with a ``gid``: bars, totals, titles, lines, marks) over the rest,
kept as a picture from the last full draw (matplotlib's blitting).  Where an axis's limits change
(only where the data leave them or shrink well inside,
:func:`~basaltcalc.outputs.plotting.style.fit_limits`) its panel is drawn again over that picture,
in the layout it had; a full draw, the layout too, happens where a label or the panels change, or
where the new tick labels would run into the axis label.
"""
from __future__ import annotations

import io
import time

__all__ = ["LiveView", "DPI", "SIZE"]

#: Resolution of the picture the sliders show (notebook figures are drawn at 72). [dots per inch]
DPI = 80
#: Size of the figure. [inch]
SIZE = (12.5, 4.8)


class LiveView:
    """The explorer's Figure (:attr:`figure`: breakdown left, curve right) and its PNG."""

    def __init__(self, explorer):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..plotting.style import new_figure

        self.figure = new_figure(SIZE)
        self.figure.set_dpi(DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        # opaque panels: a panel drawn again covers what it showed before
        self.left, self.right = self.figure.subfigures(1, 2, width_ratios=[1.0, 1.05], facecolor="white")
        self._background = self._moving_list = None
        self._panels: set = set()  # panels whose axes moved since the last picture
        self._own_draw = False
        # a draw not ours (a notebook showing the figure, a savefig) may lay it out anew
        self.canvas.mpl_connect("draw_event", self._drawn)
        self.timings: dict[str, float] = {}
        self._build_left(explorer.results)
        self._build_right(explorer.curve, explorer.results)

    # -- building and moving --------------------------------------------------------------------
    def _build_left(self, res) -> None:
        from ..plotting.breakdown import cost_breakdown

        self.left.clear()
        cost_breakdown(res, ax=self.left)
        self._background = None

    def _build_right(self, curve, res) -> None:
        from ..plotting.curves import landed_cost_curve

        self.right.clear()
        self.ax = self.right.add_subplot()
        if curve is None:
            self.ax.set_axis_off()
            self.ax.text(0.5, 0.5, "no landed cost to vary in this scenario", ha="center",
                         transform=self.ax.transAxes)
        else:
            landed_cost_curve(res.scenario, ax=self.ax, data=curve, mark=True)
        self._background = None

    def update(self, explorer) -> None:
        """Move the figure to the explorer's results; what the next :meth:`png` must draw follows."""
        from ..plotting.breakdown import update_cost_breakdown
        from ..plotting.curves import update_landed_cost_curve

        t0 = time.perf_counter()
        res, curve = explorer.results, explorer.curve
        moved = update_cost_breakdown(self.left, res)
        if moved is None:
            self._build_left(res)
        else:
            self._note(self.left, moved[1])
        moved = None if curve is None or not self.ax.lines else update_landed_cost_curve(self.ax, curve)
        if moved is None:
            self._build_right(curve, res)
        else:
            self._note(self.right, moved[1])
        self._moving_list = None  # marks drawn anew, a panel rebuilt
        self.timings["update"] = time.perf_counter() - t0

    def _drawn(self, _event) -> None:
        if not self._own_draw:
            self._background = None

    def _note(self, panel, changed: set) -> None:
        """What the next picture draws of ``panel``: a label changed, the layout; its limits, the panel."""
        if "labels" in changed:
            self._background = None
        elif "limits" in changed:
            self._panels.add(panel)

    # -- drawing --------------------------------------------------------------------------------
    def _moving(self) -> list:
        """The artists a change moves: every one with a ``gid``, in drawing order."""
        from ..plotting.style import artists_by_gid

        if self._moving_list is None:
            found = artists_by_gid(self.figure).values()
            self._moving_list = sorted(found, key=lambda a: a.get_zorder())
        return self._moving_list

    def png(self) -> bytes:
        """The figure as PNG bytes: the moving artists painted over the picture of the rest kept
        from the last draw; before that, the panels whose axes moved drawn again over it, or
        everything with the layout where a label or the panels changed (the first time too)."""
        from PIL import Image

        t0 = time.perf_counter()
        moving = self._moving()
        kind = "full" if self._background is None else "panels" if self._panels else "blit"
        if kind != "blit":  # the rest drawn with the moving artists transparent (the layout still sees them)
            alphas = [a.get_alpha() for a in moving]
            for a in moving:
                a.set_alpha(0.0)
            if kind == "panels":
                kind = self._draw_panels()
            if kind == "full":
                self._own_draw = True
                try:
                    self.canvas.draw()
                finally:
                    self._own_draw = False
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._panels.clear()
            for a, alpha in zip(moving, alphas):
                a.set_alpha(alpha)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for a in moving:
            if a.get_visible():
                a.draw(renderer)
        t1 = time.perf_counter()
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1).convert("RGB")  # opaque: a quarter less to encode
        out = io.BytesIO()
        image.save(out, format="png", compress_level=1)
        self.timings.update(draw=t1 - t0, encode=time.perf_counter() - t1, kind=kind)
        return out.getvalue()

    def _draw_panels(self) -> str:
        """Draw the panels whose axes moved over the last picture, in the layout they had:
        ``"panels"``, or ``"full"`` where a tick label now runs into its axis label or out of its
        panel (the layout must give it room)."""
        self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for panel in self._panels:
            panel.draw(renderer)
            if any(_crowded(ax, panel, renderer) for ax in panel.axes):
                return "full"
        return "panels"


def _crowded(ax, panel, renderer) -> bool:
    """True where a y tick label of ``ax`` overlaps its y-axis label, or either leaves ``panel``
    (matplotlib moves the axis label out of the way of wider tick labels)."""
    label = ax.yaxis.label.get_window_extent(renderer) if ax.yaxis.label.get_text() else None
    left = panel.bbox.x0
    if label is not None and label.x0 < left:
        return True
    for t in ax.yaxis.get_ticklabels():
        if not (t.get_visible() and t.get_text()):
            continue
        box = t.get_window_extent(renderer)
        if box.x0 < left or (label is not None and box.x0 < label.x1):
            return True
    return False
