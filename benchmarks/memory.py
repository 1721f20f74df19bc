"""Peak resident memory of a process and its children, sampled in a background thread."""

import threading

import psutil


def tree_rss(process):
    """Resident bytes of ``process`` plus all its descendants (0 for those already gone)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


class RssSampler:
    """Polls ``tree_rss`` of a process every ``interval`` seconds; ``peak`` is the largest, bytes.

    Use as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(self, pid, interval=0.05):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while True:
            self.peak = max(self.peak, tree_rss(self.process))
            self.samples += 1
            if self._stop.wait(self.interval):
                break

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        """Stop polling (after one last sample); returns the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
