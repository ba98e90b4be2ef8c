"""Charts drawn on the server as inline SVG: no JavaScript library, no external service.

Each chart in a result points at one of its tables (label column + value columns), so the
picture always shows the numbers in the table beside it. Floats are used only for drawing.
"""
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

COLOURS = ["#2f5d50", "#c8743b", "#6b8fb3", "#a33b3b"]
WIDTH, HEIGHT, PAD = 640, 240, 40
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 180
MAX_BARS = 15


def series(result, spec):
    tab = next(t for t in result["tables"] if t["key"] == spec["table"])
    keys = [c["key"] for c in tab["columns"]]
    labels = [str(row[keys.index(spec["label"])]) for row in tab["rows"]]
    columns = {c["key"]: c["label"] for c in tab["columns"]}
    values = [(columns[v], [float(row[keys.index(v)] or 0) for row in tab["rows"]]) for v in spec["values"]]
    return labels, values


def render(result, spec):
    labels, values = series(result, spec)
    if not labels:
        return format_html('<p class="chart-empty">No data for “{}”.</p>', spec["title"])
    draw = line_chart if spec["kind"] == "line" else bar_chart
    return format_html('<figure class="report-chart"><figcaption>{}</figcaption>{}</figure>', spec["title"],
                       draw(labels, values, spec["title"]))


def legend(values):
    return format_html_join("", '<span class="legend-item"><i style="background:{}"></i>{}</span>',
                            ((COLOURS[i % len(COLOURS)], name) for i, (name, _) in enumerate(values)))


def line_chart(labels, values, title):
    top = max([max(v) for _, v in values] + [0]) or 1
    step = (WIDTH - 2 * PAD) / max(len(labels) - 1, 1)

    def point(i, v):
        return f"{PAD + i * step:.1f},{HEIGHT - PAD - (v / top) * (HEIGHT - 2 * PAD):.1f}"

    lines = format_html_join("", '<polyline fill="none" stroke="{}" stroke-width="2" points="{}">'
                                 '<title>{}</title></polyline>',
                             ((COLOURS[n % len(COLOURS)], " ".join(point(i, v) for i, v in enumerate(vals)), name)
                              for n, (name, vals) in enumerate(values)))
    axis = format_html(
        '<line x1="{p}" y1="{b}" x2="{r}" y2="{b}" stroke="#999"/><text x="{p}" y="{t}" font-size="11">{top}</text>'
        '<text x="{p}" y="{lb}" font-size="11">{first}</text>'
        '<text x="{r}" y="{lb}" font-size="11" text-anchor="end">{last}</text>',
        p=PAD, b=HEIGHT - PAD, r=WIDTH - PAD, t=PAD - 8, lb=HEIGHT - PAD + 16, top=f"{top:,.2f}",
        first=labels[0], last=labels[-1])
    return format_html('<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart-svg">{}{}</svg>'
                       '<div class="chart-legend">{}</div>', WIDTH, HEIGHT, title, axis, lines, legend(values))


def bar_chart(labels, values, title):
    name, vals = values[0]
    pairs = list(zip(labels, vals, strict=True))[:MAX_BARS]
    top = max([v for _, v in pairs] + [0]) or 1
    height = len(pairs) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    span = WIDTH - LABEL_WIDTH - 90
    rows = []
    for i, (label, value) in enumerate(pairs):
        y, width = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP), max(value / top * span, 1)
        shown = f"{value:,.2f}".removesuffix(".00")
        rows.append((LABEL_WIDTH - 8, y + 15, label[:28], LABEL_WIDTH, y, f"{width:.1f}", BAR_HEIGHT, COLOURS[0],
                     label, shown, f"{LABEL_WIDTH + width + 6:.1f}", y + 15, shown))
    bars = format_html_join(
        "", '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" font-size="12">{}</text>', rows)
    return format_html('<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart-svg">{}</svg>',
                       WIDTH, height, f"{title} ({name})", bars)


def render_all(result):
    return mark_safe("".join(render(result, spec) for spec in result.get("charts", [])))  # each piece escaped above
