"""The first link table removed (and its relationships)."""

from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    missions: List["Mission"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="missions")


class MissionHero(SQLModel, table=True):
    mission_id: int = Field(foreign_key="mission.id", primary_key=True, ondelete="CASCADE")
    hero_id: int = Field(foreign_key="hero.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(default="member", max_length=20)
