"""Models of the example application: teams of heroes."""

from typing import Optional

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    headquarters: str


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)
    email: Optional[str] = Field(default=None, max_length=255, unique=True, index=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ondelete="SET NULL")


class Power(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=50)
    hero_id: int = Field(foreign_key="hero.id", ondelete="CASCADE")
