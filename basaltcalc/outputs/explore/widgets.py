"""The explorer in Jupyter: sliders, dropdowns, the headline, the figure and a save button, a thin
layer of ipywidgets (the ``explore`` extra: ``pip install 'basaltcalc[explore]'``) over
:class:`~.state.Explorer`.

Every widget event calls :meth:`Explorer.set <.state.Explorer.set>` and shows what it gives: the
headline, the figure (a PNG drawn as little as the change needs, :mod:`.view`), the inputs moved
with their sources, or the located message of an infeasible case above the last valid figure.
"""
from __future__ import annotations

import html
import math

__all__ = ["explorer_widget", "ExplorerWidget"]

#: Significant digits a slider sets (the file written shows them as set). [-]
DIGITS = 4
#: Steps across a slider's range. [-]
STEPS = 200


def explorer_widget(explorer, continuous: bool = False):
    """The widgets of ``explorer`` (an ipywidgets ``VBox``); ``continuous``: evaluate while a
    slider is dragged (else when it is let go)."""
    return ExplorerWidget(explorer, continuous).box


def _imports():
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - the extra not installed
        raise ImportError("the explorer's sliders need ipywidgets: pip install 'basaltcalc[explore]' "
                          "(the explorer itself runs without them: ex.set(...), ex.headline, ex.figure)") from None
    return ipywidgets


def _escape(text) -> str:
    from ...text import printable

    return html.escape(printable(str(text), keep_newlines=True))


def _rounded(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


class ExplorerWidget:
    """The widgets over one explorer; :attr:`box` is what a notebook shows."""

    def __init__(self, explorer, continuous: bool = False):
        w = _imports()
        self.explorer, self.continuous, self._quiet = explorer, continuous, False
        self.dropdowns = {path: self._dropdown(w, c) for path, c in explorer.choices.items()}
        self.sliders: dict = {}
        self.slider_box = w.VBox()
        self.headline = w.HTML()
        self.image = w.Image(format="png")
        self.moved = w.HTML()
        self.path = w.Text(value="explored.yaml", description="file", layout=w.Layout(width="22em"))
        save = w.Button(description="save as scenario", icon="save",
                        tooltip="write the explored case as a scenario file (only the inputs changed)")
        reset = w.Button(description="reset", icon="undo", tooltip="back to the scenario's own values")
        save.on_click(self._save)
        reset.on_click(self._reset)
        self.status = w.HTML()
        title = w.HTML(f"<b>{_escape(explorer.scenario.name)}</b>")
        self.box = w.VBox([title, w.HBox([w.VBox(list(self.dropdowns.values())), self.slider_box]),
                           self.headline, self.image, self.moved,
                           w.HBox([self.path, save, reset, self.status])])
        self._sliders(w)
        self._show()
        explorer._listeners.append(self._refresh)  # a script's ex.set(...) moves the widgets too

    # -- making the widgets ---------------------------------------------------------------------
    def _dropdown(self, w, choice):
        options = [("(none: the file's own transport)" if o is None else o, o) for o in choice.options]
        dd = w.Dropdown(options=options, value=choice.start, description=choice.label,
                        style={"description_width": "12em"}, layout=w.Layout(width="30em"))
        dd.observe(lambda change, path=choice.path: self._changed(path, change["new"]), names="value")
        return dd

    def _sliders(self, w=None) -> None:
        """One slider per control of the explorer (made again where the choices changed them)."""
        w = w or _imports()
        values = self.explorer.values
        paths = [c.path for c in self.explorer.controls]
        if paths == list(self.sliders):
            return
        self.sliders = {c.path: self._slider(w, c, values[c.path].m) for c in self.explorer.controls}
        self.slider_box.children = list(self.sliders.values())

    def _slider(self, w, c, value):
        common = dict(description=c.label, continuous_update=self.continuous, readout_format=".4g",
                      style={"description_width": "22em"}, layout=w.Layout(width="44em"),
                      tooltip=f"{c.path}: {c.low:g}-{c.high:g} {c.unit} ({c.source})")
        if c.path.endswith(".count"):
            s = w.IntSlider(value=int(value), min=int(max(1, c.low)), max=int(math.ceil(c.high)), **common)
        elif c.log:
            s = w.FloatLogSlider(value=value, base=10, min=math.log10(c.low), max=math.log10(c.high),
                                 step=math.log10(c.high / c.low) / STEPS, **common)
        else:
            s = w.FloatSlider(value=value, min=c.low, max=c.high, step=(c.high - c.low) / STEPS, **common)
        s.observe(lambda change, path=c.path: self._changed(path, change["new"]), names="value")
        return s

    # -- events ---------------------------------------------------------------------------------
    def _changed(self, path, value) -> None:
        if self._quiet:
            return
        from ...errors import BasaltcalcError

        if isinstance(value, float):
            value = _rounded(value)
        try:
            self.explorer.set(path, value)  # shown by _refresh, the explorer's listener
        except BasaltcalcError as exc:  # a bad value: nothing changed
            self.status.value = f"<span style='color:#b00'>{_escape(exc)}</span>"
            return
        self.status.value = ""

    def _refresh(self) -> None:
        self._sync()
        self._show()

    def _save(self, _button) -> None:
        from ...errors import BasaltcalcError

        try:
            path = self.explorer.to_yaml(self.path.value)
        except BasaltcalcError as exc:
            self.status.value = f"<span style='color:#b00'>{_escape(exc)}</span>"
            return
        self.status.value = (f"wrote {_escape(path)}; <code>basaltcalc run {_escape(path)}</code> "
                             "gives the same answer")

    def _reset(self, _button) -> None:
        self.explorer.reset()

    def _sync(self) -> None:
        """The widgets brought to the explorer's values (after a reset or new choices), quietly."""
        self._quiet = True
        try:
            self._sliders()
            values = self.explorer.values
            for path, dd in self.dropdowns.items():
                dd.value = values[path]
            for path, s in self.sliders.items():
                if _rounded(s.value) != _rounded(values[path].m):
                    s.value = values[path].m
        finally:
            self._quiet = False

    # -- what is shown ------------------------------------------------------------------------
    def _show(self) -> None:
        ex = self.explorer
        text = _escape(ex.headline)
        if ex.error is not None:
            text = (f"<div style='color:#b00;border-left:3px solid #b00;padding-left:6px'>"
                    f"<b>infeasible:</b> {_escape(ex.error)}<br><i>the figures and numbers below are "
                    f"the last feasible case's</i></div>" + f"<pre style='opacity:.6'>{text}</pre>")
        else:
            text = f"<pre>{text}</pre>"
            self.image.value = ex.png()
        self.headline.value = text
        self.moved.value = moved_html(ex.moved())


def moved_html(rows) -> str:
    """The inputs and choices moved from the scenario's own, with their sources, as an HTML table."""
    if not rows:
        return "<i>every input at the scenario's own value</i>"
    head = "".join(f"<th style='text-align:left'>{h}</th>" for h in ("input", "now", "was", "range", "source"))
    body = "".join(
        "<tr" + ("" if r["used"] else " style='opacity:.5' title='not used by the current choices'") + ">"
        + "".join(f"<td>{_escape(r[k])}</td>" for k in ("path", "value", "was", "range", "source")) + "</tr>"
        for r in rows)
    return f"<b>moved from the scenario's own values</b><table>{'<tr>' + head + '</tr>'}{body}</table>"
