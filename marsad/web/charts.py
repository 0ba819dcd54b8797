"""Geometry of the dashboard's SVG charts, computed on the server (the templates draw them):
stacked bars over time, the actor network on a circle, points on an equirectangular map."""

from __future__ import annotations

import math
from typing import Any

QUAD_COLORS = {"1": "#4c9a6a", "2": "#1f6f43", "3": "#d08a3c", "4": "#b23a30"}
PALETTE = ["#3b6ea8", "#c05a2b", "#5a9c4b", "#8a5aa8", "#b0902d", "#2f8f8f", "#a83b6e", "#6b6b6b", "#3f4fa0", "#9c6b3b"]


def color(key: str, by: str) -> str:
    if by == "quad":
        return QUAD_COLORS.get(str(key), "#888")
    return PALETTE[(int(key) if str(key).isdigit() else sum(map(ord, str(key)))) % len(PALETTE)]


def bars(series: list[dict[str, Any]], by: str, width: int = 960, height: int = 320) -> dict[str, Any]:
    """Stacked bars: one per period, a block per key, with the Goldstein sum per period."""
    periods = sorted({s["period"] for s in series})
    keys = sorted({str(s["key"]) for s in series})
    if not periods:
        return {"width": width, "height": height, "bars": [], "keys": [], "ticks": [], "max": 0}
    per: dict[str, dict[str, dict[str, Any]]] = {}
    for s in series:
        per.setdefault(s["period"], {})[str(s["key"])] = s
    top = max(sum(v["events"] for v in per[p].values()) for p in periods) or 1
    pad_l, pad_b, pad_t = 40, 40, 10
    slot = (width - pad_l - 10) / len(periods)
    bw = max(1.0, slot * 0.8)
    out, ticks = [], []
    every = max(1, len(periods) // 8)
    for i, p in enumerate(periods):
        x = pad_l + i * slot
        y = height - pad_b
        gsum = 0.0
        blocks = []
        for k in keys:
            s = per[p].get(k)
            if not s:
                continue
            h = (height - pad_b - pad_t) * s["events"] / top
            y -= h
            gsum += s["goldstein"]
            blocks.append({"x": round(x, 1), "y": round(y, 1), "w": round(bw, 1), "h": round(h, 1), "color": color(k, by),
                           "title": f"{p} · {s['label']}: {s['events']} (Goldstein {s['goldstein']:+.1f})", "key": k})
        total = sum(v["events"] for v in per[p].values())
        out.append({"period": p, "blocks": blocks, "events": total, "goldstein": round(gsum, 1)})
        if i % every == 0:
            ticks.append({"x": round(x + bw / 2, 1), "label": p})
    labels = {str(s["key"]): s["label"] for s in series}
    return {"width": width, "height": height, "bars": out, "ticks": ticks, "max": top, "base": height - pad_b,
            "keys": [{"key": k, "label": labels[k], "color": color(k, by)} for k in keys], "left": pad_l}


def circle(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], size: int = 720) -> dict[str, Any]:
    """Nodes on a circle (most events first, from the top), edges as lines: width by event
    count, colour by mean Goldstein (green cooperation, red conflict)."""
    n = len(nodes)
    cx = cy = size / 2
    r = size / 2 - 150
    pos = {}
    placed = []
    top = max((nd["events"] for nd in nodes), default=1) or 1
    for i, nd in enumerate(nodes):
        a = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        pos[nd["id"]] = (x, y)
        lx, ly = cx + (r + 14) * math.cos(a), cy + (r + 14) * math.sin(a)
        placed.append({**nd, "x": round(x, 1), "y": round(y, 1), "r": round(4 + 10 * math.sqrt(nd["events"] / top), 1),
                       "lx": round(lx, 1), "ly": round(ly, 1), "anchor": "start" if math.cos(a) >= 0 else "end"})
    emax = max((e["events"] for e in edges), default=1) or 1
    lines = []
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        g = e["mean_goldstein"]
        col = "#2e8b57" if g > 1 else "#c0392b" if g < -1 else "#8a8a8a"
        lines.append({**e, "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
                      "w": round(0.6 + 5 * e["events"] / emax, 2), "color": col})
    return {"size": size, "nodes": placed, "edges": lines}


def world(points: list[dict[str, Any]], backdrop: list[tuple[float, float]], width: int = 960) -> dict[str, Any]:
    """An equirectangular projection (x from longitude, y from latitude) of event points, over
    a graticule and a faint dot at every known country centre."""
    height = width / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return round((lon + 180) / 360 * width, 1), round((90 - lat) / 180 * height, 1)

    top = max((p["events"] for p in points), default=1) or 1
    pts = []
    for p in points:
        x, y = xy(p["lat"], p["lon"])
        pts.append({**p, "x": x, "y": y, "r": round(3 + 14 * math.sqrt(p["events"] / top), 1)})
    grid = [{"x1": 0, "y1": xy(lat, 0)[1], "x2": width, "y2": xy(lat, 0)[1]} for lat in range(-60, 90, 30)]
    grid += [{"x1": xy(0, lon)[0], "y1": 0, "x2": xy(0, lon)[0], "y2": height} for lon in range(-150, 180, 30)]
    dots = [dict(zip(("x", "y"), xy(lat, lon))) for lat, lon in backdrop]
    # the view: the points' region with a margin (at least a quarter of the world), 2:1
    view = [0.0, 0.0, float(width), height]
    if pts:
        x0, x1 = min(p["x"] for p in pts), max(p["x"] for p in pts)
        y0, y1 = min(p["y"] for p in pts), max(p["y"] for p in pts)
        w = max(x1 - x0 + 120, width / 4, 2 * (y1 - y0 + 120))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        vx = min(max(0.0, cx - w / 2), width - w)
        vy = min(max(0.0, cy - w / 4), height - w / 2)
        view = [round(vx, 1), round(vy, 1), round(w, 1), round(w / 2, 1)]
    for i, p in enumerate(pts):
        p["label"] = i < 20
    return {"width": width, "height": round(height), "points": pts, "grid": grid, "dots": dots,
            "view": " ".join(str(v) for v in view), "scale": round(view[2] / width, 3)}
