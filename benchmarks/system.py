"""The machine and the versions a benchmark ran on, read without importing TensorFlow."""

import os
import platform
from importlib import metadata

import psutil


def cpu_model():
    """The CPU's model name (``/proc/cpuinfo`` on Linux, else ``platform.processor()``)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    """CPU model, logical/physical cores, memory in bytes, OS, and the current load average."""
    return {
        "cpu": cpu_model(),
        "logical_cores": psutil.cpu_count(logical=True),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory": psutil.virtual_memory().total,
        "os": f"{platform.system()} {platform.release()}",
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def _version(*distributions):
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def versions():
    """Python, TensorFlow, Keras, NumPy and the notebook machinery's versions."""
    return {
        "Python": platform.python_version(),
        "TensorFlow": _version("tensorflow-cpu", "tensorflow"),
        "Keras": _version("keras"),
        "NumPy": _version("numpy"),
        "nbclient": _version("nbclient"),
        "ipykernel": _version("ipykernel"),
    }
