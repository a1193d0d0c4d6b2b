"""Re-exports: importing the package registers every table."""

from .customers import Customer, Tier as CustomerTier
from .orders import *  # noqa: F401,F403

__all__ = ["Customer", "CustomerTier", "Order", "OrderLine"]
