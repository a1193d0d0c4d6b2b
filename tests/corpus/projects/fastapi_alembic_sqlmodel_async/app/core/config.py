"""Settings.  The real project builds its URL from DATABASE_USER,
DATABASE_PASSWORD, ... with pydantic-settings; here one variable holds it."""

import os
from enum import Enum

from pydantic import BaseModel, Field


class ModeEnum(str, Enum):
    development = "development"
    production = "production"
    testing = "testing"


class Settings(BaseModel):
    MODE: ModeEnum = ModeEnum.development
    API_VERSION: str = "v1"
    PROJECT_NAME: str = "fastapi-alembic-sqlmodel-async"
    DATABASE_URI: str = Field(default_factory=lambda: os.environ["DATABASE_URL"])
