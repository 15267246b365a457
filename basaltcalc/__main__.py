"""``python -m basaltcalc`` runs the command line."""
from .cli import entry

entry()
