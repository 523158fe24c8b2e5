"""ces-nlp: effort-driver labelling for Customer Effort Score survey answers."""

from .artifact import DriverModel, load_model
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["DriverModel", "Taxonomy", "load_model", "load_taxonomy"]
__version__ = "0.1.0"
