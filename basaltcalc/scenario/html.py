"""HTML rendering of a Scenario for notebooks: choices, element groups, the inputs by origin."""
from __future__ import annotations

import html

__all__ = ["scenario_html"]


def _si(inp) -> str:
    unit = "" if str(inp.unit) == "dimensionless" else f" {inp.unit:~}"
    return f"{inp.si:.6g}{unit}"


def scenario_html(sc) -> str:
    """Tables of a scenario: what is compared, the element groups, every input (file first).

    Inputs given by the file (or an override) are listed in full; catalogue defaults are folded
    under a ``<details>`` with their sources.
    """
    e = html.escape
    comps = ", ".join(c["label"] for c in (getattr(sc, "comparators", None) or [])) or sc.earth_material
    out = [f"<p><b>{e(sc.name)}</b></p><p>{e(sc.description or '')}</p><table><tbody>"]
    rows = [("in-situ", f"{sc.insitu_material} by {sc.route}"), ("Earth", comps), ("site", sc.site),
            ("power", sc.power), ("transport", sc.transport_preset or "from the file"),
            ("file", sc.file or "(built in Python)")]
    out += [f"<tr><th style='text-align:left'>{e(k)}</th><td style='text-align:left'>{e(str(v))}</td></tr>"
            for k, v in rows]
    out.append("</tbody></table><table><thead><tr><th>element group</th><th>kind</th><th>count</th></tr>"
               "</thead><tbody>")
    out += [f"<tr><td style='text-align:left'>{e(g['name'])}</td><td>{e(g['kind'])}</td><td>{g['count']:,}</td></tr>"
            for g in sc.elements]
    out.append("</tbody></table>")
    given = [(p, i) for p, i in sc.inputs.items() if i.origin != "default"]
    defaults = [(p, i) for p, i in sc.inputs.items() if i.origin == "default"]
    out.append("<table><thead><tr><th>input from the file</th><th>value (SI)</th></tr></thead><tbody>")
    out += [f"<tr><td style='text-align:left'><code>{e(p)}</code></td><td>{e(_si(i))}</td></tr>" for p, i in given]
    out.append(f"</tbody></table><details><summary>{len(defaults)} inputs from catalogue defaults</summary>"
               "<table><thead><tr><th>input</th><th>value</th><th>source</th></tr></thead><tbody>")
    out += [f"<tr><td style='text-align:left'><code>{e(p)}</code></td>"
            f"<td>{e(i.default.describe() if i.default is not None else _si(i))}</td>"
            f"<td>{e(i.default.source if i.default is not None else '')}</td></tr>" for p, i in defaults]
    out.append("</tbody></table></details>")
    return "".join(out)
