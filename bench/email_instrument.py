"""Time email_tracking.links.instrument on a typical 30 KB newsletter (about 40 links).

    DATABASE_URL=sqlite:////tmp/bench-email.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench-email.sqlite3 .venv/bin/python manage.py shell \
        -c "import bench.email_instrument as b; b.run()"

Needs a migrated database only for the consent look-up (one query per call).
"""
import time

from email_tracking.links import instrument


def typical_newsletter():
    block = ('<tr><td style="padding:12px;font-family:Georgia,serif"><a href="https://larder.example/shop/catalogue/'
             'damson-jam_{n}/?utm_source=newsletter&amp;utm_medium=email"><img src="https://larder.example/media/'
             'p{n}.jpg" width="280" alt="Damson jam"></a><h2>Damson jam {n}</h2><p>Slow-cooked in small batches '
             'with stones left in for depth; lovely on toast, in a Bakewell tart or beside a sharp cheese.</p>'
             '<a class="button" href="https://larder.example/shop/catalogue/damson-jam_{n}/">Buy now</a></td></tr>')
    rows = "".join(block.format(n=n) for n in range(40))
    footer = ('<a href="http://127.0.0.1:8000/newsletter/unsubscribe/abc/">Unsubscribe</a> '
              '<a href="mailto:hello@larder.example">hello@larder.example</a>')
    html = f"<html><body><table>{rows}</table>{footer}</body></html>"
    while len(html) < 30_000:
        html = html.replace("</table>", f"<tr><td>{'Autumn in the larder. ' * 20}</td></tr></table>", 1)
    return html


def run(rounds=500):
    html = typical_newsletter()
    instrument(html, key="newsletter:1:1", email="bench@example.com")
    start = time.perf_counter()
    for n in range(rounds):
        instrument(html, key=f"newsletter:1:{n}", email="bench@example.com")
    each = (time.perf_counter() - start) / rounds
    print(f"{len(html) / 1000:.1f} KB, {html.count('href=')} links: {each * 1000:.2f} ms per recipient; "
          f"50,000 recipients: {each * 50_000:.0f} s")
