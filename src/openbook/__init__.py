"""openbook: a company's public transparency hub, built with MkDocs and Material."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("openbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
