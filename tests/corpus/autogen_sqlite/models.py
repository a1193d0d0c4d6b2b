"""The SQLModel models of the autogenerate fixture, second version: a new
table with a foreign key ON DELETE SET NULL and its own enum, new columns,
a dropped index, a column made optional.
"""

import enum
import uuid
from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


class Role(str, enum.Enum):
    captain = "captain"
    crew = "crew"
    stowaway = "stowaway"


class MissionStatus(str, enum.Enum):
    planned = "planned"
    flown = "flown"


class Team(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=80)
    headquarters: Optional[str] = None
    founded: Optional[datetime] = None


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = None
    role: Role = Field(default=Role.crew)
    team_id: Optional[uuid.UUID] = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    rank: Optional[str] = Field(default=None, max_length=20)
    power: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=12)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", ondelete="SET NULL")
    status: MissionStatus = Field(default=MissionStatus.planned)
    briefing: Optional[str] = None
