"""Settings of the application.

The real project uses pydantic-settings (a .env file one level up, a
PostgresDsn); the reference venv has no pydantic-settings, so this reads the
same variable from the environment with a plain pydantic model.
"""

import os

from pydantic import BaseModel, field_validator


class Settings(BaseModel):
    PROJECT_NAME: str = "Full Stack FastAPI Project"
    API_V1_STR: str = "/api/v1"
    DATABASE_URL: str

    @field_validator("DATABASE_URL", mode="before")
    @classmethod
    def _psycopg_driver(cls, value: str) -> str:
        # a bare postgres:// URL gets the psycopg 3 driver
        for scheme in ("postgres://", "postgresql://"):
            if value.startswith(scheme):
                return "postgresql+psycopg://" + value[len(scheme) :]
        return value


settings = Settings(DATABASE_URL=os.environ["DATABASE_URL"])
