"""The two ipykernel internals the labs rely on, kept here so that an ipykernel upgrade breaks
only this module (tests/test_widgets.py checks both against the installed ipykernel)."""


def handling_browser_event():
    """True while the kernel handles a widget message from the browser (``comm_msg``)."""
    try:
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent()
    except Exception:  # no kernel (tests, scripts) or another kernel API
        return False
    return (parent or {}).get("header", {}).get("msg_type") == "comm_msg"


class UpdatableDisplays:
    """While active (it swaps the shell's ``display_pub.publish``), each display with a display
    id gets an Output widget whose content an update replaces, since JupyterLab ignores display
    updates inside an Output widget. Content goes in through ``outputs``, not ``with`` (whose
    ``__exit__`` would swallow a KeyboardInterrupt raised while drawing)."""

    def __init__(self):
        from unittest import mock

        from IPython import get_ipython

        publisher = getattr(get_ipython(), "display_pub", None)
        self._original = getattr(publisher, "publish", None)
        self._patch = None
        if publisher is not None:
            self._patch = mock.patch.object(publisher, "publish", self._publish)
        self._areas = {}

    def __enter__(self):
        if self._patch is not None:
            self._patch.start()
        return self

    def __exit__(self, *exc):
        if self._patch is not None:
            self._patch.stop()

    def _publish(self, data, metadata=None, **kwargs):
        display_id = (kwargs.get("transient") or {}).get("display_id")
        if display_id is None:
            return self._original(data, metadata, **kwargs)
        if display_id not in self._areas:
            import ipywidgets
            from IPython.display import display

            self._areas[display_id] = ipywidgets.Output()
            display(self._areas[display_id])  # no display id: goes to the real publisher
        self._areas[display_id].outputs = (
            {"output_type": "display_data", "data": data, "metadata": metadata or {}},
        )
