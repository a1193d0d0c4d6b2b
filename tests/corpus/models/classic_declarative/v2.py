"""A table added, a column dropped, a server default changed, an index
added through index=True on a Column."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customer"
    id = Column(Integer, primary_key=True)
    email = Column(String(120), nullable=False, unique=True)
    score = Column(sa.Numeric(6, 2), server_default="10")
    city = Column(String(40), index=True)


class Invoice(Base):
    __tablename__ = "invoice"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customer.id"), nullable=False, index=True)
    total = Column(sa.Numeric(10, 2), nullable=False)


class Payment(Base):
    __tablename__ = "payment"
    id = Column(Integer, primary_key=True)
    invoice_id = Column(Integer, ForeignKey("invoice.id", ondelete="CASCADE"), nullable=False)
    amount = Column(sa.Numeric(10, 2), nullable=False)
