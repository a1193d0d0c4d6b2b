"""A second link table with an extra column and ON DELETE CASCADE keys,
a one-to-many relationship with a new FK column."""

from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel


class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    heroes: List["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)
    missions: List["Mission"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    teams: List[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="missions")


class MissionHero(SQLModel, table=True):
    mission_id: int = Field(foreign_key="mission.id", primary_key=True, ondelete="CASCADE")
    hero_id: int = Field(foreign_key="hero.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(default="member", max_length=20)
