from sqlmodel import SQLModel

from app.models.base_uuid_model import BaseUUIDModel


class MediaBase(SQLModel):
    title: str | None = None
    description: str | None = None
    path: str | None = None


class Media(BaseUUIDModel, MediaBase, table=True):
    @property
    def link(self) -> str:
        # the real project signs a MinIO URL here
        return self.path or ""
