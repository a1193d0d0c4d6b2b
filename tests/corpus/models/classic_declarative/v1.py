"""Classic declarative: declarative_base() and Column attributes."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customer"
    id = Column(Integer, primary_key=True)
    email = Column(String(120), nullable=False, unique=True)
    nickname = Column(String(30))
    score = Column(sa.Numeric(6, 2), server_default="0")


class Invoice(Base):
    __tablename__ = "invoice"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customer.id"), nullable=False, index=True)
    total = Column(sa.Numeric(10, 2), nullable=False)
