from .types import Email, Money, ShortText  # noqa: F401
from .mixins import *  # noqa: F401,F403
