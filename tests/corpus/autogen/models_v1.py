"""The SQLModel models of the autogenerate fixture, first version.

regen.py copies this file to <project>/models.py, runs
`alembic revision --autogenerate` against a fresh database, upgrades, then
does the same with models_v2.py.
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


class Team(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=80)
    headquarters: str
    founded: Optional[datetime] = None


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)
    role: Role = Field(default=Role.crew)
    team_id: Optional[uuid.UUID] = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
