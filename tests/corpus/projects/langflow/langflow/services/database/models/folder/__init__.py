from .model import Folder, FolderCreate, FolderRead

__all__ = ["Folder", "FolderCreate", "FolderRead"]
