from typing import Optional

from sqlmodel import Field, SQLModel

from ..core import Email, Keyed, ShortText, Stamped
from .enums import Tier


class Customer(Stamped, Keyed, table=True):
    email: Email
    nick: ShortText
    tier: Tier = Tier.FREE
    referrer_id: Optional[int] = Field(default=None, foreign_key="customer.id", ondelete="SET NULL")
