"""A small text progress bar for long-running management commands.

Written here rather than pulled in from a library because all we need is one line per
stage: redrawn in place on a terminal, printed once when output goes to a file or a
pipe (logs then stay readable), and nothing at all at --verbosity 0.
"""


class Progress:
    """One stage of work, e.g. ``Products [#####.....] 30/64``."""

    width = 20

    def __init__(self, stream, label, total, *, enabled=True):
        self.stream = stream
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.enabled = enabled
        isatty = getattr(stream, "isatty", None)
        self.interactive = bool(isatty and isatty())

    def __enter__(self):
        if self.interactive:
            self._draw(end="")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.finish()
        elif self.enabled and self.interactive:
            self.stream.write("\n")
        return False

    def advance(self, step=1):
        self.done = min(self.done + step, self.total)
        if self.interactive:
            self._draw(end="")

    def finish(self, note=""):
        """Complete the bar and end its line; `note` says e.g. that nothing needed doing."""
        if self.done is None:
            return
        self.done = self.total
        self._draw(end="\n", note=note)
        self.done = None  # finished: a second finish() (from __exit__) prints nothing

    def line(self, note=""):
        filled = self.width if not self.total else round(self.width * self.done / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        text = f"{self.label:<12} [{bar}] {self.done}/{self.total}"
        return f"{text}  {note}" if note else text

    def _draw(self, end, note=""):
        if not self.enabled:
            return
        prefix = "\r" if self.interactive else ""
        # Django's OutputWrapper appends "\n" unless told otherwise; plain streams don't take `ending`.
        try:
            self.stream.write(prefix + self.line(note) + end, ending="")
        except TypeError:
            self.stream.write(prefix + self.line(note) + end)
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()
