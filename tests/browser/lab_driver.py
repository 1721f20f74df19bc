"""What a student does in JupyterLab, done by Playwright: open a notebook, run it, use its labs.

The server runs with ``--expose-app-in-browser``, so the page can ask JupyterLab itself (its
notebook model, its kernel) instead of guessing from pixels. JupyterLab is in Spanish (the
course's overrides), so menus are found by their Spanish names.
"""

import re
import time

# The menu bar of the Spanish JupyterLab. The es-ES language pack (4.5.post3) has no Spanish name
# for the Run, Kernel and Tabs menus yet: those are accepted in both languages.
SPANISH_MENUS = ["Archivo", "Editar", "Ver", "Configuración", "Ayuda"]
RUN_MENU = ("Ejecutar", "Run")
RUN_ALL_CELLS = "Ejecutar todas las celdas"
# Seconds the kernel must stay idle, with no cell queued, before the page is read: after "Run
# all" (the cells may take a moment to show as queued) and after a lab's run was seen to end.
IDLE_SETTLE = 1.5
AFTER_RUN_SETTLE = 0.5

# Records every dialog JupyterLab opens (a kernel-selection dialog among them), even briefly.
RECORD_DIALOGS = """
window.__dialogs = [];
new MutationObserver(() => {
  for (const d of document.querySelectorAll('.jp-Dialog')) {
    if (!d.__seen) { d.__seen = true; window.__dialogs.push(d.textContent.trim().slice(0, 300)); }
  }
}).observe(document, {childList: true, subtree: true});
"""

# The notebook panel of ``path`` in the main area (not another view of the same file, such as
# RISE's slideshow preview).
CURRENT_NOTEBOOK = """
(path) => {
  if (!window.jupyterapp) return null;
  for (const w of window.jupyterapp.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.sessionContext && w.content) return w;
  }
  return null;
}
"""

OPEN_READY = f"""
async (path) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  await panel.context.ready;
  await panel.sessionContext.ready;
  window.jupyterapp.shell.collapseLeft();
  window.jupyterapp.shell.activateById(panel.id);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return kernel ? kernel.name : null;
}}
"""

KERNEL_STATE = f"""
(path) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const pending = [...panel.node.querySelectorAll('.jp-InputPrompt')]
    .filter(p => p.textContent.includes('*')).length;
  return {{status: kernel ? kernel.status : 'none', pending}};
}}
"""

CELLS = f"""
(path) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  return panel.content.widgets.map((cell, index) => {{
    const model = cell.model;
    const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
    const shown = [...cell.node.querySelectorAll(
      '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')];
    return {{
      index, type: model.type,
      count: model.type === 'code' ? model.executionCount : null,
      errors: outputs.filter(o => o.output_type === 'error')
                     .map(o => `${{o.ename}}: ${{o.evalue}}`),
      widgets: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json'])
                      .length,
      rendered: shown.filter(o => o.querySelector('.jupyter-widgets')).length,
    }};
  }});
}}
"""

# What a student would see wrong in the rendered outputs (widgets' own outputs included):
# tracebacks, widgets that did not render, widgets shown as their Python repr.
WIDGET_REPR = r"^\\s*[A-Z]\\w*\\((children|value|layout|description|outputs)="
RENDERED = f"""
(path) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  const problems = [];
  panel.content.widgets.forEach((cell, index) => {{
    for (const out of cell.node.querySelectorAll('.jp-OutputArea-output')) {{
      const text = out.textContent || '';
      const mime = out.getAttribute('data-mime-type') || '';
      if (text.includes('Traceback (most recent call last)'))
        problems.push(`celda ${{index}}: traceback: ${{text.slice(0, 400)}}`);
      if (/Loading widget|Error displaying widget/i.test(text))
        problems.push(`celda ${{index}}: widget sin mostrar: ${{text.slice(0, 200)}}`);
      if (mime === 'text/plain' && new RegExp('{WIDGET_REPR}').test(text))
        problems.push(`celda ${{index}}: widget mostrado como texto: ${{text.slice(0, 200)}}`);
    }}
  }});
  return problems;
}}
"""


# Inserts a code cell after the one tagged "parameters" in the open copy of the notebook (as
# papermill does with a file); false when no cell has that tag.
ADD_PARAMETERS = f"""
([path, source]) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  const index = panel.content.widgets.findIndex(
    cell => (cell.model.getMetadata('tags') || []).includes('parameters'));
  if (index < 0) return false;
  panel.content.model.sharedModel.insertCell(index + 1, {{cell_type: 'code', source}});
  return true;
}}
"""

# Runs code in the notebook's kernel outside any cell; returns the reply's status.
EXECUTE = f"""
async ([path, code]) => {{
  const panel = ({CURRENT_NOTEBOOK})(path);
  const kernel = panel.sessionContext.session.kernel;
  const reply = await kernel.requestExecute({{code, store_history: false}}).done;
  const content = reply.content;
  return content.status === 'error' ? `${{content.ename}}: ${{content.evalue}}` : content.status;
}}
"""


def _exactly(text):
    return re.compile(f"^{re.escape(text)}$")


class Notebook:
    """One notebook open in JupyterLab, in one Playwright page."""

    def __init__(self, page, lab, path):
        self.page, self.lab, self.path = page, lab, path

    def js(self, script):
        return self.page.evaluate(script, self.path)

    def open(self, timeout=120):
        """Open the notebook and wait for its kernel; returns the kernel's name."""
        self.page.add_init_script(RECORD_DIALOGS)
        self.page.goto(f"{self.lab.url}/lab/tree/{self.path}?token={self.lab.token}&reset")
        self.page.wait_for_function(
            f"(path) => !!({CURRENT_NOTEBOOK})(path)", arg=self.path, timeout=timeout * 1000
        )
        return self.page.evaluate(OPEN_READY, self.path)

    def add_parameters(self, source):
        """Put a cell with ``source`` after the cell tagged ``parameters``, in JupyterLab's copy
        only (autosave is off); False when the notebook has no such cell."""
        return self.page.evaluate(ADD_PARAMETERS, [self.path, source])

    def execute(self, code):
        """Run ``code`` in the kernel, outside the cells; returns "ok" or the error."""
        return self.page.evaluate(EXECUTE, [self.path, code])

    def dialogs(self):
        return self.page.evaluate("() => window.__dialogs || []")

    def notifications(self):
        """Texts of JupyterLab's toasts (e.g. the news question the course's settings turn off)."""
        return self.page.evaluate(
            "() => [...document.querySelectorAll('.Toastify__toast')].map(t => t.textContent)"
        )

    def run_all(self, timeout=240):
        """Run every cell as a student does: Ejecutar → Ejecutar todas las celdas."""
        self.menu(RUN_MENU, RUN_ALL_CELLS)
        self.wait_idle(timeout)

    def menu_bar(self):
        """The labels of the main menu bar, left to right."""
        return self.page.locator(".lm-MenuBar-itemLabel").all_inner_texts()

    def menu(self, names, item):
        """Open the main menu called one of ``names`` and click its entry ``item``."""
        names = (names,) if isinstance(names, str) else names
        label = next((n for n in self.menu_bar() if n in names), None)
        assert label, f"no menu called {names} in {self.menu_bar()}"
        self.page.locator(".lm-MenuBar-item", has_text=_exactly(label)).first.click()
        entry = self.page.locator(".lm-Menu .lm-Menu-item").filter(
            has=self.page.locator(".lm-Menu-itemLabel", has_text=_exactly(item))
        )
        entry.first.click()

    def language(self):
        """The language JupyterLab set on the page (``es-ES`` when the Spanish pack is in use)."""
        return self.page.evaluate("() => document.documentElement.lang")

    def status_bar(self):
        return self.page.locator("#jp-main-statusbar").inner_text()

    def wait_idle(self, timeout=240, settle=IDLE_SETTLE):
        """Wait until no cell is queued and the kernel has stayed idle for ``settle`` seconds."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            state = self.js(KERNEL_STATE)
            if state["status"] == "idle" and state["pending"] == 0:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= settle:
                    return
            else:
                idle_since = None
            time.sleep(0.25)
        raise AssertionError(f"{self.path}: the kernel was still busy after {timeout} s")

    def cells(self):
        return self.js(CELLS)

    def rendered(self):
        return self.js(RENDERED)

    def wait_widgets_rendered(self, timeout=30):
        """Wait until every widget output shows a widget; returns ``cells()`` at that point."""
        deadline = time.monotonic() + timeout
        cells = self.cells()
        while any(c["rendered"] < c["widgets"] for c in cells) and time.monotonic() < deadline:
            time.sleep(0.25)
            cells = self.cells()
        return cells

    def labs(self):
        """The labs of the notebook, one per "Entrenar" button."""
        buttons = self.page.locator("button.jupyter-button", has_text="Entrenar")
        return [LabPanel(self, buttons.nth(i)) for i in range(buttons.count())]

    def interrupt_kernel(self):
        self.js(f"(path) => ({CURRENT_NOTEBOOK})(path).sessionContext.session.kernel.interrupt()")

    def select_cell(self, index):
        """Make cell ``index`` the active cell, as a click on it would."""
        self.page.evaluate(
            f"([path, index]) => {{ ({CURRENT_NOTEBOOK})(path).content.activeCellIndex = index; }}",
            [self.path, index],
        )

    def shutdown(self):
        self.js(
            f"async (path) => {{ await ({CURRENT_NOTEBOOK})(path).sessionContext.shutdown(); }}"
        )

    def screenshot(self, path, max_height=15000):
        """The whole notebook in one picture: the window grows to the notebook's height."""
        height = self.js(
            f"""(path) => {{
              const panel = ({CURRENT_NOTEBOOK})(path);
              const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                               || panel.content.node;
              scroller.scrollTop = 0;
              return scroller.scrollHeight + 160;
            }}"""
        )
        width = self.page.viewport_size["width"]
        self.page.set_viewport_size({"width": width, "height": min(max(height, 900), max_height)})
        self.page.wait_for_timeout(800)
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size({"width": width, "height": 900})


class LabPanel:
    """A lab: the widget box around an "Entrenar" button, with its controls, status and plot."""

    def __init__(self, notebook, button):
        self.notebook, self.button = notebook, button
        self.box = button.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
        self.status = button.locator("xpath=following-sibling::*[1]")
        # The training output is the panel's last output area (a preview may come before it).
        self.output = self.box.locator(":scope > .widget-output").last

    def status_text(self):
        return self.status.inner_text().strip()

    def images(self):
        return self.output.locator("img").evaluate_all("els => els.map(e => e.src)")

    def output_text(self):
        return self.output.inner_text()

    def run_number(self):
        """The run counter the TrainingPanel status shows ("ejecución N"), or None."""
        found = re.search(r"ejecución (\d+)", self.status_text())
        return int(found.group(1)) if found else None

    def change_a_control(self):
        """Move one control by a small step, as a student would; returns what changed."""
        for slider in self.box.locator(".widget-slider, .widget-hslider").all():
            readout = slider.locator(".widget-readout")
            handle = slider.locator(".noUi-handle").first
            if not readout.count() or not handle.count():
                continue
            before = readout.first.inner_text()
            for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
                handle.focus()
                handle.press(key)
                self.notebook.page.wait_for_timeout(200)
                after = readout.first.inner_text()
                if after != before:
                    label = slider.locator(".widget-label").first.inner_text()
                    return f"{label}: {before} → {after}"
        for select in self.box.locator("select").all():
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("s => s.options[s.selectedIndex].text")
            other = next((o for o in options if o != current), None)
            if other is not None:
                select.select_option(label=other)
                return f"{current} → {other}"
        for number in self.box.locator("input[type=number]").all():
            before = number.input_value()
            for key in ("ArrowUp", "ArrowDown", "ArrowDown"):
                number.press(key)
                if number.input_value() != before:
                    number.press("Enter")
                    return f"{before} → {number.input_value()}"
        for checkbox in self.box.locator("input[type=checkbox]").all():
            checkbox.click()
            return "casilla cambiada"
        return None

    def train(self, timeout=180):
        """Click "Entrenar" and wait for the run to finish; returns the status text."""
        self.watch_status()
        self.button.click()
        self.wait_finished(timeout)
        return self.status_text()

    def watch_status(self):
        """Count changes of the status line from now on (the text may end as it was before)."""
        self.status.evaluate(
            """el => {
              el.__changes = 0;
              if (el.__observer) el.__observer.disconnect();
              el.__observer = new MutationObserver(() => { el.__changes += 1; });
              el.__observer.observe(el, {childList: true, subtree: true, characterData: true});
            }"""
        )

    def wait_finished(self, timeout=180):
        """Wait until the status changed since ``watch_status()`` and training is over."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            changed = self.status.evaluate("el => el.__changes > 0")
            text = self.status_text()
            if changed and "Entrenando" not in text and self.button.is_enabled():
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the lab did not finish within {timeout} s: {self.status_text()}")
        # The run is seen to be over: a short settle is enough for what the click left queued.
        self.notebook.wait_idle(timeout, settle=AFTER_RUN_SETTLE)
