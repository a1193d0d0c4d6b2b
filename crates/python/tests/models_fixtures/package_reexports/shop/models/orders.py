from typing import Optional

from sqlmodel import Field, Relationship, SQLModel

from shop.core import types as t
from shop.core.mixins import Keyed
from shop.models import enums
from . import customers as c


class Order(Keyed, table=True):
    __tablename__ = "orders"
    customer_id: int = Field(foreign_key="customer.id")
    state: enums.State = enums.State.OPEN
    total: t.Money
    customer: Optional[c.Customer] = Relationship()


class OrderLine(SQLModel, table=True):
    order_id: int = Field(foreign_key="orders.id", primary_key=True)
    line: int = Field(primary_key=True)
    label: t.ShortText
    price: t.Money = Field(ge=0)
